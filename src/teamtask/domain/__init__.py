"""Pure rules of teamtask: no I/O, no database, no clock except an injected ``now``."""

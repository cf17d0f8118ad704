"""Screens: one per module; the three start screens are app modes (1, 2, 3)."""

"""Widgets: one per module, free of service calls (screens fetch, widgets render)."""

"""Queries: the SQL both dialects share, and conversions of what they return."""

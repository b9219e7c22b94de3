"""Writes of the standards catalogue. Every change goes through one of these services."""

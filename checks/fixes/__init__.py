"""Fixes that write back to the user's files (each atomic, verified and undoable)."""

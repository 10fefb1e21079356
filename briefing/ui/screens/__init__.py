"""Screens of the reader, one per file."""

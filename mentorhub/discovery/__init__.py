"""Discovery feature."""

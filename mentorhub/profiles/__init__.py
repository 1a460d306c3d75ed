"""Profiles feature."""

"""Clubs feature."""

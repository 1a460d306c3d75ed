"""Scheduling feature."""

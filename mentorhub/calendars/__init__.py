"""Calendars feature."""

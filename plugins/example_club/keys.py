"""The plugin's name and store keys, shared by its hooks and its page."""

from __future__ import annotations

NAME = "example_club"


def events_key(club_id: int) -> str:
    """The store key of one club's event counts."""
    return f"club:{club_id}:events"

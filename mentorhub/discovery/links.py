"""Links of a results page, built once per page and filled in per professional.

A page of results links every card to a profile, to its topics and to the save and hide
buttons; building each of those with ``url_for`` costs more than the rest of the card, so
each route is built once with a marker id and the marker is swapped for the real id.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import url_for

_MARKER = "987654321"


class Links:
    """URLs for the cards of one page; ``next_url`` is where the buttons come back to."""

    def __init__(self, next_url: str) -> None:
        self._patterns = {
            name: url_for(
                endpoint, user_id=int(_MARKER), **({} if name == "profile" else {"next": next_url})
            )
            for name, endpoint in (
                ("profile", "profiles.public"),
                ("save", "discovery.save"),
                ("unsave", "discovery.unsave"),
                ("hide", "discovery.hide"),
                ("unhide", "discovery.unhide"),
            )
        }
        self._topic = url_for("discovery.search") + "?topic="

    def _fill(self, name: str, user_id: int) -> str:
        return self._patterns[name].replace(_MARKER, str(int(user_id)), 1)

    def profile(self, user_id: int) -> str:
        """The professional's public page."""
        return self._fill("profile", user_id)

    def save(self, user_id: int) -> str:
        """POST target of "Save for later"."""
        return self._fill("save", user_id)

    def unsave(self, user_id: int) -> str:
        """POST target of removing from the saved list."""
        return self._fill("unsave", user_id)

    def hide(self, user_id: int) -> str:
        """POST target of "Not for me"."""
        return self._fill("hide", user_id)

    def unhide(self, user_id: int) -> str:
        """POST target of "Show again"."""
        return self._fill("unhide", user_id)

    def topic(self, slug: str) -> str:
        """The search page filtered by one topic."""
        return self._topic + quote(slug)

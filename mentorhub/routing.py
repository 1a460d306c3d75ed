"""URL converters. ``<int:...>`` ids stop at the database's integer range, so an id no row can
have is a plain 404 instead of a database error (PostgreSQL's "integer out of range")."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, capped at PostgreSQL's ``integer`` maximum."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - Werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Make every ``<int:...>`` route use :class:`IdConverter` (before blueprints register)."""
    app.url_map.converters["int"] = IdConverter

"""Demo data: professionals, students, an admin and two conversations (``flask mentorhub
demo``), made through the real services where a person would make them."""

from __future__ import annotations

from flask import Flask

from mentorhub.cli import add_command
from mentorhub.demo.cli import demo_command


def init_app(app: Flask) -> None:
    """``flask mentorhub demo``."""
    add_command(app, demo_command)

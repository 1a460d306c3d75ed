"""``flask mentorhub ...``: the operator's commands. Features add theirs in ``init_app``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from mentorhub.jobs import worker_command
from mentorhub.tick import tick_command

EXTENSION_KEY = "mentorhub.cli"


def init_app(app: Flask) -> None:
    """Give ``app`` its own ``mentorhub`` command group, with ``tick`` and ``worker`` in it."""
    group = AppGroup("mentorhub", help="MentorHub operator commands (demo, tick, worker, create-admin).")
    group.add_command(tick_command)
    group.add_command(worker_command)
    app.extensions[EXTENSION_KEY] = group
    app.cli.add_command(group)


def add_command(app: Flask, command: click.Command) -> None:
    """Add ``command`` to ``app``'s ``flask mentorhub`` group."""
    app.extensions[EXTENSION_KEY].add_command(command)

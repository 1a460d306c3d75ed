"""``flask mentorhub ...``: the operator's commands. Features add theirs in ``register``."""

from __future__ import annotations

import importlib

from flask import Flask
from flask.cli import AppGroup

mentorhub_cli = AppGroup("mentorhub", help="MentorHub operator commands (demo, tick, create-admin).")

# Modules that add commands to ``mentorhub_cli`` when imported.
COMMAND_MODULES = (
    "mentorhub.accounts.cli",
    "mentorhub.demo.cli",
    "mentorhub.tick",
    "mentorhub.discovery.cli",
)


def init_app(app: Flask) -> None:
    """Attach the ``mentorhub`` command group."""
    for name in COMMAND_MODULES:
        importlib.import_module(name)
    app.cli.add_command(mentorhub_cli)

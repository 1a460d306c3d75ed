"""``flask plugins ...``: list plugins and switch them on or off."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from mentorhub.admin.plugin_switches import set_plugin_enabled
from mentorhub.errors import DomainError
from mentorhub.plugins._host import get_host

plugins_cli = AppGroup("plugins", help="Inspect and switch MentorHub plugins.")


@plugins_cli.command("list")
def list_plugins() -> None:
    """Print each plugin: name, version, source, hooks, scope, enabled, errors."""
    rows = get_host().describe()
    if not rows:
        click.echo("No plugins loaded.")
        return
    for row in rows:
        state = "enabled" if row["enabled"] else "disabled"
        click.echo(f"{row['name']} {row['version']}  [{state}, scope {row['scope']}, errors {row['error_count']}]")
        click.echo(f"    source: {row['source']}")
        click.echo(f"    hooks:  {', '.join(row['hooks']) or '(none)'}")
        if row["scope"] == "club":
            clubs = ", ".join(str(c) for c in row["clubs"]) or "none yet"
            click.echo(f"    switched on for club ids: {clubs}")
        if row["last_error"]:
            at = row["last_error_at"].strftime("%Y-%m-%d %H:%M:%S UTC") if row["last_error_at"] else ""
            click.echo(f"    last error ({at}): {row['last_error']}")


def _switch(name: str, enabled: bool) -> None:
    try:
        set_plugin_enabled(None, name, enabled)
    except DomainError as err:
        raise click.ClickException(err.message) from err
    click.echo(f"{name}: {'enabled' if enabled else 'disabled'}")


@plugins_cli.command("enable")
@click.argument("name")
def enable(name: str) -> None:
    """Enable plugin NAME site-wide (takes effect at once, no restart)."""
    _switch(name, True)


@plugins_cli.command("disable")
@click.argument("name")
def disable(name: str) -> None:
    """Disable plugin NAME site-wide (takes effect at once, no restart)."""
    _switch(name, False)

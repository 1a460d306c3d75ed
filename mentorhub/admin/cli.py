"""``flask plugins ...``: list plugins and switch them on or off."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from mentorhub.admin.plugin_switches import set_club_plugin_enabled, set_plugin_enabled
from mentorhub.clubs.access import club_at
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


def _switch(name: str, enabled: bool, club_slug: str | None) -> None:
    word = "enabled" if enabled else "disabled"
    try:
        if club_slug is not None:  # --club "" is a mistake, never the whole site
            club = club_at(club_slug)
            set_club_plugin_enabled(None, name, club.id, enabled)
            click.echo(f"{name}: {word} for {club.name}")
            return
        set_plugin_enabled(None, name, enabled)
    except DomainError as err:
        raise click.ClickException(err.message) from err
    click.echo(f"{name}: {word}")


CLUB_OPTION = click.option("--club", "club_slug", metavar="SLUG",
                           help="Switch a club-scoped plugin for the club at /clubs/SLUG only.")


@plugins_cli.command("enable")
@click.argument("name")
@CLUB_OPTION
def enable(name: str, club_slug: str | None) -> None:
    """Enable plugin NAME site-wide, or for one club with --club (at once, no restart)."""
    _switch(name, True, club_slug)


@plugins_cli.command("disable")
@click.argument("name")
@CLUB_OPTION
def disable(name: str, club_slug: str | None) -> None:
    """Disable plugin NAME site-wide, or for one club with --club (at once, no restart)."""
    _switch(name, False, club_slug)

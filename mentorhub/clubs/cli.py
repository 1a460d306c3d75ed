"""``flask --app wsgi mentorhub create-club``: make a club and name its first club admins."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from mentorhub.clubs.services import create_club
from mentorhub.errors import DomainError


@click.command("create-club")
@click.option("--name", required=True, help="The club's name, e.g. \"Audio Society\".")
@click.option("--slug", required=True, help="Its address: /clubs/<slug>, e.g. audio-society.")
@click.option("--description", default="", help="What the club is, in a sentence or two.")
@click.option("--admin", "admins", multiple=True, required=True, help="A club admin's email (repeat for more).")
@with_appcontext
def create_club_command(name: str, slug: str, description: str, admins: tuple[str, ...]) -> None:
    """Create a club with its first club admins (accounts that already exist)."""
    try:
        club = create_club(name, slug, description, admins)
    except DomainError as err:
        raise click.ClickException(err.message) from err
    click.echo(f"Club created: {club.name} at /clubs/{club.slug}, with {len(set(admins))} club admin(s).")

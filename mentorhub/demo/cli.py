"""``flask mentorhub demo [--if-empty]``: load the demo data and print the demo logins."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from mentorhub.demo.services import DEMO_DOMAIN, DEMO_PASSWORD, any_user_exists, load_demo


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def demo_command(if_empty: bool) -> None:
    """Load demo professionals, students and an admin (safe to run again: nothing changes)."""
    if if_empty and any_user_exists():
        click.echo("The database already has users: demo data not loaded.")
        return
    result = load_demo(progress=click.echo)
    if result.created:
        click.echo(
            f"Created {result.created} demo accounts ({result.existing} were already there)."
        )
    else:
        click.echo("All demo accounts were already there: nothing changed.")
    click.echo("\nDemo logins (every demo account uses the same password):")
    for email, who in result.logins:
        click.echo(f"  {email} / {DEMO_PASSWORD}   ({who})")
    click.echo(f"  ... studentN@{DEMO_DOMAIN} and proN@{DEMO_DOMAIN} for the others.")

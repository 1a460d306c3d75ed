"""``flask --app wsgi mentorhub create-admin EMAIL``: make the first (or any) site admin."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from mentorhub.accounts import services
from mentorhub.accounts.models import PROFESSIONAL, ROLES
from mentorhub.errors import DomainError


@click.command("create-admin")
@with_appcontext
@click.argument("email")
@click.option("--password", help="Password for a new account (asked for, hidden, when left out).")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default=PROFESSIONAL,
    show_default=True,
    help="Role of a new account.",
)
@click.option(
    "--name", "display_name", help="Display name of a new account (default: the part before @)."
)
def create_admin(email: str, password: str | None, role: str, display_name: str | None) -> None:
    """Make EMAIL a site admin, creating a confirmed account when none exists."""
    try:
        address = services.normalise_email(email)
        user = services.find_user_by_email(address)
        if user is not None:
            if services.promote_to_admin(user):
                click.echo(f"{user.email} ({user.display_name}) is now a site admin.")
            else:
                click.echo(f"{user.email} is already a site admin: nothing changed.")
            return
        if password is None:
            password = click.prompt(
                "Password for the new account", hide_input=True, confirmation_prompt=True
            )
        services.check_new_password(password, user_inputs=(address,))
        user = services.create_account(
            email=address,
            password=password,
            display_name=display_name or address.split("@")[0],
            role=role,
            is_admin=True,
            confirmed=True,
        )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(
        f"Created {user.email} ({user.display_name}), a {user.role} and site admin "
        "with a confirmed email."
    )
    click.echo("Log in at /login with this email and the password you chose.")

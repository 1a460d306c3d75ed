"""``flask mentorhub reindex-search``: rebuild the professionals' text index."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from mentorhub.discovery.search_index import rebuild


@click.command("reindex-search")
@with_appcontext
def reindex_search_command() -> None:
    """Rewrite every professional's search document.

    Edits made through the app keep the index current by themselves; run this after
    loading data with bulk SQL, or after upgrading a database that predates the index.
    """
    click.echo(f"Search index rebuilt: {rebuild()} professionals.")

"""``flask mentorhub tick``: the periodic work (run it from cron every few minutes).

The logic lives in :mod:`mentorhub.bookings.periodic`; this command only reports on it.
"""

from __future__ import annotations

import click

from mentorhub.cli import mentorhub_cli

PROGRESS_EVERY = 100


@mentorhub_cli.command("tick")
@click.option(
    "--refresh-all", is_flag=True,
    help="Recompute every professional's next free time, not only those time has made stale.",
)
def tick_command(refresh_all: bool) -> None:
    """Expire requests, send reminders, complete chats, send due emails, refresh free times.

    Idempotent and safe to run concurrently, e.g. from cron on several hosts.
    """
    from mentorhub.bookings.periodic import run_tick

    def progress(step: str, done: int, total: int) -> None:
        if total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
            click.echo(f"  {step}: {done}/{total}", err=True)

    click.echo(run_tick(progress=progress, refresh_all=refresh_all).line())

"""``flask mentorhub tick``: the periodic work (run it from cron every few minutes).

The core knows no step: features register theirs (:func:`mentorhub.registries.tick_step`)
and this command runs them in order, prints a progress line for long ones and one summary
line at the end. Every step is idempotent and safe to run concurrently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import click
from flask.cli import with_appcontext

from mentorhub.database import commit
from mentorhub.errors import Conflict
from mentorhub.extensions import db
from mentorhub.registries import Progress, TickStep, registries

PROGRESS_EVERY = 100
# ``progress(step_name, done, total)``
StepProgress = Callable[[str, int, int], None]
T = TypeVar("T")


def each_committed(
    items: Sequence[T], step: Callable[[T], None], progress: Progress | None
) -> int:
    """Run ``step`` on each item and commit it on its own. A :class:`Conflict` (a person or
    another tick changed the request first) undoes that item and skips it. Returns how many
    were committed."""
    done = 0
    for index, item in enumerate(items, start=1):
        try:
            step(item)
        except Conflict:
            db.session.rollback()
        else:
            commit()
            done += 1
        if progress:
            progress(index, len(items))
    return done


@dataclass(frozen=True)
class TickSummary:
    """What one run of ``tick`` did: each step and its count, in the order they ran."""

    counts: tuple[tuple[TickStep, int], ...]

    def __getattr__(self, key: str) -> int:
        # ``summary.expired``: the count of the step registered with that key.
        if key == "counts":
            raise AttributeError(key)
        for step, count in self.counts:
            if step.key == key:
                return count
        raise AttributeError(key)

    def line(self) -> str:
        """One line for the operator, e.g. ``tick: 1 request expired, 0 chats reminded, ...``."""
        parts = [f"{n} {step.one if n == 1 else step.many}" for step, n in self.counts]
        return "tick: " + ", ".join(parts)


def run_tick(progress: StepProgress | None = None, *, full: bool = False) -> TickSummary:
    """Run every registered step once, in order; safe to run twice in a row or concurrently.

    ``progress(step, done, total)`` hears about long steps; ``full`` asks steps that
    normally work incrementally to redo everyone (``--refresh-all``).
    """
    counts = []
    for step in sorted(registries().tick_steps, key=lambda s: s.order):
        counts.append((step, step.run(_reporter(progress, step.label), full)))
    return TickSummary(tuple(counts))


def _reporter(progress: StepProgress | None, name: str) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(name, done, total)


@click.command("tick")
@with_appcontext
@click.option(
    "--refresh-all", is_flag=True,
    help="Recompute every professional's next free time, not only those time has made stale.",
)
def tick_command(refresh_all: bool) -> None:
    """Expire requests, send reminders, complete chats, send due emails, refresh free times.

    Idempotent and safe to run concurrently, e.g. from cron on several hosts.
    """

    def progress(step: str, done: int, total: int) -> None:
        if total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
            click.echo(f"  {step}: {done}/{total}", err=True)

    click.echo(run_tick(progress, full=refresh_all).line())

"""The example club's own table: who opened their club's activity page, and when.

A plugin's tables use :class:`mentorhub.plugins.PluginModel` (its own ``MetaData``) and are
named ``plugin_<name>_*``. They refer to MentorHub's rows (clubs, users) by id, without a
foreign key: the core's tables are not in the plugin's ``MetaData``, and the plugin's rows
must not stop the core from deleting its own. Its migrations are in ``migrations/``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, func
from sqlalchemy.orm import Mapped, mapped_column

from mentorhub.plugins import PluginModel


class ActivityVisit(PluginModel):
    """A member opened the activity page of one of their clubs."""

    __tablename__ = "plugin_example_club_visits"
    __table_args__ = (Index("ix_plugin_example_club_visits_club", "club_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(Integer)
    visited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.current_timestamp())

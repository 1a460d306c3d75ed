"""Plugin state kept in the database so every worker sees the same: enabled switches,
error counts, saved setting values, and each plugin's key-value store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from mentorhub import clock
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db


class PluginState(db.Model):
    """Site-wide state of one plugin. A plugin with no row is enabled with no errors."""

    __tablename__ = "plugin_states"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PluginClubState(db.Model):
    """A club-scoped plugin switched on for one club."""

    __tablename__ = "plugin_club_states"

    plugin_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class PluginStoreEntry(db.Model):
    """One key of a plugin's key-value store (``ctx.store``); values are JSON."""

    __tablename__ = "plugin_store"

    plugin_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class PluginSettingValues(db.Model):
    """The values a site admin (``club_id`` empty) or a club's admins saved for one plugin's
    settings: JSON, only the settings they changed. See ``_settings`` for the precedence."""

    __tablename__ = "plugin_settings"
    __table_args__ = (
        Index("uq_plugin_settings_site", "plugin_name", unique=True,
              postgresql_where=text("club_id IS NULL"), sqlite_where=text("club_id IS NULL")),
        UniqueConstraint("plugin_name", "club_id", name="uq_plugin_settings_club"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin_name: Mapped[str] = mapped_column(String(80))
    club_id: Mapped[int | None] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    values: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

"""A student's saved and hidden professionals, and the text index of professionals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentorhub import clock
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile


class SavedProfessional(db.Model):
    """A professional the student saved for later."""

    __tablename__ = "saved_professionals"

    student_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class HiddenProfessional(db.Model):
    """A professional the student marked "not for me": never shown to them until unhidden."""

    __tablename__ = "hidden_professionals"

    student_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ProfessionalSearch(db.Model):
    """The searchable text of one professional: name, headline, company, bio and topics.

    Maintained by :mod:`mentorhub.discovery.search_index` after every change; PostgreSQL
    indexes it with trigrams (``pg_trgm``), SQLite mirrors it into an FTS5 trigram table.
    """

    __tablename__ = "professional_search"
    __table_args__ = (
        Index(
            "ix_professional_search_document_trgm",
            "document",
            postgresql_using="gin",
            postgresql_ops={"document": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text, default="")


# "Best match" and "soonest free" walk professionals in this order and stop early
# (PostgreSQL; SQLite cannot index NULLS LAST, and sorts the filtered rows instead).
Index(
    "ix_professional_profiles_soonest",
    ProfessionalProfile.accepting_requests.desc(),
    ProfessionalProfile.next_free_at.asc().nulls_last(),
    ProfessionalProfile.user_id,
).ddl_if(dialect="postgresql")

# The index keeps itself current through a session event registered on import.
from mentorhub.discovery import search_index  # noqa: E402, F401

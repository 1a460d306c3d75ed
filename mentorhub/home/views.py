"""The landing page, the role dashboards and the health and readiness checks."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from mentorhub.config import site_url_problem
from mentorhub.extensions import db
from mentorhub.plugins._setup import migrations_behind
from mentorhub.registries import render_sections

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """What MentorHub is, and the way in for students and professionals."""
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    return render_template("home/index.html")


@bp.get("/healthz")
def healthz():
    """A trivial route for load balancers and the benchmark baseline."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Whether this worker can serve: the database answers and has every migration head,
    the core's and each loaded plugin's (else 503), and what an operator should fix
    (``warnings``, e.g. no ``MENTORHUB_SITE_URL`` in production)."""
    warnings = [w for w in (site_url_problem(current_app),) if w]
    try:
        db.session.execute(text("SELECT 1"))
        behind = migrations_behind(current_app)
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable", "warnings": warnings}, 503
    if behind is None:
        return {"status": "ok", "database": "ok", "migrations": "unmanaged (no alembic_version table)",
                "warnings": warnings}
    if behind:
        return {"status": "unavailable", "database": "ok", "migrations": "behind", "missing_heads": behind,
                "warnings": [*warnings, "Run flask --app wsgi db upgrade: the database is behind the code."]}, 503
    return {"status": "ok", "database": "ok", "migrations": "ok", "warnings": warnings}


@bp.get("/dashboard")
@login_required
def dashboard():
    """The student's or the professional's dashboard."""
    page = "student_dashboard" if current_user.is_student else "professional_dashboard"
    sections = render_sections(page, viewer=current_user._get_current_object())
    return render_template(f"home/{page}.html", sections=sections)

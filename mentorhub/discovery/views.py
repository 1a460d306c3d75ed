"""Discovery pages: search professionals, save or hide them, and undo hiding.

Anyone may browse the search page (visitors and professionals see no personal facts);
saving and hiding need a student.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentorhub.accounts.models import User
from mentorhub.auth import role_required
from mentorhub.discovery.forms import SearchForm
from mentorhub.discovery.links import Links
from mentorhub.discovery.services import (
    hidden_professionals,
    hide_professional,
    nearest,
    save_professional,
    search_professionals,
    unhide_professional,
    unsave_professional,
)
from mentorhub.forms import EmptyForm
from mentorhub.profiles.constants import FORMAT_LABELS, industry_label
from mentorhub.web import safe_next

bp = Blueprint("discovery", __name__)


@bp.app_template_global("discovery_links")
def discovery_links(next_url: str) -> Links:
    """Links for the result cards of a page whose buttons come back to ``next_url``."""
    return Links(next_url)


def _viewer() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


def _page_url(page: int) -> str:
    args = {k: v for k, v in request.args.to_dict(flat=True).items() if k != "page"}
    return url_for("discovery.search", **args, page=page)


@bp.get("/professionals")
def search():
    """Search and filter professionals; students also see why each one suits them."""
    form = SearchForm(formdata=request.args)
    context: dict[str, Any] = {
        "form": form,
        "filtered": any(v for k, v in request.args.items() if k not in ("page", "sort")),
        "only_words": not any(v for k, v in request.args.items() if k not in ("page", "sort", "q")),
        "industry_label": industry_label,
        "format_labels": FORMAT_LABELS,
        "page_url": _page_url,
    }
    if not form.validate():
        return render_template("discovery/search.html", results=None, **context), 400
    criteria = form.criteria()
    results = search_professionals(_viewer(), criteria, form.page_number)
    if results.total == 0 and context["filtered"]:
        context["nearest"] = nearest(_viewer(), criteria)
    return render_template("discovery/search.html", results=results, **context)


def _back() -> str:
    """Where to go after a button: the page it was pressed on, if it is one of ours."""
    return safe_next(request.args.get("next")) or url_for("discovery.search")


def _list_action(user_id: int, service: Callable[[User, int], User], message: str):
    form = EmptyForm()
    if not form.validate_on_submit():
        flash("That button had expired, so nothing changed. Please press it again.", "warning")
        return redirect(_back())
    professional = service(current_user._get_current_object(), user_id)
    flash(message.format(name=professional.display_name), "success")
    return redirect(_back())


@bp.post("/professionals/<int:user_id>/save")
@role_required("student")
def save(user_id: int):
    """Save a professional for later."""
    return _list_action(
        user_id, save_professional, "Saved {name}. You'll find them on your dashboard."
    )


@bp.post("/professionals/<int:user_id>/unsave")
@role_required("student")
def unsave(user_id: int):
    """Remove a professional from the saved list."""
    return _list_action(user_id, unsave_professional, "Removed {name} from your saved list.")


@bp.post("/professionals/<int:user_id>/hide")
@role_required("student")
def hide(user_id: int):
    """Hide a professional ("not for me")."""
    return _list_action(
        user_id,
        hide_professional,
        "Hidden: you won't see {name} in search or recommendations. "
        "Undo under Settings › Hidden professionals.",
    )


@bp.post("/professionals/<int:user_id>/unhide")
@role_required("student")
def unhide(user_id: int):
    """Show a hidden professional again."""
    return _list_action(user_id, unhide_professional, "{name} will show up in your searches again.")


@bp.get("/settings/hidden")
@role_required("student")
def hidden():
    """The professionals the student hid, each with an undo button."""
    return render_template(
        "discovery/hidden.html",
        hidden=hidden_professionals(current_user._get_current_object()),
        industry_label=industry_label,
    )

"""Profile pages: editing your own profile and a professional's public page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from mentorhub.accounts.blocks import blocked_between, has_blocked
from mentorhub.errors import NotFound
from mentorhub.forms import EmptyForm
from mentorhub.profiles.constants import FORMAT_LABELS, industry_label
from mentorhub.profiles.forms import ProfessionalProfileForm, StudentProfileForm
from mentorhub.profiles.services import (
    load_public_profile,
    resume_requests,
    suggested_questions,
    topics_in_use,
    update_professional_profile,
    update_student_profile,
)
from mentorhub.profiles.validation import ProfileInvalid
from mentorhub.registries import render_sections

bp = Blueprint("profiles", __name__)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit():
    """Edit the logged-in user's profile (the professional or the student one)."""
    user = current_user._get_current_object()
    if user.is_professional:
        form = ProfessionalProfileForm(
            data=ProfessionalProfileForm.initial(user.professional_profile)
        )
        template, save = "profiles/edit_professional.html", update_professional_profile
    else:
        offered = topics_in_use()
        form = StudentProfileForm(data=StudentProfileForm.initial(user.student_profile, offered))
        form.offer_topics(offered)
        template, save = "profiles/edit_student.html", update_student_profile
    if form.validate_on_submit():
        try:
            save(user, form.data)
        except ProfileInvalid as err:
            form.add_errors(err)
        else:
            if user.is_professional:
                flash("Your profile is saved. This is how students see it.", "success")
                return redirect(url_for("profiles.public", user_id=user.id))
            flash("Your profile is saved.", "success")
            return redirect(url_for("home.dashboard"))
    return render_template(template, form=form)


@bp.route("/profile/resume", methods=["GET", "POST"])
@login_required
def resume():
    """Resume requests after a pause in one click (the link of the "we paused new requests
    for you" email, and the dashboard's button)."""
    user = current_user._get_current_object()
    if not user.is_professional:
        raise NotFound("Only professionals take requests.")
    form = EmptyForm()
    if form.validate_on_submit():
        if resume_requests(user):
            flash("Requests are open again: students can ask you for a chat.", "success")
        else:
            flash("You're already taking requests.", "info")
        return redirect(url_for("home.dashboard"))
    if form.is_submitted():
        flash("That page had expired, so nothing changed. Please press the button again.", "warning")
    return render_template("profiles/resume.html", form=form, profile=user.professional_profile)


@bp.get("/professionals/<int:user_id>")
def public(user_id: int):
    """A professional's public page; a logged-in student also sees questions to ask."""
    professional = load_public_profile(user_id)
    viewer = current_user._get_current_object() if current_user.is_authenticated else None
    return render_template(
        "profiles/public.html",
        professional=professional,
        profile=professional.professional_profile,
        industry=industry_label(professional.professional_profile.industry),
        format_labels=FORMAT_LABELS,
        questions=suggested_questions(viewer, professional),
        is_own_page=viewer is not None and viewer.id == professional.id,
        # Blocked either way, the page reads as a pause: nothing tells of the block.
        accepting=professional.professional_profile.accepting_requests
        and not (viewer is not None and blocked_between(viewer, professional)),
        blocked_by_me=viewer is not None and has_blocked(viewer, professional.id),
        sections=render_sections("professional_page", viewer=viewer, professional=professional),
    )

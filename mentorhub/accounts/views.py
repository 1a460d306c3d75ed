"""Account pages: sign up, confirm email, log in and out, passwords, settings.

Each view loads, checks who may act, validates its form, calls one service and redirects;
on any mistake it shows the form again with what was typed (never the passwords).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    json,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from mentorhub.accounts import blocks, own_data, services
from mentorhub.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SettingsForm,
    SignupForm,
)
from mentorhub.accounts.models import ROLES
from mentorhub.auth import limit_from, person_or_address
from mentorhub.errors import DomainError
from mentorhub.extensions import limiter
from mentorhub.forms import EmptyForm, Form
from mentorhub.registries import departure_blockers
from mentorhub.web import safe_next

bp = Blueprint("accounts", __name__)

# The session key holding the address a sign-up's email went to, for the next page.
SIGNED_UP_AS = "signed_up_as"
STALE_BUTTON = "That page had expired, so nothing happened. Please press the button again."


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def _status(form: Form) -> int:
    # A stale or missing CSRF token re-shows the form with 400; other mistakes with 200.
    return 400 if form.csrf_failed else 200


def _link_problem(kind: str, error: services.LinkProblem):
    page = render_template(
        "accounts/link_problem.html", kind=kind, message=error.message, expired=error.expired
    )
    return page, 400


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(limit_from("SIGNUP_RATE_LIMIT"), methods=["POST"])
def signup():
    """Sign up as a student or a professional, then check your email.

    A new address and a registered one get the same answer (the owner of a registered one
    is emailed instead), so the form never tells who has an account.
    """
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    form = SignupForm()
    if request.method == "GET" and request.args.get("role") in ROLES:
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        try:
            sent_to = services.sign_up(
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                role=form.role.data,
                timezone=form.timezone.data,
            )
        except DomainError as error:
            form.show_error(error)
        else:
            session[SIGNED_UP_AS] = sent_to
            return redirect(url_for("accounts.signup_sent"))
    return render_template("accounts/signup.html", form=form), _status(form)


@bp.get("/signup/sent")
def signup_sent():
    """After signing up: where the email went and what to do next."""
    sent_to = session.get(SIGNED_UP_AS)
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    if not isinstance(sent_to, str):
        return redirect(url_for("accounts.signup"))
    valid_for = services.describe_duration(current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    return render_template("accounts/signup_sent.html", sent_to=sent_to, valid_for=valid_for)


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    """Confirm an email address from the emailed link."""
    try:
        services.confirm_email(token)
    except services.LinkProblem as error:
        return _link_problem("confirm", error)
    if current_user.is_authenticated:
        flash("Thank you: your email address is confirmed.", "success")
        return redirect(url_for("home.dashboard"))
    flash("Thank you: your email address is confirmed. Log in to start.", "success")
    return redirect(url_for("accounts.login"))


@bp.post("/confirm/resend")
@login_required
@limiter.limit(_reset_limit, methods=["POST"])
def resend_confirmation():
    """Email the logged-in user a fresh confirmation link."""
    if not EmptyForm().validate_on_submit():
        flash(STALE_BUTTON, "warning")
        return redirect(url_for("home.dashboard"))
    try:
        services.resend_confirmation(current_user)
    except DomainError as error:
        flash(error.message, "warning")
    else:
        flash(f"We've sent a new confirmation link to {current_user.email}.", "success")
    return redirect(url_for("home.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log in with email and password; ``?next=`` may name a page on this site."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("home.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            form.show_error(error)
        else:
            login_user(user, remember=form.remember.data)
            session.pop(SIGNED_UP_AS, None)
            return redirect(next_url or url_for("home.dashboard"))
    remember = current_app.config["REMEMBER_COOKIE_DURATION"]
    seconds = remember.total_seconds() if hasattr(remember, "total_seconds") else remember
    page = render_template(
        "accounts/login.html",
        form=form,
        next_url=next_url,
        remember_for=services.describe_duration(int(seconds)),
    )
    return page, _status(form)


@bp.post("/logout")
def logout():
    """Log out (a POST with a CSRF token, so no other site can log you out)."""
    if not EmptyForm().validate_on_submit():
        flash(STALE_BUTTON, "warning")
        return redirect(
            url_for("home.dashboard") if current_user.is_authenticated else url_for("home.index")
        )
    if current_user.is_authenticated:
        services.log_out_everywhere(current_user)
    logout_user()
    session.pop(SIGNED_UP_AS, None)
    flash("You're logged out on every device. See you soon!", "info")
    return redirect(url_for("home.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    """Change display name and time zone; the people you blocked, to unblock."""
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_settings(
                current_user, display_name=form.display_name.data, timezone=form.timezone.data
            )
        except DomainError as error:
            form.show_error(error)
        else:
            flash("Your settings are saved.", "success")
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form,
                           blocked=blocks.people_blocked_by(current_user)), _status(form)


@bp.post("/people/<int:user_id>/unblock")
@login_required
def unblock(user_id: int):
    """Lift your block of someone (what it cancelled stays cancelled)."""
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(STALE_BUTTON, "warning")
        return redirect(url_for("accounts.settings"))
    other = blocks.unblock_user(current_user, user_id)
    flash(f"You unblocked {other.display_name}.", "success")
    return redirect(url_for("accounts.settings"))


@bp.get("/account/data.json")
@login_required
def download_data():
    """Everything MentorHub keeps of you, as a JSON file to save."""
    user = current_user._get_current_object()
    data = own_data.export_data(user)
    response = make_response(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
    response.mimetype = "application/json"
    stamp = (data["exported_at"] or "")[:10]
    response.headers["Content-Disposition"] = f'attachment; filename="mentorhub-data-{stamp}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@limiter.limit(limit_from("PASSWORD_CHANGE_RATE_LIMIT"), methods=["POST"], key_func=person_or_address)
@login_required
def delete_account():
    """Delete your account, after typing your password again (see
    :mod:`mentorhub.accounts.own_data`)."""
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            own_data.delete_account(user, form.password.data)
        except DomainError as error:
            form.show_error(error)
        else:
            logout_user()
            session.clear()
            flash("Your account is deleted. Thank you for the chats you were part of: the people you met "
                  "now see \"A former member\".", "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/delete.html", form=form, blockers=departure_blockers(user)), _status(form)


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(limit_from("PASSWORD_CHANGE_RATE_LIMIT"), methods=["POST"], key_func=person_or_address)
@login_required
def change_password():
    """Change the password; every other session and remember-me cookie ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            form.show_error(error)
        else:
            # The session token changed: log this browser in again under the new one,
            # keeping "remember me" if it was on here.
            remembered = (
                current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
            )
            login_user(user, remember=remembered)
            flash(
                "Your password is changed. Any other device that was logged in is now logged out.",
                "success",
            )
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/change_password.html", form=form), _status(form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the email has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        valid_for = services.describe_duration(current_app.config["RESET_TOKEN_MAX_AGE"])
        flash(
            f"If an account uses {form.email.data}, we've emailed it a link to choose a new "
            f"password. The link works for {valid_for}.",
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), _status(form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through an emailed, expiring, single-use link."""
    try:
        user = services.user_for_reset_token(token)
    except services.LinkProblem as error:
        return _link_problem("reset", error)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.LinkProblem as error:
            return _link_problem("reset", error)
        except DomainError as error:
            form.show_error(error)
        else:
            logout_user()
            flash("Your new password is set. Log in with it now.", "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, user=user), _status(form)

"""Account services: signing up, confirming an email, logging in, passwords and settings.

Every function takes the acting user (or the data a visitor typed) as arguments; none reads
``current_user``. Mistakes a user can make raise an :class:`AccountError` (see
:mod:`mentorhub.accounts.rules`) whose message says what to do, with ``field`` naming the
form field it belongs to.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app, render_template, url_for
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.accounts import throttle, tokens
from mentorhub.accounts.models import PROFESSIONAL, ROLES, User, new_token
from mentorhub.accounts.passwords import hash_password, verify_password
from mentorhub.accounts.rules import (
    BAD_CREDENTIALS,
    AccountError,
    EmailTaken,
    InvalidCredentials,
    LinkProblem,
    check_new_password,
    check_time_zone,
    clean_display_name,
    describe_duration,
    normalise_email,
)
from mentorhub.accounts.suspension import SUSPENDED_MESSAGE
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.mail import MailError, send_mail
from mentorhub.signals import schedule_changed, send, user_signed_up
from mentorhub.web import site_url

log = logging.getLogger(__name__)


def find_user_by_email(email: str) -> User | None:
    """The user with this email, whatever its letter case, or ``None``."""
    try:
        key = normalise_email(email)
    except AccountError:
        return None  # not an address, so nobody signed up with it
    return db.session.scalar(select(User).where(User.email == key))


# --- signing up and confirming -----------------------------------------------------------


def create_account(
    *,
    email: str,
    password: str,
    display_name: str,
    role: str,
    timezone: str = "UTC",
    is_admin: bool = False,
    confirmed: bool = False,
) -> User:
    """Create a user and the empty profile of their role, in one transaction.

    Raises :class:`EmailTaken` when the address is in use in any letter case, and
    :class:`AccountError` for any other field a person has to fix.
    """
    email = normalise_email(email)
    name = clean_display_name(display_name)
    check_new_password(password, user_inputs=(email, name))
    check_time_zone(timezone)
    if role not in ROLES:
        raise AccountError(
            "Choose whether you join as a student or as a professional.", field="role"
        )
    taken = EmailTaken(
        "An account with this email already exists. "
        "Log in, or reset your password if you forgot it.",
        field="email",
    )
    if find_user_by_email(email) is not None:
        raise taken
    now = clock.now()
    user = User(
        email=email,
        password_hash=hash_password(password),
        display_name=name,
        role=role,
        timezone=timezone,
        is_admin=is_admin,
        created_at=now,
        email_confirmed_at=now if confirmed else None,
    )
    db.session.add(user)
    send(user_signed_up, user=user)
    try:
        commit()
    except IntegrityError as exc:
        db.session.rollback()
        if find_user_by_email(email) is not None:  # the same address signed up a moment ago
            raise taken from exc
        raise
    return user


def sign_up(*, email: str, password: str, display_name: str, role: str, timezone: str) -> str:
    """Sign up with ``email``; returns the address the sign-up was for (normalised).

    A free address gets an account (see :func:`create_account`) and its confirmation link.
    A registered one changes nothing: its owner is told by email that somebody tried to
    sign up with it, with links to log in or reset the password (and a fresh confirmation
    link if they never confirmed), at most once per ``SIGNUP_NOTICE_INTERVAL``. The caller
    shows the same page either way, so the form does not reveal who has an account; both
    ways hash the password and write one row. Mistakes in the other fields raise
    :class:`AccountError` as before. A mail failure is logged, not raised: a new account
    exists and its dashboard offers to send the link again.
    """
    try:
        user = create_account(
            email=email, password=password, display_name=display_name, role=role, timezone=timezone
        )
    except EmailTaken:
        hash_password(password)  # the work a new account costs, so the answer takes as long
        owner = find_user_by_email(email)
        if owner is None:
            log.warning("sign-up refused as taken, yet no account has the address")
        elif _claim_signup_notice(owner):
            _tell_owner_of_signup(owner)
        return normalise_email(email)
    send_confirmation_email(user)
    return user.email


def _claim_signup_notice(owner: User) -> bool:
    """Mark that ``owner`` is being told of a sign-up with their address, unless they were
    told less than ``SIGNUP_NOTICE_INTERVAL`` seconds ago (a conditional update, so
    concurrent sign-ups send one notice, with or without the limiter's storage)."""
    now = clock.now()
    since = now - timedelta(seconds=int(current_app.config["SIGNUP_NOTICE_INTERVAL"]))
    claimed = db.session.execute(
        update(User)
        .where(User.id == owner.id)
        .where(or_(User.signup_notice_at.is_(None), User.signup_notice_at <= since))
        .values(signup_notice_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    commit()
    return bool(claimed)


def _tell_owner_of_signup(owner: User) -> None:
    """Email ``owner`` that their address was used to sign up again (with a fresh
    confirmation link when they never confirmed it: the likely reason they tried again)."""
    confirm_link = ""
    if not owner.email_confirmed:
        token = tokens.make_confirm_token(owner.id, owner.email)
        confirm_link = site_url(url_for("accounts.confirm_email", token=token))
    body = render_template(
        "accounts/email/signup_taken.txt",
        user=owner,
        login_link=site_url(url_for("accounts.login")),
        reset_link=site_url(url_for("accounts.forgot_password")),
        confirm_link=confirm_link,
        valid_for=describe_duration(current_app.config["CONFIRM_TOKEN_MAX_AGE"]),
    )
    try:
        send_mail(owner.email, "You already have a MentorHub account", body)
    except MailError:
        log.warning("sign-up notice to %s was not sent", owner.email)


def send_confirmation_email(user: User) -> bool:
    """Email ``user`` a link that confirms their address; ``False`` if sending failed."""
    token = tokens.make_confirm_token(user.id, user.email)
    return _send_link(
        user, "Confirm your MentorHub email address", "confirm", "accounts.confirm_email", token
    )


def resend_confirmation(user: User) -> None:
    """Send ``user`` a fresh confirmation link (refused once they have confirmed)."""
    if user.email_confirmed:
        raise AccountError("Your email address is already confirmed: there is nothing more to do.")
    if not send_confirmation_email(user):
        raise AccountError(
            "We couldn't send the email just now. Please try again in a few minutes."
        )


def confirm_email(token: str) -> User:
    """Mark the address in ``token`` as confirmed and return its user (idempotent).

    Raises :class:`LinkProblem` for a tampered, expired or outdated link.
    """
    try:
        user_id, email = tokens.read_confirm_token(token)
    except tokens.TokenExpired as exc:
        raise LinkProblem("This confirmation link has expired.", expired=True) from exc
    except tokens.TokenInvalid as exc:
        raise LinkProblem(
            "This confirmation link isn't valid. It may have been cut short when it was copied."
        ) from exc
    user = db.session.get(User, user_id)
    if user is None or user.email != email:
        raise LinkProblem("This confirmation link isn't valid for any account.")
    if not user.email_confirmed:
        user.email_confirmed_at = clock.now()
        commit()
    return user


# --- logging in ------------------------------------------------------------------------------

_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    # Checking a password against a throwaway hash when the email is unknown takes as long
    # as a real check, so response times do not reveal which emails have accounts.
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _dummy_hashes:
        _dummy_hashes[method] = hash_password("not-a-real-password")
    return _dummy_hashes[method]


def _paused_message(seconds: int) -> str:
    return (
        "Too many wrong passwords for this account, so log-in is paused for it for "
        f"{describe_duration(max(seconds, 60))}. Try again then, or reset your password."
    )


def authenticate(email: str, password: str) -> User:
    """The user with this email and password, their ``last_seen_at`` updated.

    Raises :class:`InvalidCredentials` with one message for every kind of mismatch, or,
    after too many wrong passwords for this email (known or not: the answer must not tell),
    while its log-in is paused (:mod:`mentorhub.accounts.throttle`).
    """
    paused = throttle.paused_for(email or "")
    if paused:
        raise InvalidCredentials(_paused_message(paused))
    user = find_user_by_email(email)
    if user is None:
        verify_password(_dummy_hash(), password or "")
    if user is None or not verify_password(user.password_hash, password or ""):
        paused = throttle.record_failure(email or "")
        raise InvalidCredentials(_paused_message(paused) if paused else BAD_CREDENTIALS)
    throttle.record_success(email)
    if user.suspended_at is not None:  # the right password: its owner may know why
        raise InvalidCredentials(SUSPENDED_MESSAGE)
    user.last_seen_at = clock.now()
    commit()
    return user


# --- passwords and settings ---------------------------------------------------------------


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    # Flask-Login identifies sessions and remember cookies by this token: a new one ends
    # every session made with the old password. The calendar feed's address, which may have
    # leaked with the password, changes too.
    user.session_token = new_token()
    user.calendar_token = new_token()


def log_out_everywhere(user: User) -> None:
    """End every session and remember-me cookie of ``user``, this one included.

    Sessions are signed cookies the server keeps no list of; the one thing it holds is the
    account's session token, which every cookie names. Renewing it is the only way a cookie
    copied before logging out stops working, and it ends the other devices' sessions too.
    """
    user.session_token = new_token()
    commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace ``user``'s password after checking the current one; other sessions end."""
    if not verify_password(user.password_hash, current_password or ""):
        raise AccountError("That isn't your current password.", field="current_password")
    check_new_password(new_password, field="new_password", user_inputs=(user.email, user.display_name))
    if verify_password(user.password_hash, new_password):
        raise AccountError(
            "Choose a password different from your current one.", field="new_password"
        )
    _set_password(user, new_password)
    commit()


def update_settings(user: User, *, display_name: str, timezone: str) -> None:
    """Change ``user``'s display name and time zone.

    A professional's weekly windows are wall-clock times in their zone, so moving zones moves
    their free times: ``schedule_changed`` has their next free time recomputed.
    """
    user.display_name = clean_display_name(display_name)
    zone_changed = user.timezone != check_time_zone(timezone)
    user.timezone = timezone
    if zone_changed and user.role == PROFESSIONAL:
        send(schedule_changed, professional_id=user.id)
    commit()


def request_password_reset(email: str) -> None:
    """Email a reset link when an account has this email; silently do nothing otherwise.

    The caller shows the same message either way, so the form does not reveal who has an
    account. A mail failure is logged, for the same reason.
    """
    user = find_user_by_email(email)
    if user is None:
        log.info("password reset asked for an unknown email")
        return
    token = tokens.make_reset_token(user.id, user.password_hash)
    _send_link(user, "Reset your MentorHub password", "reset", "accounts.reset_password", token)


def user_for_reset_token(token: str) -> User:
    """The user a reset link belongs to, while the link is still usable.

    Raises :class:`LinkProblem` when it is invalid, expired or already used.
    """
    try:
        user_id, fingerprint = tokens.read_reset_token(token)
    except tokens.TokenExpired as exc:
        raise LinkProblem("This password reset link has expired.", expired=True) from exc
    except tokens.TokenInvalid as exc:
        raise LinkProblem(
            "This password reset link isn't valid. It may have been cut short when it was copied."
        ) from exc
    user = db.session.get(User, user_id)
    if user is None or tokens.password_fingerprint(user.password_hash) != fingerprint:
        raise LinkProblem("This password reset link has already been used.")
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link then stops working.

    Every existing session of the user ends. Opening the emailed link also proves the
    address, so an unconfirmed email becomes confirmed.
    """
    user = user_for_reset_token(token)
    check_new_password(new_password, user_inputs=(user.email, user.display_name))
    _set_password(user, new_password)
    throttle.record_success(user.email)  # the reset proves the owner: no pause left
    if not user.email_confirmed:
        user.email_confirmed_at = clock.now()
    commit()
    return user


# --- site admins --------------------------------------------------------------------------


def promote_to_admin(user: User) -> bool:
    """Make ``user`` a site admin; ``False`` when they already were."""
    if user.is_admin:
        return False
    user.is_admin = True
    commit()
    return True


def _send_link(user: User, subject: str, kind: str, endpoint: str, token: str) -> bool:
    """Email ``user`` the ``kind`` template ("confirm" or "reset") with its link and how long
    the link works; a mail failure is logged and gives ``False``."""
    body = render_template(
        f"accounts/email/{kind}.txt",
        user=user,
        link=site_url(url_for(endpoint, token=token)),
        valid_for=describe_duration(current_app.config[f"{kind.upper()}_TOKEN_MAX_AGE"]),
    )
    try:
        send_mail(user.email, subject, body)
    except MailError:
        log.warning("account email %r to %s was not sent", subject, user.email)
        return False
    return True

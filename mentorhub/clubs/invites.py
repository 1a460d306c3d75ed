"""How people get into a club: invite links a club admin shares (expiry, use limit,
revocable), invitations emailed to one address (for that address only), and joining.

Joining spends one use of an invite with one conditional ``UPDATE``, so a link with one use
left lets exactly one person in. Invitations are saved first and emailed after the commit,
so a slow mail server holds no lock; one the server refuses is withdrawn at once.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template, url_for
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.accounts.rules import AccountError, normalise_email
from mentorhub.clubs.access import membership_of, require_club_admin
from mentorhub.clubs.models import Club, ClubInvite, ClubMembership
from mentorhub.database import commit, write_transaction
from mentorhub.errors import DomainError, NotFound
from mentorhub.extensions import db
from mentorhub.followup.referrals import address_opted_out, invitation_opt_out_url
from mentorhub.mail import MailError, send_mail
from mentorhub.web import site_url

LINK_DAYS_DEFAULT, LINK_DAYS_MAX = 7, 90
LINK_USES_DEFAULT, LINK_USES_MAX = 25, 1000
EMAIL_INVITE_DAYS = 14
EMAILS_AT_ONCE = 20
_SEPARATORS = re.compile(r"[\s,;]+")


def split_addresses(text: str) -> list[str]:
    """The addresses in ``text``, separated by commas, semicolons, spaces or lines."""
    return [part for part in _SEPARATORS.split(text or "") if part]


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters


# --- invite links ---------------------------------------------------------------------------


def create_invite_link(actor: User, club: Club, days: int | None, max_uses: int | None) -> ClubInvite:
    """A link to share that lets up to ``max_uses`` people join ``club`` for ``days`` days
    (club admins only). Out-of-range values raise :class:`DomainError` naming the field."""
    require_club_admin(actor, club)
    if days is None or not 1 <= days <= LINK_DAYS_MAX:
        raise DomainError(f"Choose how many days the link works: 1 to {LINK_DAYS_MAX}.", field="days")
    if max_uses is None or not 1 <= max_uses <= LINK_USES_MAX:
        raise DomainError(f"Choose how many people can join with it: 1 to {LINK_USES_MAX}.", field="max_uses")
    now = clock.now()
    invite = ClubInvite(club_id=club.id, token=_new_token(), created_by_id=actor.id, created_at=now,
                        expires_at=now + timedelta(days=days), max_uses=max_uses, uses=0)
    db.session.add(invite)
    commit()
    return invite


def revoke_invite(actor: User, club: Club, invite_id: int) -> ClubInvite:
    """Stop invite ``invite_id`` of ``club`` from letting anyone else in (club admins only);
    revoking twice changes nothing."""
    require_club_admin(actor, club)
    invite = db.session.get(ClubInvite, invite_id)
    if invite is None or invite.club_id != club.id:
        raise NotFound("There is no such invite for this club.")
    if invite.revoked_at is None:
        invite.revoked_at = clock.now()
        commit()
    return invite


def live_invites(club: Club) -> list[ClubInvite]:
    """``club``'s invites that still let someone in, newest first (one query)."""
    now = clock.now()
    return list(db.session.scalars(
        select(ClubInvite)
        .where(ClubInvite.club_id == club.id, ClubInvite.revoked_at.is_(None),
               ClubInvite.uses < ClubInvite.max_uses, ClubInvite.expires_at > now)
        .order_by(ClubInvite.created_at.desc(), ClubInvite.id.desc())
    ))


def invite_url(invite: ClubInvite) -> str:
    """The address that opens ``invite``, on the site's public address."""
    return site_url(url_for("clubs.join", token=invite.token))


# --- invitations by email -------------------------------------------------------------------


@dataclass(frozen=True)
class EmailInvites:
    """What inviting a list of addresses did."""

    sent: list[str]
    already_members: list[str]
    already_invited: list[str]  # an earlier invitation still works: not sent again
    declined: list[str]  # asked MentorHub never to email them an invitation
    failed: list[str]


def invite_by_email(actor: User, club: Club, addresses: str) -> EmailInvites:
    """Email an invitation to join ``club`` to each address in ``addresses`` (separated by
    commas, spaces or lines; at most :data:`EMAILS_AT_ONCE`), each a link for that address
    alone that works for :data:`EMAIL_INVITE_DAYS` days. Members, addresses whose earlier
    invitation still works, and addresses that asked for no invitations are skipped. An
    invalid address, or more than the club's daily allowance, refuses the whole list."""
    require_club_admin(actor, club)
    raw = split_addresses(addresses)
    if not raw:
        raise DomainError("Type at least one email address.", field="emails")
    if len(raw) > EMAILS_AT_ONCE:
        raise DomainError(f"Please invite at most {EMAILS_AT_ONCE} addresses at once.", field="emails")
    emails: list[str] = []
    for part in raw:
        try:
            email = normalise_email(part)
        except AccountError as err:
            raise DomainError(f"{part} is not an email address we can write to. Please correct it.",
                              field="emails") from err
        if email not in emails:
            emails.append(email)
    members = set(db.session.scalars(
        select(User.email).join(ClubMembership, ClubMembership.user_id == User.id)
        .where(ClubMembership.club_id == club.id, User.email.in_(emails))
    ))
    now = clock.now()
    waiting = set(db.session.scalars(
        select(ClubInvite.email).where(ClubInvite.club_id == club.id, ClubInvite.email.in_(emails),
                                       ClubInvite.revoked_at.is_(None), ClubInvite.uses < ClubInvite.max_uses,
                                       ClubInvite.expires_at > now)
    )) - members
    declined = {e for e in emails if e not in members and e not in waiting and address_opted_out(e)}
    to_send = [e for e in emails if e not in members | waiting | declined]
    _check_allowance(club, len(to_send), now)
    invites = [ClubInvite(club_id=club.id, token=_new_token(), email=email, created_by_id=actor.id, created_at=now,
                          expires_at=now + timedelta(days=EMAIL_INVITE_DAYS), max_uses=1, uses=0)
               for email in to_send]
    db.session.add_all(invites)
    commit()  # saved first: the emails go out with no lock held
    sent, failed = [], []
    for invite in invites:
        email = invite.email or ""
        try:
            _send_invitation(invite, actor, club)
        except MailError:
            failed.append(email)
            db.session.delete(invite)
            commit()
        else:
            sent.append(email)
    return EmailInvites(sent, sorted(members), sorted(waiting), sorted(declined), failed)


def _check_allowance(club: Club, wanted: int, now: datetime) -> None:
    most = int(current_app.config.get("CLUB_INVITES_PER_DAY", 100))
    recent = db.session.scalar(select(func.count()).select_from(ClubInvite).where(
        ClubInvite.club_id == club.id, ClubInvite.email.is_not(None),
        ClubInvite.created_at > now - timedelta(days=1))) or 0
    if recent + wanted > most:
        left = max(0, most - recent)
        raise DomainError(f"{club.name}'s admins can email {most} invitations a day; {left} more can go out today. "
                          "Please send the rest tomorrow, or share an invite link instead.", field="emails")


def _send_invitation(invite: ClubInvite, actor: User, club: Club) -> None:
    body = render_template("clubs/email/invitation.txt", club=club, inviter=actor, link=invite_url(invite),
                           days=EMAIL_INVITE_DAYS, club_url=site_url(url_for("clubs.page", slug=club.slug)),
                           opt_out=invitation_opt_out_url(invite.email or ""))
    opt_out = invitation_opt_out_url(invite.email or "")
    send_mail(invite.email or "", f"{actor.display_name} invites you to join {club.name} on MentorHub", body,
              headers={"List-Unsubscribe": f"<{opt_out}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


# --- joining --------------------------------------------------------------------------------


class InviteProblem(DomainError):
    """An invite that no longer lets anyone in; the message says why."""

    status_code = 410


@dataclass(frozen=True)
class InviteView:
    """What the join page shows for one invite."""

    invite: ClubInvite
    club: Club
    problem: str | None
    already_member: bool


def _problem(invite: ClubInvite, now: datetime) -> str | None:
    name = invite.club.name
    if invite.revoked_at is not None:
        return f"This invite to {name} was withdrawn by the club's admins. Ask them for a new one."
    if now >= invite.expires_at:
        return f"This invite to {name} has expired. Ask the club's admins for a new one."
    if invite.uses >= invite.max_uses:
        if invite.is_emailed:
            return f"This invitation to {name} has already been used. Ask the club's admins for a new one."
        return (f"This invite to {name} has been used by as many people as it allows. "
                "Ask the club's admins for a new one.")
    return None


def wrong_address(invite: ClubInvite, user: User) -> str:
    """Why ``user`` cannot use an invitation emailed to someone else."""
    return (f"This invitation to {invite.club.name} was sent to {invite.email}, and you're logged in as "
            f"{user.email}. Log in with that address to join, or ask the club's admins for an invite link.")


def _invite(token: str) -> ClubInvite:
    invite = db.session.scalar(select(ClubInvite).where(ClubInvite.token == (token or "")[:64]))
    if invite is None:
        raise NotFound("This invite link isn't valid. It may have been cut short when it was copied: "
                       "open it again from where you found it.")
    return invite


def read_invite(token: str, viewer: User | None) -> InviteView:
    """The invite at ``token`` with the club it opens, why it no longer works (or ``None``)
    and whether ``viewer`` is already a member. An unknown token is :class:`NotFound`."""
    invite = _invite(token)
    already = membership_of(invite.club, viewer) is not None
    problem = _problem(invite, clock.now())
    if problem is None and not already and viewer is not None and invite.is_emailed \
            and invite.email != viewer.email.lower():
        problem = wrong_address(invite, viewer)
    return InviteView(invite, invite.club, problem, already)


def join_with_invite(user: User, token: str) -> Club:
    """Make ``user`` a member of the invite's club, spending one use. An expired, revoked or
    used-up invite raises :class:`InviteProblem` and changes nothing; a member joining again
    spends nothing."""
    invite = _invite(token)
    club = invite.club
    if membership_of(club, user) is not None:
        return club
    if invite.is_emailed and invite.email != user.email.lower():
        raise InviteProblem(wrong_address(invite, user))
    now = clock.now()
    with write_transaction():
        spent = db.session.execute(
            update(ClubInvite)
            .where(ClubInvite.id == invite.id, ClubInvite.revoked_at.is_(None),
                   ClubInvite.uses < ClubInvite.max_uses, ClubInvite.expires_at > now)
            .values(uses=ClubInvite.uses + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not spent:
            db.session.rollback()
            db.session.refresh(invite)
            raise InviteProblem(_problem(invite, now) or "This invite no longer works.")
        db.session.add(ClubMembership(club_id=club.id, user_id=user.id, is_club_admin=False))
        # Their other invitations to this club are spent now too, so none stays on the list.
        db.session.execute(
            update(ClubInvite)
            .where(ClubInvite.club_id == club.id, ClubInvite.email == user.email.lower(),
                   ClubInvite.id != invite.id, ClubInvite.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
        try:
            commit()
        except IntegrityError:  # joined at the same moment in another tab: the use is given back
            db.session.rollback()
    return club

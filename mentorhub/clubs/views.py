"""Club pages: the club's page, joining through an invite, and, for its club admins, the
members page (invites, removing, club admins) and the plugins page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from mentorhub.clubs.access import club_at, club_for_admin, is_club_admin
from mentorhub.clubs.forms import EmailInviteForm, InviteLinkForm
from mentorhub.clubs.invites import (
    InviteProblem,
    create_invite_link,
    invite_by_email,
    invite_url,
    join_with_invite,
    live_invites,
    read_invite,
    revoke_invite,
)
from mentorhub.clubs.membership import leave_club, member_rows, remove_member, set_club_admin
from mentorhub.clubs.plugin_switches import club_plugins, plugin_named, set_club_plugin_enabled
from mentorhub.clubs.sections import PENDING_INVITE
from mentorhub.clubs.services import club_page
from mentorhub.errors import DomainError, NotFound
from mentorhub.forms import EXPIRED_MESSAGE, EmptyForm
from mentorhub.plugins._settings_forms import edit_settings, reset_settings

bp = Blueprint("clubs", __name__)


def _me():
    return current_user._get_current_object()


def _viewer():
    return _me() if current_user.is_authenticated else None


def _back(endpoint: str, slug: str, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for(endpoint, slug=slug))


def _csrf_ok() -> bool:
    return EmptyForm().validate_on_submit()


@bp.get("/clubs/<slug>")
def page(slug: str):
    """A club's page: what it is, its club admins, how many members; members see the list
    and can leave; club admins get links to run it."""
    viewer = _viewer()
    shown = club_page(slug, viewer)
    return render_template("clubs/page.html", page=shown, runs_club=is_club_admin(shown.club, viewer),
                           form=EmptyForm())


@bp.post("/clubs/<slug>/leave")
@login_required
def leave(slug: str):
    """Leave the club (its last club admin is asked to name another first)."""
    if not _csrf_ok():
        return _back("clubs.page", slug, EXPIRED_MESSAGE, "error")
    try:
        club = leave_club(_me(), slug)
    except DomainError as err:
        return _back("clubs.page", slug, err.message, "error")
    return _back("clubs.page", club.slug, f"You left {club.name}.")


# --- joining ----------------------------------------------------------------------------------


@bp.get("/invite/<token>")
def join(token: str):
    """An invite: the club it opens and a Join button (log in or sign up first)."""
    shown = read_invite(token, _viewer())
    if shown.problem:
        session.pop(PENDING_INVITE, None)
    elif not current_user.is_authenticated:
        # Kept for this browser: after signing up, confirming and logging in, the dashboard
        # offers the invite again (the link itself may be in a group chat, hard to find).
        session[PENDING_INVITE] = token
    status = 410 if shown.problem else 200
    return render_template("clubs/join.html", shown=shown, form=EmptyForm()), status


@bp.post("/invite/<token>")
@login_required
def join_post(token: str):
    """Join the club with the invite (an expired, revoked or used-up one changes nothing)."""
    if not _csrf_ok():
        flash(EXPIRED_MESSAGE, "error")
        return redirect(url_for("clubs.join", token=token))
    try:
        club = join_with_invite(_me(), token)
    except InviteProblem as err:
        session.pop(PENDING_INVITE, None)
        shown = read_invite(token, _me())
        return render_template("clubs/join.html", shown=shown, form=EmptyForm(), problem=err.message), 410
    session.pop(PENDING_INVITE, None)
    return _back("clubs.page", club.slug, f"Welcome to {club.name}! You're a member now.")


# --- members (club admins) --------------------------------------------------------------------


def _members_page(slug: str, link_form: InviteLinkForm | None = None, email_form: EmailInviteForm | None = None,
                  status: int = 200):
    club = club_for_admin(slug, _me())
    new_invite = request.args.get("new", type=int)
    invites = live_invites(club)
    return render_template(
        "clubs/members.html", club=club, members=member_rows(club, _me()),
        invites=[(invite, invite_url(invite)) for invite in invites],
        link_form=link_form or InviteLinkForm(formdata=None),
        email_form=email_form or EmailInviteForm(formdata=None), form=EmptyForm(), new_invite=new_invite,
    ), status


@bp.get("/clubs/<slug>/members")
@login_required
def members(slug: str):
    """The members page: everyone in the club, invite links and invitations by email."""
    return _members_page(slug)


@bp.post("/clubs/<slug>/invites")
@login_required
def new_invite_link(slug: str):
    """Make an invite link with an expiry and a use limit."""
    club = club_for_admin(slug, _me())
    form = InviteLinkForm()
    if form.validate_on_submit():
        try:
            invite = create_invite_link(_me(), club, form.days.data, form.max_uses.data)
        except DomainError as err:
            form.show_error(err)
        else:
            flash(f"Your invite link is ready (highlighted below): share {invite_url(invite)}", "success")
            return redirect(url_for("clubs.members", slug=club.slug, new=invite.id) + "#live-heading")
    return _members_page(slug, link_form=form, status=400)


@bp.post("/clubs/<slug>/invites/email")
@login_required
def email_invites(slug: str):
    """Email an invitation to each address typed."""
    club = club_for_admin(slug, _me())
    form = EmailInviteForm()
    if form.validate_on_submit():
        try:
            result = invite_by_email(_me(), club, form.emails.data)
        except DomainError as err:
            form.show_error(err)
        else:
            if result.sent:
                flash(f"Invitation sent to {', '.join(result.sent)}.", "success")
            if result.already_members:
                flash(f"Already members, so not invited: {', '.join(result.already_members)}.", "info")
            if result.declined:
                flash("Asked MentorHub never to email them an invitation, so not invited: "
                      f"{', '.join(result.declined)}. You can share an invite link with them instead.", "info")
            if result.already_invited:
                flash("Invited before, and that invitation still works, so not sent again: "
                      f"{', '.join(result.already_invited)}.", "info")
            if result.failed:
                form.emails.data = "\n".join(result.failed)
                form.add_error("We couldn't send to these addresses just now, so no invitation went to them. "
                               "Please try again in a few minutes.", "emails")
                return _members_page(slug, email_form=form, status=503)
            return redirect(url_for("clubs.members", slug=club.slug) + "#invites")
    return _members_page(slug, email_form=form, status=400)


@bp.post("/clubs/<slug>/invites/<int:invite_id>/revoke")
@login_required
def revoke(slug: str, invite_id: int):
    """Withdraw an invite: nobody else can join with it."""
    club = club_for_admin(slug, _me())
    if not _csrf_ok():
        return _back("clubs.members", slug, EXPIRED_MESSAGE, "error")
    revoke_invite(_me(), club, invite_id)
    return _back("clubs.members", slug, "The invite is withdrawn: nobody else can join with it.")


def _member_action(slug: str, action):
    if not _csrf_ok():
        return _back("clubs.members", slug, EXPIRED_MESSAGE, "error")
    try:
        message = action()
    except DomainError as err:
        return _back("clubs.members", slug, err.message, "error")
    # Someone who just stepped down no longer runs the club: their way back is its page.
    still_runs = is_club_admin(club_at(slug), _me())
    return _back("clubs.members" if still_runs else "clubs.page", slug, message)


@bp.post("/clubs/<slug>/members/<int:user_id>/remove")
@login_required
def remove(slug: str, user_id: int):
    """Remove a member from the club."""
    club_for_admin(slug, _me())
    return _member_action(slug, lambda: f"{remove_member(_me(), slug, user_id).display_name} is no longer a member.")


@bp.post("/clubs/<slug>/members/<int:user_id>/promote")
@login_required
def promote(slug: str, user_id: int):
    """Make a member a club admin."""
    club_for_admin(slug, _me())
    return _member_action(
        slug, lambda: f"{set_club_admin(_me(), slug, user_id, True).display_name} is a club admin now.")


@bp.post("/clubs/<slug>/members/<int:user_id>/demote")
@login_required
def demote(slug: str, user_id: int):
    """Make a club admin an ordinary member again (never the last one)."""
    club_for_admin(slug, _me())
    return _member_action(slug, lambda: (f"{set_club_admin(_me(), slug, user_id, False).display_name} "
                                         "is a member, no longer a club admin."))


# --- plugins (club admins) --------------------------------------------------------------------


@bp.get("/clubs/<slug>/plugins")
@login_required
def plugins(slug: str):
    """The club-scoped plugins, each switched on or off for this club."""
    club = club_for_admin(slug, _me())
    return render_template("clubs/plugins.html", club=club, plugins=club_plugins(club), form=EmptyForm())


@bp.post("/clubs/<slug>/plugins/<name>/<any(on, off):state>")
@login_required
def switch_plugin(slug: str, name: str, state: str):
    """Switch a club-scoped plugin on or off for this club, from the next request on."""
    club = club_for_admin(slug, _me())
    if not _csrf_ok():
        return _back("clubs.plugins", slug, EXPIRED_MESSAGE, "error")
    try:
        set_club_plugin_enabled(_me(), name, club.id, state == "on")
    except DomainError as err:
        return _back("clubs.plugins", slug, err.message, "error")
    title = plugin_named(name).title
    if state == "on":
        return _back("clubs.plugins", slug, f"{title} is on for {club.name}'s members from now on.")
    return _back("clubs.plugins", slug, f"{title} is off for {club.name}.")



def _club_plugin(club, name: str):
    plugin = plugin_named(name)
    if plugin.scope != "club":
        raise NotFound(f"{plugin.title} is a site-wide plugin: only the site's admins set it.")
    return plugin


@bp.route("/clubs/<slug>/plugins/<name>/settings", methods=["GET", "POST"])
@login_required
def plugin_settings(slug: str, name: str):
    """A club-scoped plugin's settings for this club, in a form generated from what it declares."""
    club = club_for_admin(slug, _me())
    plugin = _club_plugin(club, name)
    posted = request.method == "POST"
    edit = edit_settings(plugin, club.id, _me().id, request.form if posted else None)
    if edit.saved:
        flash(f"The settings of {plugin.title} for {club.name} are saved: they apply from the next page anyone opens.",
              "success")
        return redirect(url_for("clubs.plugin_settings", slug=slug, name=name))
    return render_template(
        "admin/plugin_settings.html", plugin=plugin, edit=edit,
        reset_url=url_for("clubs.reset_plugin_settings", slug=slug, name=name),
        back_url=url_for("clubs.plugins", slug=slug), back_label=f"{club.name}'s plugins", whose=club.name,
        below="the site's values (the plugin's defaults, unless a site admin changed them)",
    ), 400 if posted else 200


@bp.post("/clubs/<slug>/plugins/<name>/settings/reset")
@login_required
def reset_plugin_settings(slug: str, name: str):
    """Forget the club's own values of a plugin: the site's apply again."""
    club = club_for_admin(slug, _me())
    plugin = _club_plugin(club, name)
    if not _csrf_ok():
        flash(EXPIRED_MESSAGE, "error")
    else:
        reset_settings(plugin, club.id)
        flash(f"{plugin.title} uses the site's settings for {club.name} again.", "success")
    return redirect(url_for("clubs.plugin_settings", slug=slug, name=name))

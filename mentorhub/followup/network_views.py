"""The pictures of a growing network: a student's network page (people and introduction
chains, as a graph with a list beside it) and a professional's impact page (what their chats
led to, with chats per month as a chart). Both are inline SVG made on the server."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from mentorhub.accounts.models import PROFESSIONAL, STUDENT
from mentorhub.auth import role_required
from mentorhub.followup.network import YOU, impact_of, student_network
from mentorhub.followup.pictures import monthly_chart_svg, network_svg

bp = Blueprint("network", __name__)


@bp.get("/network")
@role_required(STUDENT)
def network():
    """The student's network: whom they talked with and who introduced whom."""
    net = student_network(current_user)
    met = set(net.chats)
    nodes = [(YOU, "You", "you")] + [
        (str(p.id), p.name, "met" if p.id in met else "referred") for p in net.people
    ]
    edges = [(YOU, str(pid), "chat") for pid in net.chats] + [
        (str(a), str(b), "referral") for a, b in net.referrals
    ]
    chain_words = "; ".join(" → ".join(chain) for chain in net.chains)
    picture = network_svg(
        nodes, edges, title="Your MentorHub network",
        desc=(f"You talked with {len(met)} {'person' if len(met) == 1 else 'people'}"
              + (f"; {len(net.people) - len(met)} more were introduced to you" if len(net.people) > len(met) else "")
              + (f". Introductions: {chain_words}." if chain_words else ".")),
    ) if not net.is_empty else None
    return render_template("followup/network.html", net=net, met=met, picture=picture)


@bp.get("/impact")
@role_required(PROFESSIONAL)
def impact():
    """The professional's impact: chats given, notes received, referrals, chats per month."""
    figures = impact_of(current_user)
    busiest = max(figures.months, key=lambda m: m[1])
    chart = monthly_chart_svg(
        figures.months, title="Chats given per month",
        desc=(f"Chats you gave in each of the last {len(figures.months)} months, in your time zone. "
              + (f"Busiest: {busiest[0]} with {busiest[1]}." if busiest[1] else "No chats yet in this period.")),
        series_label="Chats",
    )
    return render_template("followup/impact.html", figures=figures, chart=chart)

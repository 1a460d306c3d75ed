"""A club's dashboard for its club admins: the funnel of its student members' requests as a
chart with the table beside it, and the same table as a CSV download (routes on the clubs
blueprint; the rules are in :mod:`mentorhub.clubs.funnel`)."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template
from flask_login import current_user, login_required

from mentorhub.clubs.access import club_for_admin
from mentorhub.clubs.funnel import COLUMNS, MONTHS, ClubFunnel, club_funnel
from mentorhub.clubs.views import bp
from mentorhub.followup.pictures import monthly_chart_svg


def _chart_words(funnel: ClubFunnel) -> str:
    stages = ", ".join(f"{label.lower()} {count}" for label, count in funnel.stage_totals())
    return f"Requests of {funnel.club.name}'s student members sent {funnel.period} (UTC): {stages}."


@bp.get("/clubs/<slug>/dashboard")
@login_required
def dashboard(slug: str):
    """The club's funnel by month, its chart, and the members who have sent no request yet."""
    club = club_for_admin(slug, current_user)
    funnel = club_funnel(club)
    chart = monthly_chart_svg(
        funnel.stage_totals()[::-1],  # pygal draws a horizontal chart's first bar at the bottom
        title=f"Funnel over the last {MONTHS} months", desc=_chart_words(funnel),
        series_label="Requests", id_prefix="funnel", horizontal=True,
    )
    return render_template("clubs/dashboard.html", club=club, funnel=funnel, columns=COLUMNS, chart=chart)


@bp.get("/clubs/<slug>/dashboard.csv")
@login_required
def dashboard_csv(slug: str):
    """The dashboard's table as CSV: the header, a row per month, the totals row."""
    club = club_for_admin(slug, current_user)
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark, so spreadsheet programs read the file as UTF-8 ("—")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(club_funnel(club).table_rows())
    # The slug is lower-case letters, digits and hyphens (services.create_club checks).
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{club.slug}-funnel.csv"'})

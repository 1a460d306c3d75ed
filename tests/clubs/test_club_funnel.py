"""Issue 12, must show 4: a club's dashboard for its club admins. The funnel's numbers match a
scripted month of activity done through the site, its CSV matches its table, only the club's
admins reach it, and its statements do not grow with the club (5 and 500 members)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from chats_support import PROFILE, accept_form, add_windows, iso, send_request
from sqlalchemy import func, insert, select

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest, RequestEvent
from mentorhub.clubs.funnel import COLUMNS, duration_words, month_starts
from mentorhub.clubs.models import ClubMembership
from mentorhub.clubs.services import create_club
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

MARCH_1 = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # a Monday: the professionals are free on Tuesdays
TUESDAY_9 = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
FEB_15 = datetime(2027, 2, 15, 10, 0, tzinfo=UTC)
QUIET = ["0"] * 7 + ["—"]
EARLIER_MONTHS = [f"{m} 2026" for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")] + ["Jan 2027"]


@pytest.fixture
def mentorhub_config():
    return {"LOGIN_RATE_LIMIT": "1000 per minute"}  # a club's worth of people log in at once


# --- helpers ------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """The text of every cell of the table with ``id``, row by row (header, months, totals)."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_of(page: str) -> list[list[str]]:
    parser = _Tables("funnel-table")
    parser.feed(page)
    return parser.rows


def csv_of(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "spreadsheets need the UTF-8 byte-order mark to read the dash"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def make_club(app, slug: str, admin, members=(), name: str | None = None) -> None:
    with app.app_context():
        club = create_club(name or slug.replace("-", " ").title(), slug, "", [admin.email])
        db.session.add_all(ClubMembership(club_id=club.id, user_id=m.id) for m in members)
        db.session.commit()


def as_user(app, login, user):
    client = app.test_client()
    login(client, user)
    return client


def newest_request_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(ChatRequest.id)))


def ask_for(app, student_client, pro, start: datetime) -> int:
    """The student sends ``pro`` a request for ``start``, through the request form."""
    response = send_request(student_client, pro, [start])
    assert response.status_code == 302, text(response)
    return newest_request_id(app)


def answer(client, request_id: int, how: str, **form) -> None:
    response = client.post(f"/requests/{request_id}/{how}", data=form)
    assert response.status_code == 302, text(response)


def professional(app, make_user, name: str):
    pro = make_user("professional", display_name=name, profile=PROFILE, topics=["touring"])
    add_windows(app, pro)  # Tuesdays 09:00-12:00 UTC
    return pro


# --- a scripted month ----------------------------------------------------------------------


@pytest.fixture
def scripted(app, make_user, login, runner):
    """The Audio Society: Cleo (club admin) and Nia never send a request; Sam, Tess, Uma and
    Vic send one each in March 2027; Sam also sent one in February. Olly, not a member, also
    asks Pat in March."""
    cleo = make_user("student", display_name="Cleo Admin")
    sam, tess, uma, vic, nia = (make_user("student", display_name=n) for n in
                                ("Sam Student", "Tess Student", "Uma Student", "Vic Student", "Nia Newcomer"))
    olly = make_user("student", display_name="Olly Outsider")
    pat, quinn = professional(app, make_user, "Pat Pro"), professional(app, make_user, "Quinn Pro")
    rae = professional(app, make_user, "Rae Referred")
    make_club(app, "audio-society", cleo, [sam, tess, uma, vic, nia], name="Audio Society")
    sam_c, tess_c, uma_c, vic_c, olly_c = (as_user(app, login, s) for s in (sam, tess, uma, vic, olly))
    pat_c, quinn_c = as_user(app, login, pat), as_user(app, login, quinn)

    # February: Quinn declines Sam's request three days after it was sent.
    clock.travel_to(FEB_15)
    february = ask_for(app, sam_c, quinn, datetime(2027, 2, 23, 9, 0, tzinfo=UTC))
    clock.travel_to(FEB_15 + timedelta(days=3))
    answer(quinn_c, february, "decline", decline_note="Sorry, I'm touring.")

    # March: four requests from members, one from an outsider.
    clock.travel_to(MARCH_1)
    sams = ask_for(app, sam_c, pat, TUESDAY_9)
    tesss = ask_for(app, tess_c, pat, TUESDAY_9 + timedelta(minutes=30))
    umas = ask_for(app, uma_c, quinn, TUESDAY_9)
    ask_for(app, vic_c, quinn, TUESDAY_9 + timedelta(hours=1))  # never answered
    ollys = ask_for(app, olly_c, pat, TUESDAY_9 + timedelta(hours=1))
    clock.travel_to(MARCH_1 + timedelta(hours=1))
    answer(pat_c, ollys, "accept", **accept_form(TUESDAY_9 + timedelta(hours=1)))
    clock.travel_to(MARCH_1 + timedelta(hours=2))
    answer(pat_c, sams, "accept", **accept_form(TUESDAY_9))
    clock.travel_to(MARCH_1 + timedelta(hours=4))
    answer(pat_c, tesss, "accept", **accept_form(TUESDAY_9 + timedelta(minutes=30)))
    clock.travel_to(MARCH_1 + timedelta(hours=6))
    answer(quinn_c, umas, "decline", decline_note="")
    with app.app_context():
        tess_booking = db.session.scalar(select(Booking.id).where(Booking.request_id == tesss))
    response = tess_c.post(f"/bookings/{tess_booking}/cancel", data={"reason": "My exam moved to that day."})
    assert response.status_code == 302, text(response)

    # After the chats: the tick completes them; Sam thanks Pat, sends an update and asks
    # who else to talk to; Pat suggests Rae. Olly does all the same, and must not count.
    clock.travel_to(TUESDAY_9 + timedelta(days=1, hours=2))
    assert runner.invoke(args=["mentorhub", "tick"]).exit_code == 0
    for client, request_id in ((sam_c, sams), (olly_c, ollys)):
        for path, body in (("thank-you", "Dear Pat, thank you! I learned how tours are budgeted."),
                           ("update", "I applied for the assistant job you mentioned.")):
            response = client.post(f"/requests/{request_id}/{path}", data={"body": body})
            assert response.status_code == 302, text(response)
        assert client.post(f"/requests/{request_id}/referrals/ask").status_code == 302
        answer(pat_c, request_id, "referrals", pick=str(rae.id), **{f"note-{rae.id}": "Rae ran our tours."})
    with app.app_context():
        assert db.session.get(ChatRequest, sams).status == "completed"
        assert db.session.get(ChatRequest, tesss).status == "cancelled"
    clock.travel_to(datetime(2027, 3, 20, 12, 0, tzinfo=UTC))
    return {"cleo": cleo, "sam": sam, "olly": olly}


def test_the_funnel_shows_the_scripted_month_and_its_csv_is_its_table(app, login, scripted):
    client = as_user(app, login, scripted["cleo"])
    response = client.get("/clubs/audio-society/dashboard")
    assert response.status_code == 200
    page = text(response)
    assert "Each request counts in the month it was sent, in UTC" in page
    assert "Apr 2026 – Mar 2027" in page

    rows = table_of(page)
    assert rows[0] == list(COLUMNS)
    assert [row[0] for row in rows[1:]] == [*EARLIER_MONTHS, "Feb 2027", "Mar 2027", "Last 12 months"]
    for row in rows[1:11]:
        assert row[1:] == QUIET, row
    #            sent accepted held thanked followed-up asked made median
    assert rows[11] == ["Feb 2027", "1", "0", "0", "0", "0", "0", "0", "3 days"]
    assert rows[12] == ["Mar 2027", "4", "2", "1", "1", "1", "1", "1", "4 hours"]  # replies at 2, 4, 6 h
    assert rows[13] == ["Last 12 months", "5", "2", "1", "1", "1", "1", "1", "5 hours"]  # 2, 4, 6, 72 h

    download = client.get("/clubs/audio-society/dashboard.csv")
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert download.headers["Content-Disposition"] == 'attachment; filename="audio-society-funnel.csv"'
    assert csv_of(download) == rows

    # The chart draws the totals of every stage, with a name a screen reader says.
    chart = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in chart and "Funnel over the last 12 months" in chart
    assert "Requests sent – Requests: 5" in chart and "Referrals made – Requests: 1" in chart
    assert "requests sent 5, accepted 2, held 1, thanked 1, followed up 1, referrals asked 1, referrals made 1" in chart
    assert "<script" not in chart and "style=" not in chart


def test_the_first_reply_is_the_first_answer_not_the_last(app, make_user, login):
    """Asking for other times after an hour is the first reply, however late the accept."""
    cleo, sam = make_user("student", display_name="Cleo Admin"), make_user("student", display_name="Sam Student")
    pat = professional(app, make_user, "Pat Pro")
    make_club(app, "audio-society", cleo, [sam], name="Audio Society")
    sam_c, pat_c = as_user(app, login, sam), as_user(app, login, pat)
    clock.travel_to(MARCH_1)
    asked = ask_for(app, sam_c, pat, TUESDAY_9)
    clock.travel_to(MARCH_1 + timedelta(hours=1))
    answer(pat_c, asked, "ask-times", ask_note="Could you do later that morning?")
    clock.travel_to(MARCH_1 + timedelta(hours=2))
    response = sam_c.post(f"/requests/{asked}/times", data={"times": [iso(TUESDAY_9 + timedelta(hours=1))]})
    assert response.status_code == 302, text(response)
    clock.travel_to(MARCH_1 + timedelta(hours=20))  # the last answer: 20 hours after sending
    answer(pat_c, asked, "accept", **accept_form(TUESDAY_9 + timedelta(hours=1)))
    rows = table_of(text(as_user(app, login, cleo).get("/clubs/audio-society/dashboard")))
    assert rows[-2] == ["Mar 2027", "1", "1", "0", "0", "0", "0", "0", "1 hour"]


def test_the_months_follow_the_clock_and_an_empty_month_is_zeros(app, login, scripted):
    clock.travel_to(datetime(2027, 5, 2, 0, 30, tzinfo=UTC))
    rows = table_of(text(as_user(app, login, scripted["cleo"]).get("/clubs/audio-society/dashboard")))
    assert [row[0] for row in rows[1:]][-4:] == ["Mar 2027", "Apr 2027", "May 2027", "Last 12 months"]
    assert rows[-3][1:] == QUIET and rows[-2][1:] == QUIET
    assert rows[-4][1:3] == ["4", "2"]


def test_month_boundaries_are_utc_and_reply_times_read_as_words():
    assert month_starts(datetime(2027, 1, 31, 23, 59, tzinfo=UTC), 3) == [
        datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC),
    ]
    assert [duration_words(s) for s in (None, 20, 40 * 60, 3599.9, 3600, 5 * 3600, 47 * 3600, 2 * 86400)] == [
        "—", "1 minute", "40 minutes", "1 hour", "1 hour", "5 hours", "47 hours", "2 days"]


# --- who may see it -------------------------------------------------------------------------


@pytest.fixture
def two_clubs(app, make_user):
    ada, bea, member = make_user("student"), make_user("student"), make_user("student")
    make_club(app, "club-a", ada, [member])
    make_club(app, "club-b", bea)
    return {"ada": ada, "bea": bea, "member": member}


@pytest.mark.parametrize("path", ["/clubs/club-a/dashboard", "/clubs/club-a/dashboard.csv"])
@pytest.mark.parametrize(("who", "status"), [("ada", 200), ("member", 403), ("bea", 403)])
def test_only_the_clubs_admins_reach_its_dashboard(app, login, two_clubs, path, who, status):
    assert as_user(app, login, two_clubs[who]).get(path).status_code == status


@pytest.mark.parametrize("path", ["/clubs/club-a/dashboard", "/clubs/club-a/dashboard.csv"])
def test_a_visitor_is_sent_to_log_in(client, two_clubs, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_club_has_no_dashboard(app, login, two_clubs):
    client = as_user(app, login, two_clubs["ada"])
    assert client.get("/clubs/no-such-club/dashboard").status_code == 404
    assert client.get("/clubs/no-such-club/dashboard.csv").status_code == 404


# --- bounded statements ----------------------------------------------------------------------


def bulk_club(app, slug: str, admin, pro, size: int) -> None:
    """A club of ``size`` student members, inserted directly; every other one sent ``pro`` a
    request this month that was answered after an hour."""
    now = clock.now()
    with app.app_context():
        rows = [{"email": f"{slug}-{n}@example.com", "password_hash": "x", "display_name": f"{slug} member {n:03}",
                 "role": "student"} for n in range(size)]
        db.session.execute(insert(User), rows)
        ids = list(db.session.scalars(select(User.id).where(User.email.like(f"{slug}-%")).order_by(User.id)))
        club = create_club(slug, slug, "", [admin.email])
        db.session.execute(insert(ClubMembership), [{"club_id": club.id, "user_id": i} for i in ids])
        db.session.execute(insert(ChatRequest), [
            {"student_id": i, "professional_id": pro.id, "status": "declined", "format": "video",
             "introduction": "Hello!", "created_at": now - timedelta(hours=2),
             "responded_at": now - timedelta(hours=1), "expires_at": now + timedelta(days=7)}
            for i in ids[::2]
        ])
        asked = db.session.scalars(select(ChatRequest.id).where(ChatRequest.student_id.in_(ids)))
        db.session.execute(insert(RequestEvent), [
            {"request_id": r, "actor_id": pro.id, "name": "request_declined", "from_status": "pending",
             "to_status": "declined", "note": "", "created_at": now - timedelta(hours=1)}
            for r in asked
        ])
        db.session.commit()


def test_the_dashboard_and_its_csv_cost_the_same_statements_for_5_and_500_members(
    app, make_user, login, queries
):
    clock.travel_to(MARCH_1)
    # A professional runs both clubs (a career centre's staff), so every student member is a bulk one.
    admin, pro = make_user("professional", display_name="Ada Admin"), make_user("professional")
    bulk_club(app, "small", admin, pro, 5)
    bulk_club(app, "large", admin, pro, 500)
    client = as_user(app, login, admin)
    counted: dict[tuple[str, str], int] = {}
    for slug in ("small", "large"):
        for path in (f"/clubs/{slug}/dashboard", f"/clubs/{slug}/dashboard.csv"):
            client.get(path)  # warm: the same work each time, none of it cached per club
            with queries() as statements:
                response = client.get(path)
            assert response.status_code == 200
            counted[(slug, "csv" if path.endswith(".csv") else "page")] = len(
                [s for s in statements if s.strip().upper() != "BEGIN"])
    assert counted[("small", "page")] == counted[("large", "page")]
    assert counted[("small", "csv")] == counted[("large", "csv")]
    # The CSV: the viewer, the club, their membership and the funnel's four. The page adds the
    # layout's (unread notifications, requests to answer, club ids and plugin switches).
    assert counted[("large", "csv")] <= 7 and counted[("large", "page")] <= 13, counted

    page = text(client.get("/clubs/large/dashboard"))
    assert table_of(page)[-1] == ["Last 12 months", "250", "0", "0", "0", "0", "0", "0", "1 hour"]
    assert "250 of 500 student members have not asked anyone" in page
    assert "large member 001" in page and "large member 099" in page and "large member 101" not in page
    assert "and 200 more." in page


# --- members who have not sent a request -------------------------------------------------------


def test_members_without_a_request_are_listed_and_then_the_empty_state(app, make_user, login):
    clock.travel_to(MARCH_1)
    pro = professional(app, make_user, "Pat Pro")
    ada, kim = make_user("student", display_name="Ada Admin"), make_user("student", display_name="Kim Keen")
    lee = make_user("student", display_name="Lee Later")
    other_pro = make_user("professional", display_name="Mo Mentor")  # a professional member is no student
    make_club(app, "film-club", ada, [kim, lee, other_pro])
    admin = as_user(app, login, ada)
    ask_for(app, as_user(app, login, kim), pro, TUESDAY_9)

    page = text(admin.get("/clubs/film-club/dashboard"))
    listed = re.search(r'<ul class="list-plain" id="without-requests">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == ["Ada Admin", "Lee Later"]
    assert "2 of 3 student members have not asked anyone for a chat yet" in page
    assert "Every student member has sent at least one request" not in page

    ask_for(app, admin, pro, TUESDAY_9 + timedelta(minutes=30))
    ask_for(app, as_user(app, login, lee), pro, TUESDAY_9 + timedelta(hours=1))
    page = text(admin.get("/clubs/film-club/dashboard"))
    assert "Every student member has sent at least one request" in page
    assert 'id="without-requests"' not in page
    assert table_of(page)[-2][:2] == ["Mar 2027", "3"]

"""Each request is logged in one line with its request id, route, status and duration, and
the id is sent back (``X-Request-Id``) so an operator can match a complaint to a line."""

from __future__ import annotations

import logging
import re

LINE = re.compile(r"^request id=(\S+) method=GET route=(\S+) path=(\S+) status=(\d+) ms=(\d+\.\d) user=(\S+)$")


def lines(caplog) -> list[re.Match]:
    return [LINE.match(r.getMessage()) for r in caplog.records if r.name == "mentorhub.requests"]


def test_each_request_is_one_line_with_its_id_route_status_and_time(client, make_user, login, caplog):
    pro = make_user("professional")
    student = make_user("student")
    login(client, student)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mentorhub.requests"):
        page = client.get(f"/professionals/{pro.id}")
        missing = client.get("/professionals/999999")
    found = lines(caplog)
    assert len(found) == 2 and all(found), [r.getMessage() for r in caplog.records]
    first, second = found
    assert first.group(1) == page.headers["X-Request-Id"] and len(first.group(1)) == 32
    assert first.group(2) == "/professionals/<int:user_id>" and first.group(3) == f"/professionals/{pro.id}"
    assert (first.group(4), first.group(6)) == ("200", str(student.id))
    assert second.group(4) == "404" and second.group(1) != first.group(1)
    assert missing.headers["X-Request-Id"] == second.group(1)


def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger="mentorhub.requests"):
        kept = client.get("/healthz", headers={"X-Request-Id": "edge-7f3a.91"})
        replaced = client.get("/healthz", headers={"X-Request-Id": "bad id; with spaces <script>"})
    assert kept.headers["X-Request-Id"] == "edge-7f3a.91"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-Id"])
    ids = [m.group(1) for m in lines(caplog)]
    assert ids == ["edge-7f3a.91", replaced.headers["X-Request-Id"]]
    assert [m.group(6) for m in lines(caplog)] == ["-", "-"]


def test_a_path_or_id_with_a_line_break_stays_one_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="mentorhub.requests"):
        forged = client.get("/nope%0Arequest id=forged method=GET route=/ path=/ status=200 ms=1.0 user=1")
        trailing = client.get("/healthz", environ_overrides={"HTTP_X_REQUEST_ID": "abc\n"})
    assert forged.status_code == 404 and trailing.status_code == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "mentorhub.requests"]
    assert len(messages) == 2 and all("\n" not in m for m in messages)
    assert "path=/nope%0Arequest%20id=forged" in messages[0]
    assert re.fullmatch(r"[0-9a-f]{32}", trailing.headers["X-Request-Id"])


def test_static_files_are_not_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="mentorhub.requests"):
        assert client.get("/static/css/mentorhub.css").status_code == 200
    assert lines(caplog) == []

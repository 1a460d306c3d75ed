"""A tiny browser for the benchmarks: cookies, the login form's CSRF token, timed GETs and
form posts.

Standard library only, one connection per request (gunicorn's sync worker closes it anyway),
so every measured request pays the same connection cost as ``/healthz``.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(page: str) -> str | None:
    """The first form's CSRF token in ``page`` (one per session: any form's token works)."""
    match = _CSRF.search(page)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Response:
    """What a request answered: the status, the body and the redirect target (if any)."""

    status: int
    text: str
    location: str | None = None


class Browser:
    """One visitor: keeps its cookies across requests."""

    def __init__(self, base_url: str) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.cookies: dict[str, str] = {}

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        response = self.fetch(method, path, body)
        return response.status, response.text

    def fetch(
        self, method: str, path: str, body: str | dict | list | None = None
    ) -> Response:
        """One request; a ``dict`` or list of pairs as ``body`` is sent as a form."""
        if body is not None and not isinstance(body, str):
            body = urllib.parse.urlencode(body, doseq=True)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = (
            {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            if self.cookies
            else {}
        )
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return Response(response.status, text, response.headers.get("Location"))
        finally:
            conn.close()

    def get(self, path: str) -> int:
        """GET ``path``; returns the status."""
        return self._request("GET", path)[0]

    def login(self, email: str, password: str) -> None:
        """Log in through the real form (CSRF token included)."""
        status, page = self._request("GET", "/login")
        match = _CSRF.search(page)
        if status != 200 or not match:
            raise RuntimeError(f"/login answered {status} without a form")
        body = urllib.parse.urlencode(
            {"email": email, "password": password, "csrf_token": match.group(1)}
        )
        status, _ = self._request("POST", "/login", body)
        if status != 302:
            raise RuntimeError(f"logging in {email} failed ({status})")


def wait_until_up(url: str, timeout: float = 60) -> None:
    """Poll ``url`` until it answers 200."""
    parsed = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=2)
            conn.request("GET", parsed.path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up within {timeout:.0f}s")

"""A tiny browser for the benchmarks: cookies, the login form's CSRF token, timed GETs.

Standard library only, one connection per request (gunicorn's sync worker closes it anyway),
so every measured request pays the same connection cost as ``/healthz``.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from http.cookies import SimpleCookie

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """One visitor: keeps its cookies across requests."""

    def __init__(self, base_url: str) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.cookies: dict[str, str] = {}

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
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
            return response.status, text
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

"""Helpers shared by the Chromium tests."""

from __future__ import annotations

from typing import Any

from mentorhub.testing import DEFAULT_PASSWORD


def log_in(context: Any, base: str, user: Any) -> Any:
    """A new page of ``context`` logged in as ``user`` through the real form, on the dashboard."""
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", user.email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")
    return page

"""Show times in the viewer's own zone, with the zone named."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import request
from flask_login import current_user

from mentorhub import clock

_ZONES: list[str] | None = None
_ZONE_SET: frozenset[str] | None = None


def all_zones() -> list[str]:
    """Every IANA zone name, sorted (cached)."""
    global _ZONES
    if _ZONES is None:
        _ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))) + [
            "UTC"
        ]
    return _ZONES


def is_valid_zone(name: str) -> bool:
    """True for a known IANA zone name (checked against the list first: ``ZoneInfo`` reads
    files, and a hostile name can be too long for the file system)."""
    if not isinstance(name, str) or name not in _zone_set():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _zone_set() -> frozenset[str]:
    global _ZONE_SET
    if _ZONE_SET is None:
        _ZONE_SET = frozenset(all_zones())
    return _ZONE_SET


def viewer_zone_name() -> str:
    """The zone of the logged-in user; for visitors the browser's (cookie ``tz``), else UTC."""
    if current_user and current_user.is_authenticated:
        return current_user.timezone
    cookie = request.cookies.get("tz", "") if request else ""
    return cookie if cookie and is_valid_zone(cookie) else "UTC"


def to_zone(moment: datetime, zone: str | None = None) -> datetime:
    """``moment`` (aware) in ``zone`` (default: the viewer's)."""
    return moment.astimezone(ZoneInfo(zone or viewer_zone_name()))


def format_local(
    moment: datetime | None, fmt: str = "%a %-d %b %Y, %H:%M", zone: str | None = None, with_zone: bool = True
) -> str:
    """``Tue 5 Mar 2026, 09:00 (Asia/Tokyo)``: the viewer's wall-clock time, zone named."""
    if moment is None:
        return ""
    zone = zone or viewer_zone_name()
    text = to_zone(moment, zone).strftime(fmt)
    return f"{text} ({zone})" if with_zone else text


# Hours that suit most people for a chat, in their own zone: 08:00 to 22:00. Outside them, a
# time is marked "night" wherever it is shown to that person.
DAY_STARTS, DAY_ENDS = 8, 22


def is_night(moment: datetime, zone: str, day: tuple[int, int] = (DAY_STARTS, DAY_ENDS)) -> bool:
    """Whether ``moment`` falls outside the ``day`` hours (start inclusive, end exclusive)
    on the wall clock of ``zone``."""
    hour = to_zone(moment, zone).hour
    starts, ends = day
    return not (starts <= hour < ends) if starts <= ends else (ends <= hour < starts)


def time_for(moment: datetime | None, zone: str, who: str = "you") -> str:
    """``03:00 for Sam, night`` (or ``09:00 for you``): the wall-clock time in someone's zone,
    with the night mark, for showing one person's times beside another's."""
    if moment is None:
        return ""
    text = f"{to_zone(moment, zone).strftime('%H:%M')} for {who}"
    return f"{text}, night" if is_night(moment, zone) else text


_ISO_MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")


def localise_moments(text: str, zone: str | None = None) -> str:
    """``text`` with every aware ISO 8601 moment in it (``2026-12-07T17:00:00+00:00``, as
    history notes store them) written for a person, in ``zone`` (default: the viewer's)."""

    def local(match: re.Match[str]) -> str:
        try:
            moment = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
        except ValueError:
            return match.group(0)
        return format_local(moment, zone=zone)

    return _ISO_MOMENT.sub(local, text or "")


# The zones most people pick, first in every zone menu, with their time now.
COMMON_ZONES = (
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver",
    "America/Chicago", "America/New_York", "America/Toronto", "America/Mexico_City",
    "America/Sao_Paulo", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris",
    "Europe/Berlin", "Europe/Madrid", "Africa/Lagos", "Africa/Johannesburg", "Europe/Istanbul",
    "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai",
    "Asia/Seoul", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "UTC",
)
_CANONICAL: tuple[str, ...] | None = None


def canonical_zones() -> tuple[str, ...]:
    """The IANA zones people live in (``zone.tab`` of the tz database, plus UTC): legacy
    aliases such as ``US/Eastern`` or ``Asia/Calcutta`` are left out of menus, though still
    accepted (:func:`is_valid_zone`)."""
    global _CANONICAL
    if _CANONICAL is None:
        from importlib.resources import files

        table = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
        names = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
        _CANONICAL = tuple(sorted(n for n in names if n in _zone_set()))
    return _CANONICAL


def zone_menu(current: str | None = None, now: datetime | None = None) -> dict[str, list[tuple[str, str]]]:
    """The time-zone menu: ``Common zones`` with their time now ("New York (America/New_York),
    09:05 now"), then every other zone once; ``current`` (an alias someone already has, say)
    is kept so the menu can show it."""
    moment = now or clock.now()
    common = [(z, f"{z.rsplit('/', 1)[-1].replace('_', ' ')} ({z}), {to_zone(moment, z).strftime('%H:%M')} now")
              for z in COMMON_ZONES]
    taken = set(COMMON_ZONES)
    others = [z for z in canonical_zones() if z not in taken]
    if current and current not in taken and current not in others and is_valid_zone(current):
        others = sorted([*others, current])
    return {"Common zones": common, "All zones": [(z, z.replace("_", " ")) for z in others]}

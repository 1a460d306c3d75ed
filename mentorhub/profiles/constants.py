"""Fixed choices and limits of profiles: industries, formats, chat lengths, field sizes."""

from __future__ import annotations

from mentorhub.profiles.models import CHAT_LENGTHS, FORMATS

# (slug, label): the music business and the fields next to it. Slugs are stored in
# ``ProfessionalProfile.industry``; plugins (question_bank, matching) key on them.
INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("a-and-r", "A&R (artists and repertoire)"),
    ("artist-management", "Artist management"),
    ("tour-management", "Tour management"),
    ("booking-agency", "Booking agency"),
    ("live-events", "Live events and promotion"),
    ("music-publishing", "Music publishing"),
    ("sync-licensing", "Sync licensing"),
    ("label-marketing", "Label marketing"),
    ("digital-distribution", "Digital distribution and streaming"),
    ("audio-engineering", "Audio engineering and production"),
    ("music-tech", "Music technology"),
    ("radio-broadcasting", "Radio and broadcasting"),
    ("music-journalism", "Music journalism"),
    ("film-tv-music", "Film and TV music"),
    ("games-audio", "Video game audio"),
    ("music-law", "Music law and business affairs"),
    ("royalties-rights", "Royalties and rights management"),
    ("music-education", "Music education"),
    ("venue-management", "Venue management"),
    ("merchandise", "Merchandise"),
)
INDUSTRY_LABELS: dict[str, str] = dict(INDUSTRIES)

FORMAT_LABELS: dict[str, str] = {
    "video": "Video call",
    "phone": "Phone call",
    "in_person": "In person",
}
FORMAT_CHOICES: tuple[tuple[str, str], ...] = tuple((f, FORMAT_LABELS[f]) for f in FORMATS)
CHAT_LENGTH_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (str(n), f"{n} minutes") for n in CHAT_LENGTHS
)

MAX_TOPICS = 12
TOPIC_MAX_LENGTH = 60
HEADLINE_MAX = 120
COMPANY_MAX = 120
CITY_MAX = 80
BIO_MAX = 3000
WILL_NOT_DO_MAX = 300
MEETING_LINK_MAX = 300
MIN_CAPACITY = 0
MAX_CAPACITY = 40
SCHOOL_MAX = 120
PROGRAMME_MAX = 120
GOALS_MAX = 2000
# Graduation years accepted, relative to the current year: recent graduates to first-years.
GRADUATION_YEARS_BACK = 6
GRADUATION_YEARS_AHEAD = 8


def industry_label(slug: str | None) -> str:
    """The human label of an industry slug (empty for none, the slug itself if unknown)."""
    if not slug:
        return ""
    return INDUSTRY_LABELS.get(slug, slug)

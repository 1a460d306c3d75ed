"""Job-ask guard: advises a student whose request asks for a job, an internship, a job
referral or a CV review. Informational interviews are for learning what a job is really like;
people say yes more readily when there is no pressure to hire. Asking "who else should I talk
to?" is the heart of networking, so it is never flagged."""

from __future__ import annotations

import re

from mentorhub.plugins import Advice, PluginInfo, hookimpl

PLUGIN_INFO = PluginInfo(
    name="job_ask_guard",
    version="1.0",
    title="Job-ask guard",
    description="Warns students before they send a request that asks for a job, an internship, "
    "a referral or a CV review, and suggests asking to learn instead.",
)

_ARTICLE = r"(?:an?\s+|any\s+|some\s+|the\s+)?"
_KIND = r"(?:summer\s+|paid\s+|full[-\s]time\s+|part[-\s]time\s+|entry[-\s]level\s+|junior\s+)?"
_RESUME = r"(?:cv|c\.v\.|r[ée]sum[ée]s?)"
# First person only: "I'm looking for a job" asks; "when you were looking for a job" is curiosity.
_I_SEEK = (
    r"\b(?:i\s*['’]?m|i\s+am|we\s*['’]re)\s+(?:currently\s+|actively\s+|really\s+|also\s+)?"
    r"(?:looking|asking|hoping|applying|searching|hunting|here)\s+for\s+"
)
_I_WANT = (
    r"\bi\s*(?:would\s+like|['’]d\s+like|would\s+love|['’]d\s+love|want|need)\s+(?:to\s+get\s+)?"
)
# "Get me a job" asks; "how did you get a job?" does not.
_GET_ME = (
    r"\b(?:(?:get|give|offer|find|land|secure|arrange)\s+me"
    r"|help\s+me\s+(?:to\s+)?(?:get|find|land|secure))\s+"
)
_JOB = r"(?:job(?!\s+referrals?)|position|role(?!\s+models?)|employment)"

# (what the message asks for, patterns), matched case-insensitively.
PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "an internship",
        (
            rf"{_I_SEEK}{_ARTICLE}{_KIND}internships?\b",
            rf"{_I_WANT}{_ARTICLE}{_KIND}internships?\b",
            rf"{_GET_ME}{_ARTICLE}{_KIND}internships?\b",
            r"\binternships?\s+(?:at|with|in)\s+your\b",
            r"\binternships?\s+for\s+me\b",
            r"\b(?:do|does|would|could|can|will)\s+(?:you|your\s+(?:company|team|label|firm|agency))\s+(?:have|offer|take(?:\s+on)?)\s+"
            r"(?:an?\s+|any\s+)?(?:interns?|internships?)\b",
            r"\binternship\s+(?:openings?|positions?|places?|vacanc(?:y|ies))\b",
            r"\b(?:intern|shadow)\s+(?:for|with|under)\s+you\b",
            r"\btake\s+me\s+on\s+as\s+(?:an?\s+)?intern\b",
        ),
    ),
    (
        "a job referral",
        (
            r"\brefer\s+me\b",
            r"\bput\s+in\s+a\s+(?:good\s+)?word\b",
            r"\b(?:give|get|write|provide|offer)\s+(?:me\s+)?(?:an?\s+)?(?:job\s+)?referral\b",
            r"\bjob\s+referrals?\b",
            r"\brecommend\s+me\s+(?:for|to\s+(?:your|the)\s+(?:hiring|recruit))",
            r"\bpass\s+(?:along|on)\s+my\s+(?:name|cv|c\.v\.|r[ée]sum[ée]|application|details)\b",
            r"\bforward\s+my\s+(?:cv|c\.v\.|r[ée]sum[ée]|application)\b",
        ),
    ),
    (
        "a CV review",
        (
            rf"\b(?:review|look\s+(?:over|at|through)|check(?:\s+over)?|read(?:\s+through|\s+over)?|critique|proofread|"
            rf"go\s+(?:over|through)|improve|edit|glance\s+(?:at|over)|tear\s+apart)\s+(?:my|a\s+copy\s+of\s+my)\s+{_RESUME}",
            rf"\b(?:feedback|comments?|thoughts|advice|notes)\s+on\s+my\s+{_RESUME}",
            rf"\b{_RESUME}\s+(?:review|feedback|check|critique)\b",
            rf"\b(?:attached|attaching|enclosed|sending\s+you)\s+(?:is\s+)?my\s+{_RESUME}",
            rf"\bmy\s+{_RESUME}\s+(?:is\s+)?(?:attached|enclosed)\b",
        ),
    ),
    (
        "a job",
        (
            r"\b(?:hire|employ)\s+me\b",
            r"\bare\s+you\s+(?:currently\s+|still\s+)?hiring\b",
            r"\b(?:is|are)\s+(?:your\s+(?:company|team|label|firm|agency)|you\s+guys)\s+(?:currently\s+|still\s+)?hiring\b",
            rf"{_I_SEEK}{_ARTICLE}{_KIND}{_JOB}\b",
            rf"{_I_SEEK}work\b(?!\s+experience)",
            rf"{_I_WANT}{_ARTICLE}{_KIND}{_JOB}\s+(?:at|with|in|on)\s+your\b",
            rf"{_GET_ME}{_ARTICLE}{_KIND}{_JOB}\b",
            rf"\b{_JOB}s?\s+for\s+me\b",
            r"\b(?:jobs?|positions?|vacanc(?:y|ies)|openings?)\s+(?:at|with|in|on)\s+your\b",
            r"\bany\s+(?:job\s+)?(?:openings|vacancies)\b",
            r"\bopen\s+(?:positions|roles|vacancies)\b",
            r"\bjob\s+(?:offers?|openings?)\b",
            r"\b(?:love|like|want|hope|wish)\s+to\s+work\s+(?:for\s+you|for\s+your|at\s+your)\b",
            r"\bconsider\s+me\s+for\b",
            r"\bapply\s+(?:to|at|for)\s+(?:your|a\s+job|a\s+position|a\s+role)\b",
        ),
    ),
)
_COMPILED = tuple(
    (what, tuple(re.compile(p, re.IGNORECASE) for p in pats)) for what, pats in PATTERNS
)
# A match preceded, in its clause, by one of these is a reassurance ("I'm not asking for a job").
_NEGATION = re.compile(r"\b(?:not|never|no|without)\b|n['’]t\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]|\bbut\b", re.IGNORECASE)


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    return bool(_NEGATION.search(clause))


def detect(message: str) -> list[str]:
    """What ``message`` asks for, among "an internship", "a job referral", "a CV review" and
    "a job" (each at most once); empty when it asks only to learn."""
    found = []
    for what, patterns in _COMPILED:
        for pattern in patterns:
            if any(not _negated(message, m.start()) for m in pattern.finditer(message)):
                found.append(what)
                break
    return found


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@hookimpl
def mentorhub_review_request(message):
    """A ``warn`` when the message asks for a job, an internship, a referral or a CV review."""
    found = detect(message or "")
    if not found:
        return []
    return [
        Advice(
            "warn",
            f"Your message seems to ask for {_join(found)}. These chats are for learning "
            "what a job is really like, and people are happiest to help when there's no "
            "pressure to hire or recommend anyone. Try rephrasing to ask about their work "
            'instead, for example "How did you get started?", "What does a typical day '
            'involve?" or "Is there anyone else you\'d recommend I talk to?"',
        )
    ]

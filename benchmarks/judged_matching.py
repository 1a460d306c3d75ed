"""Matching in students' words, measured: the share of a judged set whose expected
professional is in the first five (issue 17). Not a speed benchmark: a quality figure.

The set (``benchmarks/data/judged_matching.toml``) holds professionals written the way
professionals write, and cases written the way first-year students type: interests on a
profile (judged on the dashboard's recommendations) or words in the search box (judged on
"best match"). The suite runs the same evaluation (tests/discovery/test_judged_matching.py)
and fails if the share falls below the figure reached.

    .venv/bin/python benchmarks/judged_matching.py            # SQLite
    .venv/bin/python benchmarks/judged_matching.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/judged_matching.py --verbose  # every case and its first five

Two sets: ``judged_matching.toml``, written with the vocabulary (it tuned it), and
``judged_matching_heldout.toml``, written by someone who saw neither the vocabulary nor the
code, which gives the honest figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

JUDGED_SET = HERE / "data" / "judged_matching.toml"
# Written by someone who saw neither the vocabulary nor the code: the honest figure.
HELD_OUT_SET = HERE / "data" / "judged_matching_heldout.toml"
TOP = 5


@dataclass
class Outcome:
    """One case: what was asked, who was expected, who came first."""

    asked: str
    expected: list[str]
    first: list[str]

    @property
    def passed(self) -> bool:
        """One of the expected people is in the first five."""
        return any(key in self.first for key in self.expected)


@dataclass
class Evaluation:
    """Every case's outcome and the share that passed."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """How many cases passed."""
        return sum(o.passed for o in self.outcomes)

    @property
    def share(self) -> float:
        """The share of cases that passed (0-1)."""
        return self.passed / len(self.outcomes) if self.outcomes else 0.0


def load_set(path: Path = JUDGED_SET) -> dict[str, Any]:
    """The judged set: ``professional`` and ``case`` lists."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def evaluate(judged: dict[str, Any] | None = None) -> Evaluation:
    """Load the judged professionals into the current app's (empty) database, run every
    case as a student would, and return the outcomes. Needs an app context."""
    from mentorhub import clock
    from mentorhub.accounts.models import User
    from mentorhub.discovery.candidates import Criteria
    from mentorhub.discovery.services import recommendations, search_professionals
    from mentorhub.extensions import db
    from mentorhub.profiles.models import ProfessionalProfile, StudentProfile
    from mentorhub.profiles.services import topics_by_names

    judged = judged or load_set()
    key_of: dict[int, str] = {}
    for n, pro in enumerate(judged["professional"]):
        user = User(email=f"judged-pro-{n}@example.com", password_hash="-", display_name=pro["name"],
                    role="professional", timezone="UTC", email_confirmed_at=clock.now())
        user.professional_profile = ProfessionalProfile(
            headline=pro["headline"], company=pro["company"], industry=pro["industry"], bio=pro["bio"],
        )
        user.professional_profile.topics = topics_by_names(pro["topics"])
        db.session.add(user)
        db.session.flush()
        key_of[user.id] = pro["key"]
    db.session.commit()

    evaluation = Evaluation()
    for n, case in enumerate(judged["case"]):
        student = User(email=f"judged-student-{n}@example.com", password_hash="-", display_name=f"Student {n}",
                       role="student", timezone="UTC", email_confirmed_at=clock.now())
        student.student_profile = StudentProfile(school="City College")
        student.student_profile.interests = topics_by_names(case.get("interests", []))
        db.session.add(student)
        db.session.commit()
        if "query" in case:
            matches = search_professionals(student, Criteria(q=case["query"]), page=1, per_page=TOP).matches
            asked = f"search: {case['query']}"
        else:
            matches = recommendations(student, limit=TOP)
            asked = f"interests: {', '.join(case['interests'])}"
        first = [key_of.get(m.professional.id, "?") for m in matches[:TOP]]
        evaluation.outcomes.append(Outcome(asked, list(case["expected"]), first))
    return evaluation


def main() -> int:
    """Print each judged set's figure (and, with ``--verbose``, every case)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a fresh SQLite file)")
    parser.add_argument("--verbose", action="store_true", help="print every case")
    parser.add_argument("--set", type=Path, action="append", dest="sets",
                        help="a judged set (default: the tuning set and the held-out set)")
    args = parser.parse_args()

    from mentorhub import create_app
    from mentorhub.extensions import db

    for path in args.sets or [JUDGED_SET, HELD_OUT_SET]:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{tmp}/judged.db"
            app = create_app({"TESTING": True, "ENV": "testing", "SECRET_KEY": "judged",
                              "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": f"{tmp}/instance",
                              "RATELIMIT_STORAGE_URI": "memory://", "DISCOVERY_TOPICS_FRESH": 0})
            with app.app_context():
                db.drop_all()
                db.create_all()
                print(f"judged set: {path.name} on {db.engine.dialect.name}", flush=True)
                evaluation = evaluate(load_set(path))
                db.session.remove()
                db.drop_all()
        for outcome in evaluation.outcomes:
            if args.verbose or not outcome.passed:
                mark = "pass" if outcome.passed else "MISS"
                print(f"  {mark}  {outcome.asked:50}  expected {'/'.join(outcome.expected):12} first five: "
                      f"{', '.join(outcome.first) or '(nobody)'}")
        print(f"  expected person in the first {TOP}: {evaluation.passed} of {len(evaluation.outcomes)} "
              f"cases ({evaluation.share:.0%})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

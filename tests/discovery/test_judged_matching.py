"""Must show 1 (issue 17): the judged matching set runs in the suite at the figure reached.

``benchmarks/judged_matching.py`` prints the same figures; before matching read people's
own words (stems, the field's synonyms) they were 7 of 24 and 4 of 26."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from judged_matching import HELD_OUT_SET, JUDGED_SET, evaluate, load_set  # noqa: E402

# The figures reached: every case of the set the vocabulary was tuned on, and 22 of the 26
# held-out cases (written without seeing the vocabulary or the code).
REACHED = {JUDGED_SET.name: 24, HELD_OUT_SET.name: 22}


@pytest.mark.parametrize("path", [JUDGED_SET, HELD_OUT_SET], ids=lambda p: p.stem)
def test_the_expected_person_is_in_the_first_five(app, path):
    with app.app_context():
        evaluation = evaluate(load_set(path))
    missed = [f"{o.asked} -> {o.first}" for o in evaluation.outcomes if not o.passed]
    assert evaluation.passed >= REACHED[path.name], "\n".join(missed)

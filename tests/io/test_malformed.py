"""A corpus of malformed exports, each with the exact problem it must give.

The files are in ``tests/io/malformed/`` (written by ``make_corpus.py`` there); ``expected.csv``
is the table file -> options, outcome (``error``: a :class:`casekit.CaseDataError` with exactly
these problems, in this order; ``file error``: a :class:`casekit.CaseFileError`; ``warning``:
read, with exactly these warnings; ``ok``: read, no warning), the place as the user sees it
(``where``) and the problem text.
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pytest

import casekit

HERE = Path(__file__).resolve().parent / "malformed"


def _expected():
    with (HERE / "expected.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_file: dict[str, list[dict]] = {}
    for r in rows:
        by_file.setdefault(r["file"], []).append(r)
    return by_file


EXPECTED = _expected()


def test_every_file_of_the_corpus_has_an_expectation():
    files = {p.name for p in HERE.iterdir() if p.suffix in (".csv", ".xlsx", ".sav")}
    assert files - {"expected.csv"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_gives_its_expected_problem(name):
    rows = EXPECTED[name]
    outcome = rows[0]["outcome"]
    options = json.loads(rows[0]["options"]) if rows[0]["options"] else {}
    if outcome in ("error", "file error"):
        with pytest.raises(casekit.CaseDataError) as exc:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", casekit.CaseDataWarning)
                casekit.read_sessions(HERE / name, **options)
        assert isinstance(exc.value, casekit.CaseFileError) == (outcome == "file error")
        got = exc.value.problems
        assert got["where"].tolist() == [r["where"] for r in rows]
        assert got["problem"].tolist() == [r["problem"] for r in rows]
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = casekit.read_sessions(HERE / name, **options)
    assert len(df) > 0
    assert [str(w.message) for w in caught] == [r["problem"] for r in rows if r["problem"]]

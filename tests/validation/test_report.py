"""The ValidationReport and the error: every problem at once, warnings, messages."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError, MissedSessionWarning
from casekit.validation import ValidationReport

from ._helpers import problems_of, ratings
from .test_phases_events import events_table, phases_table


def test_clean_data_pass_and_report_prints():
    rep = casekit.validate(ratings())
    assert isinstance(rep, ValidationReport) and isinstance(rep, casekit.Result)
    assert rep.ok and rep.n_problems == 0 and rep.n_warnings == 0
    assert rep.to_text().startswith("Validation OK: 0 problems, 0 warnings")
    assert "<table" in rep._repr_html_()


def test_several_problem_classes_in_one_error():
    df = ratings(n=5).astype({"value": object})
    df.loc[0, "value"] = "n/a"                      # non-numeric
    df.loc[1, "value"] = 28.0                       # out of range
    df = pd.concat([df, df.iloc[[3]]], ignore_index=True)   # duplicate (rows 3 and 5)
    df["date"] = ["2024-01-01", "2024-01-08", "2024-01-03", "2024-01-22", "2024-01-29",
                  "2024-01-22"]
    ev = events_table([["c1", 7, "note", ""]])
    ph = phases_table([["c1", "A", 1, 2, "baseline", "post_hoc"]])
    with pytest.raises(CaseDataError) as exc:
        casekit.validate(df, events=ev, phases=ph)
    p = exc.value.problems
    kinds = {"value is not a number", "outside the range", "duplicate key", "is earlier than",
             "which has no ratings", "not covered by any phase"}
    for k in kinds:
        assert p["problem"].str.contains(k, regex=False).any(), k
    assert list(p.columns[:4]) == ["row", "column", "value", "problem"]
    msg = str(exc.value)
    assert msg.splitlines()[0] == f"{len(p)} problems found in the data:"
    assert "row 0" in msg and "row 5" in msg


def test_report_without_raising_holds_problems_and_warnings():
    df = ratings(n=4, measure="X").assign(session=[1, 2, 5, 6])
    df.loc[0, "value"] = np.inf
    with pytest.warns(MissedSessionWarning, match="no ratings for sessions 3–4"):
        rep = casekit.validate(df, raise_on_error=False)
    assert not rep.ok and rep.n_problems == 1 and rep.n_warnings == 1
    assert rep.warnings["warning"].tolist() == ["MissedSessionWarning"]
    s = rep.summary
    assert s["severity"].tolist() == ["error", "warning"]
    assert "Validation FAILED: 1 problem, 1 warning" in repr(rep)
    with pytest.raises(CaseDataError):
        rep.raise_if_problems()


def test_single_missed_session_wording_and_quiet_mode():
    df = ratings(n=3, measure="X").assign(session=[1, 3, 4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rep = casekit.validate(df, warn=False)
    assert rep.warnings["problem"].tolist() == ["case 'c1': no ratings for session 2"]


def test_type_errors_name_the_argument():
    with pytest.raises(TypeError, match="ratings must be a pandas DataFrame"):
        casekit.validate([1, 2, 3])
    with pytest.raises(TypeError, match="events must be a pandas DataFrame"):
        casekit.validate(ratings(), events="events.csv")


def test_report_declares_its_fields():
    assert set(ValidationReport.fields()) == {"problems", "warnings", "ok", "n_problems",
                                              "n_warnings"}
    rep = casekit.validate(ratings(), warn=False)
    assert rep.to_dict()["ok"] is True and rep.method_card["variant"]
    with pytest.raises(AttributeError):
        rep.extra = 1


def test_error_carries_the_warnings():
    df = ratings(n=3, measure="X").assign(session=[1, 3, 4], value=[1.0, np.inf, 2.0])
    with pytest.raises(CaseDataError) as exc:
        casekit.validate(df, warn=False)
    assert exc.value.warnings["warning"].tolist() == ["MissedSessionWarning"]


def test_problem_columns_for_the_command_line():
    p = problems_of(ratings().drop(columns="case"))
    assert list(p.columns) == ["row", "column", "value", "problem", "table", "argument",
                               "file", "sheet", "source_row", "source_column",
                               "column_letter", "where"]

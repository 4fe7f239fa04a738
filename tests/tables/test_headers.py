"""The header registry knows every column casekit's results print (no raw snake_case)."""

from __future__ import annotations

import re
import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.tables import COLUMNS, KINDS, MAIN_COLUMNS, apa_table, humanise
from casekit.tables._headers import BY_RESULT, known
from casekit.tables._markup import parse
from casekit.tables._model import _class_key

from ._results import A, B, ab_table, case_totals, results


@cache
def all_results() -> dict:
    """One result of every analysis with a ``.summary`` table (simulated data)."""
    y = np.array(A + B)
    df = ab_table()
    totals = case_totals()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = dict(results())
        out |= {name: getattr(ck, name)(A, B, improvement="decrease")
                for name in ("tau", "tau_bc", "pnd", "pem", "pand", "ird", "lrr_d", "lrr_i")}
        out |= {
            "pogo": ck.pogo(A, B, goal=5, improvement="decrease"),
            "effect_sizes": ck.effect_sizes(df, improvement="decrease"),
            "session_reliable_change": ck.session_reliable_change(
                totals[totals["measure"] == "PHQ-9"], instrument="PHQ-9"),
            "crit1": ck.crit1_cutoff_from_rci(sd=5, reliability=0.8),
            "check_interval": ck.check_interval([20, 19, 18], [10, 9, 8], sg_crit1_cutoff=4),
            "amoc": ck.amoc(y, seed=1),
            "pettitt": ck.pettitt(y),
            "cpt_mean": ck.cpt_mean(y),
            "breakpoints": ck.breakpoints(y),
            "piecewise_regression": ck.piecewise_regression(df, improvement="decrease"),
            "randomization_test": ck.randomization_test(df, seed=1, improvement="decrease"),
            "changepoint_precedence": ck.changepoint_precedence(data=totals),
            "lagged_precedence": ck.lagged_precedence(totals, seed=1),
            "cronbach_alpha": ck.cronbach_alpha(pd.DataFrame(
                np.random.default_rng(1).integers(0, 4, (30, 9)).astype(float))),
            "simulate_ab": ck.simulate_ab(6, 10, seed=1),
        }
        out["rupture_agreement"] = ck.rupture_agreement(out["rupture_repair"],
                                                        ck.simulate_case_sim_npd_01().events)
    return out


NAMES = ["nap", "tau", "tau_u", "tau_bc", "pnd", "pem", "pand", "ird", "smd", "lrr_d", "lrr_i",
         "pogo", "effect_sizes", "reliable_change", "session_reliable_change", "sudden_gains",
         "crit1", "check_interval", "amoc", "pettitt", "cpt_mean", "bayes", "breakpoints",
         "piecewise_regression", "randomization_test", "rupture_repair", "rupture_agreement",
         "changepoint_precedence", "lagged_precedence", "cronbach_alpha", "simulate_ab"]


@pytest.mark.parametrize("name", NAMES)
def test_every_result_column_has_a_readable_header(name):
    res = all_results()[name]
    cls = _class_key(type(res))
    t = apa_table(res, split=False, method_note=False)
    shown = {s for c in t.columns for s in c.sources}
    for col in res.summary.columns:
        if col in shown:
            assert known(col, cls) or any(col in c.sources and len(c.sources) == 2
                                          for c in t.columns), f"{cls}.{col} has no header"
    for c in t.columns:
        text = "".join(run.text for run in parse(c.header))  # subscripts are styled runs
        assert "_" not in text, f"{cls}: raw name in header {c.header!r}"


def test_main_columns_exist_in_the_results():
    by_class = {_class_key(type(r)): r for r in all_results().values()}
    for cls, main in MAIN_COLUMNS.items():
        if cls in by_class and main:
            missing = set(main) - set(by_class[cls].summary.columns)
            assert not missing, f"MAIN_COLUMNS[{cls!r}] names absent columns {missing}"


def test_registry_entries_are_well_formed():
    for name, spec in {**COLUMNS, **{k: v for d in BY_RESULT.values() for k, v in d.items()}} \
            .items():
        assert spec.kind in KINDS, name
        assert spec.header == "" or not re.search(r"[a-z]_[a-z]", spec.header), name


@pytest.mark.parametrize("name,header", [
    ("reliable_change_points", "Reliable change (points)"), ("pregain_session",
                                                              "Pre-gain session"),
    ("est", "Estimate"), ("se", "*SE*"), ("mean", "*M*"), ("sd", "*SD*"), ("p", "*p*"),
    ("p_value", "*p*"), ("n", "*n*"), ("rci", "RCI"),
])
def test_brief_headers(name, header):
    assert COLUMNS[name].header == header


def test_humanise():
    assert humanise("mean_wai_sr") == "Mean WAI SR"
    assert humanise("nOutliers") == "n outliers"
    assert humanise("Score (0-27)") == "Score (0-27)"  # not an identifier: kept
    assert humanise("a*b") == r"a\*b"
    assert humanise(3) == "3"


def test_sudden_gains_by_person_has_apa_headers_not_suddengains_names():
    # the report's table read "SG PHQ 9 2n", "SG crit123", "SG freq byperson"
    d = pd.DataFrame({"case": "c", "session": range(1, 13), "measure": "PHQ-9",
                      "value": [20, 19, 20, 21, 10, 9, 8, 9, 8, 7, 8, 7.0]})
    res = ck.sudden_gains_by_person(d, sg_crit1_cutoff=6, measure="PHQ-9")
    cls = _class_key(type(res))
    t = apa_table(res, split=False, method_note=False)
    assert [c.header for c in t.columns] == [
        "Gain ID", "Criteria 1–3 met", "Pre-gain session", "Gains", "Score *n* − 2",
        "Score *n* − 1", "Score *n*", "Score *n* + 1", "Score *n* + 2", "Score *n* + 3",
        "Magnitude (points)", "Total change (points)", "Proportion of total change",
        "Reversal value", "Reversed"]
    assert all(known(c, cls) for c in res.summary.columns if c != "case")

"""Parity of LOR, LRM, PoGO and ``calc_ES(ES = "all")`` with SingleCaseES 0.7.4.

Reference values: ``../shared/reference/values/singlecasees_lor.json`` (57 series) with
``A``/``B`` the phase values and ``imp`` the direction:

* ``LOR(A_data = A, B_data = B, improvement = imp, scale = "percentage", intervals = 20)``
  (``LOR_pct_intervals20``), with ``bias_correct = FALSE`` (``_nobc``), and without
  ``intervals`` (``LOR_pct``, ``LOR_pct_nobc``); 4 series with values outside 0-100 give the
  error "Percentages must be between 0 and 100!";
* ``calc_ES(A_data = A, B_data = B, ES = "LRM", improvement = imp)`` and with
  ``delta_method = TRUE``;
* ``calc_ES(..., ES = "PoGO", goal = goal_used_for_PoGO)``;
* ``calc_ES(A_data = A, B_data = B, ES = "all", improvement = imp, goal = goal_used_for_PoGO,
  format = "long")`` (14 rows; where it failed because of LOR, the same call without LOR);
* the five calls of the ``?LOR`` example (``meta.documented_examples_LOR``).

Tolerances: 1e-9 absolute and relative (closed-form; LRM's binomial and normal quantiles
agree to ~1e-15); the NAP, Tau and Tau-BC limits of ``calc_ES_all`` 1e-4 (R's ``uniroot``,
README "Tolerances"), compared with ``ci_method="singlecasees"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import effects as E
from tests._reference import N_SERIES, count, load_values, needs_public

from ._ab import ab_series, assert_close

pytestmark = pytest.mark.reference

TOL = 1e-9
FIELDS = (("est", "Est"), ("se", "SE"), ("ci_lower", "CI_lower"), ("ci_upper", "CI_upper"))
LOR_KEYS = {"LOR_pct_intervals20": {"intervals": 20},
            "LOR_pct_intervals20_nobc": {"intervals": 20, "bias_correct": False},
            "LOR_pct": {}, "LOR_pct_nobc": {"bias_correct": False}}


@pytest.fixture(scope="module")
def ref(reference_dir):
    return ab_series(reference_dir, "singlecasees_lor.json")


def _check(res, expected, what, tol=TOL):
    for field, key in FIELDS:
        got = res[field] if isinstance(res, pd.Series) else getattr(res, field)
        assert_close(got, expected[key], tol, f"{what} {field}", rel=TOL)


@pytest.mark.parametrize("key", list(LOR_KEYS))
def test_lor(ref, key):
    n_error = 0
    for c, a, b, _ in ref:
        expected = c["SingleCaseES"][key]
        if "error" in expected:
            assert "Percentages must be between 0 and 100" in expected["error"]
            with pytest.raises(ValueError, match=r"needs values in \[0, 100\]"):
                E.lor(a, b, improvement=c["improvement"], **LOR_KEYS[key])
            n_error += 1
            continue
        _check(E.lor(a, b, improvement=c["improvement"], **LOR_KEYS[key]), expected,
               f"{c['case']} {key}")
    assert n_error == count(4, 0)  # scan_exampleAB_decreasing has values above 100


@pytest.mark.parametrize("key,delta", [("LRM", False), ("LRM_delta", True)])
def test_lrm(ref, key, delta):
    for c, a, b, _ in ref:
        _check(E.lrm(a, b, improvement=c["improvement"], delta_method=delta),
               c["SingleCaseES"][key], f"{c['case']} {key}")


def test_pogo(ref):
    for c, a, b, _ in ref:
        R = c["SingleCaseES"]
        _check(E.pogo(a, b, goal=R["goal_used_for_PoGO"], improvement=c["improvement"]),
               R["PoGO"], c["case"])


@needs_public
def test_documented_lor_examples(reference_dir):
    # R: ?LOR examples on A_pct = c(20, 20, 25, 25, 20, 25), B_pct = c(30, 25, 25, 25, 35, 30, 25)
    doc = load_values(reference_dir, "singlecasees_lor.json")["meta"]["documented_examples_LOR"]
    a, b = np.array(doc["A_pct"], float), np.array(doc["B_pct"], float)
    calls = {"pct_int20_nobc": (a, b, {"intervals": 20, "bias_correct": False}),
             "pct_int20": (a, b, {"intervals": 20}), "pct": (a, b, {}),
             "proportion": (a / 100, b / 100, {"scale": "proportion"}),
             "pct_decrease": (a, b, {"improvement": "decrease"})}
    for key, (x, y, kw) in calls.items():
        _check(E.lor(x, y, **{"improvement": "increase", **kw}), doc[key], key, 1e-12)


def test_calc_es_all_rows_from_effect_sizes(ref):
    """Every row of ``calc_ES(ES = "all")`` from casekit's batch calculator (per series).

    SingleCaseES's defaults inside ``calc_ES(ES = "all")``: LRRd/LRRi with scale "count",
    LOR "percentage", the NAP-based limits from ``uniroot`` (``ci_method="singlecasees"``).
    """
    n = 0
    for c, _, _, s in ref:
        R = c["SingleCaseES"]
        rows = R["calc_ES_all"]
        if isinstance(rows, dict):
            assert "Percentages must be between 0 and 100" in rows["error"]
            rows = R["calc_ES_all_but_LOR"]
        labels = [r["ES"] for r in rows]
        imp = c["improvement"]
        parts = [E.effect_sizes(s, es=[x for x in labels if x not in ("LRRd", "LRRi", "LOR")],
                                improvement=imp, ci_method="singlecasees",
                                goal=R["goal_used_for_PoGO"]).summary,
                 E.effect_sizes(s, es=["LRRd", "LRRi"], improvement=imp, scale="count").summary]
        if "LOR" in labels:
            parts.append(E.effect_sizes(s, es=["LOR"], improvement=imp).summary)
        table = pd.concat(parts).set_index("es")
        for row in rows:
            tol = 1e-4 if row["ES"] in ("NAP", "Tau", "Tau-BC") else TOL
            got = table.loc[row["ES"]]
            for field, key in FIELDS:
                assert_close(got[field], row[key], tol if field.startswith("ci") else TOL,
                             f"{c['case']} {row['ES']} {field}", rel=TOL)
            n += 1
    assert n == N_SERIES * 14 - count(4, 0)

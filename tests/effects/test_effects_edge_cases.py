"""Edge cases of casekit.effects with defined behaviour (short phases, ties, constant
baselines, zero means, missing values, bad options). Small hand-made vectors; exact checks."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from casekit import effects as E
from casekit.exceptions import (
    CaseDataError,
    CaseDataWarning,
    NotEnoughPointsError,
    ShortPhaseWarning,
)

INC = {"improvement": "increase"}


def test_one_point_phase():
    with pytest.warns(ShortPhaseWarning):
        r = E.nap([5], [6, 7, 8], **INC)
    assert r.est == 1.0 and math.isnan(r.se)
    assert any("1 point" in n for n in r.notes)
    assert 0 < E.nap([5], [6, 4, 8], **INC, se="Hanley").se
    assert E.tau_u([5], [6, 4, 8], **INC).est == pytest.approx(1 / 3)
    with pytest.raises(NotEnoughPointsError, match="2 baseline points"):
        E.tau_bc([5], [6, 7], **INC)
    with pytest.raises(NotEnoughPointsError, match="baseline SD"):
        E.smd([5], [6, 7, 9], **INC)
    r = E.smd([5], [6, 7, 9], **INC, std_dev="pool")
    assert np.isfinite(r.est) and np.isfinite(r.se)
    r = E.lrr_d([5, 6], [3], improvement="decrease")
    assert math.isnan(r.se) and np.isfinite(E.lrr_d([5, 6], [3], improvement="decrease",
                                                     bias_correct=False).est)


def test_all_values_tied():
    a, b = [4, 4, 4], [4, 4, 4, 4]
    assert E.nap(a, b, **INC).est == 0.5
    assert E.tau(a, b, **INC).est == 0.0
    assert E.tau_u(a, b, **INC).est == 0.0
    assert E.pnd(a, b, **INC).est == 0.0
    assert E.pem(a, b, **INC).est == 0.5
    assert E.pem(a, b, **INC, ties=0).est == 0.0
    assert E.pand(a, b, **INC).est == pytest.approx(4 / 7)
    assert E.tau_bc(a, b, **INC, kendall=True).est == 0.0
    with pytest.warns(CaseDataWarning, match="undefined"):
        r = E.smd(a, b, **INC)
    assert math.isnan(r.est) and math.isnan(r.se) and math.isnan(r.ci_upper)


def test_constant_baseline_smd_is_nan_not_inf():
    with pytest.warns(CaseDataWarning, match="SMD is undefined"):
        r = E.smd([3, 3, 3], [5, 6, 7], **INC)
    assert math.isnan(r.est) and not math.isinf(r.est)
    assert any("undefined" in n for n in r.notes)
    # the pooled SD is positive, so the pooled SMD exists
    assert np.isfinite(E.smd([3, 3, 3], [5, 6, 7], **INC, std_dev="pool").est)


def test_lrr_zero_or_negative_mean():
    with pytest.raises(ValueError, match="baseline mean = 0"):
        E.lrr_d([0, 0, 0], [1, 2, 1], improvement="decrease")
    with pytest.raises(ValueError, match="treatment mean = -1"):
        E.lrr_i([1, 2, 3], [-1, -1], **INC)
    # counts: Pustejovsky (2018) truncation M >= 1/(2n) makes it finite
    r = E.lrr_d([0, 0, 0], [1, 2, 1], improvement="decrease", scale="count")
    assert np.isfinite(r.est) and r.mean_baseline == pytest.approx(1 / 6)
    with pytest.raises(ValueError, match="scale must be one of"):
        E.lrr_d([1, 2], [3, 4], improvement="decrease", scale="counts")
    with pytest.raises(ValueError, match=r"values in \[0, 100\]"):
        E.lrr_d([1, 200], [3, 4], improvement="decrease", scale="percentage")


def test_percentage_scale_complements_mean():
    a, b = [20, 30, 25], [50, 60, 55]
    d = E.lrr_d(a, b, **INC, scale="percentage")  # LRRd on 100 - M for an increase
    assert d.mean_baseline == pytest.approx(75) and d.mean_treatment == pytest.approx(45)
    i = E.lrr_i(a, b, **INC, scale="percentage")
    assert i.mean_baseline == pytest.approx(25)
    assert d.est < 0 < i.est and d.est != pytest.approx(-i.est)


def test_missing_values_error_or_drop():
    with pytest.raises(CaseDataError, match="missing") as info:
        E.nap([1, np.nan, 3], [4, 5, np.nan], **INC)
    assert len(info.value.problems) == 2
    r = E.nap([1, np.nan, 3], [4, 5, np.nan], **INC, missing="drop")
    assert (r.n_baseline, r.n_treatment) == (2, 2)
    assert any("dropped 2 missing" in n for n in r.notes)
    df = pd.DataFrame({"session": [1, 2, 3, 4], "phase": ["A", "A", "B", "B"],
                       "value": [1.0, None, 3.0, 4.0]})
    with pytest.raises(CaseDataError, match="row 1"):
        E.tau(data=df, **INC)
    with pytest.warns(ShortPhaseWarning):
        assert "row 1" in E.tau(data=df, **INC, missing="drop").notes[0]
    with pytest.raises(ValueError, match="missing must be one of 'error', 'drop'"):
        E.nap([1, 2], [3, 4], **INC, missing="skip")


def test_direction_arguments():
    with pytest.raises(ValueError, match="'increase', 'decrease'"):
        E.nap([1, 2], [3, 4], improvement="up")
    with pytest.raises(ValueError, match="improvement is required"):
        E.nap([1, 2], [3, 4])
    # PHQ-9: lower is better (registry)
    assert E.nap([10, 12], [5, 6], instrument="PHQ-9").options["improvement"] == "decrease"
    with pytest.raises(ValueError, match="contradicts"):
        E.nap([10, 12], [5, 6], instrument="PHQ-9", improvement="increase")


def test_tidy_input_errors():
    df = pd.DataFrame({"case": ["x", "x", "y", "y"], "session": [1, 2, 1, 2],
                       "phase": ["A", "B", "A", "B"], "value": [1, 2, 3, 4]})
    with pytest.raises(ValueError, match="several values of 'case'"):
        E.nap(data=df, **INC)
    one = df[df.case == "x"]
    with pytest.raises(ValueError, match="phases present"):
        E.nap(data=one, **INC, treatment_phase="C")
    with pytest.raises(ValueError, match="columns are"):
        E.nap(data=one, **INC, outcome="score")
    with pytest.raises(TypeError, match="not both"):
        E.nap([1], [2], data=one, **INC)
    dup = pd.DataFrame({"session": [1, 1, 2], "phase": ["A", "A", "B"], "value": [1, 2, 3]})
    with pytest.raises(CaseDataError, match="duplicated session"):
        E.tau_u(data=dup, **INC)
    nos = dup.drop(columns="session")
    with pytest.warns(ShortPhaseWarning):
        r = E.nap(data=nos, **INC)
    assert any("order given" in n for n in r.notes)
    with pytest.raises(TypeError, match="numeric"):
        E.nap(data=one.assign(value=["a", "b"]), **INC)


def test_option_validation_lists_choices():
    with pytest.raises(ValueError, match="'unbiased', 'Hanley', 'null', 'none'"):
        E.nap([1, 2], [3, 4], **INC, se="exact")
    with pytest.raises(ValueError, match="'singlecasees', 'complete', 'parker', 'tarlow'"):
        E.tau_u([1, 2], [3, 4], **INC, method="brossart")
    with pytest.raises(ValueError, match="'minimum', 'sort'"):
        E.pand([1, 2], [3, 4], **INC, method="parker")
    with pytest.raises(ValueError, match="Glass' delta"):
        E.smd([1, 2], [3, 4], **INC, variant="glass")
    with pytest.raises(ValueError, match="ties must be one of 0.5, 0"):
        E.pem([1, 2], [3, 4], **INC, ties=1)
    with pytest.raises(ValueError, match="pretest_trend"):
        E.tau_bc([1, 2, 3], [3, 4], **INC, pretest_trend=True)
    with pytest.raises(ValueError, match="durlak"):
        E.smd([1, 2, 4], [3, 4], **INC, bias_correct="durlak")


def test_result_types_and_displays():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = E.nap([1, 2, 3], [2, 4, 5, 6], **INC)
    for v in (r.est, r.se, r.ci_lower, r.ci_upper):
        assert type(v) is float
    s = r.summary
    assert len(s) == 1
    assert list(s.columns[:5]) == ["es", "est", "se", "ci_lower", "ci_upper"]
    assert s["improvement"].iloc[0] == "increase"
    assert "NAP" in r.to_text() and "<table" in r._repr_html_()
    assert "tabular" in r.to_latex()
    assert float(r) == r.est
    t = E.tau_u([1, 2, 3], [2, 4, 5, 6], **INC, method="tarlow")
    assert type(t.p) is float and len(t.table) == 6

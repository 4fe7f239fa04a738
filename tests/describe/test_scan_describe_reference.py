"""Phase descriptives, trend models and autocorrelation against scan 0.67.1 (57 series).

R calls (``../shared/reference/README.md``, ``values/scan_describe.json``), with
``sd1 <- scdf(values = value, phase = phase, mt = session, name = case)`` on each series of
``data/ab_cases.csv``:

* ``describe(sd1)$descriptives`` -> :func:`casekit.describe_phases`;
* ``trend(sd1)$trend`` (``first_mt = 0``), ``trend(sd1, model = list("Cubic" = values ~ mt^3,
  "Log Time" = values ~ log(mt)), first_mt = 1)$trend`` (the ``?trend`` example; in R
  ``mt^3`` is ``mt``, so "Cubic" is the linear model) and ``trend(sd1, model =
  list("Cubic_I" = values ~ I(mt^3)))$trend`` -> :func:`casekit.phase_trends`;
* ``autocorr(sd1, lag_max = 3)$autocorr[[1]]`` -> :func:`casekit.autocorrelation`.

Everything is closed form: compared with ``rtol = atol = 1e-10`` (observed agreement about
1e-14). ``null`` in the JSON (R ``NA``/``NaN``) must be NaN here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit.describe import autocorrelation, describe_phases, phase_trends
from tests._reference import N_SERIES, load_data, load_values, needs_public

TOL = 1e-10

#: scan's describe columns -> casekit's
DESCRIBE = {"n": "n", "mis": "missing", "m": "mean", "md": "median", "sd": "sd",
            "mad": "mad", "min": "min", "max": "max", "trend": "slope"}

#: reference key -> (casekit models, first_session); R formulas in the module docstring
TRENDS = {
    "trend_default": (["linear", "quadratic"], 0),
    "trend_documented_custom": ({"Linear": "linear", "Quadratic": "quadratic",
                                 "Cubic": "linear", "Log Time": "log"}, 1),
    "trend_cubic_I": ({"Linear": "linear", "Quadratic": "quadratic", "Cubic_I": "cubic"}, 0),
}


def _close(got, want, what):
    if want is None:
        assert math.isnan(got), f"{what}: R gives NA, casekit {got}"
    else:
        assert got == pytest.approx(want, rel=TOL, abs=TOL), what


@pytest.fixture(scope="module")
def reference(reference_dir):
    ref = load_values(reference_dir, "scan_describe.json")
    assert len(ref["cases"]) == N_SERIES
    return ref["cases"], load_data(reference_dir, "ab_cases.csv")


def _series(reference, i):
    cases, ab = reference
    c = cases[i]
    return c, ab[(ab["dataset"] == c["dataset"]) & (ab["case"] == c["case"])]


@pytest.mark.reference
@pytest.mark.parametrize("i", range(N_SERIES))
def test_describe(reference, i):
    # R: describe(sd1)$descriptives
    c, d = _series(reference, i)
    got = describe_phases(d).summary.set_index("phase")
    assert list(got.index) == ["A", "B"]
    for phase in ("A", "B"):
        for key, col in DESCRIBE.items():
            _close(float(got.loc[phase, col]), c["describe"][phase][key],
                   f"{c['case']} {phase} {key}")


@pytest.mark.reference
@pytest.mark.parametrize("i", range(N_SERIES))
@pytest.mark.parametrize("key", list(TRENDS))
def test_trend(reference, i, key):
    # R: trend(sd1, ...)$trend (calls in the module docstring)
    c, d = _series(reference, i)
    models, first = TRENDS[key]
    got = phase_trends(d, models=models, first_session=first).summary
    want = c[key]
    assert len(got) == len(want)
    for row, (_, mine) in zip(want, got.iterrows(), strict=True):
        label, phase = row["row"].rsplit(".", 1)
        assert (mine["model"].lower(), mine["phase"]) == (label.lower(),
                                                           {"ALL": "all"}.get(phase, phase))
        for k, col in (("Intercept", "intercept"), ("B", "b"), ("Beta", "beta")):
            _close(float(mine[col]), row[k], f"{c['case']} {row['row']} {k}")


@pytest.mark.reference
@pytest.mark.parametrize("i", range(N_SERIES))
def test_autocorr(reference, i):
    # R: autocorr(sd1, lag_max = 3)$autocorr[[1]]
    c, d = _series(reference, i)
    got = autocorrelation(d, max_lag=3).summary
    assert got["phase"].tolist() == [r["Phase"] for r in c["autocorr"]]
    for row, (_, mine) in zip(c["autocorr"], got.iterrows(), strict=True):
        for lag in (1, 2, 3):
            _close(float(mine[f"lag_{lag}"]), row.get(f"Lag {lag}"),
                   f"{c['case']} {row['Phase']} lag {lag}")


@pytest.mark.reference
@needs_public
def test_short_baselines_have_no_lag_3(reference):
    # acf(y, lag.max = min(3, n - 1)): a 3-point phase has lags 1 and 2 only (R leaves NA)
    cases, ab = reference
    short = [i for i, c in enumerate(cases) if c["nA"] == 3]
    assert short
    for i in short:
        c, d = _series(reference, i)
        got = autocorrelation(d).summary.set_index("phase")
        assert np.isnan(got.loc["A", "lag_3"])

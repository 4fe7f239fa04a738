"""Standardised mean difference: orientation, variants and an undefined standardiser."""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit import effects as E
from casekit.exceptions import CaseDataWarning

INC = {"improvement": "increase"}
A = [54, 53, 56, 58, 52]
B = [61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]


def test_constant_baseline_smd_is_nan_not_inf():
    with pytest.warns(CaseDataWarning, match="SMD is undefined"):
        r = E.smd([3, 3, 3], [5, 6, 7], **INC)
    assert math.isnan(r.est) and not math.isinf(r.est)
    assert any("undefined" in n for n in r.notes)
    # the pooled SD is positive, so the pooled SMD exists
    assert np.isfinite(E.smd([3, 3, 3], [5, 6, 7], **INC, std_dev="pool").est)


@pytest.mark.parametrize("variant", ["Glass' delta", "Hedges' g", "Hedges' g correction",
                                     "Hedges' g durlak correction", "Cohen's d"])
def test_decrease_is_the_mirror_image(variant):
    up = E.smd(A, B, variant=variant, **INC)
    down = E.smd(A, B, variant=variant, improvement="decrease")
    assert down.est == pytest.approx(-up.est, abs=1e-14)
    assert (math.isnan(up.se) and math.isnan(down.se)) or down.se == pytest.approx(up.se)


def test_hand_formula_and_fields():
    r = E.smd(A, B, **INC)
    a, b = np.array(A, float), np.array(B, float)
    j = 1 - 3 / (4 * (a.size - 1) - 1)
    d = j * (b.mean() - a.mean()) / a.std(ddof=1)
    assert r.est == pytest.approx(d, abs=1e-12)
    se = j * math.sqrt(1 / a.size + b.var(ddof=1) / (b.size * a.var(ddof=1)) + d**2 / 8)
    assert r.se == pytest.approx(se, abs=1e-12)
    assert (r.sd, r.df, r.J) == (pytest.approx(a.std(ddof=1)), 4.0, pytest.approx(j))
    assert r.variant == "baseline SD, Hedges' correction"

"""Series at the edges of what the indices can handle: one-point phases and all values tied
(defined behaviour, small hand-made vectors, exact checks)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit import effects as E
from casekit.exceptions import CaseDataWarning, NotEnoughPointsError, ShortPhaseWarning

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

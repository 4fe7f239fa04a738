"""check_float refuses infinite arguments (casekit._validate) and its callers in clinical /
sudden name the argument.

Review regression kept here: ``check_float`` accepted ``inf``: ``reliable_change(20, 8, sd=inf, ...)`` returned RCI -0.0
and "unchanged" for a 12-point drop, ``clinical_cutoffs(inf, ...)`` a cutoff of inf and
``crit1_cutoff_from_rci(inf, .8)`` a criterion-1 cutoff of inf, with no word. ``finite=True``
(added; the default keeps the old behaviour for callers that accept inf) refuses it, naming
the argument.
"""

from __future__ import annotations

import math

import pytest

from casekit._validate import check_float
from casekit.clinical import clinical_cutoffs, reliable_change, session_reliable_change
from casekit.sudden import check_interval, crit1_cutoff_from_rci, sudden_gains

INF = math.inf


def test_check_float_finite_option():
    assert check_float(INF, "x") == INF  # unchanged default
    with pytest.raises(ValueError, match="x must be finite"):
        check_float(INF, "x", finite=True)
    with pytest.raises(ValueError, match="x must be finite"):
        check_float(-INF, "x", finite=True, minimum=0.0)
    assert check_float(2, "x", finite=True) == 2.0


@pytest.mark.parametrize("call, name", [
    (lambda: reliable_change(20, 8, sd=INF, reliability=0.8, improvement="decrease"), "sd"),
    (lambda: reliable_change(20, 8, sd=5, reliability=0.8, z=INF, improvement="decrease"), "z"),
    (lambda: reliable_change(20, 8, sd=5, reliability=0.8, cutoff=INF,
                             improvement="decrease"), "cutoff"),
    (lambda: clinical_cutoffs(INF, 5, higher_is_better=False), "clinical_mean"),
    (lambda: clinical_cutoffs(30, 5, 10, INF, higher_is_better=False), "functional_sd"),
    (lambda: session_reliable_change([20, 15, 9], sd=INF, reliability=0.8,
                                     improvement="decrease"), "sd"),
    (lambda: session_reliable_change([20, 15, 9], sd=5, reliability=0.8, reference=-INF,
                                     improvement="decrease"), "reference"),
    (lambda: crit1_cutoff_from_rci(INF, 0.8), "sd"),
    (lambda: crit1_cutoff_from_rci(5, 0.8, z=INF), "z"),
    (lambda: check_interval([32, 31, 33], [5, 6, 7], sg_crit1_cutoff=INF), "sg_crit1_cutoff"),
    (lambda: sudden_gains([20.0, 21, 20, 10, 9, 10], sg_crit1_cutoff=5, sg_crit2_pct=INF,
                          improvement="decrease"), "sg_crit2_pct"),
])
def test_infinite_arguments_are_refused(call, name):
    with pytest.raises(ValueError, match=f"{name} must be finite"):
        call()

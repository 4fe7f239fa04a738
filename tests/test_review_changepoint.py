"""Review regressions for casekit.changepoint (degenerate input, warnings on clean input).

No published example: the inputs are built so that the right behaviour is known (a constant
series has no break and undefined test statistics).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from casekit.changepoint import breakpoints


def test_breakpoints_constant_series_no_foreign_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = breakpoints(np.full(20, 3.0))
    assert res.breakpoints == []
    assert math.isnan(res.supF) and math.isnan(res.cusum)
    assert any("constant" in n for n in res.notes)

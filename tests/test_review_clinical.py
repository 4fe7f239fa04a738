"""Review regressions for casekit.clinical.

- ``session_reliable_change`` stored its reference label ("first session (1)") in
  ``Result.reference``, so ``method_card["reference"]`` lost the Jacobson & Truax (1991)
  citation (doi:10.1037/0022-006X.59.1.12).
- An explicit ``reliability=`` was silently ignored when the instrument's published raw RCI
  (PHQ-9: 6 points) was used instead, and ``reliable_change(...).reliability`` still reported
  it as if it had been used (house rule: never ignore an argument silently).
"""

from __future__ import annotations

import math

import pytest

from casekit.clinical import reliable_change, session_reliable_change

SERIES = [20, 19, 15, 12, 9, 8]


def test_session_rc_method_card_keeps_the_citation():
    res = session_reliable_change(SERIES, instrument="PHQ-9")
    assert "10.1037/0022-006X.59.1.12" in res.method_card["reference"]
    # the documented attribute keeps the label of the reference score
    assert res.reference == "first session (1)"


def test_reliable_change_refuses_reliability_it_would_not_use():
    with pytest.raises(ValueError, match="reliability=") as exc:
        reliable_change(20, 8, instrument="PHQ-9", reliability=0.5)
    assert "sd=" in str(exc.value)


def test_reliable_change_uses_reliability_with_sd():
    # sd= and reliability= together override the published RCI: S_diff = 5 sqrt(2 (1 - .5)) = 5
    res = reliable_change(20, 8, instrument="PHQ-9", sd=5.0, reliability=0.5)
    assert res.reliability == 0.5
    assert math.isclose(res.s_diff, 5.0, rel_tol=1e-12)


def test_reliable_change_published_rci_reports_no_reliability():
    res = reliable_change(20, 8, instrument="PHQ-9")
    assert math.isnan(res.reliability)


def test_session_rc_refuses_reliability_it_would_not_use():
    with pytest.raises(ValueError, match="reliability="):
        session_reliable_change(SERIES, instrument="PHQ-9", reliability=0.5)

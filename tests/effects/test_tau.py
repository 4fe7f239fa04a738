"""Tau (non-overlap) = 2 NAP - 1: estimate, SE and interval transformed from NAP's, and the
notes at its bounds."""

from __future__ import annotations

import pytest

from casekit import effects as E

INC = {"improvement": "increase"}
A, B = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]


@pytest.mark.parametrize("se", ["unbiased", "Hanley", "null"])
def test_tau_is_nap_rescaled(se):
    n, t = E.nap(A, B, se=se, **INC), E.tau(A, B, se=se, **INC)
    assert t.est == pytest.approx(2 * n.est - 1, abs=1e-15)  # (38 - 3) / 42
    assert t.est == pytest.approx(35 / 42, abs=1e-15)
    assert t.se == pytest.approx(2 * n.se, abs=1e-15)
    assert (t.ci_lower, t.ci_upper) == (pytest.approx(2 * n.ci_lower - 1, abs=1e-15),
                                        pytest.approx(2 * n.ci_upper - 1, abs=1e-15))


def test_tau_at_its_bounds_uses_the_proper_limit():
    a, b = [1, 2, 3], [4, 5, 6, 7]
    t = E.tau(a, b, **INC)
    n = E.nap(a, b, **INC)
    assert t.est == 1.0 and t.ci_upper == 1.0
    assert t.ci_lower == pytest.approx(2 * n.ci_lower - 1, abs=1e-15) and t.ci_lower < 1
    assert any("Tau is at its bound (1)" in note for note in t.notes)
    floor = E.tau(b, a, **INC)
    assert floor.est == -1.0 and floor.ci_lower == -1.0 and floor.ci_upper > -1
    assert any("floor" in note for note in floor.notes)
    s = E.tau(a, b, ci_method="singlecasees", **INC)
    assert (s.ci_lower, s.ci_upper) == (1.0, 1.0)


def test_tau_names_its_variant():
    t = E.tau(A, B, **INC)
    assert t.variant.startswith("Tau = 2 NAP - 1")
    assert "SingleCaseES 0.7.4 Tau(SE = 'unbiased'" in t.mirrors

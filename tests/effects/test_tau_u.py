"""Tau-U: the variant is named, and a Tau-U outside -1..1 says why and what to use instead."""

from __future__ import annotations

import pytest

from casekit import effects as E

INC = {"improvement": "increase"}
# a baseline running against the improvement: -S_A adds to S_AB (seminar 1, part 3)
FALLING_A, B = [5, 4, 3, 2, 1], [6, 7, 8]


def test_tau_u_above_one_is_flagged_with_the_bounded_alternatives():
    r = E.tau_u(FALLING_A, B, **INC)
    assert r.est == pytest.approx(25 / 15, abs=1e-15)  # (15 + 10) / (5 * 3)
    assert (r.S_AB, r.S_A) == (15.0, -10.0)
    assert r.bounded is False
    assert "not bounded" in r.variant
    note = " ".join(r.notes)
    assert "outside -1..1" in note and "method='complete'" in note and "kendall=True" in note
    parker = E.tau_u(FALLING_A, B, method="parker", **INC)
    assert parker.est == pytest.approx(r.est, abs=1e-15) and not parker.bounded
    assert any("outside -1..1" in n for n in parker.notes)


@pytest.mark.parametrize("method", ["complete", "tarlow"])
def test_bounded_scan_methods_have_no_note(method):
    r = E.tau_u(FALLING_A, B, method=method, **INC)
    assert r.bounded and -1 <= r.est <= 1
    assert not any("outside" in n for n in r.notes)


def test_tau_u_within_bounds_has_no_note():
    r = E.tau_u([3, 3, 4, 5], [4, 5, 6, 7, 7], **INC)
    assert r.est == pytest.approx(0.55, abs=1e-15) and not r.notes


@pytest.mark.parametrize("method,words", [
    ("singlecasees", "(S_AB - S_A) / (m n)"), ("complete", "tau-b"), ("parker", "tau-a"),
    ("tarlow", "continuity-corrected")])
def test_variant_says_which_tau_u(method, words):
    r = E.tau_u(FALLING_A, B, method=method, **INC)
    assert words in r.variant
    assert r.method_card["variant"] == r.variant

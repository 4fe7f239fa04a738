"""Parity of NAP's full output with scan 0.67.1 ``nap()`` on the 57 reference AB series.

Reference values: ``../shared/reference/values/scan_nap.json``; with
``sd1 <- scdf(values = value, phase = phase, mt = session)`` the calls are
``nap(sd1, decreasing = dec)$nap[1, ]`` (key ``nap``) and the same with
``decreasing = !dec`` (key ``nap_opposite``). scan reports NAP and "NAP Rescaled" in percent,
the Wilcoxon rank-sum ``w`` and one-sided ``p`` of ``wilcox.test(A, B, exact = FALSE)``, and
its conversions ``d`` and ``R²``. Tolerances: counts exact; 1e-9 absolute and relative
(the p-values come from differently ordered floating-point sums of the same formula).
"""

from __future__ import annotations

import pytest

from casekit import effects as E

from ._ab import ab_series, assert_close, flip

pytestmark = pytest.mark.reference


@pytest.fixture(scope="module")
def ref(reference_dir):
    return ab_series(reference_dir, "scan_nap.json")


@pytest.mark.parametrize("key", ["nap", "nap_opposite"])
def test_every_scan_nap_field(ref, key):
    for c, a, b, _ in ref:
        imp = c["improvement"] if key == "nap" else flip(c["improvement"])
        got = E.nap(a, b, improvement=imp).scan.iloc[0]
        assert list(got.index) == list(c[key])
        for col, expected in c[key].items():
            assert_close(got[col], expected, 1e-9, f"{c['case']} {key} {col}", rel=1e-9)


def test_fields_are_scan_output_in_casekit_units(ref):
    for c, a, b, _ in ref[:12]:
        r = E.nap(a, b, improvement=c["improvement"])
        S = c["nap"]
        assert (r.pairs, r.positives, r.ties) == (S["Pairs"], S["Positives"], S["Ties"])
        assert r.non_overlaps == S["Non-overlaps"] and r.w == S["w"]
        assert r.nap_rescaled == pytest.approx(S["NAP Rescaled"] / 100, abs=1e-12)
        assert r.nap_rescaled == pytest.approx(E.tau(a, b, improvement=c["improvement"]).est,
                                               abs=1e-12)

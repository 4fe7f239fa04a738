"""Parity of ``tau_bc(variant="scan")`` with scan 0.67.1 ``corrected_tau()``.

Reference values: ``../shared/reference/values/scan_corrected_tau.json``: 57 series x 8
variants, ``corrected_tau(sd1, alpha = 0.05, continuity = CONT, repeated = REP,
tau_method = T)`` with ``sd1 <- scdf(values = value, phase = phase, mt = session)``, for
T in b, a and CONT, REP in FALSE, TRUE (key ``tau_<T>_continuity_<CONT>_repeated_<REP>``).
Each holds scan's three-row table (baseline autocorrelation, uncorrected and corrected tau:
tau, z, p), the reported tau and p, whether the correction was applied, and the baseline line
``mblm::mblm(values ~ mt, repeated = REP)`` subtracted. scan has no direction argument:
casekit is called with improvement = "increase" (positive = B higher). Tolerance 1e-9 (absolute
and relative); NA exactly.
"""

from __future__ import annotations

import pytest

from casekit import effects as E

from ._ab import ab_series, assert_close

pytestmark = pytest.mark.reference

VARIANTS = [(t, cont, rep) for t in ("b", "a") for cont in (False, True)
            for rep in (False, True)]


@pytest.fixture(scope="module")
def ref(reference_dir):
    return ab_series(reference_dir, "scan_corrected_tau.json")


@pytest.mark.parametrize("tau_method,continuity,repeated", VARIANTS)
def test_corrected_tau_table_and_fields(ref, tau_method, continuity, repeated):
    key = f"tau_{tau_method}_continuity_{str(continuity).upper()}_repeated_{str(repeated).upper()}"
    for c, _, _, s in ref:
        R = c["variants"][key]
        what = f"{c['case']} {key}"
        r = E.tau_bc(s, improvement="increase", variant="scan", tau_method=tau_method,
                     continuity=continuity, repeated=repeated)
        assert list(r.table["Model"]) == [row["Model"] for row in R["table"]]
        for i, row in enumerate(R["table"]):
            for col in ("tau", "z", "p"):
                assert_close(r.table[col].iloc[i], row[col], 1e-9, f"{what} {row['Model']} {col}",
                             rel=1e-9)
        assert_close(r.est, R["tau"], 1e-9, what + " tau")
        assert_close(r.p, R["p"], 1e-9, what + " p", rel=1e-9)
        assert_close(r.auto_tau, R["auto_tau"], 1e-9, what + " auto_tau")
        assert_close(r.tau_corrected, R["tau_corrected"], 1e-9, what + " tau_corrected")
        assert_close(r.tau_uncorrected, R["tau_uncorrected"], 1e-9, what + " tau_uncorrected")
        assert r.corrected == R["correction_applied"], what
        assert_close(r.intercept, R["baseline_fit_mblm"]["intercept"], 1e-9, what + " intercept")
        assert_close(r.slope, R["baseline_fit_mblm"]["slope"], 1e-9, what + " slope")


def test_default_variant_is_scans_default(ref):
    for _, _, _, s in ref[:20]:
        r = E.tau_bc(s, improvement="increase", variant="scan")
        explicit = E.tau_bc(s, improvement="increase", variant="scan", tau_method="b",
                            continuity=False, repeated=False, alpha=0.05)
        assert r.table.equals(explicit.table) and r.corrected == explicit.corrected
        assert "corrected_tau(alpha = 0.05, continuity = FALSE, repeated = FALSE, " \
               "tau_method = 'b')" in r.mirrors

"""Interrupted time series at a known change point: piecewise regression (scan ``plm``).

The design is Huitema & McKean's (2000) piecewise regression with a level and a slope change at
the first session of the treatment phase, coded exactly as scan 0.67.1 ``plm()`` codes it
(models ``"W"``, ``"H-M"`` and ``"B&L-B"``). Errors are either independent (OLS, ``ar=0``, as
scan's ``glm`` fit) or AR(1) (exact Gaussian maximum likelihood, ``ar=1``, as scan's
``nlme::gls(correlation = corARMA(p = 1), method = "ML")`` fit). A parametric bootstrap of the
level- and slope-change t statistics under the fitted null AR(1) model
(``inference="bootstrap"``) keeps the type I error near its nominal level in short
autocorrelated series, where the t(n - p) reference distribution does not
(``docs/calibration_its.md``).

Several cases (a multiple-baseline design) are fitted either one by one
(``piecewise_regression(..., by="case")``) or jointly in a linear mixed model with fixed level
and slope effects and a random intercept (and random trend when it converges) per case
(:func:`multilevel_piecewise_regression`).

Pure-numpy cores (``_plm_design``, ``_ols_core``, ``_ar1_ml_batch``) sit under the
pandas-facing functions.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats
from statsmodels.regression.mixed_linear_model import MixedLM
from statsmodels.tools.tools import add_constant

from ._ab_design import ABSeries, ab_series, phase_definition_note
from ._ar1 import ar1_recursion
from ._deprecate import renamed_arguments
from ._input import MISSING_OPTIONS, require_columns, resolve_improvement
from ._validate import check_ci_level, check_int, check_option, make_rng
from .exceptions import AutocorrelationWarning, NotEnoughPointsError
from .results import Result

if TYPE_CHECKING:
    from statsmodels.regression.mixed_linear_model import MixedLMResults

    from .registry import Instrument

__all__ = [
    "PiecewiseRegressionResult",
    "MultilevelPiecewiseResult",
    "piecewise_regression",
    "multilevel_piecewise_regression",
]

MODELS = ("W", "H-M", "B&L-B")
AR_OPTIONS = (0, 1)
INFERENCE_OPTIONS = ("t", "bootstrap")

# term names: casekit name -> scan (plm) name
TERMS = ("intercept", "trend", "level", "slope")
SCAN_TERMS = ("(Intercept)", "mt", "phaseB", "interB")

# Bound of the AR(1) coefficient in the profile-likelihood search: the stationary region
# |phi| < 1 (Box, Jenkins & Reinsel), kept 1e-6 inside it so that 1 - phi^2 > 0.
_PHI_BOUND = 1.0 - 1e-6

PLM_REFERENCE = (
    "Huitema, B. E., & McKean, J. W. (2000). Design specification issues in time-series "
    "intervention models. Educational and Psychological Measurement, 60(1), 38-58. "
    "https://doi.org/10.1177/00131640021970358; Beretvas, S. N., & Chung, H. (2008). An "
    "evaluation of modified R2-change effect size indices for single-subject experimental "
    "designs. Evidence-Based Communication Assessment and Intervention, 2(3), 120-128. "
    "https://doi.org/10.1080/17489530802446328; Wilbert, J., & Lueke, T. (2023). scan: "
    "Single-Case Data Analyses for Single and Multiple Baseline Designs (R package 0.67.1)."
)
AR1_REFERENCE = (
    "Beach, C. M., & MacKinnon, J. G. (1978). A maximum likelihood procedure for regression "
    "with autocorrelated errors. Econometrica, 46(1), 51-58. https://doi.org/10.2307/1913644; "
    "Pinheiro, J. C., & Bates, D. M. (2000). Mixed-Effects Models in S and S-PLUS. Springer. "
    "https://doi.org/10.1007/b98882"
)
MLM_REFERENCE = (
    "Van den Noortgate, W., & Onghena, P. (2003). Hierarchical linear models for the "
    "quantitative integration of effect sizes in single-case research. Behavior Research "
    "Methods, Instruments, & Computers, 35(1), 1-10. https://doi.org/10.3758/BF03195492"
)


# ---------------------------------------------------------------------------------------------
# numpy cores
# ---------------------------------------------------------------------------------------------

def _plm_design(mt: np.ndarray, is_b: np.ndarray, model: str) -> np.ndarray:
    """Design matrix ``[1, mt, phaseB, interB]`` of scan ``plm`` (methods.md section 6.6).

    ``mt`` are the session numbers (any origin, gaps allowed), ``is_b`` flags treatment rows
    (all after the baseline rows).
    """
    mt = np.asarray(mt, dtype=float)
    is_b = np.asarray(is_b, dtype=bool)
    first_b = mt[np.flatnonzero(is_b)[0]]
    if model == "W":
        trend = mt - mt[0]
        inter = np.where(is_b, mt - first_b, 0.0)
    elif model == "H-M":
        trend = mt.copy()
        inter = np.where(is_b, mt - first_b, 0.0)
    elif model == "B&L-B":
        trend = mt.copy()
        inter = np.where(is_b, mt - first_b + 1.0, 0.0)
    else:  # pragma: no cover - validated by the caller
        raise ValueError(f"model must be one of {MODELS}; got {model!r}")
    return np.column_stack([np.ones_like(mt), trend, is_b.astype(float), inter])


def _ols_core(X: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """OLS fit: coefficients, classical covariance, residuals, residual df."""
    n, p = X.shape
    beta, _, rank, _ = np.linalg.lstsq(X, y, rcond=None)
    if rank < p:
        raise NotEnoughPointsError(
            "the piecewise design is rank-deficient (too few distinct sessions in a phase to "
            "estimate trend, level and slope)"
        )
    resid = y - X @ beta
    df = n - p
    if df < 1:
        raise NotEnoughPointsError(f"{n} observations cannot estimate {p} coefficients with a "
                                   "residual degree of freedom")
    sigma2 = float(resid @ resid) / df
    cov = sigma2 * np.linalg.inv(X.T @ X)
    return {"beta": beta, "cov": cov, "resid": resid, "df": df, "sigma2": sigma2,
            "phi": math.nan, "loglik": _ols_loglik(resid)}


def _ols_loglik(resid: np.ndarray) -> float:
    n = resid.size
    s2 = float(resid @ resid) / n
    return float(-0.5 * n * (math.log(2 * math.pi * s2) + 1.0))


def _pw_transform(Z: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Prais-Winsten transform along axis -2 (time) of ``Z`` (batch, n, k), per-batch ``phi``.

    Row 1 is scaled by sqrt(1 - phi^2); rows t >= 2 become z_t - phi z_{t-1}. This is the
    Cholesky factor of the inverse AR(1) correlation matrix, so the first observation is kept.
    """
    ph = phi[:, None, None]
    out = np.empty_like(Z)
    out[:, :1, :] = np.sqrt(1.0 - ph**2) * Z[:, :1, :]
    out[:, 1:, :] = Z[:, 1:, :] - ph * Z[:, :-1, :]
    return out


def _ar1_profile(phi: np.ndarray, X: np.ndarray,
                 Y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Concentrated log-likelihood of y = X b + e, e ~ AR(1), at ``phi`` (one per series).

    X is (n, p) shared by every series; Y is (B, n). Returns (loglik (B,), beta (B, p),
    sigma2_ml (B,), transformed X (B, n, p)).
    """
    B, n = Y.shape
    Xb = np.broadcast_to(X, (B,) + X.shape)
    Xs = _pw_transform(Xb, phi)
    ys = _pw_transform(Y[:, :, None], phi)[:, :, 0]
    xtx = np.einsum("bni,bnj->bij", Xs, Xs)
    xty = np.einsum("bni,bn->bi", Xs, ys)
    beta = np.linalg.solve(xtx, xty[:, :, None])[:, :, 0]
    r = ys - np.einsum("bni,bi->bn", Xs, beta)
    s2 = np.einsum("bn,bn->b", r, r) / n
    ll = -0.5 * n * (np.log(2 * np.pi * s2) + 1.0) + 0.5 * np.log(1.0 - phi**2)
    return ll, beta, s2, Xs


def _ar1_ml_batch(X: np.ndarray, Y: np.ndarray, *, grid: int = 41,
                  iters: int = 64) -> dict[str, Any]:
    """Exact ML regression with AR(1) errors for many series sharing one design.

    The profile (concentrated) likelihood in phi is maximised over (-1, 1): a grid of ``grid``
    points brackets the global maximum, then golden-section search refines it to about
    1e-12. Returns arrays: phi (B,), beta (B, p), cov (B, p, p) as ``nlme::gls`` reports it
    (sigma^2 = RSS*/(n - p) times (X*'X*)^-1, phi treated as known), sigma2_ml, loglik, t.
    """
    Y = np.atleast_2d(np.asarray(Y, dtype=float))
    B, n = Y.shape
    p = X.shape[1]
    if n - p < 1:
        raise NotEnoughPointsError(f"{n} observations cannot estimate {p} coefficients and phi")
    grid_phi = np.linspace(-_PHI_BOUND, _PHI_BOUND, grid)
    lls = np.empty((B, grid))
    for j, g in enumerate(grid_phi):
        lls[:, j] = _ar1_profile(np.full(B, g), X, Y)[0]
    best = np.argmax(lls, axis=1)
    lo = grid_phi[np.clip(best - 1, 0, grid - 1)]
    hi = grid_phi[np.clip(best + 1, 0, grid - 1)]
    gr = (math.sqrt(5.0) - 1.0) / 2.0
    c = hi - gr * (hi - lo)
    d = lo + gr * (hi - lo)
    fc = _ar1_profile(c, X, Y)[0]
    fd = _ar1_profile(d, X, Y)[0]
    for _ in range(iters):
        left = fc > fd  # maximum in [lo, d]
        hi = np.where(left, d, hi)
        lo = np.where(left, lo, c)
        new_c = hi - gr * (hi - lo)
        new_d = lo + gr * (hi - lo)
        # reuse the surviving interior point
        d_next = np.where(left, c, new_d)
        c_next = np.where(left, new_c, d)
        fd_keep = np.where(left, fc, fd)
        fc_keep = np.where(left, fc, fd)
        c, d = c_next, d_next
        f_new = _ar1_profile(np.where(left, c, d), X, Y)[0]
        fc = np.where(left, f_new, fc_keep)
        fd = np.where(left, fd_keep, f_new)
    phi = 0.5 * (lo + hi)
    ll, beta, s2, Xs = _ar1_profile(phi, X, Y)
    xtx = np.einsum("bni,bnj->bij", Xs, Xs)
    cov = (s2 * n / (n - p))[:, None, None] * np.linalg.inv(xtx)
    se = np.sqrt(np.einsum("bii->bi", cov))
    return {"phi": phi, "beta": beta, "cov": cov, "sigma2_ml": s2, "loglik": ll,
            "t": beta / se, "df": n - p}


def _ar1_fit(X: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """AR(1)-ML fit of one series (wraps :func:`_ar1_ml_batch`)."""
    out = _ar1_ml_batch(X, y[None, :])
    beta = out["beta"][0]
    return {"beta": beta, "cov": out["cov"][0], "resid": y - X @ beta, "df": out["df"],
            "sigma2": float(out["sigma2_ml"][0]) * X.shape[0] / out["df"],
            "phi": float(out["phi"][0]), "loglik": float(out["loglik"][0])}


def _fit(X: np.ndarray, y: np.ndarray, ar: int) -> dict[str, Any]:
    return _ols_core(X, y) if ar == 0 else _ar1_fit(X, y)


def _scan_fit_statistics(y: np.ndarray, full: dict[str, Any],
                         restricted_resids: list[np.ndarray]
                         ) -> tuple[float, int, int, float, float, float, list[float]]:
    """F test against the intercept-only model, R^2, adjusted R^2 and R^2 change per term,
    with scan 0.67.1 ``plm``'s formulas (also for AR = 1, where it uses the raw residuals)."""
    n = y.size
    resid = full["resid"]
    df_resid = full["df"]
    df_effect = full["beta"].size - 1
    qse = float(resid @ resid)
    qst = float(((y - y.mean()) ** 2).sum())
    F = ((qst - qse) / df_effect) / (qse / df_resid)
    F_p = float(stats.f.sf(F, df_effect, df_resid))
    total_var = qst / (n - 1)
    r2 = 1.0 - float(np.var(resid, ddof=1)) / total_var
    r2_adj = 1.0 - (1.0 - r2) * ((n - 1) / df_resid)
    changes = [r2 - (1.0 - float(np.var(r, ddof=1)) / total_var) for r in restricted_resids]
    return float(F), df_effect, df_resid, F_p, r2, r2_adj, changes


def _lag1(x: np.ndarray) -> float:
    # Plain lag-1 autocorrelation of the residuals, no bias correction: the diagnostic behind
    # the autocorrelation warning and ``residual_autocorrelation`` (NaN for constant
    # residuals). The tests' own phi is AR(1)-ML (_ar1_ml_batch), mean-bias corrected by
    # simulation for the bootstrap null (_mean_unbiased_phi), unlike alliance._ar1_fit
    # (Kendall's closed-form correction) and changepoint._ar1fit.phi_hat (regression-residual
    # correction).
    x = x - x.mean()
    den = float(x @ x)
    return float(x[1:] @ x[:-1]) / den if den > 0 else math.nan


def _simulate_ar1(z: np.ndarray, phi: float) -> np.ndarray:
    """Stationary AR(1) series with unit innovation SD from standard normals ``z`` (B, n)."""
    return ar1_recursion(z[:, 0] / math.sqrt(1.0 - phi**2), z, phi)


# Largest |phi| used for simulating bootstrap null series (keeps them stationary).
_PHI_SIM_BOUND = 0.95


def _mean_unbiased_phi(X0: np.ndarray, phi_hat: float, rng: np.random.Generator,
                       n_sim: int = 199,
                       max_iter: int = 20, tol: float = 1e-3) -> float:
    """Mean-bias-corrected AR(1) coefficient for the null model (indirect inference).

    Finds phi with E[phi_hat*(phi)] = phi_hat, where phi_hat* is the AR(1)-ML estimate on
    series simulated from the null design with coefficient phi (common random numbers,
    fixed-point iteration phi <- phi + (phi_hat - mean phi_hat*)), clipped to +-0.95.
    The ML estimate is strongly biased towards 0 (negative) in short series with a
    trend/level/slope design (e.g. mean -0.22 at phi = 0, 0.13 at phi = 0.6 for n = 20).
    """
    n = X0.shape[0]
    z = rng.standard_normal((n_sim, n))
    phi = phi_hat
    for _ in range(max_iter):
        est = float(np.mean(_ar1_ml_batch(X0, _simulate_ar1(z, phi), iters=40)["phi"]))
        new = float(np.clip(phi + (phi_hat - est), -_PHI_SIM_BOUND, _PHI_SIM_BOUND))
        if abs(new - phi) < tol:
            return new
        phi = new
    return phi


@overload
def _bootstrap_null_t(X: np.ndarray, y: np.ndarray, ar: int, term: int, n_boot: int,
                      rng: np.random.Generator, *,
                      return_phi: Literal[False] = ...) -> np.ndarray: ...


@overload
def _bootstrap_null_t(X: np.ndarray, y: np.ndarray, ar: int, term: int, n_boot: int,
                      rng: np.random.Generator, *,
                      return_phi: Literal[True]) -> tuple[np.ndarray, float]: ...


def _bootstrap_null_t(X: np.ndarray, y: np.ndarray, ar: int, term: int, n_boot: int,
                      rng: np.random.Generator, *,
                      return_phi: bool = False) -> np.ndarray | tuple[np.ndarray, float]:
    """Parametric bootstrap of the t statistic of column ``term`` under the null model.

    The null model (design without ``term``) is fitted by AR(1)-ML and its phi is
    mean-bias corrected (:func:`_mean_unbiased_phi`); ``n_boot`` stationary AR(1) series with
    that phi are simulated and the full model (OLS if ``ar`` = 0, AR(1)-ML if 1) is refitted
    to each. The t statistic of a coefficient whose regressor is absent from the null model
    does not depend on the null coefficients or on the innovation variance (the fitted
    null mean lies in the column space of X and t is scale-free), so only phi matters.
    Returns the simulated t statistics (and the phi used when ``return_phi``).
    """
    n = y.size
    X0 = np.delete(X, term, axis=1)
    null = _ar1_ml_batch(X0, y[None, :])
    phi0 = _mean_unbiased_phi(X0, float(null["phi"][0]), rng)
    Ystar = _simulate_ar1(rng.standard_normal((n_boot, n)), phi0)
    if ar == 1:
        tstar = _ar1_ml_batch(X, Ystar, iters=40)["t"][:, term]
    else:
        xtx_inv = np.linalg.inv(X.T @ X)
        beta = Ystar @ X @ xtx_inv  # (B, p)
        r = Ystar - beta @ X.T
        s2r = (r**2).sum(axis=1) / (n - X.shape[1])
        tstar = beta[:, term] / np.sqrt(s2r * xtx_inv[term, term])
    return (tstar, phi0) if return_phi else tstar


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------

class PiecewiseRegressionResult(Result):
    """Result of :func:`piecewise_regression`.

    ``.summary`` is the coefficient table (one row per term and case). With one case the key
    numbers are also fields (plain Python floats); with ``by="case"`` these fields are NaN and
    ``.summary`` and ``.fit_statistics`` hold every case.

    Attributes
    ----------
    level_change : float
        Level change at the first treatment session (raw, B − A).
    level_se : float
        Its standard error.
    level_p : float
        Its two-sided p-value, t(n − p).
    level_ci_lower : float
        Lower limit of its t interval at ``confidence``.
    level_ci_upper : float
        Upper limit of that interval.
    level_improvement : float
        ``level_change`` oriented so that positive = improvement (NaN without
        ``improvement``).
    level_p_bootstrap : float
        Parametric-bootstrap p of the level change (``inference="bootstrap"``; NaN otherwise).
    slope_change : float
        Slope change (raw, B − A).
    slope_se : float
        Its standard error.
    slope_p : float
        Its two-sided p-value.
    slope_ci_lower : float
        Lower limit of its t interval.
    slope_ci_upper : float
        Upper limit of that interval.
    slope_improvement : float
        ``slope_change`` oriented so that positive = improvement.
    slope_p_bootstrap : float
        Parametric-bootstrap p of the slope change (NaN without the bootstrap).
    phi : float
        AR(1) coefficient (NaN for OLS).
    F : float
        F statistic of the model against the intercept-only model (scan's formulas).
    F_p : float
        Its p-value.
    r2 : float
        R² (scan's formula).
    r2_adj : float
        Adjusted R².
    loglik : float
        Log-likelihood of the fit.
    residual_autocorrelation : float
        Lag-1 autocorrelation of the residuals (whitened residuals with ``ar=1``).
    sigma : float
        Residual SD (innovation SD with ``ar=1``).
    df_resid : int or None
        Residual degrees of freedom n − 4 (None with several cases).
    n : int
        Number of observations (all cases).
    session : int or float
        The last baseline session: the last session before the phase change (NaN with
        several cases; see ``fit_statistics``).
    start_session : int or float
        The first treatment session (NaN with several cases).
    fit_statistics : pandas.DataFrame
        One row per case: ``case, n, n_a, n_b, session, start_session, ar, phi, sigma,
        loglik, F, df1, df2, F_p, r2, r2_adj, residual_autocorrelation``.
    design : pandas.DataFrame
        The regressors used: ``case, session, y, mt, phaseB, interB``.
    model : str
        The coding (``"W"``, ``"H-M"``, ``"B&L-B"``).
    ar : int
        0 (OLS) or 1 (AR(1) errors).
    improvement : str or None
        The direction of improvement used to orient the effects.
    confidence : float
        Level of the t intervals.
    """

    level_change: float = math.nan
    level_se: float = math.nan
    level_p: float = math.nan
    level_ci_lower: float = math.nan
    level_ci_upper: float = math.nan
    level_improvement: float = math.nan
    level_p_bootstrap: float = math.nan
    slope_change: float = math.nan
    slope_se: float = math.nan
    slope_p: float = math.nan
    slope_ci_lower: float = math.nan
    slope_ci_upper: float = math.nan
    slope_improvement: float = math.nan
    slope_p_bootstrap: float = math.nan
    phi: float = math.nan
    F: float = math.nan
    F_p: float = math.nan
    r2: float = math.nan
    r2_adj: float = math.nan
    loglik: float = math.nan
    residual_autocorrelation: float = math.nan
    sigma: float = math.nan
    df_resid: int | None = None
    n: int
    session: int | float = math.nan
    start_session: int | float = math.nan
    fit_statistics: pd.DataFrame
    design: pd.DataFrame
    model: str
    ar: int
    improvement: str | None = None
    confidence: float


class MultilevelPiecewiseResult(Result):
    """Result of :func:`multilevel_piecewise_regression`.

    ``.summary`` holds the fixed effects.

    Attributes
    ----------
    level_change : float
        Fixed level change (raw, B − A).
    level_se : float
        Its standard error.
    level_p : float
        Its two-sided Wald p-value.
    level_ci_lower : float
        Lower limit of its Wald interval at ``confidence``.
    level_ci_upper : float
        Upper limit of that interval.
    level_improvement : float
        ``level_change`` oriented so that positive = improvement (NaN without
        ``improvement``).
    slope_change : float
        Fixed slope change (raw, B − A).
    slope_se : float
        Its standard error.
    slope_p : float
        Its two-sided Wald p-value.
    slope_ci_lower : float
        Lower limit of its Wald interval.
    slope_ci_upper : float
        Upper limit of that interval.
    slope_improvement : float
        ``slope_change`` oriented so that positive = improvement.
    random_effects : pandas.DataFrame
        ``component, variance``: the variance components.
    random_slope : bool
        Whether a random trend per case was kept.
    phase_changes : pandas.DataFrame
        One row per case: ``case, n, n_a, n_b, session, start_session`` (the last baseline
        and the first treatment session).
    n_cases : int
        Number of cases.
    n : int
        Number of observations.
    loglik : float
        Log-likelihood of the mixed model (ML).
    """

    level_change: float
    level_se: float
    level_p: float
    level_ci_lower: float
    level_ci_upper: float
    level_improvement: float
    slope_change: float
    slope_se: float
    slope_p: float
    slope_ci_lower: float
    slope_ci_upper: float
    slope_improvement: float
    random_effects: pd.DataFrame
    random_slope: bool
    phase_changes: pd.DataFrame
    n_cases: int
    n: int
    loglik: float


def _effect_fields(table: pd.DataFrame, orient: int) -> dict[str, Any]:
    """``level_*`` and ``slope_*`` fields from a coefficient table (``term`` column)."""
    out = {}
    for name in ("level", "slope"):
        row = table[table["term"] == name].iloc[0]
        est = float(row["estimate"])
        out.update({f"{name}_change": est, f"{name}_se": float(row["se"]),
                    f"{name}_p": float(row["p"]), f"{name}_ci_lower": float(row["ci_lower"]),
                    f"{name}_ci_upper": float(row["ci_upper"]),
                    f"{name}_improvement": orient * est if orient else math.nan})
        if "p_bootstrap" in table.columns:
            out[f"{name}_p_bootstrap"] = float(row["p_bootstrap"])
    return out


def _phase_change_rows(series: list[ABSeries]) -> list[dict[str, Any]]:
    return [{"case": s.case, "n": s.n, "n_a": s.n_a, "n_b": s.n_b,
             "session": s.last_baseline_session, "start_session": s.first_treatment_session}
            for s in series]


def _orientation(improvement: str | Instrument | None,
                 notes: list[str]) -> tuple[str | None, int]:
    """The direction of improvement (None stays None) and its sign for the effects."""
    found = resolve_improvement(improvement, required=False)
    if found.improvement is not None and found.source != "stated":
        notes.append(f"direction of improvement: {found.improvement} ({found.source})")
    if found.improvement is None:
        return None, 0
    return found.improvement, 1 if found.improvement == "increase" else -1


# ---------------------------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------------------------

@renamed_arguments(phase="phases", session="sessions", outcome="value_col",
                   baseline="baseline_phase", treatment="treatment_phase")
def piecewise_regression(data: pd.DataFrame | ArrayLike | None = None, *,
                         values: ArrayLike | None = None, phases: ArrayLike | None = None,
                         sessions: ArrayLike | None = None, value_col: str = "value",
                         phase_col: str = "phase", session_col: str = "session",
                         case: Hashable = None, case_col: str = "case",
                         measure: str | None = None, measure_col: str = "measure",
                         baseline_phase: Hashable = "A", treatment_phase: Hashable = "B",
                         model: str = "W", ar: int = 1,
                         improvement: str | Instrument | None = None,
                         confidence: float = 0.95, inference: str = "bootstrap",
                         n_boot: int = 999, seed: int | np.random.Generator | None = None,
                         phase_definition: str | pd.DataFrame | None = None,
                         by: str | None = None,
                         missing: str = "error") -> PiecewiseRegressionResult:
    r"""Piecewise regression at a known phase change (scan ``plm``), OLS or AR(1) errors.

    Fits :math:`y_t = \beta_0 + \beta_1\,mt_t + \beta_2\,phaseB_t + \beta_3\,interB_t + e_t`
    where :math:`\beta_2` is the level change and :math:`\beta_3` the slope change at the
    first treatment session.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Tidy long table with columns ``value_col``, ``phase_col`` and optionally
        ``session_col`` and ``case_col`` (one measure, or ``measure=`` to pick one). Rows are
        ordered by session. An array given here is taken as ``values``.
    values, phases, sessions : array-like, optional
        Alternative to ``data`` for one series: values, phase labels and (optional) session
        numbers (default 1..n).
    value_col, phase_col, session_col, case_col, measure_col : str
        Column names in ``data`` (defaults follow the casekit tidy data model).
    case, measure : optional
        Which case and measure of ``data`` to fit (labels).
    baseline_phase, treatment_phase : str
        Labels of the baseline and treatment phases. Other phase labels are an error (select
        the two phases to compare first).
    model : {"W", "H-M", "B&L-B"}
        Coding of the regressors (scan's labels; see Notes).
    ar : {1, 0}
        1 (default): AR(1) errors, exact Gaussian maximum likelihood (scan ``AR = 1``).
        0: independent errors, OLS (scan's default ``AR = 0``; with ``inference="t"`` this
        is the named scan variant, liberal under autocorrelation: up to 27 % type I error).
    improvement : {"increase", "decrease"}, str or Instrument, optional
        Direction of improvement, or an instrument that gives it. It orients
        ``level_improvement``/``slope_improvement`` (and the ``*_improvement`` columns):
        positive = improvement, i.e. the raw B - A coefficient times -1 for "decrease". The
        coefficient table itself keeps scan's raw signs (B - A); the tests are two-sided.
        Without it the oriented values are NaN.
    confidence : float
        Level of the intervals (default 0.95).
    inference : {"bootstrap", "t"}
        "bootstrap" (default): a two-sided parametric-bootstrap p for the level and slope
        changes (column ``p_bootstrap``, fields ``level_p_bootstrap``,
        ``slope_p_bootstrap``): the t statistic is referred to its distribution in
        ``n_boot`` series simulated from the null model (the term removed) fitted with
        AR(1)-ML, with its phi mean-bias corrected (Notes); the level and slope intervals
        are the bootstrap-t intervals from the same simulated distribution (column
        ``ci_method``). With ``ar=1`` this is the calibrated procedure
        (``docs/calibration.md``). "t" (scan/nlme, the named parity variant): two-sided p
        from t(n - p) and t intervals; liberal for short autocorrelated series.
    n_boot : int
        Number of bootstrap series (default 999).
    seed : int, numpy Generator or None
        Seed of the bootstrap (stored in the result).
    phase_definition : {"a_priori", "data_driven", "post_hoc"} or pandas.DataFrame, optional
        How the phase change was defined (a string, or the casekit phases table with a
        ``definition`` column). Anything but "a_priori" raises a
        :class:`~casekit.DataDrivenPhaseWarning` and a note in the result.
    by : {None, "case"}
        With several cases in ``data``, ``by="case"`` fits each case separately (stacked
        results). For a joint model use :func:`multilevel_piecewise_regression`.
    missing : {"error", "drop", "include_imputed"}
        Missing values raise an error naming their rows and sessions unless "drop" (the
        sessions dropped are listed in the notes). AR(1) then treats the remaining rows as
        consecutive.

    Returns
    -------
    PiecewiseRegressionResult
        ``.summary`` columns: ``case``, ``term`` (intercept, trend, level, slope),
        ``scan_term`` ((Intercept), mt, phaseB, interB), ``estimate`` (raw, B - A),
        ``se``, ``t``, ``df`` (n - p), ``p`` (two-sided, t(n - p)), ``ci_lower``,
        ``ci_upper`` (at ``confidence``: bootstrap-t for level and slope with
        ``inference="bootstrap"``, t otherwise), ``ci_method`` ("bootstrap-t" or "t"),
        ``estimate_improvement``,
        ``ci_lower_improvement``, ``ci_upper_improvement`` (oriented: positive =
        improvement; NaN without ``improvement``), ``r2_change`` (scan's delta R^2 of the
        term; NaN for the intercept) and, with ``inference="bootstrap"``, ``p_bootstrap``
        (level and slope rows). ``.fit_statistics`` columns: ``case``, ``n``, ``n_a``,
        ``n_b``, ``session`` (last baseline session), ``start_session`` (first treatment
        session), ``ar``, ``phi``, ``sigma``, ``loglik``, ``F``, ``df1``, ``df2``, ``F_p``,
        ``r2``, ``r2_adj``, ``residual_autocorrelation``.

    Warns
    -----
    AutocorrelationWarning
        ``ar=0`` and the lag-1 autocorrelation of the OLS residuals is at least
        1.96/sqrt(n): the OLS t-test assumes independent errors and is anti-conservative
        under positive autocorrelation.
    DataDrivenPhaseWarning
        ``phase_definition`` is data-driven or post hoc.

    See Also
    --------
    multilevel_piecewise_regression : several cases in one mixed model.
    casekit.randomization_test : a design-based test of the phase difference.

    Notes
    -----
    **Codings** (scan 0.67.1 ``plm``, read in ``R/plm.R`` and checked against the design
    vectors of the reference values): with session numbers :math:`mt` and :math:`mt_B` the
    session of the first treatment point,

    * ``"W"`` (default): trend = :math:`mt - mt_1`; interB = :math:`mt - mt_B` in B
      (0 at the first B point);
    * ``"H-M"``: trend = :math:`mt`; interB as in W;
    * ``"B&L-B"``: trend = :math:`mt`; interB = :math:`mt - mt_B + 1` in B (1 at the first
      B point).

    So the level change is the jump at the first B session under W and H-M, and one session
    earlier under B&L-B. Session numbers with gaps enter the trend as given.

    **OLS** (``ar=0``) mirrors ``glm(values ~ 1 + mt + phaseB + interB)``: classical
    standard errors, t(n - 4) tests, F test of the model against the intercept-only model,
    :math:`R^2 = 1 - \mathrm{var}(e)/\mathrm{var}(y)` and scan's :math:`\Delta R^2` of each
    term (R^2 of the full model minus that of the model without the term). The OLS t-test
    assumes independent errors; with positive autocorrelation, common in session series, it
    is anti-conservative (``docs/calibration_its.md``), hence the warning.

    **AR(1)** (``ar=1``) mirrors ``nlme::gls(correlation = corARMA(p = 1), method = "ML")``
    as scan calls it: exact Gaussian likelihood with stationary AR(1) errors. For fixed
    :math:`\phi` the Prais-Winsten transform (first row times :math:`\sqrt{1-\phi^2}`, later
    rows :math:`z_t - \phi z_{t-1}`) whitens the errors; :math:`\beta` and
    :math:`\sigma^2 = RSS^*/n` are then closed-form and the concentrated log-likelihood
    :math:`-\tfrac n2(\log 2\pi\hat\sigma^2 + 1) + \tfrac12\log(1-\phi^2)` is maximised over
    :math:`\phi\in(-1, 1)` (grid bracket + golden section; Beach & MacKinnon 1978). Standard
    errors are those gls reports: :math:`RSS^*/(n-p)\,(X^{*\prime}X^*)^{-1}` (φ treated as
    known), with t(n - p) tests. Rows are treated as equally spaced (as gls without a
    ``form``), whatever the session numbers. The F test, R² and ΔR² use scan's formulas on the
    untransformed residuals (the ΔR² refits each reduced model by AR(1)-ML, as scan does).
    statsmodels ``GLSAR`` (iterative FGLS) gives slightly different numbers.

    Agreement with scan 0.67.1 (57 reference series): OLS to 1e-8; AR(1) estimates and SEs to
    about 1e-5 relative (nlme stops its optimiser earlier than casekit's profile search).

    :math:`\hat\phi` is biased towards zero and imprecise for n of about 20-40 sessions (its
    SE is roughly :math:`\sqrt{(1-\phi^2)/n}`), and the gls SEs ignore its uncertainty, so the
    t(n - p) test is liberal for short series even when phi = 0 (about 11 % rejections at a
    nominal 5 % for n = 20; ``docs/calibration_its.md``). The parametric bootstrap
    (``inference="bootstrap"``) refers the same t statistic to its null distribution
    simulated from the model without the tested term. Because the t statistic of that term
    depends on the null model only through phi, and the ML phi is biased towards 0 (and
    below), the simulation uses a mean-bias-corrected phi: the value whose simulated ML
    estimates average the observed one (indirect inference, 199 series with common random
    numbers, clipped to +-0.95). p = (1 + #{|t*| >= |t|})/(n_boot + 1). The interval for
    the level (slope) change is the symmetric bootstrap-t interval
    :math:`\hat\beta \pm q^*_{1-\alpha}\,SE`, with :math:`q^*_{1-\alpha}` the
    1 - alpha quantile of :math:`|t^*|` (Efron & Tibshirani 1993, ch. 12; Davison & Hinkley
    1997, §5.2). Given φ, the distribution of :math:`(\hat\beta - \beta)/SE` does not
    depend on :math:`\beta` (nor on the other coefficients or the innovation SD), so the
    interval excludes 0 exactly when the bootstrap test rejects. The simulated φ is that of
    the null model (the term removed), which absorbs part of a real change, so the interval
    is not an exact inversion of the test when the change is not zero. Its coverage of a
    true 1-SD level change, measured in ``docs/calibration.md`` (``its_coverage``, 60
    replications per cell, all 16 cells of n in {12, 16, 20, 40} and φ in {0, .3, .6, .8}),
    was 93.2 % on average, 85-98 %: 85 % with 5 baseline sessions, n = 12 and φ = .8, and
    92 % in three further cells (within two Monte Carlo SEs of 95 %). Treat the interval
    as approximate for very short, strongly autocorrelated series. These are the
    defaults (``ar=1``, ``inference="bootstrap"``) since issue 17; ``ar=0,
    inference="t"`` reproduces scan's default ``plm`` and ``ar=1, inference="t"`` scan's
    ``AR = 1`` (both named variants, the R-parity tests use them). The ``p`` column is the
    t(n - p) p-value of the fitted model in every case (scan's number); with the bootstrap
    report ``p_bootstrap``, not ``p``.

    References
    ----------
    Huitema & McKean (2000), https://doi.org/10.1177/00131640021970358; Beretvas & Chung
    (2008), https://doi.org/10.1080/17489530802446328; Beach & MacKinnon (1978),
    https://doi.org/10.2307/1913644; Pinheiro & Bates (2000),
    https://doi.org/10.1007/b98882; scan 0.67.1 (Wilbert & Lueke); Efron & Tibshirani
    (1993), An Introduction to the Bootstrap, https://doi.org/10.1201/9780429246593;
    Davison & Hinkley (1997), Bootstrap Methods and their Application,
    https://doi.org/10.1017/CBO9780511802843.

    Examples
    --------
    >>> import casekit
    >>> y = [54, 53, 56, 58, 52, 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
    >>> res = casekit.piecewise_regression(values=y, phases=["A"] * 5 + ["B"] * 15,
    ...                                    improvement="increase", ar=0, inference="t")
    >>> round(res.level_change, 6), res.session, res.start_session
    (7.858333, 5, 6)
    """
    model, ar, confidence, inference, missing, by = _check_plm_options(
        model, ar, confidence, inference, missing, by)
    notes: list[str] = []
    improvement, orient = _orientation(improvement, notes)
    if inference == "t" and ar == 0:
        notes.append("inference='t' with ar=0: scan's OLS t-tests, which assume independent "
                     "errors (type I error up to 27 % on autocorrelated series; "
                     "docs/calibration.md); the calibrated default is ar=1, "
                     "inference='bootstrap'")
    elif inference == "t":
        notes.append("inference='t': the AR(1) t-test treats phi as known (type I error "
                     "10-19 % in short series; docs/calibration.md); the calibrated default "
                     "is inference='bootstrap'")
    n_boot = check_int(n_boot, "n_boot", minimum=19)
    rng, seed_used = make_rng(seed) if inference == "bootstrap" else (None, None)
    frame = data if isinstance(data, pd.DataFrame) else None
    if data is not None and frame is None:
        if values is not None:
            raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
        values = data  # an array as the first argument is the values
    series, input_notes = ab_series(
        frame, values, phases, sessions, value_col=value_col, session_col=session_col,
        phase_col=phase_col, case=case, case_col=case_col, measure=measure,
        measure_col=measure_col, baseline_phase=baseline_phase,
        treatment_phase=treatment_phase, missing=missing, what="fit the piecewise regression")
    if len(series) > 1 and by is None:
        raise ValueError(
            f"data holds {len(series)} cases ({', '.join(s.case for s in series[:5])}"
            f"{', ...' if len(series) > 5 else ''}); pass by='case' to fit each case "
            "separately, or use multilevel_piecewise_regression for a joint model")
    notes = input_notes + notes
    fits = []
    for s in series:
        fits.append(_fit_case(s, model=model, ar=ar, confidence=confidence, orient=orient,
                              inference=inference, n_boot=n_boot, rng=rng,
                              phase_definition=phase_definition, notes=notes))
    if ar == 1:
        notes.append("phi is biased towards 0 and imprecise for n of about 20-40; the gls "
                     "standard errors treat it as known")
    if inference == "bootstrap":
        notes.append(f"p_bootstrap: parametric bootstrap under the fitted null AR(1) model, "
                     f"{n_boot} series; level and slope intervals: bootstrap-t from the same "
                     "series (coverage checked in docs/calibration.md); "
                     "p: t(n - p) of the fitted model, shown for scan parity only")
    options = {"model": model, "ar": ar, "improvement": improvement,
               "confidence": confidence, "inference": inference,
               **({"n_boot": n_boot} if inference == "bootstrap" else {}),
               "baseline": baseline_phase, "treatment": treatment_phase}
    return _plm_result(fits, orient, options, notes, seed_used)


def _check_plm_options(model: str, ar: int, confidence: float, inference: str, missing: str,
                       by: str | None) -> tuple[str, int, float, str, str, str | None]:
    model = check_option(model, "model", MODELS)
    if isinstance(ar, bool) or ar not in AR_OPTIONS:
        raise ValueError(f"ar must be one of 0, 1; got {ar!r}")
    confidence = check_ci_level(confidence)
    inference = check_option(inference, "inference", INFERENCE_OPTIONS)
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    if by is not None:
        by = check_option(by, "by", ("case",))
    return model, int(ar), confidence, inference, missing, by


def _fit_case(s: ABSeries, *, model: str, ar: int, confidence: float, orient: int,
              inference: str, n_boot: int, rng: np.random.Generator | None,
              phase_definition: str | pd.DataFrame | None, notes: list[str]) -> dict[str, Any]:
    """Fit one case: coefficient table, fit statistics and design (notes appended)."""
    case, ses, is_b, y = s.case, s.sessions, s.is_b, s.values
    dd = phase_definition_note(phase_definition, case, stacklevel=4)
    if dd and dd not in notes:
        notes.append(dd)
    n = y.size
    if n < 6:
        raise NotEnoughPointsError(
            f"case {case!r}: {n} observations; the piecewise model (4 coefficients) needs "
            "at least 6")
    X = _plm_design(ses, is_b, model)
    if ar == 1 and np.any(np.diff(ses) != 1.0):
        notes.append(f"case {case}: session numbers have gaps; the AR(1) errors treat "
                     "consecutive rows as one lag apart (as nlme::gls without a form)")
    full = _fit(X, y, ar)
    restricted = [_fit(np.delete(X, j, axis=1), y, ar)["resid"] for j in (1, 2, 3)]
    F, df1, df2, F_p, r2, r2_adj, changes = _scan_fit_statistics(y, full, restricted)
    tab = _coefficient_table(case, full, confidence, orient)
    tab["r2_change"] = [math.nan, *changes]
    loc = tab.columns.get_loc("ci_upper")
    assert isinstance(loc, int)  # the column names are unique
    tab.insert(loc + 1, "ci_method", "t")
    if inference == "bootstrap":
        assert rng is not None  # piecewise_regression makes one for the bootstrap
        t = tab["t"].to_numpy()
        pb = [math.nan, math.nan]
        for term in (2, 3):
            tstar = _bootstrap_null_t(X, y, ar, term, n_boot, rng)
            pb.append((1.0 + float(np.sum(np.abs(tstar) >= abs(t[term]) - 1e-12)))
                      / (n_boot + 1.0))
            q = float(np.quantile(np.abs(tstar), confidence))
            # (tab has the default index: label ``term`` is row ``term``)
            est = float(tab["estimate"].to_numpy(float)[term])
            se = float(tab["se"].to_numpy(float)[term])
            lo, hi = est - q * se, est + q * se
            tab.loc[term, ["ci_lower", "ci_upper"]] = [lo, hi]
            tab.loc[term, "ci_method"] = "bootstrap-t"
            if orient:
                tab.loc[term, ["ci_lower_improvement", "ci_upper_improvement"]] = (
                    [lo, hi] if orient > 0 else [-hi, -lo])
        tab["p_bootstrap"] = pb
    r1 = _lag1(full["resid"]) if ar == 0 else _lag1(_pw_resid(full, y))
    if ar == 0 and n > 2 and r1 >= 1.96 / math.sqrt(n):
        warnings.warn(
            f"case {case!r}: the lag-1 autocorrelation of the OLS residuals is "
            f"{r1:.2f} (>= 1.96/sqrt(n) = {1.96 / math.sqrt(n):.2f}); the OLS t-test "
            "assumes independent errors and is anti-conservative under positive "
            "autocorrelation. Consider ar=1 with inference='bootstrap'.",
            AutocorrelationWarning, stacklevel=4)
        notes.append(f"case {case}: residual lag-1 autocorrelation {r1:.2f}; OLS p-values are "
                     "anti-conservative under positive autocorrelation")
    fit = {**_phase_change_rows([s])[0], "ar": ar, "phi": full["phi"],
           "sigma": math.sqrt(full["sigma2"]), "loglik": full["loglik"], "F": F, "df1": df1,
           "df2": df2, "F_p": F_p, "r2": r2, "r2_adj": r2_adj, "residual_autocorrelation": r1}
    design = pd.DataFrame({"case": case, "session": ses, "y": y, "mt": X[:, 1],
                           "phaseB": X[:, 2], "interB": X[:, 3]})
    return {"table": tab, "fit": fit, "design": design}


def _coefficient_table(case: Hashable, full: dict[str, Any], confidence: float,
                       orient: int) -> pd.DataFrame:
    se = np.sqrt(np.diag(full["cov"]))
    t = full["beta"] / se
    df = full["df"]
    p = 2.0 * stats.t.sf(np.abs(t), df)
    tq = float(stats.t.ppf(0.5 + confidence / 2.0, df))
    lo, hi = full["beta"] - tq * se, full["beta"] + tq * se
    tab = pd.DataFrame({
        "case": case, "term": list(TERMS), "scan_term": list(SCAN_TERMS),
        "estimate": full["beta"], "se": se, "t": t, "df": float(df), "p": p,
        "ci_lower": lo, "ci_upper": hi,
    })
    if orient:
        tab["estimate_improvement"] = orient * tab["estimate"]
        tab["ci_lower_improvement"] = np.where(orient > 0, lo, -hi)
        tab["ci_upper_improvement"] = np.where(orient > 0, hi, -lo)
    else:
        tab["estimate_improvement"] = np.nan
        tab["ci_lower_improvement"] = np.nan
        tab["ci_upper_improvement"] = np.nan
    tab.loc[:0, "estimate_improvement"] = np.nan  # intercept is not an effect
    tab.loc[:0, "ci_lower_improvement"] = np.nan
    tab.loc[:0, "ci_upper_improvement"] = np.nan
    return tab


def _plm_result(fits: list[dict[str, Any]], orient: int, options: dict[str, Any],
                notes: list[str], seed_used: int | None) -> PiecewiseRegressionResult:
    table = pd.concat([f["table"] for f in fits], ignore_index=True)
    fit_stats = pd.DataFrame([f["fit"] for f in fits])
    model, ar = options["model"], options["ar"]
    fields: dict[str, Any] = {
        "fit_statistics": fit_stats,
        "design": pd.concat([f["design"] for f in fits], ignore_index=True),
        "model": model, "ar": ar, "improvement": options["improvement"],
        "confidence": options["confidence"]}
    if len(fits) == 1:
        f = fits[0]["fit"]
        fields.update(_effect_fields(table, orient))
        fields.update({key: float(f[key]) for key in (
            "phi", "F", "F_p", "r2", "r2_adj", "loglik", "residual_autocorrelation", "sigma")})
        fields.update(df_resid=int(f["df2"]), n=int(f["n"]), session=f["session"],
                      start_session=f["start_session"])
    else:
        fields["n"] = int(fit_stats["n"].sum())
    errors = "OLS" if ar == 0 else "AR(1) errors, exact ML"
    return PiecewiseRegressionResult(
        table, method=f"Piecewise regression (scan plm, {errors}, model {model})",
        variant=f"scan plm coding {model}, {errors}, "
                + ("t-tests" if options["inference"] == "t"
                   else "t-tests and parametric-bootstrap p-values")
                + (", each case fitted separately" if len(fits) > 1 else ""),
        options=options,
        reference=PLM_REFERENCE + ("; " + AR1_REFERENCE if ar == 1 else ""),
        mirrors=(f"scan::plm(model = '{model}', AR = {ar})"
                 + ("" if ar == 0 else " -> nlme::gls(corARMA(p = 1), method = 'ML')")),
        seed=seed_used, notes=notes, **fields)


def _pw_resid(full: dict[str, Any], y: np.ndarray) -> np.ndarray:
    """Whitened (innovation) residuals of an AR(1) fit."""
    phi = full["phi"]
    r = full["resid"]
    out: np.ndarray = np.empty_like(r)
    out[0] = math.sqrt(1 - phi**2) * r[0]
    out[1:] = r[1:] - phi * r[:-1]
    return out


@renamed_arguments(outcome="value_col", baseline="baseline_phase",
                   treatment="treatment_phase")
def multilevel_piecewise_regression(data: pd.DataFrame, *, value_col: str = "value",
                                    phase_col: str = "phase", session_col: str = "session",
                                    case_col: str = "case", measure: str | None = None,
                                    measure_col: str = "measure",
                                    baseline_phase: Hashable = "A",
                                    treatment_phase: Hashable = "B", model: str = "W",
                                    improvement: str | Instrument | None = None,
                                    confidence: float = 0.95, random_slope: bool = True,
                                    phase_definition: str | pd.DataFrame | None = None,
                                    missing: str = "error") -> MultilevelPiecewiseResult:
    r"""Multilevel piecewise regression for several cases (multiple-baseline designs).

    Fits the scan ``plm`` design of every case (``model`` coding per case) in one linear
    mixed model with fixed intercept, trend, level and slope effects, a random intercept per
    case and, when ``random_slope`` and it converges, a random trend per case:
    :math:`y_{ti} = (\beta_0 + u_{0i}) + (\beta_1 + u_{1i})\,mt_{ti} + \beta_2\,phaseB_{ti}
    + \beta_3\,interB_{ti} + e_{ti}`.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy long table with several cases (``case_col``), ``session_col``, ``phase_col`` and
        ``value_col`` (one measure, or ``measure=`` to pick one).
    value_col, phase_col, session_col, case_col, measure_col, measure, baseline_phase, \
treatment_phase, model, improvement, confidence, phase_definition, missing
        As in :func:`piecewise_regression`.
    random_slope : bool
        Try a random trend per case (kept only if the fit converges without warnings and the
        random-effects covariance is not singular); otherwise random intercept only.

    Returns
    -------
    MultilevelPiecewiseResult
        ``.summary`` columns: ``term``, ``estimate``, ``se``, ``z``, ``p`` (two-sided,
        normal, as statsmodels MixedLM reports), ``ci_lower``, ``ci_upper``,
        ``estimate_improvement`` (positive = improvement). ``.random_effects``: ``component``,
        ``variance``; ``.phase_changes``: the phase change of every case in sessions. Fields
        ``level_change``, ``slope_change`` (+ ``_se``, ``_p``, ``_ci_lower``, ``_ci_upper``,
        ``_improvement``), ``random_slope``, ``n_cases``, ``n``, ``loglik``.

    See Also
    --------
    piecewise_regression : one case, or each case separately with ``by="case"``.

    Notes
    -----
    Fitted by maximum likelihood (``reml=False``) with ``statsmodels`` ``MixedLM``, as scan
    ``hplm`` defaults to ML (``nlme::lme``); Wald z tests (statsmodels) rather than lme's
    t tests with between/within df, so p-values are slightly smaller than scan ``hplm``'s for
    few cases. Errors are independent within a case (no AR(1) term). With few cases the
    random-effect variances are poorly estimated. Not checked against reference values.

    References
    ----------
    Van den Noortgate & Onghena (2003), https://doi.org/10.3758/BF03195492; Huitema & McKean
    (2000), https://doi.org/10.1177/00131640021970358.
    """
    model = check_option(model, "model", MODELS)
    confidence = check_ci_level(confidence)
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    notes: list[str] = []
    improvement, orient = _orientation(improvement, notes)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    require_columns(data, {"case_col": case_col})
    series, input_notes = ab_series(
        data, None, None, None, value_col=value_col, session_col=session_col,
        phase_col=phase_col, case=None, case_col=case_col, measure=measure,
        measure_col=measure_col, baseline_phase=baseline_phase,
        treatment_phase=treatment_phase, missing=missing, what="fit the piecewise regression")
    if len(series) < 2:
        raise NotEnoughPointsError("multilevel_piecewise_regression needs at least 2 cases; "
                                   "use piecewise_regression for one case")
    notes = input_notes + notes
    for s in series:
        dd = phase_definition_note(phase_definition, s.case, stacklevel=3)
        if dd and dd not in notes:
            notes.append(dd)
    df = pd.concat([_case_frame(s, model) for s in series], ignore_index=True)
    fit, used_slope = _mixed_fit(df, random_slope, notes)
    table = _fixed_effects(fit, confidence, orient)
    cov_re = np.atleast_2d(np.asarray(fit.cov_re, dtype=float))
    comps = [("intercept", float(cov_re[0, 0]))]
    if used_slope:
        comps += [("trend", float(cov_re[1, 1])), ("intercept:trend", float(cov_re[0, 1]))]
    comps.append(("residual", float(fit.scale)))
    return MultilevelPiecewiseResult(
        table, method=f"Multilevel piecewise regression (model {model}, ML)",
        variant=f"scan plm coding {model} per case; random intercept"
                + (" and trend" if used_slope else "") + " per case; ML; Wald z tests",
        options={"model": model, "improvement": improvement, "confidence": confidence,
                 "random_slope": used_slope},
        reference=MLM_REFERENCE + "; " + PLM_REFERENCE,
        mirrors=f"scan::hplm(model = '{model}', method = 'ML') (not checked numerically)",
        notes=notes, random_effects=pd.DataFrame(comps, columns=["component", "variance"]),
        random_slope=used_slope, phase_changes=pd.DataFrame(_phase_change_rows(series)),
        n_cases=len(series), n=int(len(df)), loglik=float(fit.llf),
        **_effect_fields(table.rename(columns={"z": "t"}), orient))


def _case_frame(s: ABSeries, model: str) -> pd.DataFrame:
    X = _plm_design(s.sessions, s.is_b, model)
    return pd.DataFrame({"case": s.case, "y": s.values, "mt": X[:, 1], "phaseB": X[:, 2],
                         "interB": X[:, 3]})


def _mixed_fit(df: pd.DataFrame, random_slope: bool,
               notes: list[str]) -> tuple[MixedLMResults, bool]:
    """MixedLM (ML) with a random intercept, and a random trend when it fits cleanly."""
    exog = add_constant(df[["mt", "phaseB", "interB"]].to_numpy(float), has_constant="add")
    groups = df["case"].to_numpy(object)
    if random_slope:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                cand = MixedLM(df["y"].to_numpy(float), exog, groups,
                                  exog_re=exog[:, :2]).fit(reml=False)
                cov_re = np.asarray(cand.cov_re, dtype=float)
                ok = (cand.converged and not caught
                      and np.all(np.linalg.eigvalsh(cov_re) > 1e-8 * max(1.0, cand.scale)))
            except (np.linalg.LinAlgError, ValueError):
                ok = False
        if ok:
            return cand, True
        notes.append("random trend per case dropped (did not converge or singular); "
                     "random intercept only")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = MixedLM(df["y"].to_numpy(float), exog, groups).fit(reml=False)
    if caught:
        notes.append("MixedLM warned: " + "; ".join(str(w.message) for w in caught)[:300])
    return fit, False


def _fixed_effects(fit: MixedLMResults, confidence: float, orient: int) -> pd.DataFrame:
    beta = np.asarray(fit.fe_params, dtype=float)
    se = np.asarray(fit.bse_fe, dtype=float)
    z = beta / se
    p = 2.0 * stats.norm.sf(np.abs(z))
    q = float(stats.norm.ppf(0.5 + confidence / 2.0))
    table = pd.DataFrame({"term": list(TERMS), "estimate": beta, "se": se, "z": z, "p": p,
                          "ci_lower": beta - q * se, "ci_upper": beta + q * se})
    table["estimate_improvement"] = (orient * table["estimate"]) if orient else np.nan
    table.loc[:0, "estimate_improvement"] = np.nan
    return table

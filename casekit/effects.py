"""Single-case (within-case) effect sizes for an A (baseline) vs. B (treatment) comparison.

Non-overlap indices (NAP, Tau, Tau-U, Tau-BC, PND, PEM, PAND, IRD), parametric indices (SMD,
LRRd, LRRi, PoGO) and a fast batch calculator, :func:`effect_sizes`, for many cases and
measures at once.

Definitions, defaults and labels follow the R package **SingleCaseES 0.7.4** (Pustejovsky,
Chen, Grekov & Swan); the variants of the R package **scan 0.67.1** (Wilbert & Lueke) are
available through arguments (Tau-U ``method="complete" | "parker" | "tarlow"``, PAND
``method="sort"``, PEM ``ties=0``, the SMD variants of ``scan::smd``). Overlap indices are
returned as **proportions** (0-1), never percentages. Every function takes
``improvement="increase" | "decrease"`` (or ``instrument=``, whose registry entry gives the
direction); for "decrease" both phases are multiplied by -1 first, so a positive NAP - 0.5, Tau,
Tau-U, Tau-BC or SMD always means improvement. LRRd is the exception: a *negative* LRRd is an
improvement, a positive LRRi is an improvement (Pustejovsky 2018).

Each function accepts either two arrays (``nap(baseline, treatment, improvement=...)``, values
in session order) or a tidy table (``nap(data=df, outcome="value", phase="phase",
baseline_phase="A", treatment_phase="B", session="session", improvement=...)``) holding one
series, and returns an :class:`EffectSizeResult`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import _effects_core as core
from ._validate import (
    as_float_array,
    check_ci_level,
    check_float,
    check_improvement,
    check_option,
)
from .exceptions import CaseDataError, CaseDataWarning, NotEnoughPointsError, ShortPhaseWarning
from .results import Result

__all__ = [
    "EffectSizeResult",
    "nap",
    "tau",
    "tau_u",
    "tau_bc",
    "pnd",
    "pem",
    "pand",
    "ird",
    "smd",
    "lrr_d",
    "lrr_i",
    "pogo",
    "effect_sizes",
]

_SCES = "SingleCaseES 0.7.4"
_SCAN = "scan 0.67.1"
_MISSING_OPTIONS = ("error", "drop")


# ------------------------------------------------------------------------------------------
# result object
# ------------------------------------------------------------------------------------------


class EffectSizeResult(Result):
    """Result of one effect size for one A-B comparison.

    Attributes
    ----------
    es : str
        Label of the index (SingleCaseES labels: ``"NAP"``, ``"Tau"``, ``"Tau-U"``,
        ``"Tau-BC"``, ``"PND"``, ``"PEM"``, ``"PAND"``, ``"IRD"``, ``"SMD"``, ``"LRRd"``,
        ``"LRRi"``, ``"PoGO"``).
    est, se, ci_lower, ci_upper : float
        Estimate, standard error and confidence limits (Python floats; NaN where the method
        defines none).
    n_baseline, n_treatment : int
        Number of points used in each phase.
    table : pandas.DataFrame or None
        Extra table (the six scan rows of :func:`tau_u` for the scan methods).
    summary : pandas.DataFrame
        One row: ``es, est, se, ci_lower, ci_upper, n_baseline, n_treatment``, then the
        method-specific columns and the options (``improvement`` ...).
    """

    def __init__(self, es: str, est, se=math.nan, ci_lower=math.nan, ci_upper=math.nan, *,
                 n_baseline: int, n_treatment: int, extra: dict | None = None,
                 options: dict | None = None, table: pd.DataFrame | None = None, **kwargs):
        self.es = es
        self.est = _f(est)
        self.se = _f(se)
        self.ci_lower = _f(ci_lower)
        self.ci_upper = _f(ci_upper)
        self.n_baseline = int(n_baseline)
        self.n_treatment = int(n_treatment)
        self.table = table
        row = {"es": es, "est": self.est, "se": self.se, "ci_lower": self.ci_lower,
               "ci_upper": self.ci_upper, "n_baseline": self.n_baseline,
               "n_treatment": self.n_treatment}
        for k, v in (extra or {}).items():
            row[k] = _f(v) if isinstance(v, (float, np.floating)) else v
            if k not in ("es",) and not hasattr(self, k):
                setattr(self, k, row[k])
        opts = dict(options or {})
        for k, v in opts.items():
            row.setdefault(k, v)
        super().__init__(pd.DataFrame([row]), options=opts, **kwargs)

    def __float__(self) -> float:
        return self.est

    def to_text(self, decimals: int | None = None) -> str:
        """Plain-text display; the scan Tau-U table (if any) is printed under the summary."""
        text = super().to_text(decimals)
        if self.table is not None:
            from .results import format_frame

            d = self.decimals if decimals is None else int(decimals)
            text += "\n" + format_frame(self.table, d).to_string(index=False)
        return text


def _f(x) -> float:
    if x is None:
        return math.nan
    return float(x)


# ------------------------------------------------------------------------------------------
# input handling
# ------------------------------------------------------------------------------------------

_INPUT_DOC = """baseline, treatment : array_like, optional
        Baseline (A) and treatment (B) values **in session order**. Give these, or ``data``.
    data : pandas.DataFrame, optional
        Tidy table holding one series (one case and measure), with the columns named by
        ``outcome``, ``phase`` and (if present) ``session``. Rows of other phases are ignored;
        a row without a phase label is an error.
    outcome, phase, session : str
        Column names (defaults ``"value"``, ``"phase"``, ``"session"``). Rows are put in
        ``session`` order when that column exists; otherwise the row order is used (and a
        note says so).
    baseline_phase, treatment_phase : str
        Labels of the two phases in ``phase`` (defaults ``"A"`` and ``"B"``).
    improvement : {"increase", "decrease"}
        Direction of improvement. Required unless ``instrument`` gives it.
    instrument : str or Instrument, optional
        Registry instrument whose ``improvement`` is used when ``improvement`` is None.
    missing : {"error", "drop"}
        Missing values raise an error (default) or are dropped and reported in the result's
        notes."""


def _doc(func):
    func.__doc__ = func.__doc__.replace("%(input)s", _INPUT_DOC)
    return func


def _resolve_improvement(improvement, instrument) -> str:
    if improvement is None and instrument is not None:
        from .registry import get_instrument

        return check_improvement(get_instrument(instrument).improvement,
                                 "instrument.improvement")
    imp = check_improvement(improvement)
    if instrument is not None:
        from .registry import get_instrument

        reg = get_instrument(instrument).improvement
        if reg != imp:
            raise ValueError(f"improvement={imp!r} contradicts the registry direction of "
                             f"instrument {instrument!r} ({reg!r}); pass only one of them")
    return imp


def _get_series(baseline, treatment, data, outcome, phase, baseline_phase, treatment_phase,
                session, missing):
    """Return (a, b, notes) as float arrays in session order, missing values handled."""
    missing = check_option(missing, "missing", _MISSING_OPTIONS)
    notes: list[str] = []
    if data is not None:
        if baseline is not None or treatment is not None:
            raise TypeError("give either baseline and treatment values or data=, not both")
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
        for arg, col in (("outcome", outcome), ("phase", phase)):
            if col not in data.columns:
                raise ValueError(f"{arg}={col!r} is not a column of data; columns are "
                                 f"{list(map(str, data.columns))}")
        for col in ("case", "measure"):
            if col in data.columns and data[col].nunique(dropna=False) > 1:
                vals = list(map(str, pd.unique(data[col])))[:10]
                raise ValueError(
                    f"data holds several values of {col!r} ({vals}); this function takes one "
                    "series: filter the data or use casekit.effect_sizes(data, by=[...])")
        _check_phase_labels(data, phase)
        phases_present = list(map(str, pd.unique(data[phase].dropna())))
        for arg, lab in (("baseline_phase", baseline_phase), ("treatment_phase", treatment_phase)):
            if lab not in set(data[phase].dropna().tolist()):
                raise ValueError(f"{arg}={lab!r} does not occur in column {phase!r}; phases "
                                 f"present: {phases_present}")
        df = data
        if session is not None and session in df.columns:
            if df[session].isna().any():
                rows = df.index[df[session].isna().to_numpy()].tolist()
                raise CaseDataError([{"row": r, "column": session, "value": None,
                                      "problem": "missing session number"} for r in rows])
            df = df.sort_values(session, kind="stable")
            sub = df[df[phase].isin([baseline_phase, treatment_phase])]
            dup = sub[session].duplicated(keep=False).to_numpy()
            if dup.any():
                raise CaseDataError([
                    {"row": int(i), "column": session, "value": v,
                     "problem": "duplicated session number (order of the series is ambiguous)"}
                    for i, v in zip(sub.index[dup], sub[session][dup], strict=True)])
        else:
            if session is not None and session != "session":
                raise ValueError(f"session={session!r} is not a column of data; columns are "
                                 f"{list(map(str, data.columns))} (pass session=None to use "
                                 "the row order)")
            notes.append("no session column: rows used in the order given")
        try:
            vals = pd.to_numeric(df[outcome], errors="raise")
        except (TypeError, ValueError) as exc:
            raise TypeError(f"column {outcome!r} must be numeric ({exc})") from exc
        a_mask = (df[phase] == baseline_phase).to_numpy()
        b_mask = (df[phase] == treatment_phase).to_numpy()
        v = vals.to_numpy(dtype=float, na_value=np.nan)
        a, b = v[a_mask], v[b_mask]
        idx_a, idx_b = df.index[a_mask], df.index[b_mask]
        label_a = [f"row {i}" for i in idx_a]
        label_b = [f"row {i}" for i in idx_b]
    else:
        if baseline is None or treatment is None:
            raise TypeError("give baseline and treatment values (or data=)")
        a = as_float_array(baseline, "baseline", allow_nan=True)
        b = as_float_array(treatment, "treatment", allow_nan=True)
        label_a = [f"baseline position {i}" for i in range(a.size)]
        label_b = [f"treatment position {i}" for i in range(b.size)]
    na_a, na_b = np.isnan(a), np.isnan(b)
    if na_a.any() or na_b.any():
        where = [label_a[i] for i in np.flatnonzero(na_a)] + [
            label_b[i] for i in np.flatnonzero(na_b)]
        if missing == "error":
            raise CaseDataError(
                [{"row": w, "column": outcome if data is not None else None, "value": None,
                  "problem": "missing value"} for w in where],
                title=f"{len(where)} missing value(s); pass missing='drop' to drop them "
                      "(they are then reported in the result's notes)")
        notes.append(f"dropped {len(where)} missing value(s): {', '.join(where)}")
        a, b = a[~na_a], b[~na_b]
    if np.isinf(a).any() or np.isinf(b).any():
        raise ValueError("the values contain infinite numbers")
    for name, arr in (("baseline", a), ("treatment", b)):
        if arr.size == 0:
            raise NotEnoughPointsError(f"the {name} phase has no (non-missing) values")
    return a, b, notes


def _check_phase_labels(data, phase):
    """A row without a phase label cannot be assigned to a phase: error, never ignored."""
    na = data[phase].isna().to_numpy()
    if na.any():
        raise CaseDataError(
            [{"row": i, "column": phase, "value": None,
              "problem": "missing phase label (set it, or filter the row out first)"}
             for i in data.index[na]],
            title=f"{int(na.sum())} row(s) without a phase label")


def _check_batch_sessions(df, by, session):
    """Missing or duplicated session numbers within a series (as the single functions)."""
    if session is None or session not in df.columns:
        return
    problems = [{"row": i, "column": session, "value": None,
                 "problem": "missing session number"}
                for i in df.index[df[session].isna().to_numpy()]]
    dup = df.duplicated([*by, session], keep=False).to_numpy() & df[session].notna().to_numpy()
    problems += [{"row": i, "column": session, "value": v,
                  "problem": "duplicated session number (order of the series is ambiguous)"}
                 for i, v in zip(df.index[dup], df[session][dup], strict=True)]
    if problems:
        raise CaseDataError(problems)


def _common(baseline, treatment, data, outcome, phase, baseline_phase, treatment_phase, session,
            improvement, instrument, missing):
    imp = _resolve_improvement(improvement, instrument)
    a, b, notes = _get_series(baseline, treatment, data, outcome, phase, baseline_phase,
                              treatment_phase, session, missing)
    return a, b, imp, notes


def _sign(imp: str) -> float:
    return -1.0 if imp == "decrease" else 1.0


def _short_phase_note(a, b, what: str, notes: list[str]):
    short = [p for p, x in (("baseline", a), ("treatment", b)) if x.size < 2]
    if short:
        msg = f"{' and '.join(short)} phase has 1 point: {what}"
        warnings.warn(msg, ShortPhaseWarning, stacklevel=4)
        notes.append(msg)


# ------------------------------------------------------------------------------------------
# NAP and Tau
# ------------------------------------------------------------------------------------------

_SE_OPTIONS = ("unbiased", "Hanley", "null", "none")
_NAP_REF = ("Parker, R. I., & Vannest, K. J. (2009). Behavior Therapy, 40(4), 357-367. "
            "doi:10.1016/j.beth.2008.10.006; Newcombe, R. G. (2006). Statistics in Medicine, "
            "25(4), 559-573. doi:10.1002/sim.2324")


def _nap_parts(a, b, imp, se, confidence, notes):
    s = _sign(imp)
    r = core.nap_core(s * a, s * b, se)
    if se == "unbiased":
        _short_phase_note(a, b, "the unbiased NAP/Tau SE divides by (m - 1)(n - 1) and is NaN",
                          notes)
    lo, hi = core.newcombe_ci(r["nap"], a.size, b.size, confidence)
    if r["nap"] in (0.0, 1.0):
        notes.append("NAP is at its bound: the Newcombe limits collapse to the bound, as in "
                     "SingleCaseES 0.7.4 (score function is 0 at the end point)")
    return r, lo, hi


@_doc
def nap(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
        baseline_phase="A", treatment_phase="B", session="session", improvement=None,
        instrument=None, se="unbiased", confidence=0.95, missing="error") -> EffectSizeResult:
    r"""Non-overlap of all pairs (NAP; Parker & Vannest 2009), a proportion in [0, 1].

    Parameters
    ----------
    %(input)s
    se : {"unbiased", "Hanley", "null", "none"}
        Standard-error formula (default ``"unbiased"``, Sen 1967 / Mee 1990).
    confidence : float
        Level of the Newcombe (2006) method-5 interval (default 0.95).

    Returns
    -------
    EffectSizeResult
        ``.summary`` columns ``es`` ("NAP"), ``est``, ``se``, ``ci_lower``, ``ci_upper``,
        ``n_baseline``, ``n_treatment``, ``improvement``, ``se_method``, ``confidence``.

    See Also
    --------
    tau : 2 NAP - 1.
    effect_sizes : many series and indices at once.

    Notes
    -----
    With Q_ij = I(b_j > a_i) + 0.5 I(b_j = a_i), NAP = (1 / mn) sum_ij Q_ij (null 0.5).
    Let Q1 = sum_i (sum_j (Q_ij - NAP))^2 / (m n^2), Q2 = sum_j (sum_i (Q_ij - NAP))^2 /
    (m^2 n), X = sum_ij (Q_ij - NAP)^2 / (mn) and NAP* = min(max(NAP, .5/mn), 1 - .5/mn).

    * ``"unbiased"``: V = [NAP*(1 - NAP*) + n Q1 + m Q2 - 2X] / [(m - 1)(n - 1)]
      (NaN with a one-point phase, with a :class:`~casekit.ShortPhaseWarning`);
    * ``"Hanley"``: V = [NAP*(1 - NAP*) + (n - 1) Q1 + (m - 1) Q2] / (mn);
    * ``"null"``: V = (m + n + 1) / (12 mn).

    The CI limits are the roots in (0, NAP) and (NAP, 1) of
    mn (NAP - x)^2 (2 - x)(1 + x) = z^2 x (1 - x) [2 + h + (1 + 2h) x (1 - x)],
    h = (m + n)/2 - 1, found with ``scipy.optimize.brentq`` (R uses ``uniroot``, whose
    default tolerance leaves differences up to ~3e-5). At NAP = 1 (0) SingleCaseES returns the
    degenerate interval [1, 1] ([0, 0]); casekit mirrors this and adds a note. Unlike
    SingleCaseES, the CI is also reported with ``se="none"``.

    Mirrors ``SingleCaseES::NAP`` (0.7.4); equals ``scan::nap`` (which reports percentages).

    References
    ----------
    Parker, R. I., & Vannest, K. J. (2009). An improved effect size for single-case research:
    Nonoverlap of all pairs. Behavior Therapy, 40(4), 357-367. doi:10.1016/j.beth.2008.10.006

    Newcombe, R. G. (2006). Confidence intervals for an effect size measure based on the
    Mann-Whitney statistic. Part 2. Statistics in Medicine, 25(4), 559-573. doi:10.1002/sim.2324

    Mee, W. (1990). Confidence intervals for probabilities and tolerance regions based on a
    generalization of the Mann-Whitney statistic. JASA, 85(411), 793-800.
    doi:10.1080/01621459.1990.10474942

    Examples
    --------
    >>> from casekit.effects import nap
    >>> r = nap([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], improvement="increase")
    >>> round(r.est, 6)
    0.916667
    """
    se = check_option(se, "se", _SE_OPTIONS)
    confidence = check_ci_level(confidence)
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    r, lo, hi = _nap_parts(a, b, imp, se, confidence, notes)
    return EffectSizeResult(
        "NAP", r["nap"], r["se"], lo, hi, n_baseline=a.size, n_treatment=b.size,
        options={"improvement": imp, "se_method": se, "confidence": confidence},
        method="NAP (Parker & Vannest 2009)", reference=_NAP_REF,
        mirrors=f"{_SCES} NAP(SE = '{se}', confidence = {confidence})", notes=notes)


@_doc
def tau(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
        baseline_phase="A", treatment_phase="B", session="session", improvement=None,
        instrument=None, se="unbiased", confidence=0.95, missing="error") -> EffectSizeResult:
    r"""Tau (non-overlap; Parker, Vannest, Davis & Sauber 2011) = 2 NAP - 1, in [-1, 1].

    Parameters
    ----------
    %(input)s
    se : {"unbiased", "Hanley", "null", "none"}
        NAP standard-error formula; SE_Tau = 2 SE_NAP.
    confidence : float
        Confidence level; CI_Tau = 2 CI_NAP - 1 (Newcombe method 5).

    Returns
    -------
    EffectSizeResult
        ``es`` = "Tau", ``est``, ``se``, ``ci_lower``, ``ci_upper`` + options.

    See Also
    --------
    nap, tau_u, tau_bc

    Notes
    -----
    Tau = (#{b_j > a_i} - #{b_j < a_i}) / (mn); ties count 0. Mirrors ``SingleCaseES::Tau``
    (0.7.4). This is *not* Kendall's tau-b between values and phase (see
    :func:`tau_u` with ``method="complete"``, row "A vs. B").

    References
    ----------
    Parker, R. I., Vannest, K. J., Davis, J. L., & Sauber, S. B. (2011). Combining nonoverlap
    and trend for single-case research: Tau-U. Behavior Therapy, 42(2), 284-299.
    doi:10.1016/j.beth.2010.08.006

    Examples
    --------
    >>> from casekit.effects import tau
    >>> round(tau([3, 3, 4, 5], [4, 5, 6, 7, 7], improvement="increase").est, 6)
    0.8
    """
    se = check_option(se, "se", _SE_OPTIONS)
    confidence = check_ci_level(confidence)
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    r, lo, hi = _nap_parts(a, b, imp, se, confidence, notes)
    return EffectSizeResult(
        "Tau", 2 * r["nap"] - 1, 2 * r["se"], 2 * lo - 1, 2 * hi - 1, n_baseline=a.size,
        n_treatment=b.size,
        options={"improvement": imp, "se_method": se, "confidence": confidence},
        method="Tau (non-overlap; Parker et al. 2011)",
        reference="Parker, Vannest, Davis & Sauber (2011). doi:10.1016/j.beth.2010.08.006",
        mirrors=f"{_SCES} Tau(SE = '{se}', confidence = {confidence})", notes=notes)


# ------------------------------------------------------------------------------------------
# Tau-U
# ------------------------------------------------------------------------------------------

_TAU_U_METHODS = ("singlecasees", "complete", "parker", "tarlow")


@_doc
def tau_u(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
          baseline_phase="A", treatment_phase="B", session="session", improvement=None,
          instrument=None, method="singlecasees", tau_method="b", confidence=0.95,
          missing="error") -> EffectSizeResult:
    r"""Tau-U (Parker, Vannest, Davis & Sauber 2011): A vs. B corrected for baseline trend.

    Parameters
    ----------
    %(input)s
    method : {"singlecasees", "complete", "parker", "tarlow"}
        ``"singlecasees"`` (default): Tau-U = (S_AB - S_A) / (m n), exactly
        ``SingleCaseES::Tau_U`` (no SE). The others reproduce ``scan::tau_u(method = ...)``
        and return its six-row table in ``.table``.
    tau_method : {"b", "a"}
        Kendall tau-b or tau-a denominators for ``method="complete"`` (scan's default "b");
        ignored by "parker" and "tarlow", which force tau-a (as scan does).
    confidence : float
        Level of scan's Fisher-z interval for the scan methods.

    Returns
    -------
    EffectSizeResult
        ``es`` = "Tau-U". For "singlecasees": ``est`` and the counts ``S_AB``, ``S_A``
        (``se`` and CI are NaN). For the scan methods the headline row is
        "A vs. B - Trend A" (the row scan reports as ``tau_u``): ``est`` = its Tau, ``se`` =
        SE_Tau, CI, ``z``, ``p``; ``.table`` has the rows "A vs. B", "Trend A", "Trend B",
        "A vs. B - Trend A", "A vs. B + Trend B", "A vs. B + Trend B - Trend A" with the
        columns ``row, pairs, pos, neg, ties, S, D, Tau, CI lower, CI upper, SD_S, VAR_S,
        SE_Tau, Z, p, n`` as in scan.

    See Also
    --------
    tau, tau_bc

    Notes
    -----
    S_AB = sum_ij sign(b_j - a_i); S_A = sum_{i<k} sign(a_k - a_i) (Kendall's S of the
    baseline against time). SingleCaseES's Tau-U is Parker's "A vs. B - Trend A" with the mn
    denominator; it can exceed 1 in absolute value (scan ``exampleABC`` Marie: 1.10).

    The name "Tau-U" covers several computations that give different numbers: scan's default
    (``method="complete"``, tau-b) divides S by the tau-b denominator of all pairs used
    (sim01: -0.635 vs 0.993 here); ``"parker"`` equals SingleCaseES in its "A vs. B - Trend A"
    row; ``"tarlow"`` uses tau-a with a continuity correction S - sign(S) in the z test; the
    singlecaseresearch.org calculator differs again (Brossart et al. 2018). Always report
    which one was used. scan has no direction argument; casekit applies ``improvement`` (for
    "decrease" the values are negated) so that positive always means improvement.
    scan's CIs are tanh(atanh(Tau) +/- z / sqrt(n - 3)) and inherit R's arithmetic of
    infinities: NaN when Tau = 1 or |Tau| > 1, [-1, -1] when Tau = -1, an upper limit of NaN
    when n = 3.

    References
    ----------
    Parker, R. I., Vannest, K. J., Davis, J. L., & Sauber, S. B. (2011). Combining nonoverlap
    and trend for single-case research: Tau-U. Behavior Therapy, 42(2), 284-299.
    doi:10.1016/j.beth.2010.08.006

    Brossart, D. F., Laird, V. C., & Armstrong, T. W. (2018). Interpreting Kendall's Tau and
    Tau-U for single-case experimental designs. Cogent Psychology, 5(1).
    doi:10.1080/23311908.2018.1518687

    Examples
    --------
    >>> from casekit.effects import tau_u
    >>> tau_u([3, 3, 4, 5], [4, 5, 6, 7, 7], improvement="increase").est
    0.55
    """
    method = check_option(method, "method", _TAU_U_METHODS)
    tau_method = check_option(tau_method, "tau_method", ("b", "a"))
    confidence = check_ci_level(confidence)
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    s = _sign(imp)
    opts = {"improvement": imp, "method": method}
    if method == "singlecasees":
        r = core.tau_u_core(s * a, s * b)
        return EffectSizeResult(
            "Tau-U", r["tau_u"], n_baseline=a.size, n_treatment=b.size,
            extra={"S_AB": r["S_AB"], "S_A": r["S_A"]}, options=opts,
            method="Tau-U = (S_AB - S_A) / (m n) (Parker et al. 2011, 'A vs. B - Trend A')",
            reference="Parker, Vannest, Davis & Sauber (2011). doi:10.1016/j.beth.2010.08.006",
            mirrors=f"{_SCES} Tau_U()", notes=notes)
    eff_tm = "a" if method in ("parker", "tarlow") else tau_method
    if method == "complete":
        opts["tau_method"] = tau_method
    opts["confidence"] = confidence
    rows = core.scan_tau_u_table(s * a, s * b, method, tau_method, confidence)
    table = pd.DataFrame(rows)
    head = rows[3]
    if a.size < 2:
        notes.append("one baseline point: the 'Trend A' rows have no pairs")
    return EffectSizeResult(
        "Tau-U", head["Tau"], head["SE_Tau"], head["CI lower"], head["CI upper"],
        n_baseline=a.size, n_treatment=b.size,
        extra={"row": head["row"], "z": head["Z"], "p": head["p"], "tau_method_used": eff_tm},
        options=opts, table=table,
        method=f"Tau-U, scan method '{method}' (row 'A vs. B - Trend A')",
        reference="Parker, Vannest, Davis & Sauber (2011). doi:10.1016/j.beth.2010.08.006; "
                  "Brossart et al. (2018). doi:10.1080/23311908.2018.1518687",
        mirrors=(f"{_SCAN} tau_u(method = '{method}', tau_method = '{tau_method}', "
                 f"ci = {confidence}, ci_method = 'z')"), notes=notes)


# ------------------------------------------------------------------------------------------
# Tau-BC
# ------------------------------------------------------------------------------------------


@_doc
def tau_bc(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
           baseline_phase="A", treatment_phase="B", session="session", improvement=None,
           instrument=None, kendall=False, pretest_trend=False, se="unbiased",
           confidence=0.95, missing="error") -> EffectSizeResult:
    r"""Baseline-corrected Tau (Tau-BC; Tarlow 2017).

    Parameters
    ----------
    %(input)s
    kendall : bool
        False (default): non-overlap Tau of the detrended values, with the NAP-based SE and
        Newcombe CI. True: Tarlow's statistic, Kendall's tau-b between the detrended values
        and the phase dummy, SE = sqrt(2 (1 - tau^2) / (m + n)), Wald CI (not truncated to
        [-1, 1]).
    pretest_trend : False or float
        False (default) always corrects. A level alpha in (0, 1) corrects only when Kendall's
        test of the baseline trend has p <= alpha (Tarlow's original procedure).
    se : {"unbiased", "Hanley", "null", "none"}
        SE formula for ``kendall=False``.
    confidence : float
        Confidence level.

    Returns
    -------
    EffectSizeResult
        ``es`` = "Tau-BC", ``est``, ``se``, ``ci_lower``, ``ci_upper``, plus ``slope`` and
        ``intercept`` of the baseline Theil-Sen line (original scale), ``corrected`` (whether
        the correction was applied) and ``p_trend`` (the pretest p, NaN without pretest).

    See Also
    --------
    tau, tau_u

    Notes
    -----
    1. Theil-Sen line of the baseline against t = 1..m: slope = median_{i<k} (a_k - a_i) /
       (k - i), intercept = median(a_t - slope t).
    2. Both phases are detrended with it, t = 1..m+n (**row positions, not recorded session
       numbers**, as in SingleCaseES; scan's ``corrected_tau`` uses its ``mt`` values and
       corrects only when the trend is significant, so it differs on gapped sessions).
    3. Tau of the detrended values (``kendall=False``), or Kendall's tau-b (``kendall=True``;
       0 when all detrended values are equal).

    Kendall's tau-b and the pretest p-value are computed as R package Kendall 2.2.1 does,
    which SingleCaseES calls: in single precision (float32), with a normal approximation with
    continuity correction for p (p = 1 for 3 or fewer baseline points). Mirrors
    ``SingleCaseES::Tau_BC`` (0.7.4). The SEs ignore the uncertainty of the trend estimate.

    References
    ----------
    Tarlow, K. R. (2017). An improved rank correlation effect size statistic for single-case
    designs: Baseline corrected Tau. Behavior Modification, 41(4), 427-467.
    doi:10.1177/0145445516676750

    Examples
    --------
    >>> from casekit.effects import tau_bc
    >>> tau_bc([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], improvement="increase").est
    0.0
    """
    se = check_option(se, "se", _SE_OPTIONS)
    confidence = check_ci_level(confidence)
    kendall = _check_bool(kendall, "kendall")
    alpha = _check_pretest(pretest_trend)
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    r = _tau_bc_parts(a, b, imp, kendall, alpha, se, confidence, notes)
    return EffectSizeResult(
        "Tau-BC", r["est"], r["se"], r["lo"], r["hi"], n_baseline=a.size, n_treatment=b.size,
        extra={"slope": r["slope"], "intercept": r["intercept"], "corrected": r["corrected"],
               "p_trend": r["p_trend"]},
        options={"improvement": imp, "kendall": kendall,
                 "pretest_trend": False if alpha is None else alpha,
                 "se_method": se if not kendall else "kendall", "confidence": confidence},
        method="Tau-BC (Tarlow 2017)",
        reference="Tarlow (2017). Behavior Modification, 41(4), 427-467. "
                  "doi:10.1177/0145445516676750",
        mirrors=(f"{_SCES} Tau_BC(Kendall = {str(kendall).upper()}, pretest_trend = "
                 f"{'FALSE' if alpha is None else alpha}, SE = '{se}')"), notes=notes)


def _check_bool(v, name):
    if not isinstance(v, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {v!r}")
    return bool(v)


def _check_pretest(v):
    if v is False or v is None:
        return None
    if v is True:
        raise ValueError("pretest_trend must be False or a significance level in (0, 1); "
                         "got True")
    return check_float(v, "pretest_trend", minimum=0.0, maximum=1.0, inclusive=False)


def _tau_bc_parts(a, b, imp, kendall, alpha, se, confidence, notes):
    m, n = a.size, b.size
    if m < 2:
        raise NotEnoughPointsError("Tau-BC needs at least 2 baseline points to estimate the "
                                   f"baseline trend; got {m}")
    ta = np.arange(1, m + 1, dtype=float)
    tb = np.arange(m + 1, m + n + 1, dtype=float)
    slope, intercept = core.theil_sen(a, ta)
    p_trend = math.nan
    adjust = True
    if alpha is not None:
        p_trend = core.kendall_single_precision(a, ta)["p"]
        if p_trend > alpha:
            adjust = False
            notes.append(f"baseline trend not significant (Kendall p = {p_trend:.4g} > "
                         f"{alpha}): Tau computed without trend correction")
    if adjust:
        a2 = a - intercept - slope * ta
        b2 = b - intercept - slope * tb
    else:
        a2, b2 = a, b
    s = _sign(imp)
    if kendall:
        a2, b2 = s * a2, s * b2
        allv = np.concatenate((a2, b2))
        if np.std(allv) == 0:
            t = 0.0
        else:
            t = core.kendall_single_precision(allv, np.r_[np.zeros(m), np.ones(n)])["tau"]
        sev = math.sqrt((2 / (m + n)) * (1 - t**2))
        z = core._norm_ppf(1 - (1 - confidence) / 2)
        lo, hi = t - z * sev, t + z * sev
        est = t
    else:
        r, lo0, hi0 = _nap_parts(a2, b2, imp, se, confidence, notes)
        est, sev, lo, hi = 2 * r["nap"] - 1, 2 * r["se"], 2 * lo0 - 1, 2 * hi0 - 1
    return {"est": est, "se": sev, "lo": lo, "hi": hi, "slope": slope, "intercept": intercept,
            "corrected": adjust, "p_trend": p_trend}


# ------------------------------------------------------------------------------------------
# PND, PEM, PAND, IRD
# ------------------------------------------------------------------------------------------


@_doc
def pnd(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
        baseline_phase="A", treatment_phase="B", session="session", improvement=None,
        instrument=None, missing="error") -> EffectSizeResult:
    r"""Percentage of non-overlapping data (PND; Scruggs, Mastropieri & Casto 1987), as a
    proportion.

    Parameters
    ----------
    %(input)s

    Returns
    -------
    EffectSizeResult
        ``es`` = "PND", ``est`` in [0, 1]; ``se`` and CI are NaN (no sampling theory).

    See Also
    --------
    pem, pand, nap

    Notes
    -----
    PND = #{b_j > max(A)} / n ("decrease": #{b_j < min(A)} / n). Mirrors ``SingleCaseES::PND``;
    equals ``scan::pnd`` / 100. PND depends on the single most extreme baseline point.

    References
    ----------
    Scruggs, T. E., Mastropieri, M. A., & Casto, G. (1987). The quantitative synthesis of
    single-subject research. Remedial and Special Education, 8(2), 24-33.
    doi:10.1177/074193258700800206

    Examples
    --------
    >>> from casekit.effects import pnd
    >>> round(pnd([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
    ...           improvement="increase").est, 6)
    0.714286
    """
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    s = _sign(imp)
    return EffectSizeResult(
        "PND", core.pnd_core(s * a, s * b), n_baseline=a.size, n_treatment=b.size,
        options={"improvement": imp}, method="PND (Scruggs et al. 1987), proportion",
        reference="Scruggs, Mastropieri & Casto (1987). doi:10.1177/074193258700800206",
        mirrors=f"{_SCES} PND()", notes=notes)


@_doc
def pem(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
        baseline_phase="A", treatment_phase="B", session="session", improvement=None,
        instrument=None, ties=0.5, missing="error") -> EffectSizeResult:
    r"""Percentage exceeding the median (PEM; Ma 2006), as a proportion.

    Parameters
    ----------
    %(input)s
    ties : {0.5, 0}
        Weight of a treatment point equal to the baseline median: 0.5 (default,
        SingleCaseES) or 0 (scan ``pem``: ``mean(B > median(A))``).

    Returns
    -------
    EffectSizeResult
        ``es`` = "PEM", ``est`` in [0, 1]; no SE / CI.

    See Also
    --------
    pnd, nap

    Notes
    -----
    PEM = (1/n) sum_j [I(b_j > med(A)) + w I(b_j = med(A))] after orientation. The two tie
    rules differ in 3 of the 57 reference series (sim05: 0.475 vs 0.400). scan adds a
    binomial test, not provided here.

    References
    ----------
    Ma, H.-H. (2006). An alternative method for quantitative synthesis of single-subject
    researches: Percentage of data points exceeding the median. Behavior Modification, 30(5),
    598-617. doi:10.1177/0145445504272974

    Examples
    --------
    >>> from casekit.effects import pem
    >>> pem([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], improvement="increase").est
    1.0
    """
    if isinstance(ties, bool) or ties not in (0.5, 0, 0.0):
        raise ValueError(f"ties must be one of 0.5, 0; got {ties!r}")
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    s = _sign(imp)
    return EffectSizeResult(
        "PEM", core.pem_core(s * a, s * b, float(ties)), n_baseline=a.size, n_treatment=b.size,
        options={"improvement": imp, "ties": float(ties)},
        method="PEM (Ma 2006), proportion",
        reference="Ma (2006). doi:10.1177/0145445504272974",
        mirrors=f"{_SCES} PEM()" if ties == 0.5 else f"{_SCAN} pem() (ties count 0)",
        notes=notes)


@_doc
def pand(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
         baseline_phase="A", treatment_phase="B", session="session", improvement=None,
         instrument=None, method="minimum", missing="error") -> EffectSizeResult:
    r"""Percentage of all non-overlapping data (PAND; Parker, Hagan-Burke & Vannest 2007), as
    a proportion.

    Parameters
    ----------
    %(input)s
    method : {"minimum", "sort"}
        ``"minimum"`` (default; SingleCaseES, scan ``method = "minimum"``): the largest share
        of points that can be kept, keeping the lowest A and the highest B points, with every
        kept A point strictly below every kept B point. ``"sort"`` (scan's default; the
        algorithm printed in Parker et al. 2007): sort all values (ties ordered by phase),
        cross-tabulate the sorted phase sequence against the observed one, PAND = diagonal
        share; also gives ``phi``.

    Returns
    -------
    EffectSizeResult
        ``es`` = "PAND", ``est`` in [0, 1], ``overlaps`` (number of points removed /
        off-diagonal), and for "sort" ``phi`` = sqrt(chi^2 / N) of the 2 x 2 table.

    See Also
    --------
    ird, nap

    Notes
    -----
    "minimum" (Pustejovsky 2019): with sorted a_(1..m), a_(0) = -inf, PAND = max_i (i +
    #{b_j > a_(i)}) / (m + n). "sort" follows scan 0.67.1 on the raw values:
    ``order(values, phase, decreasing = improvement == "decrease")``; then
    phi = |AA N - m^2| / (m n). The two differ in 28 of the 57 reference series (Parker 2009
    data: 100 vs 86.96 %).

    References
    ----------
    Parker, R. I., Hagan-Burke, S., & Vannest, K. (2007). Percentage of all non-overlapping
    data (PAND): An alternative to PND. Journal of Special Education, 40(4), 194-204.
    doi:10.1177/00224669070400040101

    Pustejovsky, J. E. (2019). Procedural sensitivities of effect sizes for single-case
    designs with directly observed behavioral outcome measures. Psychological Methods, 24(2),
    217-235. doi:10.1037/met0000179

    Examples
    --------
    >>> from casekit.effects import pand
    >>> round(pand([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
    ...            improvement="increase").est, 6)
    0.846154
    """
    method = check_option(method, "method", ("minimum", "sort"))
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    s = _sign(imp)
    if method == "minimum":
        r = core.pand_minimum_core(s * a, s * b)
        extra = {"overlaps": r["overlaps"]}
        mirrors = f"{_SCES} PAND(); {_SCAN} pand(method = 'minimum')"
    else:
        r = core.pand_sort_core(a, b, imp == "decrease")
        extra = {"overlaps": r["overlaps"], "phi": r["phi"]}
        mirrors = f"{_SCAN} pand(method = 'sort')"
    return EffectSizeResult(
        "PAND", r["pand"], n_baseline=a.size, n_treatment=b.size, extra=extra,
        options={"improvement": imp, "method": method},
        method=f"PAND ({method}; Parker et al. 2007), proportion",
        reference="Parker, Hagan-Burke & Vannest (2007). doi:10.1177/00224669070400040101",
        mirrors=mirrors, notes=notes)


@_doc
def ird(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
        baseline_phase="A", treatment_phase="B", session="session", improvement=None,
        instrument=None, missing="error") -> EffectSizeResult:
    r"""Robust improvement rate difference (IRD; Parker, Vannest & Brown 2009).

    Parameters
    ----------
    %(input)s

    Returns
    -------
    EffectSizeResult
        ``es`` = "IRD", ``est``; no SE / CI.

    See Also
    --------
    pand

    Notes
    -----
    IRD = [(m + n)^2 PAND - m^2 - n^2] / (2 m n) = 1 - (m + n)^2 / (2mn) (1 - PAND), with the
    "minimum" PAND. Mirrors ``SingleCaseES::IRD``; equals ``scan::ird``.

    References
    ----------
    Parker, R. I., Vannest, K. J., & Brown, L. (2009). The improvement rate difference for
    single-case research. Exceptional Children, 75(2), 135-150.
    doi:10.1177/001440290907500201

    Examples
    --------
    >>> from casekit.effects import ird
    >>> round(ird([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
    ...           improvement="increase").est, 6)
    0.690476
    """
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    s = _sign(imp)
    m, n = a.size, b.size
    p = core.pand_minimum_core(s * a, s * b)["pand"]
    est = ((m + n) ** 2 * p - m**2 - n**2) / (2 * m * n)
    return EffectSizeResult(
        "IRD", est, n_baseline=m, n_treatment=n, options={"improvement": imp},
        method="Robust IRD (Parker, Vannest & Brown 2009)",
        reference="Parker, Vannest & Brown (2009). doi:10.1177/001440290907500201",
        mirrors=f"{_SCES} IRD()", notes=notes)


# ------------------------------------------------------------------------------------------
# SMD
# ------------------------------------------------------------------------------------------

_SMD_VARIANTS = {
    "Glass' delta": ("baseline", False),
    "Hedges' g": ("pool", False),
    "Hedges' g correction": ("pool", True),
    "Hedges' g durlak correction": ("pool", "durlak"),
    "Cohen's d": ("average", False),
}


@_doc
def smd(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
        baseline_phase="A", treatment_phase="B", session="session", improvement=None,
        instrument=None, std_dev="baseline", bias_correct=True, variant=None,
        confidence=0.95, missing="error") -> EffectSizeResult:
    r"""Within-case standardised mean difference (SMD).

    Parameters
    ----------
    %(input)s
    std_dev : {"baseline", "pool", "average"}
        Standardiser: the baseline SD (default), the pooled SD, or scan's Cohen's-d SD
        sqrt((S_A^2 + S_B^2) / 2) (no SE).
    bias_correct : bool or "durlak"
        Hedges' small-sample correction J = 1 - 3 / (4 df - 1) (default True); "durlak" uses
        scan's (N - 3) / (N - 2.25) sqrt((N - 2) / N) (pooled SD only; no SE).
    variant : str, optional
        A scan ``smd()`` column name, overriding ``std_dev`` and ``bias_correct``:
        "Glass' delta" (baseline, uncorrected), "Hedges' g" (pool, uncorrected),
        "Hedges' g correction" (pool, corrected), "Hedges' g durlak correction",
        "Cohen's d" (average SD, uncorrected).
    confidence : float
        Level of the Wald interval.

    Returns
    -------
    EffectSizeResult
        ``es`` = "SMD", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``sd`` (the
        standardiser), ``df``, ``J`` + options. A constant standardiser (SD = 0) gives NaN
        for everything, a :class:`~casekit.CaseDataWarning` and a note (never inf).

    Raises
    ------
    NotEnoughPointsError
        ``std_dev="baseline"`` with fewer than 2 baseline points.

    See Also
    --------
    lrr_d, nap

    Notes
    -----
    d = J (M_B - M_A) / s, sign flipped for "decrease". ``"baseline"``: s^2 = S_A^2,
    df = m - 1, SV1 = 1/m + S_B^2 / (n S_A^2); ``"pool"``: s^2 = ((m - 1) S_A^2 +
    (n - 1) S_B^2) / (m + n - 2), df = m + n - 2, SV1 = 1/m + 1/n. SE = J sqrt(SV1 +
    d^2 / (2 df)) with the corrected d; CI = d +/- z SE. Mirrors ``SingleCaseES::SMD``
    (0.7.4). scan's ``smd()`` columns are B - A without direction; casekit orients them.
    The SMD ignores autocorrelation and trend; it is not comparable with between-group d.

    References
    ----------
    Busk, P. L., & Serlin, R. C. (1992). Meta-analysis for single-case research. In
    Kratochwill & Levin (Eds.), Single-case research design and analysis. Erlbaum.

    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related
    estimators. Journal of Educational Statistics, 6(2), 107-128. doi:10.3102/10769986006002107

    Examples
    --------
    >>> from casekit.effects import smd
    >>> A = [54, 53, 56, 58, 52]
    >>> B = [61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
    >>> round(smd(A, B, improvement="increase", variant="Glass' delta").est, 4)
    8.1108
    """
    if variant is not None:
        variant = check_option(variant, "variant", tuple(_SMD_VARIANTS))
        std_dev, bias_correct = _SMD_VARIANTS[variant]
    std_dev = check_option(std_dev, "std_dev", ("baseline", "pool", "average"))
    if isinstance(bias_correct, np.bool_):
        bias_correct = bool(bias_correct)
    if not (bias_correct is True or bias_correct is False or bias_correct == "durlak"):
        raise ValueError(f"bias_correct must be one of True, False, 'durlak'; got "
                         f"{bias_correct!r}")
    if bias_correct == "durlak" and std_dev != "pool":
        raise ValueError("bias_correct='durlak' is defined for std_dev='pool' only")
    confidence = check_ci_level(confidence)
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    if std_dev == "baseline" and a.size < 2:
        raise NotEnoughPointsError("SMD with std_dev='baseline' needs at least 2 baseline "
                                   f"points to estimate the baseline SD; got {a.size}")
    if a.size + b.size < 3:
        raise NotEnoughPointsError("SMD needs at least 3 points in all")
    r = core.smd_core(a, b, std_dev, bias_correct)
    d = r["d"] * _sign(imp)
    if math.isnan(r["sd"]) or r["sd"] == 0:
        msg = (f"the standardiser (std_dev='{std_dev}') is 0: the values do not vary, so the "
               "SMD is undefined (returned as NaN)")
        warnings.warn(msg, CaseDataWarning, stacklevel=2)
        notes.append(msg)
        d, sev, lo, hi = math.nan, math.nan, math.nan, math.nan
    else:
        sev = r["se"]
        if b.size < 2 and std_dev == "baseline":
            notes.append("one treatment point: the SE needs the treatment variance (NaN)")
        z = core._norm_ppf(1 - (1 - confidence) / 2)
        lo, hi = d - z * sev, d + z * sev
    opts = {"improvement": imp, "std_dev": std_dev, "bias_correct": bias_correct,
            "confidence": confidence}
    if variant is not None:
        opts["variant"] = variant
    return EffectSizeResult(
        "SMD", d, sev, lo, hi, n_baseline=a.size, n_treatment=b.size,
        extra={"sd": r["sd"], "df": r["df"], "J": r["J"]}, options=opts,
        method="Within-case SMD",
        reference="Hedges (1981). doi:10.3102/10769986006002107",
        mirrors=(f"{_SCAN} smd() '{variant}'" if variant else
                 f"{_SCES} SMD(std_dev = '{std_dev}', bias_correct = "
                 f"{str(bias_correct).upper()})"), notes=notes)


# ------------------------------------------------------------------------------------------
# LRR
# ------------------------------------------------------------------------------------------

_SCALES = ("other", "count", "rate", "proportion", "percentage")


def _trunc_constant(scale, observation_length, intervals):
    # Pustejovsky (2018); SingleCaseES trunc_constant(): count 1, rate = session length
    # (minutes), proportion = intervals, percentage = intervals / 100, other = none (Inf).
    if scale == "count":
        return 1.0
    if scale == "rate":
        return math.inf if observation_length is None else float(observation_length)
    if scale == "proportion":
        return math.inf if intervals is None else float(intervals)
    if scale == "percentage":
        return math.inf if intervals is None else float(intervals) / 100
    return math.inf


def _lrr(which, baseline, treatment, data, outcome, phase, baseline_phase, treatment_phase,
         session, improvement, instrument, scale, bias_correct, confidence, observation_length,
         intervals, d_const, missing):
    scale = check_option(scale, "scale", _SCALES)
    bias_correct = _check_bool(bias_correct, "bias_correct")
    confidence = check_ci_level(confidence)
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    r = _lrr_parts(which, a, b, imp, scale, bias_correct, observation_length, intervals,
                   d_const)
    z = core._norm_ppf(1 - (1 - confidence) / 2)
    label = "LRRd" if which == "d" else "LRRi"
    if a.size < 2 or b.size < 2:
        notes.append("a phase has 1 point: its variance is unknown, so the bias correction "
                     "and SE are NaN")
    return EffectSizeResult(
        label, r["lrr"], r["se"], r["lrr"] - z * r["se"], r["lrr"] + z * r["se"],
        n_baseline=a.size, n_treatment=b.size,
        extra={"mean_baseline": r["M_A"], "mean_treatment": r["M_B"]},
        options={"improvement": imp, "scale": scale, "bias_correct": bias_correct,
                 "confidence": confidence},
        method=f"{label} (log response ratio, {'decreasing' if which == 'd' else 'increasing'}; "
               "Pustejovsky 2018)",
        reference="Pustejovsky, J. E. (2018). Using response ratios for meta-analyzing "
                  "single-case designs with behavioral outcomes. Journal of School Psychology, "
                  "68, 99-112. doi:10.1016/j.jsp.2018.02.003",
        mirrors=(f"{_SCES} {label}(scale = '{scale}', bias_correct = "
                 f"{str(bias_correct).upper()})"), notes=notes)


def _lrr_parts(which, a, b, imp, scale, bias_correct, observation_length, intervals, d_const):
    if scale in ("proportion", "percentage"):
        top = 1.0 if scale == "proportion" else 100.0
        bad = np.concatenate((a, b))
        if np.any((bad < 0) | (bad > top)):
            raise ValueError(f"scale='{scale}' needs values in [0, {top:g}]")
    n = np.array([a.size, b.size], dtype=float)
    mean = np.array([a.mean(), b.mean()])
    var = np.array([a.var(ddof=1) if a.size > 1 else math.nan,
                    b.var(ddof=1) if b.size > 1 else math.nan])
    flip = (which == "d" and imp == "increase") or (which == "i" and imp == "decrease")
    if scale in ("proportion", "percentage") and flip:
        mean = (1.0 if scale == "proportion" else 100.0) - mean
    dc = _trunc_constant(scale, observation_length, intervals) if d_const is None else float(
        d_const)
    if not (math.isfinite(dc) and dc > 0):
        bad = [(p, mu) for p, mu in zip(("baseline", "treatment"), mean, strict=True) if mu <= 0]
        if bad:
            desc = "; ".join(f"{p} mean = {mu:g}" for p, mu in bad)
            raise ValueError(
                f"log response ratio undefined: {desc} (the logarithm needs a positive mean). "
                "For counts use scale='count' (Pustejovsky 2018 truncation), otherwise choose "
                "another effect size (NAP, Tau, SMD)")
    r = core._lrr_from_stats(n, mean, var, bias_correct, dc)
    if flip and scale not in ("proportion", "percentage"):
        r["lrr"] = -r["lrr"]
    return r


_LRR_PARAMS = """scale : {"other", "count", "rate", "proportion", "percentage"}
        Outcome scale. ``"other"`` (casekit's default; no truncation) suits any ratio-scale
        outcome with positive means and raises an error for a zero mean. ``"count"`` (the
        SingleCaseES default, meant for behaviour counts) truncates M >= 1/(2n) and
        S^2 >= 1/n^3; ``"rate"`` needs ``observation_length``, ``"proportion"`` /
        ``"percentage"`` need ``intervals`` for truncation, and their means are complemented
        (1 - M or 100 - M) depending on the direction.
    bias_correct : bool
        Delta-method bias correction (default True).
    confidence : float
        Level of the Wald interval.
    observation_length, intervals, d_const : float, optional
        Truncation inputs (Pustejovsky 2018); ``d_const`` overrides the computed constant."""


@_doc
def lrr_d(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
          baseline_phase="A", treatment_phase="B", session="session", improvement=None,
          instrument=None, scale="other", bias_correct=True, confidence=0.95,
          observation_length=None, intervals=None, d_const=None,
          missing="error") -> EffectSizeResult:
    r"""Log response ratio, decreasing version (LRRd; Pustejovsky 2018): **negative =
    improvement**.

    Parameters
    ----------
    %(input)s
    %(lrr)s

    Returns
    -------
    EffectSizeResult
        ``es`` = "LRRd", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``mean_baseline``,
        ``mean_treatment`` (after complement / truncation) + options.

    Raises
    ------
    ValueError
        A phase mean <= 0 without truncation (the logarithm is undefined).

    See Also
    --------
    lrr_i, smd

    Notes
    -----
    l_P = ln M_P + S_P^2 / (2 n_P M_P^2) (bias-corrected) or ln M_P; LRR = l_B - l_A;
    SE = sqrt(S_A^2 / (m M_A^2) + S_B^2 / (n M_B^2)); CI = LRR +/- z SE. For "count",
    "rate" and "other", LRRd and LRRi differ only in sign (LRRd = l_B - l_A when improvement is
    "decrease"; its negative when "increase"). Mirrors ``SingleCaseES::LRRd`` (0.7.4), whose
    default scale is "count"; casekit's default is "other" because psychotherapy outcomes are
    rarely counts (for bounded rating scales prefer NAP, Tau or SMD).

    References
    ----------
    Pustejovsky, J. E. (2018). Using response ratios for meta-analyzing single-case designs
    with behavioral outcomes. Journal of School Psychology, 68, 99-112.
    doi:10.1016/j.jsp.2018.02.003

    Examples
    --------
    >>> from casekit.effects import lrr_d
    >>> r = lrr_d([10, 12, 11], [6, 5, 7, 6], improvement="decrease")
    >>> r.est < 0
    True
    """
    return _lrr("d", baseline, treatment, data, outcome, phase, baseline_phase, treatment_phase,
                session, improvement, instrument, scale, bias_correct, confidence,
                observation_length, intervals, d_const, missing)


@_doc
def lrr_i(baseline=None, treatment=None, *, data=None, outcome="value", phase="phase",
          baseline_phase="A", treatment_phase="B", session="session", improvement=None,
          instrument=None, scale="other", bias_correct=True, confidence=0.95,
          observation_length=None, intervals=None, d_const=None,
          missing="error") -> EffectSizeResult:
    r"""Log response ratio, increasing version (LRRi; Pustejovsky 2018): **positive =
    improvement**.

    Parameters
    ----------
    %(input)s
    %(lrr)s

    Returns
    -------
    EffectSizeResult
        ``es`` = "LRRi", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``mean_baseline``,
        ``mean_treatment`` + options.

    See Also
    --------
    lrr_d

    Notes
    -----
    Same formulas as :func:`lrr_d`; LRRi = l_B - l_A when improvement is "increase" and its
    negative when "decrease" (for counts / other scales). Mirrors ``SingleCaseES::LRRi``.

    References
    ----------
    Pustejovsky, J. E. (2018). Journal of School Psychology, 68, 99-112.
    doi:10.1016/j.jsp.2018.02.003

    Examples
    --------
    >>> from casekit.effects import lrr_i
    >>> lrr_i([10, 12, 11], [16, 15, 17, 16], improvement="increase").est > 0
    True
    """
    return _lrr("i", baseline, treatment, data, outcome, phase, baseline_phase, treatment_phase,
                session, improvement, instrument, scale, bias_correct, confidence,
                observation_length, intervals, d_const, missing)


lrr_d.__doc__ = lrr_d.__doc__.replace("%(lrr)s", _LRR_PARAMS)
lrr_i.__doc__ = lrr_i.__doc__.replace("%(lrr)s", _LRR_PARAMS)


# ------------------------------------------------------------------------------------------
# PoGO
# ------------------------------------------------------------------------------------------


@_doc
def pogo(baseline=None, treatment=None, *, goal, data=None, outcome="value", phase="phase",
         baseline_phase="A", treatment_phase="B", session="session", improvement=None,
         instrument=None, confidence=0.95, missing="error") -> EffectSizeResult:
    r"""Percent of goal obtained (PoGO; Ferron et al. 2020).

    Parameters
    ----------
    %(input)s
    goal : float
        The goal level of the outcome (required).
    confidence : float
        Level of the Wald interval.

    Returns
    -------
    EffectSizeResult
        ``es`` = "PoGO", ``est`` (percent), ``se``, ``ci_lower``, ``ci_upper``.

    Notes
    -----
    PoGO = 100 (M_B - M_A) / (goal - M_A); the direction is carried by the goal, so
    ``improvement`` is only checked against it (a goal on the wrong side of the baseline mean
    raises an error). SE (Dunlap & Silver 1986 ratio approximation, as coded in SingleCaseES):
    100 sqrt[(S_A^2/m + S_B^2/n + (PoGO/100)^2 S_A^2/m) / (goal - M_A)^2].

    References
    ----------
    Ferron, J., Goldstein, H., Olszewski, A., & Rohrer, L. (2020). Indexing effects in
    single-case experimental designs by estimating the percent of goal obtained.
    Evidence-Based Communication Assessment and Intervention, 14(1-2), 6-27.
    doi:10.1080/17489539.2020.1732024

    Examples
    --------
    >>> from casekit.effects import pogo
    >>> round(pogo([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], goal=25,
    ...            improvement="increase").est, 4)
    210.2041
    """
    goal = check_float(goal, "goal")
    confidence = check_ci_level(confidence)
    a, b, imp, notes = _common(baseline, treatment, data, outcome, phase, baseline_phase,
                               treatment_phase, session, improvement, instrument, missing)
    ma, mb = float(a.mean()), float(b.mean())
    if goal == ma:
        raise ValueError("goal equals the baseline mean: PoGO is undefined")
    if (goal > ma) != (imp == "increase"):
        raise ValueError(f"goal={goal} lies on the wrong side of the baseline mean ({ma:g}) for "
                         f"improvement={imp!r}")
    m, n = a.size, b.size
    va = float(a.var(ddof=1)) if m > 1 else math.nan
    vb = float(b.var(ddof=1)) if n > 1 else math.nan
    est = 100 * (mb - ma) / (goal - ma)
    var = (va / m + vb / n + (est / 100) ** 2 * va / m) / (goal - ma) ** 2
    sev = 100 * math.sqrt(var) if var == var else math.nan
    z = core._norm_ppf(1 - (1 - confidence) / 2)
    return EffectSizeResult(
        "PoGO", est, sev, est - z * sev, est + z * sev, n_baseline=m, n_treatment=n,
        options={"improvement": imp, "goal": goal, "confidence": confidence},
        method="Percent of goal obtained (Ferron et al. 2020)",
        reference="Ferron et al. (2020). doi:10.1080/17489539.2020.1732024",
        mirrors=f"{_SCES} PoGO(goal = {goal})", notes=notes)


# ------------------------------------------------------------------------------------------
# batch calculator
# ------------------------------------------------------------------------------------------

_ES_NAMES = {
    "nap": "NAP", "tau": "Tau", "tauu": "Tau-U", "taubc": "Tau-BC", "pnd": "PND",
    "pem": "PEM", "pand": "PAND", "ird": "IRD", "smd": "SMD", "lrrd": "LRRd", "lrri": "LRRi",
    "pogo": "PoGO",
}
_BATCH_OPTIONS = {
    # option -> (default, indices it applies to)
    "se": ("unbiased", {"NAP", "Tau", "Tau-BC"}),
    "confidence": (0.95, {"NAP", "Tau", "Tau-BC", "Tau-U", "SMD", "LRRd", "LRRi", "PoGO"}),
    "tau_u_method": ("singlecasees", {"Tau-U"}),
    "tau_method": ("b", {"Tau-U"}),
    "kendall": (False, {"Tau-BC"}),
    "pretest_trend": (False, {"Tau-BC"}),
    "pem_ties": (0.5, {"PEM"}),
    "pand_method": ("minimum", {"PAND"}),
    "std_dev": ("baseline", {"SMD"}),
    "bias_correct": (True, {"SMD", "LRRd", "LRRi"}),
    "scale": ("other", {"LRRd", "LRRi"}),
    "goal": (None, {"PoGO"}),
}


def _es_label(name) -> str:
    key = str(name).lower().replace("-", "").replace("_", "").replace(" ", "")
    if key not in _ES_NAMES:
        raise ValueError(f"unknown effect size {name!r}; valid: "
                         f"{', '.join(sorted(set(_ES_NAMES.values())))}")
    return _ES_NAMES[key]


def _pad(values: np.ndarray, group: np.ndarray, n_groups: int):
    """NaN-padded (n_groups x max_len) array from values sorted by group (stable)."""
    counts = np.bincount(group, minlength=n_groups)
    width = int(counts.max()) if counts.size else 0
    out = np.full((n_groups, max(width, 1)), np.nan)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    pos = np.arange(group.size) - starts[group]
    out[group, pos] = values
    return out, counts


def effect_sizes(data: pd.DataFrame, es: Sequence[str] = ("NAP", "Tau", "Tau-U", "SMD"), *,
                 by: Sequence[str] | None = None, baseline="A", treatment="B",
                 outcome="value", phase="phase", session="session", improvement=None,
                 missing="error", **options) -> EffectSizeResult | Result:
    r"""Compute several effect sizes for many series (cases x measures) at once.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy long table (one row per session) with the ``by`` columns, ``phase``, ``outcome``
        and (if present) ``session``.
    es : sequence of str
        Indices, SingleCaseES names, case- and separator-insensitive: "NAP", "Tau", "Tau_U",
        "Tau_BC", "PND", "PEM", "PAND", "IRD", "SMD", "LRRd", "LRRi", "PoGO".
    by : sequence of str, optional
        Grouping columns; default: those of ``["case", "measure"]`` present in ``data``.
    baseline, treatment : str
        Phase labels compared (rows of other phases are ignored).
    outcome, phase, session : str
        Column names; rows are ordered by ``session`` within each series when present.
    improvement : {"increase", "decrease"}, column name or None
        One direction for all series, the name of a column holding it per row (constant
        within a series), or None: taken from the instrument registry through the
        ``measure`` column (error naming the measures the registry does not know).
    missing : {"error", "drop"}
        Missing outcome values raise a :class:`~casekit.CaseDataError` listing every row, or
        are dropped and counted in the ``note`` column.
    **options
        Options of the single-series functions: ``se``, ``confidence``, ``tau_u_method``
        (:func:`tau_u` ``method``), ``tau_method``, ``kendall``, ``pretest_trend``,
        ``pem_ties`` (:func:`pem` ``ties``), ``pand_method`` (:func:`pand` ``method``),
        ``std_dev``, ``bias_correct``, ``scale``, ``goal``. Defaults are SingleCaseES's.

    Returns
    -------
    Result
        ``.summary`` is a tidy long table, one row per series and index: the ``by``
        columns, ``es``, ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``n_baseline``,
        ``n_treatment``, ``improvement``, ``options`` (the options that define the index, as
        text) and ``note`` (empty, or why a value is NaN / what was dropped).

    Raises
    ------
    CaseDataError
        Missing values (``missing="error"``), rows without a phase label, missing or
        duplicated session numbers within a series, series without baseline or treatment
        points, non-positive means for LRR (all problems at once).

    See Also
    --------
    nap, tau, tau_u, tau_bc, pnd, pem, pand, ird, smd, lrr_d, lrr_i

    Notes
    -----
    NAP, Tau, Tau-U (SingleCaseES definition), Tau-BC (``kendall=False`` without pretest),
    PND, PEM, PAND ("minimum"), IRD, SMD and LRR (scale "other") are computed for all series
    at once on NaN-padded arrays (pairwise comparisons as 3-D boolean arrays; the Newcombe
    limits by vectorised bisection to machine precision on the brackets :func:`nap` hands to
    ``brentq``). The other variants fall back to the single-series functions. The results
    equal those of the single-series functions (tested on the 57 reference series).

    Per-series problems that the single-series functions report with an error (a baseline
    too short for Tau-BC or a baseline SD) or a warning (a one-point phase, a constant
    standardiser) give NaN values and an explanation in ``note``, so that one bad series does
    not stop a batch; missing values (unless dropped), empty phases and non-positive means
    for LRR (scale "other") raise one :class:`~casekit.CaseDataError` listing every series
    concerned. Compared
    with ``SingleCaseES::batch_calc_ES`` this needs no aggregation options: each series is one
    A-B comparison.

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.effects import effect_sizes
    >>> df = pd.DataFrame({"case": ["x"] * 6 + ["y"] * 6, "session": list(range(1, 7)) * 2,
    ...                    "phase": (["A"] * 3 + ["B"] * 3) * 2,
    ...                    "value": [3, 4, 3, 6, 7, 6, 5, 5, 6, 5, 6, 7]})
    >>> res = effect_sizes(df, es=["NAP", "Tau"], improvement="increase")
    >>> res.summary[["case", "es", "est"]].to_string(index=False)
    'case  es      est\n   x NAP 1.000000\n   x Tau 1.000000\n   y NAP 0.722222\n   y Tau 0.444444'
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    missing = check_option(missing, "missing", _MISSING_OPTIONS)
    if isinstance(es, str):
        es = [es]
    labels = []
    for e in es:
        lab = _es_label(e)
        if lab not in labels:
            labels.append(lab)
    for k in options:
        if k not in _BATCH_OPTIONS:
            raise TypeError(f"unknown option {k!r}; valid options: {', '.join(_BATCH_OPTIONS)}")
    opt = {k: options.get(k, v[0]) for k, v in _BATCH_OPTIONS.items()}
    for k in options:
        if not (_BATCH_OPTIONS[k][1] & set(labels)):
            raise ValueError(f"option {k!r} applies to {sorted(_BATCH_OPTIONS[k][1])}, none of "
                             f"which was requested (es={labels})")
    if "PoGO" in labels and opt["goal"] is None:
        raise ValueError("PoGO needs goal=")
    # validate option values once (same validators as the single-series functions)
    opt["se"] = check_option(opt["se"], "se", _SE_OPTIONS)
    opt["confidence"] = check_ci_level(opt["confidence"])
    opt["tau_u_method"] = check_option(opt["tau_u_method"], "tau_u_method", _TAU_U_METHODS)
    opt["tau_method"] = check_option(opt["tau_method"], "tau_method", ("b", "a"))
    opt["pand_method"] = check_option(opt["pand_method"], "pand_method", ("minimum", "sort"))
    opt["std_dev"] = check_option(opt["std_dev"], "std_dev", ("baseline", "pool", "average"))
    opt["scale"] = check_option(opt["scale"], "scale", _SCALES)
    opt["kendall"] = _check_bool(opt["kendall"], "kendall")
    alpha = _check_pretest(opt["pretest_trend"])

    cols = list(map(str, data.columns))
    if by is None:
        by = [c for c in ("case", "measure") if c in data.columns]
    else:
        by = [by] if isinstance(by, str) else list(by)
        for c in by:
            if c not in data.columns:
                raise ValueError(f"by column {c!r} is not in data; columns are {cols}")
    for arg, c in (("outcome", outcome), ("phase", phase)):
        if c not in data.columns:
            raise ValueError(f"{arg}={c!r} is not a column of data; columns are {cols}")
    if session is not None and session not in data.columns and session != "session":
        raise ValueError(f"session={session!r} is not a column of data; columns are {cols}")

    _check_phase_labels(data, phase)
    df = data[data[phase].isin([baseline, treatment])]
    if df.empty:
        raise ValueError(f"no rows with phase {baseline!r} or {treatment!r} in column {phase!r}")
    _check_batch_sessions(df, by, session)
    sort_cols = list(by) + ([session] if session in df.columns else [])
    if sort_cols:
        df = df.sort_values(sort_cols, kind="stable")
    try:
        y = pd.to_numeric(df[outcome], errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"column {outcome!r} must be numeric ({exc})") from exc
    if by:
        gid = df.groupby(by, sort=False, dropna=False).ngroup().to_numpy()
        keys = df[by].drop_duplicates().reset_index(drop=True)
    else:
        gid = np.zeros(len(df), dtype=int)
        keys = pd.DataFrame(index=[0])
    n_groups = len(keys)

    # direction per group
    imp_g = _batch_improvement(df, by, gid, n_groups, improvement, keys)

    # missing values
    nan = np.isnan(y)
    dropped = np.zeros(n_groups, dtype=int)
    if nan.any():
        if missing == "error":
            raise CaseDataError(
                [{"row": i, "column": outcome, "value": None, "problem": "missing value"}
                 for i in df.index[nan]],
                title=f"{int(nan.sum())} missing value(s); pass missing='drop' to drop them")
        dropped = np.bincount(gid[nan], minlength=n_groups)
        keep = ~nan
        df, y, gid = df[keep], y[keep], gid[keep]
    is_a = (df[phase] == baseline).to_numpy()
    A, m_cnt = _pad(y[is_a], gid[is_a], n_groups)
    B, n_cnt = _pad(y[~is_a], gid[~is_a], n_groups)
    problems = []
    for g in np.flatnonzero((m_cnt == 0) | (n_cnt == 0)):
        which = "baseline" if m_cnt[g] == 0 else "treatment"
        problems.append({"row": None, "column": phase, "value": _key_text(keys, g),
                         "problem": f"series has no {which} points"})
    if problems:
        raise CaseDataError(problems, title="some series cannot be compared")
    sign = np.where(imp_g == "decrease", -1.0, 1.0)
    As, Bs = A * sign[:, None], B * sign[:, None]
    z = core._norm_ppf(1 - (1 - opt["confidence"]) / 2)

    notes = [[] for _ in range(n_groups)]
    for g in np.flatnonzero(dropped):
        notes[g].append(f"dropped {dropped[g]} missing value(s)")
    base_notes = [list(x) for x in notes]
    out = []

    def emit(label, est, se, lo, hi, optext, extra_notes=None):
        rec = keys.copy()
        rec["es"] = label
        rec["est"] = np.asarray(est, dtype=float)
        rec["se"] = np.asarray(se, dtype=float)
        rec["ci_lower"] = np.asarray(lo, dtype=float)
        rec["ci_upper"] = np.asarray(hi, dtype=float)
        rec["n_baseline"] = m_cnt
        rec["n_treatment"] = n_cnt
        rec["improvement"] = imp_g
        rec["options"] = optext
        nt = [list(b) for b in base_notes]
        if extra_notes is not None:
            for g, t in extra_notes:
                nt[g].append(t)
        rec["note"] = ["; ".join(x) for x in nt]
        out.append(rec)

    nanv = np.full(n_groups, np.nan)
    nap_cache = None
    for lab in labels:
        en = []
        if lab in ("NAP", "Tau"):
            if nap_cache is None:
                napv, sev, mm, nn = core.batch_nap(As, Bs, opt["se"])
                lo, hi = core.batch_newcombe_ci(napv, mm, nn, opt["confidence"])
                nap_cache = (napv, sev, lo, hi)
            napv, sev, lo, hi = nap_cache
            if opt["se"] == "unbiased":
                en += [(g, "one-point phase: unbiased SE undefined")
                       for g in np.flatnonzero((m_cnt < 2) | (n_cnt < 2))]
            optext = f"se={opt['se']}, confidence={opt['confidence']}"
            if lab == "NAP":
                emit("NAP", napv, sev, lo, hi, optext, en)
            else:
                emit("Tau", 2 * napv - 1, 2 * sev, 2 * lo - 1, 2 * hi - 1, optext, en)
        elif lab == "Tau-U":
            if opt["tau_u_method"] == "singlecasees":
                tu, _, _ = core.batch_tau_u(As, Bs)
                emit("Tau-U", tu, nanv, nanv, nanv, "method=singlecasees")
            else:
                res = np.full((n_groups, 4), np.nan)
                for g in range(n_groups):
                    a_, b_ = As[g, :m_cnt[g]], Bs[g, :n_cnt[g]]
                    row = core.scan_tau_u_table(a_, b_, opt["tau_u_method"], opt["tau_method"],
                                                opt["confidence"])[3]
                    res[g] = (row["Tau"], row["SE_Tau"], row["CI lower"], row["CI upper"])
                emit("Tau-U", *res.T, f"method={opt['tau_u_method']}, tau_method="
                     f"{opt['tau_method']}, confidence={opt['confidence']}")
        elif lab == "Tau-BC":
            optext = (f"kendall={opt['kendall']}, pretest_trend={opt['pretest_trend']}, "
                      f"se={opt['se']}, confidence={opt['confidence']}")
            short = np.flatnonzero(m_cnt < 2)
            en += [(g, "fewer than 2 baseline points: no trend estimate") for g in short]
            if not opt["kendall"] and alpha is None:
                a_adj, b_adj, _, _ = core.batch_tau_bc(A, B)
                a_adj, b_adj = a_adj * sign[:, None], b_adj * sign[:, None]
                napv, sev, mm, nn = core.batch_nap(a_adj, b_adj, opt["se"])
                lo, hi = core.batch_newcombe_ci(napv, mm, nn, opt["confidence"])
                est, se_, lo, hi = 2 * napv - 1, 2 * sev, 2 * lo - 1, 2 * hi - 1
                bad = m_cnt < 2
                est, se_, lo, hi = (np.where(bad, np.nan, v) for v in (est, se_, lo, hi))
            else:
                res = np.full((n_groups, 4), np.nan)
                for g in range(n_groups):
                    if m_cnt[g] < 2:
                        continue
                    nl: list[str] = []
                    r = _tau_bc_parts(A[g, :m_cnt[g]], B[g, :n_cnt[g]], imp_g[g],
                                      opt["kendall"], alpha, opt["se"], opt["confidence"], nl)
                    res[g] = (r["est"], r["se"], r["lo"], r["hi"])
                    if not r["corrected"]:
                        en.append((g, "baseline trend not significant: not corrected"))
                est, se_, lo, hi = res.T
            emit("Tau-BC", est, se_, lo, hi, optext, en)
        elif lab == "PND":
            emit("PND", core.batch_pnd(As, Bs), nanv, nanv, nanv, "")
        elif lab == "PEM":
            ties = opt["pem_ties"]
            if isinstance(ties, bool) or ties not in (0.5, 0, 0.0):
                raise ValueError(f"pem_ties must be one of 0.5, 0; got {ties!r}")
            emit("PEM", core.batch_pem(As, Bs, float(ties)), nanv, nanv, nanv,
                 f"ties={float(ties)}")
        elif lab in ("PAND", "IRD"):
            if lab == "PAND" and opt["pand_method"] == "sort":
                est = np.array([core.pand_sort_core(A[g, :m_cnt[g]], B[g, :n_cnt[g]],
                                                    imp_g[g] == "decrease")["pand"]
                                for g in range(n_groups)])
                emit("PAND", est, nanv, nanv, nanv, "method=sort")
                continue
            p = core.batch_pand(As, Bs)
            if lab == "PAND":
                emit("PAND", p, nanv, nanv, nanv, "method=minimum")
            else:
                mm, nn = m_cnt.astype(float), n_cnt.astype(float)
                emit("IRD", ((mm + nn) ** 2 * p - mm**2 - nn**2) / (2 * mm * nn), nanv, nanv,
                     nanv, "")
        elif lab == "SMD":
            bc = opt["bias_correct"]
            if bc not in (True, False, "durlak"):
                raise ValueError(f"bias_correct must be one of True, False, 'durlak'; got {bc!r}")
            d, se_, sd = core.batch_smd(A, B, opt["std_dev"], bc)
            d = d * sign
            en += [(g, "standardiser is 0 or undefined: SMD undefined (NaN)")
                   for g in np.flatnonzero(~(sd > 0))]
            emit("SMD", d, se_, d - z * se_, d + z * se_,
                 f"std_dev={opt['std_dev']}, bias_correct={bc}, confidence={opt['confidence']}",
                 en)
        elif lab in ("LRRd", "LRRi"):
            which = "d" if lab == "LRRd" else "i"
            bc = _check_bool(opt["bias_correct"], "bias_correct")
            optext = f"scale={opt['scale']}, bias_correct={bc}, confidence={opt['confidence']}"
            if opt["scale"] == "other":
                lrr, se_, ma, mb = core.batch_lrr(A, B, bc)
                bad = np.flatnonzero(~((ma > 0) & (mb > 0)))
                if bad.size:
                    raise CaseDataError(
                        [{"row": None, "column": outcome, "value": _key_text(keys, g),
                          "problem": f"{lab} undefined: phase mean <= 0 (baseline {ma[g]:g}, "
                                     f"treatment {mb[g]:g}); use scale='count' for counts"}
                         for g in bad], title=f"{lab} cannot be computed for some series")
                flip = (imp_g == "increase") if which == "d" else (imp_g == "decrease")
                lrr = np.where(flip, -lrr, lrr)
            else:
                res = np.full((n_groups, 2), np.nan)
                for g in range(n_groups):
                    r = _lrr_parts(which, A[g, :m_cnt[g]], B[g, :n_cnt[g]], imp_g[g],
                                   opt["scale"], bc, None, None, None)
                    res[g] = (r["lrr"], r["se"])
                lrr, se_ = res.T
            emit(lab, lrr, se_, lrr - z * se_, lrr + z * se_, optext)
        elif lab == "PoGO":
            res = np.full((n_groups, 4), np.nan)
            for g in range(n_groups):
                a_, b_ = A[g, :m_cnt[g]], B[g, :n_cnt[g]]
                r = pogo(a_, b_, goal=opt["goal"], improvement=imp_g[g],
                         confidence=opt["confidence"])
                res[g] = (r.est, r.se, r.ci_lower, r.ci_upper)
            emit("PoGO", *res.T, f"goal={opt['goal']}, confidence={opt['confidence']}")
    table = pd.concat(out, ignore_index=True)
    order = {lab: i for i, lab in enumerate(labels)}
    if by:
        table["_g"] = np.tile(np.arange(n_groups), len(out))
        table["_e"] = table["es"].map(order)
        table = table.sort_values(["_g", "_e"], kind="stable").drop(columns=["_g", "_e"])
    table = table.reset_index(drop=True)
    used = {k: opt[k] for k in opt if _BATCH_OPTIONS[k][1] & set(labels)}
    return Result(table, method="Single-case effect sizes (batch)",
                  options={"es": ", ".join(labels), "by": ", ".join(by), **used},
                  reference="see the single-series functions of casekit.effects",
                  mirrors=f"{_SCES} batch_calc_ES(); scan variants by option",
                  title="Effect sizes")


def _key_text(keys: pd.DataFrame, g: int) -> str:
    if keys.shape[1] == 0:
        return "(all rows)"
    return ", ".join(f"{c}={keys.iloc[g][c]}" for c in keys.columns)


def _batch_improvement(df, by, gid, n_groups, improvement, keys) -> np.ndarray:
    if improvement in ("increase", "decrease"):
        return np.full(n_groups, improvement, dtype=object)
    if improvement is None:
        if "measure" not in df.columns:
            raise ValueError("improvement is required: pass 'increase', 'decrease' or the name "
                             "of a column holding it (no 'measure' column to look up the "
                             "instrument registry)")
        from .registry import get_instrument

        meas = df.groupby(gid)["measure"].first()
        out = np.empty(n_groups, dtype=object)
        unknown = []
        cache = {}
        for g, name in meas.items():
            if name not in cache:
                try:
                    cache[name] = get_instrument(name).improvement
                except Exception:  # noqa: BLE001 - any lookup failure is reported below
                    cache[name] = None
            out[g] = cache[name]
            if cache[name] is None:
                unknown.append(name)
        if unknown:
            raise ValueError(f"improvement=None but the registry does not know measure(s) "
                             f"{sorted(set(map(str, unknown)))}: pass improvement='increase' / "
                             "'decrease' or a column name")
        return out
    if isinstance(improvement, str) and improvement in df.columns:
        per = df.groupby(gid)[improvement].agg(lambda s: list(pd.unique(s)))
        out = np.empty(n_groups, dtype=object)
        problems = []
        for g, vals in per.items():
            if len(vals) != 1 or vals[0] not in ("increase", "decrease"):
                problems.append({"row": None, "column": improvement,
                                 "value": _key_text(keys, g),
                                 "problem": f"improvement values {vals}: need exactly one of "
                                            "'increase', 'decrease' per series"})
            else:
                out[g] = vals[0]
        if problems:
            raise CaseDataError(problems, title="invalid improvement column")
        return out
    raise ValueError(f"improvement must be one of 'increase', 'decrease', None or a column of "
                     f"data; got {improvement!r}")

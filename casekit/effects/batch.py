"""Many series and indices at once: :func:`effect_sizes` (SingleCaseES ``batch_calc_ES``).

The table is read once into NaN-padded 2-D arrays (one series per row, :func:`_read_batch`),
with the rules of casekit's input layer (missing values, duplicated or missing session numbers
and missing phase labels are errors listing every row); then every index is computed by the
same numpy core its single-series function uses, for all series at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._deprecate import renamed_arguments
from .._input import IMPUTED_COL, require_columns, resolve_improvement, session_label
from .._validate import check_ci_level, check_option
from ..exceptions import CaseDataError
from ..results import Result
from ._base import MISSING_OPTIONS, SCES, check_bool, check_pretest, pad, z_value
from .overlap import (
    CI_METHODS,
    PAND_METHODS,
    SE_OPTIONS,
    check_pem_ties,
    ird_from_pand,
    nap_parts,
    pand_core,
    pand_sort_core,
    pem_core,
    pnd_core,
)
from .ratios import (
    LOR_SCALES,
    SCALES,
    lor_core,
    lor_d_const,
    lrm_core,
    lrr_core,
    pogo_core,
    pogo_side_problem,
    trunc_constant,
)
from .smd import STD_DEVS, check_bias_correct, smd_core
from .trend import TAU_U_METHODS, scan_tau_u_table, tau_bc_core, tau_u_core

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["effect_sizes"]

ES_NAMES = {
    "nap": "NAP", "tau": "Tau", "tauu": "Tau-U", "taubc": "Tau-BC", "pnd": "PND",
    "pem": "PEM", "pand": "PAND", "ird": "IRD", "smd": "SMD", "lrrd": "LRRd", "lrri": "LRRi",
    "lor": "LOR", "lrm": "LRM", "pogo": "PoGO",
}
_CI = {"NAP", "Tau", "Tau-BC", "Tau-U", "SMD", "LRRd", "LRRi", "LOR", "LRM", "PoGO"}
#: option -> (default, indices it applies to); the names of the single-series functions
BATCH_OPTIONS = {
    "se": ("unbiased", {"NAP", "Tau", "Tau-BC"}),
    "confidence": (0.95, _CI),
    "ci_method": ("newcombe", {"NAP", "Tau", "Tau-BC"}),
    "tau_u_method": ("singlecasees", {"Tau-U"}),
    "tau_method": ("b", {"Tau-U"}),
    "kendall": (False, {"Tau-BC"}),
    "pretest_trend": (False, {"Tau-BC"}),
    "pem_ties": (0.5, {"PEM"}),
    "pand_method": ("minimum", {"PAND"}),
    "std_dev": ("baseline", {"SMD"}),
    "bias_correct": (True, {"SMD", "LRRd", "LRRi", "LOR"}),
    "scale": (None, {"LRRd", "LRRi", "LOR"}),
    "intervals": (None, {"LRRd", "LRRi", "LOR"}),
    "delta_method": (False, {"LRM"}),
    "goal": (None, {"PoGO"}),
}


@dataclass
class Batch:
    """Every series of the table as padded arrays: raw values, direction, notes."""

    keys: pd.DataFrame
    A: np.ndarray
    B: np.ndarray
    m: np.ndarray
    n: np.ndarray
    improvement: np.ndarray
    value_col: str
    notes: list[list[str]]
    cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.keys)

    @property
    def sign(self) -> np.ndarray:
        return np.where(self.improvement == "decrease", -1.0, 1.0)

    def oriented(self) -> tuple[np.ndarray, np.ndarray]:
        s = self.sign[:, None]
        return self.A * s, self.B * s

    def series(self, g: int) -> tuple[np.ndarray, np.ndarray]:
        """Raw baseline and treatment values of series ``g``."""
        return self.A[g, :self.m[g]], self.B[g, :self.n[g]]

    def key(self, g: int) -> str:
        """How messages name series ``g`` (``"case=x, measure=PHQ-9"``)."""
        return _key_text(self.keys, g)


@dataclass
class Column:
    """One index for every series: estimates, options text and per-series notes."""

    est: np.ndarray
    se: np.ndarray | None = None
    lower: np.ndarray | None = None
    upper: np.ndarray | None = None
    options: str = ""
    notes: list[tuple[int, str]] = field(default_factory=list)


# ------------------------------------------------------------------------------------------
# the public function
# ------------------------------------------------------------------------------------------


@renamed_arguments(outcome="value_col", phase="phase_col", session="session_col",
                   baseline="baseline_phase", treatment="treatment_phase")
def effect_sizes(data: pd.DataFrame, es: Sequence[str] = ("NAP", "Tau", "Tau-U", "SMD"), *,
                 by: Sequence[str] | None = None, baseline_phase: Hashable = "A",
                 treatment_phase: Hashable = "B", value_col: str = "value",
                 phase_col: str = "phase", session_col: str = "session",
                 improvement: str | Instrument | None = None, missing: str = "error",
                 **options: Any) -> Result:
    r"""Compute several effect sizes for many series (cases x measures) at once.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy long table (one row per session) with the ``by`` columns, ``phase_col``,
        ``value_col`` and (if present) ``session_col``.
    es : sequence of str
        Indices, SingleCaseES names, case- and separator-insensitive: "NAP", "Tau", "Tau_U",
        "Tau_BC", "PND", "PEM", "PAND", "IRD", "SMD", "LRRd", "LRRi", "LOR", "LRM", "PoGO".
    by : sequence of str, optional
        Grouping columns; default: those of ``["case", "measure"]`` present in ``data``.
    baseline_phase, treatment_phase : str
        Phase labels compared (rows of other phases are ignored). Old names ``baseline``,
        ``treatment`` work until casekit 0.3 (FutureWarning).
    value_col, phase_col, session_col : str
        Column names; rows are ordered by ``session_col`` within each series when present.
        Old names ``outcome``, ``phase``, ``session`` work until casekit 0.3.
    improvement : {"increase", "decrease"}, instrument, column name or None
        One direction for all series (or an instrument name / ``Instrument`` giving it), the
        name of a column holding it per row (constant within a series), or None: taken from
        the instrument registry through the ``measure`` column (error naming the measures
        the registry does not know).
    missing : {"error", "drop", "include_imputed"}
        Missing values raise a :class:`~casekit.CaseDataError` listing every row, or are
        dropped and reported in the ``note`` column; imputed values (``imputed`` column) are
        analysed only with ``"include_imputed"``.
    **options
        Options of the single-series functions: ``se``, ``confidence``, ``ci_method``,
        ``tau_u_method`` (:func:`tau_u` ``method``), ``tau_method``, ``kendall``,
        ``pretest_trend``, ``pem_ties`` (:func:`pem` ``ties``), ``pand_method``
        (:func:`pand` ``method``), ``std_dev``, ``bias_correct``, ``scale`` (LRR default
        "other", LOR "percentage"), ``intervals``, ``delta_method``, ``goal``. Defaults are
        those of the single-series functions.

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
        points, non-positive means for LRR without truncation, values outside the scale of
        LOR, a PoGO goal on the wrong side (all problems at once).

    See Also
    --------
    nap, tau, tau_u, tau_bc, pnd, pem, pand, ird, smd, lrr_d, lrr_i, lor, lrm, pogo

    Notes
    -----
    Every index is computed by the numpy core of its single-series function, on NaN-padded
    arrays holding every series (pairwise comparisons as 3-D boolean arrays, the Newcombe
    limits as companion-matrix roots); the scan Tau-U methods, Tau-BC with ``kendall=True``
    or a trend pretest, and PAND "sort" run their core once per series. The results equal
    those of the single-series functions (tested on the 57 reference series).

    Per-series problems that the single-series functions report with an error (a baseline
    too short for Tau-BC or a baseline SD) or a warning (a one-point phase, a constant
    standardiser) give NaN values and an explanation in ``note``, so that one bad series does
    not stop a batch; data problems raise one :class:`~casekit.CaseDataError` listing every
    series concerned. Compared with ``SingleCaseES::batch_calc_ES`` this needs no
    aggregation options: each series is one A-B comparison.

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
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    labels = _labels(es)
    opt = _check_options(labels, options)
    batch = _read_batch(data, by, baseline_phase, treatment_phase, value_col, phase_col,
                        session_col, improvement, missing)
    columns = [(lab, _COMPUTE[lab](batch, opt)) for lab in labels]
    table = _assemble(batch, columns, labels)
    used = {k: v for k, v in opt.items() if BATCH_OPTIONS[k][1] & set(labels)}
    return Result(table, method="Single-case effect sizes (batch)",
                  options={"es": ", ".join(labels), "by": ", ".join(batch.keys.columns),
                           **used},
                  reference="see the single-series functions of casekit.effects",
                  variant="each index as its single-series function with these options "
                          "(see the options column)",
                  mirrors=f"{SCES} batch_calc_ES(); scan variants by option",
                  title="Effect sizes")


def _labels(es: str | Sequence[str]) -> list[str]:
    if isinstance(es, str):
        es = [es]
    labels = []
    for name in es:
        key = str(name).lower().replace("-", "").replace("_", "").replace(" ", "")
        if key not in ES_NAMES:
            raise ValueError(f"unknown effect size {name!r}; valid: "
                             f"{', '.join(sorted(set(ES_NAMES.values())))}")
        if ES_NAMES[key] not in labels:
            labels.append(ES_NAMES[key])
    return labels


def _check_options(labels: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """Options of the requested indices, validated once, with their defaults."""
    for k in options:
        if k not in BATCH_OPTIONS:
            raise TypeError(f"unknown option {k!r}; valid options: {', '.join(BATCH_OPTIONS)}")
        if not BATCH_OPTIONS[k][1] & set(labels):
            raise ValueError(f"option {k!r} applies to {sorted(BATCH_OPTIONS[k][1])}, none of "
                             f"which was requested (es={labels})")
    opt = {k: options.get(k, v[0]) for k, v in BATCH_OPTIONS.items()}
    if "PoGO" in labels and opt["goal"] is None:
        raise ValueError("PoGO needs goal=")
    opt["se"] = check_option(opt["se"], "se", SE_OPTIONS)
    opt["confidence"] = check_ci_level(opt["confidence"])
    opt["ci_method"] = check_option(opt["ci_method"], "ci_method", CI_METHODS)
    opt["tau_u_method"] = check_option(opt["tau_u_method"], "tau_u_method", TAU_U_METHODS)
    opt["tau_method"] = check_option(opt["tau_method"], "tau_method", ("b", "a"))
    opt["pand_method"] = check_option(opt["pand_method"], "pand_method", PAND_METHODS)
    opt["std_dev"] = check_option(opt["std_dev"], "std_dev", STD_DEVS)
    opt["kendall"] = check_bool(opt["kendall"], "kendall")
    check_pretest(opt["pretest_trend"])
    opt["pem_ties"] = check_pem_ties(opt["pem_ties"], "pem_ties")
    opt["delta_method"] = check_bool(opt["delta_method"], "delta_method")
    if opt["scale"] is not None:
        valid = LOR_SCALES if "LOR" in labels else SCALES
        opt["scale"] = check_option(opt["scale"], "scale", valid)
    if "SMD" in labels:
        opt["bias_correct"] = check_bias_correct(opt["bias_correct"], opt["std_dev"])
    if {"LRRd", "LRRi", "LOR"} & set(labels):
        check_bool(opt["bias_correct"], "bias_correct")
    return opt


# ------------------------------------------------------------------------------------------
# reading the table (the rules of casekit._input, for every series at once)
# ------------------------------------------------------------------------------------------


def _read_batch(data: pd.DataFrame, by: str | Sequence[str] | None, baseline_phase: Hashable,
                treatment_phase: Hashable, value_col: str, phase_col: str, session_col: str,
                improvement: str | Instrument | None, missing: str) -> Batch:
    if by is None:
        by = [c for c in ("case", "measure") if c in data.columns]
    else:
        by = [by] if isinstance(by, str) else list(by)
    absent = [c for c in by if c not in data.columns]
    if absent:
        raise ValueError(f"by column(s) {', '.join(map(repr, absent))} not in data; columns: "
                         f"{', '.join(map(str, data.columns))}")
    require_columns(data, {"value_col": value_col, "phase_col": phase_col})
    _check_phase_labels(data, phase_col)
    df = data[data[phase_col].isin([baseline_phase, treatment_phase]).to_numpy()]
    if df.empty:
        raise ValueError(f"no rows with phase {baseline_phase!r} or {treatment_phase!r} in "
                         f"column {phase_col!r}")
    has_sessions = session_col in df.columns
    if has_sessions:
        df = df.sort_values([*by, session_col], kind="stable")
    elif by:
        df = df.sort_values(by, kind="stable")
    y = _values(df, value_col, session_col if has_sessions else None, by)
    if by:
        gid = df.groupby(by, sort=False, dropna=False).ngroup().to_numpy()
        keys = df[by].drop_duplicates().reset_index(drop=True)
    else:
        gid = np.zeros(len(df), dtype=int)
        keys = pd.DataFrame(index=[0])
    imp = _directions(df, gid, len(keys), improvement, keys)
    drop, notes = _missing(df, y, gid, len(keys), value_col,
                           session_col if has_sessions else None, missing)
    df, y, gid = df[~drop], y[~drop], gid[~drop]
    is_a = (df[phase_col] == baseline_phase).to_numpy()
    A, m = pad(y[is_a], gid[is_a], len(keys))
    B, n = pad(y[~is_a], gid[~is_a], len(keys))
    problems = [{"row": None, "column": phase_col, "value": _key_text(keys, g),
                 "problem": f"series has no {'baseline' if m[g] == 0 else 'treatment'} points"}
                for g in np.flatnonzero((m == 0) | (n == 0)).tolist()]
    if problems:
        raise CaseDataError(problems, title="some series cannot be compared")
    return Batch(keys, A, B, m, n, imp, value_col, notes)


def _key_text(keys: pd.DataFrame, g: int) -> str:
    if keys.shape[1] == 0:
        return "(all rows)"
    return ", ".join(f"{c}={keys.iloc[g][c]}" for c in keys.columns)


def _check_phase_labels(data: pd.DataFrame, phase_col: str) -> None:
    """A row without a phase label cannot be assigned to a phase: an error, never ignored."""
    na = data[phase_col].isna().to_numpy()
    if na.any():
        raise CaseDataError(
            [{"row": i, "column": phase_col, "value": None,
              "problem": "missing phase label (set it, or filter the row out first)"}
             for i in data.index[na]],
            title=f"{int(na.sum())} row(s) without a phase label")


def _values(df: pd.DataFrame, value_col: str, session_col: str | None,
            by: list[str]) -> np.ndarray:
    """Numeric values; non-numbers, infinite values and bad session numbers are errors."""
    raw = df[value_col]
    y = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    problems = [{"row": df.index[i], "column": value_col, "value": raw.iloc[i],
                 "problem": "not a number"}
                for i in np.flatnonzero(np.isnan(y) & raw.notna().to_numpy()).tolist()]
    problems += [{"row": df.index[i], "column": value_col, "value": y[i],
                  "problem": "infinite value"} for i in np.flatnonzero(np.isinf(y)).tolist()]
    if session_col is not None:
        raw_s = df[session_col]
        s = pd.to_numeric(raw_s, errors="coerce")
        problems += [{"row": i, "column": session_col, "value": None if pd.isna(v) else v,
                      "problem": "missing session number" if pd.isna(v) else
                      "session number is not a finite number"}
                     for i, v in zip(df.index[s.isna()], raw_s[s.isna()], strict=True)]
        dup = df.assign(_s=s).duplicated([*by, "_s"], keep=False).to_numpy() & s.notna().to_numpy()
        problems += [{"row": i, "column": session_col, "value": session_label(v),
                      "problem": f"session {session_label(v)} appears more than once in its "
                                 "series (one value per session: choose a rater, scale or "
                                 "case)"}
                     for i, v in zip(df.index[dup], s[dup], strict=True)]
    if problems:
        raise CaseDataError(problems)
    return y


def _missing(df: pd.DataFrame, y: np.ndarray, gid: np.ndarray, n_groups: int, value_col: str,
             session_col: str | None, missing: str) -> tuple[np.ndarray, list[list[str]]]:
    """Rows to drop and per-series notes, by casekit's missing-value rule."""
    nan = np.isnan(y)
    imputed = np.zeros(len(df), dtype=bool)
    if IMPUTED_COL in df.columns:
        imputed = df[IMPUTED_COL].fillna(False).astype(bool).to_numpy() & ~nan
    sess = (df[session_col].to_numpy() if session_col is not None else
            np.full(len(df), None))
    refused = nan | imputed if missing == "error" else nan  # "include_imputed": gaps only
    if missing != "drop" and refused.any():
        raise CaseDataError(
            [{"row": i, "column": IMPUTED_COL if imputed[k] else value_col,
              "value": True if imputed[k] else None,
              "problem": (f"imputed value{_at(sess[k])} (filled in, not observed): pass "
                          "missing='include_imputed' to analyse it, or missing='drop' to "
                          "leave it out") if imputed[k] else
                         (f"missing value{_at(sess[k])} (pass missing='drop' to drop it; the "
                          "drop is reported in the result)")}
             for k, i in zip(np.flatnonzero(refused), df.index[refused], strict=True)],
            title=f"{int(refused.sum())} missing value(s); pass missing='drop' to drop them")
    drop = nan | imputed if missing == "drop" else np.zeros(len(df), dtype=bool)
    notes: list[list[str]] = [[] for _ in range(n_groups)]
    for rows, text in ((drop, "missing value(s) dropped (missing='drop')"),
                       (imputed & ~drop, "imputed value(s) analysed as data "
                                         "(missing='include_imputed')")):
        for g in np.unique(gid[rows]):  # only the series concerned
            where = rows & (gid == g)
            listed = ", ".join(str(session_label(v)) for v in sess[where] if v is not None)
            notes[g].append(f"{int(where.sum())} {text}"
                            + (f": session(s) {listed}" if listed else ""))
    return drop, notes


def _at(session: object) -> str:
    return "" if session is None else f" at session {session_label(session)}"


def _directions(df: pd.DataFrame, gid: np.ndarray, n_groups: int,
                improvement: str | Instrument | None, keys: pd.DataFrame) -> np.ndarray:
    """Direction of each series: one for all, a column, or the registry by measure."""
    if isinstance(improvement, str) and improvement not in ("increase", "decrease") \
            and improvement in df.columns:
        per = df.groupby(gid)[improvement].agg(lambda s: list(pd.unique(s)))
        out = np.empty(n_groups, dtype=object)
        problems = []
        for g, vals in zip(per.index.tolist(), per.tolist(), strict=True):
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
    if improvement is not None:
        return np.full(n_groups, resolve_improvement(improvement).improvement, dtype=object)
    if "measure" not in df.columns:
        raise ValueError("improvement is required: pass 'increase', 'decrease', an instrument "
                         "name or the name of a column holding it (no 'measure' column to "
                         "look up the instrument registry)")
    measures = df.groupby(gid)["measure"].first()
    found = {}
    for name in pd.unique(measures):
        try:
            found[name] = resolve_improvement(None, measure=str(name)).improvement
        except ValueError:
            found[name] = None
    unknown = sorted({str(k) for k, v in found.items() if v is None})
    if unknown:
        raise ValueError(f"improvement=None but the registry does not know measure(s) "
                         f"{unknown}: pass improvement='increase' / 'decrease', an instrument "
                         "or a column name")
    return np.array([found[measures[g]] for g in range(n_groups)], dtype=object)


# ------------------------------------------------------------------------------------------
# one function per index: the single-series cores on every series at once
# ------------------------------------------------------------------------------------------


def _nap_like(batch: Batch, opt: dict[str, Any], label: str) -> Column:
    key = ("nap", opt["se"], opt["confidence"], opt["ci_method"])
    if key not in batch.cache:
        batch.cache[key] = nap_parts(*batch.oriented(), opt["se"], opt["confidence"],
                                     opt["ci_method"])
    r = batch.cache[key]
    notes = []
    if opt["se"] == "unbiased":
        notes += [(g, "one-point phase: unbiased SE undefined")
                  for g in np.flatnonzero((batch.m < 2) | (batch.n < 2)).tolist()]
    notes += _bound_notes(r["nap"], opt["ci_method"], label)
    optext = f"se={opt['se']}, confidence={opt['confidence']}, ci_method={opt['ci_method']}"
    if label == "NAP":
        return Column(r["nap"], r["se"], r["lower"], r["upper"], optext, notes)
    return Column(2 * r["nap"] - 1, 2 * r["se"], 2 * r["lower"] - 1, 2 * r["upper"] - 1,
                  optext, notes)


def _bound_notes(nap: np.ndarray, ci_method: str, label: str) -> list[tuple[int, str]]:
    out = []
    for g in np.flatnonzero((nap == 0) | (nap == 1)).tolist():
        where = "ceiling: every pair improves" if nap[g] == 1 else "floor: no pair improves"
        ci = ("Newcombe method-5 interval (SingleCaseES: degenerate)" if ci_method == "newcombe"
              else "degenerate interval, as SingleCaseES")
        out.append((g, f"{label} at its {where}; {ci}"))
    return out


def _tau_u(batch: Batch, opt: dict[str, Any]) -> Column:
    method = opt["tau_u_method"]
    if method == "singlecasees":
        est = tau_u_core(*batch.oriented())[0]
        nanv = np.full(batch.size, np.nan)
        notes = [(g, "outside -1..1: this Tau-U ((S_AB - S_A) / mn) is not bounded; "
                     "tau_u_method='complete' or Tau-BC (kendall=True) are")
                 for g in np.flatnonzero(np.abs(est) > 1).tolist()]
        return Column(est, nanv, nanv, nanv, "method=singlecasees", notes)
    res = np.full((batch.size, 4), np.nan)
    a_or, b_or = batch.oriented()
    for g in range(batch.size):
        row = scan_tau_u_table(a_or[g, :batch.m[g]], b_or[g, :batch.n[g]], method,
                               opt["tau_method"], opt["confidence"])[3]
        res[g] = (row["Tau"], row["SE_Tau"], row["CI lower"], row["CI upper"])
    notes = [(g, "outside -1..1: scan 'parker' Tau-U is not bounded")
             for g in np.flatnonzero(np.abs(res[:, 0]) > 1).tolist()]
    return Column(res[:, 0], res[:, 1], res[:, 2], res[:, 3],
                  f"method={method}, tau_method={opt['tau_method']}, "
                  f"confidence={opt['confidence']}", notes)


def _tau_bc(batch: Batch, opt: dict[str, Any]) -> Column:
    alpha = check_pretest(opt["pretest_trend"])
    r = tau_bc_core(batch.A, batch.B, batch.sign, kendall=opt["kendall"], alpha=alpha,
                    se=opt["se"], confidence=opt["confidence"], ci_method=opt["ci_method"])
    notes = [(g, "fewer than 2 baseline points: no trend estimate")
             for g in np.flatnonzero(batch.m < 2).tolist()]
    if alpha is not None:
        notes += [(g, "baseline trend not significant: not corrected")
                  for g in np.flatnonzero(~r["corrected"] & (batch.m >= 2)).tolist()]
    if not opt["kendall"]:
        notes += _bound_notes(np.where(batch.m < 2, 0.5, r["nap"]), opt["ci_method"],
                              "Tau-BC")
    optext = (f"kendall={opt['kendall']}, pretest_trend={opt['pretest_trend']}, "
              f"se={opt['se']}, confidence={opt['confidence']}, ci_method={opt['ci_method']}")
    return Column(r["est"], r["se"], r["lower"], r["upper"], optext, notes)


def _pnd(batch: Batch, opt: dict[str, Any]) -> Column:
    return Column(pnd_core(*batch.oriented()))


def _pem(batch: Batch, opt: dict[str, Any]) -> Column:
    return Column(pem_core(*batch.oriented(), opt["pem_ties"]),
                  options=f"ties={opt['pem_ties']}")


def _pand(batch: Batch, opt: dict[str, Any]) -> Column:
    if opt["pand_method"] == "sort":
        est = np.array([pand_sort_core(*batch.series(g), batch.improvement[g] == "decrease")
                        ["pand"] for g in range(batch.size)])
        return Column(est, options="method=sort")
    return Column(pand_core(*batch.oriented())[0], options="method=minimum")


def _ird(batch: Batch, opt: dict[str, Any]) -> Column:
    return Column(ird_from_pand(pand_core(*batch.oriented())[0], batch.m, batch.n))


def _smd(batch: Batch, opt: dict[str, Any]) -> Column:
    bc = opt["bias_correct"]
    r = smd_core(batch.A, batch.B, opt["std_dev"], bc)
    d = r["d"] * batch.sign
    z = z_value(opt["confidence"])
    notes = [(g, "standardiser is 0 or undefined: SMD undefined (NaN)")
             for g in np.flatnonzero(~(r["sd"] > 0)).tolist()]
    return Column(d, r["se"], d - z * r["se"], d + z * r["se"],
                  f"std_dev={opt['std_dev']}, bias_correct={bc}, confidence={opt['confidence']}",
                  notes)


def _scale_problems(batch: Batch, scale: str, label: str) -> None:
    top = 1.0 if scale == "proportion" else 100.0
    bad = [g for g in range(batch.size)
           if any(np.any((x < 0) | (x > top)) for x in batch.series(g))]
    if bad:
        raise CaseDataError(
            [{"row": None, "column": batch.value_col, "value": batch.key(g),
              "problem": f"{label} with scale='{scale}' needs values in [0, {top:g}]"}
             for g in bad], title=f"{label} cannot be computed for some series")


def _lrr(batch: Batch, opt: dict[str, Any], label: str) -> Column:
    scale = opt["scale"] or "other"
    bc = opt["bias_correct"]
    if scale in ("proportion", "percentage"):
        _scale_problems(batch, scale, label)
    dc = trunc_constant(scale, None, opt["intervals"])
    flip = batch.improvement == ("increase" if label == "LRRd" else "decrease")
    r = lrr_core(batch.A, batch.B, flip, scale=scale, bias_correct=bc, d_const=dc)
    if not (math.isfinite(dc) and dc > 0):
        bad = np.flatnonzero(~((r["mean_a"] > 0) & (r["mean_b"] > 0)))
        if bad.size:
            raise CaseDataError(
                [{"row": None, "column": batch.value_col, "value": batch.key(g),
                  "problem": f"{label} undefined: phase mean <= 0 (baseline "
                             f"{r['mean_a'][g]:g}, treatment {r['mean_b'][g]:g}); use "
                             "scale='count' for counts"} for g in bad.tolist()],
                title=f"{label} cannot be computed for some series")
    z = z_value(opt["confidence"])
    return Column(r["lrr"], r["se"], r["lrr"] - z * r["se"], r["lrr"] + z * r["se"],
                  f"scale={scale}, bias_correct={bc}, confidence={opt['confidence']}")


def _lor(batch: Batch, opt: dict[str, Any]) -> Column:
    scale = opt["scale"] or "percentage"
    _scale_problems(batch, scale, "LOR")
    top = 100.0 if scale == "percentage" else 1.0
    r = lor_core(batch.A / top, batch.B / top, batch.improvement == "decrease",
                 d_const=lor_d_const(scale, opt["intervals"], None),
                 bias_correct=opt["bias_correct"])
    z = z_value(opt["confidence"])
    notes = [(g, "a phase mean is 0 or 1 without truncation: LOR not finite")
             for g in np.flatnonzero(~np.isfinite(r["lor"])).tolist()]
    return Column(r["lor"], r["se"], r["lor"] - z * r["se"], r["lor"] + z * r["se"],
                  f"scale={scale}, intervals={opt['intervals']}, "
                  f"bias_correct={opt['bias_correct']}, confidence={opt['confidence']}", notes)


def _lrm(batch: Batch, opt: dict[str, Any]) -> Column:
    r = lrm_core(batch.A, batch.B, batch.improvement == "decrease",
                 delta_method=opt["delta_method"])
    z = z_value(opt["confidence"])
    notes = [(g, "a phase median is 0 or negative: LRM undefined")
             for g in np.flatnonzero(~((r["median_a"] > 0) & (r["median_b"] > 0))).tolist()]
    return Column(r["lrm"], r["se"], r["lrm"] - z * r["se"], r["lrm"] + z * r["se"],
                  f"delta_method={opt['delta_method']}, confidence={opt['confidence']}", notes)


def _pogo(batch: Batch, opt: dict[str, Any]) -> Column:
    goal = float(opt["goal"])
    est, se = pogo_core(batch.A, batch.B, goal)
    mean_a = np.nanmean(batch.A, axis=1)
    problems, notes = [], []
    for g in range(batch.size):
        why = pogo_side_problem(goal, float(mean_a[g]), batch.improvement[g])
        if why and goal == mean_a[g]:
            notes.append((g, why))
        elif why:
            problems.append({"row": None, "column": batch.value_col, "value": batch.key(g),
                             "problem": why})
    if problems:
        raise CaseDataError(problems, title="PoGO cannot be computed for some series")
    bad = [g for g, _ in notes]
    est, se = est.copy(), se.copy()
    est[bad], se[bad] = np.nan, np.nan
    z = z_value(opt["confidence"])
    return Column(est, se, est - z * se, est + z * se,
                  f"goal={opt['goal']}, confidence={opt['confidence']}", notes)


_COMPUTE: dict[str, Callable[[Batch, dict[str, Any]], Column]] = {
    "NAP": lambda b, o: _nap_like(b, o, "NAP"), "Tau": lambda b, o: _nap_like(b, o, "Tau"),
    "Tau-U": _tau_u, "Tau-BC": _tau_bc, "PND": _pnd, "PEM": _pem, "PAND": _pand,
    "IRD": _ird, "SMD": _smd, "LRRd": lambda b, o: _lrr(b, o, "LRRd"),
    "LRRi": lambda b, o: _lrr(b, o, "LRRi"), "LOR": _lor, "LRM": _lrm, "PoGO": _pogo,
}


def _assemble(batch: Batch, columns: list[tuple[str, Column]],
              labels: list[str]) -> pd.DataFrame:
    """One row per series and index, series by series, indices in the order asked."""
    nanv = np.full(batch.size, np.nan)
    frames = []
    for label, col in columns:
        rec = batch.keys.copy()
        rec["es"] = label
        for name, v in (("est", col.est), ("se", col.se), ("ci_lower", col.lower),
                        ("ci_upper", col.upper)):
            rec[name] = nanv if v is None else np.asarray(v, dtype=float)
        rec["n_baseline"] = batch.m
        rec["n_treatment"] = batch.n
        rec["improvement"] = batch.improvement
        rec["options"] = col.options
        notes = [list(x) for x in batch.notes]
        for g, text in col.notes:
            notes[g].append(text)
        rec["note"] = ["; ".join(x) for x in notes]
        frames.append(rec)
    table = pd.concat(frames, ignore_index=True)
    if batch.keys.shape[1]:
        order = {lab: i for i, lab in enumerate(labels)}
        table["_g"] = np.tile(np.arange(batch.size), len(frames))
        table["_e"] = table["es"].map(order)
        table = table.sort_values(["_g", "_e"], kind="stable").drop(columns=["_g", "_e"])
    return table.reset_index(drop=True)

"""Sudden gains and sudden losses (Tang & DeRubeis 1999; suddengains 0.7.2 semantics).

A sudden gain between consecutive sessions n -> n+1 must meet all applied criteria:

1. **absolute size**: the improvement ``g`` from session n to n+1 is at least
   ``sg_crit1_cutoff`` (e.g. the instrument's reliable change value, see
   :func:`crit1_cutoff_from_rci`);
2. **relative size**: ``g >= sg_crit2_pct * x_n`` (25 % of the pregain score by default);
3. **stability**: the mean of the three scores up to and including the pregain session
   (n-2, n-1, n) differs from the mean of the three scores from the postgain session on
   (n+1, n+2, n+3) in the improvement direction by more than ``t * s_pooled``.

The computation is vectorised over people: the series are laid out on a common session grid
(a 2-D array, one row per case and measure, missed sessions kept as NaN in position) and all
windowed means, SDs and criteria are computed with nan-aware array operations at once, so ten
thousand people with twelve sessions take a few tens of milliseconds.

Public functions: :func:`sudden_gains`, :func:`sudden_losses`, :func:`crit1_cutoff_from_rci`,
:func:`check_interval`, :func:`select_cases`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._validate import as_float_array, check_float, check_int, check_option
from .exceptions import CaseDataError
from .results import Result

__all__ = [
    "sudden_gains",
    "sudden_losses",
    "crit1_cutoff_from_rci",
    "check_interval",
    "select_cases",
    "SuddenGainsResult",
    "Crit1Cutoff",
    "CheckIntervalResult",
]

_REFERENCE = (
    "Tang, T. Z., & DeRubeis, R. J. (1999). Sudden gains and critical sessions in cognitive-"
    "behavioral therapy for depression. J Consult Clin Psychol, 67(6), 894-904. "
    "doi:10.1037/0022-006X.67.6.894; Wiedemann, M., Thew, G. R., Stott, R., & Ehlers, A. (2020). "
    "suddengains: An R package to identify sudden gains in longitudinal data. PLOS ONE, 15(3), "
    "e0230276. doi:10.1371/journal.pone.0230276; Lutz, W., et al. (2013). Sudden gains in "
    "routine care. doi:10.1037/a0031406"
)
_MIRRORS = "suddengains 0.7.2 identify_sg / identify_sl / create_bysg / create_byperson"

# suddengains' fixed critical value for criterion 3 when sg_crit3_adjust = FALSE:
# |qt(0.025, df = 4)| = 2.776 (3 + 3 values; Tang & DeRubeis 1999; suddengains 0.7.2 default).
DEFAULT_CRIT3_CRITICAL_VALUE = 2.776

_SCORE_COLS = ("value_n_minus2", "value_n_minus1", "value_n", "value_n_plus1",
               "value_n_plus2", "value_n_plus3")


# --------------------------------------------------------------------------------------------
# small validators
# --------------------------------------------------------------------------------------------
def _direction(improvement, measure=None) -> int:
    """+1 when improvement is an increase, -1 when it is a decrease."""
    if improvement is None:
        if measure is not None and not (isinstance(measure, float) and math.isnan(measure)):
            from .registry import get_instrument
            try:
                inst = get_instrument(measure)
            except KeyError:
                inst = None
            if inst is not None:
                return 1 if inst.higher_is_better else -1
        raise ValueError(
            "improvement is required: pass 'increase' or 'decrease' (or an instrument name / "
            f"Instrument); measure {measure!r} is not in the instrument registry, so the "
            "direction cannot be taken from it")
    if isinstance(improvement, str) and improvement in ("increase", "decrease"):
        return 1 if improvement == "increase" else -1
    from .registry import Instrument, get_instrument
    if isinstance(improvement, (str, Instrument)):
        try:
            inst = get_instrument(improvement)
        except KeyError as exc:
            raise ValueError(
                "improvement must be 'increase', 'decrease' or a registered instrument; got "
                f"{improvement!r}") from exc
        return 1 if inst.higher_is_better else -1
    raise ValueError(f"improvement must be one of 'increase', 'decrease' or an instrument; "
                     f"got {improvement!r}")


def _check_bool(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def _cutoff_value(cutoff, kind):
    if cutoff is None:
        return None
    if isinstance(cutoff, Crit1Cutoff):
        cutoff = cutoff.value
    cutoff = check_float(cutoff, "sg_crit1_cutoff", finite=True)
    if kind == "sg" and cutoff <= 0:
        raise ValueError(f"sudden_gains needs a positive sg_crit1_cutoff (the minimum "
                         f"improvement, e.g. 7 BDI points); got {cutoff}")
    if kind == "sl" and cutoff >= 0:
        raise ValueError(
            f"sudden_losses needs a negative sg_crit1_cutoff (suddengains convention: "
            f"x_n - x_(n+1) <= cutoff, e.g. -7); got {cutoff}. Pass {-cutoff:g} with a minus "
            "sign")
    return cutoff


def _crit3_table(alpha: float, adjust: bool, critical_value: float) -> np.ndarray:
    """Critical value of criterion 3 indexed by df = n_pre + n_post - 2 (0 ... 4).

    Adjusted: |qt(alpha / 2, df)| (suddengains 0.7.2, after Lutz et al. 2013); otherwise the
    fixed ``critical_value`` for every df.
    """
    table = np.full(5, np.nan)
    if adjust:
        from scipy import stats
        for df in (2, 3, 4):
            table[df] = abs(float(stats.t.ppf(alpha / 2.0, df)))
    else:
        table[2:] = critical_value
    return table


# --------------------------------------------------------------------------------------------
# numpy core
# --------------------------------------------------------------------------------------------
def _window_stats(W):
    """nan-aware count, mean and sum of squared deviations over the last axis."""
    mask = ~np.isnan(W)
    n = mask.sum(axis=-1)
    s = np.where(mask, W, 0.0).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
        dev = np.where(mask, W - mean[..., None], 0.0)
    ss = (dev * dev).sum(axis=-1)
    return n, mean, ss


def _criteria_core(Y, positions, *, d, kind, cutoff, pct, crit3, crit3_table, loss_crit2):
    """Evaluate the three criteria for every row of ``Y`` at the pregain ``positions``.

    Parameters
    ----------
    Y : ndarray (P, T)
        Scores on a common session grid, NaN for missed sessions.
    positions : ndarray of int (K,)
        0-based grid positions of the pregain sessions to test (postgain = position + 1).

    Returns
    -------
    dict of (P, K) arrays: ``crit1``, ``crit2``, ``crit3`` and ``sg`` as float 1/0/NaN (NaN =
    not computable; a criterion that is not applied is all-NaN and ignored in ``sg``), plus
    ``n_pre``, ``n_post``, ``mean_pre``, ``mean_post``, ``sd_pooled``, ``critical_value``.
    """
    P, T = Y.shape
    pos = np.asarray(positions, dtype=np.intp)
    Yp = np.full((P, T + 5), np.nan)
    Yp[:, 2:T + 2] = Y
    # grid position i sits at padded column i + 2; pre window = padded i .. i+2, post = i+3 .. i+5
    W = np.lib.stride_tricks.sliding_window_view(Yp, 3, axis=1)  # (P, T+3, 3)
    pre = W[:, pos, :]
    post = W[:, pos + 3, :]
    yn = Y[:, pos]
    yn1 = Y[:, pos + 1]
    # improvement-oriented change g (suddengains: x_n - x_(n+1) for lower-is-better)
    g = (yn - yn1) if d < 0 else (yn1 - yn)
    na12 = np.isnan(yn) | np.isnan(yn1)
    out = {}
    shape = g.shape
    if cutoff is None:
        c1 = np.full(shape, np.nan)
    else:
        c1 = (g >= cutoff) if kind == "sg" else (g <= cutoff)
        c1 = np.where(na12, np.nan, c1.astype(float))
    if pct is None:
        c2 = np.full(shape, np.nan)
    else:
        if kind == "sg":
            c2 = g >= pct * yn
        elif loss_crit2 == "suddengains":
            c2 = g <= pct * yn
        else:  # mirrored: the worsening is at least pct of the pregain score
            c2 = -g >= pct * yn
        c2 = np.where(na12, np.nan, c2.astype(float))
    n_pre, m_pre, ss_pre = _window_stats(pre)
    n_post, m_post, ss_post = _window_stats(post)
    ok3 = (n_pre >= 2) & (n_post >= 2)
    df = np.where(ok3, n_pre + n_post - 2, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sp = np.sqrt((ss_pre + ss_post) / df)
    tcrit = crit3_table[df]
    if crit3:
        if (d < 0) == (kind == "sg"):
            diff = m_pre - m_post
        else:
            diff = m_post - m_pre
        with np.errstate(invalid="ignore"):
            c3 = diff > tcrit * sp
        c3 = np.where(ok3, c3.astype(float), np.nan)
    else:
        c3 = np.full(shape, np.nan)
    applied = [c for c, use in ((c1, cutoff is not None), (c2, pct is not None), (c3, crit3))
               if use]
    if not applied:
        raise ValueError("no criterion applied: give sg_crit1_cutoff, sg_crit2_pct or "
                         "sg_crit3=True")
    sg = np.ones(shape)
    for c in applied:
        sg = sg * c  # NaN propagates like R's NA * 0
    out.update(crit1=c1, crit2=c2, crit3=c3, sg=sg, n_pre=n_pre, n_post=n_post,
               mean_pre=np.where(n_pre > 0, m_pre, np.nan),
               mean_post=np.where(n_post > 0, m_post, np.nan),
               sd_pooled=np.where(ok3, sp, np.nan), critical_value=np.where(ok3, tcrit, np.nan))
    return out


def _first_last_observed(Y):
    mask = ~np.isnan(Y)
    anyv = mask.any(axis=1)
    first_idx = np.argmax(mask, axis=1)
    last_idx = Y.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)
    rows = np.arange(Y.shape[0])
    first = np.where(anyv, Y[rows, first_idx], np.nan)
    last = np.where(anyv, Y[rows, last_idx], np.nan)
    return first, last


# --------------------------------------------------------------------------------------------
# input layout: long or wide -> grids
# --------------------------------------------------------------------------------------------
class _Grid:
    """One measure's data on a common session grid."""

    def __init__(self, Y, sessions, cases, measure, d, tx_start, tx_end, phase=None):
        self.Y = Y
        self.sessions = np.asarray(sessions)
        self.cases = cases
        self.measure = measure
        self.d = d
        self.tx_start = tx_start
        self.tx_end = tx_end
        self.phase = phase


def _as_long_frame(data, id, session, value):
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series) or isinstance(data, (list, tuple, np.ndarray)):
        arr = np.asarray(data, dtype=float) if not isinstance(data, pd.Series) else \
            data.to_numpy(dtype=float)
        if arr.ndim != 1:
            raise ValueError("data given as an array must be 1-D (one case's scores in session "
                             "order); use a DataFrame for several cases")
        return pd.DataFrame({id: np.zeros(arr.size, dtype=int), session: np.arange(1, arr.size + 1),
                             value: arr})
    raise TypeError("data must be a pandas DataFrame (long or wide) or a 1-D array of one "
                    f"case's scores; got {type(data).__name__}")


def _numeric_column(df, col, name, *, allow_nan):
    s = df[col]
    vals = pd.to_numeric(s, errors="coerce")
    bad = vals.isna() & s.notna()
    problems = []
    for r in np.flatnonzero(bad.to_numpy()):
        problems.append({"row": int(r), "column": col, "value": s.iloc[r],
                         "problem": f"{name} is not numeric"})
    arr = vals.to_numpy(dtype=float, na_value=np.nan)
    if not allow_nan:
        for r in np.flatnonzero(np.isnan(arr) & ~bad.to_numpy()):
            problems.append({"row": int(r), "column": col, "value": None,
                             "problem": f"{name} is missing"})
    for r in np.flatnonzero(np.isinf(arr)):
        problems.append({"row": int(r), "column": col, "value": float(arr[r]),
                         "problem": f"{name} is infinite"})
    return arr, problems


def _grids_from_long(df, *, id, session, value, measure, improvement, phase_col):
    for col, arg in ((id, "id"), (session, "session"), (value, "value")):
        if col not in df.columns:
            raise ValueError(f"column {col!r} (argument {arg}=) not found in data; columns are "
                             f"{list(map(str, df.columns))}")
    # the default "phase" is optional; a phase column named by the caller must be there
    if phase_col not in (None, "phase") and phase_col not in df.columns:
        raise ValueError(f"column {phase_col!r} (argument phase=) not found in data; columns "
                         f"are {list(map(str, df.columns))} (phase=None: no phase column)")
    has_measure_col = "measure" in df.columns
    if measure is not None:
        if not has_measure_col:
            raise ValueError(f"measure={measure!r} given but data has no 'measure' column")
        keep = (df["measure"] == measure).to_numpy(dtype=bool, na_value=False)
        if not keep.any():
            avail = sorted(map(str, df["measure"].dropna().unique()))
            raise ValueError(f"measure {measure!r} not found in data; available measures: "
                             f"{', '.join(avail)}")
        df = df.loc[keep]
    df = df.reset_index(drop=True)
    sess, problems = _numeric_column(df, session, "session", allow_nan=False)
    vals, p2 = _numeric_column(df, value, "value", allow_nan=True)
    problems += p2
    finite = np.isfinite(sess)
    nonint = finite & (sess != np.round(sess))
    for r in np.flatnonzero(nonint):
        problems.append({"row": int(r), "column": session, "value": float(sess[r]),
                         "problem": "session numbers must be whole numbers (the session grid "
                                    "keeps missed sessions in position)"})
    if df[id].isna().any():
        for r in np.flatnonzero(df[id].isna().to_numpy()):
            problems.append({"row": int(r), "column": id, "value": None,
                             "problem": "case id is missing"})
    mcol = df["measure"] if has_measure_col else pd.Series([pd.NA] * len(df), dtype=object)
    key = pd.DataFrame({"c": df[id].to_numpy(), "m": mcol.to_numpy(), "s": sess})
    dup = key.duplicated(keep=False).to_numpy()
    for r in np.flatnonzero(dup & finite):
        problems.append({"row": int(r), "column": session, "value": float(sess[r]),
                         "problem": "duplicate session for this case and measure"})
    if problems:
        raise CaseDataError(problems)
    grids = []
    measures = [pd.NA] if not has_measure_col else list(pd.unique(mcol))
    for m in measures:
        if has_measure_col:
            sel = (mcol == m).to_numpy(dtype=bool, na_value=False) if not pd.isna(m) else \
                mcol.isna().to_numpy()
        else:
            sel = np.ones(len(df), dtype=bool)
        d = _direction(improvement, None if pd.isna(m) else m)
        s = sess[sel].astype(np.int64)
        smin, smax = int(s.min()), int(s.max())
        T = smax - smin + 1
        codes, uniques = pd.factorize(df[id].to_numpy()[sel], sort=True)
        if T * len(uniques) > 50_000_000:
            raise ValueError(f"session numbers span {T} sessions; the session grid would be too "
                             "large. Are the sessions numbered 1, 2, 3 ...?")
        Y = np.full((len(uniques), T), np.nan)
        Y[codes, s - smin] = vals[sel]
        ph = None
        if phase_col is not None and phase_col in df.columns:
            ph = np.full((len(uniques), T), None, dtype=object)
            ph[codes, s - smin] = df[phase_col].to_numpy(dtype=object)[sel]
        first, last = _first_last_observed(Y)
        grids.append(_Grid(Y, np.arange(smin, smax + 1), np.asarray(uniques, dtype=object),
                           None if pd.isna(m) else m, d, first, last, ph))
    return grids


def _grid_from_wide(df, *, id, sg_var_list, measure, improvement, identify_sg_1to2,
                    tx_start_var, tx_end_var):
    if not isinstance(df, pd.DataFrame):
        raise TypeError("wide data (sg_var_list=) must be a pandas DataFrame")
    sg_var_list = list(sg_var_list)
    if len(sg_var_list) < 4:
        raise ValueError(f"sg_var_list needs at least 4 variables (one testable interval); got "
                         f"{len(sg_var_list)}")
    tx_start_var = sg_var_list[0] if tx_start_var is None else tx_start_var
    tx_end_var = sg_var_list[-1] if tx_end_var is None else tx_end_var
    missing = [c for c in [id, *sg_var_list, tx_start_var, tx_end_var] if c not in df.columns]
    if missing:
        raise ValueError(f"columns not found in data: {missing} (check id= and sg_var_list=)")
    problems = []
    cols = {}
    for c in dict.fromkeys([*sg_var_list, tx_start_var, tx_end_var]):
        cols[c], p = _numeric_column(df.reset_index(drop=True), c, f"value of {c}",
                                     allow_nan=True)
        problems += p
    ids = df[id].reset_index(drop=True)
    for r in np.flatnonzero(ids.duplicated(keep=False).to_numpy()):
        problems.append({"row": int(r), "column": id, "value": ids.iloc[r],
                         "problem": "duplicate id (wide data need one row per case)"})
    if problems:
        raise CaseDataError(problems)
    order = np.argsort(ids.to_numpy(), kind="stable")
    Y = np.column_stack([cols[c] for c in sg_var_list])[order]
    start = 0 if identify_sg_1to2 else 1
    sessions = np.arange(start, start + len(sg_var_list))
    d = _direction(improvement, measure)
    return _Grid(Y, sessions, ids.to_numpy(dtype=object)[order], measure, d,
                 cols[tx_start_var][order], cols[tx_end_var][order])


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------
class SuddenGainsResult(Result):
    """Sudden gains (or losses): one row per gain in :attr:`summary`.

    Attributes
    ----------
    kind : {"gains", "losses"}
    n_gains : int
        Number of gains (losses) found.
    n_cases : int
        Number of case-measure series examined.
    n_cases_with_gain : int
    n_reversed : int
    intervals : pandas.DataFrame
        Every tested interval with its three criteria (built on first access).
    """

    def __init__(self, summary, *, grids, crit, positions_list, kind, options, notes,
                 reversal_offset):
        title = "Sudden gains" if kind == "gains" else "Sudden losses"
        super().__init__(summary, method=f"{title} (Tang & DeRubeis 1999; suddengains rules)",
                         options=options, reference=_REFERENCE, mirrors=_MIRRORS, notes=notes,
                         title=title)
        self.kind = kind
        self._grids = grids
        self._crit = crit
        self._positions = positions_list
        self._intervals = None
        self.reversal_offset = int(reversal_offset)
        self.n_gains = int(len(summary))
        self.n_cases = int(sum(g.Y.shape[0] for g in grids))
        self.n_cases_with_gain = int(summary[["case", "measure"]].astype(object)
                                     .drop_duplicates().shape[0]) if len(summary) else 0
        self.n_reversed = int(summary["reversed"].sum()) if len(summary) else 0

    @property
    def intervals(self) -> pd.DataFrame:
        """Every tested interval: ``case, measure, pregain_session, postgain_session, crit1,
        crit2, crit3, sudden_gain`` (nullable booleans: ``<NA>`` = not computable or criterion
        not applied) and ``n_pre, n_post, mean_pre, mean_post, sd_pooled, critical_value``."""
        if self._intervals is None:
            frames = []
            for grid, crit, pos in zip(self._grids, self._crit, self._positions, strict=True):
                P, K = crit["sg"].shape
                case = np.repeat(grid.cases, K)
                f = {"case": case,
                     "measure": np.full(P * K, grid.measure, dtype=object),
                     "pregain_session": np.tile(grid.sessions[pos], P),
                     "postgain_session": np.tile(grid.sessions[pos + 1], P)}
                for src, dst in (("crit1", "crit1"), ("crit2", "crit2"), ("crit3", "crit3"),
                                 ("sg", "sudden_gain" if self.kind == "gains"
                                  else "sudden_loss")):
                    a = crit[src].ravel()
                    f[dst] = pd.arrays.BooleanArray(a == 1.0, np.isnan(a))
                f["n_pre"] = crit["n_pre"].ravel().astype(np.int64)
                f["n_post"] = crit["n_post"].ravel().astype(np.int64)
                for k in ("mean_pre", "mean_post", "sd_pooled", "critical_value"):
                    f[k] = crit[k].ravel()
                frames.append(pd.DataFrame(f))
            self._intervals = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        return self._intervals.copy()

    def by_person(self, multiple_sg_select: str = "first") -> pd.DataFrame:
        """One row per case (and measure), like suddengains ``create_byperson``.

        Parameters
        ----------
        multiple_sg_select : {"first", "last", "smallest", "largest"}
            Which gain to keep for people with several: the earliest or latest pregain session,
            or the smallest / largest ``|magnitude|`` (ties: the earliest). suddengains compares
            the signed magnitude, which for losses (negative) makes "largest" the smallest loss;
            casekit compares sizes.

        Returns
        -------
        pandas.DataFrame
            ``case, measure, has_gain`` (bool), ``n_gains`` and the selected gain's columns
            (NaN for cases without one).
        """
        sel = check_option(multiple_sg_select, "multiple_sg_select",
                           ("first", "last", "smallest", "largest"))
        s = self._summary.copy()
        allcases = pd.concat([pd.DataFrame({"case": g.cases,
                                            "measure": np.full(len(g.cases), g.measure,
                                                               dtype=object)})
                              for g in self._grids], ignore_index=True)
        if len(s):
            s["_abs"] = s["magnitude"].abs()
            if sel == "first":
                s = s.sort_values(["pregain_session"], kind="stable")
            elif sel == "last":
                s = s.sort_values(["pregain_session"], ascending=False, kind="stable")
            elif sel == "smallest":
                s = s.sort_values(["_abs", "pregain_session"], kind="stable")
            else:
                s = s.sort_values(["_abs", "pregain_session"], ascending=[False, True],
                                  kind="stable")
            key = s[["case", "measure"]].astype(object).apply(tuple, axis=1)
            s = s.loc[~key.duplicated()].drop(columns="_abs")
        n_col = "n_gains"
        keyall = list(zip(allcases["case"], allcases["measure"], strict=True))
        if len(s):
            lookup = {(c, m): i for i, (c, m) in enumerate(zip(s["case"], s["measure"],
                                                              strict=True))}
        else:
            lookup = {}
        idx = [lookup.get(k, -1) for k in keyall]
        out = allcases.copy()
        out["has_gain"] = [i >= 0 for i in idx]
        cols = [c for c in s.columns if c not in ("case", "measure")] if len(s) else \
            [c for c in self._summary.columns if c not in ("case", "measure")]
        for c in cols:
            if len(s):
                vals = s[c].to_numpy()
                col = [vals[i] if i >= 0 else None for i in idx]
            else:
                col = [None] * len(out)
            kind = self._summary[c].dtype.kind
            dtype = {"f": self._summary[c].dtype, "i": "Int64", "b": "boolean"}.get(kind,
                                                                                  object)
            out[c] = pd.Series(col, dtype=dtype)
        out[n_col] = out[n_col].fillna(0).astype(np.int64)
        out = out.sort_values(["measure", "case"], kind="stable").reset_index(drop=True) \
            if out["measure"].notna().any() else out
        return out

    def describe(self) -> dict:
        """Counts like suddengains ``describe_sg``: gains, people with a gain, reversals,
        magnitude mean and SD (n - 1), share of gains in people with more than one."""
        s = self._summary
        n = len(s)
        mag = s["magnitude"].to_numpy(dtype=float) if n else np.array([])
        multi = int((s["n_gains"] > 1).sum()) if n else 0
        return {
            "n_gains": n,
            "n_cases": self.n_cases,
            "n_cases_with_gain": self.n_cases_with_gain,
            "pct_cases_with_gain": 100.0 * self.n_cases_with_gain / self.n_cases
            if self.n_cases else float("nan"),
            "n_reversed": self.n_reversed,
            "magnitude_mean": float(mag.mean()) if n else float("nan"),
            "magnitude_sd": float(mag.std(ddof=1)) if n > 1 else float("nan"),
            "pct_gains_in_multiple": 100.0 * multi / n if n else float("nan"),
        }


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------
def _identify(data, kind, *, sg_crit1_cutoff, sg_crit2_pct, sg_crit3, sg_crit3_alpha,
              sg_crit3_adjust, sg_crit3_critical_value, identify_sg_1to2, id, session, value,
              measure, improvement, sg_var_list, tx_start_var, tx_end_var, reversal,
              loss_crit2, phase):
    cutoff = _cutoff_value(sg_crit1_cutoff, kind)
    pct = None if sg_crit2_pct is None else check_float(sg_crit2_pct, "sg_crit2_pct",
                                                        minimum=0.0, finite=True)
    sg_crit3 = _check_bool(sg_crit3, "sg_crit3")
    alpha = check_float(sg_crit3_alpha, "sg_crit3_alpha", minimum=0.0, maximum=1.0,
                        inclusive=False, finite=True)
    adjust = _check_bool(sg_crit3_adjust, "sg_crit3_adjust")
    cval = check_float(sg_crit3_critical_value, "sg_crit3_critical_value", minimum=0.0, finite=True)
    identify_sg_1to2 = _check_bool(identify_sg_1to2, "identify_sg_1to2")
    reversal = check_option(reversal, "reversal", ("after_postgain", "suddengains"))
    loss_crit2 = check_option(loss_crit2, "loss_crit2", ("mirrored", "suddengains"))
    table = _crit3_table(alpha, adjust, cval) if sg_crit3 else np.full(5, np.nan)

    if sg_var_list is not None:
        grids = [_grid_from_wide(data, id=id, sg_var_list=sg_var_list, measure=measure,
                                 improvement=improvement, identify_sg_1to2=identify_sg_1to2,
                                 tx_start_var=tx_start_var, tx_end_var=tx_end_var)]
    else:
        df = _as_long_frame(data, id, session, value)
        grids = _grids_from_long(df, id=id, session=session, value=value, measure=measure,
                                 improvement=improvement, phase_col=phase)
    # reversal scan starts this many grid positions after the pregain session
    if reversal == "after_postgain":
        offset = 2
    else:  # suddengains 0.7.2 renumbers from 0 whatever identify_sg_1to2 is
        offset = 2 if identify_sg_1to2 else 3

    frames, crits, poss = [], [], []
    for grid in grids:
        T = grid.Y.shape[1]
        pos = np.arange(1, max(T - 2, 1))
        if not identify_sg_1to2:
            pos = pos[grid.sessions[pos] != 1]
        crit = _criteria_core(grid.Y, pos, d=grid.d, kind=kind, cutoff=cutoff, pct=pct,
                              crit3=sg_crit3, crit3_table=table, loss_crit2=loss_crit2)
        crits.append(crit)
        poss.append(pos)
        frames.append(_gain_table(grid, crit, pos, offset))
    summary = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    options = {
        "sg_crit1_cutoff": cutoff, "sg_crit2_pct": pct, "sg_crit3": sg_crit3,
        "sg_crit3_alpha": alpha, "sg_crit3_adjust": adjust,
        "sg_crit3_critical_value": cval, "identify_sg_1to2": identify_sg_1to2,
        "improvement": ", ".join(sorted({"increase" if g.d > 0 else "decrease" for g in grids})),
        "reversal": reversal,
    }
    notes = []
    if kind == "losses" or kind == "sl":
        options["loss_crit2"] = loss_crit2
    if reversal == "after_postgain":
        notes.append("reversal: any score after the postgain session (n+2 on) goes back past "
                     "the reversal value; suddengains 0.7.2 scans from n+3 by default "
                     "(reversal='suddengains' mirrors it)")
    if sg_var_list is None:
        notes.append("tx_change uses each case's first and last observed scores")
    if sum(len(p) for p in poss) == 0:
        notes.append("no interval could be tested: criterion 3 needs sessions n-2 ... n+2, so "
                     "a series needs at least 4 sessions (5 with the 1 -> 2 interval excluded "
                     "and session numbering from 0)")
    return SuddenGainsResult(summary, grids=grids, crit=crits, positions_list=poss,
                             kind="gains" if kind == "sg" else "losses", options=options,
                             notes=notes, reversal_offset=offset)


def _gain_table(grid, crit, pos, offset):
    Y, d = grid.Y, grid.d
    P, T = Y.shape
    rows, ks = np.nonzero(crit["sg"] == 1.0)
    i = pos[ks]
    Yp = np.full((P, T + 5), np.nan)
    Yp[:, 2:T + 2] = Y
    scores = {name: Yp[rows, i + 2 + off] for name, off in zip(_SCORE_COLS, range(-2, 4),
                                                               strict=True)}
    yn, yn1 = scores["value_n"], scores["value_n_plus1"]
    mag = (yn - yn1) if d < 0 else (yn1 - yn)
    # suddengains: reversal value = x_(n+1) + magnitude / 2 (half of the gain lost)
    rv = yn1 - d * mag / 2.0
    gain = mag > 0
    # later scores on the grid from pregain + offset on
    later = np.arange(T)[None, :] >= (i + offset)[:, None]
    Yr = Y[rows]
    with np.errstate(invalid="ignore"):
        if d < 0:
            back = np.where(gain[:, None], Yr > rv[:, None], Yr < rv[:, None])
        else:
            back = np.where(gain[:, None], Yr < rv[:, None], Yr > rv[:, None])
    reversed_ = (back & later & ~np.isnan(Yr)).any(axis=1)
    tx_start, tx_end = grid.tx_start[rows], grid.tx_end[rows]
    tx = (tx_start - tx_end) if d < 0 else (tx_end - tx_start)
    with np.errstate(invalid="ignore", divide="ignore"):
        prop = np.where(gain, mag, -mag) / tx
    prop = np.where(tx == 0, np.nan, prop)
    n_by = np.bincount(rows, minlength=P)[rows] if rows.size else np.array([], dtype=np.int64)
    out = {
        "case": grid.cases[rows],
        "measure": np.full(rows.size, grid.measure, dtype=object),
        "pregain_session": grid.sessions[i],
        "postgain_session": grid.sessions[i + 1],
        **scores,
        "pregain_value": yn,
        "postgain_value": yn1,
        "magnitude": mag,
        "tx_start_value": tx_start,
        "tx_end_value": tx_end,
        "tx_change": tx,
        "change_proportion": prop,
        "reversal_value": rv,
        "reversed": reversed_,
        "n_gains": n_by.astype(np.int64),
        "mean_pre": crit["mean_pre"][rows, ks],
        "mean_post": crit["mean_post"][rows, ks],
        "sd_pooled": crit["sd_pooled"][rows, ks],
        "crit3_critical_value": crit["critical_value"][rows, ks],
    }
    if grid.phase is not None:
        out["phase"] = grid.phase[rows, i + 1]
    return pd.DataFrame(out)


_COMMON_DOC = """
    Parameters
    ----------
    data : pandas.DataFrame or array-like
        Tidy long data (columns ``id``, ``session``, ``value``, optional ``measure`` and
        ``phase``), one case or many; wide data (one row per case) with ``sg_var_list``; or a
        1-D array of one case's scores in session order (sessions 1, 2, ...).
    sg_crit1_cutoff : float, Crit1Cutoff or None
        Criterion 1 (no default, as in suddengains). {crit1}
        ``None`` skips the criterion.
    sg_crit2_pct : float or None
        Criterion 2 proportion of the pregain score (0.25). ``None`` skips it.
    sg_crit3 : bool
        Apply criterion 3 (stability: pooled-SD t criterion).
    sg_crit3_alpha : float
        Two-sided alpha of the adjusted critical value |qt(alpha/2, n_pre + n_post - 2)|.
    sg_crit3_adjust : bool
        Adjust the critical value for missing values (Lutz et al. 2013): 2.776 / 3.182 / 4.303
        for 6 / 5 / 4 available values at alpha .05. ``False`` uses ``sg_crit3_critical_value``
        throughout.
    sg_crit3_critical_value : float
        Fixed critical value used when ``sg_crit3_adjust=False`` (2.776).
    identify_sg_1to2 : bool
        Test the interval from session 1 to 2 (needs a session 0 / baseline score before it
        for criterion 3). By default it is excluded. With wide data the first variable of
        ``sg_var_list`` is then session 0, as in suddengains.
    id, session, value : str
        Column names of long data (``id`` also names the id column of wide data).
    measure : str, optional
        Long data: analyse only this measure (default: every measure separately). Wide data:
        the label written to the ``measure`` column; also used to look up the direction.
    improvement : {{"increase", "decrease"}}, instrument name or Instrument, optional
        Direction of improvement; by default taken from the registry entry of ``measure``.
        For "increase" (e.g. alliance) gains are rises.
    sg_var_list : list of str, optional
        Wide data: the session variables in order (suddengains ``sg_var_list``).
    tx_start_var, tx_end_var : str, optional
        Wide data: variables for the total treatment change (default: first and last of
        ``sg_var_list``; suddengains ``tx_start_var_name`` / ``tx_end_var_name``).
    reversal : {{"after_postgain", "suddengains"}}
        Which later scores count for a reversal: casekit's rule, any score after the postgain
        session (n+2 on), or suddengains 0.7.2's reading (n+3 on; n+2 on with
        ``identify_sg_1to2=True``).
    phase : str or None
        Long data: name of a phase column; the phase of the postgain session is reported. The
        default ``"phase"`` is used when present; another name must be a column of the data.
"""


def sudden_gains(data, *, sg_crit1_cutoff, sg_crit2_pct=0.25, sg_crit3=True, sg_crit3_alpha=0.05,
                 sg_crit3_adjust=True, sg_crit3_critical_value=DEFAULT_CRIT3_CRITICAL_VALUE,
                 identify_sg_1to2=False, id="case", session="session", value="value",
                 measure=None, improvement=None, sg_var_list=None, tx_start_var=None,
                 tx_end_var=None, reversal="after_postgain", phase="phase"):
    r"""Identify sudden gains (Tang & DeRubeis 1999) with suddengains 0.7.2's exact rules.

    {common}
    Returns
    -------
    SuddenGainsResult
        ``.summary``: one row per gain with ``case, measure, pregain_session,
        postgain_session``, the scores ``value_n_minus2, value_n_minus1, value_n,
        value_n_plus1, value_n_plus2, value_n_plus3`` (n = pregain session; NaN when missed or
        outside the series), ``pregain_value, postgain_value, magnitude`` (improvement in the
        improvement direction, x_n - x_(n+1) for lower-is-better), ``tx_start_value,
        tx_end_value, tx_change`` (total improvement), ``change_proportion`` (magnitude /
        tx_change), ``reversal_value``, ``reversed`` (bool), ``n_gains`` (gains of this case),
        ``mean_pre, mean_post, sd_pooled, crit3_critical_value`` and ``phase`` (long data with
        a phase column). ``.intervals``: every tested interval with ``crit1, crit2, crit3``
        (True / False / <NA>) so that "not computable" differs from "not a gain";
        ``.by_person(multiple_sg_select)``; ``.describe()``.

    See Also
    --------
    sudden_losses : the same criteria for sudden worsening.
    crit1_cutoff_from_rci : criterion-1 cutoff from the reliable change index.
    check_interval : test one pre/post triple with details.
    select_cases : suddengains' data-pattern selection.

    Notes
    -----
    With d = +1 when improvement is an increase and -1 otherwise, and g = d (x_(n+1) - x_n):

    1. g >= ``sg_crit1_cutoff``;
    2. g >= ``sg_crit2_pct`` x_n;
    3. d (mean_post - mean_pre) > t s_pooled, with pre = x_(n-2), x_(n-1), x_n and post =
       x_(n+1), x_(n+2), x_(n+3) (missing values and positions outside the series are left
       out; at least 2 values on each side, otherwise NA),
       s_pooled = sqrt(((n_pre - 1) s_pre^2 + (n_post - 1) s_post^2) / (n_pre + n_post - 2))
       (the pooled SD, not an SE: suddengains' rule), and t = |qt(alpha/2, n_pre + n_post - 2)|
       when adjusted.

    A gain needs every applied criterion; an NA criterion (a missed pregain or postgain score,
    or fewer than 2 values on a side) makes the interval NA, as in R (``NA * 0`` is ``NA``).

    **Sessions and missed sessions.** Long data are laid out on the integer session grid from
    the smallest to the largest session number of the measure (common to all cases, like the
    columns of suddengains' wide data); a missed session is NaN in its position, never closed
    up, so windows are cut there. Intervals are tested from grid position 2 (the second
    session) to the third-last session, since criterion 3 needs two values after the gain;
    the interval from session 1 to 2 is excluded unless ``identify_sg_1to2``.

    **Reversal.** reversal value = x_(n+1) - d magnitude / 2 (half of the gain lost); the gain
    is reversed when a later score is strictly beyond it. casekit's rule scans every score
    after the postgain session; suddengains 0.7.2 renumbers the variables from 0 inside
    ``create_bysg`` and so starts at n+3 (code reading; the ``sgdata`` reference values do
    not distinguish the two). A later worsening that stays short of the reversal value is a
    setback, not a reversal.

    Differences from suddengains: long data, several measures, either direction; tx_change for
    long data uses each case's first and last observed scores (suddengains uses fixed
    variables, NA when one is missing); ``by_person`` "smallest"/"largest" compare |magnitude|.

    References
    ----------
    Tang & DeRubeis (1999), doi:10.1037/0022-006X.67.6.894. Wiedemann, Thew, Stott & Ehlers
    (2020), doi:10.1371/journal.pone.0230276. Lutz et al. (2013), doi:10.1037/a0031406.

    Examples
    --------
    >>> import casekit
    >>> res = casekit.sudden_gains([35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7],
    ...                            sg_crit1_cutoff=7, improvement="decrease")
    >>> res.summary[["pregain_session", "magnitude", "reversed"]]
       pregain_session  magnitude  reversed
    0                3       11.0      True
    1                7       12.0     False
    """
    return _identify(data, "sg", sg_crit1_cutoff=sg_crit1_cutoff, sg_crit2_pct=sg_crit2_pct,
                     sg_crit3=sg_crit3, sg_crit3_alpha=sg_crit3_alpha,
                     sg_crit3_adjust=sg_crit3_adjust,
                     sg_crit3_critical_value=sg_crit3_critical_value,
                     identify_sg_1to2=identify_sg_1to2, id=id, session=session, value=value,
                     measure=measure, improvement=improvement, sg_var_list=sg_var_list,
                     tx_start_var=tx_start_var, tx_end_var=tx_end_var, reversal=reversal,
                     loss_crit2="mirrored", phase=phase)


def sudden_losses(data, *, sg_crit1_cutoff, sg_crit2_pct=0.25, sg_crit3=True,
                  sg_crit3_alpha=0.05, sg_crit3_adjust=True,
                  sg_crit3_critical_value=DEFAULT_CRIT3_CRITICAL_VALUE, identify_sg_1to2=False,
                  id="case", session="session", value="value", measure=None, improvement=None,
                  sg_var_list=None, tx_start_var=None, tx_end_var=None,
                  reversal="after_postgain", loss_crit2="mirrored", phase="phase"):
    r"""Identify sudden losses (sudden worsening), mirroring suddengains ``identify_sl``.

    {common}
    loss_crit2 : {{"mirrored", "suddengains"}}
        Criterion 2 for losses. ``"mirrored"`` (default): the worsening is at least
        ``sg_crit2_pct`` of the pregain score, -g >= pct x_n. ``"suddengains"``: the package's
        form g <= pct x_n, which any worsening meets when pct > 0 (inactive).

    Returns
    -------
    SuddenGainsResult
        As :func:`sudden_gains`, one row per loss; ``magnitude`` is negative (x_n - x_(n+1)
        for lower-is-better), ``change_proportion`` = -magnitude / tx_change (the value
        suddengains 0.7.2 reports for ``sgdata``), and a loss is reversed when a later score
        comes back (strictly) past the reversal value towards improvement.

    See Also
    --------
    sudden_gains

    Notes
    -----
    Criterion 1: g <= ``sg_crit1_cutoff`` (negative, suddengains convention); criterion 3:
    d (mean_pre - mean_post) > t s_pooled. Criterion 2: see ``loss_crit2``; both forms find the
    same three losses on ``sgdata`` (ids 4, 34 and 35 with cutoff -7). casekit's default is the
    mirrored rule because suddengains' literal form never excludes a worsening.

    References
    ----------
    Wiedemann, Thew, Stott & Ehlers (2020), doi:10.1371/journal.pone.0230276.

    Examples
    --------
    >>> import casekit
    >>> res = casekit.sudden_losses([28, 22, 17, 12, 13, 11, 8, 20, 22, 18, 17, 20],
    ...                             sg_crit1_cutoff=-7, improvement="decrease")
    >>> res.summary[["pregain_session", "magnitude", "reversed"]]
       pregain_session  magnitude  reversed
    0                7      -12.0     False
    """
    return _identify(data, "sl", sg_crit1_cutoff=sg_crit1_cutoff, sg_crit2_pct=sg_crit2_pct,
                     sg_crit3=sg_crit3, sg_crit3_alpha=sg_crit3_alpha,
                     sg_crit3_adjust=sg_crit3_adjust,
                     sg_crit3_critical_value=sg_crit3_critical_value,
                     identify_sg_1to2=identify_sg_1to2, id=id, session=session, value=value,
                     measure=measure, improvement=improvement, sg_var_list=sg_var_list,
                     tx_start_var=tx_start_var, tx_end_var=tx_end_var, reversal=reversal,
                     loss_crit2=loss_crit2, phase=phase)


sudden_gains.__doc__ = sudden_gains.__doc__.format(
    common=_COMMON_DOC.format(crit1="The improvement from n to n+1 must be at least this "
                              "(e.g. 7 BDI points)."))
sudden_losses.__doc__ = sudden_losses.__doc__.format(
    common=_COMMON_DOC.format(crit1="Negative: the change x_n - x_(n+1) in the improvement "
                              "direction must be at most this (e.g. -7)."))


# --------------------------------------------------------------------------------------------
class Crit1Cutoff(Result):
    """Criterion-1 cutoff from the RCI; ``.value`` (the cutoff), ``.sem``, ``.s_diff``,
    ``.sd``, ``.reliability``, ``.z``. ``float(result)`` gives the cutoff."""

    def __float__(self):
        return self.value


def crit1_cutoff_from_rci(sd=None, reliability=None, z=1.96, *, data_sd=None):
    r"""Criterion-1 cutoff from the reliable change index (suddengains ``define_crit1_cutoff``).

    Parameters
    ----------
    sd : float, optional
        Standard deviation of a reference (pre-treatment or normative) sample.
    reliability : float
        Reliability of the measure (0 < r < 1).
    z : float
        Critical z (1.96, as suddengains hard-codes).
    data_sd : array-like, optional
        Baseline scores whose n - 1 SD is used instead of ``sd`` (missing values are left out
        and counted in the result, as ``sd(x, na.rm = TRUE)`` does; infinite values raise).

    Returns
    -------
    Crit1Cutoff
        ``.value`` = z S_diff, ``.sem``, ``.s_diff``, ``.sd``, ``.reliability``, ``.z``,
        ``.n_missing``; pass it (or ``.value``) as ``sg_crit1_cutoff``.

    See Also
    --------
    sudden_gains : uses the cutoff as criterion 1.
    casekit.reliable_change : the same S_diff for pre/post change.

    Notes
    -----
    SEM = SD sqrt(1 - r); S_diff = sqrt(2 SEM^2); cutoff = z S_diff (Jacobson & Truax 1991).
    suddengains 0.7.2 can also estimate r as Cronbach's alpha of item data; casekit leaves
    that to the caller.

    References
    ----------
    Jacobson, N. S., & Truax, P. (1991). doi:10.1037/0022-006X.59.1.12.

    Examples
    --------
    >>> round(crit1_cutoff_from_rci(10.5, 0.931).value, 6)
    7.645131
    """
    n_missing = 0
    if (sd is None) == (data_sd is None):
        raise ValueError("give exactly one of sd= (a number) or data_sd= (baseline scores)")
    if data_sd is not None:
        x = as_float_array(np.ravel(data_sd), "data_sd", allow_nan=True)
        n_missing = int(np.isnan(x).sum())
        x = x[~np.isnan(x)]
        if x.size < 2:
            raise ValueError("data_sd needs at least 2 non-missing values")
        sd = float(np.std(x, ddof=1))
    sd = check_float(sd, "sd", minimum=0.0, inclusive=False, finite=True)
    if reliability is None:
        raise ValueError("reliability is required (e.g. test-retest or Cronbach's alpha)")
    rel = check_float(reliability, "reliability", minimum=0.0, maximum=1.0, inclusive=False,
                      finite=True)
    z = check_float(z, "z", minimum=0.0, inclusive=False, finite=True)
    sem = sd * math.sqrt(1.0 - rel)
    s_diff = math.sqrt(2.0 * sem ** 2)
    value = z * s_diff
    table = pd.DataFrame({"sd": [sd], "reliability": [rel], "sem": [sem], "s_diff": [s_diff],
                          "z": [z], "cutoff": [value]})
    res = Crit1Cutoff(table, method="Criterion-1 cutoff from the RCI (Jacobson & Truax 1991)",
                      options={"z": z}, mirrors="suddengains 0.7.2 define_crit1_cutoff",
                      reference="Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12",
                      notes=[f"{n_missing} missing values left out of data_sd"]
                      if n_missing else None)
    res.value, res.sem, res.s_diff, res.sd, res.reliability, res.z = \
        float(value), float(sem), float(s_diff), float(sd), float(rel), float(z)
    res.n_missing = n_missing
    return res


def _window_values(values, name):
    """Three scores of one window as floats (None / NaN = missed session), naming ``name``."""
    values = list(values)
    try:
        arr = np.array([np.nan if v is None else v for v in values], dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must hold numbers (None or NaN for a missed session); got "
                        f"{values!r}") from exc
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinite values: {values!r}")
    return arr


class CheckIntervalResult(Result):
    """One interval checked: ``.crit1``, ``.crit2``, ``.crit3``, ``.result`` (True / False /
    None = not applied or not computable), ``.critical_value`` and the window statistics."""


def check_interval(pre_values, post_values, *, sg_crit1_cutoff, sg_crit2_pct=0.25,
                   sg_crit3=True, sg_crit3_alpha=0.05, sg_crit3_adjust=True,
                   sg_crit3_critical_value=DEFAULT_CRIT3_CRITICAL_VALUE, identify="sg",
                   improvement="decrease", loss_crit2="suddengains"):
    """Check whether one pre/post triple is a sudden gain or loss (suddengains
    ``check_interval``).

    Parameters
    ----------
    pre_values : sequence of 3 numbers (NaN / None allowed)
        Scores of sessions n-2, n-1, n.
    post_values : sequence of 3 numbers
        Scores of sessions n+1, n+2, n+3.
    sg_crit1_cutoff, sg_crit2_pct, sg_crit3, sg_crit3_alpha, sg_crit3_adjust,
    sg_crit3_critical_value
        As in :func:`sudden_gains` (``None`` skips criterion 1 or 2).
    identify : {"sg", "sl"}
        Gain or loss.
    improvement : {"increase", "decrease"}
        Direction (suddengains assumes lower is better: "decrease").
    loss_crit2 : {"suddengains", "mirrored"}
        Criterion 2 for losses; the package's form by default here, as this function mirrors
        suddengains' own.

    Returns
    -------
    CheckIntervalResult
        ``.summary`` with ``crit1, crit2, crit3, result, critical_value, n_pre, n_post,
        mean_pre, mean_post, sd_pre, sd_post``; the same as attributes.

    See Also
    --------
    sudden_gains : the same criteria on whole series.

    Notes
    -----
    Uses exactly the same core as :func:`sudden_gains`. suddengains prints the outcome; casekit
    returns it.

    Examples
    --------
    >>> r = check_interval([32, 31, 33], [5, 6, 7], sg_crit1_cutoff=7)
    >>> r.result, round(r.critical_value, 3)
    (True, 2.776)
    """
    identify = check_option(identify, "identify", ("sg", "sl"))
    pre = _window_values(pre_values, "pre_values")
    post = _window_values(post_values, "post_values")
    if pre.size != 3 or post.size != 3:
        raise ValueError(f"pre_values and post_values need 3 values each (n-2, n-1, n and "
                         f"n+1, n+2, n+3); got {pre.size} and {post.size}")
    cutoff = _cutoff_value(sg_crit1_cutoff, identify)
    # the same checks as sudden_gains (_identify)
    pct = None if sg_crit2_pct is None else check_float(sg_crit2_pct, "sg_crit2_pct",
                                                        minimum=0.0, finite=True)
    alpha = check_float(sg_crit3_alpha, "sg_crit3_alpha", minimum=0.0, maximum=1.0,
                        inclusive=False, finite=True)
    sg_crit3 = _check_bool(sg_crit3, "sg_crit3")
    adjust = _check_bool(sg_crit3_adjust, "sg_crit3_adjust")
    cval = check_float(sg_crit3_critical_value, "sg_crit3_critical_value", minimum=0.0, finite=True)
    loss_crit2 = check_option(loss_crit2, "loss_crit2", ("mirrored", "suddengains"))
    d = _direction(improvement)
    table = _crit3_table(alpha, adjust, cval)
    Y = np.concatenate([pre, post])[None, :]
    crit = _criteria_core(Y, np.array([2]), d=d, kind=identify, cutoff=cutoff, pct=pct,
                          crit3=sg_crit3, crit3_table=table, loss_crit2=loss_crit2)

    def tri(a):
        v = float(a[0, 0])
        return None if math.isnan(v) else bool(v == 1.0)

    def sd(x):
        x = x[~np.isnan(x)]
        return float(np.std(x, ddof=1)) if x.size > 1 else float("nan")

    vals = {"crit1": tri(crit["crit1"]), "crit2": tri(crit["crit2"]),
            "crit3": tri(crit["crit3"]), "result": tri(crit["sg"]),
            "critical_value": float(crit["critical_value"][0, 0]),
            "n_pre": int(crit["n_pre"][0, 0]), "n_post": int(crit["n_post"][0, 0]),
            "mean_pre": float(crit["mean_pre"][0, 0]),
            "mean_post": float(crit["mean_post"][0, 0]), "sd_pre": sd(pre), "sd_post": sd(post)}
    res = CheckIntervalResult(pd.DataFrame({k: [v] for k, v in vals.items()}),
                              method="Check one interval (suddengains check_interval)",
                              options={"identify": identify, "sg_crit1_cutoff": cutoff,
                                       "sg_crit2_pct": pct, "sg_crit3": sg_crit3,
                                       "sg_crit3_alpha": alpha, "sg_crit3_adjust": adjust,
                                       "sg_crit3_critical_value": cval},
                              mirrors="suddengains 0.7.2 check_interval",
                              reference=_REFERENCE)
    for k, v in vals.items():
        setattr(res, k, v)
    return res


_PATTERNS = (
    (True, True, True, True),
    (True, True, True, False, True),
    (True, False, True, True, True),
    (True, False, True, True, False, True),
)


def select_cases(data, *, method="pattern", min_sess_num=None, id="case", session="session",
                 value="value", measure=None, sg_var_list=None):
    """Select cases with enough data to identify sudden gains (suddengains ``select_cases``).

    Parameters
    ----------
    data : pandas.DataFrame
        Long data (``id, session, value``) or wide data with ``sg_var_list``.
    method : {"pattern", "min_sess"}
        ``"pattern"``: the case has at least one of suddengains' four availability patterns
        (x = available, . = missing): ``x x x x``, ``x x x . x``, ``x . x x x``,
        ``x . x x . x`` on consecutive sessions. ``"min_sess"``: at least ``min_sess_num``
        available scores.
    min_sess_num : int
        Required for ``method="min_sess"`` (with ``"pattern"`` it raises).

    Returns
    -------
    pandas.DataFrame
        ``case`` (and ``measure`` for long data with several measures), ``n_available``,
        ``selected`` (bool).

    See Also
    --------
    sudden_gains : run on the selected cases.

    Notes
    -----
    suddengains matches the patterns as substrings of the pasted TRUE/FALSE string; casekit
    matches them on the boolean availability array (the same result). Long data are laid out
    on the session grid first, so a missed session counts as missing in the pattern.

    Examples
    --------
    >>> import pandas as pd
    >>> wide = pd.DataFrame({"id": [1, 2], "s1": [1, 1], "s2": [2, None], "s3": [3, 3],
    ...                      "s4": [4, None], "s5": [5, 5]})
    >>> select_cases(wide, id="id", sg_var_list=["s1", "s2", "s3", "s4", "s5"])["selected"].tolist()
    [True, False]
    """
    method = check_option(method, "method", ("pattern", "min_sess"))
    if method == "min_sess":
        if min_sess_num is None:
            raise ValueError("method='min_sess' needs min_sess_num (an integer)")
        min_sess_num = check_int(min_sess_num, "min_sess_num", minimum=1)
    elif min_sess_num is not None:
        raise ValueError("min_sess_num is used by method='min_sess' only; got "
                         "method='pattern'")
    if sg_var_list is not None:
        grids = [_grid_from_wide(data, id=id, sg_var_list=sg_var_list, measure=measure,
                                 improvement="decrease", identify_sg_1to2=False,
                                 tx_start_var=None, tx_end_var=None)]
    else:
        df = _as_long_frame(data, id, session, value)
        grids = _grids_from_long(df, id=id, session=session, value=value, measure=measure,
                                 improvement="decrease", phase_col=None)
    frames = []
    for g in grids:
        avail = ~np.isnan(g.Y)
        n_av = avail.sum(axis=1)
        if method == "min_sess":
            sel = n_av >= min_sess_num
        else:
            sel = np.zeros(avail.shape[0], dtype=bool)
            T = avail.shape[1]
            for pat in _PATTERNS:
                L = len(pat)
                if L > T:
                    continue
                W = np.lib.stride_tricks.sliding_window_view(avail, L, axis=1)
                sel |= (W == np.array(pat)).all(axis=2).any(axis=1)
        frames.append(pd.DataFrame({"case": g.cases,
                                    "measure": np.full(len(g.cases), g.measure, dtype=object),
                                    "n_available": n_av.astype(np.int64), "selected": sel}))
    return pd.concat(frames, ignore_index=True)

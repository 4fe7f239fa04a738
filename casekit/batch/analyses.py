"""Public batch analyses: every case of a tidy long table, one tidy table keyed by case.

Each function reads a tidy long table (one row per case x session, for one measure), cuts it
into chunks of whole cases (:data:`DEFAULT_CHUNK_SIZE` cases, so that time and memory grow
linearly with the number of cases), runs the same numpy cores as the one-case function on
every chunk and joins the tables. The numbers equal those of the one-case functions called
case by case (tested on hundreds of random cases); nothing in a case's result depends on which
other cases share its chunk, so constants that one-case functions estimate from a sample (the
SD of the pre scores, cutoffs a/b/c from the sample, the regression-based RCI methods' group
statistics) must be stated.

``data`` may be a pandas DataFrame, a path to a Parquet file or dataset (pyarrow), or a Dask
DataFrame partitioned by case (computed on the scheduler in force, e.g. a
``distributed.Client``); see ``docs/scale.md``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._validate import check_float, check_int, check_option
from ..results import Result
from ._engine import DEFAULT_CHUNK_SIZE, BatchData, Progress, Tables, run_chunks
from ._series import Flat, flatten

if TYPE_CHECKING:
    from ..clinical import ReliableChangeResult
    from ..registry import Instrument, Norms
    from ..sudden.cutoff import Crit1Cutoff
    from ..sudden.gains import SuddenGainsResult

__all__ = [
    "BatchResult",
    "batch_reliable_change",
    "batch_session_reliable_change",
    "batch_sudden_gains",
    "batch_changepoints",
    "batch_effect_sizes",
    "DEFAULT_CHUNK_SIZE",
]


class BatchResult(Result):
    """Result of a batch analysis: ``.summary`` has one row per case (or per case and index).

    Attributes
    ----------
    n_cases : int
        Number of cases (series) analysed.
    engine : str
        ``'pandas'`` (in memory), ``'parquet'`` (read from a Parquet path) or ``'dask'``.
    chunk_size : int
        Cases per chunk (in-memory and Parquet input; a Dask DataFrame is split by its
        partitions).
    events : pandas.DataFrame or None
        One row per event where the analysis has events: sudden gains (one row per gain) or
        change points (one row per change); one row per case and session for session-by-session
        reliable change. None otherwise.
    """

    n_cases: int
    engine: str
    chunk_size: int
    events: pd.DataFrame | None = None


def _cols(case_col: str | None, session_col: str | None, value_col: str | None,
          measure_col: str | None, *extra: str | None) -> list[str]:
    return [c for c in (case_col, session_col, value_col, measure_col, *extra) if c]


# ------------------------------------------------------------------------------------------
# reliable change and clinical significance
# ------------------------------------------------------------------------------------------
def batch_reliable_change(data: BatchData, *, instrument: str | Instrument | None = None,
                          sd: float | None = None, reliability: float | None = None,
                          method: str = "JT", z: float | None = None,
                          improvement: str | Instrument | None = None,
                          cutoff: float | str | None = None,
                          norms: Mapping[str, float | None] | Norms | None = None,
                          cutoff_b_sd: str = "functional", pre_session: float | None = None,
                          post_session: float | None = None, case_col: str = "case",
                          session_col: str = "session", value_col: str = "value",
                          measure_col: str = "measure", measure: str | None = None,
                          missing: str = "error", chunk_size: int = DEFAULT_CHUNK_SIZE,
                          progress: Progress = False) -> BatchResult:
    r"""Reliable change (RCI) and clinical significance of every case, pre against post.

    Parameters
    ----------
    data : pandas.DataFrame, str, os.PathLike or dask.dataframe.DataFrame
        Tidy long table (one row per case x session) holding one measure, or several of
        which ``measure=`` picks one; a path to a Parquet file or dataset; or a Dask
        DataFrame with each case inside one partition.
    instrument, sd, reliability, method, z, improvement, cutoff, norms, cutoff_b_sd
        As :func:`casekit.reliable_change`. The RCI constants must be stated (``sd=`` and
        ``reliability=``, or an instrument with reliable-change constants), and so must
        ``norms=`` for cutoffs a/b/c and for the regression-based methods: a case's numbers
        must not depend on the cases that share its batch.
    pre_session, post_session : int or float, optional
        Sessions compared; default the first and the last observed session of each case.
    case_col, session_col, value_col, measure_col : str
        Column names.
    measure : optional
        The measure analysed (label in ``measure_col``).
    missing : {"error", "drop", "include_imputed"}
        Missing values (and cases without the pre or post session, or with one session only)
        are an error listing them, or are dropped: the cases left out are listed in
        ``.options["dropped_cases"]`` (count) and do not appear in ``.summary``.
    chunk_size : int
        Cases per chunk (memory per chunk is proportional to it).
    progress : bool or callable
        True writes ``cases done / total`` to stderr; a function is called as
        ``f(done, total)`` after each chunk.

    Returns
    -------
    BatchResult
        ``.summary``: ``case`` (``case_col``), ``pre_session, post_session, n_sessions``,
        ``pre, post, change, rci, reliable, improved, unchanged, deteriorated``, with a cutoff
        ``pre_clinical, post_clinical``, ``category``, and ``n_dropped`` (missing values of
        the case dropped with ``missing="drop"``). The numbers equal :func:`casekit.reliable_change` called on each case
        with the same arguments.

    Notes
    -----
    JT: :math:`RC = (x_{post} - x_{pre}) / (\sqrt{2}\, SD \sqrt{1 - r_{xx}})`; improved when
    :math:`d\,RC > z`, deteriorated when :math:`d\,RC < -z` (d = +1 when higher is better);
    the other methods and the categories are those of :func:`casekit.reliable_change`.

    References
    ----------
    Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12.
    """
    from ..clinical import reliable_change

    if pre_session is not None:
        pre_session = check_float(pre_session, "pre_session", finite=True)
    if post_session is not None:
        post_session = check_float(post_session, "post_session", finite=True)
    meta: dict[str, ReliableChangeResult] = {}

    def chunk(df: pd.DataFrame) -> Tables:
        flat = flatten(df, case_col=case_col, session_col=session_col, value_col=value_col,
                       measure_col=measure_col, measure=measure, missing=missing)
        pre_i = _pick(flat, pre_session, first=True)
        post_i = _pick(flat, post_session, first=False)
        ok = (pre_i >= 0) & (post_i >= 0) & (pre_i != post_i)
        if not ok.all() and missing == "error":
            bad = flat.cases[~ok][:20]
            raise ValueError(f"{int((~ok).sum())} case(s) lack the pre or the post session "
                             f"(or have one session only): {list(bad)}; use missing='drop' "
                             "to leave them out")
        sel = np.flatnonzero(ok)
        cols = [case_col, "pre_session", "post_session", "n_sessions"]
        if sel.size == 0:
            return {"summary": pd.DataFrame(columns=cols), "dropped": _n(len(ok))}
        pre, post = flat.values[pre_i[sel]], flat.values[post_i[sel]]
        res = reliable_change(pre, post, cases=np.arange(sel.size), instrument=instrument,
                              sd=sd, reliability=reliability, method=method, z=z,
                              improvement=improvement, cutoff=cutoff, norms=norms,
                              cutoff_b_sd=cutoff_b_sd)
        _refuse_sample_constants(res)
        meta.setdefault("result", res)
        table = res.summary.drop(columns=["id"])
        head = pd.DataFrame({case_col: flat.cases[sel],
                             "pre_session": flat.sessions[pre_i[sel]],
                             "post_session": flat.sessions[post_i[sel]],
                             "n_sessions": flat.n[sel]})
        table = pd.concat([head, table.reset_index(drop=True)], axis=1)
        table["n_dropped"] = flat.n_dropped[sel]
        return {"summary": table, "dropped": _n(int((~ok).sum()))}

    tables, engine = run_chunks(data, chunk, case_col=case_col,
                                columns=_cols(case_col, session_col, value_col, measure_col,
                                              "imputed"),
                                chunk_size=chunk_size, progress=progress, key=[case_col])
    summary = tables.get("summary", pd.DataFrame(columns=[case_col]))
    n_drop = int(tables["dropped"]["n"].sum()) if "dropped" in tables else 0
    res = meta.get("result")
    options: dict[str, Any] = dict(res.options) if res is not None else {"method": method}
    options["dropped_cases"] = n_drop
    return BatchResult(summary, method=f"Reliable change, batch ({options['method']})",
                       options=options,
                       reference=res.reference if res is not None else None,
                       mirrors=res.mirrors if res is not None else None,
                       variant=res.variant if res is not None else None,
                       notes=list(res.notes) if res is not None else [],
                       title="Reliable change (batch)", n_cases=len(summary), engine=engine,
                       chunk_size=int(chunk_size))


def _n(k: int) -> pd.DataFrame:
    return pd.DataFrame({"n": [k]})


def _pick(flat: Flat, session: float | None, *, first: bool) -> np.ndarray:
    """Row index of the pre (first) or post (last) observation of every case, -1 if absent."""
    n = flat.n
    if session is None:
        idx = flat.start[:-1] if first else flat.start[1:] - 1
        return np.where(n > 0, idx, -1)
    hit = flat.sessions == session
    case = flat.case_index()
    out = np.full(flat.size, -1)
    rows = np.flatnonzero(hit)
    out[case[rows]] = rows
    return out


def _refuse_sample_constants(res: ReliableChangeResult) -> None:
    """Refuse constants estimated from the chunk: they would depend on the batch."""
    found = []
    if str(res.sd_source).startswith("sample"):
        found.append("the SD (pass sd= and reliability=, or an instrument with reliable-change "
                     "constants)")
    if res.group_stats_source is not None and str(res.group_stats_source).startswith("sample"):
        found.append("the group statistics of the regression-based method (pass norms= with "
                     "m_pre, sd_pre, m_post, sd_post, r_prepost, or use method='JT')")
    if res.cutoff_source is not None and "sample" in str(res.cutoff_source):
        found.append("the cutoff's clinical mean and SD (pass norms= with clinical_mean and "
                     "clinical_sd)")
    if found:
        raise ValueError("batch_reliable_change does not estimate constants from the cases of a "
                         "chunk (each case's numbers would depend on its batch); state "
                         + "; ".join(found))


# ------------------------------------------------------------------------------------------
# session-by-session reliable change
# ------------------------------------------------------------------------------------------
def batch_session_reliable_change(data: BatchData, *,
                                  instrument: str | Instrument | None = None,
                                  sd: float | None = None, reliability: float | None = None,
                                  z: float = 1.96, improvement: str | Instrument | None = None,
                                  cutoff: float | str | None = None, case_col: str = "case",
                                  session_col: str = "session", value_col: str = "value",
                                  measure_col: str = "measure", measure: str | None = None,
                                  missing: str = "error", chunk_size: int = DEFAULT_CHUNK_SIZE,
                                  progress: Progress = False,
                                  ) -> BatchResult:
    r"""Every session of every case against its first session, with the reliable-change band.

    Parameters
    ----------
    data : pandas.DataFrame, str, os.PathLike or dask.dataframe.DataFrame
        As :func:`batch_reliable_change`.
    instrument, sd, reliability, z, improvement, cutoff
        As :func:`casekit.session_reliable_change` (reference: the first session).
    case_col, session_col, value_col, measure_col, measure, missing, chunk_size, progress
        As :func:`batch_reliable_change`.

    Returns
    -------
    BatchResult
        ``.events``: one row per case and session with ``session, value, reference, change,
        rci, band_lower, band_upper, category, clinical`` (the columns of
        :func:`casekit.session_reliable_change`). ``.summary``: one row per case with
        ``n_sessions``, ``reference``, ``last_category``, ``first_improved_session`` (the
        first session in the improved or recovered category, NaN if none) and ``n_dropped``.

    Notes
    -----
    :math:`RC_t = (x_t - x_1) / (\sqrt{2}\,SEM)`, :math:`SEM = SD\sqrt{1 - r_{xx}}`; with an
    instrument's published raw RCI the raw change is compared with it under the registry's
    rule. Categories as :func:`casekit.session_reliable_change`.

    References
    ----------
    Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12.
    """
    from .._input import resolve_improvement
    from ..clinical._common import category_labels, resolve_instrument
    from ..clinical._cutoffs import cutoff_sides
    from ..clinical._session import IMPROVED_CATEGORIES as _IMPROVED
    from ..clinical._session import session_categories as _categories
    from ..clinical._session import session_constants as _constants

    inst = resolve_instrument(instrument)
    z = check_float(z, "z", minimum=0.0, inclusive=False, finite=True)
    const = _constants(inst, sd, reliability, z)
    direction = resolve_improvement(improvement, instrument=inst, measure=measure)
    if direction.improvement is None:
        raise ValueError("improvement is required: pass improvement='increase' or "
                         "'decrease', or an instrument")
    hib = direction.improvement == "increase"
    d = 1.0 if hib else -1.0
    cut = None
    if cutoff is not None:
        if isinstance(cutoff, str):
            check_option(cutoff, "cutoff", ("instrument",))
            if inst is None or inst.cutoff is None:
                raise ValueError("cutoff='instrument' needs an instrument with a clinical "
                                 "cutoff")
            cut = (float(inst.cutoff.value), inst.cutoff.rule)
        else:
            cut = (check_float(cutoff, "cutoff", finite=True), "strict")
    s_diff = const.sem * math.sqrt(2.0)

    def chunk(df: pd.DataFrame) -> Tables:
        flat = flatten(df, case_col=case_col, session_col=session_col, value_col=value_col,
                       measure_col=measure_col, measure=measure, missing=missing)
        ci = flat.case_index()
        has = flat.n > 0
        ref_case = np.where(has, flat.values[np.minimum(flat.start[:-1], flat.values.size - 1)]
                            if flat.values.size else np.nan, np.nan)
        ref = ref_case[ci]
        change = flat.values - ref
        rci = change / s_diff
        improved, deteriorated, half = _categories(change, rci, const, None, z, d, s_diff)
        cats = category_labels(improved, deteriorated)
        clinical = pd.array([pd.NA] * flat.values.size, dtype="boolean")
        if cut is not None:
            clin, func = cutoff_sides(flat.values, cut[0], hib, cut[1])
            rclin, rfunc = cutoff_sides(ref_case, cut[0], hib, cut[1])
            cats = np.where(improved & rclin[ci] & func, "recovered", cats)
            cats = np.where(deteriorated & rfunc[ci] & clin, "harmed", cats).astype(object)
            clinical = pd.array(clin, dtype="boolean")
        events = pd.DataFrame({case_col: flat.cases[ci], "session": flat.sessions,
                               "value": flat.values, "reference": ref, "change": change,
                               "rci": rci, "band_lower": ref - half, "band_upper": ref + half,
                               "category": cats, "clinical": clinical})
        good = np.isin(cats, _IMPROVED)
        first = np.full(flat.size, np.nan)
        rows = np.flatnonzero(good)[::-1]  # reversed: the first row of a case is written last
        first[ci[rows]] = flat.sessions[rows]
        last = np.where(has, np.asarray(cats, dtype=object)[np.maximum(flat.start[1:] - 1, 0)]
                        if flat.values.size else None, None)
        summary = pd.DataFrame({case_col: flat.cases, "n_sessions": flat.n,
                                "reference": ref_case, "last_category": last,
                                "first_improved_session": first,
                                "n_dropped": flat.n_dropped})
        return {"summary": summary, "events": events}

    tables, engine = run_chunks(data, chunk, case_col=case_col,
                                columns=_cols(case_col, session_col, value_col, measure_col,
                                              "imputed"),
                                chunk_size=chunk_size, progress=progress, key=[case_col])
    summary = tables.get("summary", pd.DataFrame(columns=[case_col]))
    return BatchResult(summary, method="Session-by-session reliable change, batch (Jacobson & "
                                       "Truax 1991)",
                       options={"reference": "first session", "z": z,
                                "improvement": direction.improvement,
                                "sd_source": const.sd_source,
                                **({"cutoff": cut[0]} if cut is not None else {})},
                       reference="Jacobson & Truax 1991 (doi:10.1037/0022-006X.59.1.12)",
                       title="Session reliable change (batch)", n_cases=len(summary),
                       engine=engine, chunk_size=int(chunk_size), events=tables.get("events"))


# ------------------------------------------------------------------------------------------
# sudden gains and losses
# ------------------------------------------------------------------------------------------
def batch_sudden_gains(data: BatchData, *, sg_crit1_cutoff: float | Crit1Cutoff | None,
                       losses: bool = False, sg_crit2_pct: float | None = 0.25,
                       sg_crit3: bool = True, sg_crit3_alpha: float = 0.05,
                       sg_crit3_adjust: bool = True, sg_crit3_critical_value: float | None = None,
                       identify_sg_1to2: bool = False,
                       improvement: str | Instrument | None = None,
                       multiple_sg_select: str = "first", case_col: str = "case",
                       session_col: str = "session", value_col: str = "value",
                       measure_col: str = "measure", measure: str | None = None,
                       missing: str = "error", chunk_size: int = DEFAULT_CHUNK_SIZE,
                       progress: Progress = False,
                       ) -> BatchResult:
    r"""Sudden gains (or losses) of every case (Tang & DeRubeis 1999; suddengains 0.7.2).

    Parameters
    ----------
    data : pandas.DataFrame, str, os.PathLike or dask.dataframe.DataFrame
        As :func:`batch_reliable_change`.
    sg_crit1_cutoff, sg_crit2_pct, sg_crit3, sg_crit3_alpha, sg_crit3_adjust
        The criteria of :func:`casekit.sudden_gains`.
    sg_crit3_critical_value : float, optional
        Default: that of :func:`casekit.sudden_gains`.
    losses : bool
        False: sudden gains; True: sudden losses (:func:`casekit.sudden_losses`).
    identify_sg_1to2, improvement
        As :func:`casekit.sudden_gains`.
    multiple_sg_select : {"first", "last", "smallest", "largest"}
        Which gain ``.summary`` shows for people with several (``by_person``).
    case_col, session_col, value_col, measure_col, measure, missing, chunk_size, progress
        As :func:`batch_reliable_change`.

    Returns
    -------
    BatchResult
        ``.summary``: one row per case (:meth:`SuddenGainsResult.by_person`: ``case, measure,
        has_gain, n_gains`` and the selected gain's columns). ``.events``: one row per gain
        (``SuddenGainsResult.summary``). Both equal :func:`casekit.sudden_gains` on the same
        cases.

    Notes
    -----
    With d = +1 when higher is better and g = d (x_(n+1) - x_n): (1) g >= ``sg_crit1_cutoff``;
    (2) g >= ``sg_crit2_pct`` x_n; (3) the mean of sessions n-2..n and n+1..n+3 differ by more
    than t s_pooled (see :func:`casekit.sudden_gains`).

    References
    ----------
    Tang, T. Z. & DeRubeis, R. J. (1999). doi:10.1037/0022-006X.67.6.894. Wiedemann, M. et
    al. (2020). suddengains. doi:10.1371/journal.pone.0230276.
    """
    from ..sudden import sudden_gains, sudden_losses
    from ..sudden._core import DEFAULT_CRIT3_CRITICAL_VALUE

    fn = sudden_losses if losses else sudden_gains
    crit = (DEFAULT_CRIT3_CRITICAL_VALUE if sg_crit3_critical_value is None
            else sg_crit3_critical_value)
    meta: dict[str, SuddenGainsResult] = {}

    def chunk(df: pd.DataFrame) -> Tables:
        res = fn(df, sg_crit1_cutoff=sg_crit1_cutoff, sg_crit2_pct=sg_crit2_pct,
                 sg_crit3=sg_crit3, sg_crit3_alpha=sg_crit3_alpha,
                 sg_crit3_adjust=sg_crit3_adjust, sg_crit3_critical_value=crit,
                 identify_sg_1to2=identify_sg_1to2, case_col=case_col,
                 session_col=session_col, value_col=value_col, measure_col=measure_col,
                 measure=measure, improvement=improvement, missing=missing)
        meta.setdefault("result", res)
        return {"summary": _by_person(res, multiple_sg_select), "events": res.summary}

    tables, engine = run_chunks(data, chunk, case_col=case_col,
                                columns=_cols(case_col, session_col, value_col, measure_col,
                                              "phase", "imputed"),
                                chunk_size=chunk_size, progress=progress,
                                key=[case_col, measure_col])
    res = meta.get("result")
    summary = tables.get("summary", pd.DataFrame(columns=["case"]))
    what = "losses" if losses else "gains"
    return BatchResult(summary, method=f"Sudden {what}, batch (Tang & DeRubeis 1999)",
                       options=dict(res.options) if res is not None else {},
                       reference=res.reference if res is not None else None,
                       mirrors=res.mirrors if res is not None else None,
                       title=f"Sudden {what} (batch)", n_cases=len(summary), engine=engine,
                       chunk_size=int(chunk_size), events=tables.get("events"))


def _by_person(res: SuddenGainsResult, multiple_sg_select: str) -> pd.DataFrame:
    """:meth:`SuddenGainsResult.by_person` with array operations (the same table, tested).

    The method looks every case up in Python; for a chunk of thousands of cases the lookup
    by merge and the column gathers by position are several times faster.
    """
    from ..sudden.gains import SELECT_OPTIONS, order_gains

    how = check_option(multiple_sg_select, "multiple_sg_select", SELECT_OPTIONS)
    summ = res.summary
    allcases = res.all_cases()
    out: dict[str, object] = {c: allcases[c].reset_index(drop=True) for c in allcases.columns}
    if len(summ):
        s = order_gains(summ.assign(_size=summ["magnitude"].abs()), how)
        sel = s.loc[~s[["case", "measure"]].astype(object).duplicated()]
        pos = pd.DataFrame({"case": sel["case"].astype(object).to_numpy(),
                            "measure": sel["measure"].astype(object).to_numpy(),
                            "_i": np.arange(len(sel))})
        keys = pd.DataFrame({"case": allcases["case"].astype(object).to_numpy(),
                             "measure": allcases["measure"].astype(object).to_numpy()})
        found = keys.merge(pos, how="left", on=["case", "measure"], sort=False)["_i"]
        idx = found.fillna(-1).to_numpy(dtype=np.int64)
    else:
        sel, idx = summ, np.full(len(allcases), -1, dtype=np.int64)
    hit = idx >= 0
    take = np.where(hit, idx, 0)
    out["has_gain"] = hit
    for c in [c for c in summ.columns if c not in ("case", "measure")]:
        kind = summ[c].dtype.kind
        vals = sel[c].to_numpy()
        if kind == "f":
            col = np.where(hit, vals[take] if vals.size else np.nan, np.nan)
            out[c] = pd.Series(col, dtype=summ[c].dtype)
        elif kind in ("i", "b"):
            data = vals[take] if vals.size else np.zeros(len(idx), dtype=vals.dtype)
            arr = (pd.array(data, dtype="Int64") if kind == "i"
                   else pd.array(data, dtype="boolean"))
            arr[~hit] = pd.NA
            out[c] = pd.Series(arr)
        else:
            col = np.empty(len(idx), dtype=object)
            col[:] = None
            if vals.size:
                col[hit] = vals[idx[hit]]
            out[c] = pd.Series(col, dtype=object)
    table = pd.DataFrame(out)
    table["n_gains"] = table["n_gains"].fillna(0).astype(np.int64)
    if table["measure"].notna().any():
        table = table.sort_values(["measure", "case"], kind="stable").reset_index(drop=True)
    return table


# ------------------------------------------------------------------------------------------
# change points
# ------------------------------------------------------------------------------------------
def batch_changepoints(data: BatchData, *, method: str = "pelt", penalty: str | float = "MBIC",
                       raw: bool = False, min_size: int = 1, max_cpts: int = 5,
                       case_col: str = "case", session_col: str = "session",
                       value_col: str = "value", measure_col: str = "measure",
                       measure: str | None = None,
                       missing: str = "error", chunk_size: int = DEFAULT_CHUNK_SIZE,
                       progress: Progress = False,
                       ) -> BatchResult:
    r"""Changes in mean of every series by PELT, optimal partitioning, BinSeg or AMOC.

    The same search as :func:`casekit.cpt_mean` (``cost='mean'``; each series divided by its
    robust noise scale unless ``raw=True``) without building one result per series: PELT and
    optimal partitioning run on all series of one length at once
    (:func:`casekit.changepoint.pelt_batch`), BinSeg and AMOC run their cores per series.

    Parameters
    ----------
    data : pandas.DataFrame, str, os.PathLike or dask.dataframe.DataFrame
        As :func:`batch_reliable_change`.
    method : {"pelt", "op", "binseg", "amoc"}
        As :func:`casekit.cpt_mean`.
    penalty : {"MBIC", "BIC", "SIC", "AIC", "HQ"} or float
        As :func:`casekit.cpt_mean` (computed for each series' length).
    raw, min_size, max_cpts
        As :func:`casekit.cpt_mean`.
    case_col, session_col, value_col, measure_col, measure, missing, chunk_size, progress
        As :func:`batch_reliable_change`. Series shorter than 4 sessions or than
        ``2 * min_size`` are an error (``missing="error"``) or get ``n_cpts`` NaN and a note.

    Returns
    -------
    BatchResult
        ``.summary``: one row per case with ``n, sigma, sigma_method, penalty_value, n_cpts,
        first_change_session`` (the last session before the first change; NaN without one),
        ``note`` and ``n_dropped``.
        ``.events``: one row per change with ``case, k, session, mean_before, mean_after,
        shift`` (the columns of ``cpt_mean(...).summary``).

    Notes
    -----
    Minimises :math:`\sum_s C(y_{(s)}) + \beta m` with :math:`C = \sum (y - \bar y_s)^2` on
    the scaled series (plus :math:`\log n_s` per segment with MBIC); see
    :func:`casekit.cpt_mean`.

    References
    ----------
    Killick, Fearnhead & Eckley (2012), doi:10.1080/01621459.2012.737745.
    """
    from ..changepoint.segmentation import (
        METHODS,
        noise_scale,
        pelt_batch,
        penalty_name,
        penalty_value,
        search_changes,
    )

    method = check_option(method, "method", METHODS, case_sensitive=False)
    min_size = check_int(min_size, "min_size", minimum=1)
    max_cpts = check_int(max_cpts, "max_cpts", minimum=1)
    pen_name = penalty_name(penalty)
    penalty_value(penalty, 10)  # validates the option once
    mbic = pen_name == "MBIC"
    need = max(4, 2 * min_size)

    def chunk(df: pd.DataFrame) -> Tables:
        flat = flatten(df, case_col=case_col, session_col=session_col, value_col=value_col,
                       measure_col=measure_col, measure=measure, missing=missing)
        n = flat.n
        short = n < need
        if short.any() and missing == "error":
            raise ValueError(f"{int(short.sum())} series have fewer than {need} sessions "
                             f"(method needs {need}): {list(flat.cases[short][:20])}; use "
                             "missing='drop' to report them with NaN")
        B = flat.size
        sig = np.ones(B)
        how = np.full(B, "", dtype=object)
        pens = np.full(B, np.nan)
        cpts: list[list[int]] = [[] for _ in range(B)]
        failed: dict[int, str] = {}
        z = np.empty_like(flat.values)
        for i in np.flatnonzero(~short).tolist():
            a, b = flat.start[i], flat.start[i + 1]
            s, h = noise_scale(flat.values[a:b], "mean", raw, None)
            sig[i], how[i] = s, h
            z[a:b] = flat.values[a:b] / s if s != 1.0 else flat.values[a:b]
        for length in np.unique(n[~short]):
            idx = np.flatnonzero((n == length) & ~short)
            pen = penalty_value(penalty, int(length), "mean")
            pens[idx] = pen
            if method in ("pelt", "op"):
                Y = z[flat.start[idx][:, None] + np.arange(length)[None, :]]
                for i, c in zip(idx.tolist(), pelt_batch(Y, pen, cost="mean", mbic=mbic,
                                                 min_size=min_size, prune=method == "pelt"),
                                strict=True):
                    cpts[i] = [int(k) for k in c]
            else:
                for i in idx.tolist():
                    y = z[flat.start[i]:flat.start[i + 1]]
                    try:
                        with np.errstate(all="ignore"):
                            c = search_changes(y, pen, method=method, cost="mean", mbic=mbic,
                                               min_size=min_size, max_cpts=max_cpts)
                    except (ValueError, ArithmeticError) as err:
                        # one series the core cannot search (cpt_mean raises the same error)
                        # must not stop the batch: NaN and the reason in the note
                        failed[i] = f"{method} failed: {err}"
                        continue
                    cpts[i] = [int(k) for k in c]
        # events: one row per change, with segment means in data units
        ev_case, ev_k, ev_s, ev_b, ev_a = [], [], [], [], []
        x = flat.values
        csum = np.concatenate([[0.0], np.cumsum(x)])
        for i in range(B):
            if not cpts[i]:
                continue
            a0 = flat.start[i]
            bounds = [0, *cpts[i], int(n[i])]
            means = [(csum[a0 + bounds[j + 1]] - csum[a0 + bounds[j]])
                     / (bounds[j + 1] - bounds[j]) for j in range(len(bounds) - 1)]
            for j, k in enumerate(cpts[i]):
                ev_case.append(flat.cases[i])
                ev_k.append(k)
                ev_s.append(flat.sessions[a0 + k - 1])
                ev_b.append(means[j])
                ev_a.append(means[j + 1])
        events = pd.DataFrame({case_col: np.asarray(ev_case, dtype=flat.cases.dtype),
                               "k": np.asarray(ev_k, dtype=np.int64),
                               "session": np.asarray(ev_s, dtype=float),
                               "mean_before": np.asarray(ev_b, dtype=float),
                               "mean_after": np.asarray(ev_a, dtype=float)})
        events["shift"] = events["mean_after"] - events["mean_before"]
        n_cpts = np.array([len(c) for c in cpts], dtype=float)
        first_cp = np.array([flat.sessions[flat.start[i] + cpts[i][0] - 1] if cpts[i]
                             else np.nan for i in range(B)], dtype=float)
        n_cpts[short] = np.nan
        note = np.where(short, f"fewer than {need} sessions: not analysed", "").astype(object)
        for i, why in failed.items():
            n_cpts[i] = np.nan
            note[i] = why
        summary = pd.DataFrame({case_col: flat.cases, "n": n, "sigma": sig,
                                "sigma_method": how, "penalty_value": pens, "n_cpts": n_cpts,
                                "first_change_session": first_cp,
                                "note": note,
                                "n_dropped": flat.n_dropped})
        return {"summary": summary, "events": events}

    tables, engine = run_chunks(data, chunk, case_col=case_col,
                                columns=_cols(case_col, session_col, value_col, measure_col,
                                              "imputed"),
                                chunk_size=chunk_size, progress=progress, key=[case_col])
    summary = tables.get("summary", pd.DataFrame(columns=[case_col]))
    r_method = {"pelt": "PELT", "op": "PELT (no pruning)", "binseg": "BinSeg",
                "amoc": "AMOC"}[method]
    return BatchResult(summary, method=f"change in mean ({r_method}, {pen_name} penalty), "
                                       "batch",
                       options={"method": method, "penalty": pen_name, "raw": raw,
                                "min_size": min_size, "max_cpts": max_cpts},
                       reference="Killick, Fearnhead & Eckley 2012 "
                                 "(doi:10.1080/01621459.2012.737745)",
                       mirrors=f"changepoint 2.3 cpt.mean(y / sigma, method='{r_method.split()[0]}'"
                               f", penalty='{pen_name}', test.stat='Normal')",
                       title="Change points (batch)", n_cases=len(summary), engine=engine,
                       chunk_size=int(chunk_size), events=tables.get("events"))


# ------------------------------------------------------------------------------------------
# effect sizes
# ------------------------------------------------------------------------------------------
def batch_effect_sizes(data: BatchData, es: Sequence[str] = ("NAP", "Tau", "Tau-U", "SMD"), *,
                       baseline_phase: Hashable = "A", treatment_phase: Hashable = "B",
                       improvement: str | Instrument | None = None, case_col: str = "case",
                       session_col: str = "session", value_col: str = "value",
                       phase_col: str = "phase", measure_col: str = "measure",
                       missing: str = "error", chunk_size: int = DEFAULT_CHUNK_SIZE,
                       progress: Progress = False,
                       options: Mapping[str, Any] | None = None) -> BatchResult:
    r"""Single-case effect sizes (NAP, Tau, Tau-U, SMD, ...) of every case, chunked by case.

    Parameters
    ----------
    data : pandas.DataFrame, str, os.PathLike or dask.dataframe.DataFrame
        As :func:`batch_reliable_change`, with a phase column.
    es : sequence of str
        Indices, as :func:`casekit.effect_sizes`.
    baseline_phase, treatment_phase, improvement, missing
        As :func:`casekit.effect_sizes`.
    case_col, session_col, value_col, phase_col, measure_col : str
        Column names; series are case x measure when ``measure_col`` is a column.
    chunk_size, progress
        As :func:`batch_reliable_change`.
    options : dict, optional
        Options of the single-series functions (``se``, ``confidence``, ``tau_u_method``, ...;
        see :func:`casekit.effect_sizes`).

    Returns
    -------
    BatchResult
        ``.summary``: the table of :func:`casekit.effect_sizes` (one row per series and index:
        ``case, [measure], es, est, se, ci_lower, ci_upper, n_baseline, n_treatment,
        improvement, options, note``).

    Notes
    -----
    NAP = (number of baseline-treatment pairs improving + 0.5 ties) / (m n); the other indices
    as their single-series functions (:mod:`casekit.effects`).

    References
    ----------
    Parker & Vannest (2009), doi:10.1016/j.beth.2008.10.006; Pustejovsky, Chen & Swan (2023),
    SingleCaseES.
    """
    from ..effects import effect_sizes

    opts = dict(options or {})
    meta: dict[str, Result] = {}

    def chunk(df: pd.DataFrame) -> Tables:
        by = [c for c in (case_col, measure_col) if c in df.columns]
        res = effect_sizes(df, es, by=by, baseline_phase=baseline_phase,
                           treatment_phase=treatment_phase, value_col=value_col,
                           phase_col=phase_col, session_col=session_col,
                           improvement=improvement, missing=missing, **opts)
        meta.setdefault("result", res)
        return {"summary": res.summary}

    extra = [improvement] if isinstance(improvement, str) else []
    tables, engine = run_chunks(data, chunk, case_col=case_col,
                                columns=_cols(case_col, session_col, value_col, measure_col,
                                              phase_col, "imputed", *extra),
                                chunk_size=chunk_size, progress=progress,
                                key=[case_col, measure_col, "es"])
    res = meta.get("result")
    summary = tables.get("summary", pd.DataFrame(columns=[case_col]))
    n_cases = int(summary[case_col].nunique()) if len(summary) else 0
    return BatchResult(summary, method="Single-case effect sizes, batch",
                       options=dict(res.options) if res is not None else {},
                       reference=res.reference if res is not None else None,
                       mirrors=res.mirrors if res is not None else None,
                       variant=res.variant if res is not None else None,
                       title="Effect sizes (batch)", n_cases=n_cases, engine=engine,
                       chunk_size=int(chunk_size))

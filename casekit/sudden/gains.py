"""Sudden gains and sudden losses on whole series: :func:`sudden_gains`, :func:`sudden_losses`.

A sudden gain between consecutive sessions n -> n+1 must meet all applied criteria of Tang &
DeRubeis (1999) as the R package suddengains 0.7.2 implements them (absolute size, relative
size, stability; see :func:`sudden_gains`). Every location reported is a session number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._validate import check_option
from ..results import Result
from ._core import DEFAULT_CRIT3_CRITICAL_VALUE, gain_table
from ._criteria import Criteria, check_bool
from ._layout import Columns, Grid, array_frame, long_grids, wide_grid
from ._rtable import bysg_frame, measure_token
from .cutoff import Crit1Cutoff

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["sudden_gains", "sudden_losses", "SuddenGainsResult"]

REFERENCE = (
    "Tang, T. Z., & DeRubeis, R. J. (1999). Sudden gains and critical sessions in cognitive-"
    "behavioral therapy for depression. J Consult Clin Psychol, 67(6), 894-904. "
    "doi:10.1037/0022-006X.67.6.894; Wiedemann, M., Thew, G. R., Stott, R., & Ehlers, A. (2020). "
    "suddengains: An R package to identify sudden gains in longitudinal data. PLOS ONE, 15(3), "
    "e0230276. doi:10.1371/journal.pone.0230276; Lutz, W., et al. (2013). Sudden gains in "
    "routine care. doi:10.1037/a0031406"
)
MIRRORS = "suddengains 0.7.2 identify_sg / identify_sl / create_bysg / create_byperson"

SELECT_OPTIONS = ("first", "last", "smallest", "largest")


# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """What :attr:`SuddenGainsResult.intervals` and ``by_person`` are built from."""

    grids: list[Grid]
    crit: list[dict[str, np.ndarray]]
    positions: list[np.ndarray]


class SuddenGainsResult(Result):
    """Sudden gains (or losses): one row per gain in ``.summary``.

    ``.summary`` columns: ``case, measure, pregain_session, postgain_session`` (session
    numbers), the scores ``value_n_minus2 ... value_n_plus3``, ``pregain_value,
    postgain_value, magnitude, tx_start_value, tx_end_value, tx_change, change_proportion,
    reversal_value, reversed, n_gains, mean_pre, mean_post, sd_pooled, crit3_critical_value``
    and ``phase`` (long data with a phase column); see :func:`sudden_gains`.

    Attributes
    ----------
    kind : {"gains", "losses"}
        What was identified.
    n_gains : int
        Number of gains (losses) found.
    n_cases : int
        Number of case-measure series examined.
    n_cases_with_gain : int
        Number of case-measure series with at least one gain (loss).
    n_reversed : int
        Number of gains (losses) that were reversed.
    reversal_offset : int
        Grid positions after the pregain session from which a later score counts for a
        reversal (2 = after the postgain session; 3 = suddengains 0.7.2's reading).
    dropped : pandas.DataFrame
        ``case, measure, session`` of the rows whose missing value was left out
        (``missing="drop"``); such a session stays in position as a missed session.
    improvement_source : dict
        Measure -> where the direction of improvement came from (``"stated"``, an instrument
        or the measure's registry entry).
    case_col : str
        The column of the data that named the cases (``id`` in suddengains' tables).
    intervals : pandas.DataFrame
        Every tested interval with its three criteria (a property, built on first access):
        ``case, measure, pregain_session, postgain_session, crit1, crit2, crit3,
        sudden_gain`` (``sudden_loss``), ``n_pre, n_post, mean_pre, mean_post, sd_pooled,
        critical_value``.

    Notes
    -----
    Figures read the ``.summary`` columns ``case, measure, pregain_session,
    postgain_session, pregain_value, postgain_value, reversal_value`` and
    ``value_n_minus2 ... value_n_plus3`` (``casekit.plot.sudden_gain_plot``,
    ``casekit.plot.plot_sg_trajectories``).
    """

    kind: str
    n_gains: int
    n_cases: int
    n_cases_with_gain: int
    n_reversed: int
    reversal_offset: int
    dropped: pd.DataFrame = pd.DataFrame(columns=["case", "measure", "session"])
    improvement_source: dict[Any, str] = {}
    case_col: str = "case"

    def __init__(self, summary: pd.DataFrame, *, layout: Layout | None = None,
                 **kw: Any) -> None:
        super().__init__(summary, **kw)
        self._layout = layout
        self._intervals: pd.DataFrame | None = None

    @property
    def intervals(self) -> pd.DataFrame:
        """Every tested interval: ``case, measure, pregain_session, postgain_session, crit1,
        crit2, crit3, sudden_gain`` (nullable booleans: ``<NA>`` = not computable or criterion
        not applied) and ``n_pre, n_post, mean_pre, mean_post, sd_pooled, critical_value``."""
        if self._intervals is None:
            self._intervals = _intervals(self._layout, self.kind)
        return self._intervals.copy()

    def all_cases(self) -> pd.DataFrame:
        """``case, measure`` of every series examined (with or without a gain)."""
        if self._layout is None:
            return self._summary[["case", "measure"]].drop_duplicates().reset_index(drop=True)
        return pd.concat([pd.DataFrame({"case": g.cases,
                                        "measure": np.full(len(g.cases), g.measure,
                                                           dtype=object)})
                          for g in self._layout.grids], ignore_index=True)

    def measures(self) -> list[Any]:
        """The measures examined (``None`` for data without a measure label)."""
        if self._layout is None:
            return list(pd.unique(self._summary["measure"])) if len(self._summary) else []
        return [g.measure for g in self._layout.grids]

    def one_measure(self, measure: str | None = None) -> object:
        """The measure a suddengains-style table is about (one measure per table)."""
        have = self.measures()
        if measure is None:
            if len(have) > 1:
                raise ValueError(f"the result holds several measures ({', '.join(map(str, have))});"
                                 " suddengains' tables hold one: pass measure=")
            return have[0] if have else None
        if measure not in have:
            raise ValueError(f"measure={measure!r} is not in the result; measures: "
                             f"{', '.join(map(str, have))}")
        return measure

    def to_suddengains(self, measure: str | None = None) -> pd.DataFrame:
        """The gains with suddengains' column names, as ``create_bysg`` returns them.

        Parameters
        ----------
        measure : str, optional
            The measure, when the result holds several (suddengains' tables hold one).

        Returns
        -------
        pandas.DataFrame
            ``<case_col>, id_sg, sg_crit123, sg_session_n, sg_freq_byperson, sg_<m>_2n,
            sg_<m>_1n, sg_<m>_n, sg_<m>_n1, sg_<m>_n2, sg_<m>_n3, sg_magnitude,
            sg_<m>_tx_change, sg_change_proportion, sg_reversal_value, sg_reversal`` with
            ``<m>`` the measure label (letters, digits and ``_``; ``value`` without one).
            ``sg_session_n`` is the pregain session number.

        See Also
        --------
        casekit.sudden.write_sudden_gains : write it to Excel or SPSS.
        """
        m = self.one_measure(measure)
        s = self._summary
        if len(s):
            s = s[(s["measure"] == m).to_numpy(dtype=bool) if m is not None
                  else s["measure"].isna().to_numpy()]
        return bysg_frame(s.reset_index(drop=True), self.case_col, measure_token(m))

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

        See Also
        --------
        casekit.sudden.sudden_gains_by_person : the same with suddengains' column names.
        """
        sel = select_gains(self._summary, multiple_sg_select, magnitude="absolute")
        allcases = self.all_cases()
        lookup = {(c, m): i for i, (c, m) in enumerate(zip(sel["case"], sel["measure"],
                                                          strict=True))}
        idx = [lookup.get(k, -1) for k in zip(allcases["case"], allcases["measure"],
                                              strict=True)]
        out = allcases.copy()
        out["has_gain"] = [i >= 0 for i in idx]
        for c in [c for c in self._summary.columns if c not in ("case", "measure")]:
            vals = sel[c].to_numpy()
            col = [vals[i] if i >= 0 else None for i in idx]
            kind = self._summary[c].dtype.kind
            dtype = {"f": self._summary[c].dtype, "i": "Int64", "b": "boolean"}.get(kind,
                                                                                  object)
            out[c] = pd.Series(col, dtype=dtype)
        out["n_gains"] = out["n_gains"].fillna(0).astype(np.int64)
        if out["measure"].notna().any():
            out = out.sort_values(["measure", "case"], kind="stable").reset_index(drop=True)
        return out

    def describe(self) -> dict[str, Any]:
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


def order_gains(s: pd.DataFrame, how: str) -> pd.DataFrame:
    """Gains in the order ``multiple_sg_select`` keeps the first of (``_size`` column given):
    earliest, latest, smallest or largest; ties to the earliest pregain session."""
    if how == "first":
        return s.sort_values(["pregain_session"], kind="stable")
    if how == "last":
        return s.sort_values(["pregain_session"], ascending=False, kind="stable")
    if how == "smallest":
        return s.sort_values(["_size", "pregain_session"], kind="stable")
    return s.sort_values(["_size", "pregain_session"], ascending=[False, True], kind="stable")


def select_gains(summary: pd.DataFrame, multiple_sg_select: str, *,
                 magnitude: str = "absolute") -> pd.DataFrame:
    """One gain per case and measure: the earliest / latest / smallest / largest.

    ``magnitude="absolute"`` compares sizes (|magnitude|); ``"signed"`` compares the signed
    magnitude as suddengains 0.7.2 does (for losses "smallest" is then the largest loss).
    Ties go to the earliest pregain session.
    """
    how = check_option(multiple_sg_select, "multiple_sg_select", SELECT_OPTIONS)
    check_option(magnitude, "magnitude", ("absolute", "signed"))
    s = summary.copy()
    if not len(s):
        return s
    s["_size"] = s["magnitude"].abs() if magnitude == "absolute" else s["magnitude"]
    s = order_gains(s, how)
    key = s[["case", "measure"]].astype(object).apply(tuple, axis=1)
    return s.loc[~key.duplicated()].drop(columns="_size")


def _intervals(layout: Layout | None, kind: str) -> pd.DataFrame:
    if layout is None:
        return pd.DataFrame()
    frames = []
    for grid, crit, pos in zip(layout.grids, layout.crit, layout.positions, strict=True):
        P, K = crit["sg"].shape
        f: dict[str, object] = {"case": np.repeat(grid.cases, K),
             "measure": np.full(P * K, grid.measure, dtype=object),
             "pregain_session": np.tile(grid.sessions[pos], P),
             "postgain_session": np.tile(grid.sessions[pos + 1], P)}
        for src, dst in (("crit1", "crit1"), ("crit2", "crit2"), ("crit3", "crit3"),
                         ("sg", "sudden_gain" if kind == "gains" else "sudden_loss")):
            a = crit[src].ravel()
            f[dst] = pd.arrays.BooleanArray(a == 1.0, np.isnan(a))
        f["n_pre"] = crit["n_pre"].ravel().astype(np.int64)
        f["n_post"] = crit["n_post"].ravel().astype(np.int64)
        for k in ("mean_pre", "mean_post", "sd_pooled", "critical_value"):
            f[k] = crit[k].ravel()
        frames.append(pd.DataFrame(f))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# --------------------------------------------------------------------------------------------
# identification
# --------------------------------------------------------------------------------------------
def read_grids(data: pd.DataFrame | ArrayLike, *, cols: Columns, measure: str | None,
               improvement: str | Instrument | None, sg_var_list: Sequence[str] | None,
               tx_start_var: str | None, tx_end_var: str | None, identify_sg_1to2: bool,
               missing: str) -> tuple[list[Grid], pd.DataFrame]:
    """The session grids of long data, wide data (``sg_var_list``) or one array."""
    if sg_var_list is not None:
        grid = wide_grid(data, case_col=cols.case_col, sg_var_list=sg_var_list, measure=measure,
                         improvement=improvement, identify_sg_1to2=identify_sg_1to2,
                         tx_start_var=tx_start_var, tx_end_var=tx_end_var)
        return [grid], pd.DataFrame(columns=["case", "measure", "session"])
    if not isinstance(data, pd.DataFrame):
        if not isinstance(data, (pd.Series, list, tuple, np.ndarray)):
            raise TypeError("data must be a pandas DataFrame (long or wide) or a 1-D array of "
                            f"one case's scores; got {type(data).__name__}")
        data = array_frame(data, cols, measure)
    return long_grids(data, cols=cols, measure=measure, improvement=improvement,
                      missing=missing)


def tested_positions(grid: Grid, identify_sg_1to2: bool) -> np.ndarray:
    """Grid positions of the pregain sessions tested (the second to the third-last)."""
    T = grid.Y.shape[1]
    pos = np.arange(1, max(T - 2, 1))
    if not identify_sg_1to2:
        pos = pos[grid.sessions[pos] != 1]
    return pos


def _notes(kind: str, reversal: str, wide: bool, n_tested: int,
           dropped: pd.DataFrame) -> list[str]:
    notes = []
    if reversal == "after_postgain":
        notes.append("reversal: any score after the postgain session (n+2 on) goes back past "
                     "the reversal value; suddengains 0.7.2 scans from n+3 by default "
                     "(reversal='suddengains' mirrors it)")
    if not wide:
        notes.append("tx_change uses each case's first and last observed scores")
    if n_tested == 0:
        notes.append("no interval could be tested: criterion 3 needs sessions n-2 ... n+2, so "
                     "a series needs at least 4 sessions (5 with the 1 -> 2 interval excluded "
                     "and session numbering from 0)")
    if len(dropped):
        notes.append(f"{len(dropped)} missing value(s) dropped (missing='drop'): each is a "
                     "missed session, kept in position on the session grid (.dropped lists "
                     "them)")
    return notes


def identify(data: pd.DataFrame | ArrayLike, criteria: Criteria, *, identify_sg_1to2: bool,
             cols: Columns, measure: str | None, improvement: str | Instrument | None,
             sg_var_list: Sequence[str] | None, tx_start_var: str | None,
             tx_end_var: str | None, reversal: str, missing: str) -> SuddenGainsResult:
    """Sudden gains (``criteria.kind == "sg"``) or losses (``"sl"``) of every series."""
    identify_sg_1to2 = check_bool(identify_sg_1to2, "identify_sg_1to2")
    reversal = check_option(reversal, "reversal", ("after_postgain", "suddengains"))
    grids, dropped = read_grids(data, cols=cols, measure=measure, improvement=improvement,
                                sg_var_list=sg_var_list, tx_start_var=tx_start_var,
                                tx_end_var=tx_end_var, identify_sg_1to2=identify_sg_1to2,
                                missing=missing)
    # the reversal scan starts this many grid positions after the pregain session;
    # suddengains 0.7.2 renumbers from 0 whatever identify_sg_1to2 is
    offset = 2 if reversal == "after_postgain" or identify_sg_1to2 else 3
    table = criteria.table()
    frames, crits, poss = [], [], []
    for grid in grids:
        pos = tested_positions(grid, identify_sg_1to2)
        crit = criteria.evaluate(grid.Y, pos, grid.d, table)
        crits.append(crit)
        poss.append(pos)
        frames.append(pd.DataFrame(gain_table(grid, crit, pos, offset)))
    summary = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    options = {**criteria.options(), "identify_sg_1to2": identify_sg_1to2,
               "improvement": ", ".join(sorted({"increase" if g.d > 0 else "decrease"
                                                for g in grids})),
               "reversal": reversal}
    if criteria.kind == "sl":
        options["loss_crit2"] = criteria.loss_crit2
    kind = "gains" if criteria.kind == "sg" else "losses"
    title = "Sudden gains" if kind == "gains" else "Sudden losses"
    with_gain = summary[["case", "measure"]].astype(object).drop_duplicates().shape[0] \
        if len(summary) else 0
    return SuddenGainsResult(
        summary, layout=Layout(grids, crits, poss), kind=kind, n_gains=int(len(summary)),
        n_cases=int(sum(g.Y.shape[0] for g in grids)), n_cases_with_gain=int(with_gain),
        n_reversed=int(summary["reversed"].sum()) if len(summary) else 0,
        reversal_offset=int(offset), dropped=dropped.reset_index(drop=True),
        improvement_source={g.measure: g.improvement_source for g in grids},
        case_col=cols.case_col,
        method=f"{title} (Tang & DeRubeis 1999; suddengains rules)", options=options,
        variant=f"criteria 1{'' if criteria.cutoff is not None else ' (off)'}, 2"
                f"{'' if criteria.pct is not None else ' (off)'}, 3"
                f"{'' if criteria.crit3 else ' (off)'}; reversal {reversal}",
        reference=REFERENCE, mirrors=MIRRORS,
        notes=_notes(kind, reversal, sg_var_list is not None, sum(len(p) for p in poss),
                     dropped),
        title=title)


_COMMON_DOC = """
    Parameters
    ----------
    data : pandas.DataFrame or array-like
        Tidy long data (columns ``case_col``, ``session_col``, ``value_col``, optional
        ``measure_col`` and ``phase_col``), one case or many; wide data (one row per case)
        with ``sg_var_list``; or a 1-D array of one case's scores in session order (sessions
        1, 2, ...). Long data are read by casekit's input layer: item rows are set aside and,
        with a ``scale`` column, only total scores are used.
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
    case_col, session_col, value_col, measure_col : str
        Column names of long data (``case_col`` also names the case column of wide data;
        ``id``, ``session``, ``value`` were the old names).
    measure : str, optional
        Long data: analyse only this measure (default: every measure separately). Wide data:
        the label written to the ``measure`` column; also used to look up the direction.
    improvement : {{"increase", "decrease"}}, instrument name or Instrument, optional
        Direction of improvement; by default taken from the registry entry of ``measure``
        (the source is recorded in ``.improvement_source``). For "increase" (e.g. alliance)
        gains are rises.
    sg_var_list : list of str, optional
        Wide data: the session variables in order (suddengains ``sg_var_list``). An empty cell
        is a missed session (suddengains' layout), kept in position.
    tx_start_var, tx_end_var : str, optional
        Wide data: variables for the total treatment change (default: first and last of
        ``sg_var_list``; suddengains ``tx_start_var_name`` / ``tx_end_var_name``).
    reversal : {{"after_postgain", "suddengains"}}
        Which later scores count for a reversal: casekit's rule, any score after the postgain
        session (n+2 on), or suddengains 0.7.2's reading (n+3 on; n+2 on with
        ``identify_sg_1to2=True``).
    phase_col : str or None
        Long data: name of a phase column; the phase of the postgain session is reported. The
        default ``"phase"`` is used when present; another name must be a column of the data
        (``phase`` was the old name).
    missing : {{"error", "drop", "include_imputed"}}
        Long data and arrays: a row with a missing value is an error (listing its row and
        session) unless ``"drop"``; a dropped row leaves its session missed, in position on
        the grid, exactly like a session without a row (listed in ``.dropped`` and the notes).
"""

_RENAMED = {"id": "case_col", "session": "session_col", "value": "value_col",
            "phase": "phase_col"}


@renamed_arguments(**_RENAMED)
def sudden_gains(data: pd.DataFrame | ArrayLike, *,
                 sg_crit1_cutoff: float | Crit1Cutoff | None,
                 sg_crit2_pct: float | None = 0.25, sg_crit3: bool = True,
                 sg_crit3_alpha: float = 0.05, sg_crit3_adjust: bool = True,
                 sg_crit3_critical_value: float = DEFAULT_CRIT3_CRITICAL_VALUE,
                 identify_sg_1to2: bool = False, case_col: str = "case",
                 session_col: str = "session", value_col: str = "value",
                 measure_col: str = "measure", measure: str | None = None,
                 improvement: str | Instrument | None = None,
                 sg_var_list: Sequence[str] | None = None, tx_start_var: str | None = None,
                 tx_end_var: str | None = None, reversal: str = "after_postgain",
                 phase_col: str | None = "phase", missing: str = "error") -> SuddenGainsResult:
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
    sudden_gains_by_person : one row per person (suddengains ``create_byperson``).
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
    criteria = Criteria.check("sg", sg_crit1_cutoff=sg_crit1_cutoff, sg_crit2_pct=sg_crit2_pct,
                              sg_crit3=sg_crit3, sg_crit3_alpha=sg_crit3_alpha,
                              sg_crit3_adjust=sg_crit3_adjust,
                              sg_crit3_critical_value=sg_crit3_critical_value,
                              loss_crit2="mirrored")
    return identify(data, criteria, identify_sg_1to2=identify_sg_1to2,
                    cols=Columns(case_col, session_col, value_col, measure_col, phase_col),
                    measure=measure, improvement=improvement, sg_var_list=sg_var_list,
                    tx_start_var=tx_start_var, tx_end_var=tx_end_var, reversal=reversal,
                    missing=missing)


@renamed_arguments(**_RENAMED)
def sudden_losses(data: pd.DataFrame | ArrayLike, *,
                  sg_crit1_cutoff: float | Crit1Cutoff | None,
                  sg_crit2_pct: float | None = 0.25, sg_crit3: bool = True,
                  sg_crit3_alpha: float = 0.05, sg_crit3_adjust: bool = True,
                  sg_crit3_critical_value: float = DEFAULT_CRIT3_CRITICAL_VALUE,
                  identify_sg_1to2: bool = False, case_col: str = "case",
                  session_col: str = "session", value_col: str = "value",
                  measure_col: str = "measure", measure: str | None = None,
                  improvement: str | Instrument | None = None,
                  sg_var_list: Sequence[str] | None = None, tx_start_var: str | None = None,
                  tx_end_var: str | None = None, reversal: str = "after_postgain",
                  loss_crit2: str = "mirrored", phase_col: str | None = "phase",
                  missing: str = "error") -> SuddenGainsResult:
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
    criteria = Criteria.check("sl", sg_crit1_cutoff=sg_crit1_cutoff, sg_crit2_pct=sg_crit2_pct,
                              sg_crit3=sg_crit3, sg_crit3_alpha=sg_crit3_alpha,
                              sg_crit3_adjust=sg_crit3_adjust,
                              sg_crit3_critical_value=sg_crit3_critical_value,
                              loss_crit2=loss_crit2)
    return identify(data, criteria, identify_sg_1to2=identify_sg_1to2,
                    cols=Columns(case_col, session_col, value_col, measure_col, phase_col),
                    measure=measure, improvement=improvement, sg_var_list=sg_var_list,
                    tx_start_var=tx_start_var, tx_end_var=tx_end_var, reversal=reversal,
                    missing=missing)


assert sudden_gains.__doc__ is not None and sudden_losses.__doc__ is not None  # set above
sudden_gains.__doc__ = sudden_gains.__doc__.format(
    common=_COMMON_DOC.format(crit1="The improvement from n to n+1 must be at least this "
                              "(e.g. 7 BDI points)."))
sudden_losses.__doc__ = sudden_losses.__doc__.format(
    common=_COMMON_DOC.format(crit1="Negative: the change x_n - x_(n+1) in the improvement "
                              "direction must be at most this (e.g. -7)."))

"""Sudden gains by person: one row per person (suddengains ``create_byperson``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._validate import check_option
from ..results import Result, format_frame
from ._core import DEFAULT_CRIT3_CRITICAL_VALUE
from ._rtable import bysg_frame, measure_token, r_columns
from .cutoff import Crit1Cutoff
from .gains import MIRRORS, REFERENCE, SuddenGainsResult, select_gains, sudden_gains, sudden_losses

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["sudden_gains_by_person", "SuddenGainsByPersonResult"]

_SHOWN = ("id_sg", "sg_crit123", "sg_session_n", "sg_freq_byperson", "sg_magnitude",
          "sg_reversal")


class SuddenGainsByPersonResult(Result):
    """One row per person (:func:`sudden_gains_by_person`), with suddengains' column names.

    ``.summary``: ``<case_col>, id_sg, sg_crit123, sg_session_n, sg_freq_byperson,
    sg_<m>_2n, sg_<m>_1n, sg_<m>_n, sg_<m>_n1, sg_<m>_n2, sg_<m>_n3, sg_magnitude,
    sg_<m>_tx_change, sg_change_proportion, sg_reversal_value, sg_reversal``, then (wide data)
    every other column of the data; people without a gain have ``sg_crit123 = 0``,
    ``sg_freq_byperson = 0`` and missing values elsewhere. ``sg_session_n`` is the pregain
    session number.

    Attributes
    ----------
    kind : {"gains", "losses"}
        What was identified (suddengains ``identify = "sg"`` / ``"sl"``).
    multiple_sg_select : {"first", "last", "smallest", "largest"}
        Which gain is kept for people with several.
    magnitude : {"absolute", "signed"}
        How "smallest" / "largest" compare gains: by size, or by the signed magnitude as
        suddengains does (the same for gains; for losses "smallest" is then the largest loss).
    n_cases : int
        Number of people (rows).
    n_with_gain : int
        People with at least one gain (loss): rows with ``sg_crit123 == 1``.
    measure_name : str
        The measure label as used in the column names (``sg_<m>_n``).
    gains : SuddenGainsResult
        Every gain (loss) found, one row each (the by-gain table).
    """

    kind: str
    multiple_sg_select: str
    magnitude: str
    n_cases: int
    n_with_gain: int
    measure_name: str
    gains: SuddenGainsResult

    def _display_frame(self, decimals: int) -> pd.DataFrame:
        cols = [self.gains.case_col, *_SHOWN]
        return format_frame(self._summary[[c for c in cols if c in self._summary.columns]],
                            decimals)


def byperson_table(res: SuddenGainsResult, multiple_sg_select: str, *, magnitude: str,
                   measure: str | None = None) -> pd.DataFrame:
    """One row per case of ``res`` with the selected gain in suddengains' columns."""
    m = res.one_measure(measure)
    token = measure_token(m)
    cases = res.all_cases()
    cases = cases[(cases["measure"] == m).to_numpy(dtype=bool) if m is not None
                  else cases["measure"].isna().to_numpy()]
    s = res.summary
    if len(s):
        s = s[(s["measure"] == m).to_numpy(dtype=bool) if m is not None
              else s["measure"].isna().to_numpy()]
    chosen = bysg_frame(select_gains(s, multiple_sg_select, magnitude=magnitude)
                        .reset_index(drop=True), res.case_col, token)
    ids = pd.DataFrame({res.case_col: cases["case"].to_numpy(dtype=object)})
    ids[res.case_col] = ids[res.case_col].infer_objects()
    chosen[res.case_col] = chosen[res.case_col].astype(ids[res.case_col].dtype)
    out = ids.merge(chosen, on=res.case_col, how="left", sort=False)
    out["sg_crit123"] = out["sg_crit123"].fillna(0).astype(np.int64)
    out["sg_freq_byperson"] = out["sg_freq_byperson"].fillna(0).astype(np.int64)
    return out[r_columns(res.case_col, token)]


def _with_data_columns(table: pd.DataFrame, data: pd.DataFrame, case_col: str) -> pd.DataFrame:
    """Wide data: every other column of the data after suddengains' columns (as R does)."""
    extra = [c for c in data.columns if c != case_col and c not in table.columns]
    right = data[[case_col, *extra]]
    return table.merge(right, on=case_col, how="left", sort=False)


@renamed_arguments(id="case_col", session="session_col", value="value_col", phase="phase_col")
def sudden_gains_by_person(data: pd.DataFrame | ArrayLike, *,
                           sg_crit1_cutoff: float | Crit1Cutoff | None,
                           multiple_sg_select: str = "first", identify: str = "sg",
                           magnitude: str = "absolute", sg_crit2_pct: float | None = 0.25,
                           sg_crit3: bool = True, sg_crit3_alpha: float = 0.05,
                           sg_crit3_adjust: bool = True,
                           sg_crit3_critical_value: float = DEFAULT_CRIT3_CRITICAL_VALUE,
                           identify_sg_1to2: bool = False, case_col: str = "case",
                           session_col: str = "session", value_col: str = "value",
                           measure_col: str = "measure", measure: str | None = None,
                           improvement: str | Instrument | None = None,
                           sg_var_list: Sequence[str] | None = None,
                           tx_start_var: str | None = None, tx_end_var: str | None = None,
                           reversal: str = "after_postgain", loss_crit2: str = "mirrored",
                           phase_col: str | None = "phase",
                           missing: str = "error") -> SuddenGainsByPersonResult:
    r"""Sudden gains (or losses) by person, as suddengains ``create_byperson`` returns them.

    One row per person: the person's gain (chosen by ``multiple_sg_select`` among several),
    the scores around it, its magnitude, the total change, the proportion of the change the
    gain makes and whether it was reversed; people without a gain are kept.

    Parameters
    ----------
    data : pandas.DataFrame or array-like
        As in :func:`sudden_gains`: long data (one measure, or pass ``measure=``), wide data
        with ``sg_var_list`` (suddengains' layout), or one case's scores.
    sg_crit1_cutoff : float or Crit1Cutoff
        Criterion 1 (positive for gains, negative for losses: suddengains' convention).
    multiple_sg_select : {"first", "last", "smallest", "largest"}
        Which gain to keep for a person with several: the earliest or latest pregain session,
        or the smallest or largest magnitude; ties go to the earliest session.
    identify : {"sg", "sl"}
        Sudden gains (:func:`sudden_gains`) or sudden losses (:func:`sudden_losses`).
    magnitude : {"absolute", "signed"}
        What "smallest" / "largest" compare. ``"absolute"`` (default): the size of the gain
        or loss. ``"signed"``: the signed ``sg_magnitude``, as suddengains 0.7.2 does; for
        losses (negative magnitudes) "smallest" then picks the largest loss. Gains give the
        same answer either way.
    sg_crit2_pct, sg_crit3, sg_crit3_alpha, sg_crit3_adjust, sg_crit3_critical_value
        The criteria, as in :func:`sudden_gains`.
    identify_sg_1to2, case_col, session_col, value_col, measure_col, measure, improvement
        As in :func:`sudden_gains`.
    sg_var_list, tx_start_var, tx_end_var, reversal, phase_col, missing
        As in :func:`sudden_gains` (``id``, ``session``, ``value``, ``phase`` were the old
        names of the column arguments).
    loss_crit2 : {"mirrored", "suddengains"}
        Criterion 2 for losses (``identify="sl"``), as in :func:`sudden_losses`.

    Returns
    -------
    SuddenGainsByPersonResult
        ``.summary``: one row per person, sorted by case, with the columns of suddengains'
        ``create_byperson``: ``<case_col>`` (e.g. ``id``), ``id_sg`` (``<id>_sg_<session>``),
        ``sg_crit123`` (1 = a gain, 0 = none), ``sg_session_n`` (pregain session),
        ``sg_freq_byperson`` (number of gains), the scores ``sg_<m>_2n, sg_<m>_1n, sg_<m>_n,
        sg_<m>_n1, sg_<m>_n2, sg_<m>_n3`` (sessions N-2 ... N+3, N = pregain),
        ``sg_magnitude``, ``sg_<m>_tx_change``, ``sg_change_proportion``,
        ``sg_reversal_value``, ``sg_reversal`` (1 / 0); with wide data then every other column
        of ``data``. ``<m>`` is the measure label (letters, digits, ``_``; ``value`` without
        one). ``.gains`` holds every gain.

    See Also
    --------
    sudden_gains : every gain, one row each (``.to_suddengains()``: ``create_bysg``'s table).
    write_sudden_gains : write either table to Excel or SPSS.
    casekit.plot.plot_sg_trajectories : mean scores around the gains.

    Notes
    -----
    Mirrors suddengains 0.7.2 ``create_byperson(data, sg_crit1_cutoff, id_var_name,
    sg_var_list, tx_start_var_name, tx_end_var_name, sg_measure_name, multiple_sg_select,
    identify)``: the gains are those of :func:`sudden_gains` / :func:`sudden_losses` (Tang &
    DeRubeis 1999 criteria; see their Notes for the rules and for what differs from the
    package: long data, the reversal scan), one is chosen per person, and people without one
    get ``sg_crit123 = 0``, ``sg_freq_byperson = 0`` and missing values elsewhere (R's
    ``replace_na``). Known difference, by choice: ``magnitude="absolute"`` by default (see
    above); ``magnitude="signed"`` gives the package's numbers. ``sg_session_n`` is a session
    number: with ``identify_sg_1to2=True`` the first variable of ``sg_var_list`` is session 0.

    References
    ----------
    .. [1] Tang, T. Z., & DeRubeis, R. J. (1999). Sudden gains and critical sessions in
       cognitive-behavioral therapy for depression. J Consult Clin Psychol, 67(6), 894-904.
       doi:10.1037/0022-006X.67.6.894
    .. [2] Wiedemann, M., Thew, G. R., Stott, R., & Ehlers, A. (2020). suddengains: An R
       package to identify sudden gains in longitudinal data. PLOS ONE, 15(3), e0230276.
       doi:10.1371/journal.pone.0230276 (the package's own citation)

    Examples
    --------
    >>> import pandas as pd
    >>> import casekit as ck
    >>> wide = pd.DataFrame({"id": [1, 2],
    ...                      **{f"s{i}": [a, b] for i, (a, b) in enumerate(zip(
    ...                          [35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7],
    ...                          [20, 21, 20, 21, 20, 19, 20, 21, 20, 19, 20, 21]), 1)}})
    >>> res = ck.sudden_gains_by_person(wide, sg_crit1_cutoff=7, case_col="id",
    ...                                 sg_var_list=[f"s{i}" for i in range(1, 13)],
    ...                                 improvement="decrease", measure="bdi",
    ...                                 multiple_sg_select="largest")
    >>> res.summary[["id", "sg_crit123", "sg_session_n", "sg_magnitude"]]
       id  sg_crit123  sg_session_n  sg_magnitude
    0   1           1             7          12.0
    1   2           0          <NA>           NaN
    """
    identify = check_option(identify, "identify", ("sg", "sl"))
    check_option(multiple_sg_select, "multiple_sg_select", ("first", "last", "smallest",
                                                            "largest"))
    check_option(magnitude, "magnitude", ("absolute", "signed"))
    # the arguments both identifiers take (their types are checked at the def above)
    common: dict[str, Any] = dict(
        sg_crit1_cutoff=sg_crit1_cutoff, sg_crit2_pct=sg_crit2_pct, sg_crit3=sg_crit3,
        sg_crit3_alpha=sg_crit3_alpha, sg_crit3_adjust=sg_crit3_adjust,
        sg_crit3_critical_value=sg_crit3_critical_value, identify_sg_1to2=identify_sg_1to2,
        case_col=case_col, session_col=session_col, value_col=value_col,
        measure_col=measure_col, measure=measure, improvement=improvement,
        sg_var_list=sg_var_list, tx_start_var=tx_start_var, tx_end_var=tx_end_var,
        reversal=reversal, phase_col=phase_col, missing=missing)
    res = sudden_gains(data, **common) if identify == "sg" else \
        sudden_losses(data, loss_crit2=loss_crit2, **common)
    table = byperson_table(res, multiple_sg_select, magnitude=magnitude, measure=measure)
    if sg_var_list is not None:
        assert isinstance(data, pd.DataFrame)  # wide data (wide_grid refuses anything else)
        table = _with_data_columns(table, data, case_col)
    token = measure_token(res.one_measure(measure))
    return SuddenGainsByPersonResult(
        table, kind=res.kind, multiple_sg_select=multiple_sg_select, magnitude=magnitude,
        n_cases=len(table), n_with_gain=int(table["sg_crit123"].sum()), measure_name=token,
        gains=res, method=f"{res.title} by person (suddengains create_byperson)",
        options={**res.options, "identify": identify,
                 "multiple_sg_select": multiple_sg_select, "magnitude": magnitude},
        variant=f"{multiple_sg_select} {res.kind[:-1]} per person ({magnitude} magnitude); "
                f"{res.method_card['variant']}",
        mirrors=f"{MIRRORS.split(' identify_sg')[0]} create_byperson", reference=REFERENCE,
        notes=res.notes, title=f"{res.title} by person")

"""Which cases have enough data to identify sudden gains (suddengains ``select_cases``)?"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._deprecate import renamed_arguments
from .._validate import check_int, check_option
from ._layout import Columns
from .gains import read_grids

__all__ = ["select_cases"]

# suddengains 0.7.2 R/select_cases.R: x = available, . = missing on consecutive sessions
_PATTERNS = (
    (True, True, True, True),
    (True, True, True, False, True),
    (True, False, True, True, True),
    (True, False, True, True, False, True),
)


def _has_pattern(avail: np.ndarray) -> np.ndarray:
    """Rows of the availability grid holding one of suddengains' four patterns."""
    sel = np.zeros(avail.shape[0], dtype=bool)
    T = avail.shape[1]
    for pat in _PATTERNS:
        if len(pat) > T:
            continue
        W = np.lib.stride_tricks.sliding_window_view(avail, len(pat), axis=1)
        sel |= (W == np.array(pat)).all(axis=2).any(axis=1)
    return sel


@renamed_arguments(id="case_col", session="session_col", value="value_col")
def select_cases(data: pd.DataFrame, *, method: str = "pattern", min_sess_num: int | None = None,
                 case_col: str = "case", session_col: str = "session",
                 value_col: str = "value", measure_col: str = "measure",
                 measure: str | None = None, sg_var_list: Sequence[str] | None = None,
                 missing: str = "error") -> pd.DataFrame:
    """Select cases with enough data to identify sudden gains (suddengains ``select_cases``).

    Parameters
    ----------
    data : pandas.DataFrame
        Long data (``case_col, session_col, value_col``) or wide data with ``sg_var_list``.
    method : {"pattern", "min_sess"}
        ``"pattern"``: the case has at least one of suddengains' four availability patterns
        (x = available, . = missing): ``x x x x``, ``x x x . x``, ``x . x x x``,
        ``x . x x . x`` on consecutive sessions. ``"min_sess"``: at least ``min_sess_num``
        available scores.
    min_sess_num : int
        Required for ``method="min_sess"`` (with ``"pattern"`` it raises).
    case_col, session_col, value_col, measure_col : str
        Column names (``id``, ``session``, ``value`` were the old names); ``case_col`` also
        names the case column of wide data.
    measure : str, optional
        Long data: only this measure.
    sg_var_list : list of str, optional
        Wide data: the session variables in order (an empty cell is a missed session).
    missing : {"error", "drop", "include_imputed"}
        Long data: a row with a missing value is an error unless ``"drop"`` (then its session
        counts as missed), as in :func:`sudden_gains`.

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

    References
    ----------
    Wiedemann, Thew, Stott & Ehlers (2020), doi:10.1371/journal.pone.0230276.

    Examples
    --------
    >>> import pandas as pd
    >>> wide = pd.DataFrame({"id": [1, 2], "s1": [1, 1], "s2": [2, None], "s3": [3, 3],
    ...                      "s4": [4, None], "s5": [5, 5]})
    >>> cols = ["s1", "s2", "s3", "s4", "s5"]
    >>> select_cases(wide, case_col="id", sg_var_list=cols)["selected"].tolist()
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
    # the direction does not matter for availability
    grids, _ = read_grids(data, cols=Columns(case_col, session_col, value_col, measure_col,
                                             None),
                          measure=measure, improvement="decrease", sg_var_list=sg_var_list,
                          tx_start_var=None, tx_end_var=None, identify_sg_1to2=False,
                          missing=missing)
    frames = []
    for g in grids:
        avail = ~np.isnan(g.Y)
        n_av = avail.sum(axis=1)
        sel = n_av >= min_sess_num if method == "min_sess" else _has_pattern(avail)
        frames.append(pd.DataFrame({"case": g.cases,
                                    "measure": np.full(len(g.cases), g.measure, dtype=object),
                                    "n_available": n_av.astype(np.int64), "selected": sel}))
    return pd.concat(frames, ignore_index=True)

"""Shared input handling for the change-point methods.

Every public function of :mod:`casekit.changepoint` accepts either a one-dimensional series
(``y``: list, numpy array or pandas Series) or a tidy table (``data=`` with the column names
``value=`` and ``session=``). The series is taken in row order (sorted by session when a
session column is given); the index convention is the one of ``domain/methods.md`` §1.3:

* ``k`` is the **1-based index of the last observation before the change** (the size of the
  first segment), as in R changepoint ``cpts()`` and strucchange ``breakpoints()``;
* ``session`` is the session number of that observation, when session numbers are known
  (they can start at 0 or have gaps; ``k`` counts rows, never session numbers).

Nothing is dropped or coerced silently: missing values raise an error naming their positions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import as_float_array, check_int
from ..exceptions import NotEnoughPointsError

__all__ = ["SeriesInput", "prepare_series", "session_of", "sanity_check", "lag1_autocorrelation"]


class SeriesInput:
    """A validated series: ``values`` (float array) and ``sessions`` (array or None)."""

    __slots__ = ("values", "sessions", "name")

    def __init__(self, values: np.ndarray, sessions: np.ndarray | None, name: str):
        self.values = values
        self.sessions = sessions
        self.name = name

    @property
    def n(self) -> int:
        return int(self.values.size)

    def session(self, k):
        """Session number of the k-th observation (1-based), or ``k`` when unknown."""
        return session_of(k, self.sessions)


def session_of(k, sessions):
    """Map a 1-based row index ``k`` to its session number (Python scalar; None if k is None)."""
    if k is None:
        return None
    k = int(k)
    if sessions is None:
        return k
    s = sessions[k - 1]
    if isinstance(s, np.generic):
        s = s.item()
    if isinstance(s, float) and s.is_integer():
        return int(s)
    return s


def prepare_series(y=None, *, data=None, value: str = "value", session: str = "session",
                   name: str = "y", min_size: int = 2) -> SeriesInput:
    """Validate the input of a change-point function.

    Parameters
    ----------
    y : array-like or pandas.Series, optional
        The series in time order. A Series' index is *not* used as session numbers (pass
        ``data=`` for that).
    data : pandas.DataFrame, optional
        Tidy table with a value column and a session column (one row per session, one case and
        one measure). Rows are sorted by session.
    value, session : str
        Column names in ``data``.
    name : str
        Name used in error messages.
    min_size : int
        Minimum number of observations; fewer raise :class:`NotEnoughPointsError`.
    """
    if (y is None) == (data is None):
        raise TypeError("pass either a series y or data= (a DataFrame with value= and "
                        "session= columns), not both and not neither")
    sessions = None
    if data is not None:
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
        missing = [c for c in (value, session) if c not in data.columns]
        if missing:
            raise ValueError(f"data has no column(s) {missing}; available columns: "
                             f"{list(data.columns)} (set value= and session=)")
        for col in ("case", "measure"):
            if col in data.columns and data[col].nunique(dropna=False) > 1:
                raise ValueError(
                    f"data holds several values of {col!r} ({sorted(map(str, data[col].unique()))}); "
                    "change-point methods take one series: filter the table first")
        sess = data[session]
        if sess.isna().any():
            rows = data.index[sess.isna().to_numpy()].tolist()
            raise ValueError(f"column {session!r} has missing session numbers at rows {rows}")
        if sess.duplicated().any():
            dups = sorted(sess[sess.duplicated()].unique().tolist())
            raise ValueError(f"column {session!r} has duplicated sessions {dups}; one row per "
                             "session is required")
        vals = pd.to_numeric(data[value], errors="coerce")
        bad = vals.isna() & data[value].notna()
        if bad.any():
            raise TypeError(f"column {value!r} has non-numeric values at rows "
                            f"{data.index[bad.to_numpy()].tolist()}")
        if vals.isna().any():
            raise ValueError(
                f"column {value!r} has missing values at rows "
                f"{data.index[vals.isna().to_numpy()].tolist()} (sessions "
                f"{sess[vals.isna()].tolist()}); remove them explicitly so that nothing is "
                "dropped silently (k then counts the remaining rows)")
        order = np.argsort(sess.to_numpy(), kind="stable")
        frame = data.iloc[order]
        values = as_float_array(frame[value].to_numpy(dtype=float, na_value=np.nan),
                                f"data[{value!r}]")
        sessions = frame[session].to_numpy()
        name = f"data[{value!r}]"
    else:
        if isinstance(y, pd.DataFrame):
            raise TypeError("y is a DataFrame: pass it as data= with value= and session=")
        if isinstance(y, pd.Series):
            y = y.to_numpy(dtype=float, na_value=np.nan)
        values = as_float_array(y, name)
    sanity_check(values.size, min_size, name=name)
    return SeriesInput(values, sessions, name)


def sanity_check(n: int, min_size: int, *, name: str = "y", method: str = "this method"):
    """Raise :class:`NotEnoughPointsError` when ``n`` < ``min_size``."""
    min_size = check_int(min_size, "min_size", minimum=1)
    if n < min_size:
        raise NotEnoughPointsError(
            f"{name} has {n} observations; {method} needs at least {min_size}")


def lag1_autocorrelation(resid: np.ndarray) -> float:
    """Lag-1 sample autocorrelation r1 = sum e_t e_(t-1) / sum e_t^2 of (centred) residuals."""
    e = np.asarray(resid, dtype=float)
    den = float(np.dot(e, e))
    if den <= 0:
        return 0.0
    return float(np.dot(e[1:], e[:-1]) / den)


def robust_sigma(x: np.ndarray) -> tuple[float, str]:
    """Noise scale sigma = MAD(diff(x)) * 1.4826 / sqrt(2); fallback SD(x) if that is 0.

    The constant 1.4826 is R's ``mad()`` default (consistency for the Normal SD, 1/qnorm(3/4));
    dividing by sqrt(2) turns the scale of first differences into the scale of the series
    (Fryzlewicz 2014, Ann Stat 42(6):2243-2281, doi:10.1214/14-AOS1245, uses the same estimator).
    Returns (sigma, how) with how in {'mad_diff', 'sd', 'none'}.
    """
    d = np.diff(x)
    if d.size:
        med = np.median(d)
        s = 1.4826 * float(np.median(np.abs(d - med))) / np.sqrt(2.0)
        if s > 0:
            return s, "mad_diff"
    sd = float(np.std(x, ddof=1)) if x.size > 1 else 0.0
    if sd > 0:
        return sd, "sd"
    return 1.0, "none"

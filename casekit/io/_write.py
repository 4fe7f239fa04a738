"""write_sessions: the tidy ratings table as CSV, readable again by read_sessions."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..exceptions import ArgumentError
from ..schema import CASE, DATE, MEASURE, SESSION, VALUE, order_columns
from ._common import option

__all__ = ["write_sessions"]


def write_sessions(df: pd.DataFrame, path: str | os.PathLike[str], *, sep: str = ",",
                   decimal: str = ".", encoding: str = "utf-8") -> Path:
    """Write tidy ratings as CSV (readable again by :func:`read_sessions`).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy ratings (``case, session, measure, value`` at least).
    path : str or path
        Destination ``.csv`` file.
    sep : str, default ','
    decimal : {'.', ','}, default '.'
        ``';'`` with ``','`` writes the usual German/Italian spreadsheet CSV.
    encoding : str, default 'utf-8'

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    Floats are written with the shortest text that reads back to the same float (Python's
    ``repr``), missing values as empty cells (their code stays in ``missing_code``), dates as
    ISO 8601. Reading the file back with :func:`read_sessions` gives an identical table.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> import casekit
    >>> df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "PHQ-9",
    ...                    "value": [12.0, 10.5]})
    >>> p = casekit.write_sessions(df, os.path.join(tempfile.mkdtemp(), "r.csv"))
    >>> casekit.read_sessions(p)["value"].tolist()
    [12.0, 10.5]
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    missing = [c for c in (CASE, SESSION, MEASURE, VALUE) if c not in df.columns]
    if missing:
        raise ValueError(f"df lacks the required columns {', '.join(missing)}")
    decimal = option(decimal, "decimal", (".", ","))
    if decimal == sep:
        raise ArgumentError("sep and decimal must differ (change sep= or decimal=)",
                            "sep, decimal")
    path = Path(path)
    out = order_columns(df)
    if DATE in out.columns and pd.api.types.is_datetime64_any_dtype(out[DATE]):
        d = out[DATE]
        has_time = bool(((d - d.dt.normalize()).dropna() != pd.Timedelta(0)).any())
        out = out.assign(**{DATE: d.dt.strftime("%Y-%m-%dT%H:%M:%S" if has_time
                                                else "%Y-%m-%d")})
    out.to_csv(path, sep=sep, decimal=decimal, index=False, na_rep="", encoding=encoding)
    return path

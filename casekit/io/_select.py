"""``case=``: the rows of one case from a source with its own case column."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError
from ..schema import CASE
from ._common import Record, problem

__all__ = ["select_case"]


def select_case(cases: pd.Series, case: Hashable, rows: np.ndarray, problems: list[Record],
                table: str) -> tuple[np.ndarray, list[Record], dict[str, Any]]:
    """Positions of the rows of ``case`` in a source with its own case column.

    ``cases`` is the parsed case column (text, NA for blanks) and ``rows`` the source row of
    each position. A stated case never replaces a different one: a case absent from the source
    raises (:class:`~casekit.exceptions.ArgumentError` listing the cases present), and a row
    with a blank case is a problem (it cannot be told whether it belongs to ``case``), reported
    with the reading problems of the selected rows; reading problems of other cases' rows are
    not reported (those rows are not returned). Returns the positions, the problems and the
    ``attrs`` record of the selection.
    """
    want = str(case)
    values = cases.to_numpy(dtype=object)
    blank = pd.isna(values)
    present = sorted({str(v) for v in values[~blank]})
    if want not in present:
        listing = ", ".join(map(repr, present[:30])) + (
            f", ... ({len(present)} in all)" if len(present) > 30 else "")
        raise ArgumentError(f"case={want!r} is not in the {table} source; cases present: "
                            f"{listing or 'none (the case column is blank)'} (case= names "
                            "the case to read)", "case")
    keep = np.flatnonzero(~blank & (values == want))
    kept = set(rows[keep].tolist())
    out = [p for p in problems if p.get("row") is None or p["row"] in kept]
    for r in sorted(set(rows[blank].tolist())):
        out.append(problem(r, CASE, None, f"case is missing, so the row cannot be told to "
                           f"belong to case {want!r} or not (the source has a case column; "
                           "selecting a case with case= needs it on every row)", table,
                           argument="case"))
    other = len(set(rows[~blank & (values != want)].tolist()))
    return keep, out, {"selected_case": want, "other_case_rows": other}

"""An author's own case, read and validated once: :func:`read_case`."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ..datasets import CaseData, sha256_of
from ..exceptions import ArgumentError, CaseDataError
from ..io import read_events, read_phases, read_sessions
from ..validation import validate, validate_events, validate_phases

__all__ = ["read_case", "frame_sha256", "source_record"]

_TABLES = ("ratings", "events", "phases")
#: an input table: a file or a DataFrame
InputSource = str | os.PathLike[str] | pd.DataFrame


def frame_sha256(df: pd.DataFrame) -> str:
    """SHA-256 of a DataFrame's CSV text (no index; ``\\n`` line ends): the checksum of an
    input given as a table rather than a file."""
    text = df.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_record(table: str, source: InputSource) -> dict[str, str | None]:
    """Provenance of one input: the file name without its folders and its checksum."""
    if isinstance(source, pd.DataFrame):
        return {"table": table, "file": None, "sha256": frame_sha256(source),
                "kind": "dataframe"}
    path = Path(os.fspath(source))
    return {"table": table, "file": path.name, "sha256": sha256_of(path), "kind": "file"}


def _is_simulated(df: pd.DataFrame) -> bool:
    meta = df.attrs.get("casekit", {}).get("dataset", {})
    return bool(meta.get("simulated", False))


def _the_case(ratings: pd.DataFrame, case: str | None) -> str:
    """The one case of the ratings (read with ``case=`` when given)."""
    if "case" not in ratings.columns:
        raise ArgumentError("the ratings have no case column: name the case with case= (it "
                            "labels every row)", argument="case")
    cases: list[str] = sorted(ratings["case"].dropna().astype(str).unique())
    if case is not None:
        return str(case)
    if len(cases) > 1:
        listing = ", ".join(map(repr, cases[:30])) + (
            f", ... ({len(cases)} in all)" if len(cases) > 30 else "")
        raise ArgumentError(f"the ratings hold {len(cases)} cases ({listing}); choose one "
                            "with case=", argument="case")
    if not cases:
        raise ArgumentError("the ratings name no case (the case column is blank): name the "
                            "case with case=", argument="case")
    return cases[0]


def _read(reader: Callable[..., pd.DataFrame], table: str, source: InputSource,
          problems: list[pd.DataFrame], **options: Any) -> pd.DataFrame | None:
    """Read one table; a CaseDataError adds its problems (with their table) to ``problems``."""
    try:
        return reader(source, validate=False, warn=False, **options)
    except CaseDataError as exc:
        found = exc.problems.copy()
        if "table" not in found.columns:
            found["table"] = table
        found["table"] = found["table"].fillna(table)
        problems.append(found)
        return None


def _own_problems(tables: dict[str, pd.DataFrame | None]) -> list[pd.DataFrame]:
    out: list[pd.DataFrame] = []
    for name, check in (("events", validate_events), ("phases", validate_phases)):
        table = tables.get(name)
        if table is not None:
            report = check(table, raise_on_error=False, warn=False)
            if not report.ok:
                out.append(report.problems)
    return out


def read_case(data: InputSource, *, events: InputSource | None = None,
              phases: InputSource | None = None, case: str | None = None,
              **read_options: Any) -> CaseData:
    """Read one case's ratings, events and phases, and validate them together once.

    Parameters
    ----------
    data : str, path or pandas.DataFrame
        The session ratings: any file :func:`casekit.read_sessions` reads (long or wide CSV,
        Excel, SPSS, a REDCap export) or a DataFrame.
    events, phases : str, path or pandas.DataFrame, optional
        The events and phase tables (CSV, Excel or DataFrames; :func:`casekit.read_events`,
        :func:`casekit.read_phases`).
    case : str, optional
        The case: labels tables without a case column, and picks that case from tables that
        hold several (compared as text). Without it the ratings must hold one case, which
        then labels or selects the events and phases.
    **read_options
        Options of :func:`casekit.read_sessions` for the ratings (``spec=``, ``measures=``,
        ``sheet=``, ``header_row=``, ``date_format=`` ...).

    Returns
    -------
    casekit.datasets.CaseData
        ``.ratings``, ``.events``, ``.phases`` (``None`` when not given), ``.validation``
        (the report: problems none, warnings listed), ``.warnings`` (the reading and
        validation warnings, never emitted to stderr), ``.sources`` (file names without
        folders and SHA-256 checksums), ``.simulated`` (tables marked simulated by
        :func:`casekit.datasets.load`).

    Raises
    ------
    casekit.CaseDataError
        Listing every problem of all three tables at once: cells that cannot be read and
        everything :func:`casekit.validate` checks (ranges, duplicates, imported totals
        against their items, phases covering the sessions, events on rated sessions). Each
        problem keeps its place in the source as a spreadsheet shows it (``where``: file,
        sheet, row, column) and its ``table``; ``.warnings`` lists the warnings.
    casekit.ArgumentError
        A reading option that does not fit, ratings without a case column and no ``case=``,
        or several cases and no ``case=`` (the message lists them).

    See Also
    --------
    casekit.analyze_case : the analysis of the case read here.
    casekit.datasets.load_case : a bundled case, as the same kind of object.

    Notes
    -----
    Each table is read without validation and with its warnings collected
    (``validate=False, warn=False``); then :func:`casekit.validate` checks the three tables
    together, once. Reading problems of one table do not hide another table's: all are
    collected before anything is raised.

    Examples
    --------
    >>> import pandas as pd
    >>> import casekit
    >>> ratings = pd.DataFrame({"session": [1, 2, 3], "measure": "PHQ-9", "scale": "total",
    ...                         "value": [18.0, 15.0, 9.0]})
    >>> case = casekit.read_case(ratings, case="C01")
    >>> case.case, case.validated, case.sources["kind"].tolist()
    ('C01', True, ['dataframe'])
    """
    problems: list[pd.DataFrame] = []
    options = dict(read_options)
    if case is not None:
        options["case"] = case
    ratings = _read(read_sessions, "ratings", data, problems, **options)
    if ratings is None:
        # the ratings could not be read: the other tables are read for their own problems
        case_id = None if case is None else str(case)
    else:
        case_id = _the_case(ratings, case)
    tables = {"ratings": ratings}
    for name, source, reader in (("events", events, read_events),
                                 ("phases", phases, read_phases)):
        if source is not None:
            tables[name] = _read(reader, name, source, problems, case=case_id)
    if problems:
        if ratings is None:
            # the events and phases read are still checked on their own, so that every
            # problem is listed at once
            problems += _own_problems(tables)
        n = sum(len(p) for p in problems)
        raise CaseDataError(pd.concat(problems, ignore_index=True),
                            title=f"{n} problem{'s' if n != 1 else ''} found while reading "
                                  "the case")
    assert ratings is not None and case_id is not None  # else problems were raised
    report = validate(ratings, events=tables.get("events"), phases=tables.get("phases"),
                      raise_on_error=False, warn=False)
    if not report.ok:
        raise CaseDataError(report.problems, warnings=report.warnings)
    sources = [source_record(name, src) for name, src in
               (("ratings", data), ("events", events), ("phases", phases)) if src is not None]
    simulated = any(_is_simulated(src) for src in (data, events, phases)
                    if isinstance(src, pd.DataFrame))
    return CaseData(case_id, {k: v for k, v in tables.items() if v is not None},
                    validation=report, sources=sources, simulated=simulated)

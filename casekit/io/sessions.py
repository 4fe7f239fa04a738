"""read_sessions: any export (CSV, Excel, SPSS, REDCap, DataFrame; long or wide) -> tidy ratings."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd

from .._source import ATTRS_KEY
from ..exceptions import ArgumentError, CaseDataError
from ..schema import CASE, DEFAULT_NA_VALUES, DEFAULT_SENTINELS, MEASURE, VALUE
from ..validation import validate as _run_validation
from ._cells import CellParser
from ._common import (
    LAYOUTS,
    Raw,
    Record,
    emit,
    infer_format,
    merge_problems,
    option,
    problem,
    rename_columns,
)
from ._locate import data_rows_of, locate_reading, make_source_map
from ._normalise import normalise
from ._raw import read_raw
from ._redcap import RedcapRows, looks_like_redcap, redcap_sessions
from ._select import select_case
from ._spec import merge_spec
from ._wide import imported_totals, wide_to_long

if TYPE_CHECKING:
    from ..registry import Instrument, InstrumentRegistry
    from ..validation import ValidationReport

__all__ = ["read_sessions"]

#: ``instruments=`` of casekit.validate: a name, names, or measure -> instrument
Instruments: TypeAlias = "str | Sequence[str] | Mapping[str, str | Instrument] | None"

_DEFAULTS = {"format": None, "layout": None, "columns": None, "case": None, "measures": None,
             "pattern": None, "sentinels": DEFAULT_SENTINELS, "na_values": DEFAULT_NA_VALUES,
             "sep": None, "decimal": None, "sheet": 0, "encoding": None, "date_format": None,
             "header_row": None, "skip_rows": None, "event_map": None, "event_pattern": None,
             "empty_blocks": None}


def _layout(frame: pd.DataFrame, layout: str | None, measures: Mapping[Any, Any] | None,
            pattern: str | None, raw: Raw, problems: list[Record]) -> str:
    if layout is None:
        if MEASURE in frame.columns and VALUE in frame.columns:
            layout = "long"
        elif measures is not None or pattern is not None:
            layout = "wide"
        else:
            text = ("the source has no 'measure' and 'value' columns for the long layout, and "
                    "the wide layout needs measures= (a spec per measure) or pattern= (a "
                    "regular expression with a 'measure' group); columns present: "
                    f"{', '.join(map(str, frame.columns)) or 'none'}")
            raise CaseDataError(raw.problems + [problem(None, None, None, text,
                                                        argument="measures, pattern")],
                                title=f"cannot tell how {raw.name} is laid out")
    layout = option(layout, "layout", LAYOUTS)
    if layout == "wide" and measures is None and pattern is None:
        raise ArgumentError("the wide layout needs measures= (a spec per measure) or pattern= "
                            "(a regular expression with a 'measure' group)", "measures, pattern")
    if layout == "long" and (measures is not None or pattern is not None):
        raise ArgumentError("measures= and pattern= apply to the wide layout; this source is "
                            "long (it has 'measure' and 'value' columns); set layout= to "
                            "'wide' if it is not", "layout")
    return layout


def _prepare(raw: Raw, fmt: str, format: str | None, columns: Mapping[str, str] | None,
             event_map: Mapping[Any, Any] | None, event_pattern: str | None
             ) -> tuple[pd.DataFrame, str, dict[str, str], dict[int, Record],
                        RedcapRows | None]:
    """Renamed frame, REDCap sessions; (frame, fmt, renames, pending, redcap)."""
    frame = raw.frame
    if fmt in ("dataframe", "csv") and format is None and looks_like_redcap(frame.columns):
        fmt = "redcap"
    frame, renames = rename_columns(frame, columns)
    pending: dict[int, Record] = {}
    redcap: RedcapRows | None = None
    if fmt == "redcap":
        frame, pending, redcap, record = redcap_sessions(frame, event_map=event_map,
                                                         event_pattern=event_pattern)
        if record is not None:
            renames[CASE] = record
    elif event_map is not None or event_pattern is not None:
        raise ArgumentError("event_map= and event_pattern= apply to REDCap exports only; set "
                            "format= to 'redcap'", "event_map, event_pattern, format")
    return frame, fmt, renames, pending, redcap


def _check_empty(raw: Raw, long: pd.DataFrame | None = None) -> None:
    why = raw.attrs.get("empty")
    if why is None and long is not None and not len(long):
        why = "every measure cell is blank"
    if why is None:
        return
    detail = {"blank": "the file is empty" if raw.file else "it has no rows",
              "header only": "it has a header but no data rows"}.get(why, why)
    p = problem(None, None, None, f"no ratings in {raw.name}: {detail}")
    raise CaseDataError(locate_reading(raw.problems + [p], raw, {}),
                        title=f"no ratings in {raw.name}",
                        warnings=raw.warnings)


def _to_long(frame: pd.DataFrame, raw: Raw, opts: Mapping[str, Any], layout: str,
             parser: CellParser, problems: list[Record], warns: list[Record],
             redcap: RedcapRows | None) -> tuple[pd.DataFrame, int, dict[str, dict[str, Any]]]:
    """The long table of raw cells and what the wide step learnt."""
    if layout == "long":
        long = frame.reset_index(drop=True).assign(__ck_row=np.arange(len(frame)),
                                                   __ck_col=VALUE)
        return long, 0, {}
    eb = option(opts["empty_blocks"] or ("skip" if redcap is not None else "keep"),
                "empty_blocks", ("keep", "skip"))
    long, skipped, mapped = wide_to_long(frame, measures=opts["measures"],
                                         pattern=opts["pattern"], empty_blocks=eb,
                                         na_values=parser.na_values, problems=problems,
                                         warns=warns, redcap=redcap)
    _check_empty(raw, long)
    return long, skipped, mapped


def _finish(out: pd.DataFrame, long: pd.DataFrame, raw: Raw, *, layout: str,
            renames: Mapping[str, str], mapped: dict[str, dict[str, Any]],
            warns: list[Record], selection: Mapping[str, Any], fmt: str,
            skipped: int) -> pd.DataFrame:
    """Attach the source map and the ``attrs`` record."""
    totals = imported_totals(mapped)
    out.attrs[ATTRS_KEY] = make_source_map(
        out, raw, data_row=long["__ck_row"].to_numpy(),
        cell_columns=long["__ck_col"].to_numpy(dtype=object) if layout == "wide" else None,
        renames=renames, strict_totals=bool(totals),
        warnings=locate_reading(warns, raw, renames))
    meta = {"source": raw.file or "DataFrame", "format": fmt, "layout": layout,
            "skipped_blank": skipped, **selection,
            **{k: v for k, v in raw.attrs.items() if k != "empty"}}
    if raw.sheet is not None:
        meta["sheet"] = raw.sheet
    if totals:
        meta["imported_totals"] = totals
    out.attrs["casekit"] = meta
    return out


def _validated(out: pd.DataFrame, problems: list[Record], raw: Raw,
               renames: Mapping[str, str], *, layout: str, validate: bool, warn: bool,
               registry: InstrumentRegistry | None, instruments: Instruments
               ) -> tuple[list[Record], ValidationReport | None]:
    """Reading problems plus (with ``validate``, or when reading failed) validation problems;
    the validation report (``None`` when validation did not run)."""
    problems = locate_reading(problems, raw, renames)
    if not (validate or problems):
        return problems, None
    report = _run_validation(out, registry=registry, instruments=instruments,
                             raise_on_error=False, warn=False)
    later = data_rows_of(out, report.problems.to_dict("records"), "ratings")
    if layout == "wide":
        for p in later:
            if p.get("table") == "ratings" and p.get("column") == VALUE \
                    and p.get("source_column"):
                p["column"] = p["source_column"]
    return merge_problems(problems, later), report


def read_sessions(source: str | os.PathLike[str] | pd.DataFrame, *, format: str | None = None,
                  layout: str | None = None, columns: Mapping[str, str] | None = None,
                  case: str | None = None, measures: Mapping[str, object] | None = None,
                  pattern: str | None = None,
                  sentinels: Iterable[float | str] = DEFAULT_SENTINELS,
                  na_values: Iterable[str] = DEFAULT_NA_VALUES, sep: str | None = None,
                  decimal: str | None = None, sheet: str | int = 0,
                  encoding: str | None = None,
                  date_format: str | None = None, header_row: int | None = None,
                  skip_rows: int | None = None, event_map: Mapping[str, int] | None = None,
                  event_pattern: str | None = None, empty_blocks: str | None = None,
                  validate: bool = True, registry: InstrumentRegistry | None = None,
                  instruments: Instruments = None,
                  quiet: bool = False, warn: bool = True,
                  spec: Mapping[str, Any] | str | os.PathLike[str] | None = None
                  ) -> pd.DataFrame:
    r"""Read session ratings into the tidy long table of :mod:`casekit.schema`.

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        A CSV file (``.csv``, ``.txt``, ``.tsv``), an Excel workbook (``.xlsx``, ``.xlsm``), an
        SPSS file (``.sav``, ``.zsav``), a REDCap export (CSV) or a DataFrame.
    format : {'csv', 'excel', 'spss', 'redcap', 'dataframe'}, optional
        Default: from the suffix (REDCap exports are recognised by their ``redcap_*`` columns).
    layout : {'long', 'wide'}, optional
        Default: ``long`` when the source has ``measure`` and ``value`` columns, ``wide`` when
        ``measures`` or ``pattern`` is given.
    columns : dict, optional
        Renames source columns to tidy names first, e.g. ``{"Patient": "case",
        "Sitzung": "session", "Datum": "date"}``. A name the source lacks, or a rename onto a
        column the source already has, raises ``ArgumentError``.
    case : str, optional
        The case this table is about. A source without a case column is labelled with it; a
        source with one (a multi-case file, a REDCap record ID) is narrowed to the rows of
        that case, compared as text (``1`` and ``"1"`` are the same case). A case absent from
        the source raises ``ArgumentError`` listing the cases present; a row with a blank case
        is a problem (it cannot be told whether it belongs to the case), and reading problems
        in other cases' rows are not reported. ``df.attrs["casekit"]`` then records
        ``selected_case`` and ``other_case_rows``. See Notes.
    measures : dict, optional
        Wide layout spec, measure -> columns. A value is a column name, a regular expression
        (matched in full against column names; named groups ``item``, ``scale``, ``session``
        and ``rater`` fill those columns), a list of these, or a dict ``{"items": <regex>,
        "<scale name>": <column or regex>}``. A column without an ``item`` group is a score
        row with scale ``"total"`` (or the dict key / ``scale`` group). Example::

            {"PHQ-9": {"items": r"^PHQ9_(?P<item>\d+)$", "total": "PHQ9_tot"},
             "WAI-SR": r"^WAI_(?P<item>\d+)$", "SRS": "SRS_total"}

        An imported score read next to its items (``"total"`` above) is checked against them
        by :func:`casekit.validate`: a disagreement is a problem of its row.
    pattern : str, optional
        Wide layout by column-name pattern: one regular expression with a named group
        ``measure`` (and optionally ``item``, ``scale``, ``session``, ``rater``) applied to the
        columns not mapped by ``measures``, e.g. ``r"^(?P<measure>[A-Z0-9]+)_(?P<item>\d+)$"``.
    sentinels : iterable of numbers and str, default (-9, -99, 999, '.')
        Codes that mean "missing". The value becomes NaN and the code is kept as written in
        ``missing_code``. Numbers match numerically (``-9`` matches ``"-9.0"``).
    na_values : iterable of str, default ('',)
        Cell texts that are plainly missing (NaN, no code). ``"NA"`` is not included by
        default; add it for files written by R.
    sep : str, optional
        CSV separator; default: the most frequent of ``;``, tab, ``,`` and ``|`` in the header
        line.
    decimal : {'.', ','}, optional
        Decimal mark of CSV numbers; default ``','`` when the separator is ``;``, else ``'.'``.
        With ``','`` a number written with a point is reported, not guessed.
    sheet : int or str, default 0
        Excel sheet (position or name).
    encoding : str, optional
        Text encoding of CSV files. Default: detected (byte-order mark; UTF-8; UTF-16;
        Windows-1252), recorded in ``df.attrs["casekit"]["encoding"]``; a guessed encoding is
        a warning that names it.
    date_format : str, optional
        ``strftime`` format of text dates (``"%d.%m.%Y"``); default ISO 8601. Numbers in a date
        column are Excel serial dates (the workbook's 1900 or 1904 date system); digit-only
        text is read with ``date_format`` when it fits (``"%Y%m%d"``), else as a serial date.
    header_row : int, optional
        CSV and Excel: the row number (as a spreadsheet shows it, 1-based) of the header, for
        files with title rows above it. Default: the first row that holds anything.
    skip_rows : int, optional
        CSV and Excel: the number of rows above the header (``header_row = skip_rows + 1``);
        give one of the two.
    event_map : dict, optional
        REDCap: event name -> session number (``{"baseline_arm_1": 0}``).
    event_pattern : str, optional
        REDCap: regular expression with a group ``session`` for event names not in
        ``event_map``; default ``REDCAP_EVENT_PATTERN`` (``session_12_arm_1``,
        ``visit_3_arm_1``, ``week_2_arm_1``).
    empty_blocks : {'keep', 'skip'}, optional
        Wide layout: what to do with a measure whose cells are all blank on a source row.
        ``'keep'`` (default; REDCap: ``'skip'``) gives NaN rows; ``'skip'`` gives no rows (the
        measure was not administered on that row; REDCap leaves other forms' fields blank). The
        number skipped is in ``df.attrs["casekit"]["skipped_blank"]``.
    validate : bool, default True
        Run :func:`casekit.validate` on the result. Cells that cannot be read raise whatever
        this is, and the error then also lists the validation problems.
    registry, instruments
        Passed to :func:`casekit.validate`.
    quiet : bool, default False
        Do not warn about wide-layout columns that map to no measure (they are kept as extra
        columns either way, and the warning is still collected).
    warn : bool, default True
        Emit the warnings found while reading (and, with ``validate``, validating) as Python
        warnings (:class:`casekit.CaseDataWarning`, :class:`casekit.MissedSessionWarning`).
        They are collected either way: :func:`casekit.validate` on the returned table lists
        them in its report's ``warnings``, and :func:`casekit.io.reading_warnings` returns
        them.
    spec : dict or path, optional
        Reading options bundled in one mapping, or the path of a spec file (.toml, .json,
        .yaml; the file the command line's ``--spec`` reads):
        keys among ``SPEC_KEYS`` (``measures``, ``pattern``, ``columns``, ``case``, ``layout``,
        ``sentinels``, ``na_values``, ``decimal``, ``date_format``, ``event_map``,
        ``event_pattern``, ``empty_blocks``, ``header_row``, ``skip_rows``, ``sheet``,
        ``sep``, ``encoding``, ``format``). A mapping with none of these keys is taken as
        ``measures``. An option given both here and as an argument raises.

    Returns
    -------
    pandas.DataFrame
        Tidy ratings, one row per rating, columns in this order (those present): ``case``
        (str), ``session`` (int64; Int64 if some are missing and ``validate=False``),
        ``date`` (datetime64[ns]), ``phase`` (str), ``measure`` (str), ``rater`` (str),
        ``item`` (Int64), ``scale`` (str), ``value`` (float64), ``missing_code`` (str, always
        present), then extra source columns (wide layout: columns mapped to no measure, e.g.
        REDCap ``<form>_complete``, repeated on every row of their source row). Long input
        keeps its row order; wide input is ordered by source row, then spec order.
        ``df.attrs["casekit"]`` records the source, format, layout, encoding and separator
        (CSV), sheet (Excel), imported totals checked against items, and (SPSS) variable and
        value labels; ``df.attrs["casekit_source"]`` the source map (see Notes).

    Raises
    ------
    casekit.CaseDataError
        Listing every problem: cells that are neither numbers nor declared codes, unreadable
        dates (one problem per unexpected date format), rows with more or fewer fields than
        the header, duplicate column names, formula cells without a saved value, REDCap
        events without a session, a file without ratings, and (with ``validate=True``)
        everything :func:`casekit.validate` checks. ``row`` is the 0-based data row of the
        source (the first row under the header is 0) and ``column`` the source column; the
        place as a spreadsheet shows it is in ``file``, ``sheet``, ``source_row``,
        ``source_column``, ``column_letter`` and ``where``, the option to set in
        ``argument``. Warnings collected so far are in the error's ``warnings``.
    casekit.CaseFileError
        A file that cannot be opened as its format (damaged, encrypted, another format): one
        problem naming the file and the likely cause.
    casekit.ArgumentError
        An option that is unknown, invalid or does not fit the source (``argument`` names it).
    FileNotFoundError
        The file does not exist.

    See Also
    --------
    write_sessions : writes the tidy table as CSV.
    casekit.validate : the checks.
    casekit.schema : the data model.

    Notes
    -----
    **Places in the source.** The returned table carries a source map
    (``df.attrs["casekit_source"]``, shared and never copied by pandas): for each row its file,
    sheet, row number as a spreadsheet shows it (header counted: the first data row under a
    one-line header is row 2; title rows and blank lines counted) and the source column of each
    cell. :func:`casekit.validate` on the table (also after filtering or sorting it, also after
    ``case=``) reports every problem's place through it.

    **Robust reading.** Encodings are detected (see ``encoding``); rows with nothing in them
    are skipped; a header cell without a name over a column with data keeps the column as
    ``"(column F)"`` (with a warning); numbers written with digits of other scripts (``'５'``,
    ``'٣'``) are read as those numbers (with a warning); a date outside 1677-09-22 to
    2262-04-11 and a session or item number beyond 2**31 - 1 are problems, never wrapped or
    cut.

    SPSS files are read with ``pyreadstat.read_sav(user_missing=True)``, so user-defined
    missing values arrive as their codes and become NaN here with the code in
    ``missing_code``; they never turn into 0 or a valid score. REDCap: the record ID field
    (``record_id``, else the export's first column) -> ``case``; rows of a repeating
    instrument take the session from ``redcap_repeat_instance``, other rows from
    ``redcap_event_name`` through ``event_map`` or ``event_pattern``; ``redcap_*`` and
    ``<form>_complete`` columns are kept (0 Incomplete, 1 Unverified, 2 Complete).

    ``case=`` has one meaning, "the case this table is about", whether or not the source names
    its cases: it labels a source without a case column and selects from a source with one.
    One argument lets the same call, the same ``--case`` of the command line and the same
    ``case`` key of a reading spec work on a one-case export and on a multi-case file alike.
    It never relabels: a stated case that differs from the cases in the data is an error.

    The import rules follow the casekit data proposal (case-narrative §6); the REDCap layout is
    REDCap's documented flat export. There is no R function this mirrors as a whole; the wide
    -> long step is ``tidyr::pivot_longer(names_pattern = ...)`` with named groups, and the
    SPSS step is ``haven::read_sav(user_na = TRUE)`` followed by turning the user-missing codes
    into ``NA`` while keeping them in a column.

    References
    ----------
    Wickham, H. (2014). Tidy data. Journal of Statistical Software, 59(10).
    doi:10.18637/jss.v059.i10

    Harris, P. A., Taylor, R., Thielke, R., Payne, J., Gonzalez, N., & Conde, J. G. (2009).
    Research electronic data capture (REDCap). Journal of Biomedical Informatics, 42(2),
    377-381. doi:10.1016/j.jbi.2008.08.010

    ECMA-376 Office Open XML File Formats, Part 1, §18.17.4 (serial date-times).

    Examples
    --------
    >>> import pandas as pd
    >>> import casekit
    >>> wide = pd.DataFrame({"session": [1, 2], "PHQ9_1": [3, -9], "PHQ9_2": [2, 1],
    ...                      "SRS_total": [31.5, 36.0]})
    >>> df = casekit.read_sessions(wide, case="c1", validate=False,
    ...                            measures={"PHQ-9": r"PHQ9_(?P<item>\d+)", "SRS": "SRS_total"})
    >>> df[["session", "measure", "item", "scale", "value", "missing_code"]]
       session measure  item  scale  value missing_code
    0        1   PHQ-9     1    NaN    3.0          NaN
    1        1   PHQ-9     2    NaN    2.0          NaN
    2        1     SRS  <NA>  total   31.5          NaN
    3        2   PHQ-9     1    NaN    NaN           -9
    4        2   PHQ-9     2    NaN    1.0          NaN
    5        2     SRS  <NA>  total   36.0          NaN
    """
    args = {k: v for k, v in locals().items() if k in _DEFAULTS}
    if spec is not None:
        return read_sessions(source, validate=validate, registry=registry,
                             instruments=instruments, quiet=quiet, warn=warn,
                             **merge_spec(spec, args, _DEFAULTS))
    fmt = infer_format(source, format)
    raw = read_raw(source, fmt, sep=sep, encoding=encoding, sheet=sheet,
                   header_row=header_row, skip_rows=skip_rows)
    _check_empty(raw)
    parser = CellParser(sentinels, na_values, decimal or (
        "," if raw.attrs.get("sep") == ";" else "."), raw.user_missing)
    frame, fmt, renames, pending, redcap = _prepare(raw, fmt, format, columns, event_map,
                                                    event_pattern)
    select = case is not None and CASE in frame.columns   # else case= labels the rows
    if case is not None and not select:
        frame = frame.assign(**{CASE: str(case)})
    problems, warns = list(raw.problems), list(raw.warnings)
    layout = _layout(frame, layout, measures, pattern, raw, problems)
    long, skipped, mapped = _to_long(frame, raw, args, layout, parser, problems, warns, redcap)
    rows = long["__ck_row"].to_numpy()
    problems.extend(pending[i] for i in sorted(set(rows) & set(pending)))
    out = normalise(long, parser, date_format=date_format, text_extras=raw.text,
                    problems=problems, warns=warns, origin=raw.origin,
                    date_label=renames.get("date", "date"), one_case=select)
    selection: dict[str, Any] = {}
    if select:
        keep, problems, selection = select_case(out[CASE], case, rows, problems, "ratings")
        out, long = out.iloc[keep].reset_index(drop=True), long.iloc[keep]
    out = _finish(out, long, raw, layout=layout, renames=renames, mapped=mapped, warns=warns,
                  selection=selection, fmt=fmt, skipped=skipped)
    if warn:
        emit([w for w in warns if not (quiet and "map to no measure" in w["problem"])],
             stacklevel=2)
    problems, report = _validated(out, problems, raw, renames, layout=layout,
                                  validate=validate, warn=warn, registry=registry,
                                  instruments=instruments)
    if problems:
        raise CaseDataError(pd.DataFrame(problems, dtype=object), warnings=(
            report.warnings if report is not None else out.attrs[ATTRS_KEY].warnings))
    if validate and warn:
        assert report is not None  # validation ran (validate=True)
        report.emit_warnings(stacklevel=2)
    return out

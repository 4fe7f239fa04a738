"""Wide layout -> long: a declarative spec maps source columns to measures, items, scales.

``measures=`` maps each measure to its columns (a name, a regular expression matched against
whole column names, a list of them, or ``{"items": <regex>, "<scale>": <column or regex>}``);
``pattern=`` is one regular expression with a named group ``measure``. Named groups ``item``,
``scale``, ``session`` and ``rater`` fill those columns (``tidyr::pivot_longer(names_pattern =
...)`` with named groups). Every cell of a mapped column becomes one long row that remembers its
source row and column.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError, CaseDataError
from ..schema import ITEM, MEASURE, RATER, SCALE, SESSION, VALUE
from ._common import ID_COLUMNS, REDCAP_META, Record, is_blank, problem, warning_record
from ._redcap import RedcapRows, fill_from_base_rows

__all__ = ["wide_to_long", "imported_totals"]

_S, _R = "__ck_name_session", "__ck_name_rater"


def _spec_entries(measure: Hashable, spec: object) -> list[tuple[str, str | None]]:
    """One measure's spec as a list of (pattern, default scale)."""
    if isinstance(spec, str):
        return [(spec, None)]
    if isinstance(spec, Mapping):
        out: list[tuple[str, str | None]] = []
        for key, pat in spec.items():
            pats = [pat] if isinstance(pat, str) else list(pat)
            out += [(p, None if key == "items" else str(key)) for p in pats]
        return out
    if isinstance(spec, Iterable):
        return [(p, None) for p in spec]
    raise ArgumentError(f"measures= entry {measure!r} must be a column name, a regular "
                        "expression, a list of them, or a mapping {'items': ..., '<scale>': "
                        f"...}}; got {spec!r}", "measures")


def _compile(pat: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pat)
    except re.error as exc:
        raise ArgumentError(f"{what}: invalid regular expression {pat!r} ({exc})",
                            what.split("=")[0] if "=" in what else "measures") from None


def _map_columns(columns: list[str], measures: Mapping[str, object] | None,
                 pattern: str | None, problems: list[Record]) -> dict[str, dict[str, Any]]:
    """Source column -> dict(measure, item, scale, session, rater) from the spec."""
    mapped: dict[str, dict[str, Any]] = {}
    free = [c for c in columns if c not in ID_COLUMNS]

    def add(col: str, measure: Hashable, gd: Mapping[str, str | None],
            default_scale: str | None) -> None:
        if col in mapped:
            problems.append(problem(None, col, None, f"column matched by two specs "
                                    f"({mapped[col][MEASURE]!r} and {measure!r})",
                                    argument="measures"))
            return
        item = gd.get("item")
        scale = gd.get("scale") or default_scale or (None if item is not None else "total")
        mapped[col] = {MEASURE: str(measure), ITEM: item, SCALE: scale, _S: gd.get("session"),
                       _R: gd.get("rater")}

    for measure, spec in (measures or {}).items():
        for pat, default_scale in _spec_entries(measure, spec):
            if pat in free:
                add(pat, measure, {}, default_scale)
                continue
            rx = _compile(pat, f"measures= entry {measure!r}")
            hits = [(c, m) for c in free if (m := rx.fullmatch(c))]
            if not hits:
                problems.append(problem(None, None, pat, f"measures= entry {measure!r}: "
                                        f"{pat!r} matches no column", argument="measures"))
            for c, m in hits:
                add(c, measure, m.groupdict(), default_scale)
    if pattern is not None:
        rx = _compile(pattern, "pattern=")
        if "measure" not in rx.groupindex:
            raise ArgumentError("pattern= must have a named group 'measure', e.g. "
                                r"'^(?P<measure>[A-Za-z0-9-]+)_(?P<item>\d+)$'", "pattern")
        for c in free:
            if c not in mapped and (m := rx.fullmatch(c)):
                add(c, m.groupdict()["measure"], m.groupdict(), None)
    return mapped


def imported_totals(mapped: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Measure -> score columns, for measures whose items and scores are both mapped."""
    with_items = {v[MEASURE] for v in mapped.values() if v[ITEM] is not None}
    out: dict[str, list[str]] = {}
    for col, v in mapped.items():
        if v[ITEM] is None and v[MEASURE] in with_items:
            out.setdefault(v[MEASURE], []).append(col)
    return out


def _skip_blank_blocks(long: pd.DataFrame, na_values: Collection[str]) -> tuple[pd.DataFrame, int]:
    """Drop measure blocks whose cells are all blank on a source row; the number dropped."""
    blank = np.array([is_blank(v, na_values) for v in long[VALUE].to_numpy(dtype=object)],
                     dtype=bool)
    block = [long["__ck_row"], long[MEASURE], long[_S].fillna("")]
    all_blank = pd.Series(blank).groupby([b.to_numpy() for b in block]).transform("all")
    keep = ~all_blank.to_numpy(dtype=bool)
    return long[keep].reset_index(drop=True), int((~keep).sum())


def wide_to_long(frame: pd.DataFrame, *, measures: Mapping[str, object] | None,
                 pattern: str | None, empty_blocks: str, na_values: Collection[str],
                 problems: list[Record], warns: list[Record], redcap: RedcapRows | None = None
                 ) -> tuple[pd.DataFrame, int, dict[str, dict[str, Any]]]:
    """Long table of raw cells (``__ck_row``: source row, ``__ck_col``: source column).

    Returns the long table, the number of blank blocks skipped and the column mapping.
    """
    cols = [str(c) for c in frame.columns]
    frame = frame.set_axis(cols, axis=1)
    mapped = _map_columns(cols, measures, pattern, problems)
    if not mapped:
        raise CaseDataError(problems or [problem(None, None, None, "no column maps to a "
                                                 "measure (measures= / pattern=)",
                                                 argument="measures, pattern")],
                            title="wide layout: no measure columns found")
    ids = [c for c in ID_COLUMNS if c in cols]
    extras = [c for c in cols if c not in mapped and c not in ids]
    noisy = [c for c in extras if c not in REDCAP_META and not c.endswith("_complete")]
    if noisy:
        warns.append(warning_record(
            f"{len(noisy)} column(s) map to no measure and are kept as extra columns on every "
            f"row: {', '.join(noisy[:10])}{' ...' if len(noisy) > 10 else ''}; map them in "
            "measures= or drop them before reading", argument="measures"))
    if any(v[_S] is not None for v in mapped.values()) and SESSION in ids:
        problems.append(problem(None, SESSION, None, "sessions are given both by a 'session' "
                                                     "column and by the column names"))
    base = frame[ids + extras].copy()
    if redcap is not None:
        base = fill_from_base_rows(base, frame, extras, redcap, na_values)
    base["__ck_row"] = np.arange(len(frame))
    value_cols = list(mapped)
    long = pd.concat([base.assign(__ck_col=c, **{VALUE: frame[c].to_numpy(dtype=object)})
                      for c in value_cols], ignore_index=True)
    spec = pd.DataFrame.from_dict(mapped, orient="index")
    for key in (MEASURE, ITEM, SCALE, _S, _R):
        long[key] = long["__ck_col"].map(spec[key]).to_numpy(dtype=object)
    if long[_S].notna().any() and SESSION not in ids:
        long[SESSION] = long[_S]
    if long[_R].notna().any():
        if RATER in ids:
            problems.append(problem(None, RATER, None, "raters are given both by a 'rater' "
                                                       "column and by the column names"))
        else:
            long[RATER] = long[_R]
    long["__ck_order"] = long["__ck_col"].map({c: k for k, c in enumerate(value_cols)})
    long = long.sort_values(["__ck_row", "__ck_order"], kind="stable").reset_index(drop=True)
    skipped = 0
    if empty_blocks == "skip":
        long, skipped = _skip_blank_blocks(long, na_values)
    return long.drop(columns=["__ck_order", _S, _R]), skipped, mapped

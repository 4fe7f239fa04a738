"""The table model: :class:`Table` (numbers at full precision + how to print them) and
:func:`apa_table`, which builds one from a result or a DataFrame."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_ci_level, check_int
from ..results import Result, to_python
from . import _headers as H
from ._markup import literal, to_plain, wrap
from .apa import MINUS, MISSING, format_estimate, format_integer, format_p, format_prob

__all__ = ["Column", "Table", "apa_table", "DEFAULT_DECIMALS", "MAX_WIDTH", "WRAP_AT"]

#: Decimals of each kind when none are given (APA 7, 6.36: two for most statistics, three
#: for *p*).
DEFAULT_DECIMALS = {"number": 2, "score": 2, "bounded": 2, "es": 2, "integer": 2, "p": 3,
                    "prob": 2, "text": 0, "bool": 0}
#: Width budget of a main table, in characters (header or widest cell per column, plus two
#: between columns): about what fits across a portrait page at 10 pt.
MAX_WIDTH = 100
#: Identifier columns that move into the note when they hold one value for every row.
COLLAPSIBLE = ("case", "id", "measure", "scale", "rater")
#: Columns printed without thousands commas (APA 7, 6.39: serial numbers, degrees of freedom).
NO_GROUPING = frozenset({"df", "k", "row", "item", "week", "break", "start", "end", "nadir",
                         "mode", "session"})
_BAYESIAN = frozenset({"BayesChangepointResult", "PrecedenceResult"})
_LOCATION_INTERVALS = frozenset({"AmocResult", "BreakpointsResult", "BayesChangepointResult"})


@dataclass(frozen=True)
class Column:
    """One printed column of a :class:`Table`.

    Attributes
    ----------
    name : str
        The source column (the lower limit's column for an interval).
    header : str
        Display header, as markup (``*SE*`` is italic; see ``casekit.tables`` docs).
    kind : str
        How cells print: one of ``casekit.tables.KINDS``.
    decimals : int
        Decimal places of non-integer numbers.
    sources : tuple of str
        The source column(s): one, or two (lower, upper) for an interval ``[lo, hi]``.
    note : str or None
        A specific note (markup), marked with a superscript letter on the header.
    thousands : bool
        Commas between groups of three digits from 1,000 on.
    define : str or None
        Definition of the header's abbreviation for the general note (``"*SE* = standard
        error"``).
    """

    name: str
    header: str
    kind: str
    decimals: int
    sources: tuple[Hashable, ...]
    note: str | None = None
    thousands: bool = True
    define: str | None = None

    @property
    def is_interval(self) -> bool:
        return len(self.sources) == 2

    @property
    def align(self) -> str:
        """``"left"`` for text, ``"right"`` for numbers and intervals."""
        return "left" if self.kind in ("text", "bool") else "right"


@dataclass
class Table:
    """An APA 7 table: the numbers at full precision and how to print them.

    Build one with :func:`apa_table`. The cells are formatted only when written
    (:meth:`cells`), so ``data`` keeps every digit (the CSV writer writes it unrounded).

    Attributes
    ----------
    data : pandas.DataFrame
        The source columns, at full precision (one row per table row).
    columns : list of Column
        The printed columns, in order.
    title : str
        Title (markup), printed in italics under the table number.
    number : int or str or None
        Table number (``1``, ``"S1"``); ``None``: numbered by position when written.
    notes : list of str
        Sentences of the general note (markup), printed after "*Note.*" and after the
        definitions of the abbreviations in the headers (see :meth:`general_note`).
    probability_note : str or None
        The probability note (markup), e.g. ``"* *p* < .05. ** *p* < .01."``.
    missing : str
        What an empty cell prints (default an em dash, APA 7 section 7.15).
    label : str or None
        LaTeX label (``\\label{...}``).
    supplementary : Table or None
        The columns that did not fit the main table (same rows; key columns repeated).
    is_supplement : bool
        This table holds the columns a main table left out.
    max_width : int
        Width budget in characters (:data:`MAX_WIDTH`): a wider table gets headers broken
        into lines, and the writers set it in landscape.
    """

    data: pd.DataFrame
    columns: list[Column]
    title: str = ""
    number: int | str | None = None
    notes: list[str] = field(default_factory=list)
    probability_note: str | None = None
    missing: str = MISSING
    label: str | None = None
    supplementary: Table | None = None
    is_supplement: bool = False
    max_width: int = MAX_WIDTH

    # -- cells ---------------------------------------------------------------------------
    def cells(self) -> list[list[str]]:
        """Every body cell as text (Unicode, true minus signs), row by row."""
        formatters = [_formatter(c, self.data, self.missing) for c in self.columns]
        out = []
        for i in range(len(self.data)):
            out.append([f(i) for f in formatters])
        return out

    def specific_notes(self) -> list[tuple[str, str]]:
        """``(letter, note)`` for every column with a specific note, in column order."""
        letters = "abcdefghijklmnopqrstuvwxyz"
        notes = [c.note for c in self.columns if c.note]
        return [(letters[i % 26] * (1 + i // 26), n) for i, n in enumerate(notes)]

    def header_notes(self) -> list[str | None]:
        """The superscript letter of each column's header (``None`` without a note)."""
        marks = iter(letter for letter, _ in self.specific_notes())
        return [next(marks) if c.note else None for c in self.columns]

    def caption(self, number: int | str | None = None) -> str:
        """``"Table 1"`` (or ``"Table S1"``); ``number`` overrides :attr:`number`."""
        n = self.number if number is None else number
        return "Table" if n is None else f"Table {n}"

    def general_note(self, number: int | str | None = None) -> list[str]:
        """Sentences of the general note (markup): the abbreviations of the headers defined,
        then :attr:`notes`. ``number`` is the number the table is printed with."""
        out = []
        if self.is_supplement:
            n = self.number if number is None else number
            main = str(n)[1:] if isinstance(n, str) and n.startswith("S") else None
            where = f"Table {main}" if main else "the main table"
            out.append(f"Further columns of {where}, for the same rows.")
        defs = _definitions(self.columns, self.data)
        if defs:
            out.append("; ".join(defs) + ".")
        return out + list(self.notes)

    def header_lines(self) -> list[list[str]]:
        """Each header as lines (markup). Headers stay on one line while the table fits
        :data:`MAX_WIDTH`; in a wider table they break into lines about as wide as their
        column's cells."""
        cells = self.cells()
        natural = [_natural_col_width(c, [row[j] for row in cells])
                   for j, c in enumerate(self.columns)]
        if _total(natural) <= self.max_width:
            return [[c.header] for c in self.columns]
        return [_header_lines(c, [row[j] for row in cells]) for j, c in
                enumerate(self.columns)]

    def to_frame(self) -> pd.DataFrame:
        """The printed table as a DataFrame of text (plain headers, formatted cells)."""
        headers = _unique([to_plain(c.header) for c in self.columns])
        return pd.DataFrame(self.cells(), columns=headers)

    def char_widths(self) -> list[int]:
        """Characters each column needs: its widest cell (long text wraps at
        :data:`WRAP_AT`) or its header, which breaks into lines when the table is wider than
        :attr:`max_width` (see :meth:`header_lines`)."""
        cells = self.cells()
        natural = [_natural_col_width(c, [row[j] for row in cells])
                   for j, c in enumerate(self.columns)]
        if _total(natural) <= self.max_width:
            return natural
        return [_col_width(c, [row[j] for row in cells]) for j, c in enumerate(self.columns)]

    def width(self) -> int:
        """Characters needed across the page: :meth:`char_widths` plus two between columns
        (compared with :attr:`max_width`)."""
        return _total(self.char_widths())

    # -- narrowing -----------------------------------------------------------------------
    def split(self, main: Sequence[str] | None = None,
              max_width: int | None = None) -> tuple[Table, Table | None]:
        """Split into a main table and a supplementary table of the other columns.

        Parameters
        ----------
        main : sequence of str, optional
            Source columns of the main table (an interval by either limit). By default the
            columns that fit ``max_width``: key columns first, then the others in order.
        max_width : int, optional
            Width budget in characters (default :attr:`max_width`).

        Returns
        -------
        (Table, Table or None)
            The main table, and the supplementary one (key columns repeated, so rows can be
            matched; ``None`` when every column fits).
        """
        if self.supplementary is not None:
            raise ValueError("this table is split already (see .supplementary); split the "
                             "table apa_table(..., split=False) returns, or pass main=")
        max_width = self.max_width if max_width is None else int(max_width)
        cells = self.cells()
        widths = [_col_width(c, [row[j] for row in cells]) for j, c in enumerate(self.columns)]
        if main is not None:
            wanted = set(main)  # names not printed (moved into the note) are passed over
            chosen = [j for j, c in enumerate(self.columns) if wanted & set(c.sources)]
        else:
            chosen = _fit(self.columns, widths, max_width)
        rest = [j for j in range(len(self.columns)) if j not in chosen]
        if not rest:
            return self, None
        keys = [j for j in chosen if _is_key(self.columns[j])]
        main_t = replace(self, columns=[self.columns[j] for j in chosen], supplementary=None,
                         max_width=max_width)
        supp = replace(self, columns=[self.columns[j] for j in keys + rest],
                       title=self.title + " (supplementary columns)",
                       number=None if self.number is None else f"S{self.number}",
                       notes=[], probability_note=None,
                       label=None if self.label is None else self.label + "-supp",
                       supplementary=None, is_supplement=True, max_width=max_width)
        main_t.supplementary = supp
        return main_t, supp

    # -- writers -------------------------------------------------------------------------
    def to_latex(self, **kwargs: Any) -> str:
        """LaTeX (booktabs + threeparttable); see :func:`casekit.tables.to_latex`."""
        from ._latex import to_latex
        return to_latex(self, **kwargs)

    def to_html(self, **kwargs: Any) -> str:
        """An HTML fragment with its CSS; see :func:`casekit.tables.to_html`."""
        from ._html import to_html
        return to_html(self, **kwargs)

    def to_text(self) -> str:
        """Plain text: number, title, the table, the notes."""
        lines = [self.caption(), to_plain(self.title)]
        frame = self.to_frame()
        lines.append(frame.to_string(index=False) if len(frame) else "(no rows)")
        note = " ".join(to_plain(n) for n in self.general_note())
        if note:
            lines.append("Note. " + note)
        for letter, text in self.specific_notes():
            lines.append(f"{letter} {to_plain(text)}")
        if self.probability_note:
            lines.append(to_plain(self.probability_note))
        if self.supplementary is not None:
            lines += ["", self.supplementary.to_text()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()


# -- building ------------------------------------------------------------------------------
def _class_key(klass: type) -> str:
    """The name the header registry knows this result class by: the nearest class in its
    MRO with its own entry (``NapResult`` reads ``EffectSizeResult``'s), else its own name."""
    for k in klass.__mro__:
        if k.__name__ in H.MAIN_COLUMNS or k.__name__ in H.BY_RESULT:
            if k.__name__ != "Result" or klass.__name__ == "Result":
                return k.__name__
    return klass.__name__


def apa_table(data: Result | pd.DataFrame,
              columns: Sequence[str] | Mapping[str, str] | None = None, *,
              decimals: int | Mapping[str, int] | None = None, title: str | None = None,
              note: str | Sequence[str] | None = None, number: int | str | None = None,
              headers: Mapping[str, str] | None = None,
              column_notes: Mapping[str, str] | None = None,
              probability_note: str | None = None, confidence: float | None = None,
              missing: str = MISSING, label: str | None = None, split: bool = True,
              main: Sequence[str] | None = None, max_width: int = MAX_WIDTH,
              method_note: bool = True) -> Table:
    """An APA 7 table from a casekit result or a DataFrame.

    Parameters
    ----------
    data : Result or pandas.DataFrame
        A result (its ``.summary``, ``.title``, ``.notes``, ``.method``, ``.variant``,
        ``.mirrors``, ``.reference`` are used) or a table of numbers.
    columns : sequence of str or mapping, optional
        Source columns to show, in order (a mapping also gives their headers). An interval
        pair (``ci_lower``/``ci_upper``, ``nap_ci_lower``/``nap_ci_upper``, ...) is one column
        ``[lo, hi]``, named by either limit. Default: every column, narrowed (see ``split``).
    decimals : int or mapping, optional
        Decimal places of every non-integer, non-*p* column, or per source column
        (``{"est": 3, "p": 2}``). Defaults: :data:`DEFAULT_DECIMALS` (2; *p* 3).
    title : str, optional
        Title (markup: ``*text*`` italic, ``_{sub}``, ``^{sup}``, ``\\*`` a literal asterisk).
        Default: the result's title (taken literally).
    note : str or sequence of str, optional
        Sentences for the general note (markup), printed before the method notes.
    number : int or str, optional
        Table number (``1``); unnumbered tables are numbered by position when written.
    headers : mapping, optional
        Header overrides ``{source column: markup}``.
    column_notes : mapping, optional
        Specific notes ``{source column: markup}``: a superscript letter on the header.
    probability_note : str, optional
        A probability note (markup) printed after the other notes.
    confidence : float, optional
        Interval level for the "95% CI" header when the result does not record it.
    missing : str
        Text of an empty cell: an em dash (default) or ``""`` for blank.
    label : str, optional
        LaTeX label.
    split : bool
        With ``columns`` not given, move the columns a reader does not need first into
        ``Table.supplementary``: the result class's main columns where casekit lists them
        (``casekit.tables.MAIN_COLUMNS``), else those that fit ``max_width`` characters.
    main : sequence of str, optional
        The main table's source columns (instead of ``MAIN_COLUMNS``); the others go to the
        supplementary table.
    max_width : int
        Width budget of the main table (characters).
    method_note : bool
        Add the method, variant, the R call mirrored, the seed and the references to the note.

    Returns
    -------
    Table
        The main table (``.supplementary`` holds the rest, or ``None``).

    Notes
    -----
    Printing rules: see :mod:`casekit.tables.apa` and the kinds of
    :data:`casekit.tables.COLUMNS`. Columns that echo an option on every row (improvement
    direction, *SE* method, confidence level) and identifiers with one value (case, measure)
    move into the general note, where they are stated once, unless ``columns`` names them.

    Examples
    --------
    >>> import casekit as ck
    >>> from casekit.tables import apa_table
    >>> res = ck.nap([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
    ...              improvement="increase")
    >>> t = apa_table(res, number=1)
    >>> print(t.to_frame().to_string(index=False))
    Effect size Estimate  SE     95% CI n baseline n treatment
            NAP      .92 .07 [.60, .99]          6           7
    """
    result = data if isinstance(data, Result) else None
    frame = _frame(data)
    cls = _class_key(type(result)) if result is not None else None
    _check_options(confidence, missing, max_width)
    level = _level(result, frame, confidence)
    explicit = columns is not None
    names = _requested(columns, frame)
    given = {k: v for k, v in columns.items() if v is not None} \
        if isinstance(columns, Mapping) else {}
    # column names need not be text (a frame's labels are any hashable)
    header_map: dict[Hashable, str] = dict(given.items())
    header_map.update((headers or {}).items())
    notes_map: dict[Hashable, str] = dict((column_notes or {}).items())
    decimals_map: int | dict[Hashable, int] | None = \
        dict(decimals.items()) if isinstance(decimals, Mapping) else decimals
    cols, extra_notes = _build_columns(frame, names, cls, level, decimals_map, header_map,
                                       notes_map, collapse=not explicit)
    if title is None:
        title = literal(result.title) if result is not None else ""
    notes = _general_note(result, note, extra_notes, method_note)
    table = Table(frame, cols, title=title, number=number, notes=notes,
                  probability_note=probability_note, missing=missing, label=label,
                  max_width=max_width)
    if split and not explicit:
        if main is not None:
            _requested(list(main), frame)  # every name must be a column
        main = list(main) if main is not None else \
            ((H.MAIN_COLUMNS.get(cls) if cls is not None else None) or None)
        if main is not None or table.width() > max_width:
            table, _ = table.split(main=main)
    return table


def _check_options(confidence: float | None, missing: str, max_width: int) -> None:
    if confidence is not None:
        check_ci_level(confidence)
    if not isinstance(missing, str):
        raise TypeError(f"missing must be text (e.g. '' or '—'); got {missing!r}")
    check_int(max_width, "max_width", minimum=1)


def _frame(data: Result | pd.DataFrame) -> pd.DataFrame:
    if isinstance(data, Result):
        frame = data.summary.reset_index(drop=True)
    elif isinstance(data, pd.DataFrame):
        frame = data.reset_index(drop=True).copy()
    else:
        raise TypeError("data must be a casekit Result or a pandas DataFrame; got "
                        f"{type(data).__name__}")
    duplicated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
    if duplicated:
        raise ValueError(f"data has duplicate column names {duplicated}: rename them first")
    return frame


def _requested(columns: Sequence[Hashable] | Mapping[str, str | None] | None,
               frame: pd.DataFrame) -> list[Hashable]:
    if columns is None:
        return list(frame.columns)
    names = list(columns.keys() if isinstance(columns, Mapping) else columns)
    unknown = [c for c in names if c not in frame.columns]
    if unknown:
        raise ValueError(f"columns {unknown} are not in the table; its columns: "
                         f"{list(frame.columns)}")
    return names


def _level(result: Result | None, frame: pd.DataFrame,
           confidence: float | None) -> float | None:
    if confidence is not None:
        return float(confidence)
    if result is not None:
        for key in ("confidence", "ci_level", "credible", "credible_level"):
            v = result.options.get(key)
            if isinstance(v, numbers.Real) and not isinstance(v, bool) and 0 < float(v) < 1:
                return float(v)
    if "confidence" in frame.columns:
        vals = pd.to_numeric(frame["confidence"], errors="coerce").dropna().unique()
        if len(vals) == 1 and 0 < vals[0] < 1:
            return float(vals[0])
    return None


def _level_text(level: float | None) -> str:
    if level is None:
        return ""
    pct = 100 * level
    return (f"{pct:.0f}" if abs(pct - round(pct)) < 1e-9 else f"{pct:g}") + "% "


def _interval_partner(name: Hashable, frame_cols: pd.Index) -> tuple[str, str] | None:
    """``(lower, upper)`` if ``name`` is the lower (or upper) limit of an interval pair."""
    if not isinstance(name, str):
        return None
    for lo, hi in H.INTERVALS:
        if name in (lo, hi) and lo in frame_cols and hi in frame_cols:
            return lo, hi
    for a, b in (("ci_lower_", "ci_upper_"), ("ci_upper_", "ci_lower_")):
        if name.startswith(a) and b + name[len(a):] in frame_cols:
            x = name[len(a):]
            return "ci_lower_" + x, "ci_upper_" + x
    for a, b in (("_ci_lower", "_ci_upper"), ("_ci_upper", "_ci_lower")):
        if name.endswith(a) and name[: -len(a)] + b in frame_cols:
            x = name[: -len(a)]
            return x + "_ci_lower", x + "_ci_upper"
    return None


def _interval_spec(lo: str, cls: str | None, level: float | None,
                   frame: pd.DataFrame) -> H.Spec:
    kind_word = "CrI" if cls in _BAYESIAN else "CI"
    lev = _level_text(level)
    if lo == "band_lower":
        return H.Spec("Reliable change band", "score")
    if lo == "ci_lower":
        base = H.spec_for("ci_lower", cls)
        if cls in _LOCATION_INTERVALS:
            return H.Spec(f"{lev}{kind_word} (*k*)", "integer")
        if cls == "PrecedenceResult":
            return H.Spec(f"{lev}{kind_word} (sessions)", "integer")
        kind = "es" if "est" in frame.columns else base.kind
        return H.Spec(f"{lev}{kind_word}", "number" if kind == "auto" else kind)
    if lo.startswith("ci_lower_"):
        x = lo[len("ci_lower_"):]
        if x in ("session", "sessions"):
            return H.Spec(f"{lev}{kind_word} (sessions)", "integer")
        inner = H.spec_for(x, cls)
        qual = "toward improvement" if x == "improvement" else to_plain(inner.header).lower()
        return H.Spec(f"{lev}{kind_word} ({literal(qual)})", "number")
    x = lo[: -len("_ci_lower")]
    inner = H.spec_for(x, cls)
    kind = inner.kind if inner.kind in ("bounded", "number", "es") else "number"
    return H.Spec(f"{inner.header} {lev}{kind_word}", kind)


def _build_columns(frame: pd.DataFrame, names: list[Hashable], cls: str | None,
                   level: float | None, decimals: int | Mapping[Hashable, int] | None,
                   headers: Mapping[Hashable, str], column_notes: Mapping[Hashable, str], *,
                   collapse: bool) -> tuple[list[Column], list[str]]:
    """The printed columns, and note sentences for the columns moved into the note."""
    cols: list[Column] = []
    constant: list[Column] = []
    empty: list[Column] = []
    seen: set[Hashable] = set()
    sources: tuple[Hashable, ...]
    for name in names:
        if name in seen:
            continue
        pair = _interval_partner(name, frame.columns)
        if pair is not None:
            seen.update(pair)
            spec, sources = _interval_spec(pair[0], cls, level, frame), pair
        else:
            seen.add(name)
            spec, sources = H.spec_for(name, cls), (name,)
            if spec.kind == "auto":
                spec = spec._replace(kind=_infer_kind(frame[name]))
            if name == "se" and "es" in frame.columns:
                spec = spec._replace(kind="es")  # the SE of a bounded index is bounded too
        header = next((headers[s] for s in sources if s in headers), spec.header)
        col = Column(str(sources[0]), header, spec.kind, _decimals_for(sources, spec.kind,
                                                                       decimals), tuple(sources),
                     note=next((column_notes[s] for s in sources if s in column_notes), None),
                     thousands=not any(s in NO_GROUPING or "session" in str(s)
                                       for s in sources),
                     define=spec.define if header == spec.header else None)
        if collapse and len(names) > 1 and len(frame):
            if all(_missing(v) or v == "" for s in sources for v in _values(frame, s)):
                empty.append(col)
                continue
            if len(sources) == 1 and (spec.setting or name in COLLAPSIBLE) and \
                    _constant(frame[name]):
                constant.append(col)
                continue
        cols.append(col)
    extra = []
    if constant:
        extra.append("; ".join(f"{c.header}: {literal(_formatter(c, frame, MISSING)(0))}"
                               for c in constant) + ".")
    if empty:
        extra.append("No values in " + ", ".join(c.header for c in empty) + ".")
    return cols, extra


def _infer_kind(s: pd.Series) -> str:
    """The kind of a column casekit does not know, from its values."""
    if pd.api.types.is_bool_dtype(s):
        return "bool"
    if pd.api.types.is_integer_dtype(s):
        return "integer"
    if pd.api.types.is_numeric_dtype(s):
        return "number"
    vals = [to_python(v) for v in s.tolist() if not _missing(to_python(v))]
    if vals and all(isinstance(v, bool) for v in vals):
        return "bool"
    if vals and all(_is_number(v) for v in vals):
        return "number"
    return "text"


def _constant(s: pd.Series) -> bool:
    vals = [to_python(v) for v in s.tolist()]
    return all(_same(v, vals[0]) for v in vals)


def _same(a: object, b: object) -> bool:
    if _missing(a) and _missing(b):
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _decimals_for(sources: tuple[Hashable, ...], kind: str,
                  decimals: int | Mapping[Hashable, int] | None) -> int:
    if isinstance(decimals, Mapping):
        for s in sources:
            if s in decimals:
                return _check_decimals(decimals[s], f"decimals[{s!r}]")
    elif decimals is not None and kind not in ("p", "prob"):
        return _check_decimals(decimals, "decimals")
    return DEFAULT_DECIMALS[kind]


def _check_decimals(d: object, name: str) -> int:
    if isinstance(d, bool) or not isinstance(d, numbers.Integral) or d < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {d!r}")
    return int(d)


# -- formatting ---------------------------------------------------------------------------
def _missing(v: object) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _is_number(v: object) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _values(frame: pd.DataFrame, name: Hashable) -> list[Any]:
    return [to_python(v) for v in frame[name].tolist()]


def _resolve_kind(col: Column, frame: pd.DataFrame, rows: set[int] | None = None) -> str:
    """The kind a column prints with, given its values (score -> integer, bounded -> number);
    ``rows`` restricts the values looked at."""
    nums = [v for s in col.sources for i, v in enumerate(_values(frame, s))
            if (rows is None or i in rows) and _is_number(v) and not _missing(v)]
    kind = col.kind
    if kind == "es":
        es = [v for i, v in enumerate(_values(frame, "es")) if rows is None or i in rows] \
            if "es" in frame.columns else []
        kind = "bounded" if es and all(e in H.BOUNDED_ES for e in es) else "number"
    if kind == "bounded" and any(abs(v) > 1 for v in nums):
        kind = "number"
    if kind in ("score", "integer"):
        whole = all(math.isfinite(v) and float(v).is_integer() for v in nums)
        kind = "integer" if whole else "number"
    return kind


def _format_value(v: Any, kind: str, decimals: int, thousands: bool, where: str) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "Yes" if v else "No"
    if not _is_number(v):
        return str(v)
    if kind == "text":  # a number in a text column (an ID, a code): as it is, never rounded
        if math.isfinite(v) and float(v).is_integer():
            return format_integer(v, thousands=False)
        return repr(float(v)).replace("-", MINUS).replace("inf", "∞")
    if kind == "bool":
        return "Yes" if v else "No"
    try:
        if kind == "integer":
            return format_integer(v, thousands=thousands)
        if kind == "p":
            return format_p(v, max(decimals, 1), equals=False)
        if kind == "prob":
            return format_prob(v, max(decimals, 1))
        return format_estimate(v, decimals, bounded=kind == "bounded", thousands=thousands)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def _row_kinds(col: Column, frame: pd.DataFrame) -> list[str]:
    """The kind of every row's cell. A score column prints as integers in the rows of each
    measure whose scores are all whole (a table of PHQ-9 and SCL-90-R GSI scores: 19 and
    1.31); an effect-size column (estimate, *SE*, interval) prints each row by its own effect
    size, so that a NAP row of a table that also holds Tau-U reads ``[.78, 1.00]`` as a NAP
    column does (APA 7, 6.36: no leading zero only where the statistic cannot exceed 1);
    otherwise the whole column shares one kind."""
    n = len(frame)
    by = "measure" if col.kind == "score" else "es" if col.kind == "es" else None
    if by is None or by not in frame.columns:
        return [_resolve_kind(col, frame)] * n
    groups: dict[str, set[int]] = {}
    for i, m in enumerate(_values(frame, by)):
        groups.setdefault(str(m), set()).add(i)
    by_group = {m: _resolve_kind(col, frame, rows) for m, rows in groups.items()}
    return [by_group[str(m)] for m in _values(frame, by)]


def _formatter(col: Column, frame: pd.DataFrame, missing: str) -> Callable[[int], str]:
    kinds = _row_kinds(col, frame)
    cols = [_values(frame, s) for s in col.sources]

    def one(v: Any, i: int, s: Hashable) -> str | None:
        if _missing(v):
            return None
        return _format_value(v, kinds[i], col.decimals, col.thousands,
                             f"row {i}, column {s!r}")

    if col.is_interval:
        def cell(i: int) -> str:
            lo, hi = (one(cols[0][i], i, col.sources[0]), one(cols[1][i], i, col.sources[1]))
            if lo is None and hi is None:
                return missing
            return f"[{lo or MISSING}, {hi or MISSING}]"
    else:
        def cell(i: int) -> str:
            text = one(cols[0][i], i, col.sources[0])
            return missing if text is None else text
    return cell


# -- notes --------------------------------------------------------------------------------
def _sentence(text: str) -> str:
    """A note sentence: capitalised (unless its first word is code or a symbol), with a full
    stop."""
    text = text.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0].rstrip(":,;")
    if first.isalpha() and first.islower() and len(first) > 1:
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _definitions(cols: list[Column], frame: pd.DataFrame) -> list[str]:
    defs: list[str] = []
    for c in cols:
        if c.define and c.define not in defs:
            defs.append(c.define)
        plain = to_plain(c.header)
        if "CrI" in plain.split() and "CrI = credible interval" not in defs:
            defs.append("CrI = credible interval")
        elif "CI" in plain.split() and "CI = confidence interval" not in defs:
            defs.append("CI = confidence interval")
    if "es" in frame.columns and any("es" in c.sources for c in cols):
        for es in dict.fromkeys(_values(frame, "es")):
            if es in H.ES_NAMES:
                defs.append(f"{literal(es)} = {H.ES_NAMES[es]}")
    return defs


def _general_note(result: Result | None, note: str | Sequence[str] | None, extra: list[str],
                  method_note: bool) -> list[str]:
    notes = []
    if note is not None:
        notes += [_sentence(n) for n in ([note] if isinstance(note, str) else note)]
    notes += extra
    if result is not None:
        notes += [_sentence(literal(n)) for n in result.notes]
        if method_note:
            notes += _method_sentences(result)
    return [n for n in notes if n]


def _method_sentences(result: Result) -> list[str]:
    out = []
    method = "Method: " + literal(result.method)
    if result.variant:
        method += "; variant: " + literal(result.variant)
    out.append(_sentence(method))
    if result.mirrors:
        m = str(result.mirrors)
        out.append(_sentence(literal(m[0].upper() + m[1:])) if m.lower().startswith("no r ")
                   else _sentence("Reproduces R: " + literal(m)))
    if result.seed is not None:
        out.append(f"Seed {result.seed}.")
    if result.reference:
        out.append(_sentence("Reference: " + literal(result.reference)))
    return out


# -- widths -------------------------------------------------------------------------------
#: Text cells longer than this wrap (LaTeX ``p`` columns, HTML and Word wrap by themselves).
WRAP_AT = 32


def _cell_width(col: Column, cells: list[str]) -> int:
    widest = max((len(c) for c in cells), default=0)
    return min(widest, WRAP_AT) if col.align == "left" else widest


def _header_lines(col: Column, cells: list[str]) -> list[str]:
    """Break the header into lines no wider than the cells (at most about three lines)."""
    plain = to_plain(col.header)
    longest_word = max((len(w) for w in plain.split()), default=0)
    target = max(_cell_width(col, cells), -(-len(plain) // 3), longest_word, 6)
    return wrap(col.header, target)


def _natural_col_width(col: Column, cells: list[str]) -> int:
    """Width of a column with its header on one line."""
    return max(_cell_width(col, cells), len(to_plain(col.header)))


def _total(widths: list[int]) -> int:
    return sum(widths) + 2 * max(len(widths) - 1, 0)


def _col_width(col: Column, cells: list[str]) -> int:
    lines = _header_lines(col, cells)
    return max(_cell_width(col, cells), *(len(to_plain(x)) for x in lines))


def _is_key(col: Column) -> bool:
    first = col.sources[0]
    spec = H.COLUMNS.get(first) if isinstance(first, str) else None  # its keys are text
    return bool(spec and spec.key)


def _fit(columns: list[Column], widths: list[int], max_width: int) -> list[int]:
    order = [j for j, c in enumerate(columns) if _is_key(c)]
    order += [j for j in range(len(columns)) if j not in order]
    chosen: list[int] = []
    used = 0
    for j in order:
        need = widths[j] + (2 if chosen else 0)
        if used + need <= max_width or not chosen:
            chosen.append(j)
            used += need
    return sorted(chosen)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n} ({seen[n]})")
        else:
            seen[n] = 1
            out.append(n)
    return out

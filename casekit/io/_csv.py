"""CSV (and other delimited text): encoding, separator, records with their row numbers.

- **Encoding.** A byte-order mark decides (UTF-8, UTF-16, UTF-32). Without one, the text is
  UTF-8 if it decodes as such, UTF-16 if every other byte is NUL, else Windows-1252 (the
  encoding of Excel's "CSV" on Western European Windows; Latin-1 for the few bytes
  Windows-1252 leaves undefined). A guessed encoding is a warning that names it;
  ``encoding=`` overrides, and text that does not decode as the stated encoding is a problem
  naming the line.
- **Separator.** ``sep=``, else the most frequent of ``;``, tab, ``,`` and ``|`` in the header.
- **Records.** Every line is a record unless a quoted value spans lines (then Python's
  ``csv`` module reads the records). Records keep the row number a spreadsheet shows
  (title and blank lines counted); the fields of each record are counted, so rows with more
  or fewer fields than the header are reported, not padded or cut silently.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError, CaseDataError, CaseFileError
from ._common import Raw, Record, display_name, problem, warning_record
from ._header import build_table

__all__ = ["read_csv_raw", "decode"]

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_SEPARATORS = (";", "\t", ",", "|")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def _guess(data: bytes) -> tuple[str, bool]:
    """(encoding, guessed) of bytes without a byte-order mark."""
    try:
        data.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError:
        pass
    if len(data) >= 4:
        even, odd = data[0::2], data[1::2]
        if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le", True
        if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be", True
    try:
        data.decode("cp1252")
        return "cp1252", True
    except UnicodeDecodeError:
        return "latin-1", True


def decode(data: bytes, encoding: str | None,
           file: str | os.PathLike[str] | None) -> tuple[str, str, bool]:
    """(text, encoding used, guessed)."""
    if encoding is not None:
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding, False
        except LookupError:
            raise ArgumentError(f"encoding= {encoding!r} is not a text encoding Python knows "
                                "(e.g. 'utf-8', 'cp1252', 'utf-16')", "encoding") from None
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            likely = _guess(data)[0]
            raise CaseDataError([problem(None, None, repr(data[exc.start:exc.start + 1]),
                                         f"line {line} is not valid {encoding} text; the file "
                                         f"looks like {likely}: set the encoding with "
                                         "encoding= (or leave it unset to detect it)",
                                         argument="encoding")],
                                title=f"cannot read {display_name(file)}") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name).lstrip("\ufeff"), name, False
            except UnicodeDecodeError:
                break
    name, guessed = _guess(data)
    try:
        return data.decode(name), name, guessed
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", True


def _sniff(lines: list[str]) -> str:
    """The separator that splits the first lines (from the header on) most consistently.

    For each candidate: how many lines hold it the modal number of times, then that number,
    then whether the first line agrees. A title line with a comma above a ``;`` table, or
    decimal commas in a ``;`` table, do not win.
    """
    lines = [ln for ln in lines if ln.strip()][:30]
    if not lines:
        return ","
    best, best_key = ",", (0, 0, 0)
    for sep in _SEPARATORS:
        counts = [_QUOTED.sub("", ln).count(sep) for ln in lines]
        present = [c for c in counts if c]
        if not present:
            continue
        modal = max(set(present), key=present.count)
        key = (present.count(modal), modal, int(counts[0] == modal))
        if key > best_key:
            best, best_key = sep, key
    return best


_SEP_HINT = re.compile(r"^sep=(.)$")


def _normalised(text: str) -> str:
    """Line ends as ``\n``, and a final one."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def _records_slow(text: str, sep: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Records of text whose quoted values span lines: (cells, row numbers, field counts).

    Row numbers count records, as a spreadsheet shows them (a value with a line break is one
    row there, two lines in a text editor)."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=False)
    rows: list[list[str]] = []
    try:
        for rec in reader:  # a spreadsheet shows one row per record (blank lines included)
            rows.append(rec)
    except csv.Error as exc:
        raise CaseDataError([problem(None, None, None, f"line {reader.line_num} cannot be "
                                     f"read as delimited text ({exc})")]) from None
    counts = np.array([len(r) if any(f.strip(' \t"') for f in r) else 0 for r in rows],
                      np.int64)
    width = int(counts.max()) if len(counts) else 0
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows],
                         columns=range(width), dtype=object)
    return cells, np.arange(1, len(rows) + 1, dtype=np.int64), counts


def _per_line(mask: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Number of True entries of ``mask`` on each line (lines begin at ``starts``)."""
    line = np.searchsorted(starts, np.flatnonzero(mask), side="right") - 1
    return np.bincount(line, minlength=len(starts)).astype(np.int64)


def _line_stats(text: str,
                sep: str) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Per line: fields outside quotes, blank (nothing but separators, spaces, quotes), and
    whether its quotes are unbalanced (a quoted value spanning lines). numpy over the
    encoded text; ``text`` ends with a line break."""
    if len(sep) != 1 or not sep.isascii():
        lines = text.split("\n")[:-1]
        plain = _QUOTED.sub("", text).split("\n")[:-1] if '"' in text else lines
        counts = np.fromiter((p.count(sep) + 1 for p in plain), np.int64, len(plain))
        blank = np.fromiter((not ln.strip(sep + ' \t"') for ln in lines), bool, len(lines))
        odd = np.fromiter((ln.count('"') % 2 == 1 for ln in lines), bool, len(lines))
        return counts, blank, odd
    raw = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    starts = np.r_[0, np.flatnonzero(raw == 10)[:-1] + 1]
    content = (raw != ord(sep)) & (raw != 32) & (raw != 9) & (raw != 34) & (raw != 10)
    blank = ~np.logical_or.reduceat(content, starts) if len(starts) else np.zeros(0, bool)
    if '"' not in text:
        return _per_line(raw == ord(sep), starts) + 1, blank, np.zeros(len(starts), bool)
    odd = _per_line(raw == 34, starts) % 2 == 1
    if odd.any():
        return None, blank, odd
    b = np.frombuffer(_QUOTED.sub("", text).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    p_starts = np.r_[0, np.flatnonzero(b == 10)[:-1] + 1]
    counts = _per_line(b == ord(sep), p_starts) + 1
    return (counts if len(counts) == len(starts) else None), blank, odd


def _records(text: str, sep: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(cells, row numbers, field counts; 0 for blank lines) of every line of ``text``."""
    counts, blank, odd = _line_stats(text, sep)
    if counts is not None:
        counts[blank] = 0
        width = int(counts.max()) if len(counts) else 0
        cells: pd.DataFrame | None
        try:
            cells = pd.read_csv(io.StringIO(text), sep=sep, header=None, names=range(width),
                                dtype=object, keep_default_na=False, na_filter=False,
                                skip_blank_lines=False, engine="c", quotechar='"',
                                doublequote=True)
        except (pd.errors.ParserError, ValueError, OverflowError, UnicodeError):
            cells = None
        if cells is not None and len(cells) == len(counts):
            return cells, np.arange(1, len(counts) + 1, dtype=np.int64), counts
    return _records_slow(text, sep)


def _first_lines(text: str, n: int = 200) -> list[str]:
    return text.split("\n", n)[:n]


def read_csv_raw(path: Path, *, sep: str | None, encoding: str | None,
                 header_row: int | None = None, skip_rows: int | None = None) -> Raw:
    """The cells of a delimited text file (see the module docstring)."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise CaseFileError(path, "looks like an Excel workbook (a zip file), not CSV text; "
                                  "read it with format='excel' or give it the .xlsx suffix")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CaseFileError(path, "looks like an old Excel .xls file or an encrypted workbook, "
                                  "not CSV text; save it as .csv or .xlsx (without a password)")
    text, used, guessed = decode(data, encoding, path)
    attrs: dict[str, Any] = {"encoding": used}
    warns: list[Record] = []
    if guessed:
        warns.append(warning_record(f"{display_name(path)} is not UTF-8; it was read as "
                                    f"{used}; if letters look wrong, set the encoding with "
                                    "encoding=", argument="encoding"))
    if "\x00" in text:
        raise CaseFileError(path, "holds NUL bytes: not a text file (or a text encoding "
                                  "casekit could not detect; set it with encoding=)")
    if not text.strip():
        return Raw(pd.DataFrame(), "csv", file=path, source_row=[], text=True,
                   warnings=warns, attrs={**attrs, "empty": "blank"})
    text = _normalised(text)
    head = _first_lines(text)
    hint = _SEP_HINT.match(head[0].strip()) if head else None
    if hint is not None:
        # Excel's "sep=;" first line: it names the separator and is not data (the line is
        # blanked, so that every later row keeps its number)
        sep = sep or hint.group(1)
        text = "\n" + text.split("\n", 1)[1]
        attrs["sep_line"] = True
    if sep is None:
        start = (header_row - 1) if isinstance(header_row, int) and header_row >= 1 else (
            skip_rows if isinstance(skip_rows, int) and skip_rows >= 0 else 0)
        sep = _sniff(head[start:] if start < len(head) else head)
    cells, numbers, counts = _records(text, sep)
    raw = build_table(cells, numbers, counts, header_row=header_row, skip_rows=skip_rows,
                      fmt="csv", file=path, text=True, attrs={**attrs, "sep": sep},
                      blank=counts == 0)
    raw.warnings = warns + raw.warnings
    return raw

"""Result objects: full-precision numbers in ``.summary``, fixed-precision displays.

The pattern follows lifelines' ``StatisticalResult``: every casekit analysis returns an object
whose ``.summary`` is a numeric :class:`pandas.DataFrame` (never rounded, never formatted) and
whose text / HTML / LaTeX representations are rounded to a fixed number of decimals, so that
notebook outputs are stable and papers get tables. A ``method_card`` records the definition,
options, the R package the numbers mirror, the seed and the casekit version.

Subclasses add attributes (``.est``, ``.p_value``, ``.location`` ...) as plain Python floats and
ints, never numpy scalars.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._version import __version__

__all__ = ["Result", "format_frame", "format_number", "to_python"]

#: Magnitude from which displays switch to scientific notation.
LARGE = 1e9


def to_python(value):
    """Convert numpy scalars (and 0-d arrays) to the matching Python scalar."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    return value


def format_number(x, decimals: int = 3) -> str:
    """Fixed-precision text for one value; NaN/None print as ``NA``, -0.000 as 0.000."""
    if x is None:
        return "NA"
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        xf = float(x)
        if math.isnan(xf):
            return "NA"
        if math.isinf(xf):
            return "inf" if xf > 0 else "-inf"
        if abs(xf) >= LARGE:
            # e.g. Bayes factors of 1e40: a 41-digit fixed-point number helps nobody
            return f"{xf:.{decimals}e}"
        text = f"{xf:.{decimals}f}"
        if text.lstrip("-").strip("0.") == "":
            text = text.lstrip("-")
        return text
    if x is pd.NA or x is pd.NaT:
        return "NA"
    return str(x)


def format_frame(df: pd.DataFrame, decimals: int = 3) -> pd.DataFrame:
    """Return a copy of ``df`` with every cell formatted as text at fixed precision.

    Float columns that hold only whole numbers (e.g. counts stored as float) are still printed
    with ``decimals`` places, so a column always looks the same whatever its values.
    """
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        out[col] = [format_number(to_python(v), decimals) if not _is_missing(v) else "NA"
                    for v in s.tolist()]
    return out


def _is_missing(v) -> bool:
    try:
        return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or (
            isinstance(v, np.floating) and np.isnan(v))
    except TypeError:
        return False


class Result:
    """Base class of casekit results.

    Parameters
    ----------
    summary : pandas.DataFrame
        The numbers, at full precision.
    method : str
        Short name of the method, e.g. ``"NAP (Parker & Vannest 2009)"``.
    options : mapping, optional
        The options that define the variant computed (direction, SE method, penalty ...).
    reference : str, optional
        Citation(s) of the method.
    mirrors : str, optional
        The R call whose numbers this reproduces, e.g. ``"SingleCaseES::NAP(SE = 'unbiased')"``.
    seed : int, optional
        Seed used by a random procedure.
    notes : list of str, optional
        Caveats printed under the table (e.g. "descriptive only: phases defined post hoc").
    title : str, optional
        Heading of the text display; defaults to ``method``.
    decimals : int
        Default number of decimals of the displays.
    """

    _default_decimals = 3

    def __init__(self, summary: pd.DataFrame, *, method: str, options: Mapping | None = None,
                 reference: str | None = None, mirrors: str | None = None,
                 seed: int | None = None, notes: list[str] | None = None,
                 title: str | None = None, decimals: int | None = None):
        if not isinstance(summary, pd.DataFrame):
            raise TypeError("summary must be a pandas DataFrame")
        self._summary = summary.reset_index(drop=True)
        self.method = method
        self.options = dict(options or {})
        self.reference = reference
        self.mirrors = mirrors
        self.seed = None if seed is None else int(seed)
        self.notes = list(notes or [])
        self.title = title or method
        self.decimals = self._default_decimals if decimals is None else int(decimals)

    # -- numbers ---------------------------------------------------------------------------
    @property
    def summary(self) -> pd.DataFrame:
        """Full-precision numeric table (a copy; modifying it does not change the result)."""
        return self._summary.copy()

    def to_frame(self) -> pd.DataFrame:
        """Alias of :attr:`summary`."""
        return self.summary

    @property
    def method_card(self) -> dict[str, Any]:
        """Definition, options, mirrored R call, seed and casekit version, as a dict."""
        card = {"method": self.method, "options": dict(self.options)}
        if self.reference:
            card["reference"] = self.reference
        if self.mirrors:
            card["mirrors"] = self.mirrors
        if self.seed is not None:
            card["seed"] = self.seed
        if self.notes:
            card["notes"] = list(self.notes)
        card["casekit_version"] = __version__
        return card

    # -- displays --------------------------------------------------------------------------
    def _display_frame(self, decimals: int) -> pd.DataFrame:
        return format_frame(self._summary, decimals)

    def _options_line(self) -> str:
        if not self.options:
            return ""
        parts = []
        for k, v in self.options.items():
            v = to_python(v)
            parts.append(f"{k}={format_number(v, self.decimals) if isinstance(v, float) else v}")
        return "options: " + ", ".join(parts)

    def to_text(self, decimals: int | None = None) -> str:
        """Plain-text display at fixed precision."""
        d = self.decimals if decimals is None else int(decimals)
        lines = [self.title]
        table = self._display_frame(d)
        if len(table):
            lines.append(table.to_string(index=False))
        else:
            lines.append("(no rows)")
        opt = self._options_line()
        if opt:
            lines.append(opt)
        if self.seed is not None:
            lines.append(f"seed: {self.seed}")
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)

    def to_html(self, decimals: int | None = None) -> str:
        """HTML display at fixed precision (a caption, the table, then options and notes)."""
        d = self.decimals if decimals is None else int(decimals)
        table = self._display_frame(d).to_html(index=False, border=0, escape=True)
        foot = []
        opt = self._options_line()
        if opt:
            foot.append(html.escape(opt))
        if self.seed is not None:
            foot.append(f"seed: {self.seed}")
        foot.extend("note: " + html.escape(n) for n in self.notes)
        foot_html = "".join(f"<div>{f}</div>" for f in foot)
        return f"<div><strong>{html.escape(self.title)}</strong>{table}{foot_html}</div>"

    def to_latex(self, decimals: int = 2, caption: str | None = None, label: str | None = None) -> str:
        """A LaTeX ``tabular`` (booktabs style) at fixed precision."""
        table = self._display_frame(int(decimals))
        cols = list(table.columns)
        def esc(s):
            s = str(s)
            for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                         ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}")):
                s = s.replace(a, b)
            return s
        align = "".join("r" if _numeric(self._summary[c]) else "l" for c in cols)
        rows = [" & ".join(esc(c) for c in cols) + r" \\"]
        body = [" & ".join(esc(v) for v in rec) + r" \\" for rec in table.itertuples(index=False)]
        out = []
        if caption or label:
            out.append(r"\begin{table}[htbp]")
            out.append(r"\centering")
            if caption:
                out.append(r"\caption{" + esc(caption) + "}")
            if label:
                out.append(r"\label{" + label + "}")
        out += [r"\begin{tabular}{" + align + "}", r"\toprule", *rows, r"\midrule", *body,
                r"\bottomrule", r"\end{tabular}"]
        if caption or label:
            out.append(r"\end{table}")
        return "\n".join(out) + "\n"

    def print_summary(self, decimals: int | None = None, style: str = "ascii") -> None:
        """Print the display in ``style`` 'ascii', 'html' or 'latex'."""
        from ._validate import check_option
        style = check_option(style, "style", ("ascii", "html", "latex"))
        if style == "ascii":
            print(self.to_text(decimals))
        elif style == "html":
            print(self.to_html(decimals))
        else:
            print(self.to_latex(self.decimals if decimals is None else decimals))

    def __repr__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()


def _numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)

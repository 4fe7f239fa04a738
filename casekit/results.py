"""Result objects: full-precision numbers in ``.summary``, fixed-precision displays.

The pattern follows lifelines' ``StatisticalResult``: every casekit analysis returns an object
whose ``.summary`` is a numeric :class:`pandas.DataFrame` (never rounded, never formatted) and
whose text / HTML / LaTeX representations are rounded to a fixed number of decimals, so that
notebook outputs are stable and papers get tables. A ``method_card`` records the definition,
options, the R package the numbers mirror, the seed and the casekit version.

Typed fields
------------
A subclass declares its fields as class annotations and documents each one in the numpydoc
``Attributes`` section of its docstring::

    class AmocResult(Result):
        # docstring with an Attributes section:
        #   k : int
        #       1-based index of the last observation before the change.
        #   session : int or float
        #       Session number of that observation.
        k: int
        session: int | float
        p_value: float = math.nan      # a default makes the field optional

The constructor takes the fields as keywords (``AmocResult(table, method=..., k=5, ...)``);
a field without a default must be given. Values are stored as plain Python scalars (numpy
scalars are converted), so notebooks never print ``np.float64(0.5)``. Assigning an attribute
that is not a declared field raises ``AttributeError``: plots and tables read results through
declared fields, never by guessing (``Result.fields()`` lists them).

Tables built on first use
-------------------------
Building a pandas table costs about 0.1 ms, often more than the arithmetic of a single-case
index; a loop over 10,000 series that reads only ``.cpts`` should not pay for tables it never
reads (issue #16). ``summary`` may therefore be given as a function of no arguments, and a
field's value as :class:`deferred` (``segments=deferred(build)``): the table is built on
first access and kept. The builder must only read values the result owns (arrays computed
for it, never the caller's input), so the table is the same whenever it is built.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from ._version import __version__

__all__ = ["Result", "deferred", "escape_latex", "format_frame", "format_number", "to_python"]

#: Magnitude from which displays switch to scientific notation.
LARGE = 1e9


def to_python(value: Any) -> Any:
    """Convert numpy scalars (and 0-d arrays) to the matching Python scalar."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    return value


def format_number(x: Any, decimals: int = 3) -> str:
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


def _is_missing(v: Any) -> bool:
    try:
        return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or (
            isinstance(v, np.floating) and np.isnan(v))
    except TypeError:
        return False


_NO_DEFAULT = object()


class deferred:  # noqa: N801 (used like a function: ``segments=deferred(build)``)
    """A field value built on first access (see "Tables built on first use" above).

    Parameters
    ----------
    build : callable
        Function of no arguments returning the value; called at most once.
    """

    __slots__ = ("build",)

    def __init__(self, build: Callable[[], Any]) -> None:
        self.build = build


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
    variant : str, optional
        Which variant of the method this is, in words (``"Tau-U, Parker et al. 2011: A vs. B
        minus trend A"``); shown in the method card and the table notes.
    seed : int, optional
        Seed used by a random procedure.
    notes : list of str, optional
        Caveats printed under the table (e.g. "descriptive only: phases defined post hoc").
    title : str, optional
        Heading of the text display; defaults to ``method``.
    decimals : int
        Default number of decimals of the displays.
    **fields
        Values of the fields the subclass declares (see the module docstring).

    Attributes
    ----------
    method : str
        Short name of the method.
    options : dict
        The options that define the variant computed.
    reference : str or None
        Citation(s) of the method.
    mirrors : str or None
        The R call whose numbers this reproduces.
    variant : str or None
        Which variant of the method this is, in words.
    seed : int or None
        Seed used by a random procedure.
    notes : list of str
        Caveats printed under the table.
    title : str
        Heading of the displays.
    decimals : int
        Default number of decimals of the displays.
    """

    _default_decimals: ClassVar[int] = 3
    #: attributes every result has (set by ``Result.__init__``), not subclass fields
    _BASE_ATTRIBUTES: ClassVar[frozenset[str]] = frozenset(
        {"method", "options", "reference", "mirrors", "variant", "seed", "notes", "title",
         "decimals"})

    def __init__(self, summary: pd.DataFrame | Callable[[], pd.DataFrame], *, method: str,
                 options: Mapping[str, Any] | None = None,
                 reference: str | None = None, mirrors: str | None = None,
                 seed: int | None = None, notes: list[str] | None = None,
                 title: str | None = None, decimals: int | None = None,
                 variant: str | None = None, **fields: Any):
        if isinstance(summary, pd.DataFrame):
            self._summary = summary.reset_index(drop=True)
        elif callable(summary):
            object.__setattr__(self, "_summary_build", summary)
        else:
            raise TypeError("summary must be a pandas DataFrame or a function returning one")
        self.method = method
        self.options = dict(options or {})
        self.reference = reference
        self.mirrors = mirrors
        self.variant = variant
        self.seed = None if seed is None else int(seed)
        self.notes = list(notes or [])
        self.title = title or method
        self.decimals = self._default_decimals if decimals is None else int(decimals)
        declared = self._declared
        unknown = sorted(set(fields) - set(declared))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field(s) {unknown}; declared "
                            f"fields: {sorted(declared)}")
        absent = []
        lazy: dict[str, Callable[[], Any]] = {}
        for name, default in declared.items():
            if name in fields:
                value = fields[name]
                if isinstance(value, deferred):
                    if default is not _NO_DEFAULT:
                        # the class attribute would answer before the value is built
                        raise TypeError(f"{type(self).__name__}.{name} has a default, so it "
                                        "cannot be deferred")
                    lazy[name] = value.build
                else:  # names are checked above: skip __setattr__'s check
                    object.__setattr__(self, name, to_python(value))
            elif default is _NO_DEFAULT:
                absent.append(name)
            else:  # copy mutable defaults so instances never share them
                setattr(self, name, default.copy() if isinstance(
                    default, (list, dict, set, pd.DataFrame)) else default)
        if absent:
            raise TypeError(f"{type(self).__name__} needs the field(s) {absent}")
        if lazy:
            object.__setattr__(self, "_lazy", lazy)

    # -- tables built on first use ---------------------------------------------------------
    @property
    def _summary(self) -> pd.DataFrame:
        state = self.__dict__
        frame: pd.DataFrame | None = state.get("_summary_frame")
        if frame is None:
            frame = state.pop("_summary_build")().reset_index(drop=True)
            state["_summary_frame"] = frame
        return frame

    @_summary.setter
    def _summary(self, value: pd.DataFrame) -> None:
        self.__dict__["_summary_frame"] = value

    if not TYPE_CHECKING:  # hidden from type checkers, which would accept any attribute name
        def __getattr__(self, name: str) -> Any:
            # called only when normal lookup fails: a deferred field not yet built
            lazy = self.__dict__.get("_lazy")
            if lazy is not None and name in lazy:
                value = to_python(lazy.pop(name)())
                object.__setattr__(self, name, value)
                return value
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        # pickling and copying build the deferred tables first (their builders are closures)
        self._summary  # noqa: B018 (builds it)
        for name in list(self.__dict__.get("_lazy", ())):
            getattr(self, name)
        return {k: v for k, v in self.__dict__.items() if k != "_summary_build"}

    # -- declared fields -------------------------------------------------------------------
    _declared: ClassVar[dict[str, Any]] = {}
    _declared_types: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Collect the declared fields once per class: public class annotations of Result
        # subclasses (ClassVar excluded), base classes first; a field's default is the class
        # attribute of the same name, if any.
        super().__init_subclass__(**kwargs)
        declared: dict[str, Any] = {}
        types: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            if klass in (object, Result) or not issubclass(klass, Result):
                continue
            for name, ann in vars(klass).get("__annotations__", {}).items():
                text = ann if isinstance(ann, str) else getattr(ann, "__name__", repr(ann))
                if name.startswith("_") or "ClassVar" in text:
                    continue
                default = vars(klass).get(name, _NO_DEFAULT)
                if isinstance(default, property):
                    continue
                declared[name] = default
                types[name] = text
        cls._declared = declared
        cls._declared_types = types

    @classmethod
    def fields(cls) -> dict[str, Any]:
        """Declared fields of this result class: ``{name: default}`` (base classes first).

        A field without a default maps to an internal marker; use :meth:`field_types` for the
        annotations.
        """
        return dict(cls._declared)

    @classmethod
    def field_types(cls) -> dict[str, str]:
        """Declared fields and their annotations, as text (``{"k": "int"}``)."""
        return dict(cls._declared_types)

    def to_dict(self) -> dict[str, Any]:
        """The declared fields and their values (plain Python objects)."""
        return {name: getattr(self, name) for name in self.fields()}

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_") and name not in self._BASE_ATTRIBUTES:
            attr = getattr(type(self), name, None)
            if not isinstance(attr, property) and name not in self._declared:
                raise AttributeError(
                    f"{name!r} is not a declared field of {type(self).__name__}; declare it "
                    "in the class body (and its Attributes docstring) first")
            value = to_python(value)
            lazy = self.__dict__.get("_lazy")
            if lazy is not None:  # an assignment replaces a table not yet built
                lazy.pop(name, None)
        object.__setattr__(self, name, value)

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
        """Method, variant, options, references, mirrored R call, seed and casekit version.

        ``variant``, ``reference`` and ``mirrors`` are always present (``None`` when they do
        not apply: a method without an R equivalent mirrors nothing).
        """
        card: dict[str, Any] = {"method": self.method, "variant": self.variant, "options": dict(self.options),
                "reference": self.reference, "mirrors": self.mirrors}
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
        """A LaTeX ``tabular`` (booktabs style) at fixed precision.

        Every special character of the headers, cells and caption is escaped
        (:func:`escape_latex`) and negative numbers print with a true minus sign (``$-$``).
        For an APA table (readable headers, notes, Word output) use
        :func:`casekit.tables.apa_table`.
        """
        table = self._display_frame(int(decimals))
        cols = list(table.columns)
        numeric = [_numeric(self._summary[c]) for c in cols]
        align = "".join("r" if num else "l" for num in numeric)
        rows = [" & ".join(escape_latex(c) for c in cols) + r" \\"]
        body = [" & ".join(_latex_cell(v, num) for v, num in zip(rec, numeric, strict=True))
                + r" \\" for rec in table.itertuples(index=False)]
        out = []
        if caption or label:
            out.append(r"\begin{table}[htbp]")
            out.append(r"\centering")
            if caption:
                out.append(r"\caption{" + escape_latex(caption) + "}")
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


#: LaTeX for the characters that are special in LaTeX text (and for the few that the default
#: OT1 font encoding prints wrongly: ``<``, ``>`` and ``|`` would print as ¡, ¿ and —).
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
    # brackets in braces: a cell or note starting with "[" after \\ or \item would be read
    # as an optional argument
    "[": "{[}", "]": "{]}",
    # symbols that pdfLaTeX's UTF-8 input does not set up by default
    "\u2212": "$-$", "\u2013": "--", "\u2014": "---", "\u2026": r"\ldots{}",
    "\u00d7": r"$\times$", "\u00b1": r"$\pm$", "\u2264": r"$\leq$", "\u2265": r"$\geq$",
    "\u2248": r"$\approx$", "\u2260": r"$\neq$", "\u221e": r"$\infty$", "\u0394": r"$\Delta$",
    "\u2192": r"$\rightarrow$", "\u221a": r"$\surd$", "\u2022": r"\textbullet{}",
    "\u00a0": "~", "\n": " ", "\r": " ", "\t": " ", "\ufffd": "?",
}
# other control characters cannot be typeset (pdfLaTeX stops on some): a visible "?"
_LATEX_SPECIAL.update({chr(c): "?" for c in [*range(32), 127] if chr(c) not in _LATEX_SPECIAL})
# Greek letters (statistical symbols) and superscript digits
_LATEX_SPECIAL.update({
    "α": r"$\alpha$", "β": r"$\beta$", "γ": r"$\gamma$", "δ": r"$\delta$", "ε": r"$\epsilon$",
    "η": r"$\eta$", "θ": r"$\theta$", "κ": r"$\kappa$", "λ": r"$\lambda$", "μ": r"$\mu$",
    "ν": r"$\nu$", "π": r"$\pi$", "ρ": r"$\rho$", "σ": r"$\sigma$", "τ": r"$\tau$",
    "φ": r"$\varphi$", "χ": r"$\chi$", "ψ": r"$\psi$", "ω": r"$\omega$", "Σ": r"$\Sigma$",
    "Φ": r"$\Phi$", "Ω": r"$\Omega$", "Χ": r"$\mathrm{X}$",
})
_LATEX_SUPERSCRIPT = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-", strict=True))


def escape_latex(text: Any) -> str:
    r"""``text`` as LaTeX that prints it literally (text mode, pdfLaTeX).

    Escapes the ten special characters ``\ & % $ # _ { } ~ ^`` in one pass (so that the
    braces of ``\textbackslash{}`` are never escaped again), writes ``< > |`` as text
    commands (the default OT1 encoding would print ¡ ¿ —), brackets in braces (``{[}``: a
    cell starting with ``[`` after ``\\`` would be read as an optional argument), the minus
    sign U+2212 as ``$-$``, dashes as ``--``/``---`` (typed hyphens ``--`` as ``-{}-``, never
    a ligature), Greek letters and a few mathematical symbols as math, runs of superscript
    digits (``10¹³``) as ``\textsuperscript{13}``, line breaks and tabs as spaces, other
    control characters as ``?``. Other non-ASCII text is left as UTF-8 (pdfLaTeX reads Latin
    scripts; CJK or emoji need XeLaTeX or LuaLaTeX).

    Examples
    --------
    >>> print(escape_latex(r"50% of a_b & {c} ~ d^2 \ e"))
    50\% of a\_b \& \{c\} \textasciitilde{} d\textasciicircum{}2 \textbackslash{} e
    >>> print(escape_latex("−0.50 < 1"))
    $-$0.50 \textless{} 1
    """
    out: list[str] = []
    sup: list[str] = []
    text = str(text)
    for i, ch in enumerate(text):
        if ch in _LATEX_SUPERSCRIPT:
            sup.append(_LATEX_SUPERSCRIPT[ch])
            continue
        if sup:
            out.append(_superscript(sup))
            sup = []
        if ch == "-" and text[i + 1: i + 2] == "-":
            out.append("-{}")  # typed "--" stays two hyphens (not an en dash ligature)
            continue
        out.append(_LATEX_SPECIAL.get(ch, ch))
    if sup:
        out.append(_superscript(sup))
    return "".join(out)


def _superscript(chars: list[str]) -> str:
    return r"\textsuperscript{" + "".join(chars).replace("-", "$-$") + "}"


def _latex_cell(text: str, numeric: bool) -> str:
    """A display cell as LaTeX: a leading hyphen-minus of a number becomes a true minus."""
    text = str(text)
    if numeric and text.startswith("-") and (text[1:2].isdigit() or text == "-inf"):
        text = "\u2212" + text[1:]
    return escape_latex(text)

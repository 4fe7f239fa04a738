"""Paper style, figure sizes, palette and marker conventions shared by the casekit figures.

Matplotlib is imported inside the functions, so importing this module (and ``casekit.plot``)
stays cheap; ``import casekit`` never imports it.
"""

from __future__ import annotations

import contextlib
import numbers
from collections.abc import Iterator
from typing import Any

from casekit._validate import check_float, check_option

__all__ = ["paper_style", "figsize", "style_context", "check_style", "PALETTE", "SERIES_COLORS",
           "SERIES_MARKERS", "SERIES_LINESTYLES", "COLUMN_WIDTHS", "GREY_BAND", "GREY_LINE",
           "BAND_ALPHA", "SMALL_SIZE", "LEGEND_SIZE", "STYLE"]

STYLE = "casekit.styles.paper"

# Column widths in inches. Nature formatting guide: single column 89 mm (3.5 in), double column
# 183 mm (7.2 in); APA/Elsevier widths differ by a few millimetres.
COLUMN_WIDTHS = {"single": 3.5, "double": 7.2}

# Okabe & Ito (2008) "Color Universal Design", https://jfly.uni-koeln.de/color/
PALETTE = {
    "black": "#000000",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "skyblue": "#56B4E9",
    "yellow": "#F0E442",
}
# series i uses SERIES_COLORS[i], SERIES_MARKERS[i], SERIES_LINESTYLES[i]: distinguishable
# without colour (marker and dash) and in greyscale (black, blue, vermillion, green).
SERIES_COLORS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
SERIES_MARKERS = ("o", "s", "^", "D", "v", "P")
SERIES_LINESTYLES = ("-", "--", "-.", ":", "-", "--")

GREY_BAND = "0.90"      # phase shading
GREY_LINE = "0.35"      # phase lines, cutoffs
BAND_ALPHA = 0.6

# Text sizes in points at print size, the same in every figure: axis labels, tick labels and
# titles come from the style (8 / 8 / 9 pt); legends and the small texts drawn in the axes
# (event labels, cutoff labels, region labels, the phase key) use these.
LEGEND_SIZE = 7.0
SMALL_SIZE = 7.0


@contextlib.contextmanager
def paper_style() -> Iterator[None]:
    """Context manager applying the casekit paper style (``casekit.styles.paper``).

    Everything drawn inside the ``with`` block uses 8-9 pt fonts, the Okabe-Ito palette with
    distinct markers and dashes, editable fonts in PDF/PS/SVG and a fixed SVG hash salt. The
    global :data:`matplotlib.rcParams` are restored on exit.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from casekit.plot import paper_style, figsize
    >>> with paper_style():
    ...     fig, ax = plt.subplots(figsize=figsize("single"))
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt  # lazy: import casekit.plot stays light

    with plt.style.context(STYLE):
        yield


def figsize(width: str | float = "single", aspect: float = 0.68) -> tuple[float, float]:
    """Figure size ``(width, height)`` in inches for a journal column.

    Parameters
    ----------
    width : {"single", "double"} or float
        ``"single"`` = 3.5 in (89 mm), ``"double"`` = 7.2 in (183 mm) (Nature formatting
        guide; close to APA and Elsevier widths), or a width in inches.
    aspect : float
        Height divided by width (default 0.68).

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches.

    Examples
    --------
    >>> figsize("double", 0.5)
    (7.2, 3.6)
    """
    if isinstance(width, str):
        w = COLUMN_WIDTHS[check_option(width, "width", tuple(COLUMN_WIDTHS))]
    elif isinstance(width, numbers.Real) and not isinstance(width, bool):
        w = check_float(width, "width", minimum=0.0, inclusive=False)
    else:
        raise TypeError(f"width must be 'single', 'double' or a number of inches; got {width!r}")
    a = check_float(aspect, "aspect", minimum=0.0, inclusive=False)
    return (float(w), float(round(w * a, 6)))


@contextlib.contextmanager
def style_context(style: str | dict[str, Any] | None) -> Iterator[None]:
    """``paper`` -> the casekit style; ``None`` -> the caller's current rcParams."""
    if style is None:
        yield
        return
    import matplotlib.pyplot as plt  # lazy: import casekit.plot stays light

    name = STYLE if style == "paper" else style
    with plt.style.context(name):
        yield


def check_style(style: object) -> str | dict[str, Any] | None:
    if style is None or style == "paper":
        return style
    if isinstance(style, (str, dict)):
        return style
    raise TypeError(f"style must be 'paper', None, a matplotlib style name or a dict; got {style!r}")

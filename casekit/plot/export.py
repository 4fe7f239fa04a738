"""Deterministic export of figures: PDF, SVG, PNG and TIFF with no timestamps or random ids."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from casekit._validate import check_int, check_option

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

__all__ = ["save", "FORMATS"]

FORMATS = ("pdf", "svg", "png", "tiff")
_ALIASES = {"tif": "tiff"}

# Export settings applied while saving (restored afterwards): editable text (TrueType/Type 42
# fonts in PDF/PS, text kept as text in SVG) and a fixed SVG hash salt, so that SVG clip-path
# and glyph ids are the same in every run (matplotlib rcParams documentation, "svg.hashsalt").
EXPORT_RC: dict[RcKeyType, Any] = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "svg.hashsalt": "casekit",
}
# Metadata entries that would change between runs are removed (matplotlib savefig docs).
_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
}


def save(fig: Figure, path: str | os.PathLike[str], *, formats: str | Iterable[str] | None = None,
         dpi: int = 600, transparent: bool = False, bbox_inches: str | None = None) -> list[Path]:
    """Save ``fig`` so that two runs write byte-identical files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or path-like
        Output file. With ``formats=None`` its suffix (``.pdf``, ``.svg``, ``.png``,
        ``.tif``/``.tiff``) gives the format; with ``formats`` the suffix is replaced by each
        format's (``fig1`` -> ``fig1.pdf``, ``fig1.png``).
    formats : sequence of {"pdf", "svg", "png", "tiff"}, optional
        Formats to write.
    dpi : int
        Resolution of raster output (PNG, TIFF) and of rasterised parts of vector output.
        600 dpi suits line art with text (publishers' artwork guides commonly ask for
        >= 300 dpi for halftones and 600-1200 dpi for line art; unverified for any one
        journal: check its guide).
    transparent : bool
        Transparent background (PNG/SVG/PDF only; TIFF is always written as opaque RGB).
    bbox_inches : None or "tight"
        ``None`` keeps the exact figure size (the column width chosen with
        :func:`casekit.plot.figsize`).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.

    Notes
    -----
    - PDF: ``CreationDate``, ``ModDate``, ``Producer`` and ``Creator`` removed; fonts embedded
      as TrueType (``pdf.fonttype: 42``) so that text stays editable.
    - SVG: ``Date`` and ``Creator`` removed, a fixed ``svg.hashsalt``, text kept as text.
    - PNG: ``Software`` removed; the dpi is stored in the ``pHYs`` chunk.
    - TIFF: rendered by Agg to PNG in memory, then written by Pillow (which matplotlib depends
      on) as RGB with LZW compression and the dpi; Pillow writes no date or software tags.
    - Layout: a constrained-layout figure is laid out to convergence and then frozen (its
      layout engine becomes ``"none"``), because constrained layout moves axes slightly at
      every draw; so exports of the same figure, repeated or in several formats, agree.

    Byte identity holds for the same versions of matplotlib, Pillow and fonts; across
    computers it is not guaranteed (font rendering), see conventions §6.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, tempfile, pathlib
    >>> from casekit.plot import save
    >>> fig, ax = plt.subplots()
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in save(fig, d / "fig1", formats=["pdf", "png"])]
    ['fig1.pdf', 'fig1.png']
    >>> plt.close(fig)
    """
    import matplotlib as mpl  # lazy: import casekit.plot stays light
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    dpi = check_int(dpi, "dpi", minimum=1)
    if bbox_inches is not None:
        check_option(bbox_inches, "bbox_inches", ("tight",))
    path = Path(path)
    if formats is None:
        suffix = path.suffix.lower().lstrip(".")
        if not suffix:
            raise ValueError("path has no suffix; give one (.pdf, .svg, .png, .tif) or pass "
                             f"formats= some of {', '.join(FORMATS)}")
        fmt = check_option(_ALIASES.get(suffix, suffix), "path suffix", FORMATS)
        targets = [(fmt, path)]
    else:
        if isinstance(formats, str):
            formats = [formats]
        targets = []
        for f in formats:
            f = check_option(_ALIASES.get(str(f).lower(), str(f).lower()), "formats", FORMATS)
            targets.append((f, path.with_suffix("." + ("tif" if f == "tiff" else f))))
    written = []
    _freeze_layout(fig)
    with mpl.rc_context(EXPORT_RC):
        for fmt, target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "tiff":
                _save_tiff(fig, target, dpi, bbox_inches)
            else:
                fig.savefig(target, format=fmt, dpi=dpi, metadata=_METADATA[fmt],
                            transparent=transparent, bbox_inches=bbox_inches)
            written.append(target)
    return written


def _freeze_layout(fig: Figure, max_passes: int = 50) -> None:
    """Run the figure's layout engine to a fixed point, then fix the axes where they are.

    Constrained layout with legends or labels outside the axes moves the axes a little at
    every draw (it converges geometrically), so two exports of the same figure would differ in
    the last digits. The layout is iterated until no axes moves by more than 1e-7 (figure
    fraction; far below a printed dot), then the engine is replaced by a fixed layout (``"none"``). Figures without a
    layout engine are left alone.
    """
    engine = fig.get_layout_engine()
    if engine is None or type(engine).__name__ == "PlaceHolderLayoutEngine":
        return
    prev = None
    for _ in range(max_passes):
        fig.draw_without_rendering()
        pos = np.array([a.get_position().bounds for a in fig.axes], dtype=float)
        if prev is not None and pos.shape == prev.shape and np.allclose(pos, prev, rtol=0,
                                                                        atol=1e-7):
            break
        prev = pos
    fig.set_layout_engine("none")


def _save_tiff(fig: Figure, target: Path, dpi: int, bbox_inches: str | None) -> None:
    from PIL import Image  # lazy: Pillow (a matplotlib dependency) for TIFF only

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata=_METADATA["png"], transparent=False,
                bbox_inches=bbox_inches)
    buf.seek(0)
    with Image.open(buf) as img:
        rgb = img.convert("RGB")
    rgb.save(target, format="TIFF", dpi=(dpi, dpi), compression="tiff_lzw")

"""Finishing a figure: one look for every axes, legends, titles, and texts kept clear of the data.

Every casekit figure ends here, so that all of them follow the same rules:

* **one look**: new figures and axes given by the caller get the style's spines, tick sizes
  and fonts (:func:`style_axes`); a session (or score) axis of whole numbers gets integer
  ticks only (:func:`integer_ticks`);
* **legends outside the data**: below the axes (:func:`legend_below`) or below the figure
  (:func:`figure_legend`), never inside the plotting area;
* **texts clear of the data**: a cutoff label, a case label, the size of a gain or an
  annotation is placed, after the figure is laid out, at the first of a few positions where
  its box touches no plotted point, bar or data line and no other text (:func:`place_clear`);
  when none is free it goes into the legend (or the y range is raised to make room);
* **an event strip**: the y range is raised so that the data stay below the event markers
  (:func:`event_headroom`); short event labels are kept only when they fit
  (:func:`fit_event_labels`);
* **phase names**: the phases table's labels above the phase bands when they fit, else the
  phase codes with a key under the axes (:func:`fit_phase_labels`).

The decisions use the layout at the time the figure function returns (after a draw without
rendering); they are deterministic, so figures export byte-identically.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np

from casekit._validate import check_int

from . import _style as st
from ._layers import (
    EVENT_LABEL,
    EVENT_STEP,
    EVENT_TOP,
    PHASE_LABEL_OFFSET,
    figure_of,
    line_handle,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.collections import Collection
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox, Transform
    from matplotlib.typing import RcKeyType

    from ._data import Phase

__all__ = ["new_figure", "subplots", "style_axes", "freeze_ticks", "integer_ticks",
           "set_title", "below_xlabel", "legend_below", "figure_legend", "layout",
           "Obstacles", "place_clear", "CANDIDATES", "event_headroom", "fit_event_labels",
           "fit_phase_labels", "add_phase_key", "wrap_long_ylabels", "wrap_at_middle", "Entry",
           "LONG_ENTRY", "text_width", "fill_width",
           "place_floating", "data_top", "raise_top", "cap_raised_axes", "finish"]

TITLE_GAP = 4.0            # points between the phase labels and a title above them
LEGEND_OFFSET = 34.0       # points from the bottom of the axes to a legend under its x label
TEXT_PAD = 1.5             # points kept free around a placed text
MIN_DATA_FRACTION = 0.5    # event_labels="auto": the data keep this share of the axes height
LABEL_GAP = 2.0            # points between two event labels, and between labels and data
MARKER_GAP = 3.0           # points between the lowest event marker and the highest data point

#: lines whose course is data (besides every labelled series): texts must not cross them
DATA_LINES = ("_casekit_mode", "_casekit_gain", "_casekit_changepoint", "_casekit_reversal",
              "_casekit_course", "_casekit_trajectory", "_casekit_series_baseline",
              "_casekit_series_treatment", "_casekit_baseline_trend")


# -- figures and axes -------------------------------------------------------------------------

HAlign = Literal["left", "center", "right"]
VAlign = Literal["baseline", "bottom", "center", "center_baseline", "top"]
#: a position of a floating text: ``(x, y, ha, va, base, dx, dy)`` (:func:`place_clear`)
Candidate = tuple[float, float, HAlign, VAlign, str, float, float]
#: shared axes of :func:`matplotlib.pyplot.subplots`
Share = Literal["none", "all", "row", "col"]


def renderer_of(fig: Figure) -> RendererBase:
    """``fig.canvas.get_renderer()``: the Agg canvas has it, the base canvas of the stubs not."""
    renderer: RendererBase = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg
    return renderer


def _rc(key: str) -> Any:
    """The active rcParam ``key`` (a key built at run time; the stubs list the keys)."""
    import matplotlib as mpl  # lazy: matplotlib on first use

    return mpl.rcParams[cast("RcKeyType", key)]


def freeze_ticks(ax: Axes) -> None:
    """Copy the active tick rcParams into ``ax`` so they survive the end of the style context
    (ticks are created lazily at draw time, possibly after the style context has ended)."""
    rc = _rc
    for axis in ("x", "y"):
        color = rc(f"{axis}tick.labelcolor")
        ax.tick_params(axis=axis, which="major", labelsize=rc(f"{axis}tick.labelsize"),
                       width=rc(f"{axis}tick.major.width"), length=rc(f"{axis}tick.major.size"),
                       direction=rc(f"{axis}tick.direction"), color=rc(f"{axis}tick.color"),
                       labelcolor=color if color != "inherit" else rc(f"{axis}tick.color"))


def style_axes(ax: Axes) -> None:
    """Give ``ax`` (created by the caller, perhaps outside the style) the active style's
    spines and ticks, so a panel looks the same whoever made its axes."""
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(bool(_rc(f"axes.spines.{side}")))
        ax.spines[side].set_linewidth(_rc("axes.linewidth"))
    freeze_ticks(ax)


def new_figure(ax: Axes | None = None, *, size: tuple[float, float] | None = None,
               nrows: int = 1, ncols: int = 1, sharex: bool | Share = False,
               sharey: bool | Share = False,
               layout: Literal["constrained", "compressed", "tight", "none"] = "constrained",
               style: str | dict[str, Any] | None = "paper") -> tuple[Figure, Any]:
    """A new figure in the active style (or ``ax``'s figure, ``ax`` restyled).

    The axes are an ``Axes`` or an array of them (squeezed), as
    :func:`matplotlib.pyplot.subplots` returns them (typed ``Any`` there as here).
    """
    import matplotlib.pyplot as plt  # lazy: matplotlib on first use

    if ax is not None:
        if style is not None:
            style_axes(ax)
        return figure_of(ax), ax
    fig, axes = plt.subplots(nrows, ncols, figsize=size or st.figsize("single"), sharex=sharex,
                             sharey=sharey, squeeze=True, layout=layout)
    for a in fig.axes:
        freeze_ticks(a)
    return fig, axes


def subplots(nrows: int = 1, ncols: int = 1, *, width: str | float = "single",
             aspect: float | None = None, sharex: bool | Share = False,
             sharey: bool | Share = False,
             style: str | dict[str, Any] | None = "paper") -> tuple[Figure, Any]:
    """A figure with a grid of axes in the casekit style, to compose casekit panels.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes.
    width : {"single", "double"} or float
        Journal column (see :func:`casekit.plot.figsize`) or a width in inches.
    aspect : float, optional
        Height / width; default 0.6 per row of a single-column figure (0.35 per row for a
        double column), so panels keep their proportions.
    sharex, sharey : bool or {"row", "col", "all"}
        As in :func:`matplotlib.pyplot.subplots`.
    style : "paper", None, a matplotlib style name or dict
        Style of the figure (default the casekit paper style).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : Axes or numpy.ndarray of Axes
        As :func:`matplotlib.pyplot.subplots` returns them (squeezed).

    Notes
    -----
    Every casekit figure function draws on a given ``ax=`` in the same style as its own
    figures (open axes, integer ticks on integer scales, the same fonts), and puts its
    legend under that axes, so a composed figure looks like the others. Name panels with
    ``title=`` (left-aligned above the axes, never over the data).

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import changepoint_posterior_plot, subplots
    >>> post = pd.DataFrame({"session": [1, 2, 3], "probability": [0.2, 0.7, 0.1]})
    >>> fig, axes = subplots(2, 1, sharex=True)
    >>> _ = changepoint_posterior_plot(post, ax=axes[0], title="A")
    >>> _ = changepoint_posterior_plot(post, ax=axes[1], title="B")
    """
    nrows, ncols = check_int(nrows, "nrows", minimum=1), check_int(ncols, "ncols", minimum=1)
    st.check_style(style)
    w = st.figsize(width)[0]
    if aspect is None:
        aspect = (0.6 if w <= st.COLUMN_WIDTHS["single"] else 0.35) * nrows
    with st.style_context(style):
        return new_figure(None, size=st.figsize(width, aspect), nrows=nrows, ncols=ncols,
                          sharex=sharex, sharey=sharey, style=style)


def integer_ticks(ax: Axes, axis: str = "both") -> None:
    """Ticks at whole numbers only (sessions, integer scores): never 7.5 on a 0-27 scale."""
    from matplotlib.ticker import MaxNLocator  # lazy: matplotlib on first use

    for name in (("x", "y") if axis == "both" else (axis,)):
        getattr(ax, f"{name}axis").set_major_locator(
            MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))


# -- titles and legends -----------------------------------------------------------------------

def set_title(ax: Axes, title: str, *, pad: float | None = None, **kw: Any) -> None:
    """Axes title, raised above the phase labels when they are drawn on ``ax``.

    Matplotlib keeps a title clear of the tick labels of a top x axis but not of texts drawn
    above the axes; the pad is the labels' offset plus their height (lines x font size x 1.2
    line spacing, + 0.25 for the descent) plus ``TITLE_GAP``, in points.
    """
    labels = [t for t in ax.texts if t.get_label() == "_casekit_phase_label"]
    if labels:
        lines = max(t.get_text().count("\n") + 1 for t in labels)
        size = max(float(t.get_fontsize()) for t in labels)   # a float (stubs: float | str)
        pad = PHASE_LABEL_OFFSET + (1.2 * lines + 0.25) * size + TITLE_GAP
    ax.set_title(title, pad=pad, **kw)


def below_xlabel(ax: Axes, points: float = LEGEND_OFFSET) -> Transform:
    """Axes coordinates shifted down by a fixed distance in points, so that a legend anchored
    at (0.5, 0) sits under the tick labels and the x label whatever the axes height (an
    axes-fraction offset overlaps the label on short axes)."""
    from matplotlib.transforms import ScaledTranslation  # lazy: matplotlib on first use

    return ax.transAxes + ScaledTranslation(0, -points / 72.0, figure_of(ax).dpi_scale_trans)


@dataclass
class Entry:
    """A legend entry whose handle is not an artist with its own label (e.g. a tuple of
    artists drawn on top of each other: a region's colour behind a category's marker)."""

    handle: object
    label: str

    def get_label(self) -> str:
        return self.label


#: legend entries longer than this (characters) are wrapped onto more lines
LONG_ENTRY = 40


def text_width(fig: Figure, text: object, size: float) -> float:
    """Width of ``text`` at font ``size`` in points (the widest of its lines)."""
    from matplotlib.font_manager import FontProperties  # lazy: matplotlib on first use

    renderer = renderer_of(fig)
    prop = FontProperties(size=size)
    px = max(renderer.get_text_width_height_descent(line, prop, ismath=False)[0]
             for line in str(text).split("\n"))
    return px * 72.0 / fig.dpi


def fill_width(fig: Figure, text: object, size: float, width_pt: float) -> str:
    """``text`` wrapped (at spaces) so that no line is wider than ``width_pt`` points."""
    lines: list[str] = []
    line = ""
    for word in str(text).split(" "):
        trial = f"{line} {word}" if line else word
        if line and text_width(fig, trial, size) > width_pt:
            lines.append(line)
            line = word
        else:
            line = trial
    return "\n".join(lines + [line])


def _legend_args(fig: Figure, handles: Sequence[Artist | Entry], ncol: int,
                 width_pt: float) -> dict[str, Any]:
    """Handles, wrapped labels and the number of columns that fit ``width_pt``."""
    from matplotlib.legend_handler import HandlerTuple  # lazy: matplotlib on first use

    labels = [textwrap.fill(str(h.get_label()), LONG_ENTRY) for h in handles]
    size = st.LEGEND_SIZE
    # a column: handle (1.8 em), pad (0.8 em) and the widest label; 1 em between columns
    column = max(text_width(fig, t, size) for t in labels) + (1.8 + 0.8) * size
    fits = int((width_pt - 0.8 * size + 1.0 * size) // (column + 1.0 * size))
    ncol = max(1, min(ncol, len(handles), fits))
    return dict(handles=[h.handle if isinstance(h, Entry) else h for h in handles],
                labels=labels, ncol=ncol, fontsize=size, handlelength=1.8,
                columnspacing=1.0, handler_map={tuple: HandlerTuple(ndivide=1, pad=0.0)})


def legend_below(ax: Axes, handles: Sequence[Artist | Entry], *, ncol: int = 4,
                 title: str | None = None) -> Legend | None:
    """The legend under the x label of ``ax``: outside the data, whatever the axes height;
    as many columns (up to ``ncol``) as the figure width holds; ``title`` (left-aligned, the
    legend's font size) is wrapped to the width of the axes."""
    if not handles:
        return None
    fig = figure_of(ax)
    width = fig.get_size_inches()[0] * 72.0
    kw: dict[str, Any] = {}
    if title:
        axes_width = ax.get_position().width * width
        kw = dict(title=fill_width(fig, title, st.LEGEND_SIZE, axes_width),
                  title_fontsize=st.LEGEND_SIZE, alignment="left")
    return ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0),
                     bbox_transform=below_xlabel(ax), borderaxespad=0.0,
                     **_legend_args(fig, handles, ncol, width), **kw)


def figure_legend(fig: Figure, handles: Sequence[Artist | Entry], *,
                  ncol: int = 4) -> Legend | None:
    """One legend for a figure of several panels, below them (constrained layout keeps room)."""
    if not handles:
        return None
    width = fig.get_size_inches()[0] * 72.0
    return fig.legend(loc="outside lower center", **_legend_args(fig, handles, ncol, width))


# -- layout and geometry ----------------------------------------------------------------------

def layout(fig: Figure) -> RendererBase:
    """``fig.draw_without_rendering()`` without side effects on the figure; returns a renderer.

    Matplotlib picks the renderer from ``savefig.format``; the paper style sets it to PDF, and
    the PDF backend sets ``fig.dpi = 72`` without restoring it when only the renderer is asked
    for. A PNG (Agg) renderer is used instead, and the dpi is restored in any case.
    """
    import matplotlib as mpl  # lazy: matplotlib on first use

    dpi = fig.dpi
    try:
        with mpl.rc_context({"savefig.format": "png"}):
            fig.draw_without_rendering()
    finally:
        if fig.dpi != dpi:
            fig.dpi = dpi
    return renderer_of(fig)


def _points(fig: Figure, pt: Any) -> Any:
    return pt * fig.dpi / 72.0


def _is_data_line(line: Line2D) -> bool:
    label = str(line.get_label())
    return not label.startswith("_") or label in DATA_LINES


def _has_marker(line: Line2D) -> bool:
    return line.get_marker() not in (None, "None", "none", "", " ")


class Obstacles:
    """What a text must not touch in one axes, in display pixels: boxes around plotted points
    (markers, scatter points), bars and other texts, and the segments of data lines."""

    def __init__(self, ax: Axes, renderer: RendererBase, *, lines: Iterable[str] = (),
                 skip: Iterable[Artist] = (), peers: Iterable[Axes] = ()) -> None:
        lines, skip = tuple(lines), tuple(skip)
        boxes: list[tuple[float, ...]] = []
        segs: list[tuple[float, ...]] = []
        for one in (ax, *peers):
            self._add(one, renderer, boxes, segs, lines, skip)
        self.boxes = np.asarray(boxes, float).reshape(-1, 4)
        self.segments = np.asarray(segs, float).reshape(-1, 4)
        self.frame = ax.get_window_extent(renderer)

    def _add(self, ax: Axes, renderer: RendererBase, boxes: list[tuple[float, ...]],
             segs: list[tuple[float, ...]], lines: tuple[str, ...],
             skip: tuple[Artist, ...]) -> None:
        fig = figure_of(ax)
        for line in ax.lines:
            if not line.get_visible() or line in skip:
                continue
            xy = line.get_transform().transform(np.asarray(line.get_xydata(), float))
            ok = np.isfinite(xy).all(axis=1)
            if _has_marker(line):
                r = _points(fig, line.get_markersize() / 2.0 + 0.5)
                boxes += [(x - r, y - r, x + r, y + r) for x, y in xy[ok]]
            if _is_data_line(line) or line.get_label() in lines:
                for a, b in zip(xy[:-1], xy[1:], strict=True):
                    if np.isfinite(a).all() and np.isfinite(b).all():
                        segs.append((*a, *b))
        for coll in ax.collections:
            boxes += self._collection_boxes(coll, fig, skip)
        for cont in ax.containers:
            boxes += [tuple(p.get_window_extent(renderer).extents) for p in getattr(
                cont, "patches", []) if p.get_visible() and p.get_height() > 0]
        for t in ax.texts:
            if t.get_visible() and t.get_text() and t not in skip:
                boxes.append(tuple(t.get_window_extent(renderer).extents))

    @staticmethod
    def _collection_boxes(coll: Collection, fig: Figure,
                          skip: tuple[Artist, ...]) -> list[tuple[float, ...]]:
        from matplotlib.collections import LineCollection, PathCollection  # lazy: matplotlib

        if coll in skip or not coll.get_visible():
            return []
        if isinstance(coll, PathCollection) and not str(coll.get_label()).startswith("_"):
            xy = coll.get_offset_transform().transform(np.asarray(coll.get_offsets(), float))
            sizes = np.broadcast_to(np.asarray(coll.get_sizes(), float), (len(xy),))
            r = _points(fig, np.sqrt(sizes) / 2.0 + 0.5)
            return [(x - s, y - s, x + s, y + s) for (x, y), s in zip(xy, r, strict=True)
                    if np.isfinite(x) and np.isfinite(y)]
        if isinstance(coll, LineCollection) and str(coll.get_label()) == "_casekit_ci":
            out: list[tuple[float, ...]] = []
            for seg in coll.get_segments():
                p = coll.get_transform().transform(np.asarray(seg, float))
                out.append((p[:, 0].min() - 1, p[:, 1].min(), p[:, 0].max() + 1,
                            p[:, 1].max()))
            return out
        return []

    def hit(self, bbox: Bbox) -> bool:
        x0, y0, x1, y1 = bbox.extents
        b = self.boxes
        if len(b) and np.any((b[:, 0] < x1) & (b[:, 2] > x0) & (b[:, 1] < y1) & (b[:, 3] > y0)):
            return True
        return bool(len(self.segments)) and _segments_hit(self.segments, x0, y0, x1, y1)


def _segments_hit(s: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Does any segment (rows x_a, y_a, x_b, y_b) cross the box? (Liang-Barsky clipping)."""
    dx, dy = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
    lo, hi = np.zeros(len(s)), np.ones(len(s))
    ok = np.ones(len(s), bool)
    for p, q in ((-dx, s[:, 0] - x0), (dx, x1 - s[:, 0]), (-dy, s[:, 1] - y0),
                 (dy, y1 - s[:, 1])):
        par = p == 0
        ok &= ~(par & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(par, 0.0, q / np.where(par, 1.0, p))
        lo = np.where(~par & (p < 0), np.maximum(lo, r), lo)
        hi = np.where(~par & (p > 0), np.minimum(hi, r), hi)
    return bool(np.any(ok & (lo <= hi)))


def data_top(ax: Axes) -> float:
    """The highest plotted data value of ``ax`` (points and data lines in data coordinates)."""
    top = -np.inf
    for line in ax.lines:
        if line.get_transform() == ax.transData and (_has_marker(line) or _is_data_line(line)):
            y = np.asarray(line.get_ydata(), float)
            if np.isfinite(y).any():
                top = max(top, float(np.nanmax(y)))
    for coll in ax.collections:
        if str(coll.get_label()).startswith("_"):
            continue
        off = np.asarray(coll.get_offsets(), float)
        if off.size and np.isfinite(off[:, 1]).any():
            top = max(top, float(np.nanmax(off[:, 1])))
    return top if np.isfinite(top) else float(ax.dataLim.y1)


def raise_top(ax: Axes, renderer_free_px: float, value: float) -> bool:
    """Raise the top of the y range so that ``value`` sits ``renderer_free_px`` pixels below
    the top of the axes (never lowers it)."""
    lo, hi = ax.get_ylim()
    height = ax.get_window_extent().height
    if height <= renderer_free_px or not np.isfinite(value) or hi <= lo:
        return False
    need = lo + (value - lo) * height / (height - renderer_free_px)
    if need > hi:
        _raise(ax, need)
        return True
    return False


def _raise(ax: Axes, top: float) -> None:
    """Set the top of the y range, remembering where the data's own range ended."""
    if not hasattr(ax, "_casekit_natural_top"):
        ax._casekit_natural_top = ax.get_ylim()[1]  # type: ignore[attr-defined]  # a casekit tag
    ax.set_ylim(ax.get_ylim()[0], top)


def cap_raised_axes(fig: Figure, axes: Sequence[Axes]) -> None:
    """Where the y range was raised to make room (event strip, labels), the ticks and the
    axis line stop at the top of the data's own range: no "60" on a 0-27 scale."""
    from matplotlib.ticker import MaxNLocator  # lazy: matplotlib on first use

    raised = [a for a in axes if getattr(a, "_casekit_natural_top", None) is not None
              and a.get_ylim()[1] > a._casekit_natural_top]  # type: ignore[attr-defined]  # tag
    if not raised:
        return
    layout(fig)
    for ax in raised:
        natural = getattr(ax, "_casekit_natural_top", None)
        lo, hi = ax.get_ylim()
        if natural is None or hi <= natural:
            continue
        # as many ticks on the data's range as the whole axis would have had on it
        current = ax.yaxis.get_major_locator()
        integer = isinstance(current, MaxNLocator) and current._integer  # type: ignore[attr-defined]  # private
        n = max(3, int(ax.yaxis.get_tick_space() * (natural - lo) / (hi - lo)))
        locator = MaxNLocator(nbins=n, integer=integer,
                              steps=[1, 2, 5, 10] if integer else [1, 2, 2.5, 5, 10])
        ticks = [t for t in locator.tick_values(lo, natural)
                 if lo <= t <= natural + 1e-9 * abs(natural)]
        if len(ticks) >= 2:
            ax.set_yticks(ticks)
            for side in ("left", "right"):
                ax.spines[side].set_bounds(lo, natural)


# -- placing texts clear of the data ----------------------------------------------------------

def place_clear(ax: Axes, text: Text, candidates: Sequence[Candidate], renderer: RendererBase,
                *, lines: Iterable[str] = (), inside: bool = True,
                peers: Iterable[Axes] = ()) -> bool:
    """Move ``text`` to the first candidate position where it touches nothing.

    ``candidates`` are ``(x, y, ha, va, base, dx, dy)``: the anchor in the coordinates of
    ``base`` (``"data"``, ``"axes"``, ``"yaxis"`` = x in axes, y in data, or ``"xaxis"``)
    and an offset in points. Returns False (the text left at the first candidate) when every
    position touches a point, a bar, a data line or another text, or leaves the axes.
    """
    obstacles = Obstacles(ax, renderer, lines=lines, skip=(text,), peers=peers)
    pad = _points(figure_of(ax), TEXT_PAD)
    frame = obstacles.frame.padded(1.0)
    for cand in candidates:
        _move(ax, text, cand)
        box = text.get_window_extent(renderer)
        if inside and not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                           and box.y1 <= frame.y1):
            continue
        if not obstacles.hit(box.padded(pad)):
            return True
    _move(ax, text, candidates[0])
    return False


def _move(ax: Axes, text: Text, cand: Candidate) -> None:
    from matplotlib.transforms import offset_copy  # lazy: matplotlib on first use

    x, y, ha, va, base, dx, dy = cand
    trans = {"data": ax.transData, "axes": ax.transAxes, "yaxis": ax.get_yaxis_transform(),
             "xaxis": ax.get_xaxis_transform()}[base]
    text.set_transform(offset_copy(trans, fig=figure_of(ax), x=dx, y=dy, units="points"))
    text.set_position((x, y))
    text.set_horizontalalignment(ha)
    text.set_verticalalignment(va)


def _cutoff_candidates(text: Text) -> list[Candidate]:
    y = text.get_position()[1]
    out: list[Candidate] = []
    spots: tuple[tuple[float, HAlign], ...] = ((0.995, "right"), (0.005, "left"),
                                               (0.75, "center"), (0.5, "center"),
                                               (0.25, "center"))
    for x, ha in spots:
        out += [(x, y, ha, "bottom", "yaxis", 0.0, 1.0), (x, y, ha, "top", "yaxis", 0.0, -1.5)]
    return out


def _corner_candidates(text: Text) -> list[Candidate]:
    return [(0.99, 0.97, "right", "top", "axes", 0, 0), (0.01, 0.97, "left", "top", "axes", 0, 0),
            (0.99, 0.03, "right", "bottom", "axes", 0, 0),
            (0.01, 0.03, "left", "bottom", "axes", 0, 0)]


def _gain_candidates(text: Text) -> list[Candidate]:
    (x0, x1), (v0, v1) = text._casekit_anchor  # type: ignore[attr-defined]  # casekit tag
    hi = max(v0, v1)
    return [(x1, v0, "left", "center", "data", 4.0, 0.0),
            (x0, v0, "right", "center", "data", -4.0, 0.0),
            (x1, v1, "left", "center", "data", 4.0, 0.0),
            (x0, v1, "right", "center", "data", -4.0, 0.0),
            ((x0 + x1) / 2, hi, "center", "bottom", "data", 0.0, 4.0),
            (x1, hi, "left", "bottom", "data", 4.0, 4.0),
            (x0, hi, "right", "bottom", "data", -4.0, 4.0)]


def _given_candidates(text: Text) -> list[Candidate]:
    return list(text._casekit_candidates)  # type: ignore[attr-defined]  # casekit tag


#: the font size a region name shrinks to when it fits nowhere in its region at full size
SHRUNK_SIZE = 6.0


def place_beside(ax: Axes, text: Text, renderer: RendererBase, *, lines: Iterable[str] = (),
                 peers: Iterable[Axes] = ()) -> bool:
    """Name a region too small to hold its name: first inside it at :data:`SHRUNK_SIZE`, then
    (at the full size) at the free place in the axes nearest to its deepest point (the first
    candidate), with a thin leader line from the name to that point. The leader touches no
    point and no other text. Returns False (the text left at its first candidate) when no
    place is free, or when the text is not tagged ``_casekit_beside`` (an unshaded region, e.g.
    the band around the identity line, is not pointed at)."""
    if not getattr(text, "_casekit_beside", False):
        return False
    cands = _given_candidates(text)
    size = text.get_fontsize()
    text.set_fontsize(min(size, SHRUNK_SIZE))
    if place_clear(ax, text, cands, renderer, lines=lines, peers=peers):
        return True
    text.set_fontsize(size)
    x, y = cands[0][0], cands[0][1]
    tip = ax.transData.transform((x, y))
    obstacles = Obstacles(ax, renderer, lines=lines, skip=(text,), peers=peers)
    pad = _points(figure_of(ax), TEXT_PAD)
    frame = obstacles.frame
    inv = ax.transData.inverted()
    grid = [(frame.x0 + fx * frame.width, frame.y0 + fy * frame.height)
            for fx in np.linspace(0.06, 0.94, 23) for fy in np.linspace(0.04, 0.96, 24)]
    grid.sort(key=lambda p: (p[0] - tip[0]) ** 2 + (p[1] - tip[1]) ** 2)
    for px, py in grid:
        dx, dy = inv.transform((px, py))
        _move(ax, text, (float(dx), float(dy), "center", "center", "data", 0.0, 0.0))
        box = text.get_window_extent(renderer)
        if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                and box.y1 <= frame.y1) or obstacles.hit(box.padded(pad)):
            continue
        if box.padded(pad).contains(*tip):
            continue
        # the leader: from the deepest point to the nearest point of the text's box
        end = (min(max(tip[0], box.x0 - pad), box.x1 + pad),
               min(max(tip[1], box.y0 - pad), box.y1 + pad))
        seg = np.array([[*tip, *end]], float)
        if any(_segments_hit(seg, *b) for b in obstacles.boxes):
            continue
        (x1, y1) = inv.transform(end)
        ax.plot([x, x1], [y, y1], color=text.get_color(), linewidth=0.6, marker="",
                zorder=text.get_zorder(), label="_casekit_region_leader")
        return True
    _move(ax, text, cands[0])
    return False


#: label of a floating text -> (its candidate positions, what to do when none is free, lines
#: besides the data lines that it must not cross). Fallbacks: "legend" = the text is removed
#: and the legend says it; "headroom" = the top of the y range is raised; "drop" = the text is
#: removed (the legend already names what it named); "beside" = :func:`place_beside`, then
#: "drop"
CANDIDATES: dict[str, tuple[Callable[[Text], list[Candidate]], str, tuple[str, ...]]] = {
    "_casekit_cutoff_label": (_cutoff_candidates, "legend", ()),
    "_casekit_case_label": (_corner_candidates, "headroom", ()),
    "_casekit_annotation": (_corner_candidates, "headroom", ()),
    "_casekit_gain_label": (_gain_candidates, "legend", ()),
    "_casekit_region_label": (_given_candidates, "beside",
                              ("_casekit_identity", "_casekit_rc_line", "_casekit_cutoff",
                               "_casekit_region_leader")),
}


def place_floating(fig: Figure, axes: Sequence[Axes], *, legend: bool = True) -> list[Line2D]:
    """Place every floating text of ``axes`` (cutoff, case and gain labels, annotations).

    Returns legend handles for the texts that found no free place (those texts are removed;
    without a legend they stay at their first place, so that nothing is lost); texts that may
    raise the y range get up to five 12 % raises.
    """
    extra: list[Line2D] = []
    renderer: RendererBase | None = None
    for ax in axes:
        for text in [t for t in ax.texts if t.get_label() in CANDIDATES]:
            make, fallback, lines = CANDIDATES[str(text.get_label())]
            peers = _peers(ax, axes)
            renderer = renderer or layout(fig)   # placing a text moves nothing else
            ok = place_clear(ax, text, make(text), renderer, peers=peers, lines=lines)
            tries = 0
            while not ok and fallback == "headroom" and tries < 5:
                lo, hi = ax.get_ylim()
                _raise(ax, hi + 0.12 * (hi - lo))
                renderer = layout(fig)
                ok = place_clear(ax, text, make(text), renderer, peers=peers, lines=lines)
                tries += 1
            if not ok and fallback == "beside":
                ok = place_beside(ax, text, renderer, lines=lines, peers=peers)
            if not ok and fallback in ("drop", "beside") or not ok and fallback == "legend" \
                    and legend:
                if fallback == "legend":
                    extra.append(_text_handle(text))
                text.remove()
    return extra


def _peers(ax: Axes, axes: Iterable[Axes]) -> list[Axes]:
    """Axes drawn over the same area as ``ax`` (a twin y axis)."""
    box = ax.get_position().bounds
    return [a for a in axes if a is not ax and a.get_position().bounds == box]


def _text_handle(text: Text) -> Line2D:
    """The legend entry that replaces a floating text with no free place."""
    if text.get_label() == "_casekit_cutoff_label":
        return line_handle(text.get_text(), color=st.GREY_LINE, linestyle=(0, (4, 2)),
                           linewidth=0.8)
    return line_handle(f"sudden gain: {text.get_text()}", color=text.get_color(),
                       linewidth=2.4)


# -- event strip ------------------------------------------------------------------------------

def event_headroom(fig: Figure, axes: Sequence[Axes]) -> None:
    """Raise each axes' y range so the highest data point stays below the event markers."""
    def rows(ax: Axes) -> list[int]:
        return [r for r in (getattr(line, "_casekit_event_row", None) for line in ax.lines)
                if r is not None]

    todo = [(ax, rows(ax) + [r for a in _peers(ax, axes) for r in rows(a)]) for ax in axes]
    todo = [(ax, mine) for ax, mine in todo if mine]
    if todo:
        layout(fig)      # the heights before any raise (a raise changes no axes height)
    for ax, mine in todo:
        need = EVENT_TOP + max(mine) * EVENT_STEP + 3.0 + MARKER_GAP
        raise_top(ax, _points(fig, need), data_top(ax))


def _event_label_texts(ax: Axes) -> list[Text]:
    return [t for t in ax.texts if t.get_label() == EVENT_LABEL]


def _collide(boxes: Sequence[Bbox], others: Sequence[Bbox], pad: float) -> bool:
    grown = [b.padded(pad / 2.0) for b in boxes]
    if any(a.overlaps(b) for i, a in enumerate(grown) for b in grown[i + 1:]):
        return True
    return any(a.overlaps(o) for a in boxes for o in others)


#: explicit event labels: the data keep at least this share of the axes height under them
MIN_DATA_FRACTION_EXPLICIT = 1.0 / 3.0


def event_label_room(fig: Figure, axes: Sequence[Axes]) -> None:
    """Explicit event labels (``"type"``, ``"note"``, ``"label"``): raise the y range so that
    the labels end above the data, as long as the data keep a third of the axes height
    (longer labels are clipped at the axes and may reach the data)."""
    layout(fig)
    gap = _points(fig, LABEL_GAP)
    for ax in [a for a in axes if _event_label_texts(a)]:
        frame = ax.get_window_extent()
        lowest = min(t.get_window_extent().y0 for t in _event_label_texts(ax))
        room = max((lowest - frame.y0 - gap) / frame.height, MIN_DATA_FRACTION_EXPLICIT)
        raise_top(ax, frame.height * (1.0 - room), data_top(ax))


def fit_event_labels(fig: Figure, axes: Sequence[Axes]) -> None:
    """``event_labels="auto"``: keep the short event labels of each axes only if they fit.

    The labels of an axes fit when no two come closer than ``LABEL_GAP`` points, none
    overlaps another text of the axes (cutoff label, gain label) and the top of the y range
    can be raised so that every label ends ``LABEL_GAP`` points above the highest plotted value
    while the data keep at least ``MIN_DATA_FRACTION`` of the axes height. Otherwise the labels
    are removed (the legend names the event markers) and the y range is left as it was.
    """
    axes = [a for a in axes if _event_label_texts(a)]
    if not axes:
        return
    layout(fig)
    gap = _points(fig, LABEL_GAP)
    changed: dict[Axes, tuple[float, float]] = {}

    def others(ax: Axes) -> list[Bbox]:
        return [t.get_window_extent() for t in ax.texts if t.get_visible() and t.get_text()
                and t.get_label() not in (EVENT_LABEL, "_casekit_phase_label")]

    def drop(ax: Axes) -> None:
        for t in _event_label_texts(ax):
            t.remove()
        if ax in changed:
            ax.set_ylim(*changed.pop(ax))

    for ax in axes:
        boxes = [t.get_window_extent() for t in _event_label_texts(ax)]
        frame = ax.get_window_extent()
        room = (min(b.y0 for b in boxes) - frame.y0 - gap) / frame.height
        if _collide(boxes, others(ax), gap) or room < MIN_DATA_FRACTION:
            drop(ax)
            continue
        before = ax.get_ylim()
        if raise_top(ax, frame.height * (1.0 - room), data_top(ax)):
            changed[ax] = before
    if changed:   # new y limits may move the cutoff label or change the tick labels: recheck
        layout(fig)
        for ax in list(changed):
            boxes = [t.get_window_extent() for t in _event_label_texts(ax)]
            lowest = min(b.y0 for b in boxes)
            top = ax.transData.transform((0.0, data_top(ax)))[1]
            if _collide(boxes, others(ax), gap) or lowest < top or \
                    lowest < ax.get_window_extent().y0:
                drop(ax)


# -- phase labels -----------------------------------------------------------------------------

def wrap_at_middle(text: str) -> str:
    """Break the last line of ``text`` at the space nearest its middle."""
    head, _, last = text.rpartition("\n")
    words = last.split(" ")
    if len(words) < 2:
        return text
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(last) / 2))
    wrapped = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
    return f"{head}\n{wrapped}" if head else wrapped


def _phase_texts(axes: Iterable[Axes]) -> list[Text]:
    return [t for ax in axes for t in ax.texts if t.get_label() == "_casekit_phase_label"]


def _labels_fit(texts: Sequence[Text], renderer: RendererBase | None) -> bool:
    for t in texts:
        ph: Phase = t._casekit_phase  # type: ignore[attr-defined]  # casekit tag
        ax = t.axes
        assert ax is not None   # a phase label is drawn on an axes
        left, right = (ax.transData.transform([[ph.left, 0], [ph.right, 0]])[:, 0])
        if t.get_window_extent(renderer).width > (right - left) - _points(figure_of(ax), 2.0):
            return False
    return True


def fit_phase_labels(fig: Figure, axes: Sequence[Axes],
                     mode: str | None = "auto") -> list[tuple[str, str]]:
    """Phase names above the bands: the phases table's ``label`` where given, when they fit.

    The texts are drawn with the phase codes (so that long labels never take part in the
    first layout). ``mode="auto"``: the labels, wrapped onto two lines if that makes them
    fit; when one still does not fit its band, every phase keeps its code and the ``(code,
    label)`` pairs are returned for a key under the axes (:func:`add_phase_key`).
    ``"label"``: the labels always; ``"phase"`` or None: the codes (no key).
    """
    texts = _phase_texts(axes)
    phases: list[Phase] = [t._casekit_phase for t in texts]  # type: ignore[attr-defined]  # tag
    if not texts or mode in (None, "phase") or all(p.label == p.phase for p in phases):
        return []
    renderer = layout(fig) if mode == "auto" else None    # laid out with the codes
    for t, p in zip(texts, phases, strict=True):
        t.set_text(p.label)
    if mode == "label":
        return []
    if _labels_fit(texts, renderer):
        return []
    for t, p in zip(texts, phases, strict=True):
        t.set_text(wrap_at_middle(p.label) if "\n" not in p.label else p.label)
    if _labels_fit(texts, renderer):
        return []
    for t, p in zip(texts, phases, strict=True):
        t.set_text(p.phase)
    return list(dict.fromkeys((p.phase, p.label) for p in phases if p.label != p.phase))


def add_phase_key(ax: Axes, pairs: Sequence[tuple[str, str]],
                  renderer: RendererBase) -> Text | None:
    """A key under the x label (and legend) of ``ax``: one line per phase, ``"P0: Intake /
    assessment"``, each wrapped to the width of the axes. It takes part in the layout, so a
    figure legend below the panels moves under it.
    """
    if not pairs:
        return None
    fig = figure_of(ax)
    offset = LEGEND_OFFSET
    leg = ax.get_legend()
    if leg is not None:
        offset += leg.get_window_extent(renderer).height * 72.0 / fig.dpi + 3.0
    width = ax.get_window_extent(renderer).width * 72.0 / fig.dpi
    indent = text_width(fig, "      ", st.SMALL_SIZE)
    text = "\n".join(fill_width(fig, f"{code}: {label}", st.SMALL_SIZE, width - indent)
                     .replace("\n", "\n      ") for code, label in pairs)
    return ax.text(0.0, 0.0, text, transform=below_xlabel(ax, offset), ha="left", va="top",
                   fontsize=st.SMALL_SIZE, label="_casekit_phase_key", clip_on=False)


# -- stacked panels ---------------------------------------------------------------------------

def wrap_long_ylabels(fig: Figure, axes: Sequence[Axes]) -> None:
    """A y label (measure + direction note) taller than its axes, or running into the label of
    another panel, gets one more line (its last line split in two), up to twice."""
    for _ in range(2):
        renderer = layout(fig)
        labelled = [a for a in axes if a.get_ylabel()]
        boxes = {a: a.yaxis.label.get_window_extent(renderer) for a in labelled}
        # too tall for its own axes, or (centred on a panel whose event strip makes it look
        # tall enough) running into a neighbour's label
        tall = [a for a in labelled
                if boxes[a].height > a.get_window_extent(renderer).height
                or any(boxes[a].overlaps(boxes[b]) for b in labelled if b is not a)]
        if not tall:
            return
        for a in tall:
            a.set_ylabel(wrap_at_middle(a.get_ylabel()))


# -- the finishing sequence -------------------------------------------------------------------

#: casekit's own figures at their default size grow so that no panel keeps less than this
#: share of the height it had before the legend and the phase key were added
KEEP_HEIGHT = 0.75


def _axes_heights(fig: Figure, axes: Sequence[Axes]) -> list[float]:
    """Heights of the axes (inches) in the figure as it is laid out now."""
    layout(fig)
    return [a.get_window_extent().height / fig.dpi for a in axes]


def _keep_heights(fig: Figure, axes: Sequence[Axes], before: Sequence[float],
                  texts: Sequence[Artist | None]) -> None:
    """Make the figure taller by what the legend and the phase key take beyond the
    ``1 - KEEP_HEIGHT`` share of the panels' height that they may use. Their heights are the
    texts' own extents (no layout runs while a panel may have collapsed)."""
    renderer = renderer_of(fig)
    extra = sum(t.get_window_extent(renderer).height for t in texts if t is not None) / fig.dpi
    rows = len({round(a.get_position().y0, 6) for a in axes})
    room = (1.0 - KEEP_HEIGHT) * min(before) * rows
    if extra <= room:
        return
    fig.set_figheight(fig.get_figheight() + extra - room)
    # paddings make the texts take a little more than their extents: measure once more
    short = max(KEEP_HEIGHT * b - h for b, h in zip(before, _axes_heights(fig, axes),
                                                      strict=True))
    if short > 0:
        fig.set_figheight(fig.get_figheight() + short * rows)


def finish(fig: Figure, axes: Iterable[Axes], *, handles: Sequence[Artist | Entry] = (),
           legend: bool = True, legend_ax: Axes | None = None, title: str | None = None,
           title_ax: Axes | None = None, event_labels: str | None = "auto",
           phase_label: str | None = "auto", key_ax: Axes | None = None,
           stacked: bool = False, grow: bool = False, legend_title: str | None = None) -> None:
    """Finish a figure of series panels, in this order: legend (below ``legend_ax``, or below
    the figure when ``legend_ax`` is None and there are several axes), phase names (and their
    key under ``key_ax``), title, room for the event strip, event labels (``"auto"``), texts
    clear of the data; a text with no free place moves into the legend, which is then
    rebuilt and the texts placed again. ``stacked``: panels one above the other, whose long
    y labels are wrapped when they run into each other. ``grow``: the figure is casekit's
    own at its default size, so a phase key makes it taller instead of squeezing the
    panels."""
    axes = list(axes)
    if legend_ax is None and len(axes) == 1:
        legend_ax = axes[0]
    key_ax = key_ax if key_ax is not None else (legend_ax or axes[-1])

    def make_legend(extra: Iterable[Artist | Entry]) -> None:
        hs = list(handles) + list(extra)
        if not legend or not hs:
            return
        if legend_ax is not None:
            legend_below(legend_ax, hs, title=legend_title)
        else:
            for old in list(fig.legends):
                old.remove()
            figure_legend(fig, hs)

    heights = _axes_heights(fig, axes) if grow else None
    make_legend([])
    wrap_long_ylabels(fig, axes)
    pairs = fit_phase_labels(fig, axes, phase_label)
    # the layout of fit_phase_labels holds: the key goes under the legend it measured
    key = add_phase_key(key_ax, pairs, renderer_of(fig)) if pairs else None
    if grow:
        assert heights is not None      # measured above when grow
        legends = [legend_ax.get_legend()] if legend_ax is not None else list(fig.legends)
        _keep_heights(fig, axes, heights, legends + [key])
    if key is not None:         # the key took height from the panels (or kept only a share)
        wrap_long_ylabels(fig, axes)
    for ax in axes:     # panel titles already set are raised above the phase labels
        for loc in ("left", "center"):
            if ax.get_title(loc) and not (title and ax is (title_ax or axes[0])):
                old = ax._left_title if loc == "left" else ax.title  # type: ignore[attr-defined]
                set_title(ax, old.get_text(), loc=loc, fontsize=old.get_fontsize())
    if title:
        set_title(title_ax or axes[0], title)
    event_headroom(fig, axes)
    if event_labels == "auto":
        fit_event_labels(fig, axes)
    elif event_labels is not None:
        event_label_room(fig, axes)
    extra, shown = place_floating(fig, axes, legend=bool(legend)), []
    while extra:      # a legend that grew moves the axes: place the other texts again
        shown += extra
        make_legend(shown)
        if key is not None:
            key.remove()
            key = add_phase_key(key_ax, pairs, layout(fig))
        extra = place_floating(fig, axes)    # ends: every text that fails is removed
    cap_raised_axes(fig, axes)

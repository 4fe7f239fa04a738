"""Drawing layers shared by the figures (called after validation, inside the style context).

Artists carry labels starting with ``_casekit_`` (hidden from legends) so that tests and users
can find them: ``[l for l in ax.lines if l.get_label() == "_casekit_phase_line"]``. Each layer
draws; none decides where a legend or a label goes (``casekit.plot._figure`` does, once the
figure is laid out). Matplotlib is imported on first use (``# lazy:``), so importing
``casekit.plot`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from casekit._robust_lines import theil_sen

from . import _style as st
from ._data import ChangePoint, Event, Phase, Series

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

__all__ = ["EVENT_TOP", "EVENT_STEP", "EVENT_LABEL", "PHASE_LABEL_OFFSET", "broken_line",
           "draw_line", "draw_phases", "draw_band", "draw_cutoff", "draw_events",
           "draw_changepoints", "phase_stat_segments", "baseline_trend_line", "line_handle",
           "patch_handle", "marker_handle", "BAND_STYLE", "CHANGE_COLOR", "figure_of"]

# The event strip: marker rows at fixed distances (points) below the top of the axes, so that
# markers never sit on the edge of the axes whatever its height; the y range is raised so the
# data stay below the strip (casekit.plot._figure.event_headroom).
EVENT_TOP = 6.0            # points from the top of the axes to the first row of markers
EVENT_STEP = 7.5           # points between two rows (events of one session are stacked)
EVENT_LABEL = "_casekit_event_label"
PHASE_LABEL_OFFSET = 1.5   # points between the top of the axes and the phase labels

#: the reliable-change band (light sky blue)
BAND_STYLE: dict[str, Any] = dict(color=st.PALETTE["skyblue"], alpha=0.25, lw=0)
CHANGE_COLOR = st.PALETTE["vermillion"]


def figure_of(artist: Artist) -> Figure:
    """The figure of an axes or artist (casekit draws on figures, not on subfigures)."""
    return cast("Figure", artist.figure)


def line_handle(label: str, **kw: Any) -> Line2D:
    import matplotlib.lines as mlines  # lazy: matplotlib on first use

    return mlines.Line2D([], [], label=label, **kw)


def marker_handle(label: str, marker: str, **kw: Any) -> Line2D:
    return line_handle(label, linestyle="none", marker=marker, **kw)


def patch_handle(label: str, **kw: Any) -> Patch:
    import matplotlib.patches as mpatches  # lazy: matplotlib on first use

    return mpatches.Patch(label=label, **kw)


def broken_line(x: np.ndarray, y: np.ndarray, max_step: float) -> tuple[np.ndarray, np.ndarray]:
    """Insert NaN between consecutive points more than ``max_step`` apart on x.

    NaN values in ``y`` already break a matplotlib line; the inserted NaNs also break it where
    sessions (or weeks, dates) are missing, so a line is never drawn across a gap.
    """
    if len(x) < 2:
        return x.astype(float), y.astype(float)
    gaps = np.flatnonzero(np.diff(x) > max_step + 1e-9)
    xs = np.insert(x.astype(float), gaps + 1, np.nan)
    ys = np.insert(y.astype(float), gaps + 1, np.nan)
    return xs, ys


def draw_line(ax: Axes, x: np.ndarray, y: np.ndarray, *, max_step: float, index: int = 0,
              label: str | None = None, zorder: float = 3) -> Line2D:
    xs, ys = broken_line(np.asarray(x, float), np.asarray(y, float), max_step)
    i = index % len(st.SERIES_COLORS)
    (line,) = ax.plot(xs, ys, color=st.SERIES_COLORS[i], marker=st.SERIES_MARKERS[i],
                      linestyle=st.SERIES_LINESTYLES[i], label=label, zorder=zorder,
                      markerfacecolor=st.SERIES_COLORS[i])
    return line


def draw_phases(ax: Axes, phases: list[Phase], *, lines: bool = True, shade: bool = True,
                labels: bool = True) -> None:
    """Dashed lines midway between phases, light bands on every other phase, labels on top.

    The labels sit a fixed distance (``PHASE_LABEL_OFFSET`` points) above the axes, so that a
    title can be placed clear of them whatever the axes height.
    """
    from matplotlib.transforms import offset_copy  # lazy: matplotlib on first use

    trans = ax.get_xaxis_transform()
    label_trans = offset_copy(trans, fig=figure_of(ax), y=PHASE_LABEL_OFFSET, units="points")
    for i, ph in enumerate(phases):
        if shade and i % 2 == 0:
            ax.axvspan(ph.left, ph.right, color=st.GREY_BAND, alpha=st.BAND_ALPHA, lw=0,
                       zorder=0, label="_casekit_phase_band")
        if lines and i > 0:
            ax.axvline(ph.left, color=st.GREY_LINE, linestyle="--", linewidth=0.8, zorder=1,
                       label="_casekit_phase_line")
        if labels:
            # the code first: casekit.plot._figure.fit_phase_labels puts the label when it fits
            t = ax.text((ph.left + ph.right) / 2.0, 1.0, ph.phase, transform=label_trans,
                        ha="center", va="bottom", fontsize=st.SMALL_SIZE + 0.5, clip_on=False,
                        label="_casekit_phase_label")
            # the phase behind the text (fit_phase_labels)
            t._casekit_phase = ph  # type: ignore[attr-defined]  # a casekit tag


def draw_cutoff(ax: Axes, value: float, text: str) -> None:
    """A dashed horizontal cutoff line and its label (placed clear of the data later)."""
    ax.axhline(value, color=st.GREY_LINE, linestyle=(0, (4, 2)), linewidth=0.8, zorder=1,
               label="_casekit_cutoff")
    ax.text(0.995, value, text, transform=ax.get_yaxis_transform(), ha="right",
            va="bottom", fontsize=st.SMALL_SIZE, color=st.GREY_LINE,
            label="_casekit_cutoff_label")


def draw_band(ax: Axes, lower: float, upper: float, center: float | None = None) -> None:
    ax.axhspan(lower, upper, zorder=0.5, label="_casekit_rci_band", **BAND_STYLE)
    if center is not None:
        ax.axhline(center, color=st.PALETTE["blue"], linestyle=":", linewidth=0.8, zorder=1,
                   label="_casekit_rci_center")


def draw_events(ax: Axes, events: Iterable[Event], *, labels: bool = True) -> list[Line2D]:
    """Event markers in a strip along the top of the axes (x in data, y in points from the
    top); events of one session are stacked in rows.

    Label texts (``_casekit_event_label``) run down from under the markers; they take no part
    in the constrained layout (long notes would squeeze the axes to nothing) and are clipped
    at the axes edges. ``casekit.plot._figure.fit_event_labels`` decides whether they fit
    (``"auto"``). Returns one legend handle per event type.
    """
    from matplotlib.transforms import offset_copy  # lazy: matplotlib on first use

    base = ax.get_xaxis_transform()
    groups: dict[float, list[Event]] = {}
    for ev in events:
        groups.setdefault(ev.x, []).append(ev)
    seen: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for xpos, evs in groups.items():
        for k, ev in enumerate(evs):
            fc = "black" if ev.filled else "white"
            fill: dict[str, Any] = ({"fillstyle": "left", "markerfacecoloralt": "white"}
                                    if ev.filled == "half" else {})
            trans = offset_copy(base, fig=figure_of(ax), y=-(EVENT_TOP + k * EVENT_STEP),
                                units="points")
            line = ax.plot([ev.x], [1.0], linestyle="none", marker=ev.marker, color="black",
                           markerfacecolor=fc, markersize=5.5 if ev.marker == "*" else 4.5,
                           transform=trans, clip_on=False, zorder=5,
                           label=f"_casekit_event_{ev.event}", **fill)[0]
            line._casekit_event_row = k  # type: ignore[attr-defined]  # a casekit tag
            seen.setdefault(ev.event, (ev.marker, fc, fill))
        text = ", ".join(dict.fromkeys(e.label for e in evs if e.label))
        if labels and text:
            trans = offset_copy(base, fig=figure_of(ax),
                                y=-(EVENT_TOP + (len(evs) - 1) * EVENT_STEP + 4.0),
                                units="points")
            t = ax.text(xpos, 1.0, text, transform=trans, rotation=90, ha="center", va="top",
                        fontsize=st.SMALL_SIZE, zorder=5, clip_on=True, label=EVENT_LABEL)
            t.set_in_layout(False)
    # stars read small beside triangles at the same size (as on the strip above)
    return [marker_handle(name.replace("_", " "), mk, color="black", markerfacecolor=fc,
                          **({"markersize": 8.0} if mk == "*" else {}), **fill)
            for name, (mk, fc, fill) in seen.items()]


def draw_changepoints(ax: Axes, cps: Iterable[ChangePoint]) -> None:
    for cp in cps:
        if cp.lower is not None and cp.upper is not None and cp.upper > cp.lower:
            ax.axvspan(cp.lower, cp.upper, facecolor="none", edgecolor=CHANGE_COLOR,
                       hatch="////", lw=0, alpha=0.6, zorder=0.8,
                       label="_casekit_changepoint_interval")
        ax.axvline(cp.x, color=CHANGE_COLOR, linestyle="-", linewidth=1.2, zorder=2,
                   label="_casekit_changepoint")


def _phase_mask(series: Series, ph: Phase) -> npt.NDArray[np.bool_]:
    mask: npt.NDArray[np.bool_] = ((series.sessions >= ph.first) & (series.sessions <= ph.last)
                                   & series.observed)
    return mask


def phase_stat_segments(ax: Axes, series: Series, phases: Iterable[Phase], stat: str, *,
                        color: str = "0.25") -> None:
    """Per-phase mean / median line or OLS trend over the observed points of the phase."""
    for ph in phases:
        m = _phase_mask(series, ph)
        if not m.any() or (stat == "trend" and m.sum() < 2):
            continue
        x, y = series.x[m], series.values[m]
        xs = [x.min(), x.max()]
        if stat == "mean":
            ys = [y.mean()] * 2
        elif stat == "median":
            ys = [float(np.median(y))] * 2
        else:  # trend
            b, a = np.polyfit(x, y, 1)
            ys = [a + b * xs[0], a + b * xs[1]]
        ax.plot(xs, ys, color=color, linestyle="-", linewidth=1.6, alpha=0.8, marker="",
                zorder=2, label=f"_casekit_phase_{stat}")


def baseline_trend_line(ax: Axes, series: Series, base: Phase, *, method: str = "ols",
                        color: str | None = None) -> Line2D | None:
    """Baseline trend extrapolated over the series: OLS or Theil-Sen (as Tau-BC uses)."""
    m = _phase_mask(series, base)
    if m.sum() < 2:
        return None
    x, y = series.x[m], series.values[m]
    b, a = theil_sen(y, x) if method == "theil_sen" else np.polyfit(x, y, 1)
    xs = np.array([x.min(), np.nanmax(series.x)])
    (line,) = ax.plot(xs, a + b * xs, color=color or st.PALETTE["purple"], linestyle=":",
                      linewidth=1.2, marker="", zorder=2, label="_casekit_baseline_trend")
    return line

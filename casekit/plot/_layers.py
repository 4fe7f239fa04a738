"""Drawing layers shared by the figures (called after validation, inside the style context).

Artists carry labels starting with ``_casekit_`` (hidden from legends) so that tests and users
can find them: ``[l for l in ax.lines if l.get_label() == "_casekit_phase_line"]``.
"""

from __future__ import annotations

import numpy as np

from . import _style as st
from ._data import Phase, broken_line

EVENT_FONTSIZE = 7.0   # short event labels; the style's 8 pt for everything else
PHASE_LABEL_OFFSET = 1.5   # points between the top of the axes and the phase labels
TITLE_GAP = 4.0            # points between the phase labels and a title above them


def direction_note(measure, improvement=None) -> tuple[str | None, str | None]:
    """``("higher = better alliance", "increase")`` from the registry (or ``improvement``)."""
    construct = ""
    if improvement is None:
        try:
            from casekit.registry import get_instrument

            inst = get_instrument(measure)
        except (KeyError, ValueError, TypeError):
            return None, None
        improvement = inst.improvement
        construct = inst.construct or ""
    else:
        try:
            from casekit.registry import get_instrument

            construct = get_instrument(measure).construct or ""
        except (KeyError, ValueError, TypeError):
            construct = ""
    # keep the note short enough for a single-column y label (e.g. "higher = better alliance")
    word = construct if len(construct) <= 12 else construct.split()[-1] if construct else ""
    if len(word) > 12:
        word = ""
    if improvement == "increase":
        text = f"higher = better {word}".strip()
    else:
        text = f"lower = better ({word})" if word else "lower = better"
    return text, improvement


def draw_line(ax, x, y, *, max_step, index=0, label=None, color=None, marker=None,
              linestyle=None, zorder=3):
    xs, ys = broken_line(np.asarray(x, float), np.asarray(y, float), max_step)
    i = index % len(st.SERIES_COLORS)
    (line,) = ax.plot(xs, ys, color=color or st.SERIES_COLORS[i],
                      marker=marker or st.SERIES_MARKERS[i],
                      linestyle=linestyle or st.SERIES_LINESTYLES[i], label=label,
                      zorder=zorder, markerfacecolor=color or st.SERIES_COLORS[i])
    return line


def draw_phases(ax, phases: list[Phase], *, lines=True, shade=True, labels=True):
    """Dashed lines midway between phases, light bands on every other phase, labels on top.

    The labels sit a fixed distance (``PHASE_LABEL_OFFSET`` points) above the axes, so that
    :func:`set_title` can place a title clear of them whatever the axes height.
    """
    from matplotlib.transforms import offset_copy

    trans = ax.get_xaxis_transform()
    label_trans = offset_copy(trans, fig=ax.figure, y=PHASE_LABEL_OFFSET, units="points")
    for i, ph in enumerate(phases):
        if shade and i % 2 == 0:
            ax.axvspan(ph.left, ph.right, color=st.GREY_BAND, alpha=st.BAND_ALPHA, lw=0,
                       zorder=0, label="_casekit_phase_band")
        if lines and i > 0:
            ax.axvline(ph.left, color=st.GREY_LINE, linestyle="--", linewidth=0.8, zorder=1,
                       label="_casekit_phase_line")
        if labels:
            ax.text((ph.left + ph.right) / 2.0, 1.0, ph.label, transform=label_trans,
                    ha="center", va="bottom", fontsize=EVENT_FONTSIZE + 0.5, clip_on=False,
                    label="_casekit_phase_label")


def set_title(ax, title, *, pad=None):
    """Axes title, raised above the phase labels when they are drawn on ``ax``.

    Matplotlib keeps a title clear of the tick labels of a top x axis but not of texts drawn
    above the axes; the pad is the labels' offset plus their height (lines x font size x 1.2
    line spacing, + 0.25 for the descent) plus ``TITLE_GAP``, in points.
    """
    labels = [t for t in ax.texts if t.get_label() == "_casekit_phase_label"]
    if labels:
        lines = max(t.get_text().count("\n") + 1 for t in labels)
        size = max(t.get_fontsize() for t in labels)
        pad = PHASE_LABEL_OFFSET + (1.2 * lines + 0.25) * size + TITLE_GAP
    ax.set_title(title, pad=pad)


def draw_cutoff(ax, value, text):
    ax.axhline(value, color=st.GREY_LINE, linestyle=(0, (4, 2)), linewidth=0.8, zorder=1,
               label="_casekit_cutoff")
    ax.text(0.995, value, text, transform=ax.get_yaxis_transform(), ha="right",
            va="bottom", fontsize=EVENT_FONTSIZE, color=st.GREY_LINE,
            label="_casekit_cutoff_label")


def draw_band(ax, lower, upper, center=None, *, label="reliable-change band"):
    ax.axhspan(lower, upper, color=st.PALETTE["skyblue"], alpha=0.25, lw=0, zorder=0.5,
               label="_casekit_rci_band")
    if center is not None:
        ax.axhline(center, color=st.PALETTE["blue"], linestyle=":", linewidth=0.8, zorder=1,
                   label="_casekit_rci_center")


def draw_events(ax, events, *, labels=True, y=0.97, step=0.075):
    """Event markers along the top of the axes (x in data, y in axes fraction).

    Label texts (``_casekit_event_label``) run down from under the markers; they take no part
    in the constrained layout (long notes would squeeze the axes to nothing) and are clipped
    at the axes edges. :func:`fit_event_labels` decides whether they fit (``"auto"``).
    """
    import matplotlib.lines as mlines

    trans = ax.get_xaxis_transform()
    groups: dict[float, list] = {}
    for ev in events:
        groups.setdefault(ev.x, []).append(ev)
    seen = {}
    for xpos, evs in groups.items():
        for k, ev in enumerate(evs):
            yy = y - k * step
            fc = "black" if ev.filled else "white"
            ax.plot([ev.x], [yy], linestyle="none", marker=ev.marker, color="black",
                    markerfacecolor=fc, markersize=5.5 if ev.marker == "*" else 4.5,
                    transform=trans, clip_on=False, zorder=5,
                    label=f"_casekit_event_{ev.event}")
            seen.setdefault(ev.event, (ev.marker, fc))
        text = ", ".join(dict.fromkeys(e.label for e in evs if e.label))
        if labels and text:
            t = ax.text(xpos, y - (len(evs) - 0.4) * step, text, transform=trans, rotation=90,
                        ha="center", va="top", fontsize=EVENT_FONTSIZE, zorder=5,
                        clip_on=True, label="_casekit_event_label")
            t.set_in_layout(False)
    handles = [mlines.Line2D([], [], linestyle="none", marker=mk, color="black",
                             markerfacecolor=fc, label=name.replace("_", " "))
               for name, (mk, fc) in seen.items()]
    return handles


def draw_changepoints(ax, cps, color=None):
    color = color or st.PALETTE["vermillion"]
    for cp in cps:
        if cp.lower is not None and cp.upper is not None and cp.upper > cp.lower:
            ax.axvspan(cp.lower, cp.upper, facecolor="none", edgecolor=color, hatch="////",
                       lw=0, alpha=0.6, zorder=0.8, label="_casekit_changepoint_interval")
        ax.axvline(cp.x, color=color, linestyle="-", linewidth=1.2, zorder=2,
                   label="_casekit_changepoint")


def phase_stat_segments(ax, series, phases, stat, *, color="0.25"):
    """Per-phase mean / median line or OLS trend over the observed points of the phase."""
    for ph in phases:
        m = (series.sessions >= ph.first) & (series.sessions <= ph.last) & ~np.isnan(
            series.values)
        if not m.any():
            continue
        x, y = series.x[m], series.values[m]
        if stat == "mean":
            xs, ys = [x.min(), x.max()], [y.mean()] * 2
        elif stat == "median":
            xs, ys = [x.min(), x.max()], [float(np.median(y))] * 2
        else:  # trend
            if m.sum() < 2:
                continue
            b, a = np.polyfit(x, y, 1)
            xs = [x.min(), x.max()]
            ys = [a + b * xs[0], a + b * xs[1]]
        ax.plot(xs, ys, color=color, linestyle="-", linewidth=1.6, alpha=0.8, marker="",
                zorder=2, label=f"_casekit_phase_{stat}")


def baseline_trend_line(ax, series, base: Phase, *, method="ols", color=None):
    """Baseline trend extrapolated over the series: OLS or Theil-Sen (as Tau-BC uses)."""
    m = (series.sessions >= base.first) & (series.sessions <= base.last) & ~np.isnan(
        series.values)
    if m.sum() < 2:
        return None
    x, y = series.x[m], series.values[m]
    if method == "theil_sen":
        from casekit._robust_lines import theil_sen

        b, a = theil_sen(y, x)
    else:
        b, a = np.polyfit(x, y, 1)
    xs = np.array([x.min(), np.nanmax(series.x)])
    (line,) = ax.plot(xs, a + b * xs, color=color or st.PALETTE["purple"], linestyle=":",
                      linewidth=1.2, marker="", zorder=2, label="_casekit_baseline_trend")
    return line


# event_labels="auto": the data keep at least this share of the axes height under the labels
MIN_DATA_FRACTION = 0.5
LABEL_GAP = 2.0   # points between two labels, and between the labels and the data


def _event_label_texts(ax):
    return [t for t in ax.texts if t.get_label() == "_casekit_event_label"]


def _collide(boxes, others, pad) -> bool:
    grown = [b.padded(pad / 2.0) for b in boxes]
    if any(a.overlaps(b) for i, a in enumerate(grown) for b in grown[i + 1:]):
        return True
    return any(a.overlaps(o) for a in boxes for o in others)


def _layout(fig) -> None:
    """``fig.draw_without_rendering()`` without side effects on the figure.

    Matplotlib picks the renderer from ``savefig.format``; the paper style sets it to PDF, and
    the PDF backend sets ``fig.dpi = 72`` without restoring it when only the renderer is asked
    for. A PNG (Agg) renderer is used instead, and the dpi is restored in any case.
    """
    import matplotlib as mpl

    dpi = fig.dpi
    try:
        with mpl.rc_context({"savefig.format": "png"}):
            fig.draw_without_rendering()
    finally:
        if fig.dpi != dpi:
            fig.dpi = dpi


def fit_event_labels(fig, axes) -> None:
    """``event_labels="auto"``: keep the short event labels of each axes only if they fit.

    The figure is laid out first (a draw without rendering, which applies the constrained
    layout). The labels of an axes fit when no two come closer than
    ``LABEL_GAP`` points, none overlaps another text of the axes (cutoff label, gain label)
    and the top of the y range can be raised so that every label ends ``LABEL_GAP`` points
    above the highest plotted value while the data keep at least ``MIN_DATA_FRACTION`` of the
    axes height. Otherwise the labels are removed (the legend names the event markers) and the
    y range is left as it was. The decision uses the layout at the time of the call.
    """
    axes = [a for a in axes if _event_label_texts(a)]
    if not axes:
        return
    _layout(fig)
    px = fig.dpi / 72.0
    changed = {}

    def others(ax):
        return [t.get_window_extent() for t in ax.texts if t.get_visible()
                and t.get_text() and t.get_label() not in ("_casekit_event_label",
                                                           "_casekit_phase_label")]

    def drop(ax):
        for t in _event_label_texts(ax):
            t.remove()
        if ax in changed:
            ax.set_ylim(*changed.pop(ax))

    for ax in axes:
        texts = _event_label_texts(ax)
        boxes = [t.get_window_extent() for t in texts]
        if _collide(boxes, others(ax), LABEL_GAP * px):
            drop(ax)
            continue
        frame = ax.get_window_extent()
        room = (min(b.y0 for b in boxes) - frame.y0 - LABEL_GAP * px) / frame.height
        lo, top = ax.get_ylim()
        y1 = float(ax.dataLim.y1)
        if room < MIN_DATA_FRACTION or not np.isfinite(y1) or top <= lo:
            drop(ax)
            continue
        need = lo + (y1 - lo) / room
        if need > top:
            changed[ax] = (lo, top)
            ax.set_ylim(lo, need)
    if changed:   # new y limits may move the cutoff label or change the tick labels: recheck
        _layout(fig)
        for ax in list(changed):
            boxes = [t.get_window_extent() for t in _event_label_texts(ax)]
            frame = ax.get_window_extent()
            lowest = min(b.y0 for b in boxes)
            y_top = ax.transData.transform((0.0, float(ax.dataLim.y1)))[1]
            if _collide(boxes, others(ax), LABEL_GAP * px) or lowest < y_top or \
                    lowest < frame.y0:
                drop(ax)

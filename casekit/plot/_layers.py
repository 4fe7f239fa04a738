"""Drawing layers shared by the figures (called after validation, inside the style context).

Artists carry labels starting with ``_casekit_`` (hidden from legends) so that tests and users
can find them: ``[l for l in ax.lines if l.get_label() == "_casekit_phase_line"]``.
"""

from __future__ import annotations

import numpy as np

from . import _style as st
from ._data import Phase, broken_line

EVENT_FONTSIZE = 7.0   # short event labels; the style's 8 pt for everything else


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
    """Dashed lines midway between phases, light bands on every other phase, labels on top."""
    trans = ax.get_xaxis_transform()
    for i, ph in enumerate(phases):
        if shade and i % 2 == 0:
            ax.axvspan(ph.left, ph.right, color=st.GREY_BAND, alpha=st.BAND_ALPHA, lw=0,
                       zorder=0, label="_casekit_phase_band")
        if lines and i > 0:
            ax.axvline(ph.left, color=st.GREY_LINE, linestyle="--", linewidth=0.8, zorder=1,
                       label="_casekit_phase_line")
        if labels:
            ax.text((ph.left + ph.right) / 2.0, 1.01, ph.label, transform=trans, ha="center",
                    va="bottom", fontsize=EVENT_FONTSIZE + 0.5, clip_on=False,
                    label="_casekit_phase_label")


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
    """Event markers along the top of the axes (x in data, y in axes fraction)."""
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
            ax.text(xpos, y - (len(evs) - 0.4) * step, text, transform=trans, rotation=90,
                    ha="center", va="top", fontsize=EVENT_FONTSIZE, zorder=5,
                    label="_casekit_event_label")
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


def baseline_trend_line(ax, series, base: Phase, *, color=None):
    m = (series.sessions >= base.first) & (series.sessions <= base.last) & ~np.isnan(
        series.values)
    if m.sum() < 2:
        return None
    x, y = series.x[m], series.values[m]
    b, a = np.polyfit(x, y, 1)
    xs = np.array([x.min(), np.nanmax(series.x)])
    (line,) = ax.plot(xs, a + b * xs, color=color or st.PALETTE["purple"], linestyle=":",
                      linewidth=1.2, marker="", zorder=2, label="_casekit_baseline_trend")
    return line

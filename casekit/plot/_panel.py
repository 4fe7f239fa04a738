"""One series panel: its validated specification and how it is drawn.

``prepare_series_spec`` reads the inputs (series, phases, events, change points, cutoff, RCI
band, direction) before anything is drawn; ``draw_series_spec`` draws a spec on an axes and
returns its legend handles. Session series, alliance/symptom panels, multiple baselines,
sudden gains and rupture-repair figures are all built from these two functions, so they look
alike.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit._validate import check_float, check_option

from . import _layers as layers
from ._data import (
    ChangePoint,
    Event,
    Phase,
    Series,
    baseline_phase,
    case_rows,
    is_whole,
    prepare_changepoints,
    prepare_events,
    prepare_phases,
    select_series,
    table_of,
)
from ._figure import integer_ticks
from ._labels import axis_label, direction_of, instrument_of, points_text
from ._labels import direction_note as note_of

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.ticker import Formatter, Locator

    from casekit.registry import Instrument

__all__ = ["SeriesSpec", "prepare_series_spec", "draw_series_spec", "PHASE_LABELS",
           "PHASE_STATS", "TREND_METHODS", "BAND_SIDES", "X_LABELS"]

PHASE_STATS = (None, "mean", "median", "trend")
PHASE_LABELS = ("auto", "label", "phase")
TREND_METHODS = ("ols", "theil_sen")
BAND_SIDES = ("both", "improvement")
X_LABELS = {"session": "Session", "week": "Week", "date": "Date"}


@dataclass
class SeriesSpec:
    """Everything a series panel needs, validated before anything is drawn."""

    series: Series
    phases: list[Phase]
    events: list[Event]
    changepoints: list[ChangePoint]
    cutoff: tuple[float, str] | None
    band: dict[str, Any] | None
    direction: str | None          # the direction note ("depression; lower = better")
    improvement: str | None
    max_step: float
    phase_stats: str | None
    baseline_trend: bool
    label: str
    trend_method: str
    ylabel: str


def _resolve_cutoff(cutoff: float | str | None, measure: str,
                    scale: str | None) -> tuple[float, str] | None:
    if cutoff is None or cutoff is False:
        return None
    if isinstance(cutoff, str):
        check_option(cutoff, "cutoff", ("instrument",))
        inst = instrument_of(measure)
        if inst is None or inst.cutoff is None:
            raise ValueError(f"cutoff='instrument' but {measure!r} has no clinical cutoff in the "
                             "registry; pass the cutoff as a number (with its source)")
        c = inst.cutoff
        if c.scale != scale:
            raise ValueError(f"the registry cutoff of {measure!r} is for scale {c.scale!r}, not "
                             f"{scale!r}; pass the cutoff as a number")
        return float(c.value), f"cutoff {c.value:g}"
    v = check_float(cutoff, "cutoff")
    return v, f"cutoff {v:g}"


def _band_from_table(rci_band: object, series: Series) -> dict[str, Any]:
    """A session reliable-change table (or result): drawn as given."""
    tab = table_of(rci_band, "rci_band")
    need = ("session", "band_lower", "band_upper")
    miss = [c for c in need if c not in tab.columns]
    if miss:
        raise ValueError(f"rci_band table lacks columns {miss}; a session reliable-change "
                         f"result has {list(need) + ['reference']}")
    lo = pd.to_numeric(tab["band_lower"]).to_numpy(float)
    hi = pd.to_numeric(tab["band_upper"]).to_numpy(float)
    ses = pd.to_numeric(tab["session"]).to_numpy(float)
    if np.isnan(lo).any() or np.isnan(hi).any():
        raise ValueError("rci_band: band_lower/band_upper contain missing values")
    ref = pd.to_numeric(tab["reference"]).to_numpy(float) if "reference" in tab.columns else None
    if np.allclose(lo, lo[0]) and np.allclose(hi, hi[0]):
        return {"kind": "const", "lower": float(lo[0]), "upper": float(hi[0]),
                "center": None if ref is None else float(ref[0])}
    order = np.argsort(ses)
    return {"kind": "varying", "x": series.frame.x_of(ses[order], "rci_band"),
            "lower": lo[order], "upper": hi[order]}


def _band_width(rci_band: object, measure: str) -> tuple[float, str, float | None]:
    """``(rc, side, centre)`` of a number, ``"instrument"`` or a dict band."""
    if isinstance(rci_band, str):
        check_option(rci_band, "rci_band", ("instrument",))
        inst = instrument_of(measure)
        r = None if inst is None else inst.rci
        if r is None:
            raise ValueError(f"rci_band='instrument' but {measure!r} has no reliable-change "
                             "constants in the registry; pass a number")
        if r.value is None and (r.s_diff is None or r.z is None):
            raise ValueError(f"the registry entry of {measure!r} gives neither a "
                             "reliable-change value nor sd and reliability")
        if r.value is not None:
            return float(r.value), "both", None
        assert r.z is not None and r.s_diff is not None     # checked above
        return float(r.z * r.s_diff), "both", None
    if isinstance(rci_band, dict):
        unknown = sorted(set(rci_band) - {"rc", "reference", "side"})
        if unknown:
            raise ValueError(f"rci_band has unknown keys {unknown}; valid keys: "
                             "['rc', 'reference', 'side']")
        if "rc" not in rci_band:
            raise ValueError("rci_band dict needs 'rc' (the reliable change in score points, "
                             "e.g. z * S_diff)")
        rc = check_float(rci_band["rc"], "rci_band['rc']", minimum=0.0, inclusive=False)
        side = check_option(rci_band.get("side", "both"), "rci_band['side']", BAND_SIDES)
        ref = rci_band.get("reference")
        return rc, side, None if ref is None else check_float(ref, "rci_band['reference']")
    if isinstance(rci_band, numbers.Real) and not isinstance(rci_band, bool):
        return check_float(rci_band, "rci_band", minimum=0.0, inclusive=False), "both", None
    raise TypeError("rci_band must be None, a number (reliable change in points), "
                    "'instrument', a dict {'rc', 'reference', 'side'} or a session "
                    f"reliable-change result; got {type(rci_band).__name__}")


def _resolve_band(rci_band: object, series: Series, phases: list[Phase],
                  improvement: str | None) -> dict[str, Any] | None:
    """Return a dict(kind=..., lower, upper, center) or None."""
    if rci_band is None or rci_band is False:
        return None
    if isinstance(rci_band, pd.DataFrame) or isinstance(getattr(type(rci_band), "summary",
                                                                None), property):
        return _band_from_table(rci_band, series)
    rc, side, center = _band_width(rci_band, series.measure)
    if center is None:
        if not phases:
            raise ValueError("rci_band is drawn around the baseline mean, which needs phases= "
                             "(or give rci_band={'rc': ..., 'reference': ...})")
        base = baseline_phase(phases)
        m = (series.sessions >= base.first) & (series.sessions <= base.last) & series.observed
        if not m.any():
            raise ValueError(f"baseline phase {base.phase!r} has no observed "
                             f"{series.measure!r} values, so the band has no centre")
        center = float(np.mean(series.values[m]))
    lower, upper = center - rc, center + rc
    if side == "improvement":
        if improvement is None:
            raise ValueError("rci_band side='improvement' needs the direction: pass "
                             "improvement= or use a registry measure")
        lower, upper = (center, upper) if improvement == "increase" else (lower, center)
    return {"kind": "const", "lower": lower, "upper": upper, "center": center, "rc": rc}


def prepare_series_spec(
        data: pd.DataFrame, measure: str, *, case: object = None, x: str = "session",
        scale: str | None = "total", rater: str | None = None, phases: object = None,
        events: object = None, cutoff: float | str | None = None, rci_band: object = None,
        phase_stats: str | None = None, baseline_trend: bool = False,
        trend_method: str = "ols", changepoints: object = None, direction_note: bool = True,
        improvement: str | Instrument | None = None, max_step: float | None = None,
        label: str | None = None, ylabel: str | None = None, event_labels: str | None = "auto",
        event_styles: Mapping[str, tuple[str, bool | str, str]] | None = None,
        phase_label: str | None = "auto") -> SeriesSpec:
    """Validate everything a series panel draws (raises before anything is drawn)."""
    series = select_series(data, measure, case=case, scale=scale, x=x, rater=rater)
    ph = prepare_phases(phases, case_rows(data, series.case), series.frame, series.case)
    check_option(phase_label, "phase_label", PHASE_LABELS)
    ev = prepare_events(events, series.frame, series.case, styles=event_styles,
                        labels=event_labels)
    cps = prepare_changepoints(changepoints, series)
    check_option(phase_stats, "phase_stats", PHASE_STATS)
    check_option(trend_method, "trend_method", TREND_METHODS)
    if (phase_stats or baseline_trend) and not ph:
        raise ValueError("phase_stats / baseline_trend need phases=")
    imp, construct = direction_of(measure, improvement)
    note = note_of(imp, construct)
    max_step = (series.frame.step if x != "date" else 10.0) if max_step is None else \
        check_float(max_step, "max_step", minimum=0.0, inclusive=False)
    name = measure if scale == "total" else f"{measure} {scale}"
    if ylabel is None:
        ylabel = axis_label(name, note if direction_note else None)
    return SeriesSpec(series=series, phases=ph, events=ev, changepoints=cps,
                      cutoff=_resolve_cutoff(cutoff, measure, scale),
                      band=_resolve_band(rci_band, series, ph, imp), direction=note,
                      improvement=imp, max_step=float(max_step), phase_stats=phase_stats,
                      baseline_trend=bool(baseline_trend), trend_method=trend_method,
                      label=label if label is not None else name, ylabel=ylabel)


# -- drawing ------------------------------------------------------------------------------------

def _draw_band(ax: Axes, band: dict[str, Any] | None) -> list[Artist]:
    if band is None:
        return []
    if band["kind"] == "const":
        layers.draw_band(ax, band["lower"], band["upper"], band.get("center"))
        what = "reliable-change band"
        if band.get("rc") is not None:
            what += f" (\u00b1{points_text(band['rc'])})"
    else:
        ax.fill_between(band["x"], band["lower"], band["upper"], zorder=0.5,
                        label="_casekit_rci_band", **layers.BAND_STYLE)
        what = "reliable-change band"
    return [layers.patch_handle(what, **layers.BAND_STYLE)]


def _draw_changepoints(ax: Axes, cps: list[ChangePoint]) -> list[Artist]:
    if not cps:
        return []
    layers.draw_changepoints(ax, cps)
    handles: list[Artist] = [layers.line_handle("change point", color=layers.CHANGE_COLOR,
                                                linewidth=1.2)]
    shown = [cp for cp in cps if cp.lower is not None and cp.upper is not None
             and cp.upper > cp.lower]
    if shown:
        handles.append(layers.patch_handle(" / ".join(sorted({cp.interval for cp in shown})),
                                           facecolor="none", edgecolor=layers.CHANGE_COLOR,
                                           hatch="////", lw=0))
    return handles


def _draw_stats(ax: Axes, spec: SeriesSpec) -> list[Artist]:
    handles: list[Artist] = []
    if spec.phase_stats:
        layers.phase_stat_segments(ax, spec.series, spec.phases, spec.phase_stats)
        handles.append(layers.line_handle(f"phase {spec.phase_stats}", color="0.25",
                                          linewidth=1.6, alpha=0.8))
    if spec.baseline_trend:
        line = layers.baseline_trend_line(ax, spec.series, baseline_phase(spec.phases),
                                          method=spec.trend_method)
        if line is not None:
            what = "Theil-Sen " if spec.trend_method == "theil_sen" else ""
            handles.append(layers.line_handle(f"baseline {what}trend (extrapolated)",
                                              color=line.get_color(), linestyle=":"))
    return handles


def _set_x_axis(ax: Axes, spec: SeriesSpec, xlabel: bool) -> None:
    s = spec.series
    if xlabel:
        ax.set_xlabel(X_LABELS[s.frame.x_kind])
    if s.frame.x_kind == "date":
        import matplotlib.dates as mdates  # lazy: matplotlib on first use

        # matplotlib.dates has no type annotations (no .pyi): their signatures, for the checker
        auto_locator: Callable[[], Locator] = mdates.AutoDateLocator
        concise_formatter: Callable[[Locator], Formatter] = mdates.ConciseDateFormatter
        loc = auto_locator()
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(concise_formatter(loc))
    else:
        integer_ticks(ax, "x")
    if len(s.x):
        pad = s.frame.step * 0.375
        lo = min([np.nanmin(s.x)] + [p.left for p in spec.phases]) - pad
        hi = max([np.nanmax(s.x)] + [p.right for p in spec.phases]) + pad
        ax.set_xlim(lo, hi)


def draw_series_spec(ax: Axes, spec: SeriesSpec, *, index: int = 0, phase_lines: bool = True,
                     phase_labels: bool = True, event_labels: bool = True,
                     xlabel: bool = True) -> list[Artist]:
    """Draw a validated spec on ``ax``; returns the legend handles (series line first)."""
    s = spec.series
    if phase_lines:
        layers.draw_phases(ax, spec.phases, labels=phase_labels)
    handles = _draw_band(ax, spec.band)
    if spec.cutoff is not None:
        layers.draw_cutoff(ax, *spec.cutoff)
    handles += _draw_stats(ax, spec)
    line = layers.draw_line(ax, s.x, s.values, max_step=spec.max_step, index=index,
                            label=spec.label)
    handles = [line] + handles + _draw_changepoints(ax, spec.changepoints)
    if spec.events:
        handles += layers.draw_events(ax, spec.events, labels=event_labels)
    ax.set_ylabel(spec.ylabel)
    _set_x_axis(ax, spec, xlabel)
    if is_whole(s.values):
        integer_ticks(ax, "y")
    return handles


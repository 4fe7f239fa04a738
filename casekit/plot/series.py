"""Session series plot: one measure of one case over sessions, weeks or dates."""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from casekit._validate import check_float, check_option

from . import _layers as layers
from . import _style as st
from ._data import (
    ChangePoint,
    Event,
    Phase,
    Series,
    baseline_phase,
    prepare_changepoints,
    prepare_events,
    prepare_phases,
    select_case,
    select_series,
)

__all__ = ["session_series"]

PHASE_STATS = (None, "mean", "median", "trend")
TREND_METHODS = ("ols", "theil_sen")
PHASE_LABEL_MAX = 14   # longer labels do not fit above a phase band: the phase id is used
BAND_SIDES = ("both", "improvement")


@dataclass
class SeriesSpec:
    """Everything a series panel needs, validated before anything is drawn."""

    series: Series
    phases: list[Phase]
    events: list[Event]
    changepoints: list[ChangePoint]
    cutoff: tuple[float, str] | None
    band: dict | None
    direction: str | None
    improvement: str | None
    max_step: float
    phase_stats: str | None
    baseline_trend: bool
    label: str
    trend_method: str
    ylabel: str
    extras: dict = field(default_factory=dict)


def _instrument(measure):
    try:
        from casekit.registry import get_instrument

        return get_instrument(measure)
    except (KeyError, ValueError, TypeError):
        return None


def _resolve_cutoff(cutoff, measure, scale):
    if cutoff is None or cutoff is False:
        return None
    if isinstance(cutoff, str):
        check_option(cutoff, "cutoff", ("instrument",))
        inst = _instrument(measure)
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


def _resolve_band(rci_band, spec_series: Series, phases, improvement):
    """Return a dict(kind=..., lower, upper, center) or None."""
    if rci_band is None or rci_band is False:
        return None
    side = "both"
    center = None
    if hasattr(rci_band, "summary") or isinstance(rci_band, pd.DataFrame):
        tab = rci_band.summary if hasattr(rci_band, "summary") and not isinstance(
            rci_band, pd.DataFrame) else rci_band
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
        ref = (pd.to_numeric(tab["reference"]).to_numpy(float) if "reference" in tab.columns
               else None)
        if np.allclose(lo, lo[0]) and np.allclose(hi, hi[0]):
            return {"kind": "const", "lower": float(lo[0]), "upper": float(hi[0]),
                    "center": None if ref is None else float(ref[0])}
        order = np.argsort(ses)
        return {"kind": "varying", "x": spec_series.frame.x_of(ses[order], "rci_band"),
                "lower": lo[order], "upper": hi[order]}
    if isinstance(rci_band, str):
        check_option(rci_band, "rci_band", ("instrument",))
        inst = _instrument(spec_series.measure)
        if inst is None or inst.rci is None:
            raise ValueError(f"rci_band='instrument' but {spec_series.measure!r} has no "
                             "reliable-change constants in the registry; pass a number")
        r = inst.rci
        if r.value is not None:
            rc = float(r.value)
        elif r.s_diff is not None and r.z is not None:
            rc = float(r.z * r.s_diff)
        else:
            raise ValueError(f"the registry entry of {spec_series.measure!r} gives neither a "
                             "reliable-change value nor sd and reliability")
    elif isinstance(rci_band, dict):
        allowed = {"rc", "reference", "side"}
        unknown = sorted(set(rci_band) - allowed)
        if unknown:
            raise ValueError(f"rci_band has unknown keys {unknown}; valid keys: "
                             f"{sorted(allowed)}")
        if "rc" not in rci_band:
            raise ValueError("rci_band dict needs 'rc' (the reliable change in score points, "
                             "e.g. z * S_diff)")
        rc = check_float(rci_band["rc"], "rci_band['rc']", minimum=0.0, inclusive=False)
        side = check_option(rci_band.get("side", "both"), "rci_band['side']", BAND_SIDES)
        if rci_band.get("reference") is not None:
            center = check_float(rci_band["reference"], "rci_band['reference']")
    elif isinstance(rci_band, numbers.Real) and not isinstance(rci_band, bool):
        rc = check_float(rci_band, "rci_band", minimum=0.0, inclusive=False)
    else:
        raise TypeError("rci_band must be None, a number (reliable change in points), "
                        "'instrument', a dict {'rc', 'reference', 'side'} or a session "
                        f"reliable-change result; got {type(rci_band).__name__}")
    if center is None:
        if not phases:
            raise ValueError("rci_band is drawn around the baseline mean, which needs phases= "
                             "(or give rci_band={'rc': ..., 'reference': ...})")
        base = baseline_phase(phases)
        s = spec_series
        m = (s.sessions >= base.first) & (s.sessions <= base.last) & ~np.isnan(s.values)
        if not m.any():
            raise ValueError(f"baseline phase {base.phase!r} has no observed {s.measure!r} "
                             "values, so the band has no centre")
        center = float(np.mean(s.values[m]))
    lower, upper = center - rc, center + rc
    if side == "improvement":
        if improvement is None:
            raise ValueError("rci_band side='improvement' needs the direction: pass "
                             "improvement= or use a registry measure")
        lower, upper = (center, upper) if improvement == "increase" else (lower, center)
    return {"kind": "const", "lower": lower, "upper": upper, "center": center, "rc": rc}


def prepare_series_spec(data, measure, *, case=None, x="session", scale="total", rater=None,
                        phases=None, events=None, cutoff=None, rci_band=None,
                        phase_stats=None, baseline_trend=False, trend_method="ols",
                        changepoints=None, direction_note=True, improvement=None,
                        max_step=None, label=None, ylabel=None, event_labels="auto",
                        event_styles=None, phase_label="auto") -> SeriesSpec:
    series = select_series(data, measure, case=case, scale=scale, x=x, rater=rater)
    case_rows, _ = select_case(data, series.case)
    ph = prepare_phases(phases, case_rows, series.frame, series.case)
    check_option(phase_label, "phase_label", ("auto", "label", "phase"))
    if phase_label == "phase" or (phase_label == "auto" and any(
            len(p.label) > PHASE_LABEL_MAX for p in ph)):
        for p in ph:
            p.label = p.phase
    ev = prepare_events(events, series.frame, series.case, styles=event_styles,
                        labels=event_labels)
    cps = prepare_changepoints(changepoints, series)
    check_option(phase_stats, "phase_stats", PHASE_STATS)
    check_option(trend_method, "trend_method", TREND_METHODS)
    if (phase_stats or baseline_trend) and not ph:
        raise ValueError("phase_stats / baseline_trend need phases=")
    if improvement is not None:
        check_option(improvement, "improvement", ("increase", "decrease"))
    note, imp = layers.direction_note(measure, improvement)
    cut = _resolve_cutoff(cutoff, measure, scale)
    band = _resolve_band(rci_band, series, ph, imp)
    if max_step is None:
        max_step = series.frame.step if x != "date" else 10.0
    else:
        max_step = check_float(max_step, "max_step", minimum=0.0, inclusive=False)
    name = measure if scale == "total" else f"{measure} {scale}"
    if ylabel is None:
        ylabel = name
        if direction_note and note:
            ylabel = f"{name}\n({note})"
    return SeriesSpec(series=series, phases=ph, events=ev, changepoints=cps, cutoff=cut,
                      band=band, direction=note, improvement=imp, max_step=float(max_step),
                      phase_stats=phase_stats, baseline_trend=bool(baseline_trend),
                      label=label if label is not None else name, ylabel=ylabel,
                      trend_method=trend_method)


def draw_series_spec(ax, spec: SeriesSpec, *, index=0, phase_lines=True, phase_labels=True,
                     event_labels=True, xlabel=True):
    """Draw a validated spec on ``ax``; returns the legend handles."""
    s = spec.series
    handles = []
    if phase_lines:
        layers.draw_phases(ax, spec.phases, labels=phase_labels)
    if spec.band is not None:
        b = spec.band
        if b["kind"] == "const":
            layers.draw_band(ax, b["lower"], b["upper"], b.get("center"))
        else:
            ax.fill_between(b["x"], b["lower"], b["upper"], color=st.PALETTE["skyblue"],
                            alpha=0.25, lw=0, zorder=0.5, label="_casekit_rci_band")
        import matplotlib.patches as mpatches

        handles.append(mpatches.Patch(color=st.PALETTE["skyblue"], alpha=0.25,
                                      label="reliable-change band"))
    if spec.cutoff is not None:
        layers.draw_cutoff(ax, spec.cutoff[0], spec.cutoff[1])
    if spec.phase_stats:
        layers.phase_stat_segments(ax, s, spec.phases, spec.phase_stats)
    if spec.baseline_trend:
        line = layers.baseline_trend_line(ax, s, baseline_phase(spec.phases),
                                          method=spec.trend_method)
        if line is not None:
            import matplotlib.lines as mlines

            what = "Theil-Sen " if spec.trend_method == "theil_sen" else ""
            handles.append(mlines.Line2D([], [], color=line.get_color(), linestyle=":",
                                         label=f"baseline {what}trend (extrapolated)"))
    line = layers.draw_line(ax, s.x, s.values, max_step=spec.max_step, index=index,
                            label=spec.label)
    handles.insert(0, line)
    if spec.changepoints:
        layers.draw_changepoints(ax, spec.changepoints)
        import matplotlib.lines as mlines
        import matplotlib.patches as mpatches

        handles.append(mlines.Line2D([], [], color=st.PALETTE["vermillion"], linewidth=1.2,
                                     label="change point"))
        with_interval = [cp for cp in spec.changepoints
                         if cp.lower is not None and cp.upper is not None and cp.upper > cp.lower]
        if with_interval:
            kinds = sorted({cp.interval for cp in with_interval})
            handles.append(mpatches.Patch(facecolor="none", edgecolor=st.PALETTE["vermillion"],
                                          hatch="////", lw=0, label=" / ".join(kinds)))
    if spec.events:
        ev_handles = layers.draw_events(ax, spec.events, labels=event_labels)
        handles += ev_handles
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.35 * (hi - lo))   # headroom for the event strip
    ax.set_ylabel(spec.ylabel)
    if xlabel:
        ax.set_xlabel({"session": "Session", "week": "Week", "date": "Date"}[s.frame.x_kind])
    if s.frame.x_kind == "date":
        import matplotlib.dates as mdates

        loc = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    else:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(s.x):
        pad = s.frame.step * 0.75
        lo = min([np.nanmin(s.x)] + [p.left for p in spec.phases]) - pad * 0.5
        hi = max([np.nanmax(s.x)] + [p.right for p in spec.phases]) + pad * 0.5
        ax.set_xlim(lo, hi)
    return handles


def session_series(data, measure, *, case=None, x="session", scale="total", rater=None,
                   phases=None, events=None, cutoff=None, rci_band=None, phase_lines=True,
                   phase_label="auto", phase_stats=None, baseline_trend=False,
                   trend_method="ols", changepoints=None, direction_note=True, improvement=None,
                   max_step=None, event_labels="auto", event_styles=None, legend=True,
                   label=None, ylabel=None, title=None, ax=None, figsize=None, style="paper"):
    """Session-by-session plot of one measure with phases, events, cutoff and RCI band.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings or scores (``case``, ``session``, ``measure``, ``value``; optional
        ``scale``, ``item``, ``rater``, ``week``, ``date``, ``phase``). Item rows (non-missing
        ``item``) are ignored; scale scores are selected with ``scale``. NaN values are kept
        and drawn as gaps.
    measure : str
        Measure to draw (must be in ``data['measure']``).
    case : optional
        Case id; required when ``data`` holds more than one case.
    x : {"session", "week", "date"}
        What the x axis shows. ``"week"`` / ``"date"`` need that column and show breaks as
        gaps.
    scale : str
        Scale to draw (``"total"`` or a subscale name), when ``data`` has a ``scale`` column.
    rater : optional
        Rater to select when a measure is rated by several raters.
    phases : pandas.DataFrame or str, optional
        A phases table (``phase``, ``start``, ``end``; optional ``case``, ``label``, ``role``)
        or the name of a phase column of ``data``. Drawn as dashed lines midway between the
        last session of a phase and the first session of the next one, light bands on every
        other phase (starting with the first) and labels above the axes.
    events : pandas.DataFrame, optional
        Events table (``session``, ``event``; optional ``case``, ``note``, ``label``). Markers
        along the top of the axes: ``rupture_noted`` ▼, ``repair_noted`` ▲, ``contract_*`` ★
        (open for ``contract_revised``), ``life_event`` ◆, ``homework_*`` ■/□,
        ``missed_session`` ×, ``medication_change`` +, ``phase_change`` |, ``note`` ○ and
        derived events as open symbols (``sudden_gain`` ▷, ``sudden_loss`` ◁,
        ``rupture_detected`` ▽, ``repair_detected`` △, ``change_point`` ⬠). Unknown types
        raise; add types with ``event_styles``.
    cutoff : None, float or "instrument"
        Horizontal dashed clinical cutoff; ``"instrument"`` takes it from the registry.
    rci_band : None, float, "instrument", dict or session reliable-change result
        Reliable-change band around the baseline mean (baseline = the phase with role
        ``baseline``, else the first phase): a number is the reliable change in score points
        (e.g. z·S_diff); ``"instrument"`` takes it from the registry (``rci.value``, else
        ``z * s_diff``); a dict ``{"rc", "reference", "side"}`` sets the centre and whether the
        band is drawn on both sides or only the improvement side; a result/table with
        ``session``, ``band_lower``, ``band_upper`` (``casekit.session_reliable_change``) is
        drawn as given.
    phase_lines : bool
        Draw the phase lines, bands and labels (when ``phases`` is given).
    phase_label : {"auto", "label", "phase"}
        Text above each phase: the ``label`` column, the ``phase`` id, or ``"auto"`` (labels
        when all have at most 14 characters, else the ids; long labels belong in the caption).
    phase_stats : None, "mean", "median" or "trend"
        Phase statistic lines over each phase (scan ``scplot`` style).
    baseline_trend : bool
        Extrapolate the baseline trend over the whole series (dotted), fitted as
        ``trend_method`` says.
    trend_method : {"ols", "theil_sen"}
        Line of the baseline trend: ordinary least squares (default, scan ``scplot``) or
        Theil-Sen (slope = median of the pairwise slopes, intercept = median of
        y - slope·x), the robust line Tau-BC detrends with (``casekit.tau_bc``). Both are
        fitted against the x axis (session, week or date), so with missed sessions the
        Theil-Sen line can differ from Tau-BC's, which uses row positions 1..m (see Notes of
        ``casekit.tau_bc``).
    changepoints : int, dict, list, DataFrame or result, optional
        Change points as ``k`` (1-based index of the last observed value before the change;
        domain/methods.md §1.3) or ``session`` (last session before the change), with an
        optional interval (``lower``/``upper`` or ``ci_lower``/``ci_upper``, same unit). Drawn
        as a solid line midway to the next observation, the interval hatched.
    direction_note : bool
        Add "higher = better alliance" / "lower = better (depression)" to the y label, from
        the registry (or ``improvement``).
    improvement : {"increase", "decrease"}, optional
        Direction for measures not in the registry (overrides the registry).
    max_step : float, optional
        Largest distance on x drawn as a connected line (default 1 session or week, 10 days):
        missed sessions and breaks are never bridged.
    event_labels : {"auto", "type", "note", "label", None}
        Text under each event marker: ``"auto"`` (default) the short type name when the labels
        fit (no two labels touch, none overlaps another text, and the y range can leave the
        data at least half the axes height under them), else no text, the legend naming the
        markers; ``"type"`` the short type name always; the ``note``/``label`` column; or none.
        Labels are clipped at the axes and never take part in the layout.
    event_styles : dict, optional
        Extra event types: ``{"type": (marker, filled, short_label)}``.
    legend : bool
        Draw a legend below the axes.
    label, ylabel, title : str, optional
        Series label in the legend, y-axis label, axes title (raised above the phase labels
        when they are drawn).
    ax : matplotlib.axes.Axes, optional
        Draw on this axes; otherwise a new single-column figure is created.
    figsize : tuple, optional
        Size of a new figure (default ``figsize("single", 0.75)``).
    style : "paper", None, or a matplotlib style
        Style used while drawing (``None`` keeps the caller's rcParams). Global rcParams are
        never changed.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes

    Raises
    ------
    ValueError, casekit.CaseDataError
        Unknown measure, case, scale, event type or option; a phase without sessions; bad
        values. Raised before anything is drawn.

    See Also
    --------
    alliance_symptoms : alliance and symptom panels sharing the session axis.
    multiple_baseline : one panel per case with a staggered phase-change line.
    save : deterministic export.

    Notes
    -----
    Follows domain/methods.md §9 (figure 1) and scan's ``scplot`` conventions (phase lines,
    phase statistic lines, extrapolated baseline trend), with two differences: missed sessions
    and NaN values break the line (``scplot`` connects the observed points), and the phase line
    sits midway between the last session of one phase and the first of the next.
    The baseline trend is OLS by default (as ``scplot``); ``trend_method="theil_sen"`` draws
    the robust line Tau-BC removes (Sen 1968; Tarlow 2017), so the figure shows the trend the
    effect size corrects for. Event labels default to ``"auto"``: they are kept only when they
    fit the laid-out figure (decided once, when the function returns, after a
    ``draw_without_rendering``), so dense event tables rely on the legend.
    The RCI band is centre ± RC with RC = z·S_diff, S_diff = SD·√(2(1 − r_xx)) (Jacobson &
    Truax 1991); with a baseline mean as the reference the band is conservative (the SE of a
    mean of k sessions is smaller than that of one score; domain/methods.md §3.3).

    References
    ----------
    Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to
    defining meaningful change in psychotherapy research. J Consult Clin Psychol, 59(1),
    12-19. https://doi.org/10.1037/0022-006X.59.1.12

    Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau. J Am
    Stat Assoc, 63(324), 1379-1389. https://doi.org/10.1080/01621459.1968.10480934

    Tarlow, K. R. (2017). An improved rank correlation effect size statistic for single-case
    designs: Baseline corrected Tau. Behavior Modification, 41(4), 427-467.
    https://doi.org/10.1177/0145445516676750

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import session_series
    >>> d = pd.DataFrame({"case": "c1", "session": range(1, 9), "measure": "PHQ-9",
    ...                   "value": [18, 19, 17, 12, 10, 9, 8, 8.0]})
    >>> fig, ax = session_series(d, "PHQ-9", cutoff="instrument")
    >>> ax.lines[-1].get_label()
    'PHQ-9'
    """
    st.check_style(style)
    spec = prepare_series_spec(
        data, measure, case=case, x=x, scale=scale, rater=rater, phases=phases, events=events,
        cutoff=cutoff, rci_band=rci_band, phase_stats=phase_stats,
        baseline_trend=baseline_trend, trend_method=trend_method, changepoints=changepoints,
        direction_note=direction_note, improvement=improvement, max_step=max_step,
        label=label, ylabel=ylabel, event_labels=event_labels, event_styles=event_styles,
        phase_label=phase_label)
    with st.style_context(style):
        fig, ax = st.new_figure(ax, size=figsize or st.figsize("single", 0.75))
        handles = draw_series_spec(ax, spec, phase_lines=phase_lines,
                                   event_labels=event_labels is not None)
        _finish(ax, handles, legend, title)
        if event_labels == "auto":
            layers.fit_event_labels(fig, [ax])
    return fig, ax


def _finish(ax, handles, legend, title):
    if title:
        layers.set_title(ax, title)
    if legend and handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  bbox_transform=below_xlabel(ax), ncol=min(2, len(handles)),
                  fontsize=layers.EVENT_FONTSIZE, handlelength=1.8, columnspacing=1.0,
                  borderaxespad=0.0)


def below_xlabel(ax, points: float = 34.0):
    """Axes coordinates shifted down by a fixed distance in points, so that a legend anchored
    at (0.5, 0) sits under the tick labels and the x label whatever the axes height (an
    axes-fraction offset overlaps the label on short axes)."""
    from matplotlib.transforms import ScaledTranslation
    return ax.transAxes + ScaledTranslation(0, -points / 72.0, ax.figure.dpi_scale_trans)

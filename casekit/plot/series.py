"""Session series plot: one measure of one case over sessions, weeks or dates."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib and pandas are imported on first use, not at import
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from . import _style as st
from ._figure import finish, new_figure
from ._panel import draw_series_spec, prepare_series_spec

__all__ = ["session_series"]


def session_series(data: pd.DataFrame, measure: str, *, case: Hashable = None,
                   x: str = "session", scale: str | None = "total", rater: str | None = None,
                   phases: pd.DataFrame | str | None = None, events: pd.DataFrame | None = None,
                   cutoff: float | str | None = None, rci_band: Any = None,
                   phase_lines: bool = True, phase_label: str = "auto",
                   phase_stats: str | None = None, baseline_trend: bool = False,
                   trend_method: str = "ols", changepoints: Any = None,
                   direction_note: bool = True, improvement: Any = None,
                   max_step: float | None = None, event_labels: str | None = "auto",
                   event_styles: Mapping[str, Any] | None = None, legend: bool = True,
                   label: str | None = None, ylabel: str | None = None,
                   title: str | None = None, ax: Axes | None = None,
                   figsize: tuple[float, float] | None = None,
                   style: str | dict[str, Any] | None = "paper") -> tuple[Figure, Axes]:
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
        (half filled for ``contract_drafted``, open for ``contract_revised``),
        ``life_event`` ◆, ``homework_*`` ■/□,
        ``missed_session`` ×, ``medication_change`` +, ``phase_change`` ``|``, ``note`` ○ and
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
        Text above each phase: ``"auto"`` (default) the phases table's ``label`` where given
        (else the phase code), wrapped onto two lines when that makes it fit its band; when a
        label still does not fit, every phase shows its code and a key under the axes
        ("Phases: P0: Intake / assessment · P1: ...") gives the labels. ``"label"``: the labels
        always; ``"phase"``: the codes (explain them in the caption).
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
        Add the construct and the direction to the y label, from the registry (or
        ``improvement``): "PHQ-9 (depression; lower = better)".
    improvement : {"increase", "decrease"}, instrument name or Instrument, optional
        Direction of improvement (``casekit._input.resolve_improvement``, as in every
        analysis); default the registry entry of ``measure``.
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
        Extra event types: ``{"type": (marker, filled, short_label)}``; ``filled`` is True,
        False or ``"half"`` (left half filled).
    legend : bool
        Draw a legend below the axes (never over the data). A cutoff label that finds no
        place clear of the data moves into the legend.
    label, ylabel, title : str, optional
        Series label in the legend, y-axis label, axes title (raised above the phase labels
        when they are drawn).
    ax : matplotlib.axes.Axes, optional
        Draw on this axes (restyled like casekit's own figures when ``style`` is not None);
        otherwise a new single-column figure is created.
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
    Event markers sit in a strip a fixed distance below the top of the axes and the y range
    is raised so the data stay under it; the cutoff label takes the first place along its
    line where it touches no data point or line. Ticks on a session axis, and on a y axis
    whose values are all whole numbers, fall on whole numbers only.
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
    own = ax is None and figsize is None     # casekit's own figure at its default size
    with st.style_context(style):
        fig, ax = new_figure(ax, size=figsize or st.figsize("single", 0.75), style=style)
        handles = draw_series_spec(ax, spec, phase_lines=phase_lines,
                                   event_labels=event_labels is not None)
        finish(fig, [ax], handles=handles, legend=legend, title=title,
               event_labels=event_labels, phase_label=phase_label,
               grow=own)
    return fig, ax

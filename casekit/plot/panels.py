"""Multi-panel figures: alliance + symptoms, and multiple-baseline designs."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit._deprecate import renamed_arguments
from casekit._input import require_columns

from . import _figure
from . import _style as st
from ._data import baseline_phase, case_rows, listing
from ._labels import axis_label
from ._panel import SeriesSpec, draw_series_spec, prepare_series_spec

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._figure import Share

__all__ = ["alliance_symptoms", "multiple_baseline"]


def _two(value: object, name: str) -> tuple[Any, ...]:
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be one value or a pair (alliance, symptoms)")
        return tuple(value)
    return (value, value)


def _unique_handles(handle_lists: Iterable[Sequence[Artist]]) -> list[Artist]:
    """The legend handles of several panels, each label once (series are named by y labels)."""
    seen: set[object] = set()
    out: list[Artist] = []
    for handles in handle_lists:
        for h in handles[1:]:
            if h.get_label() not in seen:
                seen.add(h.get_label())
                out.append(h)
    return out


@renamed_arguments(alliance="alliance_measure", symptoms="symptom_measure", since="0.2")
def alliance_symptoms(data: pd.DataFrame, alliance_measure: str = "WAI-SR",
                      symptom_measure: str = "PHQ-9", *, case: Hashable = None,
                      x: str = "session", scale: str | None | Sequence[str | None] = "total",
                      phases: pd.DataFrame | str | None = None,
                      events: pd.DataFrame | None = None,
                      cutoff: float | str | None | Sequence[float | str | None] = (
                          None, "instrument"),
                      rci_band: Any = None, changepoints: Any = None, twin: bool = False,
                      direction_note: bool = True, improvement: Any = (None, None),
                      max_step: float | None = None, event_labels: str | None = "auto",
                      event_styles: Mapping[str, Any] | None = None, phase_label: str = "auto",
                      legend: bool = True, title: str | None = None,
                      figsize: tuple[float, float] | None = None,
                      style: str | dict[str, Any] | None = "paper"
                      ) -> tuple[Figure, tuple[Axes, Axes]]:
    """Alliance (top) and symptoms (bottom) over the same sessions, with identical phase bands.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores holding both measures (see :func:`session_series`).
    alliance_measure, symptom_measure : str
        The two measures (default ``"WAI-SR"`` and ``"PHQ-9"``); the alliance is always the top
        panel (the left axis with ``twin=True``). The old names ``alliance=`` and
        ``symptoms=`` still work for one release, with a ``FutureWarning``.
    case, x, phases, events, max_step, event_labels, event_styles, phase_label
        As in :func:`session_series`; phases and events are drawn on both panels (event text
        labels on the top panel only).
    scale, cutoff, rci_band, changepoints, improvement : value or pair
        One value for both panels or a pair ``(alliance, symptoms)``. Default cutoff: none
        for the alliance, the registry cutoff for symptoms (``"instrument"``); use
        ``cutoff=(None, None)`` for none.
    twin : bool
        ``False`` (default, recommended by domain/methods.md §9): two stacked panels sharing
        the x axis. ``True``: one panel with a second y axis (alliance on the left, symptoms on
        the right, each axis labelled and coloured like its series, distinct markers).
    direction_note, legend, title, figsize, style
        As in :func:`session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : tuple of two Axes
        ``(alliance_ax, symptoms_ax)``; with ``twin=True`` the second is the twin axis.

    See Also
    --------
    session_series : one measure.
    casekit.changepoint_precedence : whether the alliance shift precedes the symptom shift.

    Notes
    -----
    Both panels are validated before anything is drawn, and phase lines/bands are computed
    from the sessions of the case (all measures), so they are identical in both panels even
    when alliance is not rated at intake. Stacked panels avoid the dual-axis reading problems
    (the apparent crossing of two series depends on arbitrary axis limits); the twin variant is
    provided for journals that ask for a single panel. A stacked panel's y label (measure and
    direction note) that is taller than its panel, and so would run into the other panel's
    label, is wrapped onto one more line; the title is raised above the phase labels.

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import alliance_symptoms
    >>> d = pd.DataFrame({"case": "c", "session": [1, 2, 3, 1, 2, 3],
    ...                   "measure": ["A"] * 3 + ["S"] * 3,
    ...                   "value": [30, 35, 40, 18, 15, 9.0]})
    >>> fig, (ax1, ax2) = alliance_symptoms(d, alliance_measure="A", symptom_measure="S",
    ...                                     cutoff=None, improvement=("increase", "decrease"))
    """
    st.check_style(style)
    pairs = {name: _two(value, name) for name, value in (
        ("scale", scale), ("cutoff", cutoff), ("rci_band", rci_band),
        ("changepoints", changepoints), ("improvement", improvement))}
    specs = [prepare_series_spec(
        data, measure, case=case, x=x, phases=phases, events=events,
        direction_note=direction_note, max_step=max_step, event_labels=event_labels,
        event_styles=event_styles, phase_label=phase_label,
        **{name: pair[i] for name, pair in pairs.items()})
        for i, measure in enumerate((alliance_measure, symptom_measure))]
    with st.style_context(style):
        draw = _twin if twin else _stacked
        fig, axes = draw(specs, figsize=figsize, event_labels=event_labels, legend=legend,
                         title=title, phase_label=phase_label, style=style)
    return fig, axes


def _stacked(specs: Sequence[SeriesSpec], *, figsize: tuple[float, float] | None,
             event_labels: str | None, legend: bool, title: str | None, phase_label: str,
             style: str | dict[str, Any] | None) -> tuple[Figure, tuple[Axes, Axes]]:
    """Two panels sharing the x axis: alliance on top, one figure legend below."""
    fig, axes = _figure.new_figure(None, size=figsize or st.figsize("single", 1.25), nrows=2,
                                   sharex=True, style=style)
    axes = tuple(axes)
    handles = [draw_series_spec(ax, spec, index=i, phase_labels=(i == 0),
                                event_labels=(i == 0 and event_labels is not None),
                                xlabel=(i == 1))
               for i, (ax, spec) in enumerate(zip(axes, specs, strict=True))]
    axes[0].tick_params(labelbottom=False)
    _figure.finish(fig, axes, handles=_unique_handles(handles), legend=legend, title=title,
                   title_ax=axes[0], event_labels=event_labels, phase_label=phase_label,
                   key_ax=axes[1], stacked=True, grow=figsize is None)
    return fig, axes


def _twin(specs: Sequence[SeriesSpec], *, figsize: tuple[float, float] | None,
          event_labels: str | None, legend: bool, title: str | None, phase_label: str,
          style: str | dict[str, Any] | None) -> tuple[Figure, tuple[Axes, Axes]]:
    """One panel, the symptoms on a second y axis (right), each axis coloured as its series."""
    fig, ax = _figure.new_figure(None, size=figsize or st.figsize("single", 0.8), style=style)
    h1 = draw_series_spec(ax, specs[0], index=0)
    ax2 = ax.twinx()
    _figure.freeze_ticks(ax2)
    ax2.spines["right"].set_visible(True)
    cut = specs[1].cutoff     # on a shared panel the cutoff says whose it is
    cut = None if cut is None else (cut[0], f"{specs[1].series.measure} {cut[1]}")
    h2 = draw_series_spec(ax2, replace(specs[1], events=[], cutoff=cut), index=1,
                          phase_lines=False)
    for a, spec, color in ((ax, specs[0], st.SERIES_COLORS[0]),
                           (ax2, specs[1], st.SERIES_COLORS[1])):
        a.set_ylabel(spec.ylabel, color=color)
        a.tick_params(axis="y", colors=color)
    ax2.spines["right"].set_color(st.SERIES_COLORS[1])
    _figure.finish(fig, [ax, ax2], handles=h1[:1] + h2[:1] + h1[1:] + h2[1:], legend=legend,
                   legend_ax=ax, title=title, title_ax=ax, event_labels=event_labels,
                   phase_label=phase_label, key_ax=ax, grow=figsize is None)
    return fig, (ax, ax2)



def multiple_baseline(data: pd.DataFrame, measure: str, *,
                      cases: Iterable[Hashable] | None = None,
                      phases: pd.DataFrame | str | None = None, x: str = "session",
                      scale: str | None = "total", events: pd.DataFrame | None = None,
                      cutoff: float | str | None = None, direction_note: bool = True,
                      improvement: Any = None, max_step: float | None = None,
                      sharey: bool | Share = True, event_labels: str | None = None,
                      event_styles: Mapping[str, Any] | None = None, phase_labels: bool = True,
                      phase_label: str | None = "auto", title: str | None = None,
                      figsize: tuple[float, float] | None = None,
                      style: str | dict[str, Any] | None = "paper") -> tuple[Figure, np.ndarray]:
    """Multiple-baseline figure: one panel per case, shared x, staggered phase-change line.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores of several cases (``case`` column required).
    measure : str
        The measure drawn in every panel.
    cases : sequence, optional
        Cases in panel order (default: order of first appearance in ``data``).
    phases : pandas.DataFrame or str
        Phases table with a ``case`` column, or a phase column of ``data``. Required: the
        staggered line is drawn at each case's first phase change (after the baseline).
    x, scale, events, cutoff, direction_note, improvement, max_step, event_labels,
    event_styles
        As in :func:`session_series` (applied to every panel).
    sharey : bool
        Same y axis in every panel (default, so levels compare across cases).
    phase_labels : bool
        Phase labels above each panel.
    phase_label : {"auto", "label", "phase"}
        Which text to use, as in :func:`session_series`.
    title, figsize, style
        As in :func:`session_series`; default size single column, 0.55 in per panel plus
        margins.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of Axes
        One per case, top to bottom.

    Notes
    -----
    Each case is named in a corner of its panel that is clear of its data (the y range is
    raised when no corner is free). The staggered ("dog-leg") line is one artist (label ``_casekit_dogleg``) drawn in figure
    coordinates for y and data coordinates for x: in panel *i* a vertical segment at the
    boundary between case *i*'s baseline (the phase with role ``baseline``, else its first
    phase) and the next phase, then a horizontal step in the gap under the panel to the next
    case's boundary. The layout is fixed (no constrained layout) so the step sits in the gap.
    Follows the SCED convention (e.g. Kratochwill et al. 2010, WWC pilot standards;
    scan ``plot`` of a multiple-baseline ``scdf``).

    References
    ----------
    Kratochwill, T. R., et al. (2013). Single-case intervention research design standards.
    Remedial and Special Education, 34(1), 26-38. https://doi.org/10.1177/0741932512452794

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import multiple_baseline
    >>> d = pd.DataFrame({"case": ["a"] * 6 + ["b"] * 6, "session": list(range(1, 7)) * 2,
    ...                   "measure": "M", "value": [5, 5, 6, 9, 9, 10, 4, 5, 5, 5, 9, 9.0],
    ...                   "phase": list("AAABBB") + list("AAAABB")})
    >>> fig, axes = multiple_baseline(d, "M", phases="phase", improvement="increase")
    >>> len(axes)
    2
    """
    st.check_style(style)
    specs, cases = _mb_specs(data, measure, cases=cases, phases=phases, x=x, scale=scale,
                             events=events, cutoff=cutoff, direction_note=direction_note,
                             improvement=improvement, max_step=max_step,
                             event_labels=event_labels, event_styles=event_styles,
                             phase_label=phase_label)
    with st.style_context(style):
        fig, axes = _mb_panels(specs, cases, figsize=figsize, sharey=sharey, title=title,
                               phase_labels=phase_labels, event_labels=event_labels)
        note = specs[0].direction if direction_note else None
        fig.supylabel(axis_label(measure, note, newline=False),
                      fontsize=fig.axes[0].yaxis.label.get_fontsize())
        _mb_phase_key(fig, axes, phase_label, grow=figsize is None)
        _dogleg(fig, axes, [baseline_phase(spec.phases).right for spec in specs])
        _figure.finish(fig, axes, legend=False, title=title, title_ax=axes[0],
                       event_labels=event_labels, phase_label=None)
    return fig, axes


def _mb_specs(data: object, measure: str, *, cases: Iterable[Hashable] | None,
              phases: pd.DataFrame | str | None, **options: Any
              ) -> tuple[list[SeriesSpec], list[Hashable]]:
    """One validated spec per case (each with a baseline and a following phase)."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame (tidy table); got "
                        f"{type(data).__name__}")
    require_columns(data, {"case_col": "case", "session_col": "session",
                           "measure_col": "measure", "value_col": "value"})
    present = list(pd.unique(data["case"].dropna()))
    order: list[Hashable] = present if cases is None else list(cases)
    unknown = [c for c in order if c not in present]
    if unknown:
        raise ValueError(f"cases {unknown} not in data; cases present: {listing(present)}")
    if not order:
        raise ValueError("data holds no cases")
    if phases is None:
        raise ValueError("multiple_baseline needs phases= (a phases table with a 'case' "
                         "column, or a phase column of data)")
    specs: list[SeriesSpec] = []
    for c in order:
        spec = prepare_series_spec(case_rows(data, c), measure, case=c, phases=phases,
                                   **options)
        if len(spec.phases) < 2:
            raise ValueError(f"case {c!r} has {len(spec.phases)} phase(s); the staggered line "
                             "needs a baseline and a following phase for every case")
        base = baseline_phase(spec.phases)
        if spec.phases.index(base) + 1 >= len(spec.phases):
            raise ValueError(f"case {c!r}: no phase follows the baseline phase "
                             f"{base.phase!r}, so the staggered line has no position")
        specs.append(spec)
    return specs, order


def _mb_panels(specs: Sequence[SeriesSpec], cases: Sequence[Hashable], *,
               figsize: tuple[float, float] | None, sharey: bool | Share, title: str | None,
               phase_labels: bool, event_labels: str | None) -> tuple[Figure, np.ndarray]:
    """One panel per case in a fixed layout (the dog-leg steps sit in the gaps)."""
    import matplotlib.pyplot as plt  # lazy: matplotlib on first use

    n = len(specs)
    size = figsize or (st.COLUMN_WIDTHS["single"], 0.55 + 1.05 * n)
    fig, axes = plt.subplots(n, 1, figsize=size, sharex=True, sharey=sharey, squeeze=False,
                             layout="none")
    axes = axes[:, 0]
    # room above the top panel: phase labels (0.28 in), plus a title raised over them
    fig.subplots_adjust(left=0.16, right=0.96, top=1 - (0.28 + (0.42 if title else 0.0)) / size[1],
                        bottom=0.45 / size[1], hspace=0.35)
    for i, (ax, spec) in enumerate(zip(axes, specs, strict=True)):
        _figure.freeze_ticks(ax)
        draw_series_spec(ax, spec, index=0, phase_labels=phase_labels,
                         event_labels=event_labels is not None, xlabel=(i == n - 1))
        ax.set_ylabel("")
        ax.text(0.99, 0.97, str(cases[i]), transform=ax.transAxes, ha="right", va="top",
                fontsize=plt.rcParams["axes.labelsize"], zorder=6,
                label="_casekit_case_label")
        if i < n - 1:
            ax.tick_params(labelbottom=False)
        if i > 0:   # the cutoff is labelled once, in the top panel
            for t in [t for t in ax.texts if t.get_label() == "_casekit_cutoff_label"]:
                t.remove()
    lo = min(a.get_xlim()[0] for a in axes)
    hi = max(a.get_xlim()[1] for a in axes)
    axes[-1].set_xlim(lo, hi)
    return fig, axes


def _mb_phase_key(fig: Figure, axes: Sequence[Axes] | np.ndarray, phase_label: str | None, *,
                  grow: bool) -> None:
    """Phase codes with a key under the bottom panel when the labels do not fit. The layout
    of this figure is fixed: the bottom margin grows by the key's height, and so does the
    figure (``grow``, or when the panels would keep less than 40 % of its height)."""
    pairs = _figure.fit_phase_labels(fig, list(axes), phase_label)
    if not pairs:
        return
    renderer = _figure.layout(fig)
    key = _figure.add_phase_key(axes[-1], pairs, renderer)
    assert key is not None      # pairs is not empty
    h = fig.get_figheight()
    key_h = key.get_window_extent(renderer).height / fig.dpi + 0.08
    pars = fig.subplotpars
    bottom, top = pars.bottom * h + key_h, (1.0 - pars.top) * h      # inches
    if grow or (h - bottom - top) < 0.4 * h:
        h += key_h
        fig.set_figheight(h)
    fig.subplots_adjust(bottom=bottom / h, top=1.0 - top / h)


def _dogleg(fig: Figure, axes: Sequence[Axes] | np.ndarray, xs: Sequence[float]) -> None:
    """The staggered line, in (data x, figure y): down each panel at its case's first phase
    change, across the gap to the next case's (it replaces those per-panel phase lines)."""
    import matplotlib.lines as mlines  # lazy: matplotlib on first use
    from matplotlib.transforms import blended_transform_factory

    pos = [a.get_position() for a in axes]
    lx, ly = [xs[0]], [pos[0].y1]
    for i in range(len(axes)):
        if i + 1 < len(axes):
            mid = (pos[i].y0 + pos[i + 1].y1) / 2.0
            lx += [xs[i], xs[i + 1]]
            ly += [mid, mid]
        else:
            lx.append(xs[i])
            ly.append(pos[i].y0)
    trans = blended_transform_factory(axes[-1].transData, fig.transFigure)
    fig.add_artist(mlines.Line2D(lx, ly, transform=trans, color="black", linestyle="--",
                                 linewidth=1.0, label="_casekit_dogleg", zorder=10))
    for a, x in zip(axes, xs, strict=True):
        for line in [ln for ln in a.lines if ln.get_label() == "_casekit_phase_line"]:
            if np.isclose(np.asarray(line.get_xdata())[0], x):
                line.remove()

"""Rupture-repair plot: alliance trajectory with detected episodes and noted ruptures."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit.alliance import RuptureRepairResult
from casekit.exceptions import CaseDataError

from . import _figure
from . import _layers as layers
from . import _style as st
from ._data import Problem, Series, check_frame, is_na, listing, pick_measure, problem, rows_for
from ._labels import criterion_text, session_text
from ._panel import SeriesSpec, draw_series_spec, prepare_series_spec

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["rupture_repair_plot"]

STATUSES = ("repaired", "unrepaired", "censored", "censored_at_end")

#: status -> (legend text, span style); every shaded episode has a legend entry
EPISODE_STYLES: dict[str, tuple[str, dict[str, Any]]] = {
    "repaired": ("repaired episode", dict(color=st.PALETTE["skyblue"], alpha=0.35, lw=0)),
    "unrepaired": ("unrepaired episode", dict(facecolor=st.PALETTE["vermillion"], alpha=0.18,
                                              hatch="xxx", edgecolor=st.PALETTE["vermillion"],
                                              lw=0)),
    "censored": ("censored (series ended)",
                 dict(facecolor="0.75", alpha=0.35, hatch="////", edgecolor="0.45", lw=0)),
}
#: a thin dark line at each episode's first and last shaded session, so that two episodes
#: that meet (one repaired at the session the next one starts from) or overlap stay two
#: bands, in colour and in greyscale; the legend patches carry the same edge
EDGE_STYLE: dict[str, Any] = dict(color="0.25", linewidth=0.7, zorder=0.7)
NADIR_LABEL = "detected rupture (nadir)"
NADIR_STYLE: dict[str, Any] = dict(linestyle="none", marker="v", markersize=7,
                                   markerfacecolor="none",
                                   markeredgecolor=st.PALETTE["vermillion"], markeredgewidth=1.0)


@dataclass
class Episode:
    status: str           # repaired, unrepaired or censored
    start: float
    nadir: float
    repair: float | None


def rupture_repair_plot(data: pd.DataFrame, episodes: pd.DataFrame | RuptureRepairResult,
                        events: pd.DataFrame | None = None, *, measure: str | None = None,
                        case: Hashable = None,
                        criterion: str | list[str] | tuple[str, ...] | None = None,
                        x: str = "session", scale: str | None = "total",
                        phases: pd.DataFrame | str | None = None, direction_note: bool = True,
                        improvement: Any = None, max_step: float | None = None,
                        event_labels: str | None = "auto", phase_label: str = "auto",
                        legend: bool = True, title: str | None = None, ax: Axes | None = None,
                        figsize: tuple[float, float] | None = None,
                        style: str | dict[str, Any] | None = "paper"
                        ) -> tuple[Figure, Axes | tuple[Axes, ...]]:
    """Alliance series with rupture-repair episodes shaded and noted ruptures marked.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores (see :func:`session_series`).
    episodes : pandas.DataFrame or RuptureRepairResult
        :func:`casekit.rupture_repair` result or a table with its ``.summary`` columns that
        the figure reads: ``start``, ``nadir``, ``repair_session`` and ``status``
        (``repaired`` / ``unrepaired`` / ``censored``; optional ``case``, ``measure``,
        ``criterion``, ``nadir_value``). A result's ``thresholds`` give the drop each
        criterion asks for. An empty table draws the series alone.
    events : pandas.DataFrame, optional
        Events (therapist-noted ruptures ``rupture_noted``, ``repair_noted`` ...), drawn as
        markers along the top, separate from the detections (domain/methods.md §5.2 point 6).
    measure : str, optional
        Defaults to the single measure of ``episodes``.
    criterion : str or list of str, optional
        Criterion to draw when ``episodes`` holds several (``criterion`` column); a list
        draws one panel per criterion, stacked, with one legend (needs ``ax=None``).
    case, x, scale, phases, direction_note, improvement, max_step, event_labels, phase_label,
    legend, title, ax, figsize, style
        As in :func:`session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes, or a tuple of Axes (one per criterion of a list)
        Episode spans carry labels ``_casekit_episode_<status>``; nadir markers
        ``_casekit_nadir``.

    Notes
    -----
    An episode is shaded from the last observed session before its ``start`` (the
    pre-rupture level, so the whole "V" is covered) to its ``repair_session`` (repaired), to
    its nadir (unrepaired, hatched) or to the last session (censored: the series ended before
    a repair could be seen; grey hatch, "censored (series ended)" in the legend). A thin dark
    line marks where each shaded episode begins and ends, so that episodes that meet or
    overlap stay distinguishable (also in greyscale). Every kind of shaded episode has a
    legend entry, and
    the criterion is named in words ("Criterion: 2 SD (Stiles et al., 2004): drop ≥ 7.1
    points") above the legend entries, or in the panel titles of a list of criteria. The
    nadir is marked with an open ▽ at the rated value, so detections stay distinguishable
    from therapist-noted ruptures (filled ▼ on the event strip).

    References
    ----------
    Eubanks, C. F., Muran, J. C., & Safran, J. D. (2018). Alliance rupture repair: A
    meta-analysis. Psychotherapy, 55(4), 508-519. https://doi.org/10.1037/pst0000185

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import rupture_repair_plot
    >>> d = pd.DataFrame({"case": "c", "session": range(1, 9), "measure": "WAI-SR",
    ...                   "value": [40, 41, 33, 36, 41, 42, 42, 43.0]})
    >>> ep = pd.DataFrame({"start": [2], "nadir": [3], "repair_session": [5],
    ...                    "status": ["repaired"]})
    >>> fig, ax = rupture_repair_plot(d, ep, measure="WAI-SR", improvement="increase")
    """
    st.check_style(style)
    tab = check_frame(episodes, "episodes", ("start", "nadir", "status"))
    measure = pick_measure(tab, measure, "episodes")
    spec = prepare_series_spec(data, measure, case=case, x=x, scale=scale, phases=phases,
                               events=events, direction_note=direction_note,
                               improvement=improvement, max_step=max_step,
                               event_labels=event_labels, phase_label=phase_label)
    tab = rows_for(tab, spec.series.case, measure)
    panels = [(crit, _episodes(part, spec.series, measure))
              for crit, part in _by_criterion(tab, criterion, _computed(episodes))]
    if len(panels) > 1 and ax is not None:
        raise ValueError("a list of criteria draws one panel each; leave ax=None")
    texts = [None if crit is None else criterion_text(
        crit, _threshold(episodes, spec.series.case, measure, crit), spec.improvement)
        for crit, _ in panels]
    with st.style_context(style):
        n = len(panels)
        size = figsize or st.figsize("single", 0.75 if n == 1 else 0.62 * n)
        fig, axes = _figure.new_figure(ax, size=size, nrows=n, sharex=True, style=style)
        axes = (axes,) if n == 1 else tuple(axes)
        handles = _draw_panels(axes, spec, panels, texts, event_labels)
        if n > 1 and title:     # the panels' titles name the criteria
            fig.suptitle(title, x=0.02, ha="left", fontsize=axes[0].title.get_fontsize() + 1)
        _figure.finish(fig, axes, handles=handles, legend=legend,
                       legend_ax=axes[0] if n == 1 else None, title=title if n == 1 else None,
                       title_ax=axes[0], event_labels=event_labels,
                       phase_label=phase_label, key_ax=axes[-1], stacked=n > 1,
                       grow=ax is None and figsize is None,
                       legend_title=f"Criterion: {texts[0]}" if n == 1 and texts[0] else None)
    return (fig, axes[0]) if n == 1 else (fig, axes)


def _computed(episodes: object) -> set[str]:
    """Criteria a rupture-repair result was computed under (also those that found nothing)."""
    if not isinstance(episodes, RuptureRepairResult) or "criterion" not in episodes.thresholds:
        return set()
    return set(episodes.thresholds["criterion"].astype(str))


def _by_criterion(tab: pd.DataFrame, criterion: str | list[str] | tuple[str, ...] | None,
                  computed: set[str] | frozenset[str] = frozenset()
                  ) -> list[tuple[str | None, pd.DataFrame]]:
    """``[(criterion or None, episodes of that criterion)]``, in the order asked for; a
    criterion the result was computed under but that found no episode is an empty panel."""
    if "criterion" not in tab.columns:
        if criterion is not None and computed and len(tab) == 0:    # nothing found at all
            wanted = list(criterion) if isinstance(criterion, (list, tuple)) else [criterion]
            unknown = [c for c in wanted if c not in computed]
            if not unknown:
                return [(c, tab) for c in wanted]
        if criterion is not None:
            raise ValueError("criterion= was given but episodes has no 'criterion' column")
        return [(None, tab)]
    crits = list(pd.unique(tab["criterion"].dropna()))
    if criterion is None:
        if len(crits) > 1:
            raise ValueError(f"episodes holds several criteria {crits}; pass criterion= one "
                             "of them, or a list of them to draw one panel each")
        return [(crits[0] if crits else None, tab)]
    wanted = list(criterion) if isinstance(criterion, (list, tuple)) else [criterion]
    unknown = [c for c in wanted if c not in crits and c not in computed]
    if unknown:
        raise ValueError(f"criterion {unknown[0]!r} not in episodes; criteria present: "
                         f"{listing(crits)}")
    return [(c, tab[tab["criterion"] == c]) for c in wanted]


def _threshold(episodes: object, case: object, measure: str,
               criterion: str) -> float | None:
    """The drop a criterion asked for, from a result's ``thresholds`` (None for a table)."""
    if not isinstance(episodes, RuptureRepairResult):
        return None
    rows = rows_for(episodes.thresholds, case, measure)
    rows = rows[rows["criterion"] == criterion]
    return float(rows["threshold"].iloc[0]) if len(rows) else None


def _episodes(tab: pd.DataFrame, s: Series, measure: str) -> list[Episode]:
    """The episodes of one criterion, every location checked against the series."""
    known = set(s.sessions.tolist())
    probs: list[Problem] = []
    rows: list[Episode] = []
    for idx, rec in tab.iterrows():
        status = rec["status"]
        if status not in STATUSES:
            probs.append(problem(idx, "status", status, f"unknown status {status!r}; valid: "
                                 f"{', '.join(STATUSES)}"))
            continue
        cols = ["start", "nadir"] + (["repair_session"] if status == "repaired" else [])
        if status == "repaired" and "repair_session" not in tab.columns:
            probs.append(problem(idx, "repair_session", None, "a repaired episode needs "
                                 "repair_session"))
            continue
        bad = [problem(idx, c, rec[c], f"{c} {rec[c]!r} is not a session of the {measure!r} "
                       "series") for c in cols if is_na(rec[c]) or float(rec[c]) not in known]
        probs += bad
        if bad:
            continue
        if float(rec["nadir"]) < float(rec["start"]):
            probs.append(problem(idx, "nadir", session_text(rec["nadir"]),
                                 "nadir is before start"))
            continue
        rows.append(Episode("censored" if status.startswith("censored") else status,
                            float(rec["start"]), float(rec["nadir"]),
                            float(rec["repair_session"]) if status == "repaired" else None))
    if probs:
        raise CaseDataError(probs, title="episodes cannot be drawn")
    return rows


def _draw_panels(axes: Sequence[Axes], spec: SeriesSpec,
                 panels: Sequence[tuple[str | None, list[Episode]]],
                 texts: Sequence[str | None], event_labels: str | None
                 ) -> list[Artist | _figure.Entry]:
    """The series and the episodes of each criterion; the legend handles (once each)."""
    handles: list[Artist | _figure.Entry] = []
    used: set[str] = set()
    for i, (ax, (_, rows), text) in enumerate(zip(axes, panels, texts, strict=True)):
        drawn = draw_series_spec(ax, spec, phase_labels=(i == 0), xlabel=(i == len(axes) - 1),
                                 event_labels=(i == 0 and event_labels is not None))
        handles += [h for h in drawn if h.get_label() not in {x.get_label() for x in handles}]
        used |= _draw_episodes(ax, rows, spec.series)
        if len(axes) > 1 and text is not None:      # the criterion in words, above its panel
            fig = layers.figure_of(ax)
            width = 0.8 * fig.get_size_inches()[0] * 72.0
            ax.set_title(_figure.fill_width(fig, text, st.LEGEND_SIZE, width),
                         fontsize=st.LEGEND_SIZE)
            if i < len(axes) - 1:
                ax.tick_params(labelbottom=False)
    for status in EPISODE_STYLES:
        if status in used:
            name, style = EPISODE_STYLES[status]
            edge = layers.patch_handle("", facecolor="none", edgecolor=EDGE_STYLE["color"],
                                       lw=EDGE_STYLE["linewidth"])
            handles.append(_figure.Entry((layers.patch_handle(name, **style), edge), name))
    if any(rows for _, rows in panels):
        handles.append(layers.marker_handle(NADIR_LABEL, "v",
                                            markerfacecolor="none",
                                            markeredgecolor=st.PALETTE["vermillion"]))
    return handles


def _draw_episodes(ax: Axes, rows: Sequence[Episode], s: Series) -> set[str]:
    """Shade each episode, draw its edges, mark its nadir; returns the statuses drawn."""
    last = float(np.nanmax(s.x))
    observed = s.sessions[s.observed]
    value = dict(zip(s.sessions, s.values, strict=True))
    edges: set[float] = set()
    for ep in rows:
        before = observed[observed < ep.start]
        first = before[-1] if before.size else ep.start   # the pre-rupture level
        x0, xn = (float(v) for v in s.frame.x_of([first, ep.nadir], "episodes"))
        if ep.status == "repaired":
            assert ep.repair is not None    # a repaired episode has its repair session
            x1 = float(s.frame.x_of([ep.repair], "episodes")[0])
        else:
            x1 = xn if ep.status == "unrepaired" else last
        ax.axvspan(x0, max(x1, x0), zorder=0.6, label=f"_casekit_episode_{ep.status}",
                   **EPISODE_STYLES[ep.status][1])
        for edge in {x0, max(x1, x0)} - edges:    # one line where two episodes meet
            ax.axvline(edge, label="_casekit_episode_edge", **EDGE_STYLE)
            edges.add(edge)
        ax.plot([xn], [value[ep.nadir]], zorder=5, label="_casekit_nadir", **NADIR_STYLE)
    return {ep.status for ep in rows}

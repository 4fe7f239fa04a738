"""Rupture-repair plot: alliance trajectory with detected episodes and noted ruptures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit.exceptions import CaseDataError

from . import _layers as layers
from . import _style as st
from ._data import _fmt, check_frame, problem
from .series import _finish, draw_series_spec, prepare_series_spec
from .sudden import _filter, _pick_measure

__all__ = ["rupture_repair_plot"]

STATUSES = ("repaired", "unrepaired", "censored", "censored_at_end")


def rupture_repair_plot(data, episodes, events=None, *, measure=None, case=None,
                        criterion=None, x="session", scale="total", phases=None,
                        direction_note=True, improvement=None, max_step=None,
                        event_labels="auto", legend=True, title=None, ax=None, figsize=None,
                        style="paper"):
    """Alliance series with rupture-repair episodes shaded and noted ruptures marked.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores (see :func:`session_series`).
    episodes : pandas.DataFrame or result
        ``casekit.rupture_repair`` result or a table with ``start``, ``nadir``,
        ``repair_session`` and ``status`` (``repaired`` / ``unrepaired`` / ``censored``;
        optional ``case``, ``measure``, ``criterion``, ``nadir_value``). An empty table draws
        the series alone.
    events : pandas.DataFrame, optional
        Events (therapist-noted ruptures ``rupture_noted``, ``repair_noted`` ...), drawn as
        markers along the top, separate from the detections (domain/methods.md §5.2 point 6).
    measure : str, optional
        Defaults to the single measure of ``episodes``.
    criterion : str, optional
        Criterion to draw when ``episodes`` holds several (``criterion`` column).
    case, x, scale, phases, direction_note, improvement, max_step, event_labels, legend,
    title, ax, figsize, style
        As in :func:`session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Episode spans carry labels ``_casekit_episode_<status>``; nadir markers
        ``_casekit_nadir``.

    Notes
    -----
    An episode is shaded from the last observed session before its ``start`` (the
    pre-rupture level, so the whole "V" is covered) to its ``repair_session`` (repaired), to
    its nadir (unrepaired, hatched) or to the last session (censored, hatched). The nadir is
    marked with an open ▽ at the rated value, so detections stay distinguishable from
    therapist-noted ruptures (filled ▼ on the event strip).

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
    measure = _pick_measure(tab, measure, "episodes")
    spec = prepare_series_spec(data, measure, case=case, x=x, scale=scale, phases=phases,
                               events=events, direction_note=direction_note,
                               improvement=improvement, max_step=max_step,
                               event_labels=event_labels)
    s = spec.series
    tab = _filter(tab, s.case, measure)
    if "criterion" in tab.columns:
        crits = list(pd.unique(tab["criterion"].dropna()))
        if criterion is not None:
            if criterion not in crits:
                raise ValueError(f"criterion {criterion!r} not in episodes; criteria present: "
                                 f"{crits}")
            tab = tab[tab["criterion"] == criterion]
        elif len(crits) > 1:
            raise ValueError(f"episodes holds several criteria {crits}; pass criterion= (draw "
                             "one figure per criterion to compare them)")
    elif criterion is not None:
        raise ValueError("criterion= was given but episodes has no 'criterion' column")
    known = set(s.sessions.tolist())
    obs = dict(zip(s.sessions, s.values, strict=True))
    probs, rows = [], []
    for idx, rec in tab.iterrows():
        st_ = rec["status"]
        if st_ not in STATUSES:
            probs.append(problem(idx, "status", st_, f"unknown status {st_!r}; valid: "
                                 f"{', '.join(STATUSES)}"))
            continue
        cols = ["start", "nadir"] + (["repair_session"] if st_ == "repaired" else [])
        if st_ == "repaired" and "repair_session" not in tab.columns:
            probs.append(problem(idx, "repair_session", None, "a repaired episode needs "
                                 "repair_session"))
            continue
        vals = {}
        for c in cols:
            v = rec[c]
            if pd.isna(v) or float(v) not in known:
                probs.append(problem(idx, c, v, f"{c} {v!r} is not a session of the "
                                     f"{measure!r} series"))
            else:
                vals[c] = float(v)
        if len(vals) == len(cols):
            if vals["nadir"] < vals["start"]:
                probs.append(problem(idx, "nadir", _fmt(vals["nadir"]),
                                     "nadir is before start"))
                continue
            rows.append((st_, vals))
    if probs:
        raise CaseDataError(probs, title="episodes cannot be drawn")
    with st.style_context(style):
        fig, ax = st.new_figure(ax, size=figsize or st.figsize("single", 0.75))
        handles = draw_series_spec(ax, spec, event_labels=event_labels is not None)
        last = float(np.nanmax(s.x))
        used = set()
        observed = s.sessions[~np.isnan(s.values)]
        for st_, v in rows:
            before = observed[observed < v["start"]]
            first = before[-1] if before.size else v["start"]   # the pre-rupture level
            x0 = float(s.frame.x_of([first], "episodes")[0])
            if st_ == "repaired":
                x1 = float(s.frame.x_of([v["repair_session"]], "episodes")[0])
                kw = dict(color=st.PALETTE["skyblue"], alpha=0.35, lw=0)
            else:
                x1 = (float(s.frame.x_of([v["nadir"]], "episodes")[0]) if st_ == "unrepaired"
                      else last)
                kw = dict(facecolor=st.PALETTE["vermillion"], alpha=0.18, hatch="xxx",
                          edgecolor=st.PALETTE["vermillion"], lw=0)
            ax.axvspan(x0, max(x1, x0), zorder=0.6, label=f"_casekit_episode_{st_}", **kw)
            used.add(st_ if st_ == "repaired" else "unrepaired / censored")
            xn = float(s.frame.x_of([v["nadir"]], "episodes")[0])
            ax.plot([xn], [obs[v["nadir"]]], linestyle="none", marker="v", markersize=7,
                    markerfacecolor="none", markeredgecolor=st.PALETTE["vermillion"],
                    markeredgewidth=1.0, zorder=5, label="_casekit_nadir")
        import matplotlib.lines as mlines
        import matplotlib.patches as mpatches

        if "repaired" in used:
            handles.append(mpatches.Patch(color=st.PALETTE["skyblue"], alpha=0.35,
                                          label="repaired episode"))
        if "unrepaired / censored" in used:
            handles.append(mpatches.Patch(facecolor=st.PALETTE["vermillion"], alpha=0.18,
                                          hatch="xxx", edgecolor=st.PALETTE["vermillion"],
                                          label="unrepaired / censored"))
        if rows:
            handles.append(mlines.Line2D([], [], linestyle="none", marker="v",
                                         markerfacecolor="none",
                                         markeredgecolor=st.PALETTE["vermillion"],
                                         label="detected nadir"))
        _finish(ax, handles, legend, title)
        if event_labels == "auto":
            layers.fit_event_labels(fig, [ax])
    return fig, ax

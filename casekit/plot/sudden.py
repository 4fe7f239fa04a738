"""Sudden-gain plot: the trajectory with each gain interval highlighted."""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit.exceptions import CaseDataError

from . import _style as st
from ._data import _fmt, check_frame, problem
from .series import _finish, draw_series_spec, prepare_series_spec

__all__ = ["sudden_gain_plot"]


def _pick_measure(table, measure, what):
    if measure is not None:
        return measure
    if "measure" in table.columns:
        ms = pd.unique(table["measure"].dropna())
        if len(ms) == 1:
            return ms[0]
        if len(ms) > 1:
            raise ValueError(f"{what} holds several measures ({', '.join(map(repr, ms))}); "
                             "pass measure=")
    raise ValueError(f"measure= is required ({what} has no 'measure' column)")


def _filter(table, case, measure):
    if "case" in table.columns and case is not None:
        table = table[table["case"] == case]
    if "measure" in table.columns:
        table = table[table["measure"] == measure]
    return table


def sudden_gain_plot(data, gains, *, measure=None, case=None, x="session", scale="total",
                     phases=None, events=None, cutoff=None, show_reversal=True,
                     direction_note=True, improvement=None, max_step=None, legend=True,
                     title=None, ax=None, figsize=None, style="paper"):
    """Trajectory of one case with each sudden gain (or loss) interval highlighted.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores (see :func:`session_series`).
    gains : pandas.DataFrame or result
        ``casekit.sudden_gains`` / ``sudden_losses`` result or a table with
        ``pregain_session`` and ``postgain_session`` (optional ``case``, ``measure``,
        ``pregain_value``, ``postgain_value``, ``magnitude``, ``reversal_value``,
        ``reversed``). An empty table draws the trajectory alone.
    measure : str, optional
        Defaults to the single measure of ``gains``.
    case, x, scale, phases, events, cutoff, direction_note, improvement, max_step
        As in :func:`session_series`.
    show_reversal : bool
        Draw the reversal value (post-gain score + magnitude/2; suddengains) as a dotted line
        from the post-gain session on.
    legend, title, ax, figsize, style
        As in :func:`session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Gain intervals are ``axvspan`` patches labelled ``_casekit_gain_interval``; the gain
        segment is a line labelled ``_casekit_gain``.

    Raises
    ------
    casekit.CaseDataError
        A gain whose sessions are not observed in the series, or whose stored pre/post values
        disagree with the data (the gains were computed on other data).

    Notes
    -----
    Mirrors the single-person view of suddengains 0.7.2 ``plot_sg_trajectories`` with the gain
    interval highlighted (domain/methods.md §9, figure 5); the average course around gains
    (``plot_sg``, sessions n−2 … n+3) is a group display and is not drawn for one case.

    References
    ----------
    Tang, T. Z., & DeRubeis, R. J. (1999). Sudden gains and critical sessions in
    cognitive-behavioral therapy for depression. J Consult Clin Psychol, 67(6), 894-904.
    https://doi.org/10.1037/0022-006X.67.6.894

    Wiedemann, M., Thew, G. R., Stott, R., & Ehlers, A. (2020). suddengains: An R package to
    identify sudden gains in longitudinal data. PLOS ONE, 15(3), e0230276.
    https://doi.org/10.1371/journal.pone.0230276

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import sudden_gain_plot
    >>> d = pd.DataFrame({"case": "c", "session": range(1, 9), "measure": "PHQ-9",
    ...                   "value": [18, 18, 17, 17, 9, 8, 8, 7.0]})
    >>> g = pd.DataFrame({"pregain_session": [4], "postgain_session": [5]})
    >>> fig, ax = sudden_gain_plot(d, g, measure="PHQ-9")
    """
    st.check_style(style)
    tab = check_frame(gains, "gains", ("pregain_session", "postgain_session"))
    measure = _pick_measure(tab, measure, "gains")
    spec = prepare_series_spec(data, measure, case=case, x=x, scale=scale, phases=phases,
                               events=events, cutoff=cutoff, direction_note=direction_note,
                               improvement=improvement, max_step=max_step)
    s = spec.series
    tab = _filter(tab, s.case, measure)
    obs = dict(zip(s.sessions[~np.isnan(s.values)], s.values[~np.isnan(s.values)],
                   strict=True))
    probs, rows = [], []
    for idx, rec in tab.iterrows():
        pre_s, post_s = float(rec["pregain_session"]), float(rec["postgain_session"])
        bad = False
        for col, sv in (("pregain_session", pre_s), ("postgain_session", post_s)):
            if sv not in obs:
                probs.append(problem(idx, col, _fmt(sv), f"session {_fmt(sv)} has no observed "
                                     f"{measure!r} value in data"))
                bad = True
        if bad:
            continue
        for col, sv in (("pregain_value", pre_s), ("postgain_value", post_s)):
            if col in tab.columns and not pd.isna(rec[col]) and not np.isclose(
                    float(rec[col]), obs[sv], rtol=0, atol=1e-9):
                probs.append(problem(idx, col, rec[col], f"{col} {rec[col]} differs from the "
                                     f"data at session {_fmt(sv)} ({obs[sv]:g})"))
        rev = rec["reversal_value"] if "reversal_value" in tab.columns else None
        rows.append((pre_s, post_s, obs[pre_s], obs[post_s],
                     None if rev is None or pd.isna(rev) else float(rev)))
    if probs:
        raise CaseDataError(probs, title="gains do not match the data")
    with st.style_context(style):
        fig, ax = st.new_figure(ax, size=figsize or st.figsize("single", 0.75))
        handles = draw_series_spec(ax, spec)
        color = st.PALETTE["vermillion"]
        for pre_s, post_s, v0, v1, rev in rows:
            x0, x1 = s.frame.x_of([pre_s, post_s], "gains")
            ax.axvspan(x0, x1, color=st.PALETTE["orange"], alpha=0.25, lw=0, zorder=0.6,
                       label="_casekit_gain_interval")
            ax.plot([x0, x1], [v0, v1], color=color, linewidth=2.4, marker="", zorder=4,
                    solid_capstyle="round", label="_casekit_gain")
            ax.annotate(f"\u0394 {v1 - v0:+g}".replace("-", "\u2212"), ((x0 + x1) / 2, (v0 + v1) / 2), xytext=(5, 0),
                        textcoords="offset points", fontsize=7, color=color, va="center",
                        label="_casekit_gain_label")
            if show_reversal and rev is not None:
                ax.plot([x1, np.nanmax(s.x)], [rev, rev], color=color, linestyle=":",
                        linewidth=0.9, marker="", zorder=2, label="_casekit_reversal")
        if rows:
            import matplotlib.lines as mlines
            import matplotlib.patches as mpatches

            handles.append(mpatches.Patch(color=st.PALETTE["orange"], alpha=0.25,
                                          label="gain interval"))
            if show_reversal and any(r[4] is not None for r in rows):
                handles.append(mlines.Line2D([], [], color=color, linestyle=":",
                                             label="reversal value"))
        _finish(ax, handles, legend, title)
    return fig, ax

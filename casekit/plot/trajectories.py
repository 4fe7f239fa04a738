"""The average course of the scores around sudden gains: mean and CI from N-2 to N+3, by group."""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit._validate import check_float, check_option
from casekit.sudden import SuddenGainsByPersonResult, SuddenGainsResult

from . import _figure
from ._data import is_whole
from ._style import (
    PALETTE,
    SERIES_COLORS,
    SERIES_MARKERS,
    check_style,
    style_context,
)
from ._style import figsize as column_size

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_sg_trajectories"]

#: the scores around a gain, sessions N-2 ... N+3 (N = pregain session; casekit's columns)
POSITIONS = ("value_n_minus2", "value_n_minus1", "value_n", "value_n_plus1", "value_n_plus2",
             "value_n_plus3")
LABELS = ("N\u22122", "N\u22121", "N", "N+1", "N+2", "N+3")
_R_SUFFIXES = ("2n", "1n", "n", "n1", "n2", "n3")


# ---------------------------------------------------------------------------------------------
# input: one row per gain with the six scores
# ---------------------------------------------------------------------------------------------
def _from_suddengains_names(table: pd.DataFrame) -> pd.DataFrame:
    """A table with suddengains' names (``sg_<m>_2n`` ... ``sg_<m>_n3``) in casekit's names."""
    found = [hit.group(1) for c in table.columns
             if (hit := re.fullmatch(r"sg_(.+)_2n", str(c)))]
    if len(found) != 1:
        raise ValueError("gains must hold the scores around each gain: casekit's columns "
                         f"{', '.join(POSITIONS)} or suddengains' sg_<measure>_2n ... "
                         "sg_<measure>_n3 (one measure)")
    m = found[0]
    out = table.rename(columns={f"sg_{m}_{s}": p for s, p in zip(_R_SUFFIXES, POSITIONS,
                                                                   strict=True)})
    if "sg_crit123" in out.columns:  # a by-person table: the people with a gain
        out = out[out["sg_crit123"].to_numpy() == 1]
    return out


def _gain_rows(gains: object) -> tuple[pd.DataFrame, object]:
    """One row per gain with the six scores (and tx start/end when known); the measure."""
    if isinstance(gains, SuddenGainsByPersonResult):
        people = _from_suddengains_names(gains.summary)
        case_col = gains.gains.case_col
        tx = gains.gains.summary[["case", "pregain_session", "tx_start_value",
                                  "tx_end_value"]]
        rows = people.merge(tx, left_on=[case_col, "sg_session_n"],
                            right_on=["case", "pregain_session"], how="left")
        if case_col != "case":
            rows = rows.drop(columns="case").rename(columns={case_col: "case"})
        return rows, gains.gains.one_measure()
    if isinstance(gains, SuddenGainsResult):
        rows = gains.summary
    elif isinstance(gains, pd.DataFrame):
        rows = gains if all(c in gains.columns for c in POSITIONS) else \
            _from_suddengains_names(gains)
    else:
        raise TypeError("gains must be a sudden_gains / sudden_losses / sudden_gains_by_person "
                        f"result or a DataFrame; got {type(gains).__name__}")
    measure = None
    if "measure" in rows.columns:
        ms = pd.unique(rows["measure"].dropna())
        if len(ms) > 1:
            raise ValueError(f"gains hold several measures ({', '.join(map(str, ms))}): "
                             "draw one figure per measure")
        measure = ms[0] if len(ms) else None
    return rows.reset_index(drop=True), measure


def _groups(rows: pd.DataFrame, group: str | Mapping[Hashable, object] | pd.Series | None
            ) -> pd.Series:
    """The group label of every gain (one label when ``group`` is None)."""
    if group is None:
        return pd.Series(["all"] * len(rows), index=rows.index, dtype=object)
    if isinstance(group, str):
        if group not in rows.columns:
            raise ValueError(f"group={group!r} is not a column of gains; columns: "
                             f"{', '.join(map(str, rows.columns))}")
        labels = rows[group]
    elif isinstance(group, (Mapping, pd.Series)):
        if "case" not in rows.columns:
            raise ValueError("group given as a mapping needs a case column in gains")
        lookup = dict(group.items())
        labels = rows["case"].map(lambda c: lookup.get(c, lookup.get(str(c))))
    else:
        raise TypeError("group must be a column name, a mapping case -> group or a Series; "
                        f"got {type(group).__name__}")
    lost = rows.loc[labels.isna().to_numpy(), "case"] if "case" in rows.columns else \
        labels[labels.isna()]
    if len(lost):
        raise ValueError(f"{len(lost)} gain(s) have no group (cases {', '.join(map(str, lost))})"
                         "; give every gain a group so that none is left out")
    return labels.astype(object)


# ---------------------------------------------------------------------------------------------
# numbers: mean and CI per position
# ---------------------------------------------------------------------------------------------
def _summaries(rows: pd.DataFrame, labels: pd.Series, columns: Sequence[str], confidence: float,
               interval: str) -> list[dict[str, Any]]:
    """Per group and position: n, mean and the interval (NaN where n < 2)."""
    from scipy import stats  # lazy: scipy is needed for the quantiles only

    out: list[dict[str, Any]] = []
    for lab in sorted(pd.unique(labels), key=str):
        sub = rows.loc[(labels == lab).to_numpy(), columns].to_numpy(dtype=float)
        n = (~np.isnan(sub)).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n > 0, np.nansum(sub, axis=0) / np.maximum(n, 1), np.nan)
            dev = np.where(np.isnan(sub), 0.0, sub - mean)
            sd = np.sqrt((dev * dev).sum(axis=0) / (n - 1))
        if interval == "t":
            q = np.array([stats.t.ppf((1 + confidence) / 2, k - 1) if k > 1 else np.nan
                          for k in n])
        else:
            q = np.full(n.size, stats.norm.ppf((1 + confidence) / 2))
        half = np.where(n > 1, q * sd / np.sqrt(np.maximum(n, 1)), np.nan)
        out.append({"group": lab, "n": n, "mean": mean, "lower": mean - half,
                    "upper": mean + half, "values": sub})
    return out


# ---------------------------------------------------------------------------------------------
# figure
# ---------------------------------------------------------------------------------------------
def _draw_group(ax: Axes, x: np.ndarray, s: Mapping[str, np.ndarray], color: str, marker: str,
                label: str, show_individual: bool) -> None:
    if show_individual:
        for line in s["values"]:
            ax.plot(x, line, color="0.75", linewidth=0.6, marker="", zorder=1,
                    label="_casekit_trajectory")
    ax.plot(x, s["mean"], color=color, marker=marker, markersize=4, linewidth=1.4, zorder=3,
            label=label)
    ok = np.isfinite(s["lower"])
    if ok.any():
        bars = ax.errorbar(x[ok], s["mean"][ok], yerr=[s["mean"][ok] - s["lower"][ok],
                                                       s["upper"][ok] - s["mean"][ok]],
                           fmt="none", ecolor=color, elinewidth=0.9, capsize=2.5, zorder=3)
        bars.lines[2][0].set_label("_casekit_ci")


def _draw_tx(ax: Axes, x0: float, x1: float, start: float, first: float, last: float,
             end: float, color: str) -> None:
    """Dotted lines from the start of treatment to N-2 and from N+3 to the end (plot_sg)."""
    ax.plot([x0, x0 + 1], [start, first], color=color, linestyle=":", linewidth=1.0,
            marker="", label="_casekit_tx")
    ax.plot([x1 - 1, x1], [last, end], color=color, linestyle=":", linewidth=1.0, marker="",
            label="_casekit_tx")


def plot_sg_trajectories(gains: SuddenGainsResult | SuddenGainsByPersonResult | pd.DataFrame,
                         *, group: str | Mapping[Hashable, object] | pd.Series | None = None,
                         confidence: float = 0.95, interval: str = "t", show_tx: bool = False,
                         show_individual: bool = False, ylabel: str | None = None,
                         xlabel: str = "Session relative to the gain (N = pregain session)",
                         legend: bool = True, title: str | None = None, ax: Axes | None = None,
                         figsize: tuple[float, float] | None = None,
                         style: str | dict[str, Any] | None = "paper") -> tuple[Figure, Axes]:
    r"""Mean and confidence interval of the scores from session N-2 to N+3 around the gains.

    Parameters
    ----------
    gains : SuddenGainsResult, SuddenGainsByPersonResult or DataFrame
        :func:`casekit.sudden_gains` / :func:`casekit.sudden_losses` (every gain),
        :func:`casekit.sudden_gains_by_person` (one gain per person), or a table with the
        scores ``value_n_minus2 ... value_n_plus3`` (casekit) or ``sg_<m>_2n ... sg_<m>_n3``
        (suddengains ``bysg`` / ``byperson``).
    group : str, mapping or Series, optional
        Draw one course per group: a column of the gains table (``phase``; for a by-person
        result any column of the wide data, e.g. a treatment arm) or a mapping case -> group.
        A gain without a group is an error (nothing is left out silently).
    confidence : float
        Level of the intervals (default 0.95).
    interval : {"t", "normal"}
        ``"t"`` (default): mean +- t_{(1+confidence)/2, n-1} SD / sqrt(n), right for the few
        gains of a case series. ``"normal"``: the normal quantile instead of t, as suddengains
        ``plot_sg`` does (``mean_cl_normal`` with ``mult = 1.96``).
    show_tx : bool
        Add the mean first and last scores of treatment ("Start", "End") joined by dotted
        lines, as suddengains ``plot_sg`` does (needs casekit's ``tx_start_value`` and
        ``tx_end_value``).
    show_individual : bool
        Draw every gain's course as a thin grey line behind the means (the single courses of
        suddengains ``plot_sg_trajectories``).
    ylabel, xlabel, title : str, optional
        Axis labels and title (``ylabel`` defaults to the measure).
    legend : bool
        A legend naming the groups (drawn under the axes when there are several).
    ax : matplotlib.axes.Axes, optional
        Draw here instead of a new figure.
    figsize : tuple, optional
        Size of a new figure (default: one journal column, :func:`figsize`).
    style : "paper", None, a matplotlib style name or dict
        ``"paper"`` = the casekit journal style (:func:`paper_style`).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        The mean courses are lines labelled with the group (``"all"`` without groups); their
        intervals are error-bar collections labelled ``_casekit_ci``; single courses
        ``_casekit_trajectory``; the gain interval N -> N+1 an ``axvspan`` labelled
        ``_casekit_gain_interval``; the treatment start/end lines ``_casekit_tx``. x positions
        are 0 ... 5 for N-2 ... N+3 (-1 and 6 for start and end), shifted by a small dodge
        per group.

    See Also
    --------
    casekit.sudden_gains_by_person : one gain per person.
    sudden_gain_plot : one case's trajectory with its gain.

    Notes
    -----
    For every position the mean of the available scores (missed sessions are left out and
    counted: a position with fewer than two scores gets no interval) and the interval
    :math:`\bar x \pm q\, s / \sqrt{n}` with :math:`q` the t (default) or normal quantile.
    Mirrors suddengains 0.7.2 ``plot_sg`` (mean and 95 % CI from N-2 to N+3, optionally with
    the start and end of treatment, by group); ``plot_sg_trajectories`` in the package draws
    the single courses (``show_individual``). The R plot uses the normal quantile 1.96 for
    any number of gains; casekit's default t quantile is wider for few gains.

    References
    ----------
    .. [1] Tang, T. Z., & DeRubeis, R. J. (1999). Sudden gains and critical sessions in
       cognitive-behavioral therapy for depression. J Consult Clin Psychol, 67(6), 894-904.
       doi:10.1037/0022-006X.67.6.894
    .. [2] Wiedemann, M., Thew, G. R., Stott, R., & Ehlers, A. (2020). suddengains: An R
       package to identify sudden gains in longitudinal data. PLOS ONE, 15(3), e0230276.
       doi:10.1371/journal.pone.0230276

    Examples
    --------
    >>> import pandas as pd
    >>> import casekit as ck
    >>> from casekit.plot import plot_sg_trajectories
    >>> d = pd.DataFrame({"case": ["a"] * 8 + ["b"] * 8, "session": list(range(1, 9)) * 2,
    ...                   "value": [20, 21, 20, 12, 11, 12, 11, 10,
    ...                             18, 19, 18, 18, 9, 10, 9, 9.0]})
    >>> gains = ck.sudden_gains(d, sg_crit1_cutoff=6, improvement="decrease")
    >>> fig, ax = plot_sg_trajectories(gains)
    """
    check_style(style)
    confidence = check_float(confidence, "confidence", minimum=0.0, maximum=1.0,
                             inclusive=False)
    interval = check_option(interval, "interval", ("t", "normal"))
    rows, measure = _gain_rows(gains)
    if not len(rows):
        raise ValueError("gains holds no gain: there is no course to draw")
    columns = list(POSITIONS)
    if show_tx:
        lacking = [c for c in ("tx_start_value", "tx_end_value") if c not in rows.columns]
        if lacking:
            raise ValueError(f"show_tx=True needs the columns {lacking} (casekit's gains "
                             "tables have them)")
        columns = ["tx_start_value", *POSITIONS, "tx_end_value"]
    labels = _groups(rows, group)
    summaries = _summaries(rows, labels, columns, confidence, interval)
    k = len(summaries)
    x_base = np.arange(-1.0, 7.0) if show_tx else np.arange(6.0)
    with style_context(style):
        fig, ax = _figure.new_figure(ax, size=figsize or column_size("single", 0.75),
                                     style=style)
        ax.axvspan(2, 3, color=PALETTE["orange"], alpha=0.25, lw=0, zorder=0,
                   label="_casekit_gain_interval")
        for i, s in enumerate(summaries):
            color, marker = SERIES_COLORS[i % len(SERIES_COLORS)], \
                SERIES_MARKERS[i % len(SERIES_MARKERS)]
            x = x_base + (i - (k - 1) / 2) * (0.2 / k if k > 1 else 0.0)
            core = slice(1, 7) if show_tx else slice(0, 6)
            part = {key: (v[:, core] if key == "values" else v[core])
                    for key, v in s.items() if key != "group"}
            _draw_group(ax, x[core], part, color, marker,
                        "all" if group is None else str(s["group"]), show_individual)
            if show_tx:
                m = s["mean"]
                _draw_tx(ax, x[0], x[-1], m[0], m[1], m[-2], m[-1], color)
                ax.plot(x[[0, -1]], m[[0, -1]], color=color, marker=marker, markersize=4,
                        linestyle="none", label="_casekit_tx_point")
        ticks = (["Start", *LABELS, "End"] if show_tx else list(LABELS))
        ax.set_xticks(x_base, ticks)
        ax.set_xlim(x_base[0] - 0.5, x_base[-1] + 0.5)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel if ylabel is not None else
                      (str(measure) if measure is not None else "Score"))
        if all(is_whole(s["values"]) for s in summaries):
            _figure.integer_ticks(ax, "y")
        handles = [line for line in ax.lines if not str(line.get_label()).startswith("_")]
        _figure.finish(fig, [ax], handles=handles, legend=legend and k > 1, title=title)
    return fig, ax


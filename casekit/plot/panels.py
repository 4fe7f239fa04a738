"""Multi-panel figures: alliance + symptoms, and multiple-baseline designs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _layers as layers
from . import _style as st
from ._data import baseline_phase, check_frame
from .series import _finish, draw_series_spec, prepare_series_spec

__all__ = ["alliance_symptoms", "multiple_baseline"]


def _two(value, name):
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be one value or a pair (alliance, symptoms)")
        return tuple(value)
    return (value, value)


def _wrap_at_middle(text: str) -> str:
    """Split the last line of a label at the space nearest its middle."""
    head, _, last = text.rpartition("\n")
    words = last.split(" ")
    if len(words) < 2:
        return text
    cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(last) / 2))
    wrapped = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
    return f"{head}\n{wrapped}" if head else wrapped


def _wrap_long_ylabels(fig, axes) -> None:
    """Stacked panels: a y label (measure + direction note) longer than its panel runs into
    the label of the other panel; such labels get one more line (the note split in two)."""
    layers._layout(fig)
    boxes = [a.yaxis.label.get_window_extent() for a in axes]
    if not boxes[0].overlaps(boxes[1]):
        return
    for a, box in zip(axes, boxes, strict=True):
        if box.height > a.get_window_extent().height:
            a.set_ylabel(_wrap_at_middle(a.get_ylabel()))


def alliance_symptoms(data, alliance="WAI-SR", symptoms="PHQ-9", *, case=None, x="session",
                      scale="total", phases=None, events=None, cutoff=(None, "instrument"),
                      rci_band=None, changepoints=None, twin=False, direction_note=True,
                      improvement=(None, None), max_step=None, event_labels="auto",
                      event_styles=None, phase_label="auto", legend=True, title=None,
                      figsize=None, style="paper"):
    """Alliance (top) and symptoms (bottom) over the same sessions, with identical phase bands.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores holding both measures (see :func:`session_series`).
    alliance, symptoms : str
        The two measures (default ``"WAI-SR"`` and ``"PHQ-9"``).
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
    >>> fig, (ax1, ax2) = alliance_symptoms(d, "A", "S", cutoff=None,
    ...                                     improvement=("increase", "decrease"))
    """
    st.check_style(style)
    scales = _two(scale, "scale")
    cutoffs = _two(cutoff, "cutoff")
    bands = _two(rci_band, "rci_band")
    cps = _two(changepoints, "changepoints")
    imps = _two(improvement, "improvement")
    specs = []
    for i, measure in enumerate((alliance, symptoms)):
        specs.append(prepare_series_spec(
            data, measure, case=case, x=x, scale=scales[i], phases=phases, events=events,
            cutoff=cutoffs[i], rci_band=bands[i], changepoints=cps[i],
            direction_note=direction_note, improvement=imps[i], max_step=max_step,
            event_labels=event_labels, event_styles=event_styles, phase_label=phase_label))
    with st.style_context(style):
        if not twin:
            fig, axes = st.new_figure(None, size=figsize or st.figsize("single", 1.25),
                                      nrows=2, sharex=True)
            axes = tuple(axes)
            all_handles = []
            for i, (ax, spec) in enumerate(zip(axes, specs, strict=True)):
                h = draw_series_spec(ax, spec, index=i, phase_labels=(i == 0),
                                     event_labels=(i == 0 and event_labels is not None),
                                     xlabel=(i == 1))
                all_handles.append(h)
            axes[0].tick_params(labelbottom=False)
            if legend:
                # series are named by the y labels; the legend explains the other symbols
                seen, extra = set(), []
                for h in all_handles:
                    for hh in h[1:]:
                        if hh.get_label() not in seen:
                            seen.add(hh.get_label())
                            extra.append(hh)
                if extra:
                    # an "outside" figure legend gets its own space from constrained layout;
                    # two columns fit a single-column (3.5 in) figure
                    fig.legend(handles=extra, loc="outside lower center",
                               ncol=min(2, len(extra)), fontsize=layers.EVENT_FONTSIZE + 0.5)
            if title:
                layers.set_title(axes[0], title)
            _wrap_long_ylabels(fig, axes)
        else:
            fig, ax = st.new_figure(None, size=figsize or st.figsize("single", 0.8))
            h1 = draw_series_spec(ax, specs[0], index=0)
            ax2 = ax.twinx()
            st.freeze_ticks(ax2)
            ax2.spines["right"].set_visible(True)
            spec2 = specs[1]
            from dataclasses import replace

            h2 = draw_series_spec(ax2, replace(spec2, events=[]), index=1, phase_lines=False)
            c1, c2 = st.SERIES_COLORS[0], st.SERIES_COLORS[1]
            ax.set_ylabel(specs[0].ylabel, color=c1)
            ax2.set_ylabel(spec2.ylabel, color=c2)
            ax.tick_params(axis="y", colors=c1)
            ax2.tick_params(axis="y", colors=c2)
            ax2.spines["right"].set_color(c2)
            axes = (ax, ax2)
            _finish(ax, h1[:1] + h2[:1] + h1[1:] + h2[1:], legend, title)
        if event_labels == "auto":
            layers.fit_event_labels(fig, [axes[0]])
    return fig, axes


def multiple_baseline(data, measure, *, cases=None, phases=None, x="session", scale="total",
                      events=None, cutoff=None, direction_note=True, improvement=None,
                      max_step=None, sharey=True, event_labels=None, event_styles=None,
                      phase_labels=True, phase_label="auto", title=None, figsize=None,
                      style="paper"):
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
    The staggered ("dog-leg") line is one artist (label ``_casekit_dogleg``) drawn in figure
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
    data = check_frame(data, "data", ("case", "session", "measure", "value"))
    present = list(pd.unique(data["case"].dropna()))
    if cases is None:
        cases = present
    else:
        cases = list(cases)
        unknown = [c for c in cases if c not in present]
        if unknown:
            raise ValueError(f"cases {unknown} not in data; cases present: {present}")
    if not cases:
        raise ValueError("data holds no cases")
    if phases is None:
        raise ValueError("multiple_baseline needs phases= (a phases table with a 'case' "
                         "column, or a phase column of data)")
    specs = []
    for c in cases:
        spec = prepare_series_spec(
            data, measure, case=c, x=x, scale=scale, phases=phases, events=events,
            cutoff=cutoff, direction_note=direction_note, improvement=improvement,
            max_step=max_step, event_labels=event_labels, event_styles=event_styles,
            phase_label=phase_label)
        if len(spec.phases) < 2:
            raise ValueError(f"case {c!r} has {len(spec.phases)} phase(s); the staggered line "
                             "needs a baseline and a following phase for every case")
        base = baseline_phase(spec.phases)
        if spec.phases.index(base) + 1 >= len(spec.phases):
            raise ValueError(f"case {c!r}: no phase follows the baseline phase "
                             f"{base.phase!r}, so the staggered line has no position")
        specs.append(spec)
    n = len(cases)
    with st.style_context(style):
        import matplotlib.pyplot as plt
        from matplotlib.transforms import blended_transform_factory

        size = figsize or (st.COLUMN_WIDTHS["single"], 0.55 + 1.05 * n)
        fig, axes = plt.subplots(n, 1, figsize=size, sharex=True, sharey=sharey,
                                 squeeze=False, layout="none")
        axes = axes[:, 0]
        w, h = size
        # room above the top panel: phase labels (0.28 in), plus a title raised over them
        top = 1 - (0.28 + (0.42 if title else 0.0)) / h
        bottom = 0.45 / h
        fig.subplots_adjust(left=0.16, right=0.96, top=top, bottom=bottom, hspace=0.35)
        xs = []
        for i, (ax, spec) in enumerate(zip(axes, specs, strict=True)):
            st.freeze_ticks(ax)
            draw_series_spec(ax, spec, index=0, phase_labels=phase_labels,
                             event_labels=event_labels is not None, xlabel=(i == n - 1))
            ax.set_ylabel("")
            ax.text(0.99, 0.97, str(cases[i]), transform=ax.transAxes, ha="right",
                    va="top", fontsize=plt.rcParams["axes.labelsize"], zorder=6,
                    bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1.0),
                    label="_casekit_case_label")
            if i < n - 1:
                ax.tick_params(labelbottom=False)
            if i > 0:   # the cutoff is labelled once, in the top panel
                for t in list(ax.texts):
                    if t.get_label() == "_casekit_cutoff_label":
                        t.remove()
            xs.append(baseline_phase(spec.phases).right)
        y0, y1 = axes[0].get_ylim() if sharey else (None, None)
        if sharey:   # headroom for the case labels
            axes[0].set_ylim(y0, y1 + 0.15 * (y1 - y0))
        else:
            for a in axes:
                b0, b1 = a.get_ylim()
                a.set_ylim(b0, b1 + 0.15 * (b1 - b0))
        lo = min(a.get_xlim()[0] for a in axes)
        hi = max(a.get_xlim()[1] for a in axes)
        axes[-1].set_xlim(lo, hi)
        note = specs[0].direction if direction_note else None
        fig.supylabel(measure if not note else f"{measure} ({note})",
                      fontsize=plt.rcParams["axes.labelsize"])
        # the dog-leg, in (data x, figure y)
        pos = [a.get_position() for a in axes]
        lx, ly = [xs[0]], [pos[0].y1]
        for i in range(n):
            if i + 1 < n:
                mid = (pos[i].y0 + pos[i + 1].y1) / 2.0
                lx += [xs[i], xs[i + 1]]
                ly += [mid, mid]
            else:
                lx.append(xs[i])
                ly.append(pos[i].y0)
        trans = blended_transform_factory(axes[-1].transData, fig.transFigure)
        import matplotlib.lines as mlines

        dog = mlines.Line2D(lx, ly, transform=trans, color="black", linestyle="--",
                            linewidth=1.0, label="_casekit_dogleg", zorder=10)
        fig.add_artist(dog)
        for a in axes:   # the dog-leg replaces the per-panel phase line at the first change
            for line in list(a.lines):
                if line.get_label() == "_casekit_phase_line" and np.isclose(
                        line.get_xdata()[0], xs[list(axes).index(a)]):
                    line.remove()
        if title:
            layers.set_title(axes[0], title)
        if event_labels == "auto":
            layers.fit_event_labels(fig, list(axes))
    return fig, axes

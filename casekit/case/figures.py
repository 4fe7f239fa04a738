"""The figures of a case report, drawn with :mod:`casekit.plot`'s public functions.

=================  ======================================================================
``series``         alliance and symptoms per session (or the one measure there is), with
                   the phases, the noted events and the symptom cutoff
``changepoints``   each series with its change point (AMOC) beside the posterior probability
                   of the change location, one row per series
``ruptures``       the alliance with the rupture-repair episodes of each criterion (one
                   panel each) and the ruptures the therapist noted
``gains``          the symptom series with each sudden gain (when there is one)
``jacobson``       last against first score of the symptom measure (else the first measure
                   with reliable-change constants), with the reliable-change band and cutoff
=================  ======================================================================

Every figure of simulated data carries the simulation notice as its title.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from ..alliance.rupture import RuptureRepairResult
from ..changepoint.bayes import BayesChangepointResult
from ..clinical import ReliableChangeResult
from ..plot import (
    alliance_symptoms,
    changepoint_figure,
    jacobson_plot,
    rupture_repair_plot,
    session_series,
    sudden_gain_plot,
)
from ..results import Result
from ..schema import ALL_EVENT_TYPES
from ..sudden import SuddenGainsResult
from ._sections import criteria_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .analysis import CaseAnalysis

__all__ = ["FIGURES", "FIGURE_EVENTS", "available", "unavailable", "draw", "caption",
           "simulation_notice"]

FIGURES = ("series", "changepoints", "ruptures", "gains", "jacobson")
#: Event types marked on the series figure (notes and homework would crowd it; pass
#: ``events=`` to :meth:`CaseAnalysis.figure` to choose others).
FIGURE_EVENTS = ("rupture_noted", "repair_noted", "contract_drafted", "contract_agreed",
                 "contract_revised", "life_event", "missed_session", "medication_change",
                 "phase_change")
_NOTED = ("rupture_noted", "repair_noted")
_NOTICE_SIZE = 6


def simulation_notice(case: str) -> str:
    """The line every figure of simulated data carries."""
    return f"SIMULATED DATA ({case}): invented scores; no patient data"


def _totals(a: CaseAnalysis) -> pd.DataFrame:
    return a.scores[a.scores["scale"] == "total"].reset_index(drop=True)


def _events(a: CaseAnalysis, types: Sequence[str]) -> pd.DataFrame | None:
    if a.events is None:
        return None
    ev = a.events[a.events["event"].isin(types) & a.events["event"].isin(ALL_EVENT_TYPES)]
    return ev if len(ev) else None


def _cutoff(a: CaseAnalysis, m: str | None) -> str | None:
    inst = a.instruments.get(m) if m is not None else None
    return "instrument" if inst is not None and inst.cutoff is not None else None


def _direction(a: CaseAnalysis, m: str | None) -> str | None:
    inst = a.instruments.get(m) if m is not None else None
    if inst is not None:
        return None  # the plot reads it from the registry
    return "increase" if m == a.alliance_measure else None


def _measures(a: CaseAnalysis) -> list[str]:
    measures = set(_totals(a)["measure"].astype(str))
    return [m for m in (a.alliance_measure, a.symptom_measure)
            if m is not None and m in measures]


def available(a: CaseAnalysis) -> list[str]:
    """The figures the analysis allows, in report order."""
    out = []
    if _measures(a):
        out.append("series")
    if any(k.startswith("bayes_changepoint/") for k in a.results):
        out.append("changepoints")
    if "rupture_repair" in a.tables:
        out.append("ruptures")
    gains = a.tables.get("sudden_gains")
    if isinstance(gains, SuddenGainsResult) and gains.n_gains > 0:
        out.append("gains")
    if any(k.startswith("reliable_change/") for k in a.results):
        out.append("jacobson")
    return out


_R = TypeVar("_R", bound=Result)


def _of(value: Result, cls: type[_R]) -> _R:
    """``value`` as the result class the analysis stored under its key."""
    assert isinstance(value, cls), f"{type(value).__name__} where {cls.__name__} was expected"
    return value


def _series(a: CaseAnalysis, **options: Any) -> Figure:
    ms = _measures(a)
    kw: dict[str, Any] = dict(phases=a.phases, events=_events(a, FIGURE_EVENTS), event_labels=None)
    if len(ms) == 2:
        al, sy = a.alliance_measure, a.symptom_measure
        assert al is not None and sy is not None  # two measures: both roles are set
        kw.update(cutoff=(_cutoff(a, al), _cutoff(a, sy)),
                  improvement=(_direction(a, al), _direction(a, sy)))
        kw.update(options)
        fig, _ = alliance_symptoms(_totals(a), al, sy, **kw)
    else:
        kw.update(cutoff=_cutoff(a, ms[0]), improvement=_direction(a, ms[0]))
        kw.update(options)
        fig, _ = session_series(_totals(a), ms[0], **kw)
    return fig


def _changepoints(a: CaseAnalysis, **options: Any) -> Figure:
    ms = [m for m in (a.alliance_measure, a.symptom_measure)
          if m is not None and f"bayes_changepoint/{m}" in a.results]
    kw: dict[str, Any] = dict(changepoints={m: a.results[f"amoc/{m}"] for m in ms
                            if f"amoc/{m}" in a.results},
              phases=a.phases, improvement={m: _direction(a, m) for m in ms
                                            if _direction(a, m) is not None} or None)
    kw.update(options)
    fig, _ = changepoint_figure(
        _totals(a), {m: _of(a.results[f"bayes_changepoint/{m}"], BayesChangepointResult)
                     for m in ms}, **kw)
    return fig


def _rupture(a: CaseAnalysis, **options: Any) -> Figure:
    """One panel per criterion (a criterion that found nothing: the series alone, with the
    noted ruptures), the criterion in words above its panel, one legend with an entry for
    every kind of shaded episode in any panel, the phase key once under the last panel."""
    rr = a.tables["rupture_repair"]
    crits = criteria_of(rr)
    kw: dict[str, Any] = dict(events=_events(a, _NOTED), phases=a.phases, event_labels=None,
              improvement=_direction(a, a.alliance_measure))
    kw.update(options)
    fig, _ = rupture_repair_plot(_totals(a), _of(rr, RuptureRepairResult), measure=a.alliance_measure,
                                 criterion=crits if len(crits) > 1 else
                                 (crits[0] if crits else None),
                                 **kw)
    return fig


def _sudden(a: CaseAnalysis, **options: Any) -> Figure:
    m = a.symptom_measure
    kw: dict[str, Any] = dict(measure=m, phases=a.phases, cutoff=_cutoff(a, m),
              improvement=_direction(a, m))
    kw.update(options)
    fig, _ = sudden_gain_plot(_totals(a), _of(a.tables["sudden_gains"], SuddenGainsResult),
                              **kw)
    return fig


def _jacobson_measure(a: CaseAnalysis) -> str:
    """The measure of the Jacobson plot: the symptom measure, else the first with reliable
    change (one case is one point: a panel per measure would repeat one legend badly)."""
    ms = [k.split("/", 1)[1] for k in a.results if k.startswith("reliable_change/")]
    sym = a.symptom_measure
    return sym if sym is not None and sym in ms else ms[0]


def _jacobson(a: CaseAnalysis, **options: Any) -> Figure:
    m = _jacobson_measure(a)
    kw: dict[str, Any] = dict(title=m)
    kw.update(options)
    fig, _ = jacobson_plot(_of(a.results[f"reliable_change/{m}"], ReliableChangeResult), **kw)
    return fig


_DRAW: dict[str, Callable[..., Figure]] = {
    "series": _series, "changepoints": _changepoints, "ruptures": _rupture, "gains": _sudden,
    "jacobson": _jacobson}


def unavailable(a: CaseAnalysis, name: str) -> str:
    """Why figure ``name`` is not drawn for the analysis ``a``."""
    section = {"changepoints": "change_points", "ruptures": "rupture_repair",
               "gains": "sudden_gains", "jacobson": "reliable_change"}.get(name)
    if section is not None and section in a.skipped:
        return a.skipped[section]
    return {"series": "no alliance or symptom scores", "gains": "no sudden gain",
            "jacobson": "no measure with reliable-change constants and two scores",
            "changepoints": "no series long enough"}.get(name, "its analysis did not run")


def draw(a: CaseAnalysis, name: str, **options: Any) -> Figure:
    """One figure of the analysis ``a`` (see the module docstring for the names)."""
    names = available(a)
    if name not in _DRAW:
        raise ValueError(f"unknown figure {name!r}; figures: {', '.join(FIGURES)}")
    if name not in names:
        raise ValueError(f"figure {name!r} is not available for this case "
                         f"({unavailable(a, name)}); available: {', '.join(names) or 'none'}")
    fig = _DRAW[name](a, **options)
    if a.simulated:
        fig.suptitle(simulation_notice(a.case), fontsize=_NOTICE_SIZE)
    return fig


def _phase_words(a: CaseAnalysis) -> str:
    if a.phases is None:
        return ""
    names = a.phases["phase"].astype(str).tolist()
    return f", with phases {names[0]}\u2013{names[-1]}" if len(names) > 2 else \
        f", with phases {' and '.join(names)}"


def caption(a: CaseAnalysis, name: str) -> str:
    """The caption of one figure (APA style, without the "Figure n." label)."""
    sim = " Simulated data." if a.simulated else ""
    ms = _measures(a)
    if name == "series":
        what = " (top) and ".join(ms) + (" (bottom)" if len(ms) == 2 else "")
        return (f"{what} total scores per session{_phase_words(a)} and the events the "
                "therapist noted; missed sessions are gaps, never interpolated." + sim)
    if name == "changepoints":
        return ("Each series with its change point by the at-most-one-change test (left) and "
                "the posterior probability of the location of one change, the last session "
                "before it (right); shaded: the 95% credible interval." + sim)
    if name == "ruptures":
        return (f"{a.alliance_measure} with the rupture\u2013repair episodes each criterion "
                "detected (shaded; hatched: unrepaired or censored) and the ruptures the "
                "therapist noted (filled triangles)." + sim)
    if name == "gains":
        return (f"{a.symptom_measure} with each sudden gain (shaded interval) and its "
                "reversal value (dotted)." + sim)
    if name == "jacobson":
        return (f"Last against first {_jacobson_measure(a)} score (Jacobson plot): the band "
                "around the diagonal is the reliable change, the dotted lines the clinical "
                "cutoff; the other measures are in the reliable-change table." + sim)
    raise ValueError(f"unknown figure {name!r}; figures: {', '.join(FIGURES)}")

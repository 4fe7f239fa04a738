"""Which two periods of a case are compared: :func:`choose_comparison`.

A case report compares a baseline period with a treatment period (NAP, Tau-U, piecewise
regression). In a naturalistic case the phases are often uneven (a three-session intake), and
an estimate of change from three baseline scores is honest but uninformative (a level-change
interval tens of points wide). :func:`choose_comparison` states one rule, in order, and says
which step chose the comparison and why; :class:`ComparisonResult` holds the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._validate import check_int
from ..exceptions import ArgumentError
from ..results import Result

__all__ = ["choose_comparison", "ComparisonResult", "MIN_SCORES", "SPLIT_EVENTS",
           "period_label", "event_words"]

#: Scores per period the single-case design standards ask for (Kratochwill, T. R., Hitchcock,
#: J. H., Horner, R. H., et al. (2013). Single-case intervention research design standards.
#: Remedial and Special Education, 34(1), 26-38. doi:10.1177/0741932512452794: at least 5 data
#: points per phase to meet the standards without reservations).
MIN_SCORES = 5
#: Events that mark a naturalistic change point a comparison may be split at (rule 2).
SPLIT_EVENTS = ("phase_change", "contract_agreed")
_DEFINITION_ORDER = ("a_priori", "data_driven", "post_hoc")


class ComparisonResult(Result):
    """The two periods a case analysis compares, and why (:func:`choose_comparison`).

    Attributes
    ----------
    kind : str
        ``"phases"`` (two phases of the phase table), ``"event"`` (the series split at an
        event's session) or ``"none"`` (no phases and no split event: nothing to compare).
    rule : int or None
        The step of the rule that chose the comparison: 0 = set by the caller
        (``baseline_phase`` / ``treatment_phase``), 1-4 as in :func:`choose_comparison`;
        ``None`` for ``kind="none"``.
    baseline : str or None
        Label of the baseline period: a phase label (``kind="phases"``) or ``"before"``
        (``kind="event"``).
    treatment : str or None
        Label of the treatment period: a phase label or ``"after"``.
    baseline_sessions : tuple of int or None
        First and last session of the baseline period (the phase table's ``start`` and
        ``end``; for an event split, the first counted session to the event's session).
    treatment_sessions : tuple of int or None
        First and last session of the treatment period (for an event split, the session
        after the event's to the last counted session).
    n_baseline : int
        Scores counted in the baseline period (sessions with a score; missed sessions do
        not count).
    n_treatment : int
        Scores counted in the treatment period.
    split_session : int or None
        The event's session (the last session of the baseline period) for ``kind="event"``.
    event : str or None
        The event type the series was split at (``kind="event"``).
    counted : str
        What was counted: ``"<measure> scores"`` or ``"rated sessions"``.
    min_size : int
        Scores each period needs (default :data:`MIN_SCORES`).
    definition : str or None
        How the periods were defined: the least planned ``definition`` of the two phases
        (``a_priori`` < ``data_driven`` < ``post_hoc``); ``"post_hoc"`` for an event split (a
        naturalistic change point found after the fact).
    reference_phase : str or None
        The phase a phase summary compares every later phase with: the baseline phase of a
        phase comparison; for an event split, the first phase with at least ``min_size``
        scores (else the baseline phase); ``None`` without phases.
    too_short : bool
        Rule 4: no two periods have ``min_size`` scores; estimates of change are too
        imprecise to interpret.
    reason : str
        Why this comparison, in words (the rule and the counts).
    label : str
        The comparison in words, e.g. ``"P1 (sessions 4–10) vs P4 (sessions 35–44)"``.
    """

    kind: str
    rule: int | None = None
    baseline: str | None = None
    treatment: str | None = None
    baseline_sessions: tuple[int, int] | None = None
    treatment_sessions: tuple[int, int] | None = None
    n_baseline: int = 0
    n_treatment: int = 0
    split_session: int | None = None
    event: str | None = None
    counted: str = "rated sessions"
    min_size: int = MIN_SCORES
    definition: str | None = None
    reference_phase: str | None = None
    too_short: bool = False
    reason: str = ""
    label: str = ""

    @property
    def parts(self) -> tuple[str, str] | None:
        """The two periods in words (``"P1 (sessions 4–10)"``, ...), or ``None``."""
        if self.kind == "none":
            return None
        return (period_label(self, "baseline"), period_label(self, "treatment"))

    def assign(self, data: pd.DataFrame, *, session_col: str = "session",
               column: str = "comparison") -> pd.DataFrame:
        """The rows of ``data`` in the two periods, with a column naming their period.

        Parameters
        ----------
        data : pandas.DataFrame
            Tidy rows with ``session_col`` (and, for a phase comparison, a ``phase`` column
            or sessions within the phases' bounds).
        session_col : str
            Column of session numbers.
        column : str
            Name of the added column (values :attr:`baseline` and :attr:`treatment`).

        Returns
        -------
        pandas.DataFrame
            A copy holding only the rows of the two periods (sessions between each period's
            first and last session), in their original order.
        """
        if self.kind == "none":
            raise ArgumentError("there is no comparison to assign (kind 'none')",
                                argument="baseline_phase, treatment_phase")
        sess = pd.to_numeric(data[session_col], errors="coerce").to_numpy(dtype=float)
        label = np.full(len(data), None, dtype=object)
        for name, span in ((self.baseline, self.baseline_sessions),
                           (self.treatment, self.treatment_sessions)):
            assert span is not None  # set for every kind but "none"
            lo, hi = span
            label[(sess >= lo) & (sess <= hi)] = name
        keep = label != None  # noqa: E711 - elementwise
        out: pd.DataFrame = data.loc[keep].copy()
        out[column] = label[keep].astype(str)
        return out


def period_label(comparison: ComparisonResult, which: str) -> str:
    """One period in words: ``"P1 (sessions 4–10)"`` or ``"sessions 1–18 (up to the
    contract agreed event)"``."""
    sessions = (comparison.baseline_sessions if which == "baseline"
                else comparison.treatment_sessions)
    assert sessions is not None, "a comparison of kind 'none' has no periods"
    lo, hi = sessions
    span = f"session {lo}" if lo == hi else f"sessions {lo}\u2013{hi}"
    if comparison.kind == "phases":
        name = comparison.baseline if which == "baseline" else comparison.treatment
        return f"{name} ({span})"
    if which == "baseline":
        return f"{span} (up to the {event_words(comparison.event)} event)"
    return span


def event_words(event: object) -> str:
    """An event type in words (``"contract_agreed"`` -> ``"contract agreed"``)."""
    return str(event).replace("_", " ")


def _counted_sessions(data: pd.DataFrame | None, sessions: npt.ArrayLike | None,
                      measure: str | None, *, session_col: str, value_col: str,
                      measure_col: str) -> tuple[np.ndarray, str]:
    """Sessions that count (with a score of ``measure``, else with any rating), and their
    description."""
    if sessions is not None:
        if data is not None:
            raise ArgumentError("give data= or sessions=, not both", argument="data, sessions")
        arr = np.asarray(sessions, dtype=float)
        return np.unique(arr[np.isfinite(arr)]), (f"{measure} scores" if measure
                                                  else "rated sessions")
    if data is None:
        raise ArgumentError("choose_comparison needs data= (tidy scores) or sessions= (the "
                            "sessions with a score)", argument="data, sessions")
    for col, arg in ((session_col, "session_col"), (value_col, "value_col")):
        if col not in data.columns:
            raise ArgumentError(f"data has no column {col!r} (set {arg}=); columns: "
                                f"{', '.join(map(str, data.columns))}", argument=arg)
    rows = data[data[value_col].notna()]
    if "item" in rows.columns:
        rows = rows[rows["item"].isna()]
    if measure is not None and measure_col in rows.columns and \
            (rows[measure_col] == measure).any():
        rows = rows[rows[measure_col] == measure]
        if "scale" in rows.columns and (rows["scale"] == "total").any():
            rows = rows[rows["scale"] == "total"]
        what = f"{measure} scores"
    else:
        what = "rated sessions"
    sess = pd.to_numeric(rows[session_col], errors="coerce").to_numpy(dtype=float)
    return np.unique(sess[np.isfinite(sess)]), what


def _phase_table(phases: pd.DataFrame | None) -> pd.DataFrame | None:
    if phases is None:
        return None
    if not isinstance(phases, pd.DataFrame):
        raise TypeError(f"phases must be a phase table (DataFrame); got {type(phases).__name__}")
    missing = [c for c in ("phase", "start", "end") if c not in phases.columns]
    if missing:
        raise ArgumentError(f"phases lacks the columns {', '.join(missing)} (a phase table "
                            "has phase, start, end, role, definition)", argument="phases")
    if "case" in phases.columns and phases["case"].astype(str).nunique() > 1:
        raise ArgumentError("phases holds several cases "
                            f"({', '.join(sorted(phases['case'].astype(str).unique()))}); "
                            "give the phases of one case", argument="phases")
    return phases.sort_values("start", kind="stable").reset_index(drop=True)


def _least_planned(definitions: Iterable[object]) -> str | None:
    vals = [d for d in definitions if isinstance(d, str) and d in _DEFINITION_ORDER]
    if not vals:
        return None
    return max(vals, key=_DEFINITION_ORDER.index)


class _Counter:
    """Counts scores in session ranges."""

    def __init__(self, counted: np.ndarray) -> None:
        self.counted = counted

    def __call__(self, lo: Any, hi: Any) -> int:  # session bounds: cells of a table
        return int(((self.counted >= lo) & (self.counted <= hi)).sum())


def choose_comparison(data: pd.DataFrame | None = None, *,
                      sessions: npt.ArrayLike | None = None,
                      phases: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                      measure: str | None = None, baseline_phase: str | None = None,
                      treatment_phase: str | None = None, min_size: int = MIN_SCORES,
                      split_events: Sequence[str] = SPLIT_EVENTS,
                      session_col: str = "session", value_col: str = "value",
                      measure_col: str = "measure") -> ComparisonResult:
    """Choose the baseline and treatment periods a case analysis compares, by a stated rule.

    Counting the scores of ``measure`` (the symptom measure; the rated sessions when it has
    none) and asking for at least ``min_size`` per period, the minimum per phase of the
    single-case design standards (Kratochwill et al. 2013), the first of these that the data
    support is taken:

    0. ``baseline_phase`` and/or ``treatment_phase`` given: those phases (an unset one
       defaults to the baseline phase, resp. the last phase);
    1. the baseline phase (role ``baseline``, else the first phase) against the last phase;
    2. else, when an event of ``split_events`` (``phase_change``, ``contract_agreed``)
       leaves ``min_size`` scores on each side (the first such event in session order), the
       sessions up to and including the event's session against the sessions after it: a
       naturalistic change point, analysed as ``post_hoc``;
    3. else the first phase with ``min_size`` scores against the last phase;
    4. else the baseline phase against the last phase, flagged ``too_short``.

    Without phases, rule 2 is the only one; without phases and split events there is no
    comparison (``kind="none"``).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Tidy scores (``session``, ``value``; ``measure``, and ``scale``/``item`` when
        present: item rows are ignored, the ``total`` scale counted). Missing values do not
        count: a missed session is not a score.
    sessions : array-like, optional
        Instead of ``data``: the session numbers that have a score.
    phases : pandas.DataFrame, optional
        The phase table of the case (``phase``, ``start``, ``end``; ``role`` and
        ``definition`` when present).
    events : pandas.DataFrame, optional
        The events table (``session``, ``event``).
    measure : str, optional
        The measure whose scores are counted (e.g. ``"PHQ-9"``); absent from ``data`` or
        ``None``: the rated sessions are counted.
    baseline_phase, treatment_phase : str, optional
        Phases chosen by the caller (rule 0).
    min_size : int
        Scores each period needs (default 5).
    split_events : sequence of str
        Event types that may split the series (rule 2).
    session_col, value_col, measure_col : str
        Column names of ``data``.

    Returns
    -------
    ComparisonResult
        ``kind``, ``rule``, ``baseline``/``treatment`` labels, their sessions and counts,
        ``reason`` in words, ``definition``, ``reference_phase`` (for a phase summary) and
        ``too_short``. ``.assign(data)`` labels the rows of the two periods.

    Raises
    ------
    casekit.ArgumentError
        ``baseline_phase``/``treatment_phase`` without phases, labels that are not phases
        (the message lists them), or the same phase twice.

    Notes
    -----
    The rule prefers the design as planned (rule 1); a naturalistic split (rule 2) only when
    the planned baseline is too short, because a change point found in the data or named in
    the narrative is post hoc, which makes every test descriptive. Counting scores rather
    than sessions makes the rule honest about missed sessions: a phase of sessions 4-10 with
    two missed sessions has 5 scores.

    References
    ----------
    Kratochwill, T. R., Hitchcock, J. H., Horner, R. H., Levin, J. R., Odom, S. L.,
    Rindskopf, D. M., & Shadish, W. R. (2013). Single-case intervention research design
    standards. Remedial and Special Education, 34(1), 26-38. doi:10.1177/0741932512452794

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.case import choose_comparison
    >>> phases = pd.DataFrame({"phase": ["A", "B"], "start": [1, 4], "end": [3, 20],
    ...                        "role": ["baseline", "intervention"],
    ...                        "definition": "a_priori"})
    >>> events = pd.DataFrame({"session": [9], "event": ["contract_agreed"]})
    >>> cmp_ = choose_comparison(sessions=range(1, 21), phases=phases, events=events)
    >>> cmp_.rule, cmp_.label
    (2, 'sessions 1–9 (up to the contract agreed event) vs sessions 10–20')
    """
    check_int(min_size, "min_size", minimum=1)
    counted, what = _counted_sessions(data, sessions, measure, session_col=session_col,
                                      value_col=value_col, measure_col=measure_col)
    table = _phase_table(phases)
    has_phases = table is not None and len(table) >= 2
    if (baseline_phase is not None or treatment_phase is not None) and not has_phases:
        raise ArgumentError("baseline_phase / treatment_phase are set but the data have no "
                            "phases (no phase table with two phases and no phase column): "
                            "unset them or give the phases",
                            argument="baseline_phase, treatment_phase")
    count = _Counter(counted)
    base: dict[str, Any] = dict(counted=what, min_size=min_size)
    if has_phases:
        assert table is not None
        chosen = _by_phases(table, count, events, baseline_phase, treatment_phase,
                            min_size, split_events, what)
        if chosen is not None:
            return chosen
    split = _split_at_event(events, count, counted, min_size, split_events, table, what)
    if split is not None:
        return split
    return ComparisonResult(_summary({}), method="Comparison of two periods", kind="none",
                            reason=f"no phases and no {' / '.join(split_events)} event that "
                                   f"leaves {min_size} {what} on each side", **base)


def _by_phases(table: pd.DataFrame, count: _Counter, events: pd.DataFrame | None,
               baseline_phase: str | None, treatment_phase: str | None, min_size: int,
               split_events: Sequence[str], what: str) -> ComparisonResult | None:
    """Rules 0, 1, 3 and 4 (rule 2, the event split, is tried between 1 and 3)."""
    order = table["phase"].astype(str).tolist()
    for name, label in (("baseline_phase", baseline_phase),
                        ("treatment_phase", treatment_phase)):
        if label is not None and str(label) not in order:
            raise ArgumentError(f"{name}={label!r} is not a phase of the data; valid: "
                                f"{', '.join(order)}", argument=name)
    roles = table["role"].astype(str).tolist() if "role" in table.columns else []
    default_base = order[roles.index("baseline")] if "baseline" in roles else order[0]
    last = order[-1]
    counts = {str(r.phase): count(r.start, r.end) for r in table.assign(
        phase=table["phase"].astype(str)).itertuples()}
    if baseline_phase is not None or treatment_phase is not None:
        a = str(baseline_phase) if baseline_phase is not None else default_base
        b = str(treatment_phase) if treatment_phase is not None else last
        if a == b:
            raise ArgumentError(f"the baseline and treatment phases are both {a!r}; choose "
                                "two different phases", argument="baseline_phase, "
                                                                 "treatment_phase")
        return _phase_result(table, counts, a, b, 0, "set by baseline_phase / "
                             "treatment_phase", min_size, what, reference=a)
    if default_base != last and counts[default_base] >= min_size and \
            counts[last] >= min_size:
        return _phase_result(table, counts, default_base, last, 1,
                             f"rule 1: the baseline phase {default_base} has "
                             f"{counts[default_base]} {what} (at least {min_size})",
                             min_size, what, reference=default_base)
    split = _split_at_event(events, count, count.counted, min_size, split_events, table,
                            what, short=f"the baseline phase {default_base} has only "
                                        f"{counts[default_base]} {what}; ")
    if split is not None:
        return split
    firsts = [ph for ph in order[:-1] if counts[ph] >= min_size]
    if firsts and counts[last] >= min_size:
        return _phase_result(table, counts, firsts[0], last, 3,
                             f"rule 3: the baseline phase {default_base} has only "
                             f"{counts[default_base]} {what} and no "
                             f"{' / '.join(split_events)} event splits the series; "
                             f"{firsts[0]} is the first phase with at least {min_size}",
                             min_size, what, reference=firsts[0])
    a = default_base if default_base != last else order[0]
    return _phase_result(table, counts, a, last, 4,
                         f"rule 4: no two periods with at least {min_size} {what}; the "
                         "estimates of change are too imprecise to interpret",
                         min_size, what, reference=a, too_short=True)


def _phase_result(table: pd.DataFrame, counts: Mapping[str, int], a: str, b: str, rule: int,
                  reason: str, min_size: int, what: str, *, reference: str,
                  too_short: bool = False) -> ComparisonResult:
    rows = table.set_index(table["phase"].astype(str))
    # pandas-stubs types a cell as a union that int() does not take
    spans = [(int(rows.loc[x, "start"]), int(rows.loc[x, "end"]))  # type: ignore[arg-type]
             for x in (a, b)]
    definition = _least_planned(rows.loc[[a, b], "definition"]) \
        if "definition" in rows.columns else None
    res: dict[str, Any] = dict(
        kind="phases", rule=rule, baseline=a, treatment=b, baseline_sessions=spans[0],
        treatment_sessions=spans[1], n_baseline=counts[a], n_treatment=counts[b],
        counted=what, min_size=min_size, definition=definition,
        reference_phase=reference, too_short=too_short, reason=reason)
    return _result(res)


def _split_at_event(events: pd.DataFrame | None, count: _Counter, counted: np.ndarray,
                    min_size: int, split_events: Sequence[str], table: pd.DataFrame | None,
                    what: str, *, short: str | None = None) -> ComparisonResult | None:
    """Rule 2: the first split event that leaves ``min_size`` scores on each side."""
    if events is None or not len(events) or not len(counted):
        return None
    for col in ("session", "event"):
        if col not in events.columns:
            raise ArgumentError(f"events lacks the column {col!r}", argument="events")
    ev = events[events["event"].isin(list(split_events)) & events["session"].notna()]
    ev = ev.sort_values("session", kind="stable")
    row: Any  # a row of the events table (pandas-stubs types its cells as a union)
    for row in ev.itertuples():
        k = int(row.session)
        n_a, n_b = count(-np.inf, k), count(k + 1, np.inf)
        if min(n_a, n_b) < min_size:
            continue
        prefix = short if short is not None else "no phase table; "
        reference = None
        if table is not None and len(table):
            firsts = [r.phase for r in table.itertuples()
                      if count(r.start, r.end) >= min_size]
            roles = table["role"].astype(str).tolist() if "role" in table.columns else []
            base = table["phase"].astype(str).tolist()
            default = base[roles.index("baseline")] if "baseline" in roles else base[0]
            reference = str(firsts[0]) if firsts else default
        res: dict[str, Any] = dict(
            kind="event", rule=2, baseline="before", treatment="after",
            baseline_sessions=(int(counted.min()), k),
            treatment_sessions=(k + 1, int(counted.max())), n_baseline=n_a,
            n_treatment=n_b, split_session=k, event=str(row.event), counted=what,
            min_size=min_size, definition="post_hoc", reference_phase=reference,
            reason=f"rule 2: {prefix}split at the {event_words(row.event)} event "
                   f"of session {k} ({n_a} {what} up to session {k}, {n_b} after)")
        return _result(res)
    return None


def _summary(res: Mapping[str, Any]) -> pd.DataFrame:
    a = res.get("baseline_sessions") or (None, None)
    b = res.get("treatment_sessions") or (None, None)
    row = {"kind": res.get("kind", "none"), "rule": res.get("rule"),
           "baseline": res.get("baseline"), "baseline_first_session": a[0],
           "baseline_last_session": a[1], "n_baseline": res.get("n_baseline", 0),
           "treatment": res.get("treatment"), "treatment_first_session": b[0],
           "treatment_last_session": b[1], "n_treatment": res.get("n_treatment", 0),
           "definition": res.get("definition"), "reason": res.get("reason", "")}
    return pd.DataFrame([row])


def _result(res: dict[str, Any]) -> ComparisonResult:
    out = ComparisonResult(_summary(res), method="Comparison of two periods",
                           reference="Kratochwill et al. (2013), doi:10.1177/0741932512452794 "
                                     "(at least 5 data points per phase)",
                           variant=f"rule {res['rule']}", **res)
    parts = out.parts
    assert parts is not None  # kind "phases" or "event"
    out.label = " vs ".join(parts)
    out.notes = (["too few scores per period: estimates of change are too imprecise to "
                  "interpret"] if out.too_short else [])
    return out

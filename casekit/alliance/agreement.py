"""Agreement of detected rupture-repair episodes with the ruptures a therapist noted."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd

from .._deprecate import renamed_arguments
from .._input import require_columns, session_label
from .._validate import check_int
from ..results import Result, format_frame
from ..schema import ALL_EVENT_TYPES
from .rupture import RuptureRepairResult

__all__ = ["rupture_agreement", "RuptureAgreementResult"]

_COUNT_COLUMNS = ["criterion", "noted", "noted_detected", "noted_missed", "detections",
                  "detections_unnoted"]


class RuptureAgreementResult(Result):
    """Noted ruptures against detected episodes (:func:`rupture_agreement`).

    ``.summary`` has one row per noted rupture: ``case``, ``session`` (session number of the
    note), ``note``, one boolean column ``detected_<criterion>`` per criterion and
    ``detected_by``.

    Attributes
    ----------
    unnoted : pandas.DataFrame
        The detected episodes no note matches (the columns of
        :attr:`RuptureRepairResult.summary`; ``start``, ``nadir``, ``repair_session`` are
        session numbers).
    counts : pandas.DataFrame
        Per criterion: ``noted``, ``noted_detected``, ``noted_missed``, ``detections``,
        ``detections_unnoted``.
    """

    unnoted: pd.DataFrame
    counts: pd.DataFrame

    def to_text(self, decimals: int | None = None) -> str:
        base = super().to_text(decimals)
        d = self.decimals if decimals is None else decimals
        return base + "\n\nCounts\n" + format_frame(self.counts, d).to_string(index=False)


def _episode_table(episodes: Result | pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The episode rows and the criteria they were searched with (in order)."""
    ep = episodes.summary if isinstance(episodes, Result) else pd.DataFrame(episodes)
    if isinstance(episodes, RuptureRepairResult):
        criteria = list(episodes.thresholds["criterion"].drop_duplicates())
    else:
        lacking = [c for c in ("case", "criterion", "start", "repair_session")
                   if c not in ep.columns]
        if lacking:
            raise ValueError(f"episodes lacks the column(s) {lacking}: pass a rupture_repair "
                             "result or a table with case, criterion, start, repair_session")
        criteria = list(ep["criterion"].drop_duplicates())
    return ep, criteria


def _noted_rows(events: pd.DataFrame, event: str, case_col: str,
                session_col: str) -> pd.DataFrame:
    require_columns(events, {"case_col": case_col, "session_col": session_col},
                    table="events")
    if "event" not in events.columns:
        raise ValueError(f"events has no column 'event' (the event type); columns: "
                         f"{', '.join(map(str, events.columns))}")
    present = set(events["event"].dropna().astype(str))
    if event not in present and event not in ALL_EVENT_TYPES:
        # a mistyped type would otherwise give "0 noted ruptures" without a word
        raise ValueError(f"event={event!r} is neither in the events table (types present: "
                         f"{sorted(present)}) nor a casekit event type "
                         f"({', '.join(ALL_EVENT_TYPES)})")
    return events[events["event"] == event]


def _matches(ep: pd.DataFrame, case_id: Hashable, s: float, tolerance: int) -> np.ndarray:
    """Episodes of ``case_id`` that start within ``tolerance`` sessions of ``s`` or span it."""
    start = ep["start"].to_numpy(dtype=float)
    end = np.where(ep["repair_session"].notna(), ep["repair_session"].to_numpy(dtype=float),
                   start)
    same_case = (ep["case"] == case_id).to_numpy(dtype=bool)
    return same_case & ((np.abs(start - s) <= tolerance) | ((start <= s) & (s <= end)))


@renamed_arguments(session="session_col")
def rupture_agreement(episodes: RuptureRepairResult | pd.DataFrame, events: pd.DataFrame, *,
                      event: str = "rupture_noted", tolerance: int = 1,
                      session_col: str = "session",
                      case_col: str = "case") -> RuptureAgreementResult:
    """Compare detected episodes with ruptures noted by the therapist (or an observer).

    A noted rupture at session s counts as detected by a criterion when an episode of that
    criterion (same case) starts within ``tolerance`` sessions of s, or s falls between the
    episode's start and its repair. Detections and notes are never merged: the result keeps
    both lists.

    Parameters
    ----------
    episodes : RuptureRepairResult or DataFrame
        Output of :func:`rupture_repair` (``case``, ``criterion``, ``start``,
        ``repair_session``).
    events : DataFrame
        Events table (``case``, ``session``, ``event``, ``note``).
    event : str
        Event type of the noted ruptures (default ``"rupture_noted"``). A type that is
        neither in ``events`` nor in casekit's vocabulary (``casekit.schema.ALL_EVENT_TYPES``)
        raises an error listing both, so that a typo cannot pass as "no noted ruptures".
    tolerance : int
        Sessions of slack between the note and the start of an episode (default 1).
    session_col, case_col : str
        Columns of ``events`` holding the session number and the case (``session`` was the
        old name of ``session_col``).

    Returns
    -------
    RuptureAgreementResult
        ``.summary``: ``case``, ``session``, ``note``, one boolean column per criterion
        (``detected_<criterion>``) and ``detected_by``; ``.unnoted``: the episodes no note
        matches; ``.counts``: per criterion ``noted``, ``noted_detected``, ``noted_missed``,
        ``detections``, ``detections_unnoted``.

    See Also
    --------
    rupture_repair : the detected episodes.

    Notes
    -----
    Sessions are compared as session numbers (the episodes' ``start`` and ``repair_session``
    and the events' ``session``), so missed sessions count as sessions here.
    """
    ep, criteria = _episode_table(episodes)
    tolerance = check_int(tolerance, "tolerance", minimum=0)
    noted = _noted_rows(events, event, case_col, session_col)
    note_col = noted["note"] if "note" in noted.columns else pd.Series("", index=noted.index)
    rows, matched = [], np.zeros(len(ep), dtype=bool)
    for (_, ev), note in zip(noted.iterrows(), note_col, strict=True):
        row = {"case": ev[case_col], "session": session_label(ev[session_col]), "note": note}
        hit = _matches(ep, ev[case_col], float(ev[session_col]), tolerance)
        by = []
        for crit in criteria:
            found = hit & (ep["criterion"] == crit).to_numpy(dtype=bool)
            matched |= found
            row[f"detected_{crit}"] = bool(found.any())
            if found.any():
                by.append(crit)
        row["detected_by"] = ", ".join(by) if by else "none"
        rows.append(row)
    summary = pd.DataFrame(rows, columns=["case", "session", "note",
                                          *[f"detected_{c}" for c in criteria], "detected_by"])
    unnoted = ep[~matched].copy()
    counts = []
    for crit in criteria:
        det = int(summary[f"detected_{crit}"].sum()) if len(summary) else 0
        counts.append({"criterion": crit, "noted": len(summary), "noted_detected": det,
                       "noted_missed": len(summary) - det,
                       "detections": int((ep["criterion"] == crit).sum()),
                       "detections_unnoted": int((unnoted["criterion"] == crit).sum())})
    return RuptureAgreementResult(
        summary, unnoted=unnoted.reset_index(drop=True),
        counts=pd.DataFrame(counts, columns=_COUNT_COLUMNS),
        method="Agreement of detected and noted ruptures",
        options={"event": event, "tolerance": tolerance},
        variant=f"a note matches an episode starting within {tolerance} session(s) or "
                "spanning it",
        reference="Eubanks, Muran & Safran (2018), doi:10.1037/pst0000185", mirrors=None,
        title="Noted ruptures and detections")

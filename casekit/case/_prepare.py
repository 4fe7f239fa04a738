"""The first stages of a case analysis: validate once, score items, settle the phases, and
the series every section reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..datasets import CaseData
from ..exceptions import ArgumentError, CaseDataError
from ..registry import Instrument, ReliableChange, Source, get_instrument
from ..results import Result
from ..schema import assign_phases, phases_from_column
from ..scoring import score
from ..validation import ValidationReport, validate
from ._log import Log
from .comparison import ComparisonResult

__all__ = ["Context", "validate_once", "score_ratings", "settle_phases", "instrument_for",
           "match_measure", "NORM_KEYS"]

#: keys of one entry of ``analyze_case(norms=...)``
NORM_KEYS = ("sd", "reliability", "rci", "cutoff", "source")
_SCORE_KEYS = ("case", "session", "measure", "rater", "scale")


@dataclass
class Context:
    """What every section of a case analysis reads (and the log it writes to)."""

    case: str
    ratings: pd.DataFrame
    events: pd.DataFrame | None
    phases: pd.DataFrame | None
    scores: pd.DataFrame
    alliance: str | None
    symptoms: str | None
    instruments: dict[str, Instrument | None]
    norms_used: dict[str, dict[str, Any]]
    seed: int | None
    log: Log
    validation: ValidationReport | None = None
    comparison: ComparisonResult | None = None
    results: dict[str, Result] = field(default_factory=dict)
    tables: dict[str, Result] = field(default_factory=dict)
    _gaps_noted: set[tuple[str, str]] = field(default_factory=set)

    @property
    def totals(self) -> pd.DataFrame:
        """Total scores of every measure, missing values kept (figures draw them as gaps)."""
        s = self.scores
        return s[s["scale"] == "total"].reset_index(drop=True)

    @property
    def measures(self) -> list[str]:
        return sorted(self.totals["measure"].astype(str).unique())

    def series(self, measure: str, scale: str = "total") -> pd.DataFrame:
        """The scores of one measure in session order, missed sessions left out (noted once).

        A missing score (a missed session kept as a row, a form left blank, or no row on a
        session other measures rated) is left out of the analyses; the sessions left out are
        stated in the notes, never dropped silently.
        """
        s = self.scores[(self.scores["measure"] == measure) & (self.scores["scale"] == scale)]
        s = s.sort_values("session", kind="stable")
        gone = set(s.loc[s["value"].isna(), "session"])
        kept = s.loc[s["value"].notna(), "session"]
        if len(kept):
            # sessions rated on another measure with no row of this one (a form left out)
            seen = self.scores.loc[self.scores["value"].notna(), "session"]
            absent = set(seen[(seen > kept.min()) & (seen < kept.max())]) - set(s["session"])
            if 2 * len(absent) < len(kept):  # else given now and then by design (BDI-II)
                gone |= absent
        if gone and (measure, scale) not in self._gaps_noted:
            self._gaps_noted.add((measure, scale))
            listed = ", ".join(str(int(v)) for v in sorted(gone))
            what = measure if scale == "total" else f"{measure} {scale}"
            self.log.note(f"{what}: no score at session{'s' if len(gone) > 1 else ''} "
                          f"{listed} (left out of the analyses)")
        return s[s["value"].notna()].reset_index(drop=True)

    def instrument(self, measure: str) -> Instrument | None:
        return self.instruments.get(measure)

    def improvement(self, measure: str) -> str | None:
        inst = self.instrument(measure)
        if inst is not None:
            return inst.improvement
        if measure == self.alliance:
            return "increase"
        return None


def validate_once(data: CaseData, log: Log) -> tuple[ValidationReport, bool]:
    """The validation report of the case: the stored one when the tables were validated
    together already, else a new one (problems raise one CaseDataError)."""
    if data.validation is not None and data.validation.ok:
        return data.validation, False
    report = validate(data.ratings, events=data.events, phases=data.phases,
                      raise_on_error=False, warn=False)
    if not report.ok:
        raise CaseDataError(report.problems, warnings=report.warnings)
    return report, True


def _given_scores(given: pd.DataFrame, log: Log) -> pd.DataFrame:
    keep = [c for c in ("case", "session", "date", "phase", "measure", "rater", "scale",
                        "value", "missing_code") if c in given.columns]
    given = given[keep].copy()
    if "scale" not in given.columns:
        given["scale"] = pd.Series(pd.NA, index=given.index, dtype="str")
    blank = given["scale"].isna()
    if blank.any():
        names = ", ".join(sorted(given.loc[blank, "measure"].astype(str).unique()))
        log.note(f"score rows without a scale are read as the total ({names})")
        given["scale"] = given["scale"].astype(object).where(~blank, "total")
    given["scale"] = given["scale"].astype(str)
    given["origin"] = "imported"
    return given


def _scored(items: pd.DataFrame, log: Log) -> pd.DataFrame | None:
    known: list[str] = []
    unknown: list[str] = []
    for m in sorted(items["measure"].astype(str).unique()):
        (known if _lookup(m) is not None else unknown).append(m)
    if unknown:
        log.note(f"items of {', '.join(unknown)} cannot be scored (not in the instrument "
                 "registry) and are left out; give their scores as score rows")
    items = items[items["measure"].astype(str).isin(known)]
    if not len(items):
        return None
    out = score(items)
    out["origin"] = "scored"
    log.note(f"scored from items: {', '.join(known)} (casekit.score: registry keys, "
             "reverse items, missing-item rules)")
    return out


def score_ratings(ratings: pd.DataFrame, log: Log) -> pd.DataFrame:
    """Scores of every measure: item rows scored, score rows as given; an imported total
    beside its items is counted once (the scored total, or the imported one where the items
    give none)."""
    is_item = ratings["item"].notna() if "item" in ratings.columns else \
        pd.Series(False, index=ratings.index)
    parts: list[pd.DataFrame] = []
    scored = _scored(ratings[is_item], log) if is_item.any() else None
    if (~is_item).any():
        given = _given_scores(ratings[~is_item], log)
        if scored is not None:
            given, scored = _once(scored, given, ratings, log)
        parts.append(given)
    if scored is not None:
        parts.insert(0, scored)
    if not parts:
        raise CaseDataError([{"row": None, "column": "value", "value": None,
                              "problem": "the ratings hold no scores and no items to score"}])
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["measure", "scale", "session"], kind="stable") \
        .reset_index(drop=True)


def _keys(frame: pd.DataFrame, keys: list[str]) -> pd.Index:
    if len(keys) == 1:
        index: pd.Index = pd.Index(frame[keys[0]].astype(object))
        return index
    return pd.MultiIndex.from_frame(frame[keys].astype(object))


def _once(scored: pd.DataFrame, given: pd.DataFrame, ratings: pd.DataFrame,
          log: Log) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The given score rows that the scored items do not already give, and the scored rows
    that stay (a scored NaN gives way to an imported total of the same session)."""
    keys = [k for k in _SCORE_KEYS if k in scored.columns and k in given.columns]
    s_idx, g_idx = _keys(scored, keys), _keys(given, keys)
    have = pd.Series(scored["value"].to_numpy(dtype=float), index=s_idx)
    have = have[~have.index.duplicated()]
    matched = g_idx.isin(have.index)
    if not matched.any():
        return given, scored
    scored_value = have.reindex(g_idx[matched]).to_numpy(dtype=float)
    fill = np.isnan(scored_value) & given.loc[matched, "value"].notna().to_numpy()
    imported = ratings.attrs.get("casekit", {}).get("imported_totals", {})
    for m in sorted(given.loc[matched, "measure"].astype(str).unique()):
        cols = imported.get(m)
        where = f" (column {', '.join(map(repr, cols))})" if cols else ""
        log.note(f"{m}: the imported total{where} is counted once: the total scored from "
                 "the items is used (validation checked that the two agree)")
    drop = np.zeros(len(given), dtype=bool)
    drop[np.flatnonzero(matched)[~fill]] = True
    if not fill.any():
        return given[~drop], scored
    rows = given[matched][fill]
    for m, grp in rows.groupby("measure", sort=True):
        listed = ", ".join(str(int(x)) for x in grp["session"])
        log.note(f"{m}: imported total used at session(s) {listed}, where the items give "
                 "no score")
    replaced = s_idx.isin(g_idx[matched][fill])
    return given[~drop], scored[~replaced]


def _lookup(measure: str) -> Instrument | None:
    try:
        return get_instrument(measure)
    except KeyError:
        return None


def match_measure(label: str | None, measures: list[str]) -> str | None:
    """The measure of the data that ``label`` names: the same label, else the measure the
    registry knows by the same instrument (``"PHQ9"`` for ``"PHQ-9"``)."""
    if label is None:
        return None
    if label in measures:
        return label
    inst = _lookup(label)
    if inst is None:
        return None
    same = [m for m in measures
            if (found := _lookup(m)) is not None and found.name == inst.name]
    return same[0] if len(same) == 1 else None


def instrument_for(measure: str, norms: Mapping[str, Mapping[str, Any]] | None,
                   log: Log) -> tuple[Instrument | None, dict[str, Any] | None]:
    """The registry entry of ``measure`` with stated norms applied (flagged as stated)."""
    inst = _lookup(measure)
    stated = (norms or {}).get(measure)
    if stated is None:
        return inst, None
    if inst is None:
        raise ArgumentError(f"norms[{measure!r}]: {measure!r} is not in the instrument "
                            "registry, so its direction and ranges are unknown",
                            argument="norms")
    unknown = sorted(set(stated) - set(NORM_KEYS))
    if unknown:
        raise ArgumentError(f"norms[{measure!r}] has unknown keys {unknown}; valid: "
                            f"{', '.join(NORM_KEYS)}", argument="norms")
    source = stated.get("source") or "source not given"
    if "sd" in stated or "reliability" in stated:
        if "sd" not in stated or "reliability" not in stated:
            raise ArgumentError(f"norms[{measure!r}] needs both 'sd' and 'reliability'",
                                argument="norms")
        inst = inst.with_rci(sd=float(stated["sd"]), reliability=float(stated["reliability"]),
                             source=f"stated norms: {source}")
        log.note(f"{measure}: reliable change from stated norms (SD {stated['sd']}, "
                 f"reliability {stated['reliability']}; {source}), not from the registry")
    elif "rci" in stated:
        inst = inst.with_rci(ReliableChange(value=float(stated["rci"]),
                                            source=Source.from_any(f"stated norms: {source}")))
        log.note(f"{measure}: reliable change of {stated['rci']} points stated ({source}), "
                 "not from the registry")
    return inst, dict(stated)


def settle_phases(ratings: pd.DataFrame, phases: pd.DataFrame | None,
                  log: Log) -> pd.DataFrame | None:
    """The phase table: as given, else derived from a phase column (post hoc), else None."""
    if phases is not None and len(phases):
        return phases.sort_values("start", kind="stable").reset_index(drop=True)
    if "phase" in ratings.columns and len(ratings) and ratings["phase"].notna().all():
        labels = list(dict.fromkeys(ratings.sort_values("session")["phase"].astype(str)))
        roles = {p: ("baseline" if i == 0 else "intervention") for i, p in enumerate(labels)}
        table = phases_from_column(ratings, roles=roles, definition="post_hoc")
        log.note("phases taken from the phase column of the ratings (first phase: baseline; "
                 "definition: post hoc, the conservative reading)")
        return table
    if "phase" in ratings.columns and ratings["phase"].notna().any():
        log.note("the phase column is blank on some rows: phases are not used (give a phase "
                 "table)")
    return None


def with_phases(scores: pd.DataFrame, phases: pd.DataFrame | None) -> pd.DataFrame:
    """The scores with the phase of each session (from the phase table)."""
    if phases is None:
        return scores
    return assign_phases(scores, phases, overwrite=True)

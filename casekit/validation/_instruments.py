"""Registry instruments: item numbers and ranges, scale ranges, imported totals.

Ranges and keys come from the instrument registry (:mod:`casekit.registry`) and its sources.
Tolerances for "imported total disagrees with the items": sums of whole-number items are exact
(1e-9 guards float noise); mean-type scores are often exported rounded to 2 decimals, so a
difference up to half a unit in the second decimal is accepted.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import numpy as np
import pandas as pd

from ..exceptions import CaseDataWarning
from ..registry import Instrument, InstrumentRegistry, get_instrument
from ..schema import CASE, ITEM, MEASURE, RATER, SCALE, SESSION, VALUE
from ._collector import Collector, fmt, is_whole, objects

__all__ = ["check_instruments", "InstrumentsArg"]

#: The ``instruments=`` argument of :func:`casekit.validate`: a name (or instrument), several,
#: or a mapping measure label -> instrument.
InstrumentsArg = (str | Instrument | Iterable[str | Instrument]
                  | Mapping[str, str | Instrument] | None)

_TOTAL_TOL = {"sum": 1e-9, "sum_x2": 1e-9, "mean": 0.005 + 1e-9, "mean_x10": 0.05 + 1e-9}


def _resolve_instruments(r: pd.DataFrame, col: Collector, registry: InstrumentRegistry | None,
                         instruments: InstrumentsArg) -> dict[Hashable, Instrument]:
    """measure label -> Instrument, for the measures to range-check."""
    measures = pd.unique(r[MEASURE].dropna())
    out: dict[Hashable, Instrument] = {}
    if instruments is None:
        for m in measures:
            try:
                out[m] = get_instrument(str(m), registry)
            except KeyError:
                continue
        return out
    if isinstance(instruments, str) or not isinstance(instruments, (Mapping, Iterable)):
        instruments = [instruments]
    if not isinstance(instruments, Mapping):
        instruments = {getattr(i, "name", i): i for i in instruments}
    present = set(map(str, measures))
    for m, inst in instruments.items():
        try:
            out[m] = get_instrument(inst, registry)
        except KeyError as exc:
            col.error("ratings", None, MEASURE, str(m), f"unknown instrument: {exc.args[0]}")
            continue
        if str(m) not in present:
            col.error("ratings", None, MEASURE, str(m),
                      f"instrument {out[m].name!r} was named for measure {str(m)!r}, which is "
                      f"not in the data (measures present: {', '.join(sorted(present))})")
    return out


def _scale_names(r: pd.DataFrame) -> np.ndarray:
    """Scale of each row as text; a score row without a scale is the total."""
    if SCALE not in r.columns:
        return np.full(len(r), "total", dtype=object)
    return r[SCALE].astype(object).where(r[SCALE].notna(), "total").astype(str) \
        .to_numpy(dtype=object)


def check_instruments(r: pd.DataFrame, col: Collector, val: np.ndarray, item: np.ndarray | None,
                      *, registry: InstrumentRegistry | None, instruments: InstrumentsArg,
                      strict_totals: bool = False) -> None:
    """Item numbers, item values and scale scores of registry instruments; imported totals
    against their items (a problem with ``strict_totals``, else a warning)."""
    T = "ratings"
    found = _resolve_instruments(r, col, registry, instruments)
    if not found:
        return
    meas = objects(r[MEASURE])
    _check_aliases(r, col, meas, found)
    scale = _scale_names(r)
    is_item = ~np.isnan(item) if item is not None else np.zeros(len(r), bool)
    fin = np.isfinite(val)
    for m, inst in found.items():
        sel = meas == m
        found_rows = []  # (row, column, value, problem), sorted by row at the end
        # item rows
        it = sel & is_item
        k = np.where(it, item if item is not None else np.nan, np.nan)
        for i in np.flatnonzero(it & is_whole(k) & ((k < 1) | (k > inst.n_items))):
            found_rows.append((i, ITEM, k[i], f"{inst.name} has items 1–{inst.n_items}; got "
                                              f"item {k[i]:g}"))
        out = it & fin & ((val < inst.item_min) | (val > inst.item_max))
        for i in np.flatnonzero(out):
            found_rows.append((i, VALUE, val[i], f"value {val[i]:g} outside the {inst.name} "
                                                 f"item range {inst.item_min:g}–"
                                                 f"{inst.item_max:g}"))
        if inst.item_decimals == 0:
            frac = it & fin & ~out & (np.floor(np.where(fin, val, 0)) != np.where(fin, val, 0))
            for i in np.flatnonzero(frac):
                found_rows.append((i, VALUE, val[i], f"{inst.name} items are whole numbers; "
                                                     f"got {val[i]:g}"))
        # score rows
        sc_rows = sel & ~is_item
        for sname in pd.unique(scale[sc_rows]):
            rows = sc_rows & (scale == sname)
            if sname not in inst.scales:
                for i in np.flatnonzero(rows):
                    found_rows.append((i, SCALE, sname,
                                       f"{inst.name} has no scale {sname!r}; valid scales: "
                                       f"{', '.join(map(repr, inst.scales))}"))
                continue
            sc = inst.scales[sname]
            lo = -np.inf if sc.min is None else sc.min
            hi = np.inf if sc.max is None else sc.max
            for i in np.flatnonzero(rows & fin & ((val < lo) | (val > hi))):
                found_rows.append((i, VALUE, val[i], f"value {val[i]:g} outside the range "
                                                     f"{fmt(lo)}–{fmt(hi)} of {inst.name} "
                                                     f"scale {sname!r}"))
        for i, c, v, text in sorted(found_rows, key=lambda t: t[0]):
            col.error(T, i, c, v, text)
        _check_totals(r, col, val, item, sel, is_item, scale, inst, strict_totals)


def _check_aliases(r: pd.DataFrame, col: Collector, meas: np.ndarray,
                   found: Mapping[Hashable, Instrument]) -> None:
    """Two measure labels of one instrument (``PHQ-9`` and a typo ``PHQ9``): a warning at the
    rarer label's rows, since the analyses take each label as a measure of its own."""
    labels: dict[str, list[Hashable]] = {}
    for m, inst in found.items():
        labels.setdefault(inst.name, []).append(m)
    for name, ms in labels.items():
        if len(ms) < 2:
            continue
        counts = {m: int((meas == m).sum()) for m in ms}
        keep = name if name in counts else max(ms, key=lambda m: counts[m])
        for m in ms:
            if m == keep:
                continue
            rows = np.flatnonzero(meas == m)
            where = f"{len(rows)} row{'s' if len(rows) > 1 else ''}"
            if SESSION in r.columns:
                ss = pd.unique(r[SESSION].iloc[rows].dropna())
                where += (f", session{'s' if len(ss) > 1 else ''} "
                          f"{', '.join(fmt(x) for x in ss[:5])}{', ...' if len(ss) > 5 else ''}")
            col.warn(CaseDataWarning, "ratings", int(rows[0]), MEASURE, m,
                     f"measure {str(m)!r} ({where}) and measure {str(keep)!r} both name {name} but "
                     f"are analysed as two measures; write {str(keep)!r} for both")


def _check_totals(r: pd.DataFrame, col: Collector, val: np.ndarray, item: np.ndarray | None,
                  sel: np.ndarray, is_item: np.ndarray, scale: np.ndarray, inst: Instrument,
                  strict: bool) -> None:
    """An imported scale score that disagrees with the score recomputed from items: a
    warning, or (``strict``: the score was read next to its items from one source row) a
    problem."""
    if not (sel & is_item).any() or not (sel & ~is_item).any() or CASE not in r.columns \
            or SESSION not in r.columns:
        return
    assert item is not None  # there are item rows
    keycols = [c for c in (CASE, SESSION, RATER) if c in r.columns]
    keys = r[keycols].astype(object).where(r[keycols].notna(), "\x00NA")
    it = sel & is_item & is_whole(np.where(is_item, item, 0.5))
    items = keys[it].assign(_item=item[it].astype(int), _v=val[it])
    items = items.drop_duplicates(keycols + ["_item"])  # duplicates are reported already
    wide = items.pivot(index=keycols, columns="_item", values="_v")
    scores = keys[sel & ~is_item].assign(_scale=scale[sel & ~is_item], _v=val[sel & ~is_item],
                                         _pos=np.flatnonzero(sel & ~is_item))
    for sname, grp in scores.groupby("_scale", sort=False):
        sc = inst.scales.get(sname)
        if sc is None or sc.score_type not in _TOTAL_TOL:
            continue
        cols = [k for k in sc.items if k in wide.columns]
        if len(cols) < len(sc.items):
            continue
        block = wide[cols].to_numpy(dtype=float, copy=True)
        ok = ~np.isnan(block).any(axis=1) & ((block >= inst.item_min)
                                             & (block <= inst.item_max)).all(axis=1)
        rev = [j for j, k in enumerate(cols) if k in inst.reverse_items]
        block[:, rev] = inst.item_min + inst.item_max - block[:, rev]
        total = {"sum": block.sum(axis=1), "sum_x2": 2 * block.sum(axis=1),
                 "mean": block.mean(axis=1), "mean_x10": 10 * block.mean(axis=1)}[sc.score_type]
        recomputed = pd.Series(np.where(ok, total, np.nan), index=wide.index, name="_t")
        merged = grp.join(recomputed, on=keycols)
        diff = (merged["_t"] - merged["_v"]).abs()
        for rd in merged[diff > _TOTAL_TOL[sc.score_type]].to_dict("records"):
            i, got, tot = rd["_pos"], rd["_v"], rd["_t"]
            case, session = rd[CASE], rd[SESSION]
            if "\x00NA" in (case, session):
                continue  # a missing case or session is a problem of its own
            text = (f"imported {inst.name} {sname} {got:g} of case {case!r} session "
                    f"{fmt(session)} disagrees with the {sc.score_type} of its items "
                    f"({tot:g})")
            if strict:
                col.error("ratings", i, VALUE, got, text + "; correct the total or the items "
                                                           "(or leave the total out of the "
                                                           "spec and let casekit score the "
                                                           "items)")
            else:
                col.warn(CaseDataWarning, "ratings", i, VALUE, got, text)

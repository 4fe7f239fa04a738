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
from ..registry import Instrument, InstrumentRegistry, Scale, get_instrument
from ..schema import CASE, ITEM, MEASURE, RATER, SCALE, SESSION, VALUE
from ._collector import Collector, SessionOf, fmt, is_whole, objects

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
                      strict_totals: bool = False, sess: np.ndarray | None = None) -> None:
    """Item numbers, item values and scale scores of registry instruments; imported totals
    against their items (a problem with ``strict_totals``, else a warning).

    Every problem at a row names its session (and case, when the table holds several):
    ``sess`` is the session column as floats. Scores out of range that all lie within the
    item range get one more problem first, saying they look like item means
    (:func:`_item_mean_hint`); whole-number sums that are fractions a warning
    (:func:`_fraction_warnings`).
    """
    T = "ratings"
    found = _resolve_instruments(r, col, registry, instruments)
    if not found:
        return
    meas = objects(r[MEASURE])
    _check_aliases(r, col, meas, found)
    scale = _scale_names(r)
    session_of = SessionOf(r, sess)
    is_item = ~np.isnan(item) if item is not None else np.zeros(len(r), bool)
    fin = np.isfinite(val)
    for m, inst in found.items():
        sel = meas == m
        found_rows = []  # (row, column, value, problem), sorted by row at the end
        hints = []  # problems of a whole scale, reported before the rows
        # item rows
        it = sel & is_item
        k = np.where(it, item if item is not None else np.nan, np.nan)
        for i in np.flatnonzero(it & is_whole(k) & ((k < 1) | (k > inst.n_items))):
            found_rows.append((i, ITEM, k[i], f"{inst.name} has items 1–{inst.n_items}; got "
                                              f"item {k[i]:g}{session_of.paren(i)}"))
        out = it & fin & ((val < inst.item_min) | (val > inst.item_max))
        for i in np.flatnonzero(out):
            found_rows.append((i, VALUE, val[i], f"value {val[i]:g} outside the {inst.name} "
                                                 f"item range {inst.item_min:g}–"
                                                 f"{inst.item_max:g}{session_of.paren(i)}"))
        if inst.item_decimals == 0:
            frac = it & fin & ~out & (np.floor(np.where(fin, val, 0)) != np.where(fin, val, 0))
            for i in np.flatnonzero(frac):
                found_rows.append((i, VALUE, val[i], f"{inst.name} items are whole numbers; "
                                                     f"got {val[i]:g}{session_of.paren(i)}"))
        # score rows
        sc_rows = sel & ~is_item
        for sname in pd.unique(scale[sc_rows]):
            rows = sc_rows & (scale == sname)
            if sname not in inst.scales:
                for i in np.flatnonzero(rows):
                    found_rows.append((i, SCALE, sname,
                                       f"{inst.name} has no scale {sname!r}"
                                       f"{session_of.paren(i)}; valid scales: "
                                       f"{', '.join(map(repr, inst.scales))}"))
                continue
            sc = inst.scales[sname]
            lo = -np.inf if sc.min is None else sc.min
            hi = np.inf if sc.max is None else sc.max
            bad = rows & fin & ((val < lo) | (val > hi))
            for i in np.flatnonzero(bad):
                found_rows.append((i, VALUE, val[i], f"value {val[i]:g} outside the range "
                                                     f"{fmt(lo)}–{fmt(hi)} of {inst.name} "
                                                     f"scale {sname!r}{session_of.paren(i)}"))
            hint = _item_mean_hint(inst, sc, val[bad], lo, hi)
            if hint:
                hints.append(hint)
            _fraction_warnings(col, inst, sc, val, rows & fin & ~bad, session_of)
        for text in hints:
            col.error(T, None, VALUE, None, text)
        for i, c, v, text in sorted(found_rows, key=lambda t: t[0]):
            col.error(T, i, c, v, text)
        _check_totals(r, col, val, item, sel, is_item, scale, inst, strict_totals)


#: per score type: what a score is, said of a scale of ``k`` items
_SCORE_WORDS = {"sum": "sums of the {k} items", "sum_x2": "twice the sums of the {k} items",
                "vas_cm": "sums of the {k} marks", "mean_x10": "10 times the item means"}


def _item_mean_hint(inst: Instrument, sc: Scale, out: np.ndarray, lo: float,
                    hi: float) -> str | None:
    """One problem for scores outside the scale's range ``lo``–``hi`` that all lie within
    the item range: the column holds item means (WAI-SR 2.92 for a total of 12–60), not the
    scale's score.

    Said once per scale, besides the problem of each row (which stays: it names the place);
    ``None`` when it does not apply. The remedy named is the factor from an item mean to the
    score (the number of items for sums; exact when every item was answered) or reading the
    items so that casekit scores them: a reading spec has no way to declare imported item
    means, and ``casekit.score(score_type="mean")`` scores items, not imported totals.
    """
    if not len(out) or sc.score_type not in _SCORE_WORDS \
            or not ((out >= inst.item_min) & (out <= inst.item_max)).all():
        return None
    k = sc.n_items
    factor = {"sum": k, "vas_cm": k, "sum_x2": 2 * k, "mean_x10": 10}[sc.score_type]
    n = len(out)
    values = f"the {n} values" if n > 1 else "the value"
    lie = "all lie" if n > 1 else "lies"
    look = "they look like item means" if n > 1 else "it looks like an item mean"
    exact = " (the sum when every item was answered)" if sc.score_type != "mean_x10" else ""
    return (f"{inst.name} scale {sc.name!r}: {values} outside its range {fmt(lo)}–{fmt(hi)} "
            f"{lie} within the {inst.name} item range {inst.item_min:g}–{inst.item_max:g}: "
            f"{look}, not {_SCORE_WORDS[sc.score_type].format(k=k)}; multiply each by "
            f"{factor} in the file{exact}, or give the items and let casekit score them")


#: score types whose score, from whole-number items with none missing, is a whole number
_WHOLE_SCORES = ("sum", "sum_x2")


def _decimals(v: float) -> int:
    """Number of decimals ``v`` was written with (at most 6)."""
    for d in range(7):
        if abs(v - round(v, d)) < 1e-9:
            return d
    return 6


def _attainable(v: float, inst: Instrument, sc: Scale) -> bool:
    """Whether a scale score ``v`` can come from the registry's scoring of whole-number
    items: a whole number, or (``prorate_mean``) ``factor * s * k / a`` for ``a`` items
    answered (at least ``k - max_missing``) summing to a whole ``s``, as exported: rounded or
    cut off at the decimals ``v`` has (a tolerance of one unit in its last decimal)."""
    if abs(v - round(v)) < 1e-9:
        return True
    if sc.missing_method != "prorate_mean" or sc.max_missing == 0:
        return False  # no rule (or subscale mean imputation: rounded means, whole scores)
    k = sc.n_items
    factor = 2.0 if sc.score_type == "sum_x2" else 1.0
    tol = 10.0 ** -_decimals(v) + 1e-9
    fewest = 1 if sc.max_missing is None else max(1, k - sc.max_missing)
    for a in range(fewest, k):
        step = factor * k / a  # the score per point of the answered items' sum
        if abs(v - round(v / step) * step) <= tol:
            return True
    return False


def _fraction_warnings(col: Collector, inst: Instrument, sc: Scale, val: np.ndarray,
                       rows: np.ndarray, session_of: SessionOf) -> None:
    """A warning per score that is not a whole number although the scale sums whole-number
    items and no prorating in the registry gives it (a PHQ-9 total of 9.5).

    A warning, not a problem: the value lies in the scale's range and is analysed as given;
    the registry's missing-item rules are partly unverified (PHQ-9: "unverified: check the
    manual wording"; WAI-SR total: no published rule) and a service may prorate by a rule of
    its own, which no reading option can declare, so a problem would block a valid analysis
    with no way round it. This mirrors imported totals that disagree with their items in a
    long table (a warning too). Mean-type scores, visual-analogue sums (items in mm) and
    prorated scores that a permitted number of missing items gives (rounded or cut off as
    exported) pass.
    """
    if sc.score_type not in _WHOLE_SCORES or inst.item_decimals != 0:
        return
    k = sc.n_items
    what = (f"{'twice ' if sc.score_type == 'sum_x2' else ''}the sum of {k} whole-number "
            f"{inst.name} items")
    if sc.missing_method == "prorate_mean" and sc.max_missing != 0:
        most = ("any number of" if sc.max_missing is None
                else f"at most {sc.max_missing} of {k}")
        rule = f"and neither {what} nor a prorated one ({most} items missing) gives it"
    elif sc.missing_method == "subscale_mean_impute":
        rule = f"but it is {what} (a blank item is filled in with a rounded mean)"
    else:
        rule = f"but it is {what}, not prorated"
    for i in np.flatnonzero(rows & ~is_whole(val)):
        v = float(val[i])
        if _attainable(v, inst, sc):
            continue
        where = session_of(i)
        col.warn(CaseDataWarning, "ratings", i, VALUE, v,
                 f"{inst.name} {sc.name} {v:g}{f' ({where})' if where else ''} is not a "
                 f"whole number, {rule} (registry); check the value (it is analysed as given)")


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

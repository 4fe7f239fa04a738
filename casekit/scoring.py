"""Item responses to scale scores: reverse keys, missing-item rules, score types.

:func:`score` turns tidy item rows (``case``, ``session``, ``measure``, ``item``, ``value``,
optional ``rater``, ``date``, ``phase``, ``missing_code``) into tidy score rows, one per
session and scale, using the facts of the instrument registry (:mod:`casekit.registry`).
:func:`cronbach_alpha` estimates internal consistency from item data, e.g. to compute a
reliable-change index from the sample at hand.

Nothing is clipped or dropped: values outside the item range, unknown items, duplicated rows
and contradictory rows raise one :class:`casekit.CaseDataError` listing every problem with its
row. Missing items are reported through ``n_items_answered`` and ``prorated``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._validate import check_ci_level, check_option
from .exceptions import CaseDataError
from .registry import SCORE_TYPES, Instrument, InstrumentRegistry, get_instrument, instruments
from .results import Result

__all__ = ["score", "cronbach_alpha", "AlphaResult", "SCORE_COLUMNS"]

#: Columns of the table returned by :func:`score` (optional key columns are inserted when the
#: input has them: ``rater`` after ``measure``; ``date`` and ``phase`` at the end).
SCORE_COLUMNS = ("case", "session", "measure", "scale", "value", "score_type",
                 "n_items_answered", "prorated", "risk_flag")

#: ``scales=`` of :func:`score`: one scale, several, or per measure label / instrument name.
ScalesArg = str | Sequence[str] | Mapping[str, str | Sequence[str]] | None
#: ``missing=`` of :func:`score`: None, "complete", a maximum, or a maximum per scale.
MissingArg = int | str | Mapping[str, int | None] | None
#: ``score_type=`` of :func:`score`: one score type, or one per scale.
ScoreTypeArg = str | Mapping[str, str] | None
#: ``item_columns=`` of :func:`score`: {column: item number} or the columns in item order.
ItemColumnsArg = Mapping[Any, int] | Sequence[Hashable]  # column labels of any kind

_KEYS = ("case", "session", "measure")
_CARRIED = ("date", "phase")
_MISSING_KEYWORDS = ("complete",)


# --------------------------------------------------------------------------- numpy core
def _round_half_up(x: np.ndarray) -> np.ndarray:
    """Round to the nearest whole number, halves up (2.5 -> 3), as on paper scoring sheets."""
    return np.floor(x + 0.5)


#: How the (reverse-keyed, complete) items of a scale combine, by score type: ``f(total, k)``
#: with ``total`` the item sum of each row and ``k`` the number of items.
_COMBINE = {
    "sum": lambda total, k: total,
    "vas_cm": lambda total, k: total,      # visual-analogue items already in cm: their sum
    "sum_x2": lambda total, k: 2.0 * total,  # DASS-21: doubled to the DASS-42 metric
    "mean": lambda total, k: total / k,
    "mean_x10": lambda total, k: 10.0 * total / k,  # CORE-OM clinical score
}


def _combine(values: np.ndarray, score_type: str) -> np.ndarray:
    """Score of complete rows of ``values`` (groups x items) for one score type."""
    if score_type not in _COMBINE:
        raise ValueError(f"score_type must be one of {SCORE_TYPES}; got {score_type!r}")
    score: np.ndarray = _COMBINE[score_type](values.sum(axis=1), values.shape[1])
    return score


def _score_core(values: np.ndarray, score_type: str, method: str, max_missing: int | None,
                impute_groups: Sequence[np.ndarray] | None = None,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score a (groups x items) array with NaN for unanswered items.

    Returns ``(score, n_answered, prorated)``. ``method`` is ``"none"``, ``"prorate_mean"`` or
    ``"subscale_mean_impute"``; ``max_missing=None`` means no maximum (at least one answered
    item is still needed). For ``subscale_mean_impute`` ``impute_groups`` lists, for each
    subscale, the column positions (within ``values``) whose blanks are filled with the rounded
    mean of that subscale's answered items; each subscale needs at least one answered item.
    """
    k = values.shape[1]
    answered = np.isfinite(values)
    n_answered = answered.sum(axis=1)
    n_missing = k - n_answered
    limit = k - 1 if max_missing is None else max_missing
    if method == "none":
        limit = 0
    ok = (n_missing <= limit) & (n_answered > 0)
    filled = values.copy()
    if method == "prorate_mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            row_mean = np.nansum(values, axis=1) / n_answered
        filled = np.where(answered, values, row_mean[:, None])
    elif method == "subscale_mean_impute":
        groups = impute_groups if impute_groups is not None else [np.arange(k)]
        for cols in groups:
            sub = values[:, cols]
            n_sub = np.isfinite(sub).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                sub_mean = _round_half_up(np.nansum(sub, axis=1) / n_sub)
            filled[:, cols] = np.where(np.isfinite(sub), sub, sub_mean[:, None])
            ok &= n_sub > 0
    out = np.full(values.shape[0], np.nan)
    if ok.any():
        out[ok] = _combine(filled[ok], score_type)
    prorated = ok & (n_missing > 0)
    return out, n_answered.astype(np.int64), prorated


# --------------------------------------------------------------------------- validation
def _problem(rows: Iterable[int | np.integer[Any]], column: str, values: Iterable[Any],
             text: str) -> list[dict[str, Any]]:
    return [{"row": int(r), "column": column, "value": _plain(v), "problem": text}
            for r, v in zip(rows, values, strict=True)]


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    return v


def _resolve_instruments(df: pd.DataFrame, instrument: str | Instrument | None,
                         registry: InstrumentRegistry | None) -> dict[str, Instrument]:
    """Map each measure label to its Instrument (raises CaseDataError for unknown labels)."""
    labels = pd.unique(df["measure"])
    out: dict[str, Instrument] = {}
    problems = []
    reg = registry
    if instrument is not None:
        inst = get_instrument(instrument, reg) if not isinstance(instrument, Instrument) \
            else instrument
        for lab in labels:
            if pd.isna(lab):
                continue
            try:
                other = get_instrument(lab, reg)
            except (KeyError, TypeError):
                other = None
            if other is not None and other.name != inst.name:
                rows = np.flatnonzero((df["measure"] == lab).to_numpy())
                problems.append({"row": int(rows[0]), "column": "measure", "value": lab,
                                 "problem": f"measure {lab!r} is the registry instrument "
                                            f"{other.name!r}, but instrument={inst.name!r} "
                                            f"was given ({len(rows)} rows)"})
            out[lab] = inst
    else:
        unknown = []
        for lab in labels:
            if pd.isna(lab):
                continue
            try:
                out[lab] = get_instrument(lab, reg)
            except (KeyError, TypeError):
                unknown.append(lab)
        if unknown:
            names = ", ".join((instruments if reg is None else reg).names())
            for lab in unknown:
                rows = np.flatnonzero((df["measure"] == lab).to_numpy())
                problems.append({
                    "row": int(rows[0]), "column": "measure", "value": lab,
                    "problem": f"unknown measure {lab!r} ({len(rows)} rows); registered "
                               f"instruments: {names}. Pass instrument= or a registry= "
                               "holding your own instrument"})
    na = np.flatnonzero(df["measure"].isna().to_numpy())
    if len(na):
        problems += _problem(na, "measure", [None] * len(na), "measure is missing")
    if problems:
        raise CaseDataError(problems, title=f"{len(problems)} problem(s) with measure labels")
    return out


def _numeric_values(s: pd.Series, name: str, problems: list[dict[str, Any]]) -> np.ndarray:
    """Convert a column to float, reporting (not coercing) entries that are not numbers."""
    if pd.api.types.is_bool_dtype(s):
        problems += _problem(np.arange(len(s)), name, s.tolist(),
                             f"{name} must be numeric, not boolean")
        return np.full(len(s), np.nan)
    if pd.api.types.is_numeric_dtype(s):
        return s.to_numpy(dtype=float, na_value=np.nan)
    conv = pd.to_numeric(s, errors="coerce")
    bad = conv.isna() & s.notna()
    if bad.any():
        rows = np.flatnonzero(bad.to_numpy())
        problems += _problem(rows, name, s.iloc[rows].tolist(),
                             f"{name} is not a number (map sentinel codes to NaN and "
                             "missing_code first)")
    return conv.to_numpy(dtype=float, na_value=np.nan)


def _validate_items(df: pd.DataFrame, inst_of: dict[str, Instrument],
                    keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Check item numbers, values, decimals, missing codes and duplicates; all at once."""
    problems: list[dict[str, Any]] = []
    for col in ("case", "session"):
        na = np.flatnonzero(df[col].isna().to_numpy())
        if len(na):
            problems += _problem(na, col, [None] * len(na), f"{col} is missing")
    item = _numeric_values(df["item"], "item", problems)
    value = _numeric_values(df["value"], "value", problems)
    measure = df["measure"].to_numpy(dtype=object)
    n_items = np.array([inst_of[m].n_items if m in inst_of else np.nan for m in measure],
                       dtype=float)
    lo = np.array([inst_of[m].item_min if m in inst_of else np.nan for m in measure], dtype=float)
    hi = np.array([inst_of[m].item_max if m in inst_of else np.nan for m in measure], dtype=float)
    dec = np.array([inst_of[m].item_decimals if m in inst_of else 0 for m in measure])

    na_item = np.isnan(item) & df["item"].isna().to_numpy()
    if na_item.any():
        rows = np.flatnonzero(na_item)
        problems += _problem(rows, "item", [None] * len(rows),
                             "item is missing (score rows cannot be scored again: pass item "
                             "rows only)")
    with np.errstate(invalid="ignore"):
        not_int = np.isfinite(item) & (item != np.round(item))
        out_items = np.isfinite(item) & ~not_int & ((item < 1) | (item > n_items))
    if not_int.any():
        rows = np.flatnonzero(not_int)
        problems += _problem(rows, "item", item[rows], "item must be a whole number")
    if out_items.any():
        rows = np.flatnonzero(out_items)
        problems += [{"row": int(r), "column": "item", "value": float(item[r]),
                      "problem": f"item outside 1..{int(n_items[r])} of {measure[r]}"}
                     for r in rows]
    with np.errstate(invalid="ignore"):
        out_range = np.isfinite(value) & ((value < lo) | (value > hi))
    if np.isinf(value).any():
        rows = np.flatnonzero(np.isinf(value))
        problems += _problem(rows, "value", value[rows], "value is infinite")
    if out_range.any():
        rows = np.flatnonzero(out_range & ~np.isinf(value))
        problems += [{"row": int(r), "column": "value", "value": float(value[r]),
                      "problem": f"value outside the item range {lo[r]:g}..{hi[r]:g} of "
                                 f"{measure[r]} (never clipped; a sentinel code belongs in "
                                 "missing_code with value NaN)"}
                     for r in rows]
    fin = np.isfinite(value) & ~out_range
    if fin.any():
        scaled = value * 10.0 ** dec
        bad_dec = fin & (np.abs(scaled - np.round(scaled)) > 1e-6 * np.maximum(1, np.abs(scaled)))
        if bad_dec.any():
            rows = np.flatnonzero(bad_dec)
            problems += [{"row": int(r), "column": "value", "value": float(value[r]),
                          "problem": f"{measure[r]} items take {dec[r]} decimal(s)"}
                         for r in rows]
    if "missing_code" in df.columns:
        both = df["missing_code"].notna().to_numpy() & ~np.isnan(value)
        if both.any():
            rows = np.flatnonzero(both)
            problems += [{"row": int(r), "column": "missing_code",
                          "value": _plain(df["missing_code"].iloc[r]),
                          "problem": f"row has both a value ({value[r]:g}) and a missing code"}
                         for r in rows]
    dup = df.duplicated(subset=[*keys, "item"], keep=False).to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)
        problems += [{"row": int(r), "column": "item", "value": _plain(df["item"].iloc[r]),
                      "problem": "duplicated item row for " + ", ".join(
                          f"{k}={_plain(df[k].iloc[r])!r}" for k in keys)} for r in rows]
    if problems:
        raise CaseDataError(sorted(problems, key=lambda p: (p["row"], str(p["column"]))),
                            title=f"{len(problems)} problem(s) in the item responses")
    return item.astype(np.int64, copy=False) if not np.isnan(item).any() else item, value


# --------------------------------------------------------------------------- options
def _scale_names(inst: Instrument, scales: ScalesArg, measure: str) -> list[str]:
    if scales is None:
        return list(inst.scales)
    if isinstance(scales, Mapping):
        chosen = scales.get(measure, scales.get(inst.name))
        if chosen is None:
            return list(inst.scales)
    else:
        chosen = scales
    chosen = [chosen] if isinstance(chosen, str) else list(chosen)
    for s in chosen:
        inst.scale(s)  # raises ValueError listing the valid scales
    return chosen


def _rule_for(inst: Instrument, scale_name: str,
              missing: MissingArg) -> tuple[str, int | None]:
    """(method, max_missing) for one scale after the caller's ``missing=`` override."""
    sc = inst.scales[scale_name]
    method, mm = sc.missing_method, sc.max_missing
    if missing is None:
        pass
    elif isinstance(missing, str):
        check_option(missing, "missing", _MISSING_KEYWORDS)
        return "none", 0
    else:
        if isinstance(missing, Mapping):
            if scale_name not in missing:
                return method, mm
            mm_new = missing[scale_name]
        else:
            mm_new = missing
        if mm_new is not None and (isinstance(mm_new, bool)
                                   or not isinstance(mm_new, numbers.Integral) or mm_new < 0):
            raise ValueError("missing must be None, 'complete', a non-negative integer or a "
                             f"dict of scale name -> integer; got {mm_new!r} for {scale_name!r}")
        mm = None if mm_new is None else int(mm_new)
        if method == "none" and mm != 0:
            method = "prorate_mean"
    if method == "none":
        mm = 0
    return method, mm


def _impute_groups(inst: Instrument, scale_name: str) -> list[np.ndarray]:
    """Column positions (within the scale) of each subscale used for mean imputation."""
    items = list(inst.scales[scale_name].items)
    pos = {it: j for j, it in enumerate(items)}
    subs = [s for n, s in inst.scales.items() if n != scale_name and n != "total"]
    if scale_name != "total" or not subs:
        return [np.arange(len(items))]
    groups: list[np.ndarray] = []
    covered: set[int] = set()
    for s in subs:
        cols = [pos[i] for i in s.items if i in pos and i not in covered]
        if cols:
            groups.append(np.array(cols))
            covered.update(i for i in s.items if i in pos)
    rest = [pos[i] for i in items if i not in covered]
    if rest:
        groups.append(np.array(rest))
    return groups


# --------------------------------------------------------------------------- public API
def score(items: pd.DataFrame, instrument: str | Instrument | None = None, *,
          scales: ScalesArg = None, missing: MissingArg = None,
          score_type: ScoreTypeArg = None, registry: InstrumentRegistry | None = None,
          item_columns: ItemColumnsArg | None = None) -> pd.DataFrame:
    """Score item responses into scale scores, one row per session and scale.

    Parameters
    ----------
    items : pandas.DataFrame
        Tidy item responses, one row per item: ``case``, ``session``, ``measure``, ``item``
        (1-based whole number), ``value`` (float; NaN when unanswered), and optionally
        ``rater``, ``date``, ``phase``, ``missing_code``. Items without a row count as
        unanswered. ``measure`` may be omitted when ``instrument`` is given. With
        ``item_columns`` a wide table (one row per session, one column per item) is accepted
        instead.
    instrument : str or Instrument, optional
        Score every row with this instrument. By default each row's ``measure`` is looked up in
        the registry (case- and punctuation-insensitive); unknown measures raise
        :class:`~casekit.CaseDataError` listing them.
    scales : str, list of str or dict, optional
        Scales to compute (default: all scales of each instrument, e.g. ``"total"``, ``"task"``,
        ``"bond"``, ``"goal"`` for the WAI-SR). A dict maps a measure label or instrument name
        to its scales (any other key raises; measures not in the dict get all their scales).
    missing : None, "complete", int or dict, optional
        Missing-item rule. ``None`` (default) applies each scale's registry rule
        (``max_missing`` and ``missing_method``). ``"complete"`` requires every item (no
        prorating or imputation). An integer sets ``max_missing`` for every scale, a dict
        ``{scale name: int or None}`` for some; ``None`` in a dict means no maximum. A scale
        whose registry method is ``"none"`` is then prorated (``"prorate_mean"``).
    score_type : str or dict, optional
        Override the registry score type (``"sum"``, ``"mean"``, ``"mean_x10"``, ``"sum_x2"``,
        ``"vas_cm"``), for all scales or ``{scale name: type}``; e.g. ``score_type="mean"`` for
        WAI-SR item means (1-5) instead of sums (12-60).
    registry : InstrumentRegistry, optional
        Registry used to resolve names (default: the built-in ``casekit.instruments``). Build
        one with ``casekit.instruments.with_instrument(...)`` to score your own instrument
        (e.g. a client-generated Personal Questionnaire) by its measure label.
    item_columns : dict or list, optional
        For wide input: ``{column: item number}`` or a list of columns in item order (item 1
        first). Needs ``instrument``; the other columns ``case``, ``session`` (required) and
        ``rater``, ``date``, ``phase`` (optional) are kept; any other column raises an error.

    Returns
    -------
    pandas.DataFrame
        One row per (``case``, ``session``, ``measure``[, ``rater``]) and scale, sorted by those
        keys and the instrument's scale order, with columns:

        - ``case``, ``session``, ``measure`` (the input label), ``rater`` (when present);
        - ``scale``: ``"total"`` or a subscale name;
        - ``value``: the score (float; NaN when the missing-item rule does not allow one);
        - ``score_type``: ``sum``, ``mean``, ``mean_x10``, ``sum_x2`` or ``vas_cm``;
        - ``n_items_answered``: answered items of that scale (int);
        - ``prorated``: True when the score was prorated or imputed from fewer items (bool);
        - ``risk_flag``: True when a risk item (PHQ-9 item 9) is above its minimum, False
          when all risk items are at the minimum, ``<NA>`` when a risk item is unanswered or
          the instrument has no risk item (nullable ``boolean``; the same for every scale of
          a session);
        - ``date``, ``phase`` (when present; must be constant within a session's form).

        ``.attrs["casekit"]`` records the options and the instruments' citations.

    Raises
    ------
    CaseDataError
        Unknown measures; item numbers outside ``1..n_items`` or not whole; values outside the
        item range (never clipped), with more decimals than the instrument records, or not
        numeric; rows with both a value and a ``missing_code``; duplicated item rows; missing
        ``case``/``session``; ``date``/``phase`` varying within one form. All problems are
        listed at once, with their 0-based rows.
    ValueError
        Unknown scales, score types or ``missing`` options (the message lists the valid ones).

    See Also
    --------
    casekit.registry.get_instrument : the registry entries (items, keys, rules, cutoffs, RCI).
    cronbach_alpha : internal consistency from item data.

    Notes
    -----
    For each scale with items :math:`x_1 \\dots x_k`, after reverse keying
    (:math:`x' = x_{min} + x_{max} - x` for the instrument's reverse-keyed items) and with
    :math:`A` the set of answered items (:math:`|A| = a`):

    - ``sum`` / ``vas_cm``: :math:`S = \\sum x_i`; ``sum_x2``: :math:`2S`; ``mean``:
      :math:`S/k`; ``mean_x10``: :math:`10 S/k`.
    - ``prorate_mean`` (at most ``max_missing`` items missing): every unanswered item is
      replaced by the mean of the answered ones, :math:`\\bar x_A = \\sum_{A} x_i / a`, so a sum
      becomes :math:`k \\bar x_A` (PHQ-9 with 7 of 9 answered: :math:`9/7` times the sum). The
      prorated score is not rounded. For ``mean`` scores this is the mean of the answered items
      (the SCL-90-R GSI: sum / number answered).
    - ``subscale_mean_impute`` (OQ-45 scoring sheet): a blank is replaced by the mean of the
      answered items of its subscale, rounded to the nearest whole number with halves rounded
      up; the total is the sum over the subscales after imputation. Each subscale needs at
      least one answered item.
    - Otherwise (``missing_method = "none"`` or too many items missing) the score is NaN and
      ``n_items_answered`` still reports what was answered.

    This mirrors paper scoring rules as recorded in the registry (see each entry's sources;
    several rules are marked unverified there). Unlike some R scoring helpers (e.g.
    ``psych::scoreItems(impute = "mean")``, which imputes item means across people), casekit
    prorates within the person and session only, never imputes from other sessions, and
    never rounds prorated sums.

    References
    ----------
    Kroenke, K., Spitzer, R. L., & Williams, J. B. W. (2001). The PHQ-9. J Gen Intern Med,
    16, 606-613. doi:10.1046/j.1525-1497.2001.016009606.x

    Barkham, M., et al. (2013). The CORE-10. Couns Psychother Res, 13(1), 3-13.
    doi:10.1080/14733145.2012.729069

    Hatcher, R. L., & Gillaspy, J. A. (2006). Development and validation of a revised short
    version of the Working Alliance Inventory. Psychother Res, 16(1), 12-25.
    doi:10.1080/10503300500352500

    Examples
    --------
    >>> import numpy as np, pandas as pd, casekit
    >>> items = pd.DataFrame({"case": "A", "session": 1, "measure": "PHQ-9",
    ...                       "item": range(1, 10),
    ...                       "value": [2, 3, 1, 2, np.nan, 2, 1, np.nan, 0]})
    >>> out = casekit.score(items)
    >>> out[["scale", "value", "n_items_answered", "prorated", "risk_flag"]]
       scale      value  n_items_answered  prorated  risk_flag
    0  total  14.142857                 7      True      False
    """
    df = _item_rows(items, instrument, registry, item_columns)
    _check_options(score_type, missing)
    keys = [*_KEYS, *(["rater"] if "rater" in df.columns else [])]
    inst_of = _resolve_instruments(df, instrument, registry)
    _check_option_keys(inst_of, scales, missing, score_type)
    item_no, value = _validate_items(df, inst_of, keys)
    carried = [c for c in _CARRIED if c in df.columns]
    codes, forms = _forms(df, keys, carried)
    form_measure = forms["measure"].to_numpy(dtype=object)
    pieces = []
    for inst_name in dict.fromkeys(inst_of[m].name for m in form_measure):
        g_idx = np.flatnonzero([inst_of[m].name == inst_name for m in form_measure])
        pieces += _score_instrument(inst_of[form_measure[g_idx[0]]], g_idx, codes, forms,
                                    item_no, value, scales, missing, score_type)
    out = _assemble(pieces, keys, carried)
    out.attrs["casekit"] = {
        "function": "casekit.score",
        "missing": missing if not isinstance(missing, Mapping) else dict(missing),
        "score_type": score_type if not isinstance(score_type, Mapping) else dict(score_type),
        "instruments": {i.name: (i.citation.citation if i.citation else "")
                        for i in {id(x): x for x in inst_of.values()}.values()},
    }
    return out


def _item_rows(items: pd.DataFrame, instrument: str | Instrument | None,
               registry: InstrumentRegistry | None,
               item_columns: ItemColumnsArg | None) -> pd.DataFrame:
    """The tidy item rows (wide input melted, ``measure`` filled from ``instrument``)."""
    if not isinstance(items, pd.DataFrame):
        raise TypeError(f"items must be a pandas DataFrame; got {type(items).__name__}")
    if item_columns is not None:
        items = _wide_to_long(items, instrument, item_columns, registry)
    df = items.reset_index(drop=True)
    if "measure" not in df.columns:
        if instrument is None:
            raise ValueError("items has no 'measure' column: add one or pass instrument=")
        inst0 = get_instrument(instrument, registry) if not isinstance(
            instrument, Instrument) else instrument
        df = df.assign(measure=inst0.name)
    required = [c for c in ("case", "session", "item", "value") if c not in df.columns]
    if required:
        raise ValueError(f"items lacks required columns: {', '.join(required)} (tidy item rows "
                         "need case, session, measure, item, value)")
    return df


def _check_options(score_type: ScoreTypeArg, missing: MissingArg) -> None:
    if score_type is not None:
        vals = score_type.values() if isinstance(score_type, Mapping) else [score_type]
        for v in vals:
            check_option(v, "score_type", SCORE_TYPES)
    if missing is not None and not isinstance(missing, (str, Mapping, numbers.Integral)):
        raise ValueError("missing must be None, 'complete', a non-negative integer or a dict of "
                         f"scale name -> integer; got {missing!r}")
    if isinstance(missing, str):
        check_option(missing, "missing", _MISSING_KEYWORDS)


def _check_option_keys(inst_of: Mapping[str, Instrument], scales: ScalesArg,
                       missing: MissingArg, score_type: ScoreTypeArg) -> None:
    """Dicts of options name known scales; a ``scales`` dict names measures or instruments."""
    known_scales = {s for i in inst_of.values() for s in i.scales}
    for opt_name, opt in (("missing", missing), ("score_type", score_type)):
        if isinstance(opt, Mapping):
            unknown = sorted(set(opt) - known_scales, key=str)
            if unknown:
                raise ValueError(f"{opt_name} names unknown scales {unknown}; scales of the "
                                 f"instruments scored: {sorted(known_scales)}")
    if isinstance(scales, Mapping):
        targets = {*inst_of, *(i.name for i in inst_of.values())}
        unknown = [k for k in scales if k not in targets]
        if unknown:
            raise ValueError(f"scales names {unknown}, neither a measure label of items nor an "
                             f"instrument scored; valid keys: "
                             f"{sorted(map(str, targets))}")


def _forms(df: pd.DataFrame, keys: list[str],
           carried: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """``(codes, forms)``: one code per form (case, session, measure[, rater]) and the table of
    forms with the carried columns (which must not vary within a form)."""
    codes = df.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(df))).groupby(codes).first().to_numpy()
    forms = df.iloc[first][keys + carried].reset_index(drop=True)
    problems = []
    for c in carried:
        n_distinct = df[c].groupby(codes).nunique(dropna=False).to_numpy()
        for g in np.flatnonzero(n_distinct > 1):
            rows = np.flatnonzero(codes == g)
            problems.append({"row": int(rows[0]), "column": c,
                             "value": _plain(df[c].iloc[rows[0]]),
                             "problem": f"{c} varies within one form (rows "
                                        f"{rows.tolist()[:10]})"})
    if problems:
        raise CaseDataError(problems, title=f"{len(problems)} problem(s) in the item "
                                            "responses")
    return codes, forms


def _score_instrument(inst: Instrument, g_idx: np.ndarray, codes: np.ndarray,
                      forms: pd.DataFrame, item_no: np.ndarray, value: np.ndarray,
                      scales: ScalesArg, missing: MissingArg,
                      score_type: ScoreTypeArg) -> list[pd.DataFrame]:
    """Score rows of the forms ``g_idx`` (all of one instrument), one piece per measure
    label and scale."""
    form_measure = forms["measure"].to_numpy(dtype=object)
    # (forms x items) array of reverse-keyed values, NaN when unanswered or absent
    row_mask = np.isin(codes, g_idx)
    local = np.searchsorted(g_idx, codes[row_mask])
    mat = np.full((len(g_idx), inst.n_items), np.nan)
    v = value[row_mask]
    it = item_no[row_mask].astype(np.int64)
    if inst.reverse_items:
        rev = np.isin(it, inst.reverse_items)
        v = np.where(rev, inst.item_min + inst.item_max - v, v)
    mat[local, it - 1] = v
    raw = np.full((len(g_idx), inst.n_items), np.nan)
    raw[local, it - 1] = value[row_mask]
    risk = _risk_flags(inst, raw)
    pieces = []
    for m in dict.fromkeys(form_measure[g_idx]):
        sel = np.flatnonzero(form_measure[g_idx] == m)
        for s_name in _scale_names(inst, scales, m):
            sc = inst.scales[s_name]
            st = (score_type.get(s_name, sc.score_type) if isinstance(score_type, Mapping)
                  else score_type or sc.score_type)
            method, mm = _rule_for(inst, s_name, missing)
            cols = np.asarray(sc.items) - 1
            groups = _impute_groups(inst, s_name) if method == "subscale_mean_impute" else None
            val, n_ans, pro = _score_core(mat[np.ix_(sel, cols)], st, method, mm, groups)
            part = forms.iloc[g_idx[sel]].reset_index(drop=True)
            part["scale"] = s_name
            part["value"] = val
            part["score_type"] = st
            part["n_items_answered"] = n_ans
            part["prorated"] = pro
            part["risk_flag"] = pd.array(risk[sel], dtype="boolean")
            part["_form"] = g_idx[sel]
            part["_scale_order"] = list(inst.scales).index(s_name)
            pieces.append(part)
    return pieces


def _assemble(pieces: list[pd.DataFrame], keys: list[str], carried: list[str]) -> pd.DataFrame:
    """One table in form order and the instrument's scale order, with stable dtypes."""
    if not pieces:
        out = pd.DataFrame(columns=_out_columns(keys, carried))
    else:
        out = pd.concat(pieces, ignore_index=True)
        out = out.sort_values(["_form", "_scale_order"], kind="stable")
        out = out[_out_columns(keys, carried)].reset_index(drop=True)
    out["value"] = out["value"].astype(float)
    out["n_items_answered"] = out["n_items_answered"].astype(np.int64)
    out["prorated"] = out["prorated"].astype(bool)
    out["risk_flag"] = out["risk_flag"].astype("boolean")
    return out


def _out_columns(keys: list[str], carried: list[str]) -> list[str]:
    return [*keys, "scale", "value", "score_type", "n_items_answered", "prorated",
            "risk_flag", *carried]


def _risk_flags(inst: Instrument, raw: np.ndarray) -> np.ndarray:
    """Object array of True / False / pd.NA per form (NA without risk items or when a risk
    item is unanswered and none is raised)."""
    out = np.full(raw.shape[0], pd.NA, dtype=object)
    if not inst.risk_items:
        return out
    r = raw[:, np.asarray(inst.risk_items) - 1]
    raised = (np.nan_to_num(r, nan=inst.item_min) > inst.item_min).any(axis=1)
    complete = np.isfinite(r).all(axis=1)
    out[raised] = True
    out[~raised & complete] = False
    return out


def _wide_to_long(wide: pd.DataFrame, instrument: str | Instrument | None,
                  item_columns: ItemColumnsArg, registry: InstrumentRegistry | None,
                  ) -> pd.DataFrame:
    if instrument is None:
        raise ValueError("item_columns (wide input) needs instrument=")
    inst = get_instrument(instrument, registry) if not isinstance(instrument, Instrument) \
        else instrument
    if isinstance(item_columns, Mapping):
        mapping = dict(item_columns)
    elif isinstance(item_columns, (list, tuple)):
        repeated = sorted({str(c) for c in item_columns if list(item_columns).count(c) > 1})
        if repeated:
            raise ValueError(f"item_columns lists {repeated} more than once (a list gives item "
                             "numbers by position: item 1 first)")
        mapping = {c: i + 1 for i, c in enumerate(item_columns)}
    else:
        raise TypeError("item_columns must be a dict {column: item number} or a list of "
                        f"columns in item order; got {type(item_columns).__name__}")
    absent = [c for c in mapping if c not in wide.columns]
    if absent:
        raise ValueError(f"item_columns names columns not in items: {absent}")
    id_cols = [c for c in ("case", "session", "measure", "rater", "date", "phase")
               if c in wide.columns]
    for c in ("case", "session"):
        if c not in wide.columns:
            raise ValueError(f"wide items need a {c!r} column")
    other = [c for c in wide.columns if c not in mapping and c not in id_cols]
    if other:
        raise ValueError(f"wide items have columns that are neither item columns nor keys: "
                         f"{other}; drop them or add them to item_columns")
    long = wide.reset_index(drop=True).melt(id_vars=id_cols, value_vars=list(mapping),
                                            var_name="_column", value_name="value")
    long["item"] = long["_column"].map(mapping)
    if "measure" not in long.columns:
        long["measure"] = inst.name
    return long.drop(columns="_column")


# --------------------------------------------------------------------------- reliability
class AlphaResult(Result):
    """Cronbach's alpha with a Feldt confidence interval.

    ``.summary`` has the columns ``alpha, ci_lower, ci_upper, n_obs, n_items, n_dropped``;
    ``float(result)`` is alpha.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha.
    ci_lower : float
        Lower limit of the Feldt (1965) confidence interval.
    ci_upper : float
        Upper limit of the Feldt (1965) confidence interval.
    n_obs : int
        Complete rows used.
    n_items : int
        Number of items.
    n_dropped : int
        Rows with missing items left out (``missing="listwise"``).
    confidence : float
        Level of the interval.
    """

    alpha: float
    ci_lower: float
    ci_upper: float
    n_obs: int
    n_items: int
    n_dropped: int
    confidence: float

    def __init__(self, alpha: float, ci_lower: float, ci_upper: float, n_obs: int, n_items: int,
                 n_dropped: int, confidence: float, missing: str) -> None:
        table = pd.DataFrame({"alpha": [alpha], "ci_lower": [ci_lower], "ci_upper": [ci_upper],
                              "n_obs": [n_obs], "n_items": [n_items], "n_dropped": [n_dropped]})
        notes = []
        if n_dropped:
            notes.append(f"{n_dropped} row(s) with missing items dropped (missing='listwise')")
        super().__init__(table, method="Cronbach's alpha (Feldt CI)",
                         options={"confidence": confidence, "missing": missing},
                         reference="Cronbach 1951, doi:10.1007/BF02310555; Feldt 1965, "
                                   "doi:10.1007/BF02289703",
                         mirrors="pingouin.cronbach_alpha / psych::alpha (raw_alpha)",
                         variant="raw alpha (item covariances), Feldt F-based interval",
                         notes=notes, alpha=float(alpha), ci_lower=float(ci_lower),
                         ci_upper=float(ci_upper), n_obs=int(n_obs), n_items=int(n_items),
                         n_dropped=int(n_dropped), confidence=float(confidence))

    def __float__(self) -> float:
        return self.alpha


def _alpha_core(x: np.ndarray) -> float:
    """Cronbach's alpha of a complete (n x k) array."""
    k = x.shape[1]
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return math.nan
    return float(k / (k - 1) * (1.0 - item_var / total_var))


def cronbach_alpha(items_wide: pd.DataFrame | ArrayLike, *, missing: str = "error",
                   confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha of a set of items, with a Feldt confidence interval.

    Parameters
    ----------
    items_wide : pandas.DataFrame or array-like
        One row per respondent (or per session of one respondent), one column per item, after
        reverse keying. From tidy item rows use e.g.
        ``items.pivot_table(index=["case", "session"], columns="item", values="value")``.
    missing : {"error", "listwise"}
        Rows with missing items raise ``ValueError`` (default) or are dropped and counted in
        ``n_dropped`` (``"listwise"``).
    confidence : float
        Level of the confidence interval (default 0.95).

    Returns
    -------
    AlphaResult
        ``.alpha``, ``.ci_lower``, ``.ci_upper`` (floats), ``.n_obs``, ``.n_items``,
        ``.n_dropped`` (ints); ``.summary`` has the columns ``alpha``, ``ci_lower``,
        ``ci_upper``, ``n_obs``, ``n_items``, ``n_dropped``. ``float(result)`` is alpha.

    See Also
    --------
    casekit.registry.ReliableChange.from_sd : an RCI from an SD and this reliability.

    Notes
    -----
    .. math:: \\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i s_i^2}{s_X^2}\\right)

    with :math:`s_i^2` the item variances and :math:`s_X^2` the variance of the item sum (both
    with :math:`n - 1`; the choice cancels). The interval is Feldt's (1965):
    :math:`1 - (1-\\alpha) F_{1-\\gamma/2}` to :math:`1 - (1-\\alpha) F_{\\gamma/2}`, with
    :math:`F` quantiles on :math:`n-1` and :math:`(n-1)(k-1)` degrees of freedom and
    :math:`\\gamma = 1 -` ``confidence``. This is the ``raw_alpha`` of R ``psych::alpha`` and
    the estimate and interval of ``pingouin.cronbach_alpha``; unlike pingouin, casekit does not
    drop incomplete rows unless asked. Jacobson & Truax (1991) recommend test-retest
    reliability for the RCI; alpha is the common substitute (Martinovich et al. 1996).
    Alpha over sessions of one person measures consistency across occasions, not across
    people: say which one you used.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16, 297-334. doi:10.1007/BF02310555

    Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson reliability
    coefficient twenty. Psychometrika, 30, 357-370. doi:10.1007/BF02289703

    Examples
    --------
    >>> import numpy as np
    >>> from casekit.scoring import cronbach_alpha
    >>> x = np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 4, 4]])
    >>> round(cronbach_alpha(x).alpha, 4)
    0.9141
    """
    missing = check_option(missing, "missing", ("error", "listwise"))
    confidence = check_ci_level(confidence, "confidence")
    if isinstance(items_wide, pd.DataFrame):
        bad = [c for c in items_wide.columns
               if not pd.api.types.is_numeric_dtype(items_wide[c])
               or pd.api.types.is_bool_dtype(items_wide[c])]
        if bad:
            raise TypeError(f"items_wide must hold numeric item columns; not numeric: {bad}")
        x = items_wide.to_numpy(dtype=float, na_value=np.nan)
    else:
        try:
            x = np.asarray(items_wide, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"items_wide must be numeric ({exc})") from exc
    if x.ndim != 2:
        raise ValueError(f"items_wide must be 2-dimensional (rows x items); got {x.ndim} dims")
    if np.isinf(x).any():
        raise ValueError("items_wide contains infinite values")
    incomplete = np.isnan(x).any(axis=1)
    if incomplete.any():
        if missing == "error":
            raise ValueError(f"items_wide has missing values in rows "
                             f"{np.flatnonzero(incomplete).tolist()[:20]}; pass "
                             "missing='listwise' to drop (and count) them")
        x = x[~incomplete]
    n, k = x.shape
    if k < 2:
        raise ValueError(f"items_wide needs at least 2 item columns; got {k}")
    if n < 2:
        raise ValueError(f"items_wide needs at least 2 complete rows; got {n}")
    a = _alpha_core(x)
    if math.isnan(a):
        raise ValueError("the item sum has zero variance: alpha is undefined")
    from scipy import stats  # lazy: keeps `import casekit` free of scipy

    gamma = 1.0 - confidence
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1.0 - (1.0 - a) * float(stats.f.isf(gamma / 2.0, df1, df2))
    upper = 1.0 - (1.0 - a) * float(stats.f.isf(1.0 - gamma / 2.0, df1, df2))
    return AlphaResult(a, lower, upper, n, k, int(incomplete.sum()), confidence, missing)

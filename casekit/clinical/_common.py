"""Pieces every clinical-significance function of :mod:`casekit.clinical` shares.

Critical values, citations, category labels, the instrument lookup, the norms mapping and the
category count table. A private module of the package: its names are public within
``casekit.clinical`` only (listed in ``__all__``), never imported from outside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._validate import check_float
from ..registry import Instrument, Norms, get_instrument

if TYPE_CHECKING:
    from ._pairs import PrePost

__all__ = [
    "Z_975",
    "Z_95",
    "CATEGORIES",
    "BASIC_CATEGORIES",
    "REF_JT",
    "REF_CLAUS",
    "NORM_KEYS",
    "resolve_instrument",
    "norms_dict",
    "category_counts",
    "category_labels",
    "individual_table",
    "prose_direction",
]

# qnorm(0.975) and qnorm(0.95) in R (clinicalsignificance 2.1.0.9000 critical values; the
# two-sided 95 % and one-sided 95 % standard-normal quantiles).
Z_975 = 1.959963984540054
Z_95 = 1.6448536269514722

#: Categories of reliable change with a clinical cutoff (clinicalsignificance ``cs_combined``);
#: without a cutoff only improved / unchanged / deteriorated occur.
CATEGORIES = ("recovered", "improved", "unchanged", "deteriorated", "harmed")
#: Categories of the approaches without a cutoff (anchor, percentage, statistical).
BASIC_CATEGORIES = ("improved", "unchanged", "deteriorated")

REF_JT = ("Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach "
          "to defining meaningful change in psychotherapy research. J Consult Clin Psychol, "
          "59(1), 12-19. doi:10.1037/0022-006X.59.1.12")
REF_CLAUS = ("Claus, B. B., Wager, J., & Bonnet, U. (2024). clinicalsignificance: clinical "
             "significance analyses of intervention studies in R. J Stat Softw, 111(1), 1-39. "
             "doi:10.18637/jss.v111.i01")

#: Keys of the ``norms=`` mapping of :func:`casekit.reliable_change`.
NORM_KEYS = ("clinical_mean", "clinical_sd", "functional_mean", "functional_sd", "reliability",
             "m_pre", "sd_pre", "m_post", "sd_post", "r_prepost")


def resolve_instrument(instrument: str | Instrument | None) -> Instrument | None:
    """The registry entry of ``instrument`` (a name or an Instrument), or None."""
    if instrument is None:
        return None
    return get_instrument(instrument)


def norms_dict(norms: Mapping[str, float | None] | Norms | None,
               inst: Instrument | None) -> dict[str, float]:
    """``norms=`` (a dict or registry ``Norms``; default the instrument's) as checked floats."""
    if norms is None and inst is not None and inst.norms is not None:
        norms = inst.norms
    if norms is None:
        return {}
    if isinstance(norms, dict):
        unknown = sorted(set(norms) - set(NORM_KEYS))
        if unknown:
            raise ValueError(f"unknown keys in norms: {unknown}; valid keys: "
                             f"{', '.join(NORM_KEYS)}")
        items: Iterable[tuple[str, object]] = norms.items()
    else:  # registry Norms dataclass
        items = ((k, getattr(norms, k, None)) for k in NORM_KEYS)
    return {k: check_float(v, f"norms[{k!r}]", finite=True) for k, v in items if v is not None}


def category_labels(improved: np.ndarray, deteriorated: np.ndarray) -> np.ndarray:
    """"improved" / "deteriorated" / "unchanged" per row (object array)."""
    return np.where(improved, "improved",
                    np.where(deteriorated, "deteriorated", "unchanged")).astype(object)


def category_counts(categories: ArrayLike, order: Sequence[str],
                    groups: ArrayLike | None = None) -> pd.DataFrame:
    """``category, n, percent`` (percent of the rows, 0-100; NaN without rows).

    With ``groups`` (one label per row) the table has a leading ``group`` column and the
    percentages are within each group, groups in order of first appearance.
    """
    cats = np.asarray(categories, dtype=object)
    if groups is None:
        return _counts(cats, order)
    group_a = np.asarray(groups, dtype=object)
    parts = []
    for g in pd.unique(pd.Series(group_a)):
        part = _counts(cats[group_a == g], order)
        part.insert(0, "group", g)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _counts(cats: np.ndarray, order: Sequence[str]) -> pd.DataFrame:
    n = len(cats)
    counts = [int((cats == c).sum()) for c in order]
    # columns, not row dicts: the same frame, built several times faster (issue #16)
    return pd.DataFrame({"category": list(order), "n": np.array(counts, dtype=np.int64),
                         "percent": np.array([100.0 * float(k) / n if n else float("nan")
                                              for k in counts], dtype=float)})


def individual_table(pairs: PrePost, extra: dict[str, Any], improved: ArrayLike,
                     deteriorated: ArrayLike) -> pd.DataFrame:
    """The per-case table of the individual-level approaches (clinicalsignificance's
    ``cs_get_augmented_data``): ``id``, ``group`` (when grouped), ``pre, post, change``, the
    method's own columns ``extra``, ``improved, deteriorated, unchanged`` and ``category``."""
    out = {"id": pairs.cases}
    if pairs.groups is not None:
        out["group"] = pairs.groups
    out.update({"pre": pairs.pre, "post": pairs.post, "change": pairs.change})
    out.update(extra)
    imp = np.asarray(improved, dtype=bool)
    det = np.asarray(deteriorated, dtype=bool)
    out.update({"improved": imp, "deteriorated": det,
                "unchanged": ~imp & ~det,
                "category": category_labels(imp, det)})
    return pd.DataFrame(out)


def prose_direction(improvement: str | None) -> str:
    """``"lower is better"`` / ``"higher is better"`` for notes and variants."""
    return "higher is better" if improvement == "increase" else "lower is better"

"""Data model of an instrument entry (immutable dataclasses, built from dicts/TOML/YAML).

An :class:`Instrument` holds scoring facts only (never item wording): the number of items and
their range, direction, reverse-keyed and risk items, the scales (total and subscales) with
their score type and missing-item rule, published cutoffs and severity bands, reliable-change
constants and norms. Every number can carry a :class:`Source` that says where it comes from and
whether it was checked against that source (``verified``) and whether that source is the
primary publication (``primary``).

The on-disk layout (TOML or YAML) mirrors the dataclasses; see ``docs/instruments.md`` and the
built-in entries in ``casekit/registry/instruments/``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["Instrument", "Scale", "Cutoff", "Bands", "Norms", "ReliableChange", "Source",
           "SCORE_TYPES", "MISSING_METHODS", "RULES", "RATERS", "RELIABILITY_TYPES"]

SCORE_TYPES = ("sum", "mean", "mean_x10", "sum_x2", "vas_cm")
MISSING_METHODS = ("none", "prorate_mean", "subscale_mean_impute")
RULES = (">=", ">")
RATERS = ("client", "therapist", "observer")
RELIABILITY_TYPES = ("test_retest", "internal_consistency")

# Strings longer than this in labels, meanings and notes look like item wording (which casekit
# must never ship); citations may be longer.
_MAX_LABEL_CHARS = 200
_MAX_TEXT_CHARS = 600
_WORDING_PATTERN = re.compile(
    r"\b(I|I'm|I've|my|me)\s+(feel|felt|have|had|was|am|get|got|think|thought|find|found|"
    r"could|couldn't|can't|did|do|don't|seemed|tended)\b",
)


_D = TypeVar("_D", bound="DataclassInstance")


def _fmt_keys(keys: Iterable[object]) -> str:
    return ", ".join(repr(k) for k in keys)


def _build(cls: type[_D], table: object, what: str, **extra: Any) -> _D:
    """Build dataclass ``cls`` from ``table``, naming unknown keys and listing valid ones."""
    if not isinstance(table, dict):
        raise TypeError(f"{what} must be a table (dict); got {type(table).__name__}")
    table = dict(table)
    for key, val in extra.items():  # e.g. name = the table key (as written by to_dict)
        if key in table:
            if table[key] != val:
                raise ValueError(f"{what}: {key} {table[key]!r} differs from its key {val!r}")
            del table[key]
    valid = [f.name for f in dataclasses.fields(cls) if f.name not in extra]
    unknown = sorted(set(table) - set(valid))
    if unknown:
        raise ValueError(f"unknown keys in {what}: {_fmt_keys(unknown)}; "
                         f"valid keys: {_fmt_keys(valid)}")
    if table.get("source") is not None:
        table["source"] = Source.from_any(table["source"])
    for key in _FLOAT_FIELDS.get(cls.__name__, ()):
        if table.get(key) is not None:
            table[key] = _as_float(table[key], f"{what}.{key}")
    try:
        return cls(**table, **extra)
    except TypeError as exc:  # a required key is missing
        raise ValueError(f"{what}: {exc}") from exc


@dataclass(frozen=True)
class Source:
    """Where a fact comes from.

    ``verified`` is False for facts "as commonly cited" that were not checked against the
    primary source; ``primary`` is False when the cited source is secondary (a scoring sheet,
    training material, an abstract). ``note`` says what remains to be checked.
    """

    citation: str
    verified: bool = False
    primary: bool = True
    note: str | None = None

    @classmethod
    def from_any(cls, obj: object) -> Source:
        if isinstance(obj, Source):
            return obj
        if isinstance(obj, str):
            return cls(citation=obj)
        if isinstance(obj, dict):
            unknown = sorted(set(obj) - {"citation", "verified", "primary", "note"})
            if unknown or "citation" not in obj:
                raise ValueError(
                    "a source table needs 'citation' and may have 'verified', 'primary', "
                    f"'note'; got keys {_fmt_keys(obj)}")
            return cls(**obj)
        raise TypeError(f"a source must be a string or a table with 'citation'; got {obj!r}")


@dataclass(frozen=True)
class Scale:
    """A total or subscale: which items, how they combine, and the missing-item rule.

    ``max_missing`` is the largest number of unanswered items that still gives a score (by
    ``missing_method``); ``0`` means every item is required. ``None`` (``"none"`` in TOML,
    which has no null) means the source states the rule without a maximum: the rule is then
    applied whenever at least one item of the scale is answered (OQ-45 subscale-mean
    imputation). Callers can impose a maximum through ``missing=`` in :func:`casekit.score`.

    ``missing_method`` is ``"none"`` (no score when an item is missing), ``"prorate_mean"`` (the
    score is computed from the mean of the answered items, scaled to the full length) or
    ``"subscale_mean_impute"`` (a blank item is replaced by the rounded mean of the answered
    items of the same subscale; OQ-45).
    """

    name: str
    items: tuple[int, ...]
    score_type: str = "sum"
    min: float | None = None
    max: float | None = None
    max_missing: int | None = 0
    missing_method: str = "none"
    source: Source | None = None

    @property
    def n_items(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Cutoff:
    """A published cutoff on a scale.

    ``rule`` says how a score meets the cutoff on the side where the scale points to more severe
    problems: ``">="`` means a score *at* the cutoff already counts as clinical (PHQ-9 >= 10),
    ``">"`` means the score must lie strictly beyond it (ORS: below 25, so 25 itself is not
    clinical). For measures where higher is better "beyond" means "below".
    ``score_type`` is the metric the cutoff is expressed in (e.g. DASS-21 doubled scores).
    """

    name: str
    value: float
    scale: str = "total"
    rule: str = ">="
    meaning: str = ""
    score_type: str | None = None
    source: Source | None = None


@dataclass(frozen=True)
class ReliableChange:
    """Reliable-change constants of an instrument.

    Either a published minimum reliable raw change ``value`` (e.g. PHQ-9: 6 points, IAPT) or the
    ``sd`` and ``reliability`` to compute one (S_diff = sd * sqrt(2 * (1 - reliability)),
    RCI = z * S_diff), or both. ``reliability_type`` is ``"test_retest"`` or
    ``"internal_consistency"``.
    """

    value: float | None = None
    z: float | None = 1.96
    sd: float | None = None
    reliability: float | None = None
    reliability_type: str | None = None
    rule: str = ">="
    scale: str = "total"
    score_type: str | None = None
    source: Source | None = None

    @property
    def s_diff(self) -> float | None:
        """Standard error of the difference, sd * sqrt(2 (1 - r)) (Jacobson & Truax 1991)."""
        if self.sd is None or self.reliability is None:
            return None
        return float(self.sd * math.sqrt(2.0 * (1.0 - self.reliability)))

    @property
    def threshold(self) -> float | None:
        """Minimum reliable raw change: the published ``value`` if there is one, else
        ``z * s_diff`` (None when neither can be formed)."""
        if self.value is not None:
            return float(self.value)
        s = self.s_diff
        if s is None or self.z is None:
            return None
        return float(self.z * s)

    @classmethod
    def from_sd(cls, sd: float, reliability: float, *, z: float = 1.96,
                reliability_type: str | None = None, scale: str = "total",
                source: Source | str | dict[str, Any] | None = None) -> ReliableChange:
        """Reliable-change constants from a stated SD and reliability.

        Use this to pass norms explicitly, e.g. the illustrative WAI-SR RCI of the casekit case
        study (``ReliableChange.from_sd(8, 0.91, source="placeholder norms")``: S_diff =
        8 * sqrt(2 * 0.09) = 3.394, RCI = 1.96 * 3.394 = 6.65 points). Placeholder norms belong in
        the analysis, never in a registry entry.
        """
        sd = float(sd)
        reliability = float(reliability)
        if not sd > 0 or not math.isfinite(sd):
            raise ValueError(f"sd must be a positive number; got {sd!r}")
        if not 0 < reliability < 1:
            raise ValueError(f"reliability must lie strictly between 0 and 1; got {reliability!r}")
        if not z > 0:
            raise ValueError(f"z must be positive; got {z!r}")
        if reliability_type is not None and reliability_type not in RELIABILITY_TYPES:
            raise ValueError(f"reliability_type must be one of {_fmt_keys(RELIABILITY_TYPES)} "
                             f"or None; got {reliability_type!r}")
        return cls(value=None, z=float(z), sd=sd, reliability=reliability,
                   reliability_type=reliability_type, scale=scale,
                   source=None if source is None else Source.from_any(source))


@dataclass(frozen=True)
class Norms:
    """Clinical and functional (non-clinical) population means and SDs for cutoffs a, b, c."""

    scale: str = "total"
    clinical_mean: float | None = None
    clinical_sd: float | None = None
    functional_mean: float | None = None
    functional_sd: float | None = None
    reliability: float | None = None
    source: Source | None = None


@dataclass(frozen=True)
class Bands:
    """Published severity bands on one scale.

    Band ``i`` covers scores from ``lower[i]`` up to (not including) ``lower[i + 1]``; the last
    band runs to the scale maximum. ``score_type`` records the metric of the table (DASS-21
    tables exist for doubled and un-doubled scores).
    """

    scale: str
    labels: tuple[str, ...]
    lower: tuple[float, ...]
    score_type: str | None = None
    source: Source | None = None

    def label(self, value: float) -> str | None:
        """The band containing ``value`` (None for a missing value or one below the first band)."""
        if _is_missing(value):
            return None
        out = None
        for lab, lo in zip(self.labels, self.lower, strict=True):
            if value >= lo:
                out = lab
        return out


@dataclass(frozen=True)
class Instrument:
    """One instrument (measure and version) of the registry. Scoring facts only; no wording.

    Attributes
    ----------
    name, aliases, full_name, construct : str
        Registry name (e.g. ``"PHQ-9"``), other accepted names, full title and construct.
    n_items, item_min, item_max, item_decimals
        Number of items, item response range and the number of decimals an item value may have
        (1 for visual-analogue scales measured in mm, 0 otherwise).
    higher_is_better : bool
        Direction; :attr:`improvement` gives ``"increase"`` / ``"decrease"``.
    reverse_items, risk_items : tuple of int
        1-based item numbers reversed as ``item_min + item_max - x`` and items whose value above
        ``item_min`` raises a risk flag (PHQ-9 item 9).
    scales : dict of str to Scale
        ``"total"`` and subscales.
    cutoffs, clinical_cutoff, bands
        Published cutoffs, the name of the one used for clinical significance, severity bands.
    rci, rcis, norms
        The main reliable-change constants, further ones (other samples, subscale
        reliabilities), and clinical / functional norms.
    overlapping_scales : bool
        Subscales (other than ``"total"``) may share items (checked by :meth:`check`).
    """

    name: str
    n_items: int
    item_min: float
    item_max: float
    higher_is_better: bool
    scales: dict[str, Scale]
    aliases: tuple[str, ...] = ()
    full_name: str = ""
    construct: str = ""
    rater: str = "client"
    item_decimals: int = 0
    reverse_items: tuple[int, ...] = ()
    risk_items: tuple[int, ...] = ()
    cutoffs: dict[str, Cutoff] = field(default_factory=dict)
    clinical_cutoff: str | None = None
    bands: dict[str, Bands] = field(default_factory=dict)
    rci: ReliableChange | None = None
    rcis: dict[str, ReliableChange] = field(default_factory=dict)
    norms: Norms | None = None
    overlapping_scales: bool = False
    schedule: str = ""
    licence: str = ""
    citation: Source | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    # -- convenience ------------------------------------------------------------------------
    @property
    def improvement(self) -> str:
        """``"increase"`` when higher is better, else ``"decrease"`` (SingleCaseES vocabulary)."""
        return "increase" if self.higher_is_better else "decrease"

    def scale(self, name: str = "total") -> Scale:
        if name not in self.scales:
            valid = ", ".join(repr(s) for s in self.scales)
            raise ValueError(f"{self.name} has no scale {name!r}; valid scales: {valid}")
        return self.scales[name]

    @property
    def total_range(self) -> tuple[float | None, float | None]:
        sc = self.scales.get("total")
        return (None, None) if sc is None else (sc.min, sc.max)

    @property
    def cutoff(self) -> Cutoff | None:
        """The cutoff used for clinical significance (``clinical_cutoff``), if any."""
        return None if self.clinical_cutoff is None else self.cutoffs[self.clinical_cutoff]

    def reverse(self, item: int, value: float) -> float:
        """Reverse-key ``value`` of ``item`` if the item is reverse-keyed (``min + max - x``)."""
        if item in self.reverse_items:
            return self.item_min + self.item_max - value
        return value

    def band(self, value: float, scale: str = "total") -> str | None:
        """Severity band label of a score on ``scale`` (None when no bands are published)."""
        b = self.bands.get(scale)
        return None if b is None else b.label(value)

    def is_clinical(self, value: float, cutoff: str | None = None) -> bool | None:
        """Whether ``value`` lies on the clinical side of a cutoff (default: the clinical one).

        Uses the cutoff's ``rule`` and the instrument's direction; returns None for a missing
        value (None, NaN of any float type, pandas NA).
        """
        c = self.cutoff if cutoff is None else self.cutoffs.get(cutoff)
        if c is None:
            valid = ", ".join(repr(k) for k in self.cutoffs) or "none"
            raise ValueError(f"{self.name} has no cutoff {cutoff!r}; valid cutoffs: {valid}")
        if _is_missing(value):
            return None
        if self.higher_is_better:
            return bool(value <= c.value) if c.rule == ">=" else bool(value < c.value)
        return bool(value >= c.value) if c.rule == ">=" else bool(value > c.value)

    def with_rci(self, rci: ReliableChange | None = None, *, sd: float | None = None,
                 reliability: float | None = None, z: float = 1.96,
                 reliability_type: str | None = None,
                 source: Source | str | dict[str, Any] | None = None) -> Instrument:
        """A copy of this instrument with other reliable-change constants.

        Pass either a :class:`ReliableChange` or ``sd`` and ``reliability`` (and optionally
        ``z``, ``reliability_type``, ``source``). The registry entry is left untouched. This is
        how an analysis states sample-specific or illustrative norms, e.g.
        ``get_instrument("WAI-SR").with_rci(sd=8, reliability=0.91, source="placeholder")``.
        """
        if rci is None:
            if sd is None or reliability is None:
                raise ValueError("with_rci needs either rci= or both sd= and reliability=")
            rci = ReliableChange.from_sd(sd, reliability, z=z, reliability_type=reliability_type,
                                         source=source)
        elif not isinstance(rci, ReliableChange):
            raise TypeError(f"rci must be a ReliableChange; got {type(rci).__name__}")
        return dataclasses.replace(self, rci=rci)

    # -- self-consistency -----------------------------------------------------------------
    def expected_range(self, scale: str | Scale, score_type: str | None = None,
                       ) -> tuple[float, float]:
        """Score range implied by the item range, the number of items and the score type."""
        sc = self.scale(scale) if isinstance(scale, str) else scale
        st = score_type or sc.score_type
        k = len(sc.items)
        lo, hi = float(self.item_min), float(self.item_max)
        factor = {"sum": k, "vas_cm": k, "sum_x2": 2 * k, "mean": 1, "mean_x10": 10}[st]
        return lo * factor, hi * factor

    def check(self, *, require_sources: bool = False) -> list[str]:
        """List the self-consistency problems of this entry (an empty list when none).

        Checks item ranges, keying and risk items, scale membership (within 1..n_items, no
        duplicates, subscales disjoint unless ``overlapping_scales``, ``"total"`` covering every
        item), scale ranges against ``item range x items x score type``, missing-item rules,
        cutoffs and bands within their scale's range, reliable-change constants, norms, and text
        fields that look like item wording. With ``require_sources`` every number must carry a
        :class:`Source` (the built-in entries are tested this way).

        The checks are the functions of ``_CHECKS`` (one per part of the entry), run in order.
        """
        n = self.n_items
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            return [f"n_items must be a positive integer; got {n!r}"]
        return [problem for check in _CHECKS for problem in check(self, require_sources)]

    def _scale_range(self, scale: str, score_type: str | None,
                     ) -> tuple[float | None, float | None]:
        if scale not in self.scales:
            return None, None
        sc = self.scales[scale]
        if score_type is None or score_type == sc.score_type:
            return sc.min, sc.max
        if score_type not in SCORE_TYPES:
            return None, None
        return self.expected_range(sc, score_type)

    def _check_value_in_scale(self, where: str, value: float, scale: str,
                              score_type: str | None) -> list[str]:
        if scale not in self.scales:
            return [f"{where}: unknown scale {scale!r} (scales: {_fmt_keys(self.scales)})"]
        if score_type is not None and score_type not in SCORE_TYPES:
            return [f"{where}: score_type must be one of {_fmt_keys(SCORE_TYPES)}"]
        lo, hi = self._scale_range(scale, score_type)
        if lo is not None and hi is not None and not lo <= value <= hi:
            return [f"{where}: value {value:g} outside the range of scale {scale!r} "
                    f"({lo:g}..{hi:g})"]
        return []

    def _check_wording(self) -> list[str]:
        p: list[str] = []
        for path, text in _strings(self.to_dict()):
            is_citation = path.endswith("citation")
            limit = _MAX_TEXT_CHARS if (is_citation or "note" in path or path.startswith(
                ("notes", "licence", "schedule", "full_name"))) else _MAX_LABEL_CHARS
            if len(text) > limit:
                p.append(f"{path}: text longer than {limit} characters (item wording is never "
                         "stored)")
            if not is_citation and _WORDING_PATTERN.search(text):
                p.append(f"{path}: text looks like item wording ({text[:40]!r}...)")
        return p

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Instrument:
        """Build an instrument from a plain dict (the TOML/YAML layout).

        Required keys: ``name``, ``n_items``, ``item_min``, ``item_max``,
        ``higher_is_better``. Without ``scales`` a single ``total`` scale (sum of all items,
        every item required) is created. Tables: ``scales.<name>``, ``cutoffs.<name>``,
        ``bands.<scale>``, ``rci``, ``rcis.<name>``, ``norms``, ``sources.<fact>``; each may
        carry a ``source`` (a string or a table ``{citation, verified, primary, note}``).
        Unknown keys raise ``ValueError`` listing the valid ones. The entry is not checked for
        consistency here; :meth:`InstrumentRegistry.register` runs :meth:`check`.
        """
        if not isinstance(d, dict):
            raise TypeError(f"an instrument definition must be a dict; got {type(d).__name__}")
        d = dict(d)
        missing = [k for k in ("name", "n_items", "item_min", "item_max", "higher_is_better")
                   if k not in d]
        if missing:
            raise ValueError(f"instrument definition lacks required keys: {', '.join(missing)}")
        name = d["name"]
        n_items = d["n_items"]
        if isinstance(n_items, bool) or not isinstance(n_items, numbers.Integral) or n_items < 1:
            raise ValueError(f"{name}: n_items must be a positive integer; got {n_items!r}")
        if not isinstance(d["higher_is_better"], bool):
            raise ValueError(f"{name}: higher_is_better must be true or false; "
                             f"got {d['higher_is_better']!r}")
        for key in ("item_min", "item_max"):
            d[key] = _as_float(d[key], f"{name}: {key}")
        scales_in = d.pop("scales", None) or {
            "total": {"items": list(range(1, int(n_items) + 1)), "score_type": "sum",
                      "min": d["item_min"] * n_items, "max": d["item_max"] * n_items}}
        scales = {}
        for sname, s in scales_in.items():
            s = dict(s)
            if s.get("max_missing") == "none":  # TOML has no null
                s["max_missing"] = None
            s["items"] = tuple(_as_int(i, f"{name}: scales.{sname}.items")
                               for i in s.get("items", range(1, int(n_items) + 1)))
            scales[sname] = _build(Scale, s, f"{name}: scales.{sname}", name=sname)
        cutoffs = {cname: _build(Cutoff, c, f"{name}: cutoffs.{cname}", name=cname)
                   for cname, c in (d.pop("cutoffs", None) or {}).items()}
        bands = {}
        for bname, b in (d.pop("bands", None) or {}).items():
            b = dict(b)
            b.setdefault("scale", bname)
            b["labels"] = tuple(str(x) for x in b.get("labels", ()))
            b["lower"] = tuple(float(x) for x in b.get("lower", ()))
            bands[bname] = _build(Bands, b, f"{name}: bands.{bname}")
        rci = d.pop("rci", None)
        if rci is not None:
            rci = _build(ReliableChange, rci, f"{name}: rci")
        rcis = {k: _build(ReliableChange, v, f"{name}: rcis.{k}")
                for k, v in (d.pop("rcis", None) or {}).items()}
        norms = d.pop("norms", None)
        if norms is not None:
            norms = _build(Norms, norms, f"{name}: norms")
        citation = d.pop("citation", None)
        citation = None if citation is None else Source.from_any(citation)
        sources = {k: Source.from_any(v) for k, v in (d.pop("sources", None) or {}).items()}
        for key in ("aliases", "notes"):
            if key in d and d[key] is not None:
                d[key] = tuple(d[key])
        for key in ("reverse_items", "risk_items"):
            if key in d and d[key] is not None:
                d[key] = tuple(_as_int(i, f"{name}: {key}") for i in d[key])
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown keys in instrument definition {name!r}: "
                             f"{', '.join(unknown)}; valid keys: {', '.join(sorted(known))}")
        return cls(scales=scales, cutoffs=cutoffs, bands=bands, rci=rci, rcis=rcis,
                   norms=norms, citation=citation, sources=sources, **d)

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> Instrument:
        """Read a ``.toml`` (standard library) or ``.yaml``/``.yml`` (needs PyYAML) file."""
        path = Path(path)
        suffix = path.suffix.lower()
        if not path.is_file():
            raise FileNotFoundError(f"instrument file not found: {str(path)!r}")
        if suffix == ".toml":
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        elif suffix in (".yaml", ".yml"):
            try:
                import yaml  # lazy: PyYAML is an optional dependency (casekit[io])
            except ImportError as exc:  # pragma: no cover - depends on the environment
                raise ImportError("reading YAML instrument files needs PyYAML: "
                                  "pip install 'casekit[io]'") from exc
            with path.open(encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        else:
            raise ValueError(f"instrument files must be .toml, .yaml or .yml; got {path.name!r}")
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict of the entry; ``Instrument.from_dict(inst.to_dict()) == inst``."""
        return asdict(self)



# ---------------------------------------------------------------------------------------------
# the self-consistency checks of Instrument.check: one function per part of an entry, each
# ``check(inst, require_sources) -> list of problems``, run in the order of _CHECKS
# ---------------------------------------------------------------------------------------------
def _check_basics(inst: Instrument, require_sources: bool) -> list[str]:
    p = []
    if not isinstance(inst.higher_is_better, bool):
        p.append(f"higher_is_better must be true or false; got {inst.higher_is_better!r}")
    if not inst.item_min < inst.item_max:
        p.append(f"item_min ({inst.item_min}) must be below item_max ({inst.item_max})")
    if inst.rater not in RATERS:
        p.append(f"rater must be one of {_fmt_keys(RATERS)}; got {inst.rater!r}")
    if not isinstance(inst.item_decimals, int) or inst.item_decimals < 0:
        p.append(f"item_decimals must be a non-negative integer; got {inst.item_decimals!r}")
    return p


def _check_keyed_items(inst: Instrument, require_sources: bool) -> list[str]:
    p = []
    for attr in ("reverse_items", "risk_items"):
        vals = getattr(inst, attr)
        bad = [i for i in vals if not 1 <= i <= inst.n_items]
        if bad:
            p.append(f"{attr} {bad} outside 1..{inst.n_items}")
        if len(set(vals)) != len(vals):
            p.append(f"{attr} has duplicates")
    return p


def _check_scales(inst: Instrument, require_sources: bool) -> list[str]:
    p = [] if inst.scales else ["no scales defined"]
    for name, sc in inst.scales.items():
        p += _check_scale(inst, name, sc, require_sources)
    return p


def _check_scale(inst: Instrument, name: str, sc: Scale, require_sources: bool) -> list[str]:
    where, n, p = f"scale {name!r}", inst.n_items, []
    if sc.name != name:
        p.append(f"{where}: name field {sc.name!r} differs from its key")
    bad = [i for i in sc.items if not 1 <= i <= n]
    if bad:
        p.append(f"{where}: items {bad} outside 1..{n}")
    if len(set(sc.items)) != len(sc.items):
        p.append(f"{where}: duplicate items")
    if not sc.items:
        p.append(f"{where}: no items")
    if sc.score_type not in SCORE_TYPES:
        return p + [f"{where}: score_type must be one of {_fmt_keys(SCORE_TYPES)}; "
                    f"got {sc.score_type!r}"]
    p += _check_missing_rule(inst, name, sc)
    if sc.score_type == "vas_cm" and inst.item_decimals < 1:
        p.append(f"{where}: vas_cm scores need item_decimals >= 1")
    if sc.items and not bad and inst.item_min < inst.item_max:
        lo, hi = inst.expected_range(sc)
        if sc.min is None or sc.max is None:
            p.append(f"{where}: min and max must be stated (expected {lo:g}..{hi:g})")
        elif not (math.isclose(sc.min, lo) and math.isclose(sc.max, hi)):
            p.append(f"{where}: range {sc.min:g}..{sc.max:g} disagrees with "
                     f"{len(sc.items)} items x {inst.item_min:g}..{inst.item_max:g} "
                     f"as {sc.score_type!r} ({lo:g}..{hi:g})")
    if require_sources and sc.source is None:
        p.append(f"{where}: no source")
    return p


def _check_missing_rule(inst: Instrument, name: str, sc: Scale) -> list[str]:
    where, p = f"scale {name!r}", []
    if sc.missing_method not in MISSING_METHODS:
        p.append(f"{where}: missing_method must be one of {_fmt_keys(MISSING_METHODS)}; "
                 f"got {sc.missing_method!r}")
    mm = sc.max_missing
    if mm is not None and (isinstance(mm, bool) or not isinstance(mm, int) or mm < 0
                           or mm >= max(len(sc.items), 1)):
        p.append(f"{where}: max_missing must be an integer in 0..{len(sc.items) - 1} "
                 f"or None; got {mm!r}")
    if sc.missing_method == "none" and mm not in (0, None):
        p.append(f"{where}: max_missing is {mm} but missing_method is 'none'")
    if sc.missing_method == "subscale_mean_impute" and name == "total" and len(
            [s for s in inst.scales if s != "total"]) == 0:
        p.append(f"{where}: subscale_mean_impute needs subscales")
    return p


def _check_total_and_overlap(inst: Instrument, require_sources: bool) -> list[str]:
    p = []
    if "total" in inst.scales:
        if sorted(inst.scales["total"].items) != list(range(1, inst.n_items + 1)):
            p.append("scale 'total' must contain every item 1..n_items")
    if not inst.overlapping_scales:
        subs = [(k, set(s.items)) for k, s in inst.scales.items() if k != "total"]
        for i, (a, sa) in enumerate(subs):
            for b, sb in subs[i + 1:]:
                if sa & sb:
                    p.append(f"subscales {a!r} and {b!r} share items {sorted(sa & sb)} "
                             "(set overlapping_scales = true if intended)")
    return p


def _check_cutoffs(inst: Instrument, require_sources: bool) -> list[str]:
    p = []
    for name, c in inst.cutoffs.items():
        where = f"cutoff {name!r}"
        if c.rule not in RULES:
            p.append(f"{where}: rule must be one of {_fmt_keys(RULES)}; got {c.rule!r}")
        p += inst._check_value_in_scale(where, c.value, c.scale, c.score_type)
        if require_sources and c.source is None:
            p.append(f"{where}: no source")
        if len(c.meaning) > _MAX_LABEL_CHARS:
            p.append(f"{where}: meaning longer than {_MAX_LABEL_CHARS} characters")
    if inst.clinical_cutoff is not None and inst.clinical_cutoff not in inst.cutoffs:
        p.append(f"clinical_cutoff {inst.clinical_cutoff!r} is not one of the cutoffs "
                 f"({_fmt_keys(inst.cutoffs)})")
    return p


def _check_bands(inst: Instrument, require_sources: bool) -> list[str]:
    p = []
    for name, b in inst.bands.items():
        where = f"bands {name!r}"
        if b.scale != name:
            p.append(f"{where}: scale field {b.scale!r} differs from its key")
        if len(b.labels) != len(b.lower) or not b.labels:
            p.append(f"{where}: labels and lower bounds must have the same non-zero length")
        if any(x >= y for x, y in zip(b.lower, b.lower[1:], strict=False)):
            p.append(f"{where}: lower bounds must increase")
        for lo in b.lower:
            p += inst._check_value_in_scale(where, lo, b.scale, b.score_type)
        if b.scale in inst.scales and b.lower:
            smin = inst._scale_range(b.scale, b.score_type)[0]
            if smin is not None and not math.isclose(b.lower[0], smin):
                p.append(f"{where}: first band must start at the scale minimum {smin:g}")
        if require_sources and b.source is None:
            p.append(f"{where}: no source")
    return p


def _check_rcis(inst: Instrument, require_sources: bool) -> list[str]:
    rcis = ([("rci", inst.rci)] if inst.rci is not None else []) + [
        (f"rcis {k!r}", v) for k, v in inst.rcis.items()]
    p = []
    for where, r in rcis:
        p += _check_rci(inst, where, r, require_sources)
    return p


def _check_rci(inst: Instrument, where: str, r: ReliableChange,
               require_sources: bool) -> list[str]:
    p = []
    if r.scale not in inst.scales:
        p.append(f"{where}: unknown scale {r.scale!r}")
    if r.value is not None and not r.value > 0:
        p.append(f"{where}: value must be positive; got {r.value}")
    if r.value is not None and r.scale in inst.scales:
        lo, hi = inst._scale_range(r.scale, r.score_type)
        if lo is not None and hi is not None:  # a missing bound is _check_scale's problem
            width = hi - lo
            if r.value > width:
                p.append(f"{where}: value {r.value:g} exceeds the scale width {width:g}")
    if r.sd is not None and not r.sd > 0:
        p.append(f"{where}: sd must be positive; got {r.sd}")
    if r.reliability is not None and not 0 < r.reliability < 1:
        p.append(f"{where}: reliability must lie in (0, 1); got {r.reliability}")
    if r.z is not None and not r.z > 0:
        p.append(f"{where}: z must be positive; got {r.z}")
    if r.rule not in RULES:
        p.append(f"{where}: rule must be one of {_fmt_keys(RULES)}; got {r.rule!r}")
    if r.reliability_type is not None and r.reliability_type not in RELIABILITY_TYPES:
        p.append(f"{where}: reliability_type must be one of "
                 f"{_fmt_keys(RELIABILITY_TYPES)}; got {r.reliability_type!r}")
    if r.value is None and r.sd is None and r.reliability is None:
        p.append(f"{where}: neither a value nor sd/reliability")
    if require_sources and r.source is None:
        p.append(f"{where}: no source")
    return p


def _check_norms(inst: Instrument, require_sources: bool) -> list[str]:
    nm = inst.norms
    p: list[str] = []
    if nm is None:
        return p
    if nm.scale not in inst.scales:
        p.append(f"norms: unknown scale {nm.scale!r}")
    for attr in ("clinical_sd", "functional_sd"):
        v = getattr(nm, attr)
        if v is not None and not v > 0:
            p.append(f"norms: {attr} must be positive; got {v}")
    for attr in ("clinical_mean", "functional_mean"):
        v = getattr(nm, attr)
        if v is not None and nm.scale in inst.scales:
            p += inst._check_value_in_scale(f"norms {attr}", v, nm.scale, None)
    if nm.reliability is not None and not 0 < nm.reliability < 1:
        p.append(f"norms: reliability must lie in (0, 1); got {nm.reliability}")
    if require_sources and nm.source is None:
        p.append("norms: no source")
    return p


def _check_sources(inst: Instrument, require_sources: bool) -> list[str]:
    if not require_sources:
        return []
    p = [] if inst.citation is not None else ["no citation"]
    for fact in ("n_items", "item_range", "direction", "reverse_items"):
        if fact not in inst.sources:
            p.append(f"no source for {fact} (add it to [sources])")
    if inst.risk_items and "risk_items" not in inst.sources:
        p.append("no source for risk_items (add it to [sources])")
    return p


def _check_wording(inst: Instrument, require_sources: bool) -> list[str]:
    return inst._check_wording()


#: The checks of :meth:`Instrument.check`, in the order their problems are listed.
_CHECKS = (_check_basics, _check_keyed_items, _check_scales, _check_total_and_overlap,
           _check_cutoffs, _check_bands, _check_rcis, _check_norms, _check_sources,
           _check_wording)

_FLOAT_FIELDS = {
    "Scale": ("min", "max"),
    "Cutoff": ("value",),
    "ReliableChange": ("value", "z", "sd", "reliability"),
    "Norms": ("clinical_mean", "clinical_sd", "functional_mean", "functional_sd",
              "reliability"),
}


def _is_missing(value: object) -> bool:
    """None, NaN of any float type (numpy's float32 is not a Python float), pandas NA/NaT."""
    if value is None:
        return True
    if isinstance(value, numbers.Real):
        return math.isnan(value)
    return value is pd.NA or value is pd.NaT


def _as_float(v: object, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise ValueError(f"{what} must be a number; got {v!r}")
    return float(v)


def _as_int(v: object, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise ValueError(f"{what} must hold whole item numbers; got {v!r}")
    whole: int = int(v)  # type: ignore[call-overload]  # typeshed's numbers.Real has no __int__
    if float(v) != whole:
        raise ValueError(f"{what} must hold whole item numbers; got {v!r}")
    return whole


def _strings(obj: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield (path, string) for every string inside nested dicts/lists/tuples."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from _strings(v, f"{path}[{i}]")

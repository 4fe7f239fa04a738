"""Data model of an instrument entry (immutable dataclasses, built from dicts/TOML/YAML)."""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCORE_TYPES = ("sum", "mean", "mean_x10", "sum_x2", "vas_cm")
MISSING_METHODS = ("none", "prorate_mean", "subscale_mean_impute")
RULES = (">=", ">")
RATERS = ("client", "therapist", "observer")


@dataclass(frozen=True)
class Source:
    """Where a fact comes from.

    ``verified`` is False for facts "as commonly cited" that were not checked against the
    primary source; ``primary`` is False when the cited source is secondary (a scoring sheet,
    training material, an abstract).
    """

    citation: str
    verified: bool = False
    primary: bool = True
    note: str | None = None

    @classmethod
    def from_any(cls, obj) -> Source:
        if isinstance(obj, Source):
            return obj
        if isinstance(obj, str):
            return cls(citation=obj)
        if isinstance(obj, dict):
            return cls(**obj)
        raise TypeError(f"a source must be a string or a table with 'citation'; got {obj!r}")


@dataclass(frozen=True)
class Scale:
    """A total or subscale: which items, how they combine, and the missing-item rule.

    ``max_missing`` is the largest number of unanswered items that still gives a (prorated)
    score; ``None`` means every item is required.
    """

    name: str
    items: tuple[int, ...]
    score_type: str = "sum"
    min: float | None = None
    max: float | None = None
    max_missing: int | None = 0
    missing_method: str = "none"
    source: Source | None = None


@dataclass(frozen=True)
class Cutoff:
    """A published cutoff on a scale. ``rule`` says how a score meets it (``>=`` or ``>``) on
    the side where the scale points to more severe problems (higher scores for measures where
    higher is worse)."""

    name: str
    value: float
    scale: str = "total"
    rule: str = ">="
    meaning: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class ReliableChange:
    """Reliable-change constants of an instrument.

    Either a published minimum reliable raw change ``value`` (e.g. PHQ-9: 6 points, IAPT) or the
    ``sd`` and ``reliability`` to compute one (S_diff = sd * sqrt(2 * (1 - reliability)),
    RCI = z * S_diff), or both.
    """

    value: float | None = None
    z: float | None = 1.96
    sd: float | None = None
    reliability: float | None = None
    reliability_type: str | None = None
    rule: str = ">="
    scale: str = "total"
    source: Source | None = None

    @property
    def s_diff(self) -> float | None:
        if self.sd is None or self.reliability is None:
            return None
        return float(self.sd * math.sqrt(2.0 * (1.0 - self.reliability)))


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
class Instrument:
    """One instrument (measure and version) of the registry. Scoring facts only; no wording."""

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
    rci: ReliableChange | None = None
    norms: Norms | None = None
    schedule: str = ""
    licence: str = ""
    citation: Source | None = None
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

    def reverse(self, item: int, value):
        """Reverse-key ``value`` of ``item`` if the item is reverse-keyed (``min + max - x``)."""
        if item in self.reverse_items:
            return self.item_min + self.item_max - value
        return value

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Instrument:
        """Build an instrument from a plain dict (the TOML/YAML layout)."""
        d = dict(d)
        missing = [k for k in ("name", "n_items", "item_min", "item_max", "higher_is_better")
                   if k not in d]
        if missing:
            raise ValueError(f"instrument definition lacks required keys: {', '.join(missing)}")
        n_items = int(d["n_items"])
        scales_in = d.pop("scales", None) or {
            "total": {"items": list(range(1, n_items + 1)), "score_type": "sum"}}
        scales = {}
        for sname, s in scales_in.items():
            s = dict(s)
            if "source" in s and s["source"] is not None:
                s["source"] = Source.from_any(s["source"])
            s["items"] = tuple(int(i) for i in s.get("items", range(1, n_items + 1)))
            scales[sname] = Scale(name=sname, **s)
        cutoffs = {}
        for cname, c in (d.pop("cutoffs", None) or {}).items():
            c = dict(c)
            if c.get("source") is not None:
                c["source"] = Source.from_any(c["source"])
            cutoffs[cname] = Cutoff(name=cname, **c)
        rci = d.pop("rci", None)
        if rci is not None:
            rci = dict(rci)
            if rci.get("source") is not None:
                rci["source"] = Source.from_any(rci["source"])
            rci = ReliableChange(**rci)
        norms = d.pop("norms", None)
        if norms is not None:
            norms = dict(norms)
            if norms.get("source") is not None:
                norms["source"] = Source.from_any(norms["source"])
            norms = Norms(**norms)
        citation = d.pop("citation", None)
        citation = None if citation is None else Source.from_any(citation)
        for key in ("aliases", "reverse_items", "risk_items", "notes"):
            if key in d and d[key] is not None:
                d[key] = tuple(d[key])
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown keys in instrument definition {d.get('name')!r}: "
                             f"{', '.join(unknown)}")
        return cls(scales=scales, cutoffs=cutoffs, rci=rci, norms=norms, citation=citation, **d)

    @classmethod
    def from_file(cls, path) -> Instrument:
        """Read a ``.toml`` (standard library) or ``.yaml``/``.yml`` (needs PyYAML) file."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".toml":
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        elif suffix in (".yaml", ".yml"):
            try:
                import yaml
            except ImportError as exc:  # pragma: no cover - depends on the environment
                raise ImportError("reading YAML instrument files needs PyYAML: "
                                  "pip install 'casekit[io]'") from exc
            with path.open(encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        else:
            raise ValueError(f"instrument files must be .toml, .yaml or .yml; got {path.name!r}")
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

"""Lookup of instruments by name; the built-in entries are TOML files next to this module."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from os import PathLike
from typing import Any

import pandas as pd

from ._model import Instrument

#: What :meth:`InstrumentRegistry.register` accepts: an instrument, its dict or a file path.
InstrumentSpec = Instrument | dict[str, Any] | str | PathLike[str]

__all__ = ["InstrumentRegistry", "instruments", "get_instrument", "list_instruments",
           "register_instrument"]

_BUILTIN_PACKAGE = "casekit.registry.instruments"


def _key(name: object) -> str:
    """Normalise a name: case-, space- and punctuation-insensitive ("PHQ-9" == "phq9")."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


class InstrumentRegistry:
    """A mapping of instrument names (and aliases) to :class:`Instrument` objects.

    The module-level ``casekit.instruments`` holds the built-in instruments. To add your own,
    either pass an :class:`Instrument` directly as ``instrument=`` wherever casekit accepts one,
    or build a registry of your own with :meth:`with_instrument` (returns a new registry and
    leaves the built-in one untouched), or call :meth:`register` on an explicit registry.
    """

    def __init__(self, entries: dict[str, Instrument] | None = None) -> None:
        self._entries: dict[str, Instrument] = {}
        self._index: dict[str, str] = {}
        for inst in (entries or {}).values():
            self.register(inst)

    # mapping-like API ----------------------------------------------------------------------
    def register(self, instrument: InstrumentSpec, *, replace: bool = False) -> Instrument:
        """Add an instrument (an :class:`Instrument`, a dict, or a path to TOML/YAML).

        The entry is checked with :meth:`Instrument.check` first; a ``ValueError`` lists every
        problem found. A name or alias already used by another instrument raises
        ``ValueError`` unless ``replace=True``. Returns the registered :class:`Instrument`.
        """
        instrument = _coerce(instrument)
        problems = instrument.check()
        if problems:
            listed = "\n  - ".join(problems)
            raise ValueError(f"instrument {instrument.name!r} is not self-consistent:\n  - "
                             f"{listed}")
        keys = {_key(instrument.name), *(_key(a) for a in instrument.aliases)}
        clash = sorted(k for k in keys if k in self._index
                       and self._entries[self._index[k]] != instrument)
        if clash and not replace:
            raise ValueError(f"instrument {instrument.name!r} clashes with registered names "
                             f"({', '.join(clash)}); pass replace=True to override")
        if replace:  # drop the entries whose names or aliases are taken over
            for k in keys:
                old = self._index.get(k)
                if old is not None and old != instrument.name:
                    self._forget(old)
        self._entries[instrument.name] = instrument
        for k in keys:
            self._index[k] = instrument.name
        return instrument

    def _forget(self, name: str) -> None:
        self._entries.pop(name, None)
        self._index = {k: v for k, v in self._index.items() if v != name}

    def with_instrument(self, instrument: InstrumentSpec, *,
                        replace: bool = False) -> InstrumentRegistry:
        """A copy of this registry with one more instrument; this registry is left untouched.

        ``instrument`` is an :class:`Instrument`, a dict or a path to a TOML/YAML file. A name
        clash raises ``ValueError`` unless ``replace=True`` (then the new entry wins, e.g. to
        use a locally checked version of a built-in entry).
        """
        new = InstrumentRegistry(self._entries)
        new.register(instrument, replace=replace)
        return new

    def check(self, *, require_sources: bool = False) -> dict[str, list[str]]:
        """Problems of every registered entry (:meth:`Instrument.check`); empty lists if none."""
        return {name: self._entries[name].check(require_sources=require_sources)
                for name in self.names()}

    def get(self, name: str | Instrument) -> Instrument:
        if isinstance(name, Instrument):
            return name
        k = _key(name)
        if k not in self._index:
            valid = ", ".join(sorted(self._entries))
            raise KeyError(f"unknown instrument {name!r}; registered instruments: {valid}")
        return self._entries[self._index[k]]

    __getitem__ = get

    def __contains__(self, name: object) -> bool:
        return isinstance(name, Instrument) or _key(name) in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def list(self) -> pd.DataFrame:
        """A table of the registered instruments (name, items, range, direction, sources)."""
        rows = []
        for name in self.names():
            inst = self._entries[name]
            lo, hi = inst.total_range
            rows.append({
                "instrument": name,
                "full_name": inst.full_name,
                "n_items": inst.n_items,
                "item_range": f"{inst.item_min:g}-{inst.item_max:g}",
                "total_min": lo, "total_max": hi,
                "higher_is_better": inst.higher_is_better,
                "clinical_cutoff": None if inst.cutoff is None else inst.cutoff.value,
                "rci": None if inst.rci is None else inst.rci.threshold,
                "scales": ", ".join(inst.scales),
                "citation": None if inst.citation is None else inst.citation.citation,
            })
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return f"InstrumentRegistry({', '.join(self.names())})"


def _coerce(instrument: object) -> Instrument:
    if isinstance(instrument, Instrument):
        return instrument
    if isinstance(instrument, dict):
        return Instrument.from_dict(instrument)
    if isinstance(instrument, (str, PathLike)):
        return Instrument.from_file(instrument)
    raise TypeError("an instrument must be an Instrument, a dict or a path to a .toml/.yaml "
                    f"file; got {type(instrument).__name__}")


def _load_builtin() -> InstrumentRegistry:
    reg = InstrumentRegistry()
    for entry in sorted(resources.files(_BUILTIN_PACKAGE).iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            reg.register(Instrument.from_dict(tomllib.loads(entry.read_text(encoding="utf-8"))))
    return reg


instruments = _load_builtin()


def get_instrument(instrument: str | Instrument,
                   registry: InstrumentRegistry | None = None) -> Instrument:
    """Resolve a name or :class:`Instrument` to an :class:`Instrument` (raises ``KeyError``)."""
    # `registry or instruments` would fall back to the built-ins for an empty (falsy) registry
    return (instruments if registry is None else registry).get(instrument)


def list_instruments() -> pd.DataFrame:
    """Table of the built-in instruments."""
    return instruments.list()


def register_instrument(instrument: InstrumentSpec,
                        registry: InstrumentRegistry | None = None) -> Instrument:
    """Register an instrument in ``registry`` (the built-in registry when omitted)."""
    return (instruments if registry is None else registry).register(instrument)

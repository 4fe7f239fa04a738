"""Instrument registry: scoring facts, directions, cutoffs and reliable-change constants.

Each instrument is described by one TOML file in ``casekit/registry/instruments/`` and loaded
into an immutable :class:`Instrument`. Every number carries its published source, and a flag
marks facts that were not checked against the primary source. **No item wording is stored**:
only item counts, ranges, keying, subscale membership and numbers.

Other modules resolve an ``instrument=`` argument with :func:`get_instrument`, which accepts a
registry name (case- and punctuation-insensitive: ``"PHQ-9"``, ``"phq9"``) or an
:class:`Instrument` object (for example one built with :meth:`Instrument.from_dict` for a
client-generated Personal Questionnaire).
"""

from __future__ import annotations

from ._model import (
    MISSING_METHODS,
    RATERS,
    RELIABILITY_TYPES,
    RULES,
    SCORE_TYPES,
    Bands,
    Cutoff,
    Instrument,
    Norms,
    ReliableChange,
    Scale,
    Source,
)
from ._registry import (
    InstrumentRegistry,
    get_instrument,
    instruments,
    list_instruments,
    register_instrument,
)

__all__ = [
    "Instrument",
    "Scale",
    "Cutoff",
    "Bands",
    "Norms",
    "ReliableChange",
    "Source",
    "InstrumentRegistry",
    "instruments",
    "get_instrument",
    "list_instruments",
    "register_instrument",
    "SCORE_TYPES",
    "MISSING_METHODS",
    "RULES",
    "RATERS",
    "RELIABILITY_TYPES",
]

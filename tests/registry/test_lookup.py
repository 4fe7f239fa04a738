"""Looking instruments up by name: case- and punctuation-insensitive, and an explicit (even
empty) registry is used as given.

An empty :class:`InstrumentRegistry` is falsy (``len() == 0``); ``registry or instruments``
silently fell back to the built-in registry, so ``get_instrument(name, registry=empty)`` found
built-in entries the caller had not put there.
"""

from __future__ import annotations

import pytest

import casekit
from casekit.registry import InstrumentRegistry, get_instrument


def test_lookup_is_case_and_punctuation_insensitive():
    assert get_instrument("phq 9") is get_instrument("PHQ-9")
    assert get_instrument("oq-45.2").name == "OQ-45"
    with pytest.raises(KeyError, match="registered instruments: BDI-II"):
        get_instrument("PHQ-8")
    assert casekit.get_instrument("core10").name == "CORE-10"


def test_get_from_empty_registry_does_not_fall_back_to_builtin():
    with pytest.raises(KeyError, match="unknown instrument 'PHQ-9'"):
        get_instrument("PHQ-9", registry=InstrumentRegistry())

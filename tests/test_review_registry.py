"""Review regressions for casekit.registry: an explicit (even empty) registry is used as given.

An empty :class:`InstrumentRegistry` is falsy (``len() == 0``); ``registry or instruments``
silently fell back to the built-in registry, so ``register_instrument(x, registry=empty)``
changed the global built-in registry and ``get_instrument(name, registry=empty)`` found
built-in entries the caller had not put there.
"""

from __future__ import annotations

import pytest

from casekit.registry import (
    InstrumentRegistry,
    get_instrument,
    instruments,
    register_instrument,
)


def _custom(name: str) -> dict:
    d = get_instrument("PHQ-9").to_dict()
    d["name"] = name
    d["aliases"] = []
    return d


def test_register_into_empty_registry_leaves_builtin_untouched():
    own = InstrumentRegistry()
    inst = register_instrument(_custom("REVIEW-Q-EMPTY"), registry=own)
    assert inst.name == "REVIEW-Q-EMPTY"
    assert "REVIEW-Q-EMPTY" in own
    assert len(own) == 1
    assert "REVIEW-Q-EMPTY" not in instruments


def test_get_from_empty_registry_does_not_fall_back_to_builtin():
    with pytest.raises(KeyError, match="unknown instrument 'PHQ-9'"):
        get_instrument("PHQ-9", registry=InstrumentRegistry())

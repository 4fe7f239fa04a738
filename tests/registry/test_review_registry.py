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


# Instrument.is_clinical / band promise None for a missing score; a float32 NaN (not a Python
# float) answered False ("not clinical") and pandas' NA raised "boolean value of NA is
# ambiguous".
@pytest.mark.parametrize("missing", [None, float("nan"), "float32", "pd.NA"])
def test_missing_score_is_neither_clinical_nor_banded(missing):
    import numpy as np
    import pandas as pd

    value = {"float32": np.float32("nan"), "pd.NA": pd.NA}.get(missing, missing)
    for name in ("PHQ-9", "ORS"):
        inst = get_instrument(name)
        assert inst.is_clinical(value) is None
    assert get_instrument("PHQ-9").band(value) is None


def test_is_clinical_numpy_scores_give_python_bools():
    import numpy as np

    inst = get_instrument("PHQ-9")
    assert inst.is_clinical(np.float32(12.0)) is True
    assert inst.is_clinical(np.int64(9)) is False

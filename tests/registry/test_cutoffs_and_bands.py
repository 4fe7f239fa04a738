"""Which side of a cutoff a score lies on, and its severity band (rules and directions of the
registry; instruments.md sections 2-4).

``Instrument.is_clinical`` / ``band`` promise None for a missing score; a float32 NaN (not a
Python float) answered False ("not clinical") and pandas' NA raised "boolean value of NA is
ambiguous".
"""

from __future__ import annotations

import pytest

from casekit.registry import get_instrument


def test_is_clinical_respects_rule_and_direction():
    phq = get_instrument("PHQ-9")
    assert phq.is_clinical(10) is True and phq.is_clinical(9) is False
    ors = get_instrument("ORS")  # below 25 = clinical; 25 itself is not
    assert ors.is_clinical(24.9) is True and ors.is_clinical(25) is False
    assert phq.is_clinical(float("nan")) is None
    with pytest.raises(ValueError, match="valid cutoffs: 'caseness'"):
        phq.is_clinical(3, cutoff="nope")


def test_bands():
    phq = get_instrument("PHQ-9")
    assert [phq.band(x) for x in (0, 4, 5, 14, 15, 27)] == [
        "none_minimal", "none_minimal", "mild", "moderate", "moderately_severe", "severe"]
    assert get_instrument("CORE-10").band(10.9) == "subclinical"
    assert get_instrument("WAI-SR").band(40) is None


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

"""score options: scales, missing and score_type, and the errors that list the valid values.

A ``scales`` dict maps a measure label or instrument name to its scales; a key matching neither
(a typo such as ``"WAISR-typo"``) was ignored and every scale was returned, as if the option had
not been given (house rule: never drop an argument silently). ``missing`` and ``score_type``
dicts refuse unknown scale names. WAI-SR bond: 4 items (Hatcher & Gillaspy 2006,
doi:10.1080/10503300500352500).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError
from casekit.scoring import score
from tests.scoring._helpers import form


def test_option_errors_list_valid_values():
    items = form("PHQ-9", [1] * 9)
    with pytest.raises(ValueError, match="valid scales: 'total'"):
        score(items, scales=["bond"])
    with pytest.raises(ValueError, match="score_type must be one of 'sum', 'mean'"):
        score(items, score_type="median")
    with pytest.raises(ValueError, match="missing must be one of 'complete'"):
        score(items, missing="drop")
    with pytest.raises(ValueError, match="lacks required columns: item"):
        score(items.drop(columns="item"))
    with pytest.raises(CaseDataError, match="item is missing"):
        score(pd.concat([items, form("PHQ-9", [np.nan]).assign(item=np.nan)]))


def test_option_dicts_must_name_known_scales():
    with pytest.raises(ValueError, match=r"missing names unknown scales \['Total'\]"):
        score(form("PHQ-9", [1] * 9), missing={"Total": 1})
    with pytest.raises(ValueError, match="score_type names unknown scales"):
        score(form("PHQ-9", [1] * 9), score_type={"bond": "mean"})


def _wai_items(measure="WAI-SR"):
    return pd.DataFrame({"case": "A", "session": 1, "measure": measure,
                         "item": range(1, 13), "value": [3.0] * 12})


def test_scales_dict_with_unknown_key_raises():
    with pytest.raises(ValueError, match="WAISR-typo"):
        score(_wai_items(), scales={"WAISR-typo": "bond"})


def test_scales_dict_by_label_or_instrument_name():
    # WAI-SR bond: 4 items x 3 = 12 (sum score; Hatcher & Gillaspy 2006)
    by_name = score(_wai_items("wai_sr"), scales={"WAI-SR": "bond"})
    by_label = score(_wai_items("wai_sr"), scales={"wai_sr": ["bond", "goal"]})
    assert by_name["scale"].tolist() == ["bond"]
    assert by_label["scale"].tolist() == ["bond", "goal"]
    assert by_name["value"].tolist() == [12.0]

"""Review regressions for casekit.scoring.score.

A ``scales`` dict maps a measure label or instrument name to its scales. A key matching
neither (a typo such as ``"WAISR-typo"``) was ignored and every scale was returned, as if the
option had not been given (house rule: never drop an argument silently). ``missing`` and
``score_type`` dicts already refuse unknown scale names.
"""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.scoring import score


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


def test_item_columns_list_with_a_repeated_column_raises():
    # {c: i + 1 for i, c in enumerate(cols)} let the later position win: ["q1", "q2", "q2",
    # ...] scored q2 as item 3 and left item 2 unanswered, silently
    cols = ["q1", "q2", "q2", "q4", "q5", "q6", "q7", "q8", "q9"]
    wide = pd.DataFrame({"case": ["A"], "session": [1],
                         **{f"q{i}": [1.0] for i in range(1, 10)}})
    with pytest.raises(ValueError, match="q2"):
        score(wide.drop(columns="q3"), instrument="PHQ-9", item_columns=cols)

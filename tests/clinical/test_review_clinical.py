"""Review regressions for casekit.clinical.

- ``session_reliable_change`` stored its reference label ("first session (1)") in
  ``Result.reference``, so ``method_card["reference"]`` lost the Jacobson & Truax (1991)
  citation (doi:10.1037/0022-006X.59.1.12).
- An explicit ``reliability=`` was silently ignored when the instrument's published raw RCI
  (PHQ-9: 6 points) was used instead, and ``reliable_change(...).reliability`` still reported
  it as if it had been used (house rule: never ignore an argument silently).
"""

from __future__ import annotations

import math

import pytest

from casekit.clinical import reliable_change, session_reliable_change

SERIES = [20, 19, 15, 12, 9, 8]


def test_session_rc_method_card_keeps_the_citation():
    res = session_reliable_change(SERIES, instrument="PHQ-9")
    assert "10.1037/0022-006X.59.1.12" in res.method_card["reference"]
    # the documented attribute keeps the label of the reference score
    assert res.reference == "first session (1)"


def test_reliable_change_refuses_reliability_it_would_not_use():
    with pytest.raises(ValueError, match="reliability=") as exc:
        reliable_change(20, 8, instrument="PHQ-9", reliability=0.5)
    assert "sd=" in str(exc.value)


def test_reliable_change_uses_reliability_with_sd():
    # sd= and reliability= together override the published RCI: S_diff = 5 sqrt(2 (1 - .5)) = 5
    res = reliable_change(20, 8, instrument="PHQ-9", sd=5.0, reliability=0.5)
    assert res.reliability == 0.5
    assert math.isclose(res.s_diff, 5.0, rel_tol=1e-12)


def test_reliable_change_published_rci_reports_no_reliability():
    res = reliable_change(20, 8, instrument="PHQ-9")
    assert math.isnan(res.reliability)


def test_session_rc_refuses_reliability_it_would_not_use():
    with pytest.raises(ValueError, match="reliability="):
        session_reliable_change(SERIES, instrument="PHQ-9", reliability=0.5)


# Arguments that the chosen layout or variant does not use were dropped without a word.
def test_reliability_post_only_with_nk():
    with pytest.raises(ValueError, match="reliability_post"):
        reliable_change([20, 18, 25], [8, 15, 9], sd=5, reliability=0.8,
                        improvement="decrease", method="JT", reliability_post=0.5)


def test_ids_refused_with_data():
    import pandas as pd

    wide = pd.DataFrame({"pid": ["a", "b"], "t0": [20.0, 18.0], "t1": [8.0, 15.0]})
    with pytest.raises(ValueError, match="ids="):
        reliable_change(data=wide, pre="t0", post="t1", ids=["x", "y"], sd=5,
                        reliability=0.8, improvement="decrease")


def test_long_format_names_refused_without_data():
    with pytest.raises(ValueError, match="data="):
        reliable_change([20, 18], [8, 15], id="pid", sd=5, reliability=0.8,
                        improvement="decrease")


def test_session_rc_sessions_refused_with_frame():
    import pandas as pd

    df = pd.DataFrame({"session": [1, 2, 3], "value": [20.0, 15.0, 9.0]})
    with pytest.raises(ValueError, match="sessions="):
        session_reliable_change(df, sessions=[4, 5, 6], sd=6.0, reliability=0.85,
                                improvement="decrease")


def test_session_rc_baseline_sessions_need_baseline_mean():
    with pytest.raises(ValueError, match="baseline_sessions"):
        session_reliable_change(SERIES, baseline_sessions=3, sd=6.0, reliability=0.85,
                                improvement="decrease")


def test_session_rc_array_sessions_must_increase():
    # a DataFrame is sorted by session and duplicates are refused; array input took any order,
    # so reference="first" silently meant "first listed", and duplicates passed
    for bad in ([3, 1, 2, 4, 5, 6], [1, 2, 2, 3, 4, 5]):
        with pytest.raises(ValueError, match="sessions"):
            session_reliable_change(SERIES, sessions=bad, sd=6.0, reliability=0.85,
                                    improvement="decrease")
    ok = session_reliable_change(SERIES, sessions=[2, 3, 5, 6, 8, 9], sd=6.0,
                                 reliability=0.85, improvement="decrease")
    assert ok.summary["session"].tolist() == [2, 3, 5, 6, 8, 9]


def test_non_numeric_array_input_names_the_argument():
    # numpy's "could not convert string to float" did not say which argument
    with pytest.raises(TypeError, match="post"):
        reliable_change([20, 18], [8, "x"], sd=5, reliability=0.8, improvement="decrease")
    with pytest.raises(TypeError, match="pre"):
        reliable_change(["a", 18], [8, 9], sd=5, reliability=0.8, improvement="decrease")


def test_ha_with_cutoff_says_it_does_not_mirror_cs_combined():
    # clinicalsignificance 2.1.0 cs_combined(rci_method = "HA") uses Hageman & Arrindell's
    # reliability-corrected "true" cutoffs and the cs_indiv criterion (R/calc_cutoff.R:
    # .calc_cutoff_ha_data), not the JT cutoffs casekit applies; the result must say so.
    pre = [30.0, 28.0, 26.0, 33.0, 25.0, 31.0]
    post = [12.0, 20.0, 27.0, 15.0, 24.0, 10.0]
    res = reliable_change(pre, post, reliability=0.8, improvement="decrease", method="HA",
                          cutoff="c", norms={"functional_mean": 8, "functional_sd": 8})
    assert any("cs_indiv" in n for n in res.notes)
    jt = reliable_change(pre, post, reliability=0.8, improvement="decrease", cutoff="c",
                         norms={"functional_mean": 8, "functional_sd": 8})
    assert not any("cs_indiv" in n for n in jt.notes)


def test_session_rc_frame_sessions_must_be_numbers():
    # a missing session was sorted to the end and kept; text sessions were sorted as text
    # ("10" before "2")
    import numpy as np
    import pandas as pd

    from casekit.exceptions import CaseDataError

    df = pd.DataFrame({"session": [1, np.nan, 3], "value": [20.0, 15.0, 9.0]})
    with pytest.raises(CaseDataError) as exc:
        session_reliable_change(df, sd=6.0, reliability=0.85, improvement="decrease")
    assert exc.value.problems["row"].tolist() == [1]
    assert exc.value.problems["column"].tolist() == ["session"]
    text = pd.DataFrame({"session": ["1", "2", "x"], "value": [20.0, 15.0, 9.0]})
    with pytest.raises(CaseDataError) as exc:
        session_reliable_change(text, sd=6.0, reliability=0.85, improvement="decrease")
    assert exc.value.problems["row"].tolist() == [2]

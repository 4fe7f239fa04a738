"""The input layer of the change-point functions: tables, arrays, sessions, errors, old names.

Every function of casekit.changepoint reads its series through casekit._input.as_series, so the
same input gives the same answer and the same problem gives the same error in every function
(docs/vocabulary.md, docs/architecture.md rule 1). No published example: the inputs are built
so that the right behaviour is known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError
from casekit.changepoint import amoc, bayes_changepoint, breakpoints, cpt_mean, pettitt

SHIFT = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]

# every function with options that make it fast and valid on SHIFT (16 observations)
FUNCTIONS = {
    "amoc": lambda *a, **k: amoc(*a, n_boot=19, seed=1, **k),
    "pettitt": pettitt,
    "cpt_mean": cpt_mean,
    "bayes_changepoint": bayes_changepoint,
    "breakpoints": lambda *a, **k: breakpoints(*a, h=3, **k),
}
# the last session before the change as each function reports it
SESSION = {"amoc": lambda r: r.session, "pettitt": lambda r: r.session,
           "cpt_mean": lambda r: r.sessions[0], "bayes_changepoint": lambda r: r.mode_session,
           "breakpoints": lambda r: r.sessions[0]}


def _table(**extra):
    return pd.DataFrame({"case": "c1", "measure": "PHQ-9", "session": np.arange(101, 117),
                         "value": SHIFT, **extra})


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_table_as_first_argument_is_data(name):
    f = FUNCTIONS[name]
    a = f(_table())
    b = f(data=_table())
    assert SESSION[name](a) == SESSION[name](b) == 108
    pd.testing.assert_frame_equal(a.summary, b.summary)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_case_and_measure_pick_one_series(name):
    f = FUNCTIONS[name]
    other = _table(case="c2", value=list(reversed(SHIFT)))
    wai = _table(measure="WAI-SR", value=np.r_[SHIFT[8:], SHIFT[:8]])
    data = pd.concat([_table(), other, wai], ignore_index=True)
    with pytest.raises(ValueError, match="several values of 'case'"):
        f(data)
    with pytest.raises(ValueError, match="several values of 'measure'"):
        f(data, case="c1")
    res = f(data, case="c1", measure="PHQ-9")
    assert SESSION[name](res) == 108
    with pytest.raises(ValueError, match="case='c9' is not in column 'case'"):
        f(data, case="c9", measure="PHQ-9")


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_same_errors_everywhere(name):
    f = FUNCTIONS[name]
    with pytest.raises(CaseDataError, match=r"no column 'score' \(set value_col="):
        f(_table(), value_col="score")
    gap = _table()
    gap.loc[3, "value"] = np.nan
    with pytest.raises(CaseDataError, match="row 3, column 'value': missing value at session 104"):
        f(gap)
    dup = _table()
    dup.loc[5, "session"] = 105
    with pytest.raises(CaseDataError, match="session 105 appears more than once"):
        f(dup)
    with pytest.raises(ValueError, match="contains missing values at positions 4;"):
        f(np.r_[SHIFT[:3], np.nan, SHIFT[4:]])
    with pytest.raises(TypeError, match="pass either values"):
        f()


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_missing_drop_is_reported(name):
    f = FUNCTIONS[name]
    gap = pd.concat([_table(), _table().iloc[[0]].assign(session=117, value=np.nan)],
                    ignore_index=True)
    res = f(gap, missing="drop")
    assert SESSION[name](res) == 108
    assert any("dropped (missing='drop'): session(s) 117" in n for n in res.notes)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_arrays_with_sessions(name):
    f = FUNCTIONS[name]
    sess = np.r_[1:5, 6:18]  # session 5 missed: the 8th observation is session 9
    assert SESSION[name](f(SHIFT, sessions=sess)) == 9
    assert SESSION[name](f(SHIFT)) == 8  # numbered 1..n without sessions
    with pytest.raises(ValueError, match="strictly increasing"):
        f(SHIFT, sessions=sess[::-1])


@pytest.mark.parametrize("old,new,value", [("ci_level", "confidence", 0.9),
                                           ("value", "value_col", "value"),
                                           ("session", "session_col", "session")])
def test_old_names_still_work_with_a_future_warning(old, new, value):
    with pytest.warns(FutureWarning, match=f"'{old}' is now called '{new}'"):
        a = amoc(data=_table(), n_boot=19, seed=1, **{old: value})
    b = amoc(data=_table(), n_boot=19, seed=1, **{new: value})
    pd.testing.assert_frame_equal(a.summary, b.summary)
    with pytest.raises(TypeError, match="pass only"):
        amoc(data=_table(), **{old: value, new: value})


def test_old_names_of_every_function():
    with pytest.warns(FutureWarning, match="'y' is now called 'values'"):
        assert pettitt(y=SHIFT).k == 8
    with pytest.warns(FutureWarning, match="'min_seg_len' is now called 'min_size'"):
        assert cpt_mean(SHIFT, min_seg_len=2).cpts == [8]
    with pytest.warns(FutureWarning, match="'credible' is now called 'confidence'"):
        assert bayes_changepoint(SHIFT, credible=0.9).confidence == 0.9
    with pytest.warns(FutureWarning, match="'ci_level' is now called 'confidence'"):
        assert breakpoints(SHIFT, h=3, ci_level=0.9).confidence == 0.9
    from casekit.changepoint.segmentation import pelt_batch

    with pytest.warns(FutureWarning, match="'min_seg_len' is now called 'min_size'"):
        assert pelt_batch(np.asarray([SHIFT], float), 3.0, min_seg_len=2) == [[8]]


def test_missing_session_rows_are_index_labels():
    # a problem names the row label of the caller's table, not a position in a copy
    d = pd.DataFrame({"session": [1.0, 2.0, None, 4.0, 5.0, 6.0], "value": [1.0] * 3 + [5.0] * 3},
                     index=range(100, 106))
    with pytest.raises(CaseDataError, match="row 102, column 'session': missing session number"):
        pettitt(data=d)


def test_data_input_problems_name_rows():
    df = pd.DataFrame({"session": [1, 2, 3, 4, 5, 6], "value": [1.0, 2.0, None, 4.0, 5.0, 6.0]},
                      index=[10, 11, 12, 13, 14, 15])
    with pytest.raises(ValueError, match="row 12, column 'value': missing value at session 3"):
        cpt_mean(data=df)
    df2 = df.assign(value=[1, 2, 3, 4, 5, 6], session=[1, 2, 2, 4, 5, 6])
    with pytest.raises(ValueError, match="row 11, column 'session': session 2 appears more "
                                         "than once"):
        cpt_mean(data=df2)
    df3 = df2.assign(session=[1, 2, 3, 4, 5, 6], case=["a", "a", "a", "b", "b", "b"])
    with pytest.raises(ValueError, match="several values of 'case'"):
        cpt_mean(data=df3)
    with pytest.raises(ValueError, match="no column"):
        cpt_mean(data=df2, value_col="score")
    # unsorted sessions are sorted; k counts rows in session order
    df4 = pd.DataFrame({"session": [8, 1, 2, 3, 4, 5, 6, 7],
                        "value": [9.0, 0.0, 0.1, 0.0, 0.1, 9.0, 9.1, 9.0]})
    res = cpt_mean(data=df4, method="amoc", sigma=0.1)
    assert res.cpts == [4] and res.sessions == [4]

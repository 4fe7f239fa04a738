"""What the effect-size functions accept: arrays or a tidy table (read by casekit's input layer,
so a missing column, missing values, duplicated sessions and missing phase labels give the same
errors as everywhere else), the direction of improvement (a word, an instrument, the registry
through the table's measure), renamed arguments and option validation.

Series built by hand (values from Parker, Vannest & Davis 2011: A = 20, 20, 26, 25, 22, 23;
B = 28, 25, 24, 27, 30, 30, 29).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import effects as E
from casekit.effects import effect_sizes, nap, tau_u
from casekit.exceptions import CaseDataError, ShortPhaseWarning
from casekit.registry import get_instrument
from tests._reference import N_SERIES

INC = {"improvement": "increase"}
A = [20, 20, 26, 25, 22, 23]
B = [28, 25, 24, 27, 30, 30, 29]


def _series(case="c1"):
    return pd.DataFrame({"case": case, "session": range(1, 14), "phase": ["A"] * 6 + ["B"] * 7,
                         "value": [float(v) for v in A + B]})


# -- arrays and tables -----------------------------------------------------------------------


def test_tidy_input_matches_arrays(reference_dir):
    ab = pd.read_csv(reference_dir / "data" / "ab_cases.csv")
    n = 0
    for (_, _), s in list(ab.groupby(["dataset", "case"], sort=False))[:12]:
        s = s.sort_values("session")
        a = s.loc[s.phase == "A", "value"].to_numpy(float)
        b = s.loc[s.phase == "B", "value"].to_numpy(float)
        imp = s["improvement"].iloc[0]
        r1 = E.nap(a, b, improvement=imp)
        r2 = E.nap(data=s, improvement=imp)
        assert r1.est == r2.est and r1.se == r2.se
        r3 = E.tau_bc(data=s.sample(frac=1, random_state=1), improvement=imp)
        assert r3.est == pytest.approx(E.tau_bc(a, b, improvement=imp).est, abs=1e-9)
        n += 1
    assert n == min(12, N_SERIES) and np.isfinite(r1.est)


def test_a_table_as_first_argument_is_data():
    d = _series()
    assert nap(d, **INC).est == nap(data=d, **INC).est == nap(A, B, **INC).est
    with pytest.raises(TypeError, match="pass the table once"):
        nap(d, B, **INC)
    with pytest.raises(TypeError, match="pass the table once"):
        nap(d, data=d, **INC)


def test_case_and_measure_choose_a_series():
    d = pd.concat([_series("c1"), _series("c2").assign(value=lambda x: x["value"] + 1)],
                  ignore_index=True)
    with pytest.raises(ValueError, match="several values of 'case'.*pass case= to choose one"):
        nap(d, **INC)
    assert nap(d, case="c1", **INC).est == nap(A, B, **INC).est
    with pytest.raises(ValueError, match="case='c9' is not in column 'case'"):
        nap(d, case="c9", **INC)


def test_missing_values_error_or_drop():
    with pytest.raises(CaseDataError, match="missing") as info:
        E.nap([1, np.nan, 3], [4, 5, np.nan], **INC)
    assert len(info.value.problems) == 2
    r = E.nap([1, np.nan, 3], [4, 5, np.nan], **INC, missing="drop")
    assert (r.n_baseline, r.n_treatment) == (2, 2)
    assert any("2 missing value(s) dropped" in n for n in r.notes)
    df = pd.DataFrame({"session": [1, 2, 3, 4], "phase": ["A", "A", "B", "B"],
                       "value": [1.0, None, 3.0, 4.0]})
    with pytest.raises(CaseDataError, match="row 1"):
        E.tau(data=df, **INC)
    with pytest.warns(ShortPhaseWarning):
        assert "session(s) 2" in E.tau(data=df, **INC, missing="drop").notes[0]
    with pytest.raises(ValueError, match="missing must be one of 'error', 'drop'"):
        E.nap([1, 2], [3, 4], **INC, missing="skip")


def test_imputed_values_are_analysed_only_when_asked():
    d = _series().assign(imputed=False)
    d.loc[3, "imputed"] = True  # session 4 was filled in
    with pytest.raises(CaseDataError, match="imputed value at session 4"):
        nap(d, **INC)
    used = nap(d, missing="include_imputed", **INC)
    assert used.est == nap(A, B, **INC).est
    assert any("1 imputed value(s) analysed" in n for n in used.notes)
    dropped = nap(d, missing="drop", **INC)
    assert dropped.n_baseline == 5
    with pytest.raises(CaseDataError, match="arrays cannot mark imputed values"):
        nap([1, np.nan], [3, 4], missing="include_imputed", **INC)


def test_tidy_input_errors():
    df = pd.DataFrame({"case": ["x", "x", "y", "y"], "session": [1, 2, 1, 2],
                       "phase": ["A", "B", "A", "B"], "value": [1, 2, 3, 4]})
    with pytest.raises(ValueError, match="several values of 'case'"):
        E.nap(data=df, **INC)
    one = df[df.case == "x"]
    with pytest.raises(ValueError, match="phases present"):
        E.nap(data=one, **INC, treatment_phase="C")
    with pytest.raises(CaseDataError, match="has no column 'score'.*set value_col="):
        E.nap(data=one, **INC, value_col="score")
    with pytest.raises(TypeError, match="not both"):
        E.nap([1], [2], data=one, **INC)
    dup = pd.DataFrame({"session": [1, 1, 2], "phase": ["A", "A", "B"], "value": [1, 2, 3]})
    with pytest.raises(CaseDataError, match="session 1 appears more than once"):
        E.tau_u(data=dup, **INC)
    nos = dup.drop(columns="session")
    with pytest.warns(ShortPhaseWarning):
        r = E.nap(data=nos, **INC)
    assert any("order given" in n for n in r.notes)
    with pytest.raises(CaseDataError, match="not a number"):
        E.nap(data=one.assign(value=["a", "b"]), **INC)


def test_batch_rejects_duplicate_sessions_like_the_single_function():
    d = pd.concat([_series("c1"), _series("c2")], ignore_index=True)
    d.loc[16, "session"] = 3  # c2: session 3 twice (rows 15 and 16)
    with pytest.raises(CaseDataError):
        nap(data=d[d["case"] == "c2"], improvement="increase")
    with pytest.raises(CaseDataError) as err:
        effect_sizes(d, es=["NAP", "Tau-U"], improvement="increase")
    assert set(err.value.problems["row"]) == {15, 16}
    assert (err.value.problems["column"] == "session").all()


def test_missing_phase_label_is_an_error_not_a_dropped_row():
    d = _series()
    d["phase"] = d["phase"].astype(object)
    d.loc[2, "phase"] = None
    with pytest.raises(CaseDataError) as err:
        tau_u(data=d, improvement="increase")
    assert err.value.problems["row"].tolist() == [2]
    with pytest.raises(CaseDataError) as err:
        effect_sizes(d, es=["NAP"], improvement="increase")
    assert err.value.problems["row"].tolist() == [2]


def test_other_phases_are_still_ignored():
    d = _series()
    extra = pd.DataFrame({"case": "c1", "session": [14, 15, 16], "phase": ["C", "C", "C"],
                          "value": [1.0, 2.0, np.nan]})  # a missing value in an unused phase
    d = pd.concat([d, extra], ignore_index=True)
    assert nap(data=d, improvement="increase").est == pytest.approx(
        nap(A, B, improvement="increase").est, abs=1e-12)
    assert effect_sizes(d, es=["NAP"], improvement="increase").summary["est"].iloc[0] == \
        pytest.approx(nap(A, B, improvement="increase").est, abs=1e-12)


def test_missing_session_is_reported_by_index_label_like_every_other_problem():
    # a filtered tidy table keeps its index; "row" in CaseDataError.problems is that label
    d = _series()
    d.index = d.index + 100
    d["session"] = d["session"].astype(float)
    d.loc[102, "session"] = float("nan")
    with pytest.raises(CaseDataError) as err:
        nap(data=d, improvement="increase")
    assert err.value.problems["row"].tolist() == [102]


# -- direction ---------------------------------------------------------------------------------


def test_direction_arguments():
    with pytest.raises(ValueError, match="'increase', 'decrease'"):
        E.nap([1, 2], [3, 4], improvement="up")
    with pytest.raises(ValueError, match="improvement is required"):
        E.nap([1, 2], [3, 4])
    # PHQ-9: lower is better (registry)
    assert E.nap([10, 12], [5, 6], instrument="PHQ-9").options["improvement"] == "decrease"
    with pytest.raises(ValueError, match="contradicts"):
        E.nap([10, 12], [5, 6], instrument="PHQ-9", improvement="increase")


@pytest.mark.parametrize("how", ["name", "object", "measure"])
def test_improvement_from_an_instrument_or_the_tables_measure(how):
    d = _series().assign(measure="PHQ-9")
    kw = {"name": {"improvement": "PHQ-9"}, "object": {"improvement": get_instrument("PHQ-9")},
          "measure": {}}[how]
    r = E.tau(d, **kw)
    assert r.improvement == "decrease" and r.options["improvement"] == "decrease"
    assert r.est == E.tau(A, B, improvement="decrease").est
    source = "measure PHQ-9 (registry)" if how == "measure" else "instrument PHQ-9 (registry)"
    assert f"improvement = 'decrease' from {source}" in r.notes
    assert not E.tau(d, improvement="decrease").notes


def test_unknown_measure_needs_a_direction():
    d = _series().assign(measure="my scale")
    with pytest.raises(ValueError, match="'my scale' is not in the instrument registry"):
        E.nap(d)


# -- names and options -------------------------------------------------------------------------


def test_renamed_arguments_still_work_with_a_future_warning():
    d = _series().rename(columns={"value": "score", "phase": "cond", "session": "t"})
    with pytest.warns(FutureWarning, match="'outcome' is now called 'value_col'"):
        old = E.nap(data=d, outcome="score", phase_col="cond", session_col="t", **INC)
    assert old.est == E.nap(d, value_col="score", phase_col="cond", session_col="t", **INC).est
    with pytest.warns(FutureWarning, match="'phase' is now called 'phase_col'"):
        E.smd(d, value_col="score", phase="cond", session_col="t", **INC)
    with pytest.raises(TypeError, match="got both 'session'"):
        E.nap(d, session="t", session_col="t", **INC)


def test_option_validation_lists_choices():
    with pytest.raises(ValueError, match="'unbiased', 'Hanley', 'null', 'none'"):
        E.nap([1, 2], [3, 4], **INC, se="exact")
    with pytest.raises(ValueError, match="'singlecasees', 'complete', 'parker', 'tarlow'"):
        E.tau_u([1, 2], [3, 4], **INC, method="brossart")
    with pytest.raises(ValueError, match="'minimum', 'sort'"):
        E.pand([1, 2], [3, 4], **INC, method="parker")
    with pytest.raises(ValueError, match="Glass' delta"):
        E.smd([1, 2], [3, 4], **INC, variant="glass")
    with pytest.raises(ValueError, match="ties must be one of 0.5, 0"):
        E.pem([1, 2], [3, 4], **INC, ties=1)
    with pytest.raises(ValueError, match="pretest_trend"):
        E.tau_bc([1, 2, 3], [3, 4], **INC, pretest_trend=True)
    with pytest.raises(ValueError, match="durlak"):
        E.smd([1, 2, 4], [3, 4], **INC, bias_correct="durlak")
    with pytest.raises(ValueError, match="ci_method must be one of 'newcombe', 'singlecasees'"):
        E.nap([1, 2], [3, 4], **INC, ci_method="wald")
    with pytest.raises(TypeError, match="delta_method must be True or False"):
        E.lrm([1, 2], [3, 4], **INC, delta_method="yes")

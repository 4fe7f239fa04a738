"""``casekit.tables.apa_table``: headers, cells, notes and narrowing, on real results."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from casekit.results import Result
from casekit.tables import MINUS, MISSING, apa_table, plain
from casekit.tables._markup import parse, to_plain, wrap

from ._results import results


def _frame(t):
    return t.to_frame()


def test_effect_size_table_headers_cells_and_notes():
    # Parker, Vannest & Davis (2011) vectors: NAP = 0.9166..., SingleCaseES 0.7.4
    t = apa_table(results()["nap_parker"], number=1)
    f = _frame(t)
    assert list(f.columns) == ["Effect size", "Estimate", "SE", "95% CI", "n baseline",
                               "n treatment"]
    row = f.iloc[0].tolist()
    assert row == ["NAP", ".92", ".07", "[.60, .99]", "6", "7"]
    assert t.columns[2].header == "*SE*"
    # settings stated once in the note; the method, the R call mirrored, the reference
    note = " ".join(t.general_note())
    assert "Improvement: increase" in note and "Confidence level: .95" in note
    assert "Method: NAP (Parker & Vannest 2009); variant: " in note
    assert "Reproduces R: SingleCaseES 0.7.4 NAP(SE = 'unbiased'" in note
    assert "doi:10.1016/j.beth.2008.10.006" in note
    assert "*SE* = standard error" in note and "CI = confidence interval" in note
    assert "NAP = nonoverlap of all pairs" in note
    # full precision is kept underneath
    assert t.data.loc[0, "est"] == pytest.approx(0.9166666666666666, abs=1e-15)


def test_unbounded_effect_size_keeps_its_leading_zero_and_sign():
    t = apa_table(results()["smd"])
    est = _frame(t)["Estimate"].iloc[0]
    assert re.fullmatch(r"\d+\.\d\d", est)
    tu = apa_table(results()["tau_u"])
    assert _frame(tu)["Estimate"].iloc[0] == "1.08"  # Tau-U can exceed 1: not bounded
    assert tu.supplementary is not None
    assert _frame(tu.supplementary)["S_A"].iloc[0] == f"{MINUS}9"


def test_integers_print_as_integers_and_p_without_leading_zero():
    df = pd.DataFrame({"term": ["level", "slope"], "estimate": [-6.7531, 0.3214],
                       "df": [19.0, 19.0], "p": [0.017344, 0.00002],
                       "n": [24, 24], "session": [14.0, 15.0]})
    f = _frame(apa_table(df))
    assert f["df"].tolist() == ["19", "19"]
    assert f["Session"].tolist() == ["14", "15"]
    assert f["n"].tolist() == ["24", "24"]
    assert f["p"].tolist() == [".017", "< .001"]
    assert f["Estimate"].tolist() == [f"{MINUS}6.75", "0.32"]


def test_non_whole_values_in_an_integer_column_keep_their_decimals():
    f = _frame(apa_table(pd.DataFrame({"session": [14.0, 14.5]})))
    assert f["Session"].tolist() == ["14.00", "14.50"]


def test_scores_are_integers_only_when_the_whole_column_is():
    f = _frame(apa_table(pd.DataFrame({"pre": [19.0, 6.0], "post": [6.5, 2.0]}),
                         split=False))
    assert f["Pre"].tolist() == ["19", "6"]
    assert f["Post"].tolist() == ["6.50", "2.00"]


def test_missing_values_print_as_an_em_dash_or_blank():
    df = pd.DataFrame({"est": [0.5, np.nan], "ci_lower": [0.1, np.nan],
                       "ci_upper": [0.9, 0.7], "label": ["a", None]})
    f = _frame(apa_table(df, confidence=0.9))
    assert f["Estimate"].tolist() == ["0.50", MISSING]
    assert f["90% CI"].tolist() == ["[0.10, 0.90]", f"[{MISSING}, 0.70]"]
    assert f["Label"].tolist() == ["a", MISSING]
    blank = _frame(apa_table(df, missing=""))
    assert blank["Estimate"].tolist() == ["0.50", ""]


def test_interval_pairs_become_one_column():
    df = pd.DataFrame({"phase": ["P2"], "nap": [0.875], "nap_ci_lower": [0.61],
                       "nap_ci_upper": [0.97], "tau_u": [1.08], "tau_u_ci_lower": [0.3],
                       "tau_u_ci_upper": [1.86]})
    f = _frame(apa_table(df, confidence=0.95))
    assert list(f.columns) == ["Phase", "NAP", "NAP 95% CI", "Tau-U", "Tau-U 95% CI"]
    assert f.iloc[0].tolist() == ["P2", ".88", "[.61, .97]", "1.08", "[0.30, 1.86]"]


def test_confidence_level_comes_from_the_result():
    res = Result(pd.DataFrame({"est": [0.4], "ci_lower": [0.1], "ci_upper": [0.7]}),
                 method="m", options={"confidence": 0.9})
    assert "90% CI" in _frame(apa_table(res)).columns
    unknown = apa_table(pd.DataFrame({"ci_lower": [0.1], "ci_upper": [0.7]}))
    assert _frame(unknown).columns.tolist() == ["CI"]  # no level claimed when none is known


def test_decimals_per_column_and_overall():
    df = pd.DataFrame({"mean": [12.3456], "sd": [3.21], "p": [0.0456]})
    f = _frame(apa_table(df, decimals=1))
    assert f.iloc[0].tolist() == ["12.3", "3.2", ".046"]  # p keeps its own three decimals
    f = _frame(apa_table(df, decimals={"mean": 3, "p": 2}))
    assert f.iloc[0].tolist() == ["12.346", "3.21", ".05"]
    with pytest.raises(ValueError, match="decimals"):
        apa_table(df, decimals=-1)


def test_unknown_columns_get_humanised_headers_never_snake_case():
    df = pd.DataFrame({"mean_wai_sr": [30.5], "n_items_missing": [2], "p_holm": [0.2],
                       "weirdColumnName": ["x"]})
    heads = _frame(apa_table(df)).columns.tolist()
    assert heads == ["Mean WAI SR", "n items missing", "p (holm)", "Weird column name"]
    assert not any("_" in h for h in heads)


def test_columns_argument_selects_orders_and_names():
    res = results()["sudden_gains"]
    t = apa_table(res, columns=["magnitude", "pregain_session", "reversed"],
                  headers={"pregain_session": "Session *n*"})
    assert [c.header for c in t.columns] == ["Magnitude (points)", "Session *n*", "Reversed"]
    assert t.supplementary is None
    named = apa_table(res, columns={"magnitude": "Gain", "case": "Client"})
    assert [c.header for c in named.columns] == ["Gain", "Client"]
    with pytest.raises(ValueError, match="not in the table"):
        apa_table(res, columns=["nope"])


def test_sudden_gains_table_is_narrowed_into_main_and_supplementary():
    res = results()["sudden_gains"]
    assert res.summary.shape[1] == 25
    t = apa_table(res, number=3)
    main = [c.name for c in t.columns]
    assert main == ["pregain_session", "postgain_session", "pregain_value", "postgain_value",
                    "magnitude", "change_proportion", "reversal_value", "reversed"]
    supp = t.supplementary
    assert supp is not None and supp.number == "S3"
    assert supp.columns[0].name == "pregain_session"  # key column repeated
    shown = {s for c in t.columns + supp.columns for s in c.sources}
    note = " ".join(t.general_note())
    # nothing lost: every column is in a table or stated in the note
    for col in set(res.summary.columns) - shown:
        assert col in ("case", "measure"), col
    assert "Case: SIM-NPD-01; Measure: PHQ-9." in note
    assert "Further columns of Table 3" in supp.general_note()[0]
    assert t.width() <= 100


def test_width_budget_narrows_tables_without_a_main_list():
    wide = pd.DataFrame({f"score_{i}": [10.0 + i, 1.5] for i in range(30)}
                        | {"case": ["c1", "c2"]})
    t = apa_table(wide, max_width=60, note="x")
    assert t.width() <= 60 and t.supplementary is not None
    assert t.columns[-1].name == "case" == t.supplementary.columns[0].name  # key kept
    assert len(t.columns) + len(t.supplementary.columns) == 31 + 1  # case repeated


def test_empty_and_constant_columns_are_stated_in_the_note():
    df = pd.DataFrame({"case": ["A", "A"], "session": [1, 2], "value": [3.0, 4.0],
                       "note": ["", ""]})
    t = apa_table(df)
    assert [c.name for c in t.columns] == ["session", "value"]
    note = " ".join(t.general_note())
    assert "Case: A." in note and "No values in Note." in note
    kept = apa_table(df, columns=["case", "session", "note"])
    assert [c.name for c in kept.columns] == ["case", "session", "note"]


def test_notes_from_the_result_are_literal_and_user_notes_are_markup():
    res = Result(pd.DataFrame({"x": [1.0]}), method="m*e*th_{o}d", notes=["the *b* c"],
                 mirrors="no R equivalent (closed form)", reference="Ref (2020)", seed=7)
    t = apa_table(res, note="*p* values are two-sided")
    note = t.general_note()
    assert note[0] == "*p* values are two-sided."
    assert r"The \*b\* c." in note and "Seed 7." in note
    assert "No R equivalent (closed form)." in note
    assert to_plain(" ".join(note)).count("m*e*th_{o}d") == 1


def test_specific_and_probability_notes():
    df = pd.DataFrame({"est": [0.5], "p": [0.01]})
    t = apa_table(df, column_notes={"p": "Two-sided."}, probability_note="* *p* < .05.")
    assert t.header_notes() == [None, "a"]
    assert t.specific_notes() == [("a", "Two-sided.")]
    assert "a Two-sided." in t.to_text() and "* p < .05." in t.to_text()


def test_p_values_out_of_range_raise_naming_row_and_column():
    with pytest.raises(ValueError, match=r"row 1, column 'p'"):
        apa_table(pd.DataFrame({"p": [0.5, 1.5]})).cells()


def test_bad_inputs():
    with pytest.raises(TypeError, match="Result or a pandas DataFrame"):
        apa_table([1, 2, 3])
    with pytest.raises(ValueError, match="duplicate column names"):
        apa_table(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_empty_table():
    t = apa_table(pd.DataFrame({"est": np.array([], dtype=float)}))
    assert t.cells() == [] and "(no rows)" in t.to_text()


def test_plain_escapes_markup():
    assert parse(plain("*a* _{b} ^{c} \\")) == parse(r"\*a\* \_{b} \^{c} \\")
    assert to_plain(plain("*a* _{b}")) == "*a* _{b}"


def test_header_wrapping_keeps_styles():
    assert wrap("Criterion 3 critical value", 9) == ["Criterion", "3", "critical", "value"]
    assert wrap("Score *n* − 2", 7) == ["Score *n*", "− 2"]
    assert [to_plain(x) for x in wrap("Pooled *SD* of the pre-gain scores", 12)] == [
        "Pooled SD of", "the pre-gain", "scores"]


def test_main_columns_can_be_chosen_and_a_split_table_is_not_split_again():
    res = results()["sudden_gains"]
    t = apa_table(res, main=["pregain_session", "magnitude"])
    assert [c.name for c in t.columns] == ["pregain_session", "magnitude"]
    assert len(t.supplementary.columns) == 25 - 2 - 2 + 1  # case, measure in the note
    with pytest.raises(ValueError, match="split already"):
        t.split()
    with pytest.raises(ValueError, match="not in the table"):
        apa_table(res, main=["nope"])


def test_option_checks():
    df = pd.DataFrame({"x": [1.0]})
    with pytest.raises(ValueError, match="confidence"):
        apa_table(df, confidence=95)
    with pytest.raises(TypeError, match="missing must be text"):
        apa_table(df, missing=None)
    with pytest.raises(ValueError, match="max_width"):
        apa_table(df, max_width=0)


def test_scores_follow_each_measures_scale():
    df = pd.DataFrame({"measure": ["PHQ-9", "SCL-90-R GSI", "PHQ-9"],
                       "pre": [19.0, 1.31, 20.0], "post": [6.0, 0.51, 8.0]})
    f = _frame(apa_table(df))
    assert f["Pre"].tolist() == ["19", "1.31", "20"]
    assert f["Post"].tolist() == ["6", "0.51", "8"]


def test_a_nap_interval_reads_the_same_in_a_nap_column_and_a_nap_row_beside_tau_u():
    # the case report's phase summary (a NAP column) and effect-size table (NAP and Tau-U
    # rows): NAP cannot exceed 1, so no leading zero in either; Tau-U (Parker) can, so its
    # rows keep the zero (APA 7, 6.36: one rule, by what the statistic is)
    phases = pd.DataFrame({"phase": ["P3"], "nap": [1.0], "nap_ci_lower": [0.7969],
                           "nap_ci_upper": [1.0], "tau_u": [1.08], "tau_u_ci_lower": [np.nan],
                           "tau_u_ci_upper": [np.nan]})
    es = pd.DataFrame({"es": ["NAP", "Tau-U", "Tau"], "est": [1.0, 0.8846, 0.55],
                       "se": [0.0017, 0.1897, 0.1188], "ci_lower": [0.7969, 0.7957, 0.3042],
                       "ci_upper": [1.0, 0.9362, 0.7324]})
    p = _frame(apa_table(phases, confidence=0.95))
    e = _frame(apa_table(es, confidence=0.95))
    assert p["NAP 95% CI"].iloc[0] == e["95% CI"].iloc[0] == "[.80, 1.00]"
    assert e["Estimate"].tolist() == ["1.00", "0.88", ".55"]
    assert e["SE"].tolist() == [".00", "0.19", ".12"]
    assert e["95% CI"].tolist() == ["[.80, 1.00]", "[0.80, 0.94]", "[.30, .73]"]

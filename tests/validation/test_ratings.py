"""casekit.validate on ratings: columns, numbers, duplicate keys, registry ranges, dates,
phase columns, gaps; every problem with its row, all at once.

Instrument ranges are those of the registry (PHQ-9 items 0-3, total 0-27: Kroenke, Spitzer &
Williams 2001, doi:10.1046/j.1525-1497.2001.016009606.x).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import casekit
from casekit import CaseDataError

from ._helpers import phq_items, problems_of, ratings


def test_case_data_error_is_value_error():
    assert issubclass(CaseDataError, ValueError)


def test_missing_required_columns():
    p = problems_of(ratings().drop(columns=["session", "value"]))
    assert set(p["column"]) == {"session", "value"}
    assert p["row"].isna().all()
    assert p["problem"].str.contains("required column").all()


def test_duplicate_keys_name_every_row():
    df = pd.concat([ratings(), ratings().iloc[[1]]], ignore_index=True)
    p = problems_of(df)
    assert p["row"].tolist() == [1, 4]
    assert p["problem"].str.startswith("duplicate key (case, session, measure, scale)").all()


def test_duplicates_distinguished_by_rater_or_item_are_fine():
    a = ratings(measure="X").assign(rater="client")
    b = ratings(measure="X").assign(rater="therapist")
    assert casekit.validate(pd.concat([a, b], ignore_index=True)).ok


def test_non_numeric_values_and_sessions():
    df = ratings(measure="X").astype({"value": object, "session": object})
    df.loc[1, "value"] = "abc"
    df.loc[2, "session"] = "third"
    df.loc[3, "session"] = 3.5
    p = problems_of(df)
    got = {(r.row, r.column): r.problem for r in p.itertuples()}
    assert got[(1, "value")].startswith("value is not a number")
    assert got[(2, "session")] == "session is not a number"
    assert got[(3, "session")] == "session must be a whole number"


def test_missing_keys_and_infinite_values():
    df = ratings(measure="X")
    df.loc[0, "case"] = None
    df.loc[2, "value"] = np.inf
    p = problems_of(df)
    assert {(r.row, r.column) for r in p.itertuples()} == {(0, "case"), (2, "value")}


def test_missing_code_on_present_value():
    df = ratings(measure="X", missing_code=[None, "-9", None, None])
    p = problems_of(df)
    assert p[["row", "column"]].values.tolist() == [[1, "missing_code"]]


def test_item_and_total_ranges_of_registry_instrument():
    items = phq_items(values=(3, 4, 1, 0, 1, 2, 3, 0, -1))
    items.loc[5, "value"] = 1.5
    extra_item = phq_items(session=2).iloc[[0]].assign(item=10, value=1.0)
    total = ratings(n=3).assign(value=[30.0, 12.0, 11.0])
    df = pd.concat([items, extra_item, total], ignore_index=True)
    p = problems_of(df)
    msgs = dict(zip(p["row"], p["problem"], strict=True))
    assert msgs[1] == "value 4 outside the PHQ-9 item range 0–3 (session 1)"
    assert msgs[8] == "value -1 outside the PHQ-9 item range 0–3 (session 1)"
    assert msgs[5] == "PHQ-9 items are whole numbers; got 1.5 (session 1)"
    assert msgs[9] == "PHQ-9 has items 1–9; got item 10 (session 2)"
    assert msgs[10] == "value 30 outside the range 0–27 of PHQ-9 scale 'total' (session 1)"
    assert len(p) == 5


def test_unknown_scale_of_instrument():
    p = problems_of(ratings().assign(scale="somatic"))
    assert p["problem"].str.contains("PHQ-9 has no scale 'somatic'").all()
    assert len(p) == 4


def test_unknown_measures_are_fine_unless_named():
    df = ratings(measure="my diary")
    assert casekit.validate(df).ok
    p = problems_of(df, instruments=["my diary"])
    assert p["problem"].iloc[0].startswith("unknown instrument")
    p = problems_of(df, instruments={"PHQ": "PHQ-9"})
    assert "not in the data" in p["problem"].iloc[0]
    # a mapping puts a data label under an instrument's ranges
    df = ratings(measure="phq_total").assign(value=[3.0, 40.0, 5.0, 6.0])
    assert casekit.validate(df).ok
    p = problems_of(df, instruments={"phq_total": "PHQ-9"})
    assert p[["row", "column"]].values.tolist() == [[1, "value"]]


def test_dates_going_backwards_and_unreadable():
    df = ratings(n=4, measure="X", date=["2024-01-01", "2024-01-08", "2024-01-05",
                                         "not a date"])
    p = problems_of(df)
    got = {(r.row, r.column): r.problem for r in p.itertuples()}
    assert got[(2, "date")].startswith("date of session 3 of case 'c1' is earlier")
    assert got[(3, "date")].startswith("date cannot be read")


def test_phase_column_two_phases_in_one_session():
    df = pd.concat([ratings(measure="X"), ratings(measure="Y")], ignore_index=True)
    df["phase"] = ["A", "A", "B", "B", "A", "B", "B", "B"]
    p = problems_of(df)
    assert p["problem"].tolist() == ["session 2 of case 'c1' has 2 different phases"]


def test_scale_checks_for_mean_scored_subscales():
    # WAI-SR subscales are sums of 4 items (4-20); a 'goal' of 21 is out of range
    df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "WAI-SR",
                       "scale": ["goal", "goal"], "value": [12.0, 21.0]})
    p = problems_of(df)
    assert p["problem"].tolist() == ["value 21 outside the range 4–20 of WAI-SR scale 'goal' "
                                     "(session 2)"]


def test_dates_checked_per_case_across_many_cases():
    # vectorised: the problem of case b is found among many clean cases, with its row
    frames = [ratings(n=5, case=f"k{i}", measure="X",
                      date=pd.date_range("2024-01-01", periods=5, freq="7D"))
              for i in range(300)]
    df = pd.concat(frames, ignore_index=True)
    df.loc[1002, "date"] = pd.Timestamp("2023-12-01")        # case k200, session 3
    p = problems_of(df)
    assert p[["row", "column"]].values.tolist() == [[1002, "date"]]
    assert p["problem"].iloc[0] == ("date of session 3 of case 'k200' is earlier than the "
                                    "date of an earlier session (2024-01-08)")


def test_gaps_are_one_warning_per_gap_in_case_order():
    df = pd.concat([ratings(n=3, case="b", measure="X").assign(session=[1, 2, 6]),
                    ratings(n=3, case="a", measure="X").assign(session=[2, 4, 5])],
                   ignore_index=True)
    rep = casekit.validate(df, warn=False)
    assert rep.warnings["problem"].tolist() == ["case 'b': no ratings for sessions 3–5",
                                                "case 'a': no ratings for session 3"]


def test_rows_are_row_labels_of_the_table():
    df = ratings(n=4, measure="PHQ-9").assign(value=[3.0, 30.0, 4.0, 5.0])
    df.index = [10, 20, 30, 40]
    p = problems_of(df)
    assert p["row"].tolist() == [20]


def test_a_text_date_column_in_one_unexpected_format_is_one_problem():
    df = ratings(n=6, measure="X", date=[f"0{d}.01.2024" for d in range(1, 7)])
    p = problems_of(df)
    assert len(p) == 1 and p["row"].iloc[0] is None and p["argument"].iloc[0] == "date_format"
    assert p["problem"].iloc[0].startswith("6 dates in column 'date' are not in ISO 8601")


def test_two_labels_of_one_instrument_are_a_warning():
    # a typo 'PHQ9' at session 3 made a second series; PHQ-9 lost session 3 silently
    df = ratings(6)
    df.loc[2, "measure"] = "PHQ9"
    rep = casekit.validate(df, raise_on_error=False, warn=False)
    assert rep.ok
    w = rep.warnings[rep.warnings["column"] == "measure"]
    assert w["problem"].tolist() == [
        "measure 'PHQ9' (1 row, session 3) and measure 'PHQ-9' both name PHQ-9 but are "
        "analysed as two measures; write 'PHQ-9' for both"]
    assert w["row"].tolist() == [2]
    # one label per instrument: no warning
    assert casekit.validate(ratings(6), raise_on_error=False, warn=False).warnings.empty


def test_duplicate_score_rows_say_what_to_do_without_item_none():
    df = pd.concat([ratings(), ratings().iloc[[1]]], ignore_index=True).assign(item=np.nan)
    p = problems_of(df)
    assert p["problem"].tolist() == [
        "duplicate key (case, session, measure, item, scale): case='c1', session=2, "
        "measure='PHQ-9', scale='total'; the same rating is on another row too: keep one"] * 2


def test_range_problems_name_the_session_and_the_case_of_several():
    # note_dog: "row 10, column 'wai_3': value 8 outside the WAI-SR item range 1–5" did not
    # say which session; the case is named too when the table holds several cases
    items = phq_items(session=3, values=(3, 4, 1, 0, 1, 2, 3, 0, 0))
    total = ratings(n=2).assign(value=[30.0, 12.0])
    p = problems_of(pd.concat([items, total], ignore_index=True))
    assert p["problem"].tolist() == [
        "value 4 outside the PHQ-9 item range 0–3 (session 3)",
        "value 30 outside the range 0–27 of PHQ-9 scale 'total' (session 1)"]
    two = pd.concat([ratings(n=2, case="a").assign(value=[30.0, 12.0]),
                     ratings(n=2, case="b"),
                     phq_items(session=2, case="b").iloc[[0]].assign(item=10, value=1.5),
                     ratings(n=1, case="b").assign(scale="somatic", session=2)],
                    ignore_index=True)
    p = problems_of(two)
    assert p["problem"].tolist() == [
        "value 30 outside the range 0–27 of PHQ-9 scale 'total' (case 'a', session 1)",
        "PHQ-9 has items 1–9; got item 10 (case 'b', session 2)",
        "PHQ-9 items are whole numbers; got 1.5 (case 'b', session 2)",
        "PHQ-9 has no scale 'somatic' (case 'b', session 2); valid scales: 'total'"]


def test_totals_that_look_like_item_means_get_one_hint():
    # note_dog: WAI-SR given as item means (2.92 ...) gave 19 "outside the range 12–60"
    # problems and no word of the cause; one hint comes first, the row problems stay
    df = pd.DataFrame({"case": "c1", "session": np.arange(1, 6), "measure": "WAI-SR",
                       "scale": "total", "value": [2.92, 3.17, 3.5, 3.75, 4.0]})
    p = problems_of(df)
    assert len(p) == 6
    hint = p.iloc[0]
    assert hint["row"] is None and hint["column"] == "value"
    assert hint["problem"] == (
        "WAI-SR scale 'total': the 5 values outside its range 12–60 all lie within the WAI-SR "
        "item range 1–5: they look like item means, not sums of the 12 items; multiply each "
        "by 12 in the file (the sum when every item was answered), or give the items and "
        "let casekit score them")
    assert p["problem"].iloc[1] == ("value 2.92 outside the range 12–60 of WAI-SR scale "
                                    "'total' (session 1)")
    # totals out of range beyond the item range: no hint
    p = problems_of(df.assign(value=[2.92, 61.0, 40.0, 41.0, 42.0]))
    assert len(p) == 2 and not p["problem"].str.contains("item means").any()

"""An author's own exports, end to end in process (issue 11, item 5).

The exports of ``_exports.py`` (simulated: a wide clinic workbook with a title row, an imported
PHQ-9 total, two missed sessions and one typo; a REDCap export with repeating instruments; an
SPSS file with user-missing codes) go through ``read_case`` -> ``analyze_case`` -> ``write``
as the docs tell an author. The PHQ-9 drops after session 14 and session 7 was missed before
it: every location in the tables, figures and paragraph must say 14 (a position would say 13).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import casekit as ck

from . import _exports as X


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("exports")
    (d / "typo").mkdir()
    return {"typo": X.clinic_workbook(d / "typo" / "sessions.xlsx"),
            "workbook": X.clinic_workbook(d / "sessions.xlsx", typo=False),
            "events": X.events_csv(d / "events.csv"), "phases": X.phases_csv(d / "phases.csv"),
            "redcap": X.redcap_export(d / "redcap.csv"), "spss": X.spss_file(d / "sessions.sav"),
            "dir": d}


@pytest.fixture(scope="module")
def analysis(files):
    with warnings.catch_warnings():
        warnings.simplefilter("error")     # nothing reaches stderr
        case = ck.read_case(files["workbook"], events=files["events"],
                            phases=files["phases"], spec=X.WORKBOOK_SPEC)
        return ck.analyze_case(case)


def test_the_typo_is_one_problem_at_its_place_in_the_sheet(files):
    with pytest.raises(ck.CaseDataError) as err:
        ck.read_case(files["typo"], events=files["events"], phases=files["phases"],
                     spec=X.WORKBOOK_SPEC)
    problems = err.value.problems
    assert len(problems) == 1
    p = problems.iloc[0]
    assert p["where"] == (f"sessions.xlsx, sheet 'Sessions', row {X.TYPO['row']}, column "
                          f"'{X.TYPO['column']}' ({X.TYPO['letter']})")
    assert p["value"] == X.TYPO["text"] and p["table"] == "ratings"


def test_reading_keeps_provenance_and_warnings(files, analysis):
    case = analysis.data
    assert case.case == X.CASE and case.validated
    assert case.files == {"ratings": "sessions.xlsx", "events": "events.csv",
                          "phases": "phases.csv"}
    assert case.checksums["ratings"] == ck.datasets.sha256_of(files["workbook"])
    assert case.warnings["problem"].str.contains("no ratings for session 7").any()
    assert any("imported total (column 'PHQ9_total') is counted once" in n
               for n in analysis.notes)
    assert "PHQ-9: no score at session 25 (left out of the analyses)" in analysis.notes
    totals = analysis.scores[analysis.scores["scale"] == "total"]
    assert not totals.duplicated(["measure", "session"]).any()


def test_every_location_is_the_session(analysis):
    cp = analysis.tables["change_points"].summary.set_index(["measure", "method"])
    for method in ("Bayesian (posterior mode)", "AMOC"):
        assert cp.loc[("PHQ-9", method), "session"] == X.DROP_AFTER
    bayes = analysis.results["bayes_changepoint/PHQ-9"]
    post = bayes.posterior
    assert post.loc[post["probability"].idxmax(), "session"] == X.DROP_AFTER
    assert 7 not in set(post["session"])                   # the missed session is no location
    gains = analysis.tables["sudden_gains"].summary
    assert gains[["pregain_session", "postgain_session"]].values.tolist() == [[14, 15]]
    rr = analysis.tables["rupture_repair"].summary
    assert X.RUPTURE in set(rr.loc[rr["criterion"] == "stiles2sd", "nadir"])
    text = analysis.paragraph()
    # a one-session credible interval is never presented as certain (issue 17 item 1)
    assert "the symptoms (PHQ-9) most likely changed after session 14 (the 95% credible " \
           "interval holds session 14 only, a precision that rests on the model's " \
           "assumptions;" in text
    assert "in PHQ-9 after session 14 (p " in text
    assert "between sessions 14 and 15" in text
    assert "after session 13" not in text.split("WAI-SR")[0]


def test_figures_draw_sessions(analysis):
    import matplotlib.pyplot as plt

    fig = analysis.figure("changepoints")
    tall = []   # posterior bars above .5, at their session
    for ax in fig.axes:
        for c in ax.containers:
            if c.get_label() == "posterior":
                tall += [round(b.get_x() + b.get_width() / 2) for b in c.patches
                         if b.get_height() > 0.5]
    # the PHQ-9 drop; with AR(1) errors (bayes_changepoint's default) the WAI-SR posterior,
    # conditional on a change, also peaks at the one-session rupture (session numbers, not
    # positions: session 7 is missed)
    assert X.DROP_AFTER in tall and set(tall) <= {X.DROP_AFTER, X.RUPTURE}
    plt.close(fig)
    fig = analysis.figure("series")
    series = [line for ax in fig.axes for line in ax.lines
              if line.get_label() in ("PHQ-9", "WAI-SR")]
    assert len(series) == 2
    for line in series:
        xs = np.asarray(line.get_xdata(), dtype=float)
        # drawn at their sessions: the missed session 7 is a gap (never a point, never
        # bridged), so session 14 stays at x = 14
        assert xs[13] == 14.0 and np.isnan(xs[6]) and 7.0 not in set(xs)
    plt.close(fig)


def test_write_is_complete_private_and_byte_stable(files, analysis, tmp_path):
    one = analysis.write(tmp_path / "one")
    two = analysis.write(tmp_path / "two")
    rel = [p.relative_to(tmp_path / "one").as_posix() for p in one]
    assert rel == [p.relative_to(tmp_path / "two").as_posix() for p in two]
    for name in ("series", "changepoints", "ruptures", "gains", "jacobson"):
        for ext in ("pdf", "svg", "png"):
            assert f"figures/{name}.{ext}" in rel
    for name in analysis.tables:
        assert f"tables/{name}.csv" in rel and f"tables/{name}.tex" in rel
    for name in ("tables/tables.html", "tables/tables.docx", "tables/README-csv.txt",
                 "results_paragraph.txt", "notes.txt", "provenance.json"):
        assert name in rel
    secrets = [str(files["dir"]).encode(), str(tmp_path).encode(), b"/root", b"/home/"]
    for a, b in zip(one, two, strict=True):
        data = a.read_bytes()
        assert data == b.read_bytes(), f"{a.name} differs between two runs"
        assert not any(s in data for s in secrets), f"{a.name} holds a folder name"
    assert analysis.warnings["stage"].str.startswith("figure").sum() == 0


def test_redcap_repeating_instruments(files):
    case = ck.read_case(files["redcap"], case=X.CASE, spec=X.REDCAP_SPEC)
    a = ck.analyze_case(case, alliance_measure=None)
    cp = a.tables["change_points"].summary.set_index(["measure", "method"])
    assert cp.loc[("PHQ-9", "AMOC"), "session"] == X.DROP_AFTER
    assert "between sessions 14 and 15" in a.paragraph()
    assert case.files == {"ratings": "redcap.csv"}


def test_redcap_without_the_case_names_the_records(files):
    with pytest.raises(ck.ArgumentError, match=r"2 cases \('K32', 'K33'\); choose one with "
                                               r"case="):
        ck.read_case(files["redcap"], spec=X.REDCAP_SPEC)


def test_spss_user_missing_codes(files):
    case = ck.read_case(files["spss"], spec=X.SPSS_SPEC)
    r = case.ratings
    refused = r[r["missing_code"].notna()]
    assert sorted(zip(refused["session"], refused["measure"], refused["item"],
                      refused["missing_code"], strict=True)) == [
        (12, "PHQ-9", 2, "99"), (20, "WAI-SR", 5, "99")]
    a = ck.analyze_case(case, alliance_measure=None, symptom_measure="PHQ-9")
    s = a.scores[(a.scores["measure"] == "PHQ-9") & (a.scores["scale"] == "total")]
    assert bool(s.loc[s["session"] == 12, "prorated"].iloc[0])       # one item refused
    cp = a.tables["change_points"].summary.set_index(["measure", "method"])
    assert cp.loc[("PHQ-9", "Bayesian (posterior mode)"), "session"] == X.DROP_AFTER

"""``casekit.analyze_case`` on the bundled teaching case (simulated data) and variants of it.

The two tests at the end replace the papermill runs of the template notebook
(``tests/project/test_case_template_comparison.py``): the comparison rule on the case without
its ``contract_agreed`` event, and phase parameters without phases.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.case import CaseAnalysis

WAI_NORMS = {"WAI-SR": {"sd": 8.0, "reliability": 0.91,
                        "source": "placeholder values of the teaching case"}}


@pytest.fixture(scope="module")
def bundle():
    return ck.datasets.load_case("SIM-NPD-01")


@pytest.fixture(scope="module")
def analysis(bundle):
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # nothing may reach the caller as a warning
        return ck.analyze_case(bundle, norms=WAI_NORMS)


def test_every_section_runs_on_the_teaching_case(analysis):
    assert isinstance(analysis, CaseAnalysis)
    assert analysis.skipped == {}
    assert list(analysis.tables) == [
        "reliable_change", "session_reliable_change", "phase_summary", "comparison",
        "effect_sizes", "piecewise_regression", "change_points", "sudden_gains",
        "sudden_gains_by_person", "rupture_repair", "rupture_agreement",
        "changepoint_precedence", "lagged_precedence", "descriptives"]
    assert analysis.simulated and "SIMULATED" in analysis.title
    assert analysis.summary["status"].eq("done").all()


def test_the_comparison_is_split_at_the_contract(analysis):
    c = analysis.comparison
    assert (c.rule, c.kind, c.split_session, c.event) == (2, "event", 18, "contract_agreed")
    assert (c.n_baseline, c.n_treatment) == (18, 26)
    assert c.reference_phase == "P1"
    pw = analysis.tables["piecewise_regression"]
    assert (pw.session, pw.start_session, pw.ar) == (18, 19, 1)
    assert not np.isnan(pw.level_p_bootstrap)   # the calibrated test ran


def test_tables_report_sessions_and_the_designed_pattern(analysis):
    cp = analysis.tables["change_points"].summary.set_index(["measure", "method"])
    # AR(1)-aware posterior (bayes_changepoint's default): the alliance mode moves from 17
    # (independent errors) to 14, inside a wide credible interval (sessions 4-24)
    assert cp.loc[("WAI-SR", "Bayesian (posterior mode)"), "session"] == 14
    assert cp.loc[("PHQ-9", "Bayesian (posterior mode)"), "session"] == 23
    gains = analysis.tables["sudden_gains"].summary
    assert gains[["pregain_session", "postgain_session"]].values.tolist() == [[23, 24]]
    counts = analysis.tables["rupture_agreement"].counts.set_index("criterion")
    assert counts.loc["stiles2sd", "noted_detected"] == 4
    assert counts.loc["gumz", "noted_detected"] == 3
    phase = analysis.tables["phase_summary"].summary.set_index(["measure", "phase"])
    assert phase.loc[("PHQ-9", "P3"), "nap"] == 1.0            # ceiling against P1
    assert np.isnan(phase.loc[("PHQ-9", "P1"), "nap"])          # the reference itself
    lag = analysis.tables["lagged_precedence"].summary
    assert set(lag["direction"]) == {"WAI-SR -> PHQ-9", "PHQ-9 -> WAI-SR"}


def test_reliable_change_flags_stated_norms(analysis):
    rc = analysis.tables["reliable_change"].summary.set_index("measure")
    assert set(rc.index) == {"PHQ-9", "WAI-SR", "CORE-10", "BDI-II", "SCL-90-R"}
    assert rc.loc["WAI-SR", "source"].startswith("stated norms: placeholder")
    assert rc.loc["PHQ-9", "source"] == "instrument registry"
    assert rc.loc["PHQ-9", "category"] == "recovered"
    assert any("stated norms" in n for n in analysis.notes)
    assert any("PID-5-BF" in n and "reliable change not computed" in n
               for n in analysis.notes)


def test_warnings_are_collected_not_emitted(analysis):
    w = analysis.warnings
    assert list(w.columns) == ["stage", "category", "message"]
    assert ("piecewise regression", "DataDrivenPhaseWarning") in set(
        zip(w["stage"], w["category"], strict=True))


def test_progress_reports_each_stage_on_one_line(bundle):
    lines = []
    ck.analyze_case(bundle, alliance_measure=None, progress=lines.append)
    assert len(lines) == 13
    assert lines[0] == "[1/13] validation: 0 problems, 0 warnings (validated when read)"
    assert lines[3].startswith("[4/13] comparison: sessions 1–18")
    assert any(line.startswith("[11/13] rupture-repair: skipped: needs the alliance")
               for line in lines)


def test_validated_case_data_is_not_validated_again(bundle, monkeypatch):
    calls = []
    import casekit.case._prepare as prep
    real = prep.validate
    monkeypatch.setattr(prep, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    ck.analyze_case(bundle, alliance_measure=None, symptom_measure=None)
    assert calls == []
    ck.analyze_case(bundle.ratings, events=bundle.events, phases=bundle.phases,
                    alliance_measure=None, symptom_measure=None)
    assert calls == [1]


def test_the_seed_makes_the_analysis_reproducible(bundle):
    one = ck.analyze_case(bundle.ratings, seed=7, alliance_measure=None)
    two = ck.analyze_case(bundle.ratings, seed=7, alliance_measure=None)
    pd.testing.assert_frame_equal(one.tables["change_points"].summary,
                                  two.tables["change_points"].summary)
    assert one.seed == 7 and one.tables["change_points"].seed == 7


def test_measure_labels_match_registry_names(bundle):
    r = bundle.ratings.assign(measure=bundle.ratings["measure"].replace({"PHQ-9": "PHQ9"}))
    a = ck.analyze_case(r, alliance_measure=None)
    assert a.symptom_measure == "PHQ9"
    assert any("'PHQ-9' is 'PHQ9' in the data" in n for n in a.notes)


def test_imported_totals_are_counted_once():
    items = pd.DataFrame({"case": "c", "session": np.repeat([1, 2, 3, 4, 5, 6], 9),
                          "measure": "PHQ-9", "item": np.tile(np.arange(1, 10), 6),
                          "value": 1.0})
    items.loc[items["session"] == 6, "value"] = np.nan   # session 6: items blank
    totals = pd.DataFrame({"case": "c", "session": [1, 2, 3, 4, 5, 6], "measure": "PHQ-9",
                           "scale": "total", "value": [9.0] * 5 + [12.0]})
    a = ck.analyze_case(pd.concat([items, totals], ignore_index=True), alliance_measure=None)
    t = a.scores[a.scores["scale"] == "total"].set_index("session")
    assert t.index.tolist() == [1, 2, 3, 4, 5, 6]            # one total per session
    assert t["origin"].tolist() == ["scored"] * 5 + ["imported"]
    assert t.loc[6, "value"] == 12.0
    assert any("imported total used at session(s) 6" in n for n in a.notes)


def test_one_measure_only_skips_alliance_sections(bundle):
    r = bundle.ratings[bundle.ratings["measure"] == "PHQ-9"]
    a = ck.analyze_case(r, phases=bundle.phases, events=bundle.events)
    assert a.alliance_measure is None
    assert set(a.skipped) == {"rupture_repair", "precedence"}
    assert a.skipped["precedence"] == "needs both an alliance and a symptom series"
    assert any(n == "no WAI-SR scores: the alliance analyses are skipped" for n in a.notes)
    assert "series" in a.figure_names and "ruptures" not in a.figure_names


def test_bad_options_are_errors(bundle):
    with pytest.raises(ck.ArgumentError, match="norms"):
        ck.analyze_case(bundle, norms={"WAI-SR": {"sd": 8}})
    with pytest.raises(ck.ArgumentError, match="unknown keys"):
        ck.analyze_case(bundle, norms={"WAI-SR": {"sd": 8, "reliability": .9, "alpha": 1}})
    with pytest.raises(TypeError, match="seed"):
        ck.analyze_case(bundle, seed=1.5)
    with pytest.raises(ck.ArgumentError, match="one case"):
        two = pd.concat([bundle.ratings, bundle.ratings.assign(case="other")])
        ck.analyze_case(two)


def test_data_problems_raise_one_error_with_every_problem(bundle):
    r = bundle.ratings.copy()
    r.loc[r.index[:2], "value"] = 99.0      # two items outside 0-3
    with pytest.raises(ck.CaseDataError) as err:
        ck.analyze_case(r, phases=bundle.phases)
    assert len(err.value.problems) == 2


@pytest.mark.slow
def test_short_baseline_without_split_event_uses_first_long_phase(bundle):
    """Rule 3 on the teaching case without its contract_agreed event (formerly a papermill run
    of the template)."""
    events = bundle.events[bundle.events["event"] != "contract_agreed"]
    a = ck.analyze_case(bundle.ratings, events=events, phases=bundle.phases, norms=WAI_NORMS)
    cmp_ = a.comparison
    # P0 (intake) has 3 PHQ-9 scores, no contract_agreed event: P1 (sessions 4-10, 7 scores)
    # against P4 (sessions 35-44, 10 scores)
    assert (cmp_.baseline, cmp_.treatment) == ("P1", "P4")
    assert (cmp_.n_baseline, cmp_.n_treatment) == (7, 10)
    pw = a.tables["piecewise_regression"].summary.set_index("term")
    # P0 vs P4 gave a level-change CI 173 points wide; P1 vs P4 37 points
    assert pw.loc["level", "ci_upper"] - pw.loc["level", "ci_lower"] < 60
    assert "Comparing P1 (sessions 4–10) with P4 (sessions 35–44)" in a.paragraph()


def test_phase_parameters_without_phases_are_an_error(bundle):
    with pytest.raises(ck.ArgumentError, match="baseline_phase / treatment_phase"):
        ck.analyze_case(bundle.ratings.drop(columns="phase"), baseline_phase="P1")


def test_write_only_the_formats_asked(analysis, tmp_path):
    written = analysis.write(tmp_path, formats=("svg", "csv"))
    suffixes = {p.suffix for p in written}
    assert suffixes == {".svg", ".csv", ".txt", ".json"}
    assert (tmp_path / "figures" / "series.svg").is_file()
    assert not (tmp_path / "tables" / "tables.docx").exists()
    with pytest.raises(ValueError, match="formats"):
        analysis.write(tmp_path, formats=("gif",))


def test_figures_and_captions(analysis):
    import matplotlib.pyplot as plt

    assert analysis.figure_names == ["series", "changepoints", "ruptures", "gains",
                                     "jacobson"]
    fig = analysis.figure("ruptures")
    titles = [ax.get_title(loc="left") or ax.get_title() for ax in fig.axes]
    # each criterion in words with its threshold, above its panel
    assert [t.split(":")[0].replace("\n", " ") for t in titles if t] == [
        "2 SD (Stiles et al., 2004)", "stricter of 2 SD and RCI (Gumz et al., 2012)"]
    assert fig.get_suptitle().startswith("SIMULATED DATA (SIM-NPD-01)")
    plt.close(fig)
    assert analysis.figure_caption("series").startswith("WAI-SR (top) and PHQ-9 (bottom)")
    assert analysis.figure_caption("series").endswith("Simulated data.")
    with pytest.raises(ValueError, match="unknown figure"):
        analysis.figure("histogram")

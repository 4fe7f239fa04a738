"""The results paragraph says only what the numbers support (issue 12 item 2, issue 17 item 1).

Edge cases fed through ``analyze_case``: a ceiling NAP with a Tau-U above 1 (the teaching
case, P1 against P3), a clear change with missed sessions, a missing post score, a measure
rated once and no rupture (``ceiling``), and a case without change, without a sudden gain and
with one measure only (``flat``). Simulated data throughout.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import casekit as ck

WAI_NORMS = {"WAI-SR": {"sd": 8.0, "reliability": 0.91, "source": "placeholder"}}
PHASES = pd.DataFrame({"case": "E1", "phase": ["A", "B"], "start": [1, 8], "end": [7, 20],
                       "role": ["baseline", "intervention"], "definition": "a_priori"})


def _table(measure, sessions, values):
    return pd.DataFrame({"case": "E1", "session": sessions, "measure": measure,
                         "scale": "total", "value": values})


@pytest.fixture(scope="module")
def teaching():
    """The teaching case compared P1 against P3: NAP at its ceiling, Tau-U above 1."""
    case = ck.datasets.load_case("SIM-NPD-01")
    return ck.analyze_case(case, baseline_phase="P1", treatment_phase="P3", norms=WAI_NORMS)


@pytest.fixture(scope="module")
def ceiling():
    """Sessions 4 and 11 missed, PHQ-9 missing at session 20, CORE-10 rated once, a smooth
    alliance without ruptures; phases planned a priori."""
    sessions = [s for s in range(1, 21) if s not in (4, 11)]
    phq = [19, 20, 18, 20, 19, 18] + [8, 7, 6, 7, 6, 5, 6, 5, 6, 5, 4, np.nan]
    noise = [0.3, -0.5, 0.2, 0.6, -0.4, 0.1, -0.2, 0.5, -0.6, 0.3, 0.0, -0.3, 0.4, -0.1,
             0.2, -0.4, 0.5, -0.2]
    wai = np.round(np.linspace(30, 45, len(sessions)) + noise)
    ratings = pd.concat([_table("PHQ-9", sessions, phq), _table("WAI-SR", sessions, wai),
                         _table("CORE-10", [1], [22.0])], ignore_index=True)
    return ck.analyze_case(ratings, phases=PHASES, norms=WAI_NORMS)


@pytest.fixture(scope="module")
def flat():
    """No change, no sudden gain, PHQ-9 only."""
    noise = [1, 0, -1, 1, 0, 0, -1, 1, -1, 0, 1, 0, -1, 0, 1, -1, 0, 1, 0, -1]
    return ck.analyze_case(_table("PHQ-9", range(1, 21), [12.0 + v for v in noise]),
                           phases=PHASES)


def _never(text: str) -> None:
    """What no paragraph may contain."""
    assert "nan" not in text.lower()
    # 1.00 only as NAP at its ceiling and as the upper limit of its interval
    assert "1.00" not in text.replace("NAP = 1.00", "").replace(", 1.00]", ""), text
    assert not re.search(r"\bp = (0\.|1\.0)", text)            # p without a leading zero
    assert not re.search(r"\b(\d+)\s*[–-]\s*\1\b", text)       # no "23–23" interval
    assert "t-test" not in text and "t test" not in text       # the calibrated test only
    assert "-0." not in text                                   # true minus signs


def test_ceiling_nap_and_tau_u_above_one(teaching):
    text = teaching.paragraph()
    _never(text)
    assert "all treatment sessions were better than every baseline session (NAP = 1.00, " \
           "95% CI [.80, 1.00])" in text
    assert "Tau-U (A vs. B − Trend A; Parker et al., 2011) = 1.08, a value beyond ±1" in text
    # Tau-U keeps its leading zero (the statistic of this name can exceed 1), as in Table 5
    assert "the bounded variant (Kendall's tau-b over all pairs, scan's default) gave " \
           "Tau-U = 0.68" in text


def test_probabilities_intervals_and_every_precedence_analysis(teaching):
    text = teaching.paragraph()
    assert "The data are simulated (teaching case SIM-NPD-01)" in text
    assert "were defined post hoc, so every analysis below is descriptive" in text
    # AR(1)-aware change-point posteriors (bayes_changepoint's default since issue 17)
    assert "probability that the alliance changed before the symptoms was .94" in text
    # a one-session credible interval is never presented as certain (issue 17 item 1)
    assert "the symptoms (PHQ-9) most likely changed after session 23 (the 95% credible " \
           "interval holds session 23 only, a precision that rests on the model's " \
           "assumptions;" in text
    assert "interval: at session 23" not in text
    assert "(95% credible interval: between sessions 4 and 24;" in text
    assert "The lagged test on the detrended series, with both directions tested" in text
    assert re.search(r"alliance predicting the next symptom change, b = −0\.\d\d, "
                     r"p = \.\d{3}; symptoms predicting the next alliance change", text)
    assert "a gain of 8 points between sessions 23 and 24" in text
    assert "(parametric bootstrap p = ." in text
    # the interval beside the bootstrap p is the bootstrap-t interval of the same bootstrap
    assert re.search(r"parametric bootstrap p = \.\d{3}, 95% bootstrap-t CI \[", text)
    # the posterior comparison is hedged, the lagged test states its multiplicity rule
    assert "rests on one change per series" in text
    assert "AR(1)-surrogate p values, Holm-adjusted over the two directions)" in text
    lag = teaching.tables["lagged_precedence"].summary
    for p in lag["p_adjusted"]:
        assert f"p {ck.tables.apa.format_p(p)}" in text
    # the change-point test names its trend-aware default model
    assert "The at-most-one-change test (a change in level and slope, allowing a linear " \
           "trend) placed the largest shift" in text


def test_missed_sessions_and_a_missing_post_score(ceiling):
    text = ceiling.paragraph()
    _never(text)
    # session 20 has no PHQ-9 score: the post score is session 19's, and the text says so
    assert "to 4 at session 19 (the last score: session 20 has none)" in text
    assert "The phases (A and B) were planned a priori." in text
    # 6 baseline scores on sessions 1-7 (session 4 missed): the change follows session 7,
    # not position 6
    assert "the symptoms (PHQ-9) most likely changed after session 7 " in text
    assert "in PHQ-9 after session 7 (p " in text
    assert "between sessions 7 and 8" in text
    assert "CORE-10 has a score at session 1 only, so its change cannot be assessed." in text
    # reliably improved from session 8 on, but sessions 11 (missed) and 20 (no PHQ-9 score)
    # have no score: "every session" would claim them too
    assert "PHQ-9 was reliably improved at every rated session from session 8 on (sessions 11 " \
           "and 20 have no PHQ-9 score)." in text
    assert "Missed sessions were left out, never filled in" in text
    assert "simulated" not in text.lower()


def test_a_ceiling_without_a_trend_and_no_rupture(ceiling):
    text = ceiling.paragraph()
    assert "all treatment sessions were better than every baseline session (NAP = 1.00, " \
           "95% CI [" in text
    assert "In WAI-SR, no rupture episode met the 2-SD criterion (Stiles et al., " \
           "2004) or the Gumz-type criterion" in text
    assert "no ruptures noted in the events: detections are not compared with noted " \
           "ruptures" in ceiling.notes


def test_no_change_no_gain_one_measure(flat):
    text = flat.paragraph()
    _never(text)
    assert "to 11 at session 20, a change of −2 points that Jacobson and Truax's (1991) " \
           "criteria classify as unchanged, no reliable change (reliable-change criterion 6 " \
           "points, cutoff 10)" in text
    assert re.search(r"NAP = \.\d\d, 95% CI \[\.\d\d, \.\d\d\]", text)
    assert "No sudden gain in PHQ-9 met the Tang and DeRubeis (1999) criteria" in text
    assert "only" in text and "no change location is reported" in text
    assert "not significant" in text
    for absent in ("WAI-SR", "rupture", "lagged", "alliance changed"):
        assert absent not in text
    assert flat.skipped == {"rupture_repair": "needs the alliance measure",
                            "precedence": "needs both an alliance and a symptom series"}


def test_numbers_go_through_the_apa_formatter(teaching):
    text = teaching.paragraph()
    for p in re.findall(r"\bp (?:= |< |> )(\S+?)[,;)]", text):
        assert re.fullmatch(r"\.\d{3}|\.001|\.999", p), p
    assert "−13 points" in text          # U+2212, never a hyphen-minus


def test_low_power_of_the_change_test_is_said(flat):
    amoc = flat.results["amoc/PHQ-9"]
    text = flat.paragraph()
    if amoc.power_note:
        assert "does not show that nothing changed" in text
        assert "documented power below 50% for PHQ-9" in text
    else:  # pragma: no cover - the documented power is low at n = 20 for every phi
        assert "does not show that nothing changed" not in text


def test_episode_counts_read_as_english():
    import pandas as pd

    from casekit.case.paragraph import _repaired

    def eps(*statuses):
        return pd.DataFrame({"status": list(statuses)})

    assert _repaired(eps()) == ""
    assert _repaired(eps("repaired")) == ", repaired"
    assert _repaired(eps("unrepaired")) == ", not repaired"
    assert _repaired(eps("repaired", "repaired")) == ", all repaired"
    assert _repaired(eps("unrepaired", "censored")) == ", none of them repaired"
    assert _repaired(eps("repaired", "unrepaired", "censored")) == ", one of them repaired"


def test_precedence_caveat_follows_the_error_model(teaching):
    # the false-claim rate quoted must be that of the model used (docs/calibration_bayes.md)
    text = teaching.paragraph()
    assert teaching.tables["changepoint_precedence"].options["errors"] == "ar1"
    assert "with AR(1) errors, when both series changed at the same session, it exceeded " \
           ".95 in at most 1% of pairs in calibration runs" in text
    assert "13%" not in text


def test_rupture_counts_come_with_what_chance_alone_finds(teaching):
    # issue 17 item 7: the 2-SD criterion finds episodes on pure noise
    text = teaching.paragraph()
    th = teaching.tables["rupture_repair"].thresholds
    expected = th.set_index("criterion")["false_episodes"]
    assert "without ruptures, the 2-SD criterion finds " \
           f"{expected['stiles2sd']:.1f} episodes per series" in text
    assert "so the number of episodes alone is weak evidence; the agreement with the " \
           "ruptures the therapist noted is the firmer finding." in text


@pytest.fixture(scope="module")
def staggered():
    """Every session rated, but PHQ-9 missing at session 6 and WAI-SR at session 13 (a blank
    row), and PHQ-9 without a row at session 16 (a form left out; WAI-SR rated)."""
    sessions = list(range(1, 21))
    phq = [19.0, 20, 18, 20, 19, np.nan, 18, 19] + [8, 7, 6, 7, 6, 5, 6, 5, 6, 5, 4, 5]
    wai = [30.0, 31, 30, 32, 31, 32, 31, 33, 40, 41, 42, 41, np.nan, 43, 42, 44, 43, 44, 45, 44]
    p = _table("PHQ-9", sessions, phq)
    ratings = pd.concat([p[p["session"] != 16], _table("WAI-SR", sessions, wai)],
                        ignore_index=True)
    phases = PHASES.assign(start=[1, 9], end=[8, 20])
    return ck.analyze_case(ratings, phases=phases, norms=WAI_NORMS)


def test_missed_sessions_of_each_measure_are_stated(staggered):
    # no session lacks every rating, yet each series has gaps: the caveat belongs
    assert "Missed sessions were left out, never filled in" in staggered.paragraph()


def test_a_score_without_a_row_is_noted_like_a_blank_one(staggered):
    # PHQ-9 has no row at session 16 (WAI-SR was rated): left out, and the notes say so
    assert "PHQ-9: no score at sessions 6, 16 (left out of the analyses)" in staggered.notes
    assert "WAI-SR: no score at session 13 (left out of the analyses)" in staggered.notes


def test_a_measure_given_now_and_then_by_design_is_not_a_missed_session():
    # PHQ-9 every session, BDI-II at sessions 1 and 20 only, CORE-10 every fifth: no session
    # was missed, and the notes do not list 36 "missing" BDI-II and CORE-10 sessions
    sessions = list(range(1, 21))
    phq = [19.0, 20, 18, 20, 19, 18, 18, 19] + [8, 7, 6, 7, 6, 5, 6, 5, 6, 5, 4, 5]
    ratings = pd.concat([_table("PHQ-9", sessions, phq), _table("BDI-II", [1, 20], [30.0, 12]),
                         _table("CORE-10", [1, 6, 11, 16], [24.0, 22, 12, 10])],
                        ignore_index=True)
    a = ck.analyze_case(ratings, phases=PHASES.assign(start=[1, 9], end=[8, 20]))
    assert "Missed sessions were left out" not in a.paragraph()
    assert not [n for n in a.notes if "no score at session" in n]


def test_every_session_means_every_session_when_none_was_missed(teaching):
    assert "PHQ-9 was reliably improved at every session from session 24 on." in \
        teaching.paragraph()


def test_improved_from_names_the_sessions_without_a_score():
    from types import SimpleNamespace

    from casekit.case.paragraph import _improved_from

    def said(rated, last):
        scores = pd.DataFrame({"session": range(1, last + 1)})
        src = SimpleNamespace(summary=pd.DataFrame({"session": rated}))
        a = SimpleNamespace(symptom_measure="PHQ-9", scores=scores)
        return _improved_from(a, src, 9)

    assert said(list(range(1, 21)), 20).endswith("at every session from session 9 on.")
    # a session missed before the stretch does not matter
    assert said([s for s in range(1, 21) if s != 5], 20).endswith(
        "at every session from session 9 on.")
    assert said([s for s in range(1, 21) if s != 12], 20).endswith(
        "at every rated session from session 9 on (session 12 has no PHQ-9 score).")
    assert said([s for s in range(1, 20) if s != 12], 20).endswith(
        "at every rated session from session 9 on (sessions 12 and 20 have no PHQ-9 score).")
    assert said(list(range(1, 11)) + [15, 20], 20).endswith(
        "at every rated session from session 9 on (eight sessions have no PHQ-9 score).")


def test_an_unrepaired_episode_is_never_called_a_rupture_repair_episode():
    from casekit.case.paragraph import _episodes, _repaired

    def said(*statuses):
        e = pd.DataFrame({"status": list(statuses)})
        return _episodes(e) + _repaired(e)

    assert said("repaired") == "one rupture–repair episode, repaired"
    assert said("unrepaired") == "one rupture episode, not repaired"
    assert said("censored") == "one rupture episode, not repaired"
    assert said("repaired", "repaired") == "two rupture–repair episodes, all repaired"
    assert said("unrepaired", "censored") == "two rupture episodes, none of them repaired"
    assert said(*["repaired"] * 7, "unrepaired", "unrepaired") == \
        "nine rupture episodes, seven of them repaired"
    assert said() == "no rupture episodes"


def test_a_nap_interval_reads_the_same_in_both_report_tables(teaching):
    # NAP cannot exceed 1: no leading zero in the phase summary's NAP column nor in the NAP
    # rows of the effect-size table, although that table also holds Tau-U (APA 7, 6.36)
    tables = teaching.apa_tables()
    ps, es = tables["phase_summary"].to_frame(), tables["effect_sizes"].to_frame()
    ci = next(c for c in es.columns if c.endswith("CI"))
    for m in ("PHQ-9", "WAI-SR"):
        in_phases = ps.loc[(ps["Measure"] == m) & (ps["Phase"] == "P3"), "NAP CI"].item()
        nap_row = es[(es["Measure"] == m) & (es["Effect size"] == "NAP")]
        assert nap_row[ci].item() == in_phases == "[.80, 1.00]"
        assert nap_row["Estimate"].item() == "1.00" and nap_row["SE"].item().startswith(".")
    naps = ps["NAP CI"][ps["NAP CI"] != "—"].tolist() + \
        es.loc[es["Effect size"] == "NAP", ci].tolist()
    assert naps and all(c.startswith("[.") for c in naps), naps


def test_the_tau_u_interval_is_explained_where_it_is_printed(teaching):
    # scan's Fisher-z interval sits beside an SE it does not come from: the notes say so
    tables = teaching.apa_tables()
    es = " ".join(tables["effect_sizes"].general_note())
    ps = " ".join(tables["phase_summary"].general_note())
    for note in (es, ps):
        assert "Fisher-z interval as scan" in note and "sqrt(N − 3)" in note
    assert "not Tau-U ± 1.96 SE" in es
    assert "not Tau-U ± 1.96 SE" not in ps  # the phase summary has no SE column

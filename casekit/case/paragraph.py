"""The results paragraph of a case report, in APA style, from the typed results.

:func:`results_paragraph` writes one sentence (or a few) per analysis that ran, in report
order, and nothing for a section that was skipped. It says only what the numbers support:

* every number goes through :mod:`casekit.tables.apa` (one formatter for tables and text):
  p values without a leading zero, probabilities as "> .99" / "< .01" at the ends (never
  1.00), intervals "[lo, hi]" with true minus signs;
* a location is a session number: "after session 17", a credible interval "between sessions
  15 and 18" or, when it holds one session, "at session 23";
* NAP at its ceiling reads "all treatment sessions were better than every baseline session
  (NAP = 1.00)", with its interval only when the interval is not degenerate;
* Tau-U is named by its variant; a value outside −1..1 (possible for "A vs. B − Trend A") is
  explained and the bounded variant reported beside it;
* of the piecewise regression only the calibrated test is reported (the parametric-bootstrap
  p), not the AR(1) *t*-test nor its *t* interval;
* every analysis run on a question is reported: for precedence both the posterior comparison
  (with its caveat: too sharp under autocorrelation) and the lagged test (both directions,
  Holm-adjusted p values and the rule named);
* a one-session credible interval is said to rest on the model, never presented as certain;
  the at-most-one-change test names its model and says when its documented power is low;
* the piecewise regression's interval is the bootstrap-t interval of the same bootstrap;
* phases defined post hoc make every analysis descriptive, and the paragraph says so; it says
  when the data are simulated, and it hedges what one case can show.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from ..alliance import PrecedenceResult, RuptureAgreementResult, RuptureRepairResult
from ..changepoint import AmocResult, BayesChangepointResult
from ..clinical import ReliableChangeResult, SessionReliableChangeResult
from ..effects import EffectSizeResult
from ..its import PiecewiseRegressionResult
from ..results import Result
from ..tables.apa import (
    format_ci,
    format_estimate,
    format_integer,
    format_p,
    format_prob,
    format_session,
    format_sessions,
)
from ._sections import CRITERION_SHORT, CRITERION_SOURCES, criteria_of
from .comparison import event_words

if TYPE_CHECKING:
    from .analysis import CaseAnalysis

__all__ = ["results_paragraph", "CATEGORY_WORDS", "NUMBER_WORDS"]

#: What a Jacobson-Truax category means, after its name in a sentence.
CATEGORY_WORDS = {
    "recovered": ", a reliable and clinically significant improvement",
    "improved": ", a reliable improvement",
    "unchanged": ", no reliable change",
    "deteriorated": ", a reliable deterioration",
    "harmed": ", a reliable and clinically significant deterioration",
}
#: Numbers spelled out at the start of a sentence and below 10 (APA 7, 6.32).
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


_R = TypeVar("_R", bound=Result)


def _as(res: Result, cls: type[_R]) -> _R:
    """``res`` (a table or result of the analysis) as the class the analysis stores under
    its name."""
    assert isinstance(res, cls), f"{type(res).__name__} is not {cls.__name__}"
    return res


def _table(a: CaseAnalysis, name: str, cls: type[_R]) -> _R | None:
    """The table ``name`` of the analysis, ``None`` when it was not made."""
    res = a.tables.get(name)
    return None if res is None else _as(res, cls)


def _row(frame: pd.DataFrame, label: str) -> pd.Series:
    """The row of ``label`` (an index of unique labels)."""
    row = frame.loc[label]
    assert isinstance(row, pd.Series)
    return row


def _count(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < 10 else format_integer(n)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _score(x: float) -> str:
    """A score: an integer when whole, else two decimals."""
    return format_integer(x) if float(x).is_integer() else format_estimate(x, 2)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{_count(n)} {word if n == 1 else (plural or word + 's')}"


def _ok(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


# -- data and design -------------------------------------------------------------------------
def _data_sentences(a: CaseAnalysis) -> list[str]:
    out = []
    if a.simulated:
        out.append(f"The data are simulated (teaching case {a.case}); they are not patient "
                   "data.")
    out.append(f"All results describe one case ({a.case}); they show how this client's "
               "scores changed, not that treatment caused the change.")
    return out


def _design_sentence(a: CaseAnalysis) -> str | None:
    if a.phases is None or "definition" not in a.phases.columns:
        return None
    defs = sorted(set(a.phases["definition"].astype(str)))
    names = a.phases["phase"].astype(str).tolist()
    span = f"{names[0]}\u2013{names[-1]}" if len(names) > 2 else " and ".join(names)
    if defs == ["a_priori"]:
        return f"The phases ({span}) were planned a priori."
    how = " or ".join(d.replace("_", " ") for d in defs if d != "a_priori")
    return (f"The phases ({span}) were defined {how}, so every analysis below is descriptive: "
            "no test evaluates a planned phase change.")


# -- reliable change ---------------------------------------------------------------------------
def _constants(a: CaseAnalysis, m: str, row: pd.Series) -> str:
    rc = _as(a.results[f"reliable_change/{m}"], ReliableChangeResult)
    given = a.norms.get(m, {})
    stated = " from stated norms" if {"sd", "reliability", "rci"} & set(given) else ""
    cutoff = ""
    if _ok(row["cutoff"]):
        cutoff = (", stated cutoff " if "cutoff" in given else ", cutoff ") + \
            _score(row["cutoff"])
    return f"reliable-change criterion {_score(rc.threshold)} points{stated}{cutoff}"


def _unscored_after(a: CaseAnalysis, m: str, session: float) -> list[int]:
    """Sessions after ``session`` with a row of ``m`` but no score (a missing post score)."""
    s = a.scores[(a.scores["measure"] == m) & (a.scores["scale"] == "total")]
    return sorted(int(x) for x in s.loc[s["value"].isna() & (s["session"] > session),
                                          "session"])


def _rc_primary(a: CaseAnalysis, m: str, row: pd.Series) -> str:
    words = row["category"] + CATEGORY_WORDS.get(row["category"], "")
    gone = _unscored_after(a, m, row["post_session"])
    last = ""
    if gone:
        listed = _join([format_session(x) for x in gone])
        last = (f" (the last score: session{'s' if len(gone) > 1 else ''} {listed} "
                f"{'have' if len(gone) > 1 else 'has'} none)")
    return (f"{m} scores went from {_score(row['pre'])} at session "
            f"{format_session(row['pre_session'])} to {_score(row['post'])} at session "
            f"{format_session(row['post_session'])}{last}, a change of "
            f"{_score(row['change'])} points that Jacobson and Truax's (1991) criteria "
            f"classify as {words} ({_constants(a, m, row)}).")


def _rc_others(a: CaseAnalysis, ms: list[str], rows: pd.DataFrame) -> str:
    bits = []
    for m in ms:
        r = _row(rows, m)
        bits.append(f"{m} from {_score(r['pre'])} (session {format_session(r['pre_session'])}) "
                    f"to {_score(r['post'])} (session {format_session(r['post_session'])}), "
                    f"{r['category']} ({_constants(a, m, r)})")
    return f"On the other measures: {'; '.join(bits)}."


def _rc_sentences(a: CaseAnalysis) -> list[str]:
    table = a.tables.get("reliable_change")
    out: list[str] = []
    if table is not None:
        rows = table.summary.set_index("measure", drop=False)
        index = [str(m) for m in rows.index]  # the measure labels (text)
        first = [m for m in (a.symptom_measure,) if m is not None and m in index] or [index[0]]
        out.append(_rc_primary(a, first[0], _row(rows, first[0])))
        rest = [m for m in (a.alliance_measure,)
                if m is not None and m in index and m not in first]
        rest += [m for m in index if m not in first and m not in rest]
        if rest:
            out.append(_rc_others(a, rest, rows))
    src = _table(a, "session_reliable_change", SessionReliableChangeResult)
    if src is not None:
        start = src.reliable_improvement_from()
        if start is not None:
            out.append(_improved_from(a, src, start))
    for m in _single_score_measures(a):
        s = a.scores[(a.scores["measure"] == m) & (a.scores["scale"] == "total")]
        sess = s.loc[s["value"].notna(), "session"]
        out.append(f"{m} has a score at session {format_session(sess.iloc[0])} only, so its "
                   "change cannot be assessed.")
    return out


def _improved_from(a: CaseAnalysis, src: SessionReliableChangeResult,
                   start: int | float) -> str:
    """"reliably improved at every session from session 9 on", exact when the symptom measure
    has no score at some sessions of the case from ``start`` on: "at every rated session from
    session 9 on (sessions 11 and 20 have no PHQ-9 score)"."""
    m = a.symptom_measure
    rated = {float(x) for x in src.summary["session"]}
    last = float(a.scores["session"].max())
    gaps = [x for x in range(math.ceil(float(start)), math.floor(last) + 1)
            if float(x) not in rated]
    lead = (f"Compared with the first score, {m} was reliably improved at every "
            f"{'rated ' if gaps else ''}session from session {format_session(start)} on")
    if not gaps:
        return lead + "."
    if len(gaps) > 4:
        return f"{lead} ({_count(len(gaps))} sessions have no {m} score)."
    listed = _join([format_session(x) for x in gaps])
    return (f"{lead} (session{'s' if len(gaps) > 1 else ''} {listed} "
            f"{'have' if len(gaps) > 1 else 'has'} no {m} score).")


def _single_score_measures(a: CaseAnalysis) -> list[str]:
    s = a.scores[(a.scores["scale"] == "total") & a.scores["value"].notna()]
    counts = s.groupby("measure")["session"].nunique()
    return sorted(str(m) for m, n in counts.items() if n == 1)


# -- the comparison ----------------------------------------------------------------------------
def _nap_text(res: EffectSizeResult) -> str:
    if res.est >= 1.0:
        text = "all treatment sessions were better than every baseline session (NAP = 1.00"
    elif res.est <= 0.0:
        text = "every treatment session was worse than every baseline session (NAP = .00"
    else:
        text = f"NAP = {format_estimate(res.est, 2, bounded=True)}"
        if _ok(res.ci_lower) and _ok(res.ci_upper) and res.ci_lower < res.ci_upper:
            text += f", 95% CI {format_ci(res.ci_lower, res.ci_upper, bounded=True)}"
        return text
    if _ok(res.ci_lower) and _ok(res.ci_upper) and res.ci_lower < res.ci_upper:
        text += f", 95% CI {format_ci(res.ci_lower, res.ci_upper, bounded=True)}"
    return text + ")"


def _tau_text(unbounded: EffectSizeResult, bounded: EffectSizeResult) -> str:
    # Tau-U keeps its leading zero in both variants, as in the tables: the statistic of this
    # name can exceed 1 (APA 7, 6.36), and the text and the tables print it alike
    est = unbounded.est
    name = "Tau-U (A vs. B \u2212 Trend A; Parker et al., 2011)"
    if abs(est) <= 1:
        text = f"{name} = {format_estimate(est, 2)}"
        if _ok(unbounded.ci_lower) and _ok(unbounded.ci_upper) and \
                unbounded.ci_lower < unbounded.ci_upper:
            text += f", 95% CI {format_ci(unbounded.ci_lower, unbounded.ci_upper)}"
        return text
    text = (f"{name} = {format_estimate(est, 2)}, a value beyond \u00b11 that this unbounded "
            "variant takes when the baseline trends against improvement; the bounded variant "
            "(Kendall's tau-b over all pairs, scan's default) gave Tau-U = "
            f"{format_estimate(bounded.est, 2)}")
    if _ok(bounded.ci_lower) and _ok(bounded.ci_upper) and bounded.ci_lower < bounded.ci_upper:
        text += f", 95% CI {format_ci(bounded.ci_lower, bounded.ci_upper)}"
    return text


def _comparison_sentences(a: CaseAnalysis) -> list[str]:
    c, m = a.comparison, a.symptom_measure
    if c is None or c.kind == "none" or m is None or f"nap/{m}" not in a.results:
        return []
    parts = c.parts
    assert parts is not None  # kind "phases" or "event"
    first, second = parts
    lead = f"Comparing {first} with {second} ({c.n_baseline} and {c.n_treatment} {c.counted})"
    if c.kind == "event":
        assert c.baseline_sessions is not None and c.treatment_sessions is not None
        (a0, a1), (b0, b1) = c.baseline_sessions, c.treatment_sessions
        lead = (f"Splitting the series after session {c.split_session} (the "
                f"{event_words(c.event)} event, a point chosen after the fact) and comparing "
                f"sessions {a0}\u2013{a1} with sessions {b0}\u2013{b1} ({c.n_baseline} and "
                f"{c.n_treatment} {c.counted})")
    nap_, parker, complete = (_as(a.results[f"{key}/{m}"], EffectSizeResult)
                              for key in ("nap", "tau_u_parker", "tau_u_complete"))
    out = [f"{lead}, {_nap_text(nap_)}; {_tau_text(parker, complete)}."]
    if c.too_short:
        out.append(f"With fewer than {c.min_size} scores in a period, these estimates are too "
                   "imprecise to interpret.")
    return out


def _piecewise_sentence(a: CaseAnalysis) -> list[str]:
    pw = _table(a, "piecewise_regression", PiecewiseRegressionResult)
    if pw is None:
        return []
    text = (f"A piecewise regression with AR(1) errors estimated a level change of "
            f"{format_estimate(pw.level_change, 2)} {a.symptom_measure} points at session "
            f"{format_session(pw.start_session)}")
    boot = _bootstrap_ci(pw)
    if _ok(pw.level_p_bootstrap):
        text += f" (parametric bootstrap p {format_p(pw.level_p_bootstrap)}"
        if boot.get("level"):
            text += f", 95% bootstrap-t CI {boot['level']}"
        text += ")"
    text += f" and a slope change of {format_estimate(pw.slope_change, 2)} points per session"
    if _ok(pw.slope_p_bootstrap):
        text += f" (p {format_p(pw.slope_p_bootstrap)}"
        if boot.get("slope"):
            text += f", 95% CI {boot['slope']}"
        text += ")"
    return [text + "."]


def _bootstrap_ci(pw: PiecewiseRegressionResult) -> dict[str, str]:
    """Bootstrap-t intervals of the level and slope changes (only those: an interval from the
    AR(1) t distribution is never printed beside the bootstrap p)."""
    tab = pw.summary
    if "ci_method" not in tab.columns:
        return {}
    out: dict[str, str] = {}
    for term in ("level", "slope"):
        row = tab[(tab["term"] == term) & (tab["ci_method"] == "bootstrap-t")]
        if len(row) == 1 and _ok(float(row["ci_lower"].iloc[0])):
            out[term] = format_ci(float(row["ci_lower"].iloc[0]),
                                  float(row["ci_upper"].iloc[0]))
    return out


# -- change points and precedence -----------------------------------------------------------
def _changepoint_sentences(a: CaseAnalysis) -> list[str]:
    bayes = [(m, _as(a.results[f"bayes_changepoint/{m}"], BayesChangepointResult)) for m in
             (a.alliance_measure, a.symptom_measure)
             if m is not None and f"bayes_changepoint/{m}" in a.results]
    if not bayes:
        return []
    parts, unlikely = [], []
    for m, b in bayes:
        if b.prob_change < 0.5:
            unlikely.append(f"{format_prob(b.prob_change)} for {_role(a, m)}")
            continue
        lo, hi = b.credible_interval_sessions
        if lo == hi:
            # a one-session interval is a statement about the model, not certainty
            where = (f"the 95% credible interval holds session {format_session(lo)} only, "
                     "a precision that rests on the model's assumptions")
        else:
            where = f"95% credible interval: {format_sessions(lo, hi)}"
        parts.append(f"{_role(a, m)} most likely changed after session "
                     f"{format_session(b.mode_session)} ({where}; posterior probability of a "
                     f"change {format_prob(b.prob_change)})")
    out = []
    if parts:
        out.append(f"Under a Bayesian model of one change per series, {_join(parts)}.")
    if unlikely:
        out.append(f"The Bayesian posterior probability of a change was only "
                   f"{_join(unlikely)}: no change location is reported.")
    amocs = [(m, _as(a.results[f"amoc/{m}"], AmocResult)) for m, _ in bayes
             if f"amoc/{m}" in a.results]
    if amocs:
        bits = [f"in {m} after session {format_session(r.session)} (p {format_p(r.p_value)}"
                + (", not significant)" if r.p_value > 0.05 else ")") for m, r in amocs]
        model = {r.options.get("model") for _, r in amocs}
        what = (" (a change in level and slope, allowing a linear trend)"
                if model == {"level_slope"} else "")
        out.append(f"The at-most-one-change test{what} placed the largest shift "
                   f"{_join(bits)}.")
        weak = [m for m, r in amocs if getattr(r, "power_note", "")]
        if weak:
            out.append(f"At this series length and autocorrelation, this change test detects a "
                       f"shift of one standard deviation rarely (documented power below 50% "
                       f"for {_join(weak)}), so a non-significant result does not show that "
                       "nothing changed.")
    return out


def _role(a: CaseAnalysis, m: str) -> str:
    if m == a.alliance_measure:
        return f"the alliance ({m})"
    if m == a.symptom_measure:
        return f"the symptoms ({m})"
    return m


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _precedence_sentences(a: CaseAnalysis) -> list[str]:
    prec = _table(a, "changepoint_precedence", PrecedenceResult)
    lag = a.tables.get("lagged_precedence")
    out = []
    if prec is not None:
        # the false-claim rates of docs/calibration_bayes.md (both series shifted at the
        # same session, n = 30, 400 pairs a cell): they depend on the error model used
        if prec.options.get("errors", "ar1") == "independent":
            caveat = ("is too sharp when the series are autocorrelated (with the "
                      "independent-errors model, when both series changed at the same session, "
                      "it exceeded .95 in up to 13% of pairs in calibration runs)")
        else:
            caveat = ("rests on one change per series (with AR(1) errors, when both series "
                      "changed at the same session, it exceeded .95 in at most 1% of pairs "
                      "in calibration runs)")
        out.append("Treating the two change-point posteriors as independent, the probability "
                   "that the alliance changed before the symptoms was "
                   f"{format_prob(prec.prob_precedes)}; this comparison {caveat}, so it "
                   "suggests an order rather than establishing one.")
    if lag is not None:
        rows = lag.summary.set_index("direction")
        adjusted = "p_adjusted" in rows.columns
        bits = []
        for direction, words in _directions(a, rows.index):
            r = rows.loc[direction]
            p = r["p_adjusted"] if adjusted else r["p_value"]
            bits.append(f"{words} b = {format_estimate(r['estimate'], 2)}, p "
                        f"{format_p(p)}")
        if adjusted:
            sig = [d for d in rows.index if bool(rows.loc[d, "significant"])]
        else:
            sig = [d for d in rows.index if rows.loc[d, "p_value"] <= 0.05]
        verdict = ("did not show that either series predicted the other's next change"
                   if not sig else "gave p ≤ .05 in " + _plural(len(sig), "direction")
                   + ", evidence of a session-to-session lead in this case only, not of "
                     "its cause")
        rules: dict[str | None, str] = {
            "holm": "Holm-adjusted over the two directions",
            "bonferroni": "Bonferroni-adjusted over the two directions"}
        rule = rules.get(lag.options.get("adjust"), "unadjusted for the two directions")
        out.append(f"The lagged test on the detrended series, with both directions tested, "
                   f"{verdict} ({'; '.join(bits)}; AR(1)-surrogate p values, {rule}).")
    return out


def _directions(a: CaseAnalysis, index: pd.Index) -> Iterator[tuple[Any, str]]:
    for d in index:
        text = str(d)
        if text.startswith(str(a.alliance_measure)):
            yield d, "alliance predicting the next symptom change,"
        else:
            yield d, "symptoms predicting the next alliance change,"


# -- sudden gains and ruptures ---------------------------------------------------------------
def _sudden_sentences(a: CaseAnalysis) -> list[str]:
    g = a.tables.get("sudden_gains")
    if g is None:
        return []
    rows = g.summary
    crit1 = g.options.get("sg_crit1_cutoff")
    criteria = "the Tang and DeRubeis (1999) criteria" + (
        f" (criterion 1: {_score(crit1)} points)" if crit1 is not None else "")
    if not len(rows):
        return [f"No sudden gain in {a.symptom_measure} met {criteria}."]
    parts = []
    r: Any  # a row of the gains table (pandas-stubs types its cells as a union)
    for r in rows.itertuples():
        pct = (f" ({format_integer(round(100 * r.change_proportion))}% of the total change)"
               if _ok(getattr(r, "change_proportion", None)) else "")
        rev = "reversed" if bool(r.reversed) else "not reversed"
        parts.append(f"a gain of {_score(abs(r.magnitude))} points "
                     f"{format_sessions(r.pregain_session, r.postgain_session)}{pct}, {rev}")
    n = len(rows)
    return [f"{_cap(_plural(n, 'sudden gain'))} in {a.symptom_measure} met {criteria}: "
            f"{'; '.join(parts)}."]


def _criterion(name: str, cite: bool = False) -> str:
    short = CRITERION_SHORT.get(name, name)
    return f"{short} ({CRITERION_SOURCES[name]})" if cite and name in CRITERION_SOURCES \
        else short


_EPISODE = "rupture\u2013repair episode"
#: An episode not (or not always) repaired: a rupture, never called a rupture-repair episode.
_RUPTURE = "rupture episode"


def _repaired(e: pd.DataFrame) -> str:
    n, rep = len(e), int((e["status"] == "repaired").sum())
    if n == 0:
        return ""
    if n == 1:
        return ", repaired" if rep else ", not repaired"
    if rep == 0:
        return ", none of them repaired"
    return ", all repaired" if rep == n else f", {_count(rep)} of them repaired"


def _episodes(e: pd.DataFrame) -> str:
    """The episodes of one criterion, counted: "rupture–repair episodes" only when every one
    was repaired, else "rupture episodes" with how many were repaired ("one rupture episode
    ..., not repaired"; "nine rupture episodes ..., seven of them repaired")."""
    n, rep = len(e), int((e["status"] == "repaired").sum())
    return _plural(n, _EPISODE if n and rep == n else _RUPTURE)


def _rupture_sentences(a: CaseAnalysis) -> list[str]:
    rr = _table(a, "rupture_repair", RuptureRepairResult)
    if rr is None:
        return []
    eps = rr.summary
    crits = criteria_of(rr)
    if not len(eps):
        named = " or the ".join(_criterion(c, cite=True) for c in crits)
        out = [f"In {a.alliance_measure}, no {_RUPTURE} met the {named}."]
    else:
        bits = []
        for crit in crits:
            e = eps[eps["criterion"] == crit]
            bits.append(f"{_episodes(e)} under the "
                        f"{_criterion(crit, cite=True)}{_repaired(e)}")
        joined = bits[0] if len(bits) == 1 else ", ".join(bits[:-1]) + ", and " + bits[-1]
        out = [f"In {a.alliance_measure}, the detection found {joined}."]
    ag = _table(a, "rupture_agreement", RuptureAgreementResult)
    if ag is not None:
        counts = ag.counts.set_index("criterion")
        noted = int(counts["noted"].iloc[0])
        extra = {c: int(counts.loc[c, "detections_unnoted"]) for c in counts.index}
        if not any(extra.values()):
            tail = "no criterion detected an episode where the therapist had noted none"
        else:
            tail = _join([f"the {_criterion(c)} detected {_plural(k, 'episode')} where the "
                          "therapist had noted none" for c, k in extra.items()])
        out.append(f"{_noted(counts, noted)}; {tail}.")
    chance = _false_alarms(rr, crits, noted=ag is not None)
    if chance:
        out.append(chance)
    return out


def _false_alarms(rr: RuptureRepairResult, crits: list[str], *, noted: bool) -> str:
    """What each criterion finds by chance: its expected episodes per series on null series
    of the same length and autocorrelation (rupture_repair's ``false_episodes``)."""
    th = rr.thresholds
    if "false_episodes" not in th.columns or not len(th):
        return ""
    by = th.groupby("criterion")["false_episodes"].mean()
    known = [c for c in crits if c in by.index and math.isfinite(float(by[c]))]
    if not known:
        return ""
    bits = [f"the {_criterion(c)} {by[c]:.1f}" for c in known]
    bits[0] = bits[0].replace(f" {by[known[0]]:.1f}", f" finds {by[known[0]]:.1f} episodes per "
                              "series", 1)
    phi = float(th["null_phi"].mean()) if "null_phi" in th.columns else float("nan")
    # a coefficient bounded by 1: no leading zero (APA 7, 6.36), a true minus sign
    coef = f"{phi:.2f}".replace("0.", ".", 1).replace("-", "\u2212")
    at = f" (\u03c6 = {coef})" if math.isfinite(phi) else ""
    return (f"On series of the same length and autocorrelation{at} without ruptures, "
            f"{_join(bits)} by chance, so the number of episodes alone is weak evidence"
            + ("; the agreement with the ruptures the therapist noted is the firmer finding."
               if noted else "."))


def _noted(counts: pd.DataFrame, noted: int) -> str:
    """How many of the noted ruptures each criterion detected, in words."""
    if noted == 1:
        by = [_criterion(c) for c in counts.index if counts.loc[c, "noted_detected"] > 0]
        if not by:
            return "The therapist noted one rupture, which no criterion detected"
        return ("The therapist noted one rupture, which the " + _join(by) + " detected")
    found = [f"the {_criterion(c)} detected {_count(int(counts.loc[c, 'noted_detected']))}"
             for c in counts.index]
    return f"Of the {_plural(noted, 'rupture')} the therapist noted, {_join(found)}"


def _closing(a: CaseAnalysis) -> list[str]:
    return ["Missed sessions were left out, never filled in; every location is a session "
            "number."] if _missed(a) else []


def _missed(a: CaseAnalysis) -> bool:
    s = a.scores[a.scores["scale"] == "total"]
    rated = sorted(set(s.loc[s["value"].notna(), "session"].astype(int)))
    if rated and len(rated) < (rated[-1] - rated[0] + 1):
        return True
    for _, m in s[s["value"].notna()].groupby("measure", sort=False):
        # per measure: PHQ-9 missed at 6 and WAI-SR at 13 leave no session unrated overall;
        # a measure rated at fewer than 2/3 of its sessions (BDI-II pre and post) is by design
        rated = sorted(set(m["session"].astype(int)))
        gaps = rated[-1] - rated[0] + 1 - len(rated)
        if 0 < gaps and 2 * gaps < len(rated):  # not a measure given by design now and then
            return True
    return False


def results_paragraph(analysis: CaseAnalysis) -> str:
    """The results paragraph of a :class:`~casekit.case.CaseAnalysis`.

    Parameters
    ----------
    analysis : CaseAnalysis
        A case analysis (:func:`casekit.analyze_case`).

    Returns
    -------
    str
        One paragraph, sentences in report order: the data (simulated?) and what one case can
        show, the design (phases planned or post hoc), reliable and clinically significant
        change, the comparison (NAP, Tau-U), the piecewise regression's calibrated test,
        change points, precedence (posterior comparison and lagged test), sudden gains and
        rupture-repair episodes. Sections that did not run are left out. Plain text (an
        author italicises the statistical symbols in the manuscript).

    Examples
    --------
    >>> import casekit                                        # doctest: +SKIP
    >>> a = casekit.analyze_case(casekit.datasets.load_case("SIM-NPD-01"))  # doctest: +SKIP
    >>> print(a.paragraph())                                  # doctest: +SKIP
    """
    sentences = _data_sentences(analysis)
    design = _design_sentence(analysis)
    if design:
        sentences.append(design)
    for part in (_rc_sentences, _comparison_sentences, _piecewise_sentence,
                 _changepoint_sentences, _precedence_sentences, _sudden_sentences,
                 _rupture_sentences, _closing):
        sentences += part(analysis)
    return " ".join(sentences)

"""What each result column is called in an APA table, and how its numbers print.

One registry, :data:`COLUMNS`, maps the column names casekit's results use (``.summary`` of
every result class, and the tables the case study builds) to an APA header (markup: ``*SE*``
is italic), a *kind* (how a cell prints) and, where the header is an abbreviation, its
definition for the table note. Result classes whose columns mean something else than the
default get overrides (:data:`BY_RESULT`); the columns a reader needs first are listed per
result class in :data:`MAIN_COLUMNS` (the rest go to a supplementary table).

Kinds
-----
``text``     the value as text
``bool``     "Yes" / "No"
``integer``  a count or a session number: printed as an integer (a non-whole value keeps its
             decimals: nothing is rounded away silently)
``score``    a score: integers when every value of the column is whole, else ``decimals``
``number``   ``decimals`` places
``bounded``  a statistic within [-1, 1] (correlation, proportion): no leading zero; a column
             holding a value outside [-1, 1] prints as ``number``
``es``       an effect-size estimate: ``bounded`` when every row's effect size (``es``
             column) is a bounded index (NAP, Tau, PND ...), else ``number``
``p``        a *p* value: ``.031``, ``< .001``
``prob``     a probability: ``.97``, ``> .99``, ``< .01``
``auto``     a column casekit does not know: ``bool``, ``integer``, ``number`` or ``text``
             from its values
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import NamedTuple, TypedDict

from ._markup import literal

__all__ = ["Spec", "COLUMNS", "BY_RESULT", "MAIN_COLUMNS", "BOUNDED_ES", "ES_NAMES",
           "INTERVALS", "spec_for", "known", "humanise", "KINDS"]

KINDS = ("text", "bool", "integer", "score", "number", "bounded", "es", "p", "prob", "auto")


class Spec(NamedTuple):
    """How one column appears in an APA table."""

    header: str                  # markup
    kind: str = "number"
    decimals: int | None = None  # None: the kind's default
    define: str | None = None    # "RCI = reliable change index" (markup), for the note
    key: bool = False            # identifies a row: repeated in a supplementary table
    setting: bool = False        # an option echoed on every row: a constant one goes to the note


class _IdOptions(TypedDict):
    kind: str
    key: bool


S = Spec
_ID: _IdOptions = {"kind": "text", "key": True}

#: column name -> Spec (casekit's results and the case-study tables)
COLUMNS: dict[str, Spec] = {
    # identifiers
    "case": S("Case", **_ID), "id": S("Case", **_ID), "measure": S("Measure", **_ID),
    "scale": S("Scale", **_ID), "series": S("Series", **_ID), "phase": S("Phase", **_ID),
    "term": S("Term", **_ID), "es": S("Effect size", **_ID), "criterion": S("Criterion", **_ID),
    "direction": S("Direction", **_ID), "quantity": S("Quantity", **_ID),
    "cutoff": S("Cutoff", "score"), "rater": S("Rater", **_ID), "item": S("Item", "integer"),
    "session": S("Session", "integer", key=True), "week": S("Week", "integer"),
    "date": S("Date", "text"), "break": S("Break", "integer", key=True),
    "k": S("*k*", "integer", define="*k* = position of the last observation before the change"),
    # estimates
    "est": S("Estimate", "es"), "estimate": S("Estimate"),
    "se": S("*SE*", define="*SE* = standard error"),
    "t": S("*t*"), "z": S("*z*"), "df": S("*df*", "score"), "J": S("*J*"),
    "statistic": S("Statistic"), "u": S("*U*"),
    "p": S("*p*", "p"), "p_value": S("*p*", "p"), "p_approx": S("*p* (approximate)", "p"),
    "p_permutation": S("*p* (permutation)", "p"), "p_ols": S("*p* (OLS)", "p",
                                                           define="OLS = ordinary least squares"),
    "p_adjusted": S("*p* (adjusted)", "p"), "significant": S("Significant", "bool"),
    "power_note": S("Power note", "text"),
    "p_trend": S("*p* (baseline trend)", "p"), "p_min": S("Smallest possible *p*", "p"),
    "n": S("*n*", "integer"), "n_baseline": S("*n* baseline", "integer"),
    "n_treatment": S("*n* treatment", "integer"), "n_a": S("*n*_{A}", "integer"),
    "n_b": S("*n*_{B}", "integer"), "n_cases": S("Cases", "integer"),
    "n_obs": S("Observations", "integer"), "n_items": S("Items", "integer"),
    "n_dropped": S("Dropped", "integer"), "n_boot": S("Bootstrap samples", "integer"),
    "n_admissible": S("Admissible start points", "integer"),
    "number_used": S("Assignments used", "integer"), "n_gains": S("Gains", "integer"),
    "n_items_answered": S("Items answered", "integer"), "n_pre": S("*n* pre", "integer"),
    "n_post": S("*n* post", "integer"),
    "mean": S("*M*", define="*M* = mean"), "sd": S("*SD*", define="*SD* = standard deviation"),
    "median": S("*Mdn*", define="*Mdn* = median"), "min": S("Min", "score"),
    "max": S("Max", "score"), "slope": S("Slope"), "intercept": S("Intercept"),
    "mean_baseline": S("*M* baseline"), "mean_treatment": S("*M* treatment"),
    "mean_before": S("*M* before"), "mean_after": S("*M* after"),
    "mean_pre": S("*M* pre-gain"), "mean_post": S("*M* post-gain"),
    "sd_pre": S("*SD* pre"), "sd_post": S("*SD* post"), "sd_pooled": S("Pooled *SD*"),
    "shift": S("Shift"), "slope_change": S("Slope change"),
    "improvement_shift": S("Shift toward improvement"),
    "estimate_improvement": S("Estimate toward improvement"),
    "phi": S("*φ*", "bounded", define="*φ* = lag-1 autocorrelation"),
    "phi_predictor": S("*φ* of predictor", "bounded", define="*φ* = lag-1 autocorrelation"),
    "phi_raw": S("*r*_{1} of predictor", "bounded", define="*r*_{1} = lag-1 autocorrelation"),
    "r1": S("*r*_{1}", "bounded", define="*r*_{1} = lag-1 autocorrelation"),
    "r2_change": S("Δ*R*^{2}", "bounded"), "alpha": S("Cronbach's *α*", "bounded"),
    "reliability": S("Reliability", "bounded"), "confidence": S("Confidence level", "bounded",
                                                               setting=True),
    "S_AB": S("*S*_{AB}", "integer"), "S_A": S("*S*_{A}", "integer"),
    "sem": S("*SEM*", define="*SEM* = standard error of measurement"),
    "s_diff": S("*S*_{diff}", define="*S*_{diff} = standard error of the difference"),
    "goal": S("Goal", "score"), "overlaps": S("Overlaps", "integer"), "ties": S("Ties"),
    # reliable change and clinical significance
    "pre": S("Pre", "score"), "post": S("Post", "score"), "change": S("Change", "score"),
    "value": S("Score", "score"), "reference": S("Reference score", "score"),
    "rci": S("RCI", define="RCI = reliable change index"),
    "reliable_change_points": S("Reliable change (points)", "score"),
    "band_lower": S("Band lower", "score"), "band_upper": S("Band upper", "score"),
    "reliable": S("Reliable change", "bool"), "improved": S("Improved", "bool"),
    "unchanged": S("Unchanged", "bool"), "deteriorated": S("Deteriorated", "bool"),
    "category": S("Category", "text"), "clinical": S("Clinical range", "text"),
    "source": S("Source", "text"),
    # effect-size and method options echoed per row
    "improvement": S("Improvement", "text", setting=True),
    "se_method": S("*SE* method", "text", setting=True),
    "ci_method": S("CI method", "text", setting=True),
    "method": S("Method option", "text", setting=True), "kendall": S("Kendall", "bool", setting=True),
    "pretest_trend": S("Pretest trend", "bool", setting=True),
    "std_dev": S("*SD* used", "text", setting=True),
    "bias_correct": S("Bias corrected", "bool", setting=True),
    "corrected": S("Trend corrected", "bool"), "options": S("Options", "text", setting=True),
    "note": S("Note", "text"), "noise_method": S("Noise estimator", "text", setting=True),
    # sudden gains (suddengains names)
    "pregain_session": S("Pre-gain session", "integer", key=True),
    "postgain_session": S("Post-gain session", "integer"),
    "value_n_minus2": S("Score *n* − 2", "score"), "value_n_minus1": S("Score *n* − 1", "score"),
    "value_n": S("Score *n*", "score"), "value_n_plus1": S("Score *n* + 1", "score"),
    "value_n_plus2": S("Score *n* + 2", "score"), "value_n_plus3": S("Score *n* + 3", "score"),
    "pregain_value": S("Pre-gain score", "score"), "postgain_value": S("Post-gain score", "score"),
    "magnitude": S("Magnitude (points)", "score"),
    "tx_start_value": S("Score at start", "score"), "tx_end_value": S("Score at end", "score"),
    "tx_change": S("Total change (points)", "score"),
    "change_proportion": S("Proportion of total change"),
    "reversal_value": S("Reversal value", "score"), "reversed": S("Reversed", "bool"),
    "crit3_critical_value": S("Criterion 3 critical value"),
    "crit1": S("Criterion 1", "bool"), "crit2": S("Criterion 2", "bool"),
    "crit3": S("Criterion 3", "bool"), "result": S("Sudden gain", "bool"),
    "critical_value": S("Critical value"),
    # sudden gains by person (suddengains create_byperson names; sg_<measure>_... below)
    "id_sg": S("Gain ID", **_ID), "sg_crit123": S("Criteria 1–3 met", "bool"),
    "sg_session_n": S("Pre-gain session", "integer"), "sg_freq_byperson": S("Gains", "integer"),
    "sg_magnitude": S("Magnitude (points)", "score"),
    "sg_change_proportion": S("Proportion of total change"),
    "sg_reversal_value": S("Reversal value", "score"), "sg_reversal": S("Reversed", "bool"),
    # rupture-repair episodes and their agreement with noted ruptures
    "threshold": S("Threshold (points)"), "noise": S("Noise *SD*"),
    "reference_level": S("Reference level", "score"),
    "start": S("Start session", "integer", key=True), "start_value": S("Start score", "score"),
    "nadir": S("Nadir session", "integer"), "nadir_value": S("Nadir score", "score"),
    "repair_session": S("Repair session", "integer"), "depth": S("Depth (points)", "score"),
    "length": S("Length (sessions)", "integer"), "status": S("Status", "text"),
    "detected_by": S("Detected by", "text"), "noted": S("Noted", "integer"),
    "noted_detected": S("Noted and detected", "integer"),
    "noted_missed": S("Noted, not detected", "integer"),
    "detections": S("Detections", "integer"),
    "detections_unnoted": S("Detections not noted", "integer"),
    # change points
    "mode": S("Mode (*k*)", "integer"), "mode_session": S("Most likely session", "integer"),
    "prob_change": S("*P*(change)", "prob"), "mode_probability": S("*P*(mode)", "prob"),
    "ci_probability": S("Interval probability", "prob"),
    "bayes_factor": S("BF_{10}", define="BF_{10} = Bayes factor for a change against none"),
    "shift_mean": S("Shift *M*"), "shift_sd": S("Shift *SD*"),
    "phi_mean": S("*φ* *M*", "bounded", define="*φ* = lag-1 autocorrelation (posterior)"),
    "phi_sd": S("*φ* *SD*", define="*φ* = lag-1 autocorrelation (posterior)"),
    # regression, randomization
    "scan_term": S("scan term", "text"), "statistic_name": S("Test statistic", "text"),
    "complete": S("All assignments", "bool"),
    # simulation, scoring, validation
    "end": S("End session", "integer"), "level": S("Level"), "true_mean": S("True *M*"),
    "level_shift": S("Level shift"), "sigma": S("*σ*"), "change_point": S("Change point", "integer"),
    "score_type": S("Score type", "text"), "prorated": S("Prorated", "bool"),
    "risk_flag": S("Risk item endorsed", "bool"), "severity": S("Severity", "text"),
    "table": S("Table", "text"), "row": S("Row", "integer"), "column": S("Column", "text"),
    "problem": S("Problem", "text"), "warning": S("Warning", "text"),
    # case-study phase table
    "nap": S("NAP", "bounded", define="NAP = nonoverlap of all pairs"),
    "tau_u": S("Tau-U"), "tau": S("Tau", "bounded"),
}

#: Overrides where a class uses a name for something else: class name -> column -> Spec.
BY_RESULT: dict[str, dict[str, Spec]] = {
    "ClinicalCutoffs": {"cutoff": S("Cutoff", **_ID), "value": S("Value")},
    "AmocResult": {"ci_lower": S("", "integer"), "statistic": S("sup-*F*")},
    "BreakpointsResult": {"ci_lower": S("", "integer")},
    "BayesChangepointResult": {"ci_lower": S("", "integer")},
    "PrecedenceResult": {"ci_lower": S("", "integer")},
    "PettittResult": {"statistic": S("*K*", "score"), "u": S("*U*", "score")},
    "RandomizationTestResult": {"statistic": S("Observed statistic")},
    "SessionReliableChangeResult": {"change": S("Change from reference", "score")},
    "Crit1Cutoff": {"cutoff": S("Cutoff (points)")},
    "SimulatedSeries": {"start": S("Start session", "integer"), "n": S("*n*", "integer")},
}

#: Paired columns shown as one interval column ``[lo, hi]``: (lower, upper) -> header part.
INTERVALS: tuple[tuple[str, str], ...] = (
    ("ci_lower", "ci_upper"), ("band_lower", "band_upper"),
)

#: Effect sizes whose estimate cannot exceed 1 in absolute value (no leading zero).
BOUNDED_ES = frozenset({"NAP", "Tau", "Tau-BC", "PND", "PEM", "PAND", "IRD"})

#: Abbreviations of effect-size names, defined in the note when they appear in a table.
ES_NAMES = {
    "NAP": "nonoverlap of all pairs", "PND": "percentage of nonoverlapping data",
    "PEM": "percentage exceeding the median", "PAND": "percentage of all nonoverlapping data",
    "IRD": "improvement rate difference", "SMD": "standardised mean difference",
    "LRRd": "log response ratio (decreasing)", "LRRi": "log response ratio (increasing)",
    "PoGO": "percent of goal obtained", "Tau-BC": "baseline-corrected Tau",
}

#: Columns a reader needs, per result class (the rest go to a supplementary table).
MAIN_COLUMNS: dict[str, tuple[str, ...]] = {
    "SuddenGainsResult": ("case", "measure", "pregain_session", "postgain_session",
                          "pregain_value", "postgain_value", "magnitude", "change_proportion",
                          "reversal_value", "reversed"),
    "EffectSizeResult": ("es", "est", "se", "ci_lower", "n_baseline", "n_treatment"),
    "RuptureRepairResult": ("case", "measure", "criterion", "threshold", "start", "nadir",
                            "nadir_value", "repair_session", "depth", "length", "status"),
    "AmocResult": ("session", "statistic", "p_value", "mean_before", "mean_after", "shift",
                   "ci_lower_session", "n"),
    "BayesChangepointResult": ("mode_session", "mode_probability", "ci_lower_session",
                               "prob_change", "bayes_factor", "shift_mean", "shift_sd", "n",
                               "phi_mean"),
    "BreakpointsResult": ("break", "session", "ci_lower_session"),
    "PettittResult": ("session", "statistic", "p_value", "n", "r1"),
    "PiecewiseRegressionResult": ("case", "term", "estimate", "se", "t", "df", "p", "ci_lower"),
    "MultilevelPiecewiseResult": ("term", "estimate", "se", "z", "p", "ci_lower"),
    "RandomizationTestResult": ("statistic_name", "statistic", "p_value", "n_admissible",
                                "n_a", "n_b"),
    "SessionReliableChangeResult": ("session", "value", "change", "band_lower", "category",
                                    "clinical"),
    "ReliableChangeResult": ("id", "pre", "post", "change", "rci", "category"),
    "LaggedPrecedenceResult": ("direction", "estimate", "se", "ci_lower", "p_value",
                               "p_adjusted", "n"),
    "CheckIntervalResult": ("crit1", "crit2", "crit3", "result", "mean_pre", "mean_post",
                            "critical_value"),
    "Result": (),
}

_WORDS = {"sd": "SD", "se": "SE", "ci": "CI", "rci": "RCI", "id": "ID", "ols": "OLS",
          "nap": "NAP", "ar": "AR", "bic": "BIC", "mad": "MAD", "sem": "SEM", "pnd": "PND",
          "phq": "PHQ", "wai": "WAI", "sg": "SG", "tx": "treatment", "pct": "%",
          "n": "n", "k": "k", "p": "p", "m": "M"}


def humanise(name: object) -> str:
    """A readable header for a column casekit does not know (never raw ``snake_case``).

    ``"mean_wai_sr"`` -> ``"Mean WAI SR"``; ``"nOutliers"`` -> ``"n outliers"``. A name that
    is not an identifier (``"Score (0-27)"``) is kept as it is. The result is markup with every
    special character escaped (the name prints as words, never styled).
    """
    text = str(name).strip()
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.]*", text):
        return literal(text or "(unnamed)")   # not an identifier: the name as it is
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", " ", text)   # camelCase -> camel Case
    words = [w for w in re.split(r"[_\s.]+", text) if w]
    if not words:
        return literal(text or "(unnamed)")
    out = []
    for w in words:
        lw = w.lower()
        if lw in _WORDS and (len(lw) > 1 or len(words) > 1):
            out.append(_WORDS[lw])
        elif len(w) <= 3 and w.isalpha() and not set(lw) & set("aeiouy"):
            out.append(w.upper())                    # sr, bf, cp: an acronym
        elif w[:1].isupper() and w[1:].islower():
            out.append(lw)                           # camelCase pieces
        else:
            out.append(w)
    if out[0][:1].islower() and len(out[0]) > 1 and out[0].isalpha():
        out[0] = out[0][0].upper() + out[0][1:]
    return literal(" ".join(out))


_PREFIX = re.compile(r"^(ci_lower|ci_upper)_(.+)$")
_SUFFIX = re.compile(r"^(.+)_(ci_lower|ci_upper)$")


# suddengains' per-measure columns: sg_PHQ_9_2n ... sg_PHQ_9_n3, sg_PHQ_9_tx_change
_SG_MEASURE = re.compile(r"sg_\w+?_(2n|1n|n|n1|n2|n3|tx_change)")
_SG_SPECS = {"2n": S("Score *n* − 2", "score"), "1n": S("Score *n* − 1", "score"),
             "n": S("Score *n*", "score"), "n1": S("Score *n* + 1", "score"),
             "n2": S("Score *n* + 2", "score"), "n3": S("Score *n* + 3", "score"),
             "tx_change": S("Total change (points)", "score")}


def _lower_first(markup: str) -> str:
    return markup[:1].lower() + markup[1:] if markup[1:2].islower() else markup


def _lookup(name: Hashable, result_class: str | None) -> tuple[Spec, bool]:
    if not isinstance(name, str):  # every registered name is text
        return Spec(humanise(name), "auto"), False
    if result_class and name in BY_RESULT.get(result_class, {}):
        spec = BY_RESULT[result_class][name]
        base = COLUMNS.get(name)
        return (spec if spec.header or base is None else spec._replace(header=base.header)), True
    if name in COLUMNS:
        return COLUMNS[name], True
    sg = _SG_MEASURE.fullmatch(name)
    if sg:
        return _SG_SPECS[sg.group(1)], True
    if name.startswith("detected_"):
        return Spec("Detected: " + literal(name[len("detected_"):]), "bool"), True
    if name.endswith("_session") or name.endswith("_sessions"):
        return Spec(humanise(name), "integer"), True
    if re.fullmatch(r"n_\w+", name):
        return Spec("*n* " + _lower_first(humanise(name[2:])), "integer"), True
    if re.fullmatch(r"p_\w+", name):
        return Spec("*p* (" + _lower_first(humanise(name[2:])) + ")", "p"), True
    return Spec(humanise(name), "auto"), False


def spec_for(name: Hashable, result_class: str | None = None) -> Spec:
    """The Spec of column ``name``: the result class's override, the registry, a naming
    pattern (``*_session``, ``n_*``, ``p_*``, ``detected_*``), else a humanised name."""
    return _lookup(name, result_class)[0]


def known(name: Hashable, result_class: str | None = None) -> bool:
    """Whether casekit knows column ``name`` (registry, override or naming pattern)."""
    return _lookup(name, result_class)[1]

# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Case report template
#
# **The default data are simulated.** Run as it is, this notebook analyses the bundled
# teaching case `SIM-NPD-01`: invented data that follow the order of events of a published
# narrative case report; no patient data (the publication reports no scores or session
# counts).
#
# To analyse your own case, run it with your files, either from the command line
#
# ```
# casekit report sessions.csv --events events.csv --phases phases.csv -o report/
# ```
#
# or with papermill (`papermill case_template.ipynb out.ipynb -p data_file sessions.csv ...`).
# The parameters are in the next cell. The notebook adapts to what the data contain: a
# section whose measure or table is absent is skipped with a printed message.
#
# Every figure (PDF, SVG, PNG) and table (CSV at full precision, LaTeX, HTML) is written to
# `output_dir`. The analyses are descriptive; phases decided after looking at the data
# (`post_hoc`, `data_driven`) are flagged wherever a test is reported.

# %% tags=["parameters"]
data_file = None        # ratings file (None: the bundled simulated case SIM-NPD-01)
read_options = {}       # options of casekit.read_sessions (format, layout, spec, sheet, ...)
events_file = None      # events table (case, session, event, note)
phases_file = None      # phase table (case, phase, start, end, role, definition)
case_id = None          # the case to analyse when the files hold several
alliance_measure = "WAI-SR"
symptom_measure = "PHQ-9"
baseline_phase = None   # None: the comparison is chosen by the rule of section 2
treatment_phase = None  # None: the comparison is chosen by the rule of section 2
output_dir = "output/case_template"
seed = 20240601
alliance_norms = None   # e.g. {"sd": 8.0, "reliability": 0.91, "source": "..."} for an RCI

# %%
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import casekit
from casekit.plot import (
    alliance_symptoms,
    changepoint_posterior_plot,
    rupture_repair_plot,
    save,
    session_series,
    sudden_gain_plot,
)
from casekit.results import Result

out = Path(output_dir)
out.mkdir(parents=True, exist_ok=True)
FIGURE_FORMATS = ("pdf", "svg", "png")
written = []


def run(label, func, *args, **kwargs):
    """Call an analysis; print its warnings as notes (stderr stays clean)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = func(*args, **kwargs)
    seen = set()
    for w in caught:
        text = f"{label}: {w.category.__name__}: {w.message}"
        if text not in seen:
            seen.add(text)
            print("note:", text)
    return value


def write_table(result, name, caption):
    """Write a Result as CSV (full precision), LaTeX and HTML."""
    result.summary.to_csv(out / f"{name}.csv", index=False)
    (out / f"{name}.tex").write_text(result.to_latex(caption=caption, label=f"tab:{name}"),
                                     encoding="utf-8")
    (out / f"{name}.html").write_text(result.to_html(), encoding="utf-8")
    written.extend(f"{name}.{ext}" for ext in ("csv", "tex", "html"))


def write_figure(fig, name):
    paths = save(fig, out / name, formats=FIGURE_FORMATS)
    written.extend(p.name for p in paths)


def corner(ax, text):
    """Panel label in the lower right corner (the top is taken by phase and event labels)."""
    ax.annotate(text, xy=(0.99, 0.03), xycoords="axes fraction", ha="right", va="bottom",
                fontsize="small")


def instrument_of(measure):
    """The registry entry of a measure, or None when the registry does not know it."""
    try:
        return casekit.get_instrument(measure)
    except KeyError:
        return None


# %% [markdown]
# ## 1. Data: load, validate, score
#
# Ratings are read with `casekit.read_sessions` (long or wide; CSV, Excel, SPSS, REDCap),
# events and phases with `casekit.read_events` / `casekit.read_phases`, and all three are
# validated together (`casekit.validate`: every problem at once, with its rows). Item rows
# are scored with `casekit.score` (registry keys, reverse items, prorating rules).

# %%
def read_table(reader, source, options=None):
    """Read one table for ``case_id``: ``case=`` labels a file without a case column and
    selects that case's rows from a file with one (an absent case is an error)."""
    options = dict(options or {})
    case = options.pop("case", None) or case_id
    return reader(source, validate=False, case=case, **options)


if data_file is None:
    bundle = casekit.datasets.load_case("SIM-NPD-01")
    ratings, events, phases = bundle.ratings, bundle.events, bundle.phases
    print(bundle.notice)
else:
    ratings = read_table(casekit.read_sessions, data_file, read_options)
    events = read_table(casekit.read_events, events_file) if events_file else None
    phases = read_table(casekit.read_phases, phases_file) if phases_file else None
    print(f"Data: {Path(data_file).name} (read with casekit.read_sessions)")

cases = sorted(ratings["case"].unique())
if len(cases) > 1:
    raise ValueError(f"the data hold {len(cases)} cases ({', '.join(cases)}); "
                     "set case_id to the one to analyse")
case = cases[0]
report = run("validation", casekit.validate, ratings, events=events, phases=phases)
print(f"Case {case}: sessions {ratings['session'].nunique()}, measures "
      f"{ratings['measure'].nunique()}; validation: problems {report.n_problems}, "
      f"warnings {report.n_warnings}")

# %%
items = ratings[ratings["item"].notna()] if "item" in ratings.columns else ratings.iloc[:0]
given = ratings[ratings["item"].isna()] if "item" in ratings.columns else ratings
parts = []
if len(items):
    parts.append(run("scoring", casekit.score, items))
    print("Scored from items:", ", ".join(sorted(items["measure"].unique())))
if len(given):
    keep = [c for c in ("case", "session", "date", "phase", "measure", "rater", "scale", "value")
            if c in given.columns]
    given = given[keep].copy()
    if "scale" not in given.columns or given["scale"].isna().any():
        print("note: score rows without a scale are read as scale 'total'")
        given["scale"] = given.get("scale", pd.Series(index=given.index, dtype="str"))
        given["scale"] = given["scale"].fillna("total")
    parts.append(given)
    print("Scores as given:", ", ".join(sorted(given["measure"].unique())))
scores = pd.concat(parts, ignore_index=True).sort_values(["measure", "session"],
                                                         kind="stable")
totals = scores[scores["scale"] == "total"].reset_index(drop=True)
measures = sorted(totals["measure"].unique())
print("Measures with total scores:", ", ".join(measures))


noted_gaps = set()


def series(measure):
    """Total scores of one measure in session order (missing scores left out, with a note)."""
    s = totals[totals["measure"] == measure].sort_values("session")
    if s["value"].isna().any():
        if measure not in noted_gaps:
            gone = s.loc[s["value"].isna(), "session"].tolist()
            print(f"note: {measure}: no score at sessions {gone} (left out)")
            noted_gaps.add(measure)
        s = s[s["value"].notna()]
    return s.reset_index(drop=True)


has_symptoms = symptom_measure in measures
has_alliance = alliance_measure in measures
if not has_symptoms:
    print(f"No {symptom_measure} scores: the symptom analyses are skipped.")
if not has_alliance:
    print(f"No {alliance_measure} scores: the alliance analyses (rupture-repair, "
          "precedence) are skipped.")
if events is None or not len(events):
    print("No events table: noted ruptures and events are not shown.")
    events = None

# %% [markdown]
# ## 2. Phases
#
# The phase table gives the design. Without one, a `phase` column of the ratings is used
# (the first phase is taken as baseline and the definition as `post_hoc`, the conservative
# reading).
#
# **Which two periods are compared** (NAP, Tau-U and the piecewise regression below). Set
# `baseline_phase` and/or `treatment_phase` to choose yourself (a phase left unset defaults
# to the phase with role `baseline`, else the first phase, and to the last phase). Otherwise
# the notebook takes the first comparison the data support, counting the scores of the
# symptom measure (or the rated sessions when there is none) and asking for at least 5 per
# period, the minimum per phase of the single-case design standards (Kratochwill et al. 2013,
# doi:10.1177/0741932512452794):
#
# 1. the baseline phase (role `baseline`, else the first phase) against the last phase;
# 2. else, when the events hold a `phase_change` or `contract_agreed` event (the first one
#    that leaves 5 scores on each side), the sessions up to and including that session
#    against the sessions after it — a naturalistic change point, analysed as `post_hoc`
#    (the approach of the case-study notebook);
# 3. else the first phase with at least 5 scores against the last phase;
# 4. else the baseline phase against the last phase, flagged as too short to estimate a
#    change.
#
# A 3-session intake against the last phase, for instance, gives a piecewise regression
# whose interval spans tens of points: honest, but uninformative. The cell prints the
# comparison used and why. Table 2 describes every later phase against the baseline phase of the
# comparison (the default baseline when the comparison is split at an event).

# %%
if phases is None and "phase" in ratings.columns and ratings["phase"].notna().all():
    labels = list(dict.fromkeys(ratings.sort_values("session")["phase"]))
    roles = {p: ("baseline" if i == 0 else "intervention") for i, p in enumerate(labels)}
    phases = casekit.schema.phases_from_column(ratings, roles=roles, definition="post_hoc")
    print("Phases taken from the phase column of the ratings (definition: post_hoc).")
has_phases = phases is not None and len(phases) >= 2

MIN_SCORES = 5        # per period: Kratochwill et al. (2013), doi:10.1177/0741932512452794
SPLIT_EVENTS = ("phase_change", "contract_agreed")
if has_symptoms:
    counted, counted_label = series(symptom_measure)["session"].to_numpy(), \
        f"{symptom_measure} scores"
else:
    counted, counted_label = np.sort(totals["session"].unique()), "rated sessions"


def n_between(lo, hi):
    """Number of counted scores (symptom scores, else rated sessions) in sessions lo..hi."""
    return int(((counted >= lo) & (counted <= hi)).sum())


comparison = None  # kind ("phases" / "event"), baseline, treatment, sessions, reason
if not has_phases and (baseline_phase is not None or treatment_phase is not None):
    raise ValueError("baseline_phase / treatment_phase are set but the data have no phases "
                     "(no phase table and no phase column): unset them or give the phases")
if has_phases:
    phases = phases.sort_values("start").reset_index(drop=True)
    order = phases["phase"].tolist()
    for name, label in (("baseline_phase", baseline_phase), ("treatment_phase", treatment_phase)):
        if label is not None and label not in order:
            raise ValueError(f"{name}={label!r} is not a phase of the data; "
                             f"valid: {', '.join(order)}")
    base_rows = phases[phases["role"] == "baseline"]
    default_base = base_rows["phase"].iloc[0] if len(base_rows) else order[0]
    counts = {r.phase: n_between(r.start, r.end) for r in phases.itertuples()}
    definitions = sorted(phases["definition"].unique())


def phase_comparison(a, b, reason):
    return {"kind": "phases", "baseline": a, "treatment": b, "reason": reason,
            "sessions": [(int(phases.loc[phases["phase"] == x, "start"].iloc[0]),
                          int(phases.loc[phases["phase"] == x, "end"].iloc[0])) for x in (a, b)]}


split_events = pd.DataFrame() if events is None else \
    events[events["event"].isin(SPLIT_EVENTS)].sort_values("session", kind="stable")
if has_phases and (baseline_phase is not None or treatment_phase is not None):
    a = baseline_phase if baseline_phase is not None else default_base
    b = treatment_phase if treatment_phase is not None else order[-1]
    comparison = phase_comparison(a, b, "set by the parameters baseline_phase / "
                                        "treatment_phase")
elif has_phases and default_base != order[-1] and counts[default_base] >= MIN_SCORES \
        and counts[order[-1]] >= MIN_SCORES:
    comparison = phase_comparison(
        default_base, order[-1],
        f"rule 1: the baseline phase {default_base} has {counts[default_base]} "
        f"{counted_label} (at least {MIN_SCORES})")
if comparison is None:
    for ev in split_events.itertuples():
        k = int(ev.session)
        n_a, n_b = n_between(-np.inf, k), n_between(k + 1, np.inf)
        if min(n_a, n_b) >= MIN_SCORES:
            short = (f"the baseline phase {default_base} has only {counts[default_base]} "
                     f"{counted_label}; " if has_phases else "no phase table; ")
            comparison = {
                "kind": "event", "baseline": "before", "treatment": "after", "event": ev.event,
                "split": k,
                "sessions": [(int(counted.min()), k), (k + 1, int(counted.max()))],
                "reason": f"rule 2: {short}split at the {ev.event} event of session {k} "
                          f"({n_a} {counted_label} up to session {k}, {n_b} after)"}
            break
if comparison is None and has_phases:
    firsts = [ph for ph in order[:-1] if counts[ph] >= MIN_SCORES]
    if firsts and counts[order[-1]] >= MIN_SCORES:
        comparison = phase_comparison(
            firsts[0], order[-1],
            f"rule 3: the baseline phase {default_base} has only {counts[default_base]} "
            f"{counted_label} and no {' / '.join(SPLIT_EVENTS)} event splits the series; "
            f"{firsts[0]} is the first phase with at least {MIN_SCORES}")
    else:
        comparison = phase_comparison(
            default_base, order[-1],
            f"rule 4: no two periods with at least {MIN_SCORES} {counted_label}; the "
            "estimates of change are too imprecise to interpret")
if comparison is not None:
    (lo_a, hi_a), (lo_b, hi_b) = comparison["sessions"]
    if comparison["kind"] == "phases":
        comparison["parts"] = (f"{comparison['baseline']} (sessions {lo_a}-{hi_a})",
                               f"{comparison['treatment']} (sessions {lo_b}-{hi_b})")
    else:
        comparison["parts"] = (f"sessions {lo_a}-{hi_a} (up to the {comparison['event']} "
                               "event)", f"sessions {lo_b}-{hi_b}")
    comparison["label"] = " vs ".join(comparison["parts"])
    print(f"Comparison: {comparison['label']}.\nWhy: {comparison['reason']}.")
else:
    print("No phases and no phase_change / contract_agreed event: no comparison of periods.")

if has_phases:
    baseline_phase = comparison["baseline"] if comparison["kind"] == "phases" else default_base
    totals = run("phases", casekit.schema.assign_phases, totals, phases, overwrite=True)
    phase_result = Result(phases, method="Phases",
                          notes=[f"comparison: {comparison['label']}",
                                 f"definition: {', '.join(definitions)}"])
    write_table(phase_result, "phases", "Phases of the case.")
    display_phases = phase_result
else:
    display_phases = None
    print("No phase table (or a single phase): the phase analyses are skipped.")
display_phases

# %% [markdown]
# ## Figure 1. Session series
#
# Symptoms (and the alliance, when rated) session by session, with phase bands, the
# clinical cutoff from the registry and the events noted by the therapist.

# %%
def cutoff_of(measure):
    inst = instrument_of(measure)
    return "instrument" if inst is not None and inst.cutoff is not None else None


plot_phases = phases if has_phases else None
if has_symptoms and has_alliance:
    fig1, axes1 = run("figure 1", alliance_symptoms, totals, alliance_measure, symptom_measure,
                      phases=plot_phases, events=events, event_labels=None,
                      figsize=(7.0, 6.0),
                      cutoff=(cutoff_of(alliance_measure), cutoff_of(symptom_measure)))
elif has_symptoms or has_alliance:
    only = symptom_measure if has_symptoms else alliance_measure
    fig1, axes1 = run("figure 1", session_series, totals, only, phases=plot_phases,
                      events=events, event_labels=None, figsize=(7.0, 4.0),
                      cutoff=cutoff_of(only))
else:
    fig1 = None
    print(f"Neither {symptom_measure} nor {alliance_measure}: no session figure.")
if fig1 is not None:
    write_figure(fig1, "figure1_series")
plt.show()

# %% [markdown]
# ## Figure 2. Change points and piecewise regression
#
# Exploratory: where did each series change? `casekit.changepoint.bayes_changepoint` gives
# the posterior over the location of one change in mean (independent errors);
# `casekit.changepoint.amoc` tests one change with an AR(1)-valid bootstrap p-value and an
# interval for its location. Change points are reported as the last session before the
# change.

# %%
cp_measures = [m for m, ok in ((symptom_measure, has_symptoms),
                               (alliance_measure, has_alliance)) if ok]
bayes, amocs = {}, {}
for m in cp_measures:
    s = series(m)
    inst = instrument_of(m)
    if len(s) < 6:
        print(f"{m}: {len(s)} scores, too few for change-point analysis (skipped).")
        continue
    bayes[m] = run(m, casekit.bayes_changepoint, s["value"].to_numpy(),
                   sessions=s["session"].to_numpy())
    amocs[m] = run(m, casekit.amoc, s["value"].to_numpy(),
                   improvement=inst.improvement if inst is not None else None,
                   seed=seed)
if bayes:
    fig2, axes2 = plt.subplots(len(bayes), 2, figsize=(7.0, 2.8 * len(bayes)),
                               squeeze=False)
    for row, m in enumerate(bayes):
        s = series(m)
        cp = {"session": amocs[m].session,
              "lower": amocs[m].summary["ci_lower_session"].iloc[0],
              "upper": amocs[m].summary["ci_upper_session"].iloc[0]}
        run("figure 2", session_series, totals, m, phases=plot_phases, changepoints=[cp],
            ax=axes2[row, 0], legend=False)
        corner(axes2[row, 0], "AMOC change point")
        run("figure 2", changepoint_posterior_plot, bayes[m], ax=axes2[row, 1], legend=False)
        corner(axes2[row, 1], f"{m}: posterior")
    fig2.tight_layout()
    write_figure(fig2, "figure2_changepoints")
    plt.show()
else:
    print("No series long enough for change-point analysis.")

# %%
cp_rows = []
for m in bayes:
    a, b = amocs[m].summary.iloc[0], bayes[m].summary.iloc[0]
    cp_rows.append({"measure": m, "amoc_session": int(a["session"]),
                    "amoc_ci_lower": int(a["ci_lower_session"]),
                    "amoc_ci_upper": int(a["ci_upper_session"]), "amoc_p": a["p_value"],
                    "mean_before": a["mean_before"], "mean_after": a["mean_after"],
                    "phi": a["phi"], "bayes_mode_session": int(b["mode_session"]),
                    "bayes_ci_lower": int(b["ci_lower_session"]),
                    "bayes_ci_upper": int(b["ci_upper_session"]),
                    "prob_change": b["prob_change"]})
changepoints = Result(pd.DataFrame(cp_rows), method="Change points (exploratory)",
                      seed=seed,
                      notes=["AMOC: one change in mean, AR(1) parametric bootstrap p",
                             "Bayes: exact posterior of one change in mean, unit-information "
                             "g-prior, independent errors"])
if cp_rows:
    write_table(changepoints, "table5_change_points", "Change points (exploratory).")
changepoints

# %% [markdown]
# ### The comparison: NAP, Tau-U and piecewise regression
#
# The symptom series of the two periods chosen in section 2 (other phases left out, as
# scan's `select_phases(A, B)` does). NAP (Parker & Vannest 2009; Newcombe CI) and Tau-U
# (Parker et al. 2011, "A vs. B - Trend A") are oriented so that values above 0.5 (NAP) or
# 0 (Tau-U) mean improvement. The piecewise regression is `casekit.its.piecewise_regression`
# (scan `plm` coding W, AR(1) errors by maximum likelihood); level and slope changes are
# oriented so that positive = improvement. Besides the t test (as scan/nlme report it, liberal
# for short series), the p-value of a parametric bootstrap under the fitted AR(1) null
# (`p_bootstrap`, seeded) is given; casekit recommends it for a single series.

# %%
pw = cmp_result = None
if has_symptoms and comparison is not None:
    s = totals[(totals["measure"] == symptom_measure) & totals["value"].notna()]
    s = s.sort_values("session").reset_index(drop=True)
    if comparison["kind"] == "phases":
        s = s[s["phase"].isin([comparison["baseline"], comparison["treatment"]])]
        s = s.assign(comparison=s["phase"])
        definition = phases
    else:
        s = s.assign(comparison=np.where(s["session"] <= comparison["split"], "before",
                                         "after"))
        definition = "post_hoc"  # a naturalistic change point, not planned
    a_lab, b_lab = comparison["baseline"], comparison["treatment"]
    n_a = int((s["comparison"] == a_lab).sum())
    n_b = int((s["comparison"] == b_lab).sum())
    inst = instrument_of(symptom_measure)
    print(f"{symptom_measure}: {comparison['label']}; {n_a} and {n_b} scores.")
    if a_lab == b_lab or n_a < 2 or n_b < 2 or n_a + n_b < 6:
        print(f"Comparison skipped: {n_a} baseline and {n_b} comparison scores.")
    else:
        row = {"measure": symptom_measure, "baseline": a_lab, "treatment": b_lab,
               "n_baseline": n_a, "n_treatment": n_b}
        if inst is not None:
            opts = dict(data=s, phase_col="comparison", baseline_phase=a_lab,
                        treatment_phase=b_lab, instrument=inst)
            nap = run("comparison", casekit.nap, **opts)
            tu = run("comparison", casekit.tau_u, method="parker", **opts)
            row.update(nap=nap.est, nap_lower=nap.ci_lower, nap_upper=nap.ci_upper,
                       tau_u=tu.est, tau_u_lower=tu.ci_lower, tau_u_upper=tu.ci_upper)
        else:
            print(f"{symptom_measure} is not in the registry: its direction is unknown, "
                  "NAP and Tau-U are skipped.")
        cmp_result = Result(pd.DataFrame([row]), method="Comparison of two periods",
                            notes=[comparison["label"], f"why: {comparison['reason']}"])
        write_table(cmp_result, "table6_comparison", f"{symptom_measure}: "
                    f"{comparison['label']}.")
        pw = run("piecewise regression", casekit.piecewise_regression, s,
                 phase_col="comparison", baseline_phase=a_lab, treatment_phase=b_lab, ar=1,
                 inference="bootstrap",
                 improvement=inst.improvement if inst is not None else None,
                 phase_definition=definition, seed=seed)
        write_table(pw, "table6_piecewise_regression",
                    f"Piecewise regression of {symptom_measure}, {comparison['label']} "
                    "(AR(1)).")
else:
    print("Comparison skipped (needs the symptom measure and two periods).")
cmp_result

# %%
pw

# %% [markdown]
# ## Table 1. Reliable and clinically significant change
#
# First against last score of every measure that the instrument registry knows, with its
# published reliable change index (or SD and reliability) and clinical cutoff (Jacobson &
# Truax 1991). Measures without reliable-change constants are listed and skipped.

# %%
alliance_inst = instrument_of(alliance_measure) if has_alliance else None
rc_notes = []
if has_alliance and alliance_inst is None:
    print(f"{alliance_measure} is not in the instrument registry: higher scores are taken "
          "as a better alliance.")
if has_alliance and alliance_inst is not None and (alliance_inst.rci is None
                                                   or alliance_norms is not None):
    norms = alliance_norms
    if norms is None and data_file is None and alliance_measure == "WAI-SR":
        # Placeholder norms of the teaching case (domain/case-narrative.md §4): SD 8 and
        # alpha .91 are illustrative, not published WAI-SR norms.
        norms = {"sd": 8.0, "reliability": 0.91,
                 "source": "placeholder values of the teaching case, not published norms"}
    if norms is not None:
        alliance_inst = alliance_inst.with_rci(sd=norms["sd"], reliability=norms["reliability"],
                                               source=norms.get("source"))
        stated = (f"{alliance_measure}: RCI from stated norms SD {norms['sd']}, reliability "
                  f"{norms['reliability']} ({norms.get('source', 'source not given')})")
        rc_notes.append(stated)
        print(stated + ".")
    else:
        print(f"{alliance_measure}: no published RCI and no alliance_norms given.")

rc_rows, rc_results, rc_skipped = [], {}, []
for m in measures:
    inst = alliance_inst if m == alliance_measure else instrument_of(m)
    if inst is None or inst.rci is None:
        rc_skipped.append(m)
        continue
    s = series(m)
    if len(s) < 2:
        rc_skipped.append(m)
        continue
    first, last = s.iloc[0], s.iloc[-1]
    res = run(m, casekit.reliable_change, float(first["value"]), float(last["value"]),
              instrument=inst, cutoff="instrument" if inst.cutoff is not None else None)
    rc_results[m] = res
    row = res.summary.iloc[0]
    rc_rows.append({"measure": m, "pre_session": int(first["session"]), "pre": row["pre"],
                    "post_session": int(last["session"]), "post": row["post"],
                    "change": row["change"], "rci": row["rci"],
                    "reliable_change": res.threshold, "cutoff": res.cutoff,
                    "category": row["category"]})
if rc_skipped:
    print("No reliable-change constants (skipped):", ", ".join(rc_skipped))
table1 = Result(pd.DataFrame(rc_rows), method="Table 1. Reliable and clinically significant "
                "change, first vs last score",
                notes=[*rc_notes, "reliable_change: the smallest reliable raw change",
                       "categories: Jacobson & Truax (1991); recovered = reliable improvement "
                       "crossing the cutoff"])
if rc_rows:
    write_table(table1, "table1_reliable_change",
                "Reliable and clinically significant change, first vs last score.")
table1

# %% [markdown]
# ## Table 2. Phase summary
#
# For the symptom and alliance measures: sessions, mean, SD and OLS slope per phase, and
# each later phase against the baseline with NAP (Parker & Vannest 2009; Newcombe CI) and
# Tau-U (Parker et al. 2011, "A vs. B - Trend A"; scan's Fisher-z CI), oriented so that
# values above 0.5 (NAP) or 0 (Tau-U) mean improvement.

# %%
def slope(sessions, values):
    if len(values) < 2:
        return float("nan")
    return float(np.polyfit(np.asarray(sessions, float), np.asarray(values, float), 1)[0])


t2_rows = []
if has_phases:
    for m in [x for x in (symptom_measure, alliance_measure) if x in measures]:
        inst = instrument_of(m)
        s = totals[(totals["measure"] == m) & totals["value"].notna()]
        base = s[s["phase"] == baseline_phase]
        for ph in order:
            p = s[s["phase"] == ph]
            row = {"measure": m, "phase": ph, "n": len(p),
                   "mean": float(p["value"].mean()) if len(p) else float("nan"),
                   "sd": float(p["value"].std()) if len(p) > 1 else float("nan"),
                   "slope": slope(p["session"], p["value"])}
            for key in ("nap", "nap_lower", "nap_upper", "tau_u", "tau_u_lower",
                        "tau_u_upper"):
                row[key] = float("nan")
            later = order.index(ph) > order.index(baseline_phase)
            if later and len(p) and len(base) >= 2 and inst is not None:
                both = s[s["phase"].isin([baseline_phase, ph])]
                opts = dict(data=both, baseline_phase=baseline_phase, treatment_phase=ph,
                            instrument=inst)
                nap = run(f"{m} {ph}", casekit.nap, **opts)
                tu = run(f"{m} {ph}", casekit.tau_u, method="parker", **opts)
                row.update(nap=nap.est, nap_lower=nap.ci_lower, nap_upper=nap.ci_upper,
                           tau_u=tu.est, tau_u_lower=tu.ci_lower, tau_u_upper=tu.ci_upper)
            t2_rows.append(row)
    table2 = Result(pd.DataFrame(t2_rows), method=f"Table 2. Phase summary (baseline "
                    f"{baseline_phase})",
                    notes=["NAP and Tau-U of each later phase against the baseline; positive = "
                           "improvement", "descriptive: phases defined "
                           + ", ".join(definitions)])
    write_table(table2, "table2_phase_summary", "Phase summary.")
else:
    table2 = None
    print("No phases: Table 2 is skipped.")
table2

# %% [markdown]
# ## Table 3. Rupture-repair episodes
#
# V-shaped drops in the alliance followed by a return, under two criteria reported side by
# side (Gumz et al. 2012): the 2-SD rule (Stiles et al. 2004) and, when an RCI is known,
# the stricter max(2 SD, RCI) rule; otherwise the 1-SD rule (Strauss et al. 2006). The noise
# SD is stated explicitly as `noise="mad"`: 1.4826 x the median absolute first difference /
# sqrt 2. The alternative `"diff"` (SD of first differences / sqrt 2) is inflated by the few
# large session-to-session jumps that ruptures themselves produce (on SIM-NPD-01 WAI-SR: 2.9
# vs 1.6 points, a 2-SD threshold of 5.8 that misses the late 5-point drop), so a 2-SD rule
# built on it hides the ruptures it is meant to find; the MAD ignores those jumps (a floor of
# one scale step keeps it from reaching zero). Detections are compared with the ruptures the therapist noted; the two
# are never merged.

# %%
rr = agreement = None
if has_alliance:
    s = series(alliance_measure)
    criteria = ["stiles2sd", "gumz"] if alliance_inst is not None and \
        alliance_inst.rci is not None else ["stiles2sd", "strauss1sd"]
    if len(s) < 5:
        print(f"{alliance_measure}: {len(s)} scores, too few for rupture-repair episodes.")
    else:
        rr = run("rupture-repair", casekit.rupture_repair, s, measure=alliance_measure,
                 criterion=criteria, noise="mad", instrument=alliance_inst
                 if alliance_inst is not None else None,
                 improvement=None if alliance_inst is not None else "increase")
        write_table(rr, "table3_rupture_repair", "Rupture-repair episodes.")
        if events is not None and (events["event"] == "rupture_noted").any():
            agreement = run("agreement", casekit.rupture_agreement, rr, events)
            write_table(agreement, "table3b_noted_ruptures",
                        "Noted ruptures and the episodes that match them.")
        elif events is not None:
            print("No ruptures noted in the events: no comparison with detections.")
        noted = None if events is None else events[
            events["event"].isin(["rupture_noted", "repair_noted"])]
        fig3, axes3 = plt.subplots(len(criteria), 1, figsize=(7.0, 2.8 * len(criteria)),
                                   sharex=True)
        for ax, crit in zip(axes3, criteria, strict=True):
            run("figure 3", rupture_repair_plot, totals, rr, noted, criterion=crit,
                measure=alliance_measure, phases=plot_phases, ax=ax, legend=False)
            corner(ax, f"criterion: {crit}")
        fig3.tight_layout()
        write_figure(fig3, "figure3_rupture_repair")
        plt.show()
else:
    print("Rupture-repair section skipped (no alliance measure).")
rr

# %%
agreement

# %% [markdown]
# ## Sudden gains
#
# Tang & DeRubeis (1999) criteria with the suddengains rules (`casekit.sudden_gains`):
# criterion 1 is the instrument's reliable change (published RCI, or 1.96 S_diff).

# %%
gains = None
if has_symptoms:
    inst = instrument_of(symptom_measure)
    crit1 = None
    if inst is not None and inst.rci is not None:
        if inst.rci.value is not None:
            crit1 = float(inst.rci.value)
        elif inst.rci.sd is not None and inst.rci.reliability is not None:
            crit1 = casekit.crit1_cutoff_from_rci(inst.rci.sd, inst.rci.reliability).value
    s = series(symptom_measure)
    if crit1 is None:
        print(f"{symptom_measure}: no reliable-change constant for criterion 1; sudden gains "
              "skipped.")
    elif len(s) < 6:
        print(f"{symptom_measure}: too few scores for sudden gains.")
    else:
        gains = run("sudden gains", casekit.sudden_gains,
                    s[[c for c in ("case", "session", "measure", "value", "phase")
                       if c in s.columns]],
                    sg_crit1_cutoff=crit1, measure=symptom_measure)
        write_table(gains, "table4_sudden_gains", f"Sudden gains in {symptom_measure}.")
        fig4, ax4 = run("figure 4", sudden_gain_plot, totals, gains, measure=symptom_measure,
                        phases=plot_phases, cutoff=cutoff_of(symptom_measure))
        write_figure(fig4, "figure4_sudden_gains")
        plt.show()
else:
    print("Sudden gains skipped (no symptom measure).")
gains

# %% [markdown]
# ## Does the alliance change before the symptoms?
#
# `casekit.alliance.changepoint_precedence` combines the two change-location posteriors:
# the probability that the alliance changed at an earlier session than the symptoms.

# %%
prec = None
if has_alliance and has_symptoms and alliance_measure in bayes and symptom_measure in bayes:
    prec = run("precedence", casekit.changepoint_precedence,
               data=totals[totals["value"].notna()], alliance_measure=alliance_measure,
               symptom_measure=symptom_measure)
    write_table(prec, "table7_precedence", "Alliance change before symptom change.")
else:
    print("Precedence skipped (needs both an alliance and a symptom series).")
prec

# %% [markdown]
# ## Results paragraph (draft)
#
# Generated from the numbers above; edit before use.

# %%
def f(x, d=2):
    return casekit.results.format_number(float(x), d)


text = []
if data_file is None:
    text.append("The data are simulated (teaching case SIM-NPD-01); no patient data.")
if has_phases:
    text.append(f"Phases ({', '.join(order)}) were defined {' / '.join(definitions)}; "
                "the analyses are descriptive.")
if symptom_measure in rc_results:
    r = table1.summary.set_index("measure").loc[symptom_measure]
    text.append(f"{symptom_measure} scores changed from {f(r['pre'], 0)} at session "
                f"{r['pre_session']} to {f(r['post'], 0)} at session {r['post_session']} "
                f"(change {f(r['change'], 0)}; reliable change {f(r['reliable_change'], 1)} "
                f"points), classified as {r['category']}.")
if cmp_result is not None and "nap" in cmp_result.summary.columns:
    t = cmp_result.summary.iloc[0]
    text.append(f"Comparing {comparison['parts'][0]} with {comparison['parts'][1]}, "
                f"{symptom_measure} showed NAP = "
                f"{f(t['nap'])}, 95% CI [{f(t['nap_lower'])}, {f(t['nap_upper'])}], and "
                f"Tau-U = {f(t['tau_u'])}.")
if pw is not None:
    lv = pw.summary.set_index("term").loc["level"]
    text.append(f"In a piecewise regression with AR(1) errors, the level change was "
                f"{f(lv['estimate'])} points (95% CI [{f(lv['ci_lower'])}, "
                f"{f(lv['ci_upper'])}], t-test p = {f(lv['p'], 3)}, AR(1) bootstrap "
                f"p = {f(lv['p_bootstrap'], 3)}).")
if symptom_measure in amocs:
    a = amocs[symptom_measure]
    text.append(f"The largest single shift in {symptom_measure} followed session "
                f"{a.session} (AMOC, AR(1) bootstrap p = {f(a.p_value, 3)}; mean "
                f"{f(a.mean_before, 1)} before, {f(a.mean_after, 1)} after).")
if gains is not None:
    g = gains.summary
    if len(g):
        desc = "; ".join(f"sessions {int(r.pregain_session)}-{int(r.postgain_session)}, "
                         f"{f(r.magnitude, 0)} points"
                         + (", reversed" if r.reversed else "") for r in g.itertuples())
        text.append(f"{len(g)} sudden gain{'s' if len(g) > 1 else ''} ({desc}).")
    else:
        text.append("No sudden gain met the criteria.")
if rr is not None:
    e = rr.summary
    parts_rr = [f"{(e['criterion'] == c).sum()} under {c}" for c in criteria]
    text.append(f"Rupture-repair episodes in {alliance_measure}: {', '.join(parts_rr)}.")
if prec is not None:
    text.append(f"The probability that the alliance changed before the symptoms was "
                f"{f(prec.prob_precedes)}.")
paragraph = " ".join(text)
(out / "results_paragraph.txt").write_text(paragraph + "\n", encoding="utf-8")
written.append("results_paragraph.txt")
print(paragraph)

# %% [markdown]
# ## Files written
#
# The list below names every file written to `output_dir`.

# %%
for name in sorted(set(written)):
    print(name)

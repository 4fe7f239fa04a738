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
# To analyse your own case, the command line writes the same analysis as a report to share
# (report.html, figures, APA tables; see `docs/command-line.md`)
#
# ```
# casekit report sessions.csv --events events.csv --phases phases.csv -o report
# ```
#
# and this notebook runs on your files with papermill
# (`papermill case_template.ipynb out.ipynb -p data_file sessions.csv ...`).
# The parameters are in the next cell. The analysis itself is one library call,
# `casekit.analyze_case` (see `docs/case-analysis.md`); this notebook shows each of its
# results with the reasoning behind it. A section whose measure or table is absent is skipped
# with the reason.
#
# Every figure (PDF, SVG, PNG) and table (CSV at full precision, LaTeX, HTML, Word) is written
# to `output_dir`, with the results paragraph, the notes and a provenance record.

# %% tags=["parameters"]
data_file = None        # ratings file (None: the bundled simulated case SIM-NPD-01)
read_options = {}       # options of casekit.read_sessions (format, layout, spec, sheet, ...)
events_file = None      # events table (case, session, event, note)
phases_file = None      # phase table (case, phase, start, end, role, definition)
case_id = None          # the case to analyse when the files hold several
alliance_measure = "WAI-SR"
symptom_measure = "PHQ-9"
baseline_phase = None   # None: the comparison is chosen by the rule of section 3
treatment_phase = None  # None: the comparison is chosen by the rule of section 3
output_dir = "output/case_template"
seed = 20240601
alliance_norms = None   # e.g. {"sd": 8.0, "reliability": 0.91, "source": "..."} for an RCI
formats = ("pdf", "svg", "png", "csv", "tex", "html", "docx")

# %%
from pathlib import Path

import matplotlib.pyplot as plt

import casekit

# %% [markdown]
# ## 1. Data: read and validate
#
# `casekit.read_case` reads the ratings (long or wide; CSV, Excel, SPSS, REDCap), the events
# and the phases, picks the case, and validates the three tables together, once: every
# problem at once, each at its place in the file (sheet, row, column), in one error.
# Warnings (a missed session, a column mapped to no measure) are collected, not printed.

# %%
if data_file is None:
    case = casekit.datasets.load_case("SIM-NPD-01")
    print(case.notice)
    if alliance_norms is None and alliance_measure == "WAI-SR":
        # Placeholder norms of the teaching case (domain/case-narrative.md §4): SD 8 and
        # alpha .91 are illustrative, not published WAI-SR norms.
        alliance_norms = {"sd": 8.0, "reliability": 0.91,
                          "source": "placeholder values of the teaching case, not published "
                                    "norms"}
else:
    case = casekit.read_case(data_file, events=events_file, phases=phases_file,
                             **{"case": case_id, **read_options})
case.validation

# %% [markdown]
# ## 2. The analysis
#
# `casekit.analyze_case` runs every analysis of the report, stage by stage (one line each
# below): scoring of item rows (`casekit.score`; an imported total beside its items is
# counted once), the phases, the comparison, reliable change, the phase summary, effect
# sizes, piecewise regression, change points, sudden gains, rupture-repair episodes,
# precedence and descriptives. Its summary lists what ran, what was skipped and why, and the
# notes: every decision taken on the way.

# %%
analysis = casekit.analyze_case(
    case, alliance_measure=alliance_measure, symptom_measure=symptom_measure,
    baseline_phase=baseline_phase, treatment_phase=treatment_phase,
    norms={alliance_measure: alliance_norms} if alliance_norms else None, seed=seed,
    progress=True)
analysis

# %% [markdown]
# ## 3. Phases and the comparison
#
# The phase table gives the design; without one, a `phase` column of the ratings is used (the
# first phase as baseline, the definition `post_hoc`, the conservative reading).
#
# **Which two periods are compared** (NAP, Tau-U and the piecewise regression below). Set
# `baseline_phase` and/or `treatment_phase` to choose yourself. Otherwise
# `casekit.choose_comparison` takes the first comparison the data support, counting the
# scores of the symptom measure (missed sessions do not count) and asking for at least 5 per
# period, the minimum per phase of the single-case design standards (Kratochwill et al. 2013,
# doi:10.1177/0741932512452794):
#
# 1. the baseline phase (role `baseline`, else the first phase) against the last phase;
# 2. else, when the events hold a `phase_change` or `contract_agreed` event (the first one
#    that leaves 5 scores on each side), the sessions up to and including that session
#    against the sessions after it: a naturalistic change point, analysed as `post_hoc`;
# 3. else the first phase with at least 5 scores against the last phase;
# 4. else the baseline phase against the last phase, flagged as too short.
#
# A 3-session intake against the last phase, for instance, gives a piecewise regression
# whose interval spans tens of points: honest, but uninformative. The result says which
# rule chose the comparison and why.

# %%
analysis.comparison

# %% [markdown]
# ## Figure 1. Session series
#
# Alliance (top) and symptoms per session, with phase bands, the clinical cutoff from the
# registry and the events noted by the therapist. Missed sessions are gaps, never bridged.

# %%
analysis.show("series")
plt.show()

# %% [markdown]
# ## Table 1. Reliable and clinically significant change
#
# First against last score of every measure the instrument registry has reliable-change
# constants for (published RCI, or SD and reliability; stated norms are flagged), with its
# clinical cutoff (Jacobson & Truax 1991). Measures without constants are listed in the
# notes. The symptom series is then compared session by session with its first score.

# %%
analysis.show("reliable_change")

# %%
analysis.show("session_reliable_change")

# %%
analysis.show("jacobson")
plt.show()

# %% [markdown]
# ## Table 2. Phase summary
#
# Sessions, mean, SD and OLS slope per phase (`casekit.describe_phases`), and each later
# phase against the reference phase with NAP (Parker & Vannest 2009; Newcombe interval) and
# Tau-U ("A vs. B − Trend A", Parker et al. 2011; it can exceed 1), oriented so that values
# above 0.5 (NAP) or 0 (Tau-U) mean improvement. The reference is the baseline of the
# comparison, or, when the comparison splits at an event, the first phase with 5 scores.

# %%
analysis.show("phase_summary")

# %% [markdown]
# ## The comparison: effect sizes and piecewise regression
#
# NAP and two Tau-U variants of the two periods chosen in section 3: "A vs. B − Trend A"
# (Parker et al. 2011, not bounded by ±1) and its Kendall tau-b version over all pairs
# (scan's default, bounded). The piecewise regression is scan's `plm` model W with AR(1)
# errors; its level- and slope-change tests are calibrated by a parametric bootstrap under
# the fitted no-effect AR(1) model (`p_bootstrap`), the variant casekit recommends for one
# short series (`docs/calibration_its.md`), with bootstrap-t intervals from the same bootstrap;
# the t test is liberal for short series and is not reported.

# %%
analysis.show("effect_sizes")

# %%
analysis.show("piecewise_regression")

# %% [markdown]
# ## Figure 2. Change points
#
# Exploratory: where did each series change? The Bayesian posterior of the location of one
# change (`casekit.bayes_changepoint`) and the at-most-one-change test (`casekit.amoc`), both
# with their defaults. A change point is the last session before the change.

# %%
analysis.show("change_points")

# %%
analysis.show("changepoints")
plt.show()

# %% [markdown]
# ## Sudden gains
#
# Tang & DeRubeis (1999) criteria with the suddengains rules (`casekit.sudden_gains`):
# criterion 1 is the instrument's reliable change (published RCI, or 1.96 S_diff).

# %%
analysis.show("sudden_gains")

# %%
analysis.show("sudden_gains_by_person")

# %%
analysis.show("gains")
plt.show()

# %% [markdown]
# ## Table 3. Rupture-repair episodes
#
# V-shaped drops in the alliance followed by a return, under two criteria reported side by
# side (Gumz et al. 2012): the 2-SD rule (Stiles et al. 2004) and, when a reliable change is
# known (published or stated), the stricter max(2 SD, RCI) rule; otherwise the 1-SD rule
# (Strauss et al. 2006). Detections are compared with the ruptures the therapist noted; the
# two are never merged.

# %%
analysis.show("rupture_repair")

# %%
analysis.show("rupture_agreement")

# %%
analysis.show("ruptures")
plt.show()

# %% [markdown]
# ## Does the alliance change before the symptoms?
#
# Two answers, both reported: the probability that the alliance's change session precedes
# the symptoms' (`casekit.changepoint_precedence`, from the two change-point posteriors), and
# lagged regressions on the detrended series in both directions with AR(1)-surrogate p-values,
# Holm-adjusted over the two directions (`casekit.lagged_precedence`, column `p_adjusted`).

# %%
analysis.show("changepoint_precedence")

# %%
analysis.show("lagged_precedence")

# %% [markdown]
# ## Descriptives and warnings
#
# First, last, mean and range of every scale, and every warning raised on the way (stage,
# category, message).

# %%
analysis.show("descriptives")

# %%
analysis.warnings

# %% [markdown]
# ## Results paragraph (draft)
#
# Generated from the typed results, in APA style and hedged for one case; edit before use.

# %%
print(analysis.paragraph())

# %% [markdown]
# ## Files written
#
# Figures, tables, the paragraph, the notes and the provenance (casekit version, input file
# names and checksums, options, seed) in `output_dir`.

# %%
written = analysis.write(output_dir, formats=formats)
for path in written:
    print(path.relative_to(Path(output_dir)).as_posix())

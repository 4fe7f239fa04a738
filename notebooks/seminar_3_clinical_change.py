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
# # Seminar 3: Clinical change — reliable change, clinical significance, sudden gains and rupture–repair
#
# > **All data in this notebook are simulated.** The teaching case `SIM-NPD-01` is invented
# > data that follow the order of events of a published narrative case report (Dimaggio &
# > Valentino, J Clin Psychol, "the case of Mark"); no patient data; the publication reports
# > no scores or session counts. The small case series ("cohort") is generated below with
# > fixed seeds.
#
# **Learning goals.** After this seminar you can
#
# 1. compute the Jacobson & Truax (1991) reliable change index (SE, S_diff, RCI) by hand and
#    with `casekit.reliable_change`, and say which SD, which reliability and which critical
#    value it rests on;
# 2. tell a *published* RCI (PHQ-9: 6 points) from one *computed* from an SD and a
#    reliability, and see how much the choice moves the answer;
# 3. compute the clinical-significance cutoffs a, b and c and the categories recovered /
#    improved / unchanged / deteriorated (/ harmed), and explain why the regression-based
#    variant HLL can call an improving client "deteriorated";
# 4. follow reliable change session by session against intake, with its band, and read a
#    Jacobson plot;
# 5. apply the Tang & DeRubeis (1999) sudden-gain criteria as the R package *suddengains*
#    implements them (criterion 3, adjusted critical values) and tell a reversal from a
#    setback;
# 6. detect alliance rupture–repair episodes under named criteria (Stiles 2 SD, Strauss 1 SD,
#    Gumz, RCI), and explain how the noise estimate, the floor and the reference change the
#    answer; compare detections with the ruptures the therapist noted.
#
# **Timing plan (about 60 minutes).**
#
# | Minutes | Part |
# |---|---|
# | 0–5 | Setup; the teaching case |
# | 5–22 | Part 1: reliable change and clinical significance (Exercise 1) |
# | 22–30 | Part 2: session-by-session reliable change, Jacobson plot (Exercise 2) |
# | 30–43 | Part 3: sudden gains (Exercise 3) |
# | 43–57 | Part 4: rupture–repair episodes (Exercise 4) |
# | 57–60 | Take-home points |
#
# The exercises have worked solutions right after them; the student copy (made by
# `python scripts/make_student_copies.py`) leaves them out.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import casekit as ck
from casekit import plot as ckp
from casekit.simulate import SIMULATION_NOTICE, WAI_SR_PLACEHOLDER_RCI

# Figures for a projector: casekit's paper style for the whole notebook, drawn at 200 dpi and
# at most 5-6 inches wide, so that an image is about 1000-1200 px wide and its type (7-9 pt)
# is 19-25 px high without being scaled down. casekit's figure functions get style=None
# ("use these settings") and a figure size from here.
plt.style.use("casekit.styles.paper")
plt.rcParams.update({"figure.dpi": 200})
WIDE = (5.0, 2.6)  # one series across the screen

case = ck.datasets.load_case("SIM-NPD-01")
print(case.notice)
print(SIMULATION_NOTICE)

# score the item responses (PHQ-9: sum of 9 items, 0-27; WAI-SR: sum of 12 items, 12-60;
# CORE-10: sum of 10 items, 0-40, items 2 and 3 reverse keyed by the registry)
items = case.ratings[case.ratings["measure"].isin(["PHQ-9", "WAI-SR", "CORE-10"])]
scores = ck.score(items)
totals = scores[scores["scale"] == "total"].reset_index(drop=True)
phq = totals[totals["measure"] == "PHQ-9"].reset_index(drop=True)
wai = totals[totals["measure"] == "WAI-SR"].reset_index(drop=True)
print(f"PHQ-9: sessions {phq['session'].min()}-{phq['session'].max()}, "
      f"WAI-SR: sessions {wai['session'].min()}-{wai['session'].max()}")

# %% [markdown]
# ## Part 1. Reliable change (Jacobson & Truax 1991)
#
# A change from `x_pre` to `x_post` is *reliable* when it is larger than what measurement
# error alone would plausibly produce. With SD₁ the standard deviation of a reference
# (pre-treatment or clinical) sample and r_xx the reliability of the measure:
#
# | Quantity | Formula |
# |---|---|
# | standard error of measurement | SE = SD₁ · √(1 − r_xx) |
# | standard error of the difference | S_diff = √(2 · SE²) = √2 · SE |
# | reliable change index | RC = (x_post − x_pre) / S_diff |
# | reliable change | \|RC\| > z, z = 1.96 (95 %, two-sided) |
# | minimum reliable raw change | z · S_diff |
#
# The last line is what a **published RCI of "6 points"** (PHQ-9, NHS Talking Therapies /
# IAPT) means: a raw-score threshold, with the SD and reliability already folded in. casekit's
# registry stores it with its rule (`>=`: a change of exactly 6 counts) and its source.
#
# *Reference:* Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical
# approach to defining meaningful change in psychotherapy research. *J Consult Clin Psychol,
# 59*(1), 12–19. https://doi.org/10.1037/0022-006X.59.1.12

# %%
phq9 = ck.get_instrument("PHQ-9")
print("PHQ-9 published RCI:", phq9.rci.value, "points, rule", repr(phq9.rci.rule), "-",
      phq9.rci.source.citation)
print("PHQ-9 caseness cutoff:", phq9.cutoff.value, "rule", repr(phq9.cutoff.rule), "-",
      phq9.cutoff.source.citation)

intake = float(phq["value"].iloc[0])
last = float(phq["value"].iloc[-1])
rc_case = ck.reliable_change(intake, last, instrument="PHQ-9", cutoff="instrument")
print(rc_case)

# %% [markdown]
# **Published vs computed.** The same threshold can be computed from an SD and a reliability.
# Turn the formula around: which SD does "6 points" imply? Kroenke, Spitzer & Williams (2001,
# *J Gen Intern Med* 16:606–613; abstract) report an internal consistency of α = .89 and a
# test–retest correlation of .84 for the PHQ-9 (values as commonly cited; check the primary
# source before relying on them). Jacobson & Truax recommend test–retest reliability;
# Martinovich et al. (1996) argue for α. The choice is yours, and it must be reported.

# %%
z = 1.959963984540054  # qnorm(0.975)
for label, r in (("test-retest .84", 0.84), ("alpha .89", 0.89)):
    implied_sd = 6.0 / (z * math.sqrt(2.0 * (1.0 - r)))
    print(f"{label}: 6 points = 1.96 * S_diff  <=>  SD = {implied_sd:.2f}")

# %% [markdown]
# Now the *choice of SD*. A single case cannot estimate a population SD. A common shortcut is the
# SD of the intake scores of one's own sample — here a small simulated case series of 20
# clients (16 weekly PHQ-9 ratings each: 4 before and 12 after the start of an active phase;
# levels and effects vary between clients). A homogeneous sample has a *small* SD, and so a
# *lenient* RCI.

# %%
rng = np.random.default_rng(20261125)
n_cases = 20
levels = rng.uniform(13, 22, n_cases).round(1)
shifts = rng.normal(-7, 4, n_cases).round(1)
cohort = pd.concat(
    [ck.simulate_ab(4, 12, level=levels[i], level_shift=shifts[i], phi=0.3, sigma=2.0,
                    bounds=(0, 27), integer=True, case=f"C{i + 1:02d}", seed=100 + i).data
     for i in range(n_cases)], ignore_index=True)
cohort["measure"] = "PHQ-9"
prepost = cohort.groupby("case")["value"].agg(pre="first", post="last").reset_index()
print(f"intake SD of the case series: {prepost['pre'].std(ddof=1):.2f} "
      f"(mean {prepost['pre'].mean():.2f}, n = {len(prepost)})")

rows = [{"constants": "published RCI (IAPT)", "sd": float("nan"), "reliability": float("nan"),
         "threshold": ck.reliable_change(prepost["pre"], prepost["post"],
                                         instrument="PHQ-9").threshold}]
for r in (0.84, 0.89):
    res = ck.reliable_change(prepost["pre"], prepost["post"], improvement="decrease",
                             reliability=r)
    rows.append({"constants": "sample intake SD", "sd": res.sd_used, "reliability": r,
                 "threshold": res.threshold})
    res = ck.reliable_change(prepost["pre"], prepost["post"], improvement="decrease",
                             sd=5.41, reliability=r)
    rows.append({"constants": "SD 5.41 (implied by 6 points at r=.84)", "sd": 5.41,
                 "reliability": r, "threshold": res.threshold})
pd.DataFrame(rows).round(2)

# %% [markdown]
# With the sample's own SD the threshold drops from 6 to about 3.9 points: a client who
# improved by 5 points is "reliably improved" under one choice and "unchanged" under the
# other. **Pitfall:** the SD must describe the population the client comes from, not a
# restricted sample; state the SD, the reliability (and its type), z and their sources.

# %% [markdown]
# ### Clinical significance: cutoffs a, b and c
#
# Written for a measure where higher = worse (swap the signs of the 2·SD terms when higher =
# better):
#
# | Cutoff | Formula | Meaning |
# |---|---|---|
# | a | M_clin − 2·SD_clin | 2 SD beyond the clinical mean, towards health |
# | b | M_func + 2·SD_func | within 2 SD of the functional (non-clinical) mean |
# | c | (SD_clin·M_func + SD_func·M_clin) / (SD_clin + SD_func) | weighted midpoint; preferred when both norms exist |
#
# Categories (per client, pre vs post): **recovered** = reliable improvement *and* crossing
# the cutoff from the clinical to the functional side; **improved** = reliable improvement
# without the crossing; **unchanged**; **deteriorated** = reliable worsening. The R package
# clinicalsignificance adds **harmed** (reliable worsening into the clinical range).
#
# **Pitfall (which SD in b):** clinicalsignificance 2.1.0.9000 codes cutoff b with SD_clin
# instead of SD_func; casekit follows Jacobson & Truax unless `cutoff_b_sd="clinical"`.
#
# The CORE-10 registry entry carries norms (Connell & Barkham 2007, as cited by a secondary
# source: clinical M 19.7, SD 7.7; general population M 4.7, SD 4.8; α .90) and a published
# cutoff of 11 (Barkham et al. 2013).

# %%
core10 = ck.get_instrument("CORE-10")
nrm = core10.norms
cut = ck.clinical_cutoffs(nrm.clinical_mean, nrm.clinical_sd, nrm.functional_mean,
                          nrm.functional_sd, higher_is_better=False)
print(cut)
cut_pkg = ck.clinical_cutoffs(nrm.clinical_mean, nrm.clinical_sd, nrm.functional_mean,
                              nrm.functional_sd, higher_is_better=False,
                              cutoff_b_sd="clinical")
print(f"\ncutoff b with SD_clin (clinicalsignificance's coding): {cut_pkg.b:.2f}")
print(f"published CORE-10 cutoff: {core10.cutoff.value:g} ({core10.cutoff.source.citation})")

# %% [markdown]
# The teaching case's CORE-10 was rated at intake and at session 44 (among others). Its
# registry entry also has a published RCI (6 points at a 90 % interval, z = 1.645).

# %%
core = totals[totals["measure"] == "CORE-10"]
core_pre = float(core["value"].iloc[0])
core_post = float(core["value"].iloc[-1])
rc_core = ck.reliable_change(core_pre, core_post, instrument="CORE-10", cutoff="c")
print(rc_core)

# %% [markdown]
# ### Regression-based variants, and why HLL's sign differs
#
# clinicalsignificance offers variants that correct for regression to the mean. They need
# *group* statistics (M_pre, M_post, SD_pre), so casekit refuses them for a single case
# without stated norms. On a group (r = reliability, SEM = SD_pre·√(1 − r)):
#
# | Method | RCI |
# |---|---|
# | JT | (post − pre) / (√2·SEM) |
# | GLN (Gulliksen, Lord & Novick) | [(post − M_pre) − r·(pre − M_pre)] / (SD_pre·√(1 − r²)) |
# | HLL (Hsu, Linn & Lord) | [(post − **M_post**) − r·(pre − M_pre)] / (SD_pre·√(1 − r²)) |
# | EN (Edwards–Nunnally) | [post − (r·(pre − M_pre) + M_pre)] / SEM |
#
# HLL subtracts the **sample's post mean**: it measures change *relative to the average
# change* of the group, not raw change. In a group that improves a lot on average, a client
# who improves a little is "deteriorated" by HLL (Hsu 1999, doi:10.1037/1040-3590.11.3.341).

# %%
try:
    ck.reliable_change(intake, last, improvement="decrease", sd=5.41, reliability=0.84,
                       method="HLL")
except ValueError as err:
    print("single case, HLL:", err)

jt_s = ck.reliable_change(prepost["pre"], prepost["post"], cases=prepost["case"],
                          improvement="decrease", reliability=0.84)
hll_s = ck.reliable_change(prepost["pre"], prepost["post"], cases=prepost["case"],
                           improvement="decrease", reliability=0.84, method="HLL")
print(f"\ngroup means: pre {hll_s.m_pre:.2f}, post {hll_s.m_post:.2f}")
compare = pd.DataFrame({"case": jt_s.summary["id"], "change": jt_s.summary["change"],
                        "JT_rci": jt_s.summary["rci"], "JT": jt_s.summary["category"],
                        "HLL_rci": hll_s.summary["rci"], "HLL": hll_s.summary["category"]})
compare[compare["change"] > -6].round(2)

# %% [markdown]
# Cases C01, C12, C18 and C19 improved by 2 raw points. JT calls them unchanged; HLL calls
# them **deteriorated** (a positive RCI for a lower-is-better measure) because they improved
# much less than the group's average of about 7.7 points. **Never read an HLL value with JT's
# reading of the sign.**

# %% tags=["exercise", "self-check"]
# the self-check of every exercise below (casekit.teaching.self_check): it compares your
# answers with the expected values within a tolerance and says what to look at when one is off
from casekit.teaching import self_check

# %% [markdown] tags=["exercise"]
# ### Exercise 1 (5 min): the BDI-II by hand
#
# The registry stores for the BDI-II an outpatient SD of 12.75 (unverified: check the manual)
# and a 1-week test–retest reliability r = .93 (Beck, Steer & Brown 1996, via published test
# reviews). The teaching case has a BDI-II score at session 1 and at session 44 (score rows in
# `case.ratings`).
#
# 1. Compute SE, S_diff and the minimum reliable raw change z · S_diff by hand.
# 2. Check with `ck.reliable_change(pre, post, instrument="BDI-II")` (`.sem`, `.s_diff`,
#    `.threshold`) and read off the category.
# 3. How large would the threshold be with the manual's α = .92 instead of r = .93?

# %% tags=["exercise"]
bdi = case.ratings[case.ratings["measure"] == "BDI-II"]
bdi_pre = float(bdi["value"].iloc[0])
bdi_post = float(bdi["value"].iloc[-1])
sem_bdi = None  # your code here: SD * sqrt(1 - r)
s_diff_bdi = None  # your code here
threshold_bdi = None  # your code here
print("BDI-II pre/post:", bdi_pre, bdi_post)

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
self_check("Exercise 1", [
    ("SE", sem_bdi, 3.373, 0.005, "SE = SD * sqrt(1 - r) with SD = 12.75, r = .93"),
    ("S_diff", s_diff_bdi, 4.771, 0.005, "S_diff = sqrt(2) * SE"),
    ("threshold", threshold_bdi, 9.350, 0.01, "threshold = 1.96 * S_diff (two-sided, alpha .05)"),
])

# %% tags=["solution"]
sd_bdi, r_bdi = 12.75, 0.93
sem_bdi = sd_bdi * math.sqrt(1 - r_bdi)
s_diff_bdi = math.sqrt(2) * sem_bdi
threshold_bdi = z * s_diff_bdi
print(f"by hand: SE = {sem_bdi:.3f}, S_diff = {s_diff_bdi:.3f}, "
      f"threshold = {threshold_bdi:.3f}")
rc_bdi = ck.reliable_change(bdi_pre, bdi_post, instrument="BDI-II")
print(f"casekit: SE = {rc_bdi.sem:.3f}, S_diff = {rc_bdi.s_diff:.3f}, "
      f"threshold = {rc_bdi.threshold:.3f}")
print(rc_bdi)
alt = ck.reliable_change(bdi_pre, bdi_post, instrument="BDI-II", reliability=0.92)
print(f"\nwith alpha .92: threshold = {alt.threshold:.2f} points")

# %% [markdown] tags=["solution"]
# SE = 3.373, S_diff = 4.771, threshold 9.35 points (the "≈ 9.4" usually quoted); with
# α = .92 about 10 points. The observed drop of 22 points is reliable under either choice;
# a client near the threshold would not be.

# %% [markdown]
# ## Part 2. Session by session, and the Jacobson plot
#
# `casekit.session_reliable_change` compares every session with a reference: the first
# session, a stated intake value, or the mean of k baseline sessions. Against one reference
# score S_diff = √2·SEM; against a **mean of k sessions** the reference has error variance
# SEM²/k, so S_diff = SEM·√(1 + 1/k) (errors assumed independent) — a narrower band. With a
# published raw RCI (PHQ-9: 6 points, z = 1.96) casekit recovers SEM = 6 / (1.96·√2).
# No R package computes this for one case; the choice of reference is part of the method.

# %%
src = ck.session_reliable_change(phq, instrument="PHQ-9", cutoff="instrument")
print(f"reference: {src.reference} = {src.reference_value:g}; band +- {src.threshold:g} "
      f"points")
print("reliably improved from session", src.reliable_improvement_from(), "on")
src.summary.iloc[17:28].round(2)

# %% [markdown]
# Look at sessions 19 and 20: a change of exactly −6 is "improved" under the registry's rule
# (`>=` 6 points), although its RC = −6 / 3.061 = −1.960 would *not* pass the strict
# |RC| > 1.96 of Jacobson & Truax. Whether "6 points" means ≥ or > is not settled against the
# primary IAPT source (the registry says so); with integer scores it decides borderline cases.
# Sessions 21–23 fall back inside the band, so the first session from which the client stays
# reliably improved is 24.

# %%
# SIM-NPD-01 (simulated): PHQ-9 with the reliable-change band around the intake score
fig, ax = ckp.session_series(totals, "PHQ-9", phases=case.phases, cutoff="instrument",
                             rci_band=src, figsize=WIDE, style=None)
plt.show()

# %% [markdown] tags=["exercise"]
# ### Exercise 2 (4 min): which reference?
#
# Use the mean of the three intake sessions (phase P0, sessions 1–3) as the reference
# (`reference="baseline_mean", baseline_sessions=3`). What are S_diff and the band half-width
# now, and from which session on is the client reliably improved? Why is the band narrower?

# %% tags=["exercise"]
src_base = None  # your code here: ck.session_reliable_change(...)

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
self_check("Exercise 2", [
    ("S_diff", None if src_base is None else src_base.s_diff, 2.499, 0.005,
     "ck.session_reliable_change(phq, instrument='PHQ-9', cutoff='instrument', "
     "reference='baseline_mean', baseline_sessions=3)"),
    ("band half-width", None if src_base is None else src_base.threshold, 4.899, 0.005,
     "the .threshold of the same result"),
    ("reliably improved from session",
     None if src_base is None else src_base.reliable_improvement_from(), 24, 0,
     ".reliable_improvement_from()"),
])

# %% tags=["solution"]
src_base = ck.session_reliable_change(phq, instrument="PHQ-9", cutoff="instrument",
                                      reference="baseline_mean", baseline_sessions=3)
print(f"reference: {src_base.reference} = {src_base.reference_value:.2f}")
print(f"S_diff = {src_base.s_diff:.3f} (vs {src.s_diff:.3f}); "
      f"band +- {src_base.threshold:.2f} (vs {src.threshold:g})")
print("reliably improved from session", src_base.reliable_improvement_from(), "on")
print(src_base.notes[0])

# %% [markdown] tags=["solution"]
# The baseline mean carries less measurement error than one score (SEM²/3 instead of SEM²),
# so S_diff shrinks from √2·SEM to √(4/3)·SEM and the band from 6 to about 4.9 points. Here
# the first session from which every later session is reliably improved does not move (24),
# because the sudden drop at session 24 is far larger than either band.

# %% [markdown]
# ### The Jacobson plot
#
# Post against pre for each client: the identity line (no change), the reliable-change band
# (post = pre ± 6), and the cutoff on both axes. Points below the band improved reliably;
# those also below the cutoff (and above it at intake) recovered. `jacobson_plot` draws a
# `casekit.reliable_change` result as is — its categories, its band — so plot and table
# cannot disagree.

# %%
jt_cohort = ck.reliable_change(prepost["pre"], prepost["post"], cases=prepost["case"],
                               instrument="PHQ-9", cutoff="instrument")
print(jt_cohort.counts.round(1).to_string(index=False))
fig, ax = ckp.jacobson_plot(jt_cohort, title="Simulated case series (PHQ-9)", style=None,
                            figsize=(4.2, 4.2))
plt.show()

# %% [markdown]
# ## Part 3. Sudden gains (Tang & DeRubeis 1999; the suddengains rules)
#
# A gain between consecutive sessions n → n+1 must meet three criteria:
#
# 1. **absolute size:** x_n − x_{n+1} ≥ a cutoff (Tang & DeRubeis: 7 BDI points; later work:
#    the instrument's RCI — for PHQ-9 the 6 points);
# 2. **relative size:** x_n − x_{n+1} ≥ 25 % of x_n;
# 3. **stability:** mean_pre − mean_post > t · s_pooled, with the pre window n−2, n−1, n and the
#    post window n+1, n+2, n+3, s_pooled the *pooled SD* (not an SE) and t = |qt(.025, df)|.
#
# The R package suddengains (Wiedemann et al. 2020, PLOS ONE 15(3):e0230276,
# doi:10.1371/journal.pone.0230276) **adjusts t for missing values** (Lutz et al. 2013):
# with 6 / 5 / 4 available values df = 4 / 3 / 2 and t = 2.776 / 3.182 / 4.303; each window
# needs at least 2 values. It does not test the interval 1 → 2 by default, nor the last one
# (criterion 3 needs two post values). casekit runs the same rules on one long series.
#
# **Reversal vs setback.** The reversal value is x_{n+1} + magnitude/2 (half the gain lost). A
# later score strictly worse than it is a *reversal*; a worsening that stays below it is a
# *setback*. (suddengains 0.7.2 starts looking at session n+3; casekit at any session after
# the postgain session — `reversal="suddengains"` mirrors the package.)

# %%
sg = ck.sudden_gains(phq, sg_crit1_cutoff=6, measure="PHQ-9")
print(sg)

# %%
iv = sg.intervals
cols = ["pregain_session", "postgain_session", "crit1", "crit2", "crit3", "sudden_gain",
        "n_pre", "n_post", "mean_pre", "mean_post", "sd_pooled", "critical_value"]
pd.concat([iv[cols].head(2), iv[cols].iloc[19:23]]).round(3)

# %% [markdown]
# The first tested interval (2 → 3) has only sessions 1–2 in its pre window (5 values), so
# its critical value is 3.182, not 2.776. The adjusted critical values come from the t
# distribution; `check_interval` tests one triple the way suddengains' function of that name
# does.

# %%
nan = float("nan")
for pre_w, post_w in (([17, 17, 16], [8, 6, 7]), ([nan, 17, 16], [8, 6, 7]),
                      ([nan, 17, 16], [8, 6, nan]), ([nan, nan, 16], [8, 6, 7])):
    chk = ck.check_interval(pre_w, post_w, sg_crit1_cutoff=6)
    cv = "NA" if math.isnan(chk.critical_value) else f"{chk.critical_value:.3f}"
    print(f"pre {pre_w}, post {post_w}: {chk.n_pre} + {chk.n_post} values, "
          f"critical value {cv}, criterion 3: {chk.crit3}, gain: {chk.result}")

# %%
gain = sg.summary.iloc[0]
later = phq[phq["session"] > gain["postgain_session"] + 1]
peak = later.loc[later["value"].idxmax()]
print(f"gain {gain['pregain_session']} -> {gain['postgain_session']}: "
      f"{gain['pregain_value']:g} -> {gain['postgain_value']:g}, "
      f"reversal value {gain['reversal_value']:g}")
print(f"worst later score: {peak['value']:g} at session {peak['session']} "
      f"-> {'reversal' if peak['value'] > gain['reversal_value'] else 'setback'}")
# SIM-NPD-01 (simulated): the gain interval, the reversal value and the life event
life = case.events[case.events["event"] == "life_event"]
fig, ax = ckp.sudden_gain_plot(totals, sg, phases=case.phases, events=life,
                               figsize=WIDE, style=None)
plt.show()

# %% [markdown]
# The guilt-driven setback after the summer break (sessions 36–38, after the sister's
# health crisis) peaks at 11: worse than after the gain, but below the reversal value 12. A
# setback, not a reversal — and not a sudden *loss* either (`ck.sudden_losses` with cutoff −6
# finds none).
#
# In the simulated case series, every client gets the same kind of treatment from session 5
# on. Where are the gains, and how many reverse?

# %%
sg_cohort = ck.sudden_gains(cohort, sg_crit1_cutoff=6, measure="PHQ-9")
desc = sg_cohort.describe()
print({k: round(v, 2) for k, v in desc.items()})
sg_cohort.summary[["case", "pregain_session", "pregain_value", "postgain_value",
                   "magnitude", "reversal_value", "reversed"]]

# %% [markdown]
# Most gains sit at 4 → 5, where the simulation switches the level: a sudden gain *is* what
# an abrupt treatment effect looks like session by session. With noise of SD 2 points around a
# gain of 7 points, "any later score past the reversal value" is a low bar.

# %% [markdown] tags=["exercise"]
# ### Exercise 3 (6 min): which cutoff, which reversal rule?
#
# 1. Criterion 1 from the case series' own intake SD (`ck.crit1_cutoff_from_rci(data_sd=...,
#    reliability=0.84)`, as suddengains' `define_crit1_cutoff`): what is the cutoff, and how
#    many gains (in how many clients) does `ck.sudden_gains` find with it?
# 2. With the 6-point cutoff, count the reversals under casekit's rule and under
#    `reversal="suddengains"`.

# %% tags=["exercise"]
crit1 = None  # your code here
n_gains_own_sd = None  # your code here
n_reversed = None  # your code here: {"after_postgain": ..., "suddengains": ...}

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
self_check("Exercise 3", [
    ("criterion-1 cutoff", crit1, 3.864, 0.005,
     "ck.crit1_cutoff_from_rci(data_sd=prepost['pre'], reliability=0.84)"),
    ("gains with it", n_gains_own_sd, 12, 0,
     "ck.sudden_gains(cohort, sg_crit1_cutoff=crit1, measure='PHQ-9').n_gains"),
    ("reversals", n_reversed, {"after_postgain": 5, "suddengains": 5}, 0,
     "ck.sudden_gains(cohort, sg_crit1_cutoff=6, measure='PHQ-9', reversal=rule).n_reversed"),
])

# %% tags=["solution"]
crit1 = ck.crit1_cutoff_from_rci(data_sd=prepost["pre"], reliability=0.84)
sg_own = ck.sudden_gains(cohort, sg_crit1_cutoff=crit1, measure="PHQ-9")
n_gains_own_sd = sg_own.n_gains
print(f"cutoff from the sample SD: {crit1.value:.2f} points -> {sg_own.n_gains} gains in "
      f"{sg_own.n_cases_with_gain} clients (6 points: {sg_cohort.n_gains} gains in "
      f"{sg_cohort.n_cases_with_gain})")
print(f"intervals passing criterion 1: {int(sg_own.intervals['crit1'].sum())} "
      f"(6 points: {int(sg_cohort.intervals['crit1'].sum())})")
n_reversed = {rule: ck.sudden_gains(cohort, sg_crit1_cutoff=6, measure="PHQ-9",
                                    reversal=rule).n_reversed
              for rule in ("after_postgain", "suddengains")}
print("reversals:", n_reversed)

# %% [markdown] tags=["solution"]
# The sample SD (≈ 3.5) gives a cutoff of about 3.9 points: 37 intervals pass criterion 1
# instead of 15, but criterion 3 (stability)
# removes almost all of the extra ones — 12 gains instead of 11. The
# two reversal rules differ only when session n+2 is the sole score past the reversal value;
# in this case series they agree (5 of 11 gains reversed). Report the cutoff, its SD and
# reliability, and the reversal rule.

# %% [markdown]
# ## Part 4. Alliance rupture–repair episodes
#
# Published quantitative ("V-shape") criteria: a session **≥ 2 SD** below the client's
# surrounding level followed by a return (Stiles et al. 2004, doi:10.1037/0022-0167.51.1.81);
# a less strict **≈ 1 SD** drop (Strauss et al. 2006, doi:10.1037/0022-006X.74.2.337); Gumz
# et al. (2012, doi:10.1186/1471-2288-12-10) recommend reporting both and favouring the
# stricter of within-person variability and a between-person (reliable change) criterion.
# The papers leave open *which SD*, *which reference level*, *which repair window*; casekit
# makes each one an argument:
#
# - **noise scale σ:** `noise="diff"` (SD of first differences / √2, the default), `"mad"`
#   (1.4826 · MAD of first differences / √2, robust), `"window"` (SD within a stable stretch),
#   `"norm"` (a between-person SD) or `"rci"` (S_diff);
# - **threshold:** k·σ (`stiles2sd` k = 2, `strauss1sd` k = 1), the RCI (`rci`), or
#   max(2σ, RCI) (`gumz`); never below the **floor** (default: the scale step, 1 point);
# - **rupture** at t if reference level − x_t ≥ threshold (reference = previous session;
#   `reference=3` uses the mean of the previous 3, for multi-session declines);
# - **repair** if within `repair_window` = 3 sessions the score returns to within
#   threshold/2 of the reference; otherwise unrepaired, or censored at the end of the series.
#
# The WAI-SR has **no published RCI**. We use an illustrative one from *placeholder* norms
# (SD 8, α .91): 1.96 · 8 · √(2 · (1 − .91)) = 6.65 points — a teaching value, not a norm.

# %%
print(f"illustrative WAI-SR RCI (placeholder norms): {WAI_SR_PLACEHOLDER_RCI:.2f} points")
print(f"whole-series SD of the WAI-SR: {wai['value'].std(ddof=1):.2f} points "
      "(inflated by the rise after the contract)")
criteria = ["stiles2sd", "gumz", "strauss1sd", "rci"]
noise_rows = []
for noise, kw in (("diff", {}), ("mad", {}), ("window", {"noise_window": (19, 34)})):
    res = ck.rupture_repair(wai, seed=1, criterion=criteria, noise=noise,
                            rci=WAI_SR_PLACEHOLDER_RCI, improvement="increase", **kw)
    noise_rows.append(res.by_case[["criterion", "noise_method", "noise", "threshold",
                                   "episodes"]])
pd.concat(noise_rows, ignore_index=True).round(2)

# %% [markdown]
# **Why the default `"diff"` misses the moderate drop.** The SD of first differences is
# computed on the whole series — including the three deep ruptures (each contributes two
# jumps of 8–11 points) and the rise after the contract. The ruptures inflate the noise
# estimate that is meant to detect them: σ = 2.88, 2σ = 5.76, and the 5-point drop at
# session 37 falls short. A robust estimate (`"mad"`, σ = 1.57) or the SD of a stable stretch
# (`"window"`, the working phase P3, sessions 19–34: σ = 1.71) is not contaminated, and the
# Stiles rule then finds all four drops.
#
# **Which window?** The window must be a *stable* stretch, chosen before looking at the
# detections. The same SD taken over the rupture-laden phases P1–P2 or over the whole series
# makes the 2 SD rule blind:

# %%
for win in ((19, 34), (4, 18), (2, 44)):
    res = ck.rupture_repair(wai, seed=1, criterion="stiles2sd", noise="window", noise_window=win,
                            improvement="increase")
    th = res.thresholds.iloc[0]
    print(f"noise window sessions {win[0]}-{win[1]}: sigma = {th['noise']:.2f}, "
          f"2 sigma = {th['threshold']:.2f}, episodes: {len(res.summary)}")

# %% [markdown]
# We continue with the stable window P3 (sessions 19–34), and say so in the report.

# %%
episodes = ck.rupture_repair(wai, seed=1, criterion=criteria, noise="window", noise_window=(19, 34),
                             rci=WAI_SR_PLACEHOLDER_RCI, improvement="increase")
print(episodes)

# %% [markdown]
# Detections and the therapist's notes are different sources; `rupture_agreement` compares
# them without merging them (a noted rupture counts as detected when an episode starts within
# one session of it).

# %%
agreement = ck.rupture_agreement(episodes, case.events)
print(agreement)

# %%
# SIM-NPD-01 (simulated): WAI-SR, Stiles 2 SD with the stable-window noise; filled
# triangles on top = the therapist's notes, open triangles = detected nadirs
noted = case.events[case.events["event"].isin(["rupture_noted", "repair_noted"])]
fig, ax = ckp.rupture_repair_plot(totals, episodes, events=noted, measure="WAI-SR",
                                  criterion="stiles2sd", phases=case.phases,
                                  event_labels=None, figsize=WIDE, style=None)
plt.show()

# %% [markdown]
# Reading the table and figure:
#
# - **Stiles 2 SD** finds the three deep drops (sessions 5, 8, 14) and the moderate one (37),
#   all repaired within a session, and matches four of the five noted ruptures.
# - **Gumz** (max of 2σ and the RCI) and **RCI** keep only the three deep drops: the drop at
#   37 exceeds 2·σ_within but not the (placeholder) RCI. This is expected; report both.
# - **Strauss 1 SD** flags 8 episodes, 4 of them never noted — small dips in a stable phase
#   (over-detection).
# - **No rule** detects the intake rupture (session 3): the therapist noted a withdrawal
#   (vague, "empty"; her boredom) that left no trace in the client's ratings. Self-report
#   ratings cannot see every rupture.
#
# **The floor.** With integer ratings and a quiet series, a MAD-based σ can be 0, and a
# 2·σ rule would flag every 1-point dip. casekit never lets the threshold fall below the
# floor (default: the data's scale step).

# %%
quiet = [40, 40, 40, 40, 40, 41, 40, 40, 40, 39, 40, 40, 40, 40, 38, 40, 40]
for fl in (None, 2.0):
    res = ck.rupture_repair(values=quiet, seed=1, criterion="stiles2sd", noise="mad", floor=fl,
                            improvement="increase")
    th = res.thresholds.iloc[0]
    print(f"floor={fl}: sigma = {th['noise']:.2f}, threshold = {th['threshold']:.2f}, "
          f"episodes at sessions {res.summary['start'].tolist()}")

# %% [markdown]
# Half of the session-to-session differences are 0, so the MAD is 0 and σ = 0. With the
# default floor (1 point, the scale step) the 1-point dip 41 → 40 at session 7 becomes an
# "episode"; a floor of 2 points leaves only the 2-point drop at session 15. A floor is a
# substantive choice: the RCI, or at least one scale point.

# %% [markdown] tags=["exercise"]
# ### Exercise 4 (6 min): the noise estimate decides
#
# 1. Run `ck.rupture_repair` on `wai` with `criterion="stiles2sd"` and the default
#    `noise="diff"`, then with `noise="mad"` (both with `improvement="increase"`).
# 2. For each, use `ck.rupture_agreement(..., case.events)` to list which noted ruptures are
#    detected (`.summary["detected_by"]`).
# 3. Optional: with `noise="mad"`, what changes with `reference=3` (the mean of the previous
#    three sessions as the pre-rupture level)?

# %% tags=["exercise"]
detected = None  # your code here: {"diff": [...], "mad": [...]}

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
self_check("Exercise 4", [
    ("detected", detected, {"diff": [5, 8, 14], "mad": [5, 8, 14, 37]}, 0,
     "ck.rupture_agreement(episodes, case.events).summary: the noted ruptures whose "
     "detected_stiles2sd is True, for noise='diff' and noise='mad'"),
])

# %% tags=["solution"]
detected = {}
for noise in ("diff", "mad"):
    ep = ck.rupture_repair(wai, seed=1, criterion="stiles2sd", noise=noise, improvement="increase")
    agr = ck.rupture_agreement(ep, case.events)
    detected[noise] = agr.summary.loc[agr.summary["detected_stiles2sd"], "session"].tolist()
    print(f"noise={noise}: threshold {ep.thresholds['threshold'].iloc[0]:.2f}; noted ruptures "
          f"detected at sessions {detected[noise]}")
ep3 = ck.rupture_repair(wai, seed=1, criterion="stiles2sd", noise="mad", reference=3,
                        improvement="increase")
print("\nreference=3:")
print(ep3)

# %% [markdown] tags=["solution"]
# With `"diff"` the 2σ threshold is 5.76 and the setback-phase rupture at session 37 (a
# 5-point drop) is missed; with `"mad"` (3.15) it is found. With `reference=3` the
# pre-rupture level is the mean of the previous three sessions, which catches a decline over
# several sessions: 49 → 46 → 44 at sessions 25–27 (each step below the threshold, the drop
# from the 3-session mean 47.7 to 44 above it) becomes a fifth, unnoted episode. Always
# report σ's method and value and the reference.

# %% [markdown]
# ## Take-home points
#
# - A reliable change index is only as good as its SD, reliability and z: report all three and
#   their sources. A published raw RCI (PHQ-9: 6 points) is a threshold, not a formula.
# - Clinical significance needs a cutoff with a source; a, b and c answer different questions
#   (and packages differ in b). Regression-based RCIs (HLL) are relative to the group.
# - Session-by-session reliable change depends on the reference (intake score vs baseline
#   mean).
# - Sudden gains: criterion 1's cutoff, criterion 3's adjusted critical values and the
#   reversal rule are choices; a setback is not a reversal.
# - Rupture–repair detection depends on the noise estimate (contaminated by the ruptures
#   themselves when taken over the whole series), the floor and the reference; compare with
#   the therapist's notes, never merge them.
#
# **References.** Jacobson & Truax 1991 (doi:10.1037/0022-006X.59.1.12); Hsu 1999
# (doi:10.1037/1040-3590.11.3.341); Tang & DeRubeis 1999 (doi:10.1037/0022-006X.67.6.894);
# Wiedemann, Thew, Stott & Ehlers 2020 (doi:10.1371/journal.pone.0230276); Stiles et al. 2004
# (doi:10.1037/0022-0167.51.1.81); Strauss et al. 2006 (doi:10.1037/0022-006X.74.2.337); Gumz
# et al. 2012 (doi:10.1186/1471-2288-12-10); Eubanks, Muran & Safran 2018
# (doi:10.1037/pst0000185).

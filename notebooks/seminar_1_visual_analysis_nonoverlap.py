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
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Seminar 1 — Visual analysis and non-overlap effect sizes
#
# **Single-case (N = 1) methods with casekit.** One AB comparison: a baseline phase A, then an
# intervention phase B, measured session by session.
#
# **Learning goals.** After this seminar you can
#
# 1. describe an AB series the way the What Works Clearinghouse (WWC) asks for: **level, trend,
#    variability, immediacy** (and overlap, consistency), on a plotted series;
# 2. say what **NAP, Tau, PND, PEM, PAND, IRD** count, compute them with `casekit.effects`, and
#    reproduce the published worked example of Parker, Vannest & Davis (2011);
# 3. explain why a **baseline trend** can produce the whole "effect" (Tau vs Tau-U vs Tau-BC;
#    Tarlow 2017), and that "Tau-U" names several different computations;
# 4. recognise where the indices mislead: **ceiling** (saturation), **one outlier**, ties, and
#    the **direction** of improvement for symptom measures.
#
# **Timing plan (about 55 minutes).**
#
# | min | part |
# |---|---|
# | 0–5 | setup, the data we use |
# | 5–17 | 1. visual analysis: level, trend, variability, immediacy |
# | 17–27 | 2. non-overlap indices on the Parker et al. (2011) example |
# | 27–35 | 3. baseline trend: Tau, Tau-U, Tau-BC |
# | 35–40 | 4. the same name, different numbers: SingleCaseES vs scan |
# | 40–46 | 5. where the indices mislead: ceiling and one outlier |
# | 46–50 | 6. direction: symptom vs alliance measures |
# | 50–60 | exercises 1–4 (worked solutions follow each exercise) |
#
# **Data.** The small vectors in parts 2–4 are *published* teaching examples (Parker, Vannest &
# Davis 2011; Tarlow 2017), typed in with their citation. **Everything else is simulated**:
# series drawn with `casekit.simulate` (seeded) and the bundled teaching case SIM-NPD-01
# (`casekit.datasets`). **No patient data.**

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

import casekit as ck
from casekit.plot import session_series
from casekit.simulate import simulate_ab, simulate_ab_batch

# Figures for a projector: casekit's paper style for the whole notebook, drawn at 200 dpi and
# at most 5-6 inches wide, so that an image is about 1000-1200 px wide and its type (7-9 pt)
# is 19-25 px high without being scaled down. casekit's figure functions get style=None
# ("use these settings") and a figure size from here.
plt.style.use("casekit.styles.paper")
plt.rcParams.update({"figure.dpi": 200})
WIDE = (5.0, 2.6)  # one series across the screen

print("casekit", ck.__version__)
print("NOTICE: the series in parts 1, 5 and 6 and in the exercises are SIMULATED "
      "(casekit.simulate, seeded; bundled case SIM-NPD-01). No patient data.")

# %% [markdown]
# ## 1. Visual analysis: level, trend, variability, immediacy (12 min)
#
# Visual analysis is still the primary analysis of single-case data. The WWC single-case
# standards (Kratochwill et al. 2010; WWC Procedures and Standards Handbook 5.0) ask the
# analyst to examine, within and between phases:
#
# | feature | question | a simple number (used here) |
# |---|---|---|
# | **level** | where do the values sit? | phase mean $\bar y$ (or median) |
# | **trend** | are they going up or down within the phase? | OLS slope per session $\hat\beta$ |
# | **variability** | how much do they scatter? | SD and range within the phase |
# | **immediacy** | how fast does the change come? | mean of the first 3 B points − mean of the last 3 A points |
# | **overlap** | how many B points look like A points? | part 2 (NAP, PND, ...) |
# | **consistency** | do similar phases look alike? | needs replicated phases (ABAB, multiple baseline) |
#
# An AB design has a single phase change and no replication: by the WWC standards it cannot
# demonstrate a causal effect (the standards, as commonly cited, ask for at least three
# demonstrations of an effect at three points in time — check the Handbook for the exact
# rules). What follows is *description*, and must be labelled so.
#
# Our example is a simulated PHQ-9-like series (0–27, **lower = better**): 8 baseline and 12
# intervention sessions, with a designed drop of 6 points and a further improvement of
# 0.3 points per session in B, AR(1) noise (φ = 0.3, SD 2).

# %%
sim = simulate_ab(8, 12, level=18, level_shift=-6, slope_change=-0.3, phi=0.3, sigma=2,
                  bounds=(0, 27), integer=True, case="SIM-AB-1", seed=1)
ab = sim.data.assign(measure="PHQ-9")
display(sim)  # the result object: the designed truth of each phase (and the seed)

# %% [markdown]
# A small helper computes the four numbers of the table for each phase. It is plain
# numpy/pandas, so that you can see every formula.

# %%
def phase_description(data, n_immediacy=3):
    """Level, trend, variability per phase and the immediacy of the A -> B change."""
    rows = []
    for phase, g in data.groupby("phase", sort=False):
        x = g["session"].to_numpy(float)
        y = g["value"].to_numpy(float)
        rows.append({"phase": phase, "n": len(y), "mean": y.mean(), "median": np.median(y),
                     "slope": np.polyfit(x, y, 1)[0], "sd": y.std(ddof=1),
                     "min": y.min(), "max": y.max()})
    table = pd.DataFrame(rows)
    a = data.loc[data["phase"] == "A", "value"].to_numpy(float)
    b = data.loc[data["phase"] == "B", "value"].to_numpy(float)
    immediacy = b[:n_immediacy].mean() - a[-n_immediacy:].mean()
    return table, float(immediacy)


desc, immediacy = phase_description(ab)
print(desc.round(2).to_string(index=False))
print(f"immediacy (first 3 B - last 3 A): {immediacy:.2f} points")

# %% [markdown]
# Each feature on its own panel, all drawn with `casekit.plot.session_series` (phase line and
# band, the direction note from the instrument registry: PHQ-9, lower = better):
#
# * **level**: phase means (`phase_stats="mean"`);
# * **trend**: phase OLS lines (`phase_stats="trend"`) and the baseline trend extrapolated
#   (`baseline_trend=True`) — the "what if nothing had changed" line;
# * **variability**: the range of each phase as a shaded band;
# * **immediacy**: the last 3 A and first 3 B points, with their means.

# %%
fig, axes = plt.subplots(2, 2, figsize=(5.2, 3.6), sharex=True, sharey=True)
common = dict(phases="phase", legend=False)
session_series(ab, "PHQ-9", ax=axes[0, 0], phase_stats="mean", title="Level", **common, style=None)
session_series(ab, "PHQ-9", ax=axes[0, 1], phase_stats="trend", baseline_trend=True,
               title="Trend", **common, style=None)
session_series(ab, "PHQ-9", ax=axes[1, 0], title="Variability", **common, style=None)
for _, row in desc.iterrows():
    s = ab.loc[ab["phase"] == row["phase"], "session"]
    axes[1, 0].fill_between([s.min() - 0.4, s.max() + 0.4], row["min"], row["max"],
                            color="0.6", alpha=0.3, lw=0)
session_series(ab, "PHQ-9", ax=axes[1, 1], title="Immediacy", **common, style=None)
last_a = ab[ab["phase"] == "A"].tail(3)
first_b = ab[ab["phase"] == "B"].head(3)
for part in (last_a, first_b):
    axes[1, 1].plot(part["session"], part["value"], "o", ms=9, mfc="none", color="C3")
    axes[1, 1].hlines(part["value"].mean(), part["session"].min() - 0.3,
                      part["session"].max() + 0.3, color="C3", lw=2)
plt.show()  # laid out by the paper style (constrained layout)

# %% [markdown]
# **Reading the figure (what a visual analyst would write).** *Level:* the mean drops from
# 18.5 to 9.9 points. *Immediacy:* the drop is there at once (first three B sessions
# 6.3 points below the last three A sessions). *Trend:* the baseline is nearly flat
# (−0.14 per session), so the extrapolated baseline does not predict the B values; B keeps
# improving (−0.47 per session). *Variability:* similar in both phases (SD 1.3 and 1.9).
# *Overlap:* none — the highest B value (13) is below the lowest A value (16). Compare with
# the designed truth printed above: a 6-point drop and a B slope of −0.3 per session.
#
# **Pitfalls.** With 3–8 points per phase an OLS slope is very noisy (one point moves it a
# lot); the WWC standards ask for at least 3 points per phase ("with reservations") and 5
# ("without reservations"), as commonly cited. The "immediacy" window
# (3 points) is a convention, not a law — report it.

# %% [markdown]
# ## 2. Non-overlap indices on a published example (10 min)
#
# Parker, Vannest & Davis (2011, *Behavior Modification* 35(4), 303–322,
# doi:10.1177/0145445511399147) use one small AB series (higher = better):
#
# A = 20, 20, 26, 25, 22, 23; B = 28, 25, 24, 27, 30, 30, 29 (m = 6, n = 7).
#
# Definitions (A = $a_1 \dots a_m$, B = $b_1 \dots b_n$; for "decrease" both phases are
# multiplied by −1 first):
#
# * **NAP** (Parker & Vannest 2009, doi:10.1016/j.beth.2008.10.006): the share of all $mn$
#   (A, B) pairs in which B is better, ties counting ½:
#   $\text{NAP} = \frac{1}{mn}\sum_i\sum_j \left[I(b_j > a_i) + \tfrac12 I(b_j = a_i)\right]$.
#   Null value 0.5. The probability that a random B session beats a random A session.
# * **Tau** (non-overlap) $= 2\,\text{NAP} - 1 = (\#\{b_j > a_i\} - \#\{b_j < a_i\}) / mn$,
#   range −1 … 1, null 0.
# * **PND** (Scruggs, Mastropieri & Casto 1987, doi:10.1177/074193258700800206): share of B
#   points above the *highest* A point.
# * **PEM** (Ma 2006, doi:10.1177/0145445504272974): share of B points above the A *median*.
# * **PAND** (Parker, Hagan-Burke & Vannest 2007, doi:10.1177/00224669070400040101): the
#   largest share of all $m + n$ points that can be kept so that every kept A point is below
#   every kept B point (remove the fewest overlapping points).
# * **IRD** (robust improvement rate difference; Parker, Vannest & Brown 2009,
#   doi:10.1177/001440290907500201) $= 1 - \frac{(m+n)^2}{2mn}(1 - \text{PAND})$.
#
# casekit returns all of them as **proportions** (0–1), never percentages.

# %%
parker = pd.DataFrame({
    "case": "Parker 2011", "measure": "score",
    "session": np.arange(1, 14),
    "phase": ["A"] * 6 + ["B"] * 7,
    "value": [20, 20, 26, 25, 22, 23, 28, 25, 24, 27, 30, 30, 29.0],
})
fig, ax = session_series(parker, "score", phases="phase", improvement="increase",
                         phase_stats="median", style=None, figsize=WIDE)
ax.set_title("Parker, Vannest & Davis (2011)", pad=14)  # pad: clear of the phase labels
plt.show()

# %%
es_parker = ck.effect_sizes(parker, es=["NAP", "Tau", "PND", "PEM", "PAND", "IRD"],
                            improvement="increase")
display(es_parker)

# %% [markdown]
# The published values (Parker et al. 2011; the same numbers are in the test suite of the R
# package SingleCaseES, `test-parker-vannest-davis-2011.R`), next to casekit's:

# %%
published = {"NAP": 38.5 / 42, "Tau": 35 / 42, "PND": 5 / 7, "PEM": 1.0, "PAND": 11 / 13,
             "IRD": 6 / 7 - 1 / 6}
check = es_parker.summary[["es", "est"]].rename(columns={"est": "casekit"})
check["published"] = check["es"].map(published)
print(check.to_string(index=False, float_format=lambda v: f"{v:.6f}"))
print("all equal within 1e-12:",
      bool(np.allclose(check["casekit"], check["published"], rtol=0, atol=1e-12)))

# %% [markdown]
# **Count it once by hand.** NAP compares every A point with every B point: 6 × 7 = 42 pairs.
# B beats A in 38 pairs and ties in 1 (the A value 25 against the B value 25), so
# NAP = (38 + 0.5)/42 = 0.917 and Tau = (38 − 3)/42 = 0.833 (3 pairs where B is lower).
# PND is 5/7 because two B points (25, 24) do not exceed the highest A point (26).

# %%
pairs = np.subtract.outer(parker.loc[parker.phase == "B", "value"].to_numpy(),
                          parker.loc[parker.phase == "A", "value"].to_numpy())
print("pairs:", pairs.size, "| B better:", int((pairs > 0).sum()),
      "| ties:", int((pairs == 0).sum()), "| B worse:", int((pairs < 0).sum()))
# IRD from PAND: 1 - (m + n)^2 / (2 m n) * (1 - PAND), with m = 6, n = 7
A_parker, B_parker = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
pand_p = ck.pand(A_parker, B_parker, improvement="increase")
print(f"PAND = {pand_p.est:.4f} ({pand_p.overlaps} points removed); "
      f"IRD from the formula = {1 - 13**2 / (2 * 6 * 7) * (1 - pand_p.est):.4f}; "
      f"ck.ird = {ck.ird(A_parker, B_parker, improvement='increase').est:.4f}")

# %% [markdown]
# **What they do *not* measure.** None of these indices knows about time: shuffle the sessions
# within each phase and NAP, Tau, PND, PEM, PAND and IRD stay the same. A trend that started in
# the baseline therefore looks like an effect (part 3). They also say nothing about the *size*
# of the change in score points (part 5), and their standard errors (NAP/Tau) assume
# independent sessions, which repeated ratings of one person rarely are.

# %% [markdown]
# ## 3. Baseline trend: Tau, Tau-U and Tau-BC (8 min)
#
# **Tau-U** (Parker, Vannest, Davis & Sauber 2011, doi:10.1016/j.beth.2010.08.006) subtracts
# the baseline's own trend, Kendall's $S_A = \sum_{i<k}\text{sign}(a_k - a_i)$, from the A-vs-B
# count $S_{AB} = \sum_i\sum_j \text{sign}(b_j - a_i)$:
#
# $$\text{Tau-U} = \frac{S_{AB} - S_A}{mn}\qquad\text{(SingleCaseES definition).}$$
#
# **Tau-BC** (Tarlow 2017, doi:10.1177/0145445516676750) fits a Theil–Sen line to the baseline
# (median of the pairwise slopes), removes it from *both* phases (session positions 1 … m + n),
# and computes Tau on what is left.
#
# Parker et al.'s example for Tau-U: A = 3, 3, 4, 5; B = 4, 5, 6, 7, 7 (published: Tau .80,
# Tau-U .55). Tarlow's example: A = 1 … 5, B = 6 … 10 — a straight line through both phases
# (published: Tau 1, Tau-U 0.6, Tau-BC 0). Parker et al. give no Tau-BC for their series; we
# compute it anyway.

# %%
examples = {"Parker 2011 (Tau-U)": ([3, 3, 4, 5], [4, 5, 6, 7, 7]),
            "Tarlow 2017": ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])}
rows = []
for name, (a, b) in examples.items():
    rows.append({"example": name,
                 "Tau": ck.tau(a, b, improvement="increase").est,
                 "Tau-U": ck.tau_u(a, b, improvement="increase").est,
                 "Tau-BC": ck.tau_bc(a, b, improvement="increase").est})
print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))

# %%
tarlow = pd.DataFrame({"case": "Tarlow 2017", "measure": "score", "session": range(1, 11),
                       "phase": ["A"] * 5 + ["B"] * 5, "value": np.arange(1.0, 11.0)})
fig, ax = session_series(tarlow, "score", phases="phase", improvement="increase",
                         baseline_trend=True, style=None, figsize=WIDE)
ax.set_title("Tarlow (2017): the trend continues", pad=14)
plt.show()

# %% [markdown]
# Tau = 1 says "every B point beats every A point" — true, and meaningless here: the baseline
# was already rising by one point per session, and B simply continues the line (the dotted
# extrapolated baseline trend lies exactly under the data).
# Tau-BC removes the baseline line and finds **no effect (0)**. Tau-U only *subtracts* the
# baseline's rank trend from the count and lands in between (0.6).
#
# In Parker's series Tau-BC is **−1**: the Theil–Sen line through the four baseline points
# rises 0.83 points per session and, extrapolated, predicts 5.8 to 9.1 for B; every observed B
# value lies below that line. Is that a deterioration, or a line from four points projected
# five sessions ahead? That is a judgement the index cannot make for you.
#
# The result objects keep the details: Tau-BC stores the Theil–Sen slope and intercept it
# removed.

# %%
ck.tau_bc([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], improvement="increase")

# %% [markdown]
# **Pitfalls.** Tau-U is not bounded by 1: with a baseline that runs *against* the
# improvement, $-S_A$ is positive and adds to $S_{AB}$. Tau-BC extrapolates a line estimated
# from a few baseline points over the whole B phase — with 3 points and noise, that line can
# be far off (the SE does not include this uncertainty).

# %%
ck.tau_u([5, 4, 3, 2, 1], [6, 7, 8], improvement="increase")

# %% [markdown]
# ## 4. Same name, different numbers: SingleCaseES vs scan (5 min)
#
# The two R packages most used for these indices differ in definitions (see the docstrings of
# `casekit.effects`). casekit follows SingleCaseES 0.7.4 by default and offers scan 0.67.1's
# variants as options:
#
# | index | SingleCaseES (casekit default) | scan | casekit option |
# |---|---|---|---|
# | Tau-U | $(S_{AB} - S_A)/mn$ | default `method = "complete"`: divides by all pairs used (Kendall tau-b) | `tau_u(method="complete")`, `"parker"`, `"tarlow"` |
# | PEM | a B point equal to the A median counts ½ | counts 0 | `pem(ties=0)` |
# | PAND | "minimum": fewest points removed | default "sort": sort all values, cross-tabulate phases | `pand(method="sort")` |
# | scale | proportions | percentages | always proportions |
#
# Always report which variant you used: "Tau-U" without a definition is not reproducible.

# %%
A, B = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
variants = [
    ("Tau-U", "SingleCaseES", ck.tau_u(A, B, improvement="increase")),
    ("Tau-U", "scan complete (tau-b)", ck.tau_u(A, B, improvement="increase", method="complete")),
    ("Tau-U", "scan parker", ck.tau_u(A, B, improvement="increase", method="parker")),
    ("PEM", "ties 0.5 (SingleCaseES)", ck.pem([3, 5, 7, 4, 6], [5, 5, 8, 9, 6], improvement="increase")),
    ("PEM", "ties 0 (scan)", ck.pem([3, 5, 7, 4, 6], [5, 5, 8, 9, 6], improvement="increase", ties=0)),
    ("PAND", "minimum (SingleCaseES)", ck.pand([6, 5, 1, 2], [3, 7, 8, 9, 4], improvement="increase")),
    ("PAND", "sort (scan default)", ck.pand([6, 5, 1, 2], [3, 7, 8, 9, 4], improvement="increase", method="sort")),
]
print(pd.DataFrame([{"index": i, "variant": v, "est": r.est} for i, v, r in variants])
      .to_string(index=False, float_format=lambda v: f"{v:.3f}"))

# %% [markdown]
# * **Tau-U** on the Parker series: 0.738 (SingleCaseES, and scan's `"parker"`) vs 0.474
#   (scan's default) — the same data, the same name.
# * **PEM** with A = 3, 5, 7, 4, 6 (median 5) and B = 5, 5, 8, 9, 6: two B points equal the
#   median; ½ each gives 0.8, 0 gives 0.6.
# * **PAND** with A = 6, 5, 1, 2 and B = 3, 7, 8, 9, 4: "minimum" removes the two A points 5
#   and 6 and keeps 7 of 9 (0.778); "sort" lines up the sorted phase labels
#   A A **B B A A** B B B against A A A A B B B B B and counts 5 of 9 on the diagonal (0.556).

# %% [markdown]
# ## 5. Where the indices mislead: ceiling and one outlier (6 min)
#
# **Ceiling (saturation).** Once the phases do not overlap at all, NAP = 1, Tau = 1 and
# PND = 1 whatever the size of the change. Two simulated PHQ-9 series, a 6-point and an
# 18-point drop (same seed, same noise):

# %%
rows = []
for drop in (6, 18):
    s = simulate_ab(8, 10, level=20, level_shift=-drop, sigma=1.5, bounds=(0, 27),
                    integer=True, case=f"drop {drop}", seed=11)
    d = s.data
    rows.append({"designed drop": drop,
                 "NAP": ck.nap(data=d, improvement="decrease").est,
                 "PND": ck.pnd(data=d, improvement="decrease").est,
                 "SMD": ck.smd(data=d, improvement="decrease").est,
                 "mean change": d.loc[d.phase == "B", "value"].mean()
                 - d.loc[d.phase == "A", "value"].mean(),
                 "values at 0": s.n_clipped})
print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.2f}"))

# %% [markdown]
# NAP and PND cannot tell the two apart; the mean change and the SMD can. The *scale* has a
# floor too: a PHQ-9 cannot go below 0, so with the larger drop a simulated value was set to 0
# (`n_clipped` counts such values; the simulator reports them, never hides them). Near the
# floor the B variability shrinks and ties appear, which distorts the SMD as well. Report the
# mean change in score points (and reliable change, seminar 3) next to any non-overlap index.
#
# **One outlier.** Replace one baseline value of the Parker series (26, session 3) with 31,
# one unusually good week:

# %%
A_out = [20, 20, 31, 25, 22, 23]
indices = {"NAP": ck.nap, "Tau": ck.tau, "Tau-U": ck.tau_u, "PND": ck.pnd, "PEM": ck.pem,
           "PAND": ck.pand}
rows = [{"index": k, "original": f(A, B, improvement="increase").est,
         "one outlier": f(A_out, B, improvement="increase").est} for k, f in indices.items()]
print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))

# %% [markdown]
# PND depends on the single highest baseline point and drops from 0.714 to **0**. PEM (the
# median, 22.5 either way) does not move, nor does PAND (two points are removed either way).
# NAP, Tau and Tau-U drop by the same amount: 26 beat 2 of the 7 B points, 31 beats all 7, so
# 5 of the 42 pairs switch from "B better" to "B worse" (Tau: −10/42 = −0.238). Tau-U's
# baseline trend count $S_A$ happens not to change here (31, like 26, is above the two
# earlier and the three later baseline values). One unusual week turns a "large" PND into
# "no effect": the dependence on a single extreme point is the main criticism of PND in
# reviews of non-overlap indices (Parker, Vannest & Davis 2011).

# %% [markdown]
# ## 6. Direction: symptom and alliance measures (4 min)
#
# Every casekit effect size takes `improvement="increase" | "decrease"`; for "decrease" both
# phases are multiplied by −1 first, so **a positive Tau (NAP above 0.5) always means
# improvement**. With `instrument=` the direction comes from the instrument registry — the
# safer choice, because the wrong direction does not raise an error, it silently turns a large
# improvement into a large deterioration.
#
# The bundled simulated case SIM-NPD-01 (weekly PHQ-9, lower = better). Its phases were
# defined *post hoc* from the narrative, so every number here is descriptive.

# %%
case = ck.datasets.load_case("SIM-NPD-01")
print(case.notice)
ratings = case.ratings
phq9 = ck.score(ratings[ratings["measure"] == "PHQ-9"])
fig, ax = session_series(phq9, "PHQ-9", phases=case.phases, cutoff="instrument", style=None, figsize=WIDE)
ax.set_title("SIM-NPD-01: PHQ-9 (simulated)", pad=14)
plt.show()

# %%
kw = dict(data=phq9, baseline_phase="P0", treatment_phase="P3")
right = ck.nap(**kw, instrument="PHQ-9")  # direction from the registry: decrease
wrong = ck.nap(**kw, improvement="increase")
print(f"PHQ-9 direction in the registry: {ck.get_instrument('PHQ-9').improvement}")
print(f"NAP, P0 vs P3, improvement from the registry: {right.est:.3f}")
print(f"NAP, P0 vs P3, improvement='increase' (wrong): {wrong.est:.3f}")
try:
    ck.nap(**kw, instrument="PHQ-9", improvement="increase")
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# casekit refuses an `improvement` that contradicts the registry. A second pitfall in the same
# data: the three P0 sessions are all 19, so the baseline SD is 0 and the SMD is undefined.
# casekit returns NaN with a `CaseDataWarning` (never an infinite value); we silence that
# *expected* warning by class, and read the explanation from the result's notes instead.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ck.CaseDataWarning)  # expected: constant baseline
    smd_p0 = ck.smd(**kw, instrument="PHQ-9")
print(f"SMD = {smd_p0.est}")
print("note:", smd_p0.notes[-1])

# %% [markdown]
# ## Exercises
#
# Each exercise has a runnable scaffold (replace the `None  # your code here` lines) and a
# worked solution below it (removed in the student copy). Run the self-check cell after each
# scaffold: it compares your answers with the expected values (within a tolerance) and says
# what to look at when one is off; it stays in the student copy.

# %% tags=["exercise", "self-check"]
# the self-check of every exercise below (casekit.teaching.self_check): it compares your
# answers with the expected values within a tolerance and says what to look at when one is off
from casekit.teaching import self_check

# %% [markdown] tags=["exercise"]
# ### Exercise 1 — Visual analysis of a new series (5 min)
#
# The simulated PHQ-9 series `ex1` below (seed 21) has 6 baseline and 10 intervention
# sessions. (a) Describe level, trend, variability and immediacy with `phase_description`.
# (b) Plot it with `session_series(..., phases="phase", baseline_trend=True)`.
# (c) Compute NAP (direction from the registry: `instrument="PHQ-9"`) and Tau-BC. Would you
# conclude that the intervention worked?

# %% tags=["exercise"]
ex1 = simulate_ab(6, 10, level=22, slope=-0.8, sigma=1.5, bounds=(0, 27), integer=True,
                  case="EX-1", seed=21).data.assign(measure="PHQ-9")
ex1_description = None  # your code here: phase_description(ex1)
ex1_nap = None  # your code here: ck.nap(data=ex1, instrument="PHQ-9")
ex1_tau_bc = None  # your code here

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
self_check("Exercise 1", [
    ("NAP", ex1_nap, 1.0, 1e-3,
     "instrument='PHQ-9' takes the direction from the registry (lower is better)"),
    ("Tau-BC", ex1_tau_bc, -0.70, 0.01,
     "ck.tau_bc with the same data and instrument; its baseline line rests on 6 points"),
])

# %% tags=["solution"]
sol1_table, sol1_immediacy = phase_description(ex1)
print(sol1_table.round(2).to_string(index=False))
print(f"immediacy: {sol1_immediacy:.2f}")
fig, ax = session_series(ex1, "PHQ-9", phases="phase", baseline_trend=True,
                         phase_stats="trend", style=None, figsize=WIDE)
ax.set_title("Exercise 1", pad=14)
plt.show()

# %% tags=["solution"]
sol1_nap = ck.nap(data=ex1, instrument="PHQ-9")
sol1_tau_bc = ck.tau_bc(data=ex1, instrument="PHQ-9")
ex1_nap, ex1_tau_bc = sol1_nap, sol1_tau_bc  # the answers the self-check reads
print(f"NAP = {sol1_nap.est:.3f}, Tau-BC = {sol1_tau_bc.est:.3f} "
      f"(baseline Theil-Sen slope {sol1_tau_bc.slope:.2f} per session)")

# %% [markdown] tags=["solution"]
# **Solution.** NAP = 1: a "perfect" effect. But the baseline already falls by about one
# point per session, the B phase continues on the same course, and the dotted extrapolated
# baseline runs close to the B values (the later ones even lie above it: worse than the
# trend predicts). The series was in fact simulated **without any
# intervention effect** (`level_shift=0`, a constant trend of −0.8 per session): the "effect"
# is the continued baseline trend, as in Tarlow's example.
#
# Tau-BC is −0.70, not 0: the Theil–Sen slope estimated from only 6 noisy baseline points is
# −1.2 per session (truth −0.8); projected 10 sessions ahead, the line predicts more
# improvement than the trend delivers, so B looks *worse* than expected. Neither index is
# right here: NAP is fooled by the trend, Tau-BC by the uncertainty of a short baseline line.
# The honest conclusion: no credible evidence of an effect — the series continues its
# baseline course (see exercise 4 for how variable Tau-BC is).

# %% [markdown] tags=["exercise"]
# ### Exercise 2 — NAP by hand (4 min)
#
# For A = 4, 6, 5, 7 and B = 8, 6, 9, 10, 9 (higher = better) count the pairs in which B is
# better, equal and worse, using `np.subtract.outer`. Compute NAP and Tau from the counts and
# check them against `ck.nap` and `ck.tau`. What is PND, and why is it lower than NAP?

# %% tags=["exercise"]
a2 = np.array([4, 6, 5, 7.0])
b2 = np.array([8, 6, 9, 10, 9.0])
nap_by_hand = None  # your code here
tau_by_hand = None  # your code here

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
self_check("Exercise 2", [
    ("NAP by hand", nap_by_hand, 0.925, 1e-9,
     "20 pairs; NAP = (better + 0.5 * ties) / pairs, from np.subtract.outer(b2, a2)"),
    ("Tau by hand", tau_by_hand, 0.85, 1e-9, "Tau = (better - worse) / pairs = 2 * NAP - 1"),
])

# %% tags=["solution"]
d2 = np.subtract.outer(b2, a2)
better, ties, worse = int((d2 > 0).sum()), int((d2 == 0).sum()), int((d2 < 0).sum())
sol2_nap = (better + 0.5 * ties) / d2.size
sol2_tau = (better - worse) / d2.size
nap_by_hand, tau_by_hand = sol2_nap, sol2_tau
print(f"{d2.size} pairs: better {better}, ties {ties}, worse {worse}")
print(f"NAP by hand {sol2_nap:.4f} | casekit {ck.nap(a2, b2, improvement='increase').est:.4f}")
print(f"Tau by hand {sol2_tau:.4f} | casekit {ck.tau(a2, b2, improvement='increase').est:.4f}")
print(f"PND = {ck.pnd(a2, b2, improvement='increase').est:.3f}")

# %% [markdown] tags=["solution"]
# **Solution.** 4 × 5 = 20 pairs: 18 better, 1 tie (B = 6 vs A = 6), 1 worse (B = 6 vs
# A = 7). NAP = (18 + 0.5)/20 = 0.925 and Tau = (18 − 1)/20 = 0.85. PND = 4/5 = 0.8: the
# B value 6 does not exceed the highest A value (7). PND looks only at the most extreme
# baseline point and counts the B point 6 as a complete failure; NAP weighs it by how many
# A points it beats (2 of 4, plus a tie).

# %% [markdown] tags=["exercise"]
# ### Exercise 3 — Direction with two measures (4 min)
#
# In SIM-NPD-01 the alliance (WAI-SR, higher = better) rises while the PHQ-9 (lower = better)
# falls. Score the WAI-SR total with `ck.score`, then compute Tau for P1 vs P3 for both
# measures with `instrument=`. Why are both values positive? What would you get for the
# WAI-SR with `improvement="decrease"`?

# %% tags=["exercise"]
wai = None  # your code here: ck.score(ratings[ratings["measure"] == "WAI-SR"], scales="total")
tau_wai = None  # your code here
tau_phq9 = None  # your code here

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
self_check("Exercise 3", [
    ("Tau WAI-SR", tau_wai, 1.0, 1e-3,
     "score the WAI-SR total first; P1 vs P3 with instrument='WAI-SR' (higher is better)"),
    ("Tau PHQ-9", tau_phq9, 1.0, 1e-3,
     "baseline_phase='P1', treatment_phase='P3', instrument='PHQ-9' (lower is better)"),
])

# %% tags=["solution"]
sol3_wai = ck.score(ratings[ratings["measure"] == "WAI-SR"], scales="total")
sol3 = {
    "WAI-SR (registry)": ck.tau(data=sol3_wai, baseline_phase="P1", treatment_phase="P3",
                                instrument="WAI-SR"),
    "PHQ-9 (registry)": ck.tau(data=phq9, baseline_phase="P1", treatment_phase="P3",
                               instrument="PHQ-9"),
    "WAI-SR, improvement='decrease'": ck.tau(data=sol3_wai, baseline_phase="P1",
                                             treatment_phase="P3", improvement="decrease"),
}
for label, res in sol3.items():
    print(f"{label:32s} Tau = {res.est:6.3f}  ({res.options['improvement']})")
tau_wai, tau_phq9 = sol3["WAI-SR (registry)"], sol3["PHQ-9 (registry)"]

# %% [markdown] tags=["solution"]
# **Solution.** The registry gives "increase" for the WAI-SR and "decrease" for the PHQ-9, so
# both Tau values are oriented towards improvement and both are positive: the alliance went
# up and the depression score went down. With the wrong direction the WAI-SR Tau changes sign
# (same size, negative): the numbers would report a deterioration of the alliance. Phases are
# post hoc: descriptive only.

# %% [markdown] tags=["exercise"]
# ### Exercise 4 — A live simulation: trend without effect (6 min)
#
# Simulate 300 AB series (6 + 10 sessions) **without any intervention effect** but with a
# baseline trend of +0.5 points per session (higher = better), with
# `simulate_ab_batch(300, 6, 10, level=10, slope=0.5, sigma=2, seed=5)`. Compute Tau, Tau-U
# and Tau-BC for all series at once with `ck.effect_sizes(batch.to_long(), es=[...],
# by=["case"], improvement="increase")`. Report the mean of each index and the share of series
# with a value above 0.5. Which index is fooled by the trend? (A live simulation: 300
# replications keep this cell to about a second. A full study would use thousands of
# replications, several designs and autocorrelated noise; casekit's docs/ has none for these
# indices yet.)

# %% tags=["exercise"]
batch = simulate_ab_batch(300, 6, 10, level=10, slope=0.5, sigma=2, seed=5)
long4 = batch.to_long()
es4 = None  # your code here
summary4 = None  # your code here: mean and share > 0.5 per index

# %% tags=["exercise", "self-check"]
# Self-check: run after your answer.
def _means4(es):
    """Mean estimate per index of your effect_sizes result (or its .summary table)."""
    if es is None:
        return None
    table = getattr(es, "summary", es)
    return table.groupby("es")["est"].mean().to_dict()


self_check("Exercise 4", [
    ("mean of each index", _means4(es4), {"Tau": 0.768, "Tau-BC": -0.014, "Tau-U": 0.684},
     0.005, "es=['Tau', 'Tau-U', 'Tau-BC'], by=['case'], improvement='increase' on long4"),
])

# %% tags=["solution"]
sol4 = ck.effect_sizes(long4, es=["Tau", "Tau-U", "Tau-BC"], by=["case"],
                       improvement="increase").summary
es4 = sol4
sol4_table = sol4.groupby("es")["est"].agg(
    mean="mean", sd="std", share_above_0_5=lambda v: (v > 0.5).mean(),
    share_below_minus_0_5=lambda v: (v < -0.5).mean())
print(f"{batch.summary['n_cases'].iloc[0]} series, seed {batch.seed}, no effect, trend +0.5")
print(sol4_table.to_string(float_format=lambda v: f"{v:.3f}"))

# %% [markdown] tags=["solution"]
# **Solution.** Tau is large (mean about 0.77, above 0.5 in over 90 % of the series) although
# nothing happened at the phase change: the B points are higher only because the trend
# continues. Tau-U removes only part of it (mean about 0.68). Tau-BC is the only one centred
# near 0 — but look at its SD and tails: about a third of the series give Tau-BC above 0.5
# and about a third below −0.5, because a slope estimated from 6 noisy points, extrapolated
# over 10 sessions, is very uncertain (exercise 1). Lessons: look at the baseline trend
# (part 1) before reading any non-overlap index; a trend-corrected index removes the bias but
# not the uncertainty, so short baselines cannot settle the question (seminar 2 treats trend
# models and autocorrelation).

# %% [markdown]
# ## Summary and references
#
# * Look first: level, trend, variability, immediacy. An AB case is descriptive.
# * NAP/Tau count pairs; PND hangs on one point; PEM on the median; PAND/IRD on the fewest
#   points to remove. None of them knows the time order or the size of the change.
# * A baseline trend can be the whole "effect": Tau-BC (Tarlow 2017) or a trend model.
# * Name the variant (Tau-U!), the direction and the scale (proportion) in every report.
#
# Kratochwill, T. R., et al. (2010). *Single-case designs technical documentation.* What Works
# Clearinghouse. — Ma, H.-H. (2006). *Behavior Modification*, 30(5), 598–617.
# doi:10.1177/0145445504272974 — Parker, R. I., & Vannest, K. J. (2009). *Behavior Therapy*,
# 40(4), 357–367. doi:10.1016/j.beth.2008.10.006 — Parker, R. I., Vannest, K. J., & Davis,
# J. L. (2011). *Behavior Modification*, 35(4), 303–322. doi:10.1177/0145445511399147 —
# Parker, R. I., Vannest, K. J., Davis, J. L., & Sauber, S. B. (2011). *Behavior Therapy*,
# 42(2), 284–299. doi:10.1016/j.beth.2010.08.006 — Parker, R. I., Hagan-Burke, S., & Vannest,
# K. (2007). *Journal of Special Education*, 40(4), 194–204. doi:10.1177/00224669070400040101
# — Parker, R. I., Vannest, K. J., & Brown, L. (2009). *Exceptional Children*, 75(2), 135–150.
# doi:10.1177/001440290907500201 — Scruggs, T. E., Mastropieri, M. A., & Casto, G. (1987).
# *Remedial and Special Education*, 8(2), 24–33. doi:10.1177/074193258700800206 — Tarlow,
# K. R. (2017). *Behavior Modification*, 41(4), 427–467. doi:10.1177/0145445516676750.

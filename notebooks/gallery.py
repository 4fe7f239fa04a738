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
# # casekit figure gallery
#
# **All data in this notebook are simulated.** The session series come from the bundled
# teaching case `SIM-NPD-01` (invented data that follow the order of events of a published
# narrative case report; no patient data; the publication reports no scores or session
# counts). The multiple-baseline cases and the pre/post group of the Jacobson plot are
# generated here with fixed seeds.
#
# Every figure function validates its input first, draws on a given `ax` or makes its own
# figure in the casekit paper style (single column 3.5 in, 8 pt text, Okabe–Ito colours with
# distinct markers), returns `(fig, ax)` and leaves the global matplotlib settings alone.
# All figures follow the same rules: open axes, whole-number ticks on session and score axes,
# legends under the axes and labels placed where they touch no data, event markers in a strip
# above the data, alliance above symptoms, phase names from the phases table (the codes with a
# key under the axes when the names do not fit) and criteria named in words.

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import casekit
from casekit import plot as ckp

case = casekit.datasets.load_case("SIM-NPD-01")
print(case.notice)

# %% [markdown]
# Scale scores from the item responses (PHQ-9 every session, WAI-SR from session 2), with
# the phases and therapist-noted events of the case.

# %%
ratings = case.ratings
scores = casekit.score(ratings[ratings["item"].notna()])
scores["week"] = scores["session"].map(
    ratings.drop_duplicates("session").set_index("session")["week"])
phases, events = case.phases, case.events
phq = scores[(scores["measure"] == "PHQ-9") & (scores["scale"] == "total")]
wai = scores[(scores["measure"] == "WAI-SR") & (scores["scale"] == "total")]
print(phases[["phase", "start", "end", "role", "definition"]].to_string(index=False))

# %% [markdown]
# ## 1. Session series
#
# PHQ-9 by session: phases (dashed lines midway between phases, every other phase shaded),
# the caseness cutoff from the registry, the reliable-change band (± 6 points, IAPT) around
# the intake-phase mean, therapist-noted events, and the Bayesian change point with its
# credible interval.

# %%
cp_phq = casekit.bayes_changepoint(data=phq)
fig, ax = ckp.session_series(phq, "PHQ-9", phases=phases, events=events, cutoff="instrument",
                             rci_band="instrument", changepoints=cp_phq,
                             figsize=ckp.figsize("double", 0.42))
plt.show()

# %% [markdown]
# The same series by **week**: the holiday breaks show as gaps (the line is never drawn
# across a missing week), with phase means and the extrapolated intake trend.

# %%
fig, ax = ckp.session_series(phq, "PHQ-9", x="week", phases=phases, phase_stats="mean",
                             baseline_trend=True, cutoff="instrument",
                             figsize=ckp.figsize("double", 0.4))
plt.show()

# %% [markdown]
# ## 2. Alliance and symptoms
#
# Stacked panels sharing the session axis, with identical phase bands (recommended), and the
# twin-axis variant for journals that want a single panel.

# %%
fig, axes = ckp.alliance_symptoms(scores, "WAI-SR", "PHQ-9", phases=phases, events=events,
                                  event_labels=None, figsize=ckp.figsize("double", 0.6))
plt.show()

# %%
fig, axes = ckp.alliance_symptoms(scores, "WAI-SR", "PHQ-9", phases=phases, twin=True,
                                  figsize=ckp.figsize("double", 0.45))
plt.show()

# %% [markdown]
# ## 3. Multiple baseline
#
# Three simulated AB cases (`casekit.simulate.simulate_ab`, seeds 11–13) with baselines of
# 5, 8 and 11 sessions; the staggered line marks each case's intervention start.

# %%
mb = []
for i, n_a in enumerate((5, 8, 11)):
    sim = casekit.simulate.simulate_ab(n_a, 20 - n_a, level=18, level_shift=-8, phi=0.3,
                                       sigma=2.0, bounds=(0, 27), integer=True,
                                       case=f"Case {i + 1}", seed=11 + i)
    mb.append(sim.data.assign(measure="PHQ-9"))
mb = pd.concat(mb, ignore_index=True)
fig, axes = ckp.multiple_baseline(mb, "PHQ-9", phases="phase", cutoff="instrument")
plt.show()

# %% [markdown]
# ## 4. Jacobson plot
#
# A simulated group of 30 pre/post PHQ-9 scores (seed 2024), classified with
# `casekit.reliable_change` (JT, registry RC 6 points, caseness cutoff 10). The plot draws the
# result's own categories.

# %%
rng = np.random.default_rng(2024)
pre = np.clip(np.round(rng.normal(17, 4, 30)), 0, 27)
post = np.clip(np.round(pre - rng.normal(6, 5, 30)), 0, 27)
rc = casekit.reliable_change(pre, post, instrument="PHQ-9", cutoff=10)
fig, ax = ckp.jacobson_plot(rc)
plt.show()

# %%
print(rc.counts.to_string(index=False))

# %% [markdown]
# ## 5. Sudden gain, rupture–repair episodes, change-point posterior
#
# The sudden gain (PHQ-9 criterion 1 cutoff 6 = the registry RC) with its interval and
# reversal value, and the course around it (sessions n−2 … n+3, as suddengains `plot_sg`).
# Then the alliance ruptures detected under two criteria, one panel each (Stiles et al. 2 SD
# and Strauss et al. 1 SD; shaded, open ▽ at the nadir) beside the therapist-noted ruptures
# (filled ▼), and the change points of both series: each series with its change point beside
# the posterior of the change location (`changepoint_posterior_plot` draws one posterior).

# %%
gains = casekit.sudden_gains(phq, sg_crit1_cutoff=6)
fig, axes = ckp.sudden_gain_plot(phq, gains, phases=phases, course=True)
plt.show()

# %%
criteria = ["stiles2sd", "strauss1sd"]
episodes = casekit.rupture_repair(wai, seed=1, instrument="WAI-SR", criterion=criteria)
fig, axes = ckp.rupture_repair_plot(wai, episodes, events, phases=phases, criterion=criteria,
                                    figsize=ckp.figsize("double", 0.75))
plt.show()

# %%
cp_wai = casekit.bayes_changepoint(data=wai)
fig, axes = ckp.changepoint_figure(scores, {"PHQ-9": cp_phq, "WAI-SR": cp_wai}, phases=phases)
plt.show()

# %% [markdown]
# ## 6. Style and deterministic export
#
# `subplots()` makes a figure in the casekit style for your own drawing (`paper_style()`
# applies the style to any code); keep the legend outside the data. `save` writes PDF, SVG,
# PNG and TIFF (600 dpi) without timestamps, so two exports are byte-identical.

# %%
fig, ax = ckp.subplots(width="single", aspect=0.75)
with ckp.paper_style():
    for m, sub in (scores[scores["scale"].isin(["goal", "task", "bond"])]
                   .groupby("scale")):
        ax.plot(sub["session"], sub["value"], label=m)
    ax.set_xlabel("Session")
    ax.set_ylabel("WAI-SR subscale")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.25))
plt.show()

# %%
fig, ax = ckp.session_series(phq, "PHQ-9", phases=phases, cutoff="instrument")
with tempfile.TemporaryDirectory() as tmp:
    first = ckp.save(fig, Path(tmp) / "a", formats=["pdf", "svg", "png", "tiff"])
    second = ckp.save(fig, Path(tmp) / "b", formats=["pdf", "svg", "png", "tiff"])
    for a, b in zip(first, second, strict=True):
        print(a.suffix, "identical" if a.read_bytes() == b.read_bytes() else "DIFFERENT")
plt.close(fig)

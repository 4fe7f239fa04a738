"""Target properties of the simulated teaching case SIM-NPD-01.

The case is a SIMULATION (invented data following the order of events of the narrative case
report by Dimaggio & Valentino, J Clin Psychol, "the case of Mark"; no patient data). Its design
targets come from ``../shared/domain/case-narrative.md`` section 4. Every property is checked
here on the *generated (noisy) data* with plain numpy/pandas logic of this file, independent of
casekit's analysis modules, so the tests fail if the generator, its seed or numpy's streams
change in a way that breaks a teaching point.

Criteria used (written out here so that they can be read next to the checks):

- Sudden gains: Tang & DeRubeis (1999), J Consult Clin Psychol 67(6):894-904,
  doi:10.1037/0022-006X.67.6.894, as implemented in R suddengains 0.7.2 (``identify_sg``):
  (1) x_N - x_{N+1} >= 6 (PHQ-9 RCI, IAPT); (2) (x_N - x_{N+1}) / x_N >= .25;
  (3) mean(x_{N-2..N}) - mean(x_{N+1..N+3}) > t_{.975, n1+n2-2} * pooled SD, with the critical
  value adjusted for fewer than 3 scores on a side (2.776, 3.182, 4.303). Reversal: a later
  score >= postgain + magnitude / 2.
- Ruptures: drop from the previous session, d_t = x_{t-1} - x_t, against 1 x or 2 x the
  within-person SD (SD of WAI-SR in the stable working phase P3) and the illustrative RCI
  1.96 * 8 * sqrt(2 * (1 - .91)) = 6.65 (PLACEHOLDER norms; no published WAI-SR RCI). Repair:
  back to the pre-rupture level within 2 sessions.
- Single mean shift: least squares over all splits (changepoint AMOC with known variance);
  Pettitt (1979): argmax_k |sum_{i<=k} sum_{j>k} sign(x_i - x_j)|. k = last session before.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from casekit.simulate import (
    SIM_NPD_01_SEED,
    SIMULATION_NOTICE,
    WAI_SR_PLACEHOLDER_RCI,
    simulate_case_sim_npd_01,
)

T_CRIT = {4: 2.776, 3: 3.182, 2: 4.303}  # t_.975 (suddengains critical values)
WAI_BOND, WAI_GOAL, WAI_TASK = (3, 5, 7, 9), (4, 6, 8, 11), (1, 2, 10, 12)


# ------------------------------------------------------------------------------------------
# helpers (independent of casekit's analysis modules)
# ------------------------------------------------------------------------------------------
def totals(ratings, measure, reverse=(), item_max=None):
    r = ratings[(ratings["measure"] == measure) & ratings["item"].notna()].copy()
    if reverse:
        rev = r["item"].isin(reverse)
        r.loc[rev, "value"] = item_max - r.loc[rev, "value"]
    return r.groupby("session")["value"].sum()


def subscale(ratings, measure, items):
    r = ratings[(ratings["measure"] == measure) & ratings["item"].isin(items)]
    return r.groupby("session")["value"].sum()


def score(ratings, measure, scale, session):
    r = ratings[(ratings["measure"] == measure) & (ratings["scale"] == scale)
                & (ratings["session"] == session)]
    assert len(r) == 1
    return float(r["value"].iloc[0])


def sudden_gains(x: pd.Series):
    """Tang & DeRubeis gains (lower = better) on a session-indexed series."""
    v = x.to_numpy(float)
    s = x.index.to_numpy()
    out = []
    for i in range(len(v) - 1):
        mag = v[i] - v[i + 1]
        if not (mag >= 6 and v[i] > 0 and mag / v[i] >= 0.25):
            continue
        pre = v[max(0, i - 2): i + 1]
        post = v[i + 1: i + 4]
        if len(pre) < 2 or len(post) < 2:
            continue
        df = len(pre) + len(post) - 2
        pooled = math.sqrt(((len(pre) - 1) * pre.var(ddof=1) + (len(post) - 1)
                            * post.var(ddof=1)) / df)
        if pre.mean() - post.mean() > T_CRIT[df] * pooled:
            out.append({"pregain": int(s[i]), "pre": v[i], "post": v[i + 1], "mag": mag,
                        "pooled_sd": pooled, "crit": T_CRIT[df]})
    return out


def amoc_ls(x: pd.Series) -> int:
    v = x.to_numpy(float)
    sse = [((v[:k] - v[:k].mean()) ** 2).sum() + ((v[k:] - v[k:].mean()) ** 2).sum()
           for k in range(1, len(v))]
    return int(x.index[int(np.argmin(sse))])


def pettitt(x: pd.Series) -> int:
    v = x.to_numpy(float)
    sgn = np.sign(v[:, None] - v[None, :])
    u = [sgn[:k, k:].sum() for k in range(1, len(v))]
    return int(x.index[int(np.argmax(np.abs(u)))])


# ------------------------------------------------------------------------------------------
def check_all(case) -> list[str]:
    """Return the list of failed target properties (empty = all hold)."""
    fails = []

    def need(cond, what):
        if not bool(cond):
            fails.append(what)

    r = case.ratings
    phq = totals(r, "PHQ-9")
    wai = totals(r, "WAI-SR")
    core = totals(r, "CORE-10", reverse=(2, 3), item_max=4)

    # PHQ-9 levels
    need(phq.loc[1:10].between(15, 21).all(), "PHQ-9 P0-P1 within 15-21")
    need(17.5 <= phq.loc[1:3].mean() <= 20, "PHQ-9 baseline mean about 18-19")
    need(phq.loc[11:18].between(13, 20).all(), "PHQ-9 P2 mostly 14-19")
    need(phq.loc[25:34].between(3, 10).all(), "PHQ-9 P3 after the gain mostly 5-9")
    need(phq.loc[44] <= 7, "PHQ-9 ends at about 5")
    need(phq.loc[1:3].mean() - phq.loc[44] >= 6 and phq.loc[44] < 10,
         "PHQ-9 reliable and clinically significant improvement")
    items = r[r["measure"] == "PHQ-9"]
    need((items.loc[items["item"] == 9, "value"] == 0).all(), "PHQ-9 item 9 = 0")
    need(items["value"].between(0, 3).all(), "PHQ-9 items 0-3")

    # sudden gain and setback
    gains = sudden_gains(phq)
    need(len(gains) == 1, f"exactly one sudden gain (found {len(gains)})")
    if len(gains) == 1:
        g = gains[0]
        need(19 <= g["pregain"] <= 33, "the sudden gain is in P3")
        reversal = g["post"] + g["mag"] / 2
        later = phq.loc[g["pregain"] + 2:]
        need((later < reversal).all(), "no reversal after the gain")
        peak = phq.loc[36:40].max()
        need(8 <= peak <= 11, "P4 setback peaks near 10")
        need(peak < reversal, "setback below the reversal value")
        need(peak > phq.loc[35], "setback after the summer break")

    # WAI-SR levels
    drops = {5, 8, 14, 37}
    early = wai.loc[2:10].drop(index=[5, 8])
    need(early.between(25, 36).all(), "WAI-SR early totals 25-36")
    need(wai.loc[18:21].between(40, 49).all(), "WAI-SR low-to-mid 40s around agreement")
    late = wai.loc[35:44].drop(index=[37])
    need(late.between(45, 52).all(), "WAI-SR late totals 46-52")
    within_sd = wai.loc[19:34].std(ddof=1)
    need(1.2 <= within_sd <= 2.2, "WAI-SR within-SD about 1.5-2")
    need(wai.std(ddof=1) > 3 * within_sd, "whole-series SD much larger")
    d = (wai.shift(1) - wai).dropna()
    need(set(d.index[d > 2 * within_sd]) == drops, "2 x within-SD detects the four drops")
    need(set(d.index[d > max(2 * within_sd, WAI_SR_PLACEHOLDER_RCI)]) == {5, 8, 14},
         "max(2 x within-SD, RCI) detects the three deep drops only")
    need(d.loc[37] < WAI_SR_PLACEHOLDER_RCI, "moderate drop below the RCI")
    need((d.loc[[5, 8, 14]] <= 11).all(), "deep drops about 6-9 (at most 11)")
    need(d.loc[3] < within_sd, "intake rupture: no drop under any rule")
    need((d > within_sd).sum() >= 6, "1 x within-SD over-detects")
    for t in drops:
        need(max(wai.loc[t + 1], wai.loc[t + 2]) >= wai.loc[t - 1],
             f"rupture at {t} repaired within 2 sessions")
    bond, goal, task = (subscale(r, "WAI-SR", it) for it in (WAI_BOND, WAI_GOAL, WAI_TASK))
    need((bond.loc[:17] > goal.loc[:17]).all() and (bond.loc[:17] > task.loc[:17]).all(),
         "Goal and Task below Bond until the contract is agreed")
    need(abs((bond.loc[19:] - goal.loc[19:]).mean()) <= 1
         and abs((bond.loc[19:] - task.loc[19:]).mean()) <= 1, "Goal and Task catch up")

    # change points: alliance before symptoms
    wa, wp = amoc_ls(wai), pettitt(wai)
    pa, pp = amoc_ls(phq), pettitt(phq)
    need(17 <= wa <= 21 and 17 <= wp <= 21, f"alliance shift at 17-21 (LS {wa}, Pettitt {wp})")
    need(pa in (23, 24) and pp in (23, 24), f"symptom shift at 23-24 (LS {pa}, Pettitt {pp})")

    # non-overlap P1 vs P3 (decrease)
    a, b = phq.loc[4:10].to_numpy(), phq.loc[19:34].to_numpy()
    tau = (np.sign(a[:, None] - b[None, :])).mean()
    need(tau >= 0.9, f"Tau P1 vs P3 close to 1 (got {tau:.3f})")

    # CORE-10
    need(20 <= core.loc[1] <= 24, "CORE-10 intake 20-24")
    need(core.loc[9] >= 15, "CORE-10 still high at the second point")
    need(core.loc[18] < core.loc[9], "CORE-10 easing by contract agreement")
    need(core.loc[27] < 11, "CORE-10 below 11 by mid P3")
    need(core.loc[44] < 11 and core.loc[1] - core.loc[44] > 6, "CORE-10 reliable recovery")
    citems = r[r["measure"] == "CORE-10"]
    need((citems.loc[citems["item"] == 6, "value"] == 0).all(), "CORE-10 risk item 6 = 0")

    # battery
    need(score(r, "BDI-II", "total", 1) >= 29 and score(r, "BDI-II", "total", 44) <= 13,
         "BDI-II severe -> minimal")
    g1, g2 = score(r, "SCL-90-R", "total", 1), score(r, "SCL-90-R", "total", 44)
    need(1.2 <= g1 <= 1.4 and g2 < 0.57 and g1 - g2 > 0.43, "GSI recovered")
    for dom in ("negative_affect", "detachment", "antagonism", "disinhibition", "psychoticism"):
        need(score(r, "PID-5-BF", dom, 44) < score(r, "PID-5-BF", dom, 1),
             f"PID-5-BF {dom} declines")
    return fails


@pytest.fixture(scope="module")
def case():
    return simulate_case_sim_npd_01()


def test_all_target_properties_hold(case):
    assert check_all(case) == []


def test_seed_default_and_stored(case):
    assert case.seed == SIM_NPD_01_SEED
    assert case.method_card["seed"] == SIM_NPD_01_SEED


def test_deterministic():
    a, b = simulate_case_sim_npd_01(), simulate_case_sim_npd_01()
    pd.testing.assert_frame_equal(a.ratings, b.ratings)
    c = simulate_case_sim_npd_01(seed=1)
    assert not a.ratings["value"].equals(c.ratings["value"])


def test_properties_can_fail():
    """The checks are not vacuous: another realisation of the same design breaks some."""
    failing = [s for s in range(5) if check_all(simulate_case_sim_npd_01(seed=s))]
    assert failing


def test_schedule_weeks_and_phases(case):
    s = case.sessions
    assert len(s) == 44 and s["week"].iloc[-1] == 51
    gaps = np.diff(s["week"].to_numpy()) - 1
    assert sorted(gaps[gaps > 0].tolist()) == [1, 2, 4]
    assert gaps[13] == 2 and gaps[25] == 1 and gaps[34] == 4   # P2 holiday, P3, P4 summer
    ph = case.phases
    assert ph["phase"].tolist() == ["P0", "P1", "P2", "P3", "P4"]
    assert (ph["definition"] == "post_hoc").all()
    assert ph["start"].tolist() == [1, 4, 11, 19, 35] and ph["end"].tolist() == [3, 10, 18, 34, 44]
    # phases cover all sessions without overlap
    assert (ph["start"].iloc[1:].to_numpy() == ph["end"].iloc[:-1].to_numpy() + 1).all()


def test_measures_schedule(case):
    r = case.ratings
    assert sorted(r.loc[r["measure"] == "PHQ-9", "session"].unique()) == list(range(1, 45))
    assert sorted(r.loc[r["measure"] == "WAI-SR", "session"].unique()) == list(range(2, 45))
    assert sorted(r.loc[r["measure"] == "CORE-10", "session"].unique()) == [1, 9, 18, 27, 36, 44]
    battery = r[r["item"].isna()]
    assert set(battery["measure"]) == {"BDI-II", "SCL-90-R", "PID-5-BF"}
    assert set(battery["session"]) == {1, 44}
    assert battery["scale"].notna().all()
    assert r.loc[r["item"].notna(), "scale"].isna().all()
    # one row per (session, measure, item or scale)
    key = r["item"].astype("string").fillna(r["scale"].astype("string"))
    assert not pd.concat([r[["session", "measure"]], key.rename("k")], axis=1).duplicated().any()
    # WAI-SR items 1-5, CORE-10 items 0-4; CORE-10 reverse items stored raw (not reversed):
    w = r[r["measure"] == "WAI-SR"]
    assert w["value"].between(1, 5).all() and w["item"].max() == 12
    c = r[(r["measure"] == "CORE-10") & (r["session"] == 44)].set_index("item")["value"]
    assert c.loc[2] >= 3 and c.loc[3] >= 3   # positively worded items answered high when well


def test_events(case):
    e = case.events
    assert (e["source"] == "therapist_note").all()
    assert set(e["session"]) <= set(range(1, 45))
    assert e["event_id"].is_unique
    ev = e.set_index("event_id")
    for _, row in e[e["linked_event_id"].notna()].iterrows():
        assert ev.loc[row["linked_event_id"], "event"] == "rupture_noted"
    rup = e.loc[e["event"] == "rupture_noted", "session"].tolist()
    assert rup == [3, 5, 8, 14, 37]
    assert e.loc[e["event"] == "contract_agreed", "session"].tolist() == [18]
    assert e.loc[e["event"] == "contract_revised", "session"].tolist() == [15, 41]
    assert e.loc[e["event"] == "life_event", "session"].tolist() == [36]
    assert "Mark" not in " ".join(e["note"])


def test_truth_and_notice(case):
    assert "SIMULATION" in SIMULATION_NOTICE and case.notice == SIMULATION_NOTICE
    t = case.truth
    assert set(t["measure"]) == {"PHQ-9", "WAI-SR", "CORE-10", "BDI-II", "SCL-90-R", "PID-5-BF"}
    assert abs(WAI_SR_PLACEHOLDER_RCI - 6.652) < 1e-3   # 1.96 * 8 * sqrt(0.18)


def test_consistent_with_registry(case):
    """Item ranges and reverse keys agree with the registry entries, when they exist."""
    from casekit.registry import get_instrument
    r = case.ratings
    for name in ("PHQ-9", "WAI-SR", "CORE-10"):
        try:
            inst = get_instrument(name)
        except KeyError:
            continue
        v = r.loc[r["measure"] == name]
        assert v["item"].max() == inst.n_items
        assert v["value"].between(inst.item_min, inst.item_max).all()
    try:
        core = get_instrument("CORE-10")
    except KeyError:
        pytest.skip("CORE-10 not registered yet")
    assert tuple(core.reverse_items) == (2, 3)

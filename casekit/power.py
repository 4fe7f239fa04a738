"""Power and type I error for planning a single case (AB or multiple-baseline schedule).

:func:`power_analysis` simulates a proposed schedule many times, with and without the
expected effect, and runs casekit's own tests and effect sizes on every simulated case, so an
author can justify a design ("with 6 baseline and 10 treatment sessions and φ = .3, the
randomization test detects a 1-SD shift in 62 % of cases, with a type I error of 4.8 %") and
a reviewer can check it. :func:`power_curve` repeats it over baseline lengths for the figure
of power against the number of baseline sessions (:func:`casekit.plot.power_plot`).

Beyond scan's ``power_test`` (which simulates with scan's own generator and reports power and
alpha error of scan's tests), the series here have stationary AR(1) errors, missed sessions,
a random-start design for the randomization test and a seed; every test is the casekit
function users run on real data.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._ar1 import ar1_recursion
from ._validate import check_float, check_int, check_option, make_rng
from .results import Result

__all__ = ["power_analysis", "power_curve", "PowerResult", "POWER_TESTS", "DESIGNS"]

#: Tests and effect sizes :func:`power_analysis` can simulate.
POWER_TESTS = ("randomization", "nap", "tau", "piecewise")
#: Designs.
DESIGNS = ("AB", "multiple_baseline")
#: Shortest phase analysed: with fewer observations in a phase the replication counts as "not
#: analysable" (and not as a rejection).
MIN_PHASE = 3

_TEST_LABELS = {
    "randomization": "randomization test (mean difference, random start)",
    "nap": "NAP, 95% CI excludes .5 (Newcombe)",
    "tau": "Tau, 95% CI excludes 0 (Newcombe)",
    "piecewise": "piecewise regression AR(1), bootstrap p of the level change",
}
_COLUMNS = ["test", "label", "unit", "alpha", "power", "power_se", "type1_error",
            "type1_error_se", "mean_estimate", "not_analysable", "n_sim"]


class PowerResult(Result):
    """Result of :func:`power_analysis` and :func:`power_curve`.

    ``.summary``: one row per test (and, for :func:`power_curve`, per baseline length):
    ``test``, ``label``, ``unit`` (``"case"``: effect sizes judged per case and averaged over
    cases; ``"design"``: one test of the whole design), ``alpha``, ``power`` (share of
    simulated cases with the effect where the test rejected or the interval excluded the null
    value), ``power_se`` (Monte Carlo SE), ``type1_error`` and ``type1_error_se`` (the same
    without effect), ``mean_estimate`` (mean statistic or effect size with the effect),
    ``not_analysable`` (share of replications with a phase shorter than 3 observations after
    missed sessions) and ``n_sim``; :func:`power_curve` adds ``n_baseline``.

    Attributes
    ----------
    design : str
        ``"AB"`` or ``"multiple_baseline"``.
    n_baseline : list of int
        Planned (minimum) baseline length of each case.
    n_treatment : int
        Planned (minimum) treatment length.
    effect : float
        Level shift in units of the marginal SD of the series.
    phi : float
        AR(1) coefficient of the errors.
    missing : float
        Probability that a session is missed.
    n_cases : int
        Number of cases.
    n_sim : int
        Replications per condition (with and without the effect).
    alpha : float
        Significance level.
    """

    design: str
    n_baseline: list[int]
    n_treatment: int
    effect: float
    phi: float
    missing: float
    n_cases: int
    n_sim: int
    alpha: float


def _check(design: str, n_baseline: int | Sequence[int], n_treatment: int, effect: float,
           phi: float, missing: float, n_cases: int, tests: str | Sequence[str], n_sim: int,
           alpha: float, start_window: int, n_boot: int) -> dict[str, Any]:
    design = check_option(design, "design", DESIGNS)
    n_cases = check_int(n_cases, "n_cases", minimum=1)
    if design == "AB" and n_cases != 1:
        raise ValueError("design='AB' has one case (n_cases=1); several cases with staggered "
                         "baselines are design='multiple_baseline'")
    if design == "multiple_baseline" and n_cases < 2:
        raise ValueError("design='multiple_baseline' needs n_cases >= 2")
    if isinstance(n_baseline, (int, np.integer)):
        base = [int(n_baseline) + 2 * i for i in range(n_cases)]
    else:
        base = [check_int(b, "n_baseline", minimum=1) for b in n_baseline]
        if len(base) != n_cases:
            raise ValueError(f"n_baseline has {len(base)} entries but n_cases is {n_cases}")
    for b in base:
        check_int(b, "n_baseline", minimum=MIN_PHASE)
    tests = (tests,) if isinstance(tests, str) else tuple(tests)
    if not tests:
        raise ValueError(f"tests must name at least one of {POWER_TESTS}")
    for t in tests:
        check_option(t, "tests", POWER_TESTS)
    return {
        "design": design, "base": base, "n_cases": n_cases, "tests": tests,
        "n_treatment": check_int(n_treatment, "n_treatment", minimum=MIN_PHASE),
        "effect": check_float(effect, "effect", finite=True),
        "phi": check_float(phi, "phi", minimum=-0.95, maximum=0.95),
        "missing": check_float(missing, "missing", minimum=0.0, maximum=0.5),
        "n_sim": check_int(n_sim, "n_sim", minimum=10),
        "alpha": check_float(alpha, "alpha", minimum=0.0, maximum=0.5, inclusive=False),
        "start_window": check_int(start_window, "start_window", minimum=1),
        "n_boot": check_int(n_boot, "n_boot", minimum=19),
    }


def power_analysis(design: str = "AB", *, n_baseline: int | Sequence[int] = 5,
                   n_treatment: int = 10, effect: float = 1.0, phi: float = 0.0,
                   missing: float = 0.0, n_cases: int = 1,
                   tests: str | Sequence[str] = ("randomization", "nap", "tau"),
                   alpha: float = 0.05, start_window: int = 5, n_boot: int = 199,
                   n_sim: int = 500, seed: int | np.random.Generator | None = None,
                   progress: bool = False) -> PowerResult:
    r"""Simulate the power and type I error of casekit's tests for a proposed schedule.

    Parameters
    ----------
    design : {"AB", "multiple_baseline"}
        One AB case, or ``n_cases`` cases with staggered baselines.
    n_baseline : int or sequence of int
        Planned (minimum) number of baseline sessions; for a multiple-baseline design one per
        case, or an int b giving b, b + 2, b + 4, ... sessions.
    n_treatment : int
        Planned (minimum) number of treatment sessions (of the case with the longest
        baseline in a multiple-baseline design; every case has the same number of sessions).
    effect : float
        Expected level shift at the first treatment session, in units of the series' marginal
        SD (positive = improvement).
    phi : float
        AR(1) coefficient of the errors (stationary, marginal SD 1).
    missing : float
        Probability that a session is missed (independently; missed sessions are left out,
        their session numbers kept). At most .5.
    n_cases : int
        Number of cases (1 for ``"AB"``).
    tests : sequence of {"randomization", "nap", "tau", "piecewise"}
        What to simulate (see Notes). ``"piecewise"`` runs a parametric bootstrap in every
        replication and is slow (about 1 s per case and replication with ``n_boot=199``).
    alpha : float
        Significance level (two-sided intervals at 1 − alpha for the effect sizes).
    start_window : int
        Number of admissible treatment starts of the random-start design: the baseline of
        each case has ``n_baseline`` to ``n_baseline + start_window − 1`` sessions, drawn at
        random in each replication (1 = a fixed schedule; the randomization test is then not
        available).
    n_boot : int
        Bootstrap series of the ``"piecewise"`` test.
    n_sim : int
        Replications with and without the effect (Monte Carlo SE of a power of .80 with 500
        replications: 1.8 points; of a 5 % type I error: 1.0 point).
    seed : int, numpy.random.Generator or None
        Seed (None: drawn and recorded in the result).
    progress : bool
        Write the progress to standard error.

    Returns
    -------
    PowerResult
        ``.summary``: one row per test, see the class.

    See Also
    --------
    power_curve : the same over several baseline lengths.
    casekit.plot.power_plot : power against the number of baseline sessions.
    casekit.randomization_test, casekit.nap, casekit.tau, casekit.piecewise_regression

    Notes
    -----
    **Series.** :math:`y_t = \delta\,[t \ge s] + e_t`, :math:`e_t` stationary Gaussian AR(1)
    with coefficient φ and marginal SD 1 (first value from the stationary distribution), δ =
    ``effect`` (0 for the type I error), s the first treatment session. With
    ``start_window`` w each case's baseline length is drawn uniformly from n_baseline …
    n_baseline + w − 1 and the series has n_baseline + w − 1 + n_treatment sessions (the
    random-start design of Edgington 1975; for several cases the starts are drawn
    independently, Marascuilo & Busk 1988).

    **Tests** (each the casekit function, improvement = "increase"):

    * ``"randomization"``: :func:`casekit.randomization_test` (mean difference; the admissible
      starts of the design); rejects when p ≤ alpha. One test of the whole design. Its
      smallest p is 1 / (number of admissible assignments): with one case and w = 5 it is .2,
      so an AB randomization test with 5 starts can never reject at .05 — the design, not the
      effect, limits it.
    * ``"nap"``, ``"tau"``: :func:`casekit.nap` / :func:`casekit.tau` per case; "rejects" when
      the 1 − alpha interval excludes the no-effect value (.5 / 0). These intervals assume
      independent observations: their type I error grows with φ, which the simulation shows.
    * ``"piecewise"``: :func:`casekit.piecewise_regression` with AR(1) errors and the
      parametric bootstrap (casekit's calibrated choice, ``docs/calibration_its.md``); rejects
      when the bootstrap p of the level change ≤ alpha and the change is an improvement.

    Per-case results (``unit = "case"``) are averaged over cases. Monte Carlo SE:
    :math:`\sqrt{p(1-p)/R}`.

    References
    ----------
    Edgington, E. S. (1975). Randomization tests for one-subject operant experiments. Journal
    of Psychology, 90(1), 57-68. doi:10.1080/00223980.1975.9923926
    Marascuilo, L. A. & Busk, P. L. (1988). Combining statistics for multiple-baseline AB and
    replicated ABAB designs across subjects. Behavioral Assessment, 10(1), 1-28.
    Bulté, I. & Onghena, P. (2008). An R package for single-case randomization tests. Behavior
    Research Methods, 40(2), 467-478. doi:10.3758/BRM.40.2.467
    Wilbert, J. & Lueke, T. (2023). scan: Single-Case Data Analyses for Single and Multiple
    Baseline Designs (``power_test``). R package.

    Examples
    --------
    >>> import casekit as ck
    >>> res = ck.power_analysis("multiple_baseline", n_baseline=5, n_treatment=8, n_cases=3,
    ...                         effect=1.5, phi=0.2, tests=("randomization",), n_sim=50,
    ...                         seed=1)
    >>> list(res.summary.columns[:5])
    ['test', 'label', 'unit', 'alpha', 'power']
    """
    opts = _check(design, n_baseline, n_treatment, effect, phi, missing, n_cases, tests,
                  n_sim, alpha, start_window, n_boot)
    rng, seed_used = make_rng(seed)
    rows = _simulate(opts, rng, progress)
    summary = pd.DataFrame(rows, columns=_COLUMNS)
    return _result(summary, opts, seed_used)


def _result(summary: pd.DataFrame, opts: dict[str, Any], seed_used: int | None,
            extra_notes: Sequence[str] = ()) -> PowerResult:
    notes = [f"series: stationary Gaussian AR(1), phi = {opts['phi']:g}, marginal SD 1; level "
             f"shift {opts['effect']:g} SD; sessions missed with probability "
             f"{opts['missing']:g}; random start among {opts['start_window']} admissible "
             "points per case", *extra_notes]
    if "randomization" in opts["tests"]:
        p_min = 1.0 / opts["start_window"] ** opts["n_cases"]
        if p_min > opts["alpha"]:
            notes.append(f"the randomization test cannot reject at alpha = {opts['alpha']:g}: "
                         f"its smallest p is 1/{opts['start_window'] ** opts['n_cases']} = "
                         f"{p_min:.3f} (more admissible starts or cases are needed)")
    return PowerResult(
        summary, method="Power analysis by simulation",
        options={k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()},
        variant=f"{opts['design']}, {opts['n_cases']} case(s), tests {', '.join(opts['tests'])}",
        reference="Edgington 1975; Marascuilo & Busk 1988; Bulte & Onghena 2008",
        mirrors="cf. scan power_test (different generator and tests)", seed=seed_used,
        notes=notes, title="Power and type I error by simulation", design=opts["design"],
        n_baseline=list(opts["base"]), n_treatment=opts["n_treatment"],
        effect=opts["effect"], phi=opts["phi"], missing=opts["missing"],
        n_cases=opts["n_cases"], n_sim=opts["n_sim"], alpha=opts["alpha"])


def _simulate(opts: dict[str, Any], rng: np.random.Generator,
              progress: bool) -> list[dict[str, Any]]:
    """Rejections and estimates of every test with and without the effect."""
    tests, R = opts["tests"], opts["n_sim"]
    out = {t: {"rej": np.zeros((2, R)), "est": np.full(R, np.nan), "na": np.zeros((2, R))}
           for t in tests}
    total, done = 2 * R, 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # short-phase and approximation warnings, expected
        for j, eff in enumerate((opts["effect"], 0.0)):
            for r in range(R):
                cases = _draw_cases(opts, eff, rng)
                for t in tests:
                    rej, est, na = _run(t, cases, opts, rng)
                    out[t]["rej"][j, r], out[t]["na"][j, r] = rej, na
                    if j == 0:
                        out[t]["est"][r] = est
                done += 1
                if progress and (done % max(1, total // 20) == 0 or done == total):
                    sys.stderr.write(f"\rpower_analysis: {done}/{total} replications")
                    sys.stderr.flush()
    if progress:
        sys.stderr.write("\n")
    rows = []
    for t in tests:
        pw, t1 = out[t]["rej"][0].mean(), out[t]["rej"][1].mean()
        rows.append({"test": t, "label": _TEST_LABELS[t],
                     "unit": "design" if t == "randomization" else "case",
                     "alpha": opts["alpha"], "power": float(pw),
                     "power_se": math.sqrt(pw * (1 - pw) / R), "type1_error": float(t1),
                     "type1_error_se": math.sqrt(t1 * (1 - t1) / R),
                     "mean_estimate": float(np.nanmean(out[t]["est"]))
                     if np.isfinite(out[t]["est"]).any() else math.nan,
                     "not_analysable": float(out[t]["na"].mean()), "n_sim": R})
    return rows


def _draw_cases(opts: dict[str, Any], effect: float,
                rng: np.random.Generator) -> list[dict[str, Any]]:
    """One simulated case per planned baseline: values, phases, sessions and start."""
    w, phi = opts["start_window"], opts["phi"]
    n = max(opts["base"]) + w - 1 + opts["n_treatment"]
    cases = []
    for b in opts["base"]:
        start = b + int(rng.integers(0, w))          # number of baseline sessions
        z = rng.standard_normal(n)
        e = ar1_recursion(z[0], math.sqrt(1.0 - phi * phi) * z, phi)
        y = e + effect * (np.arange(n) >= start)
        keep = rng.random(n) >= opts["missing"]
        sessions = np.arange(1, n + 1)[keep]
        phases = np.where(np.arange(n) < start, "A", "B")[keep]
        cases.append({"values": y[keep], "sessions": sessions, "phases": phases, "n": n,
                      "start": start, "base": b})
    return cases


def _analysable(case: dict[str, Any]) -> bool:
    ph = case["phases"]
    return bool((ph == "A").sum() >= MIN_PHASE and (ph == "B").sum() >= MIN_PHASE)


def _run(test: str, cases: list[dict[str, Any]], opts: dict[str, Any],
         rng: np.random.Generator) -> tuple[float, float, float]:
    """(rejection share, estimate, not-analysable share) of one test on one replication."""
    if test == "randomization":
        return _randomization(cases, opts, rng)
    rej, est, na = [], [], 0
    for c in cases:
        if not _analysable(c):
            na += 1
            rej.append(0.0)
            continue
        r, e = _case_test(test, c, opts, rng)
        rej.append(r)
        est.append(e)
    return (float(np.mean(rej)), float(np.mean(est)) if est else math.nan,
            na / len(cases))


def _case_test(test: str, c: dict[str, Any], opts: dict[str, Any],
               rng: np.random.Generator) -> tuple[float, float]:
    # lazy: effects and its load scipy/statsmodels; import casekit stays light
    from . import effects, its

    y, ph = c["values"], c["phases"]
    conf = 1.0 - opts["alpha"]
    if test in ("nap", "tau"):
        fn = effects.nap if test == "nap" else effects.tau
        s = fn(baseline=y[ph == "A"], treatment=y[ph == "B"], improvement="increase",
               confidence=conf).summary.iloc[0]
        null = 0.5 if test == "nap" else 0.0
        return float(s["ci_lower"] > null or s["ci_upper"] < null), float(s["est"])
    res = its.piecewise_regression(values=y, phases=ph, sessions=c["sessions"], ar=1,
                                   inference="bootstrap", n_boot=opts["n_boot"], seed=rng,
                                   improvement="increase")
    lev = res.summary.set_index("term").loc["level"]
    assert isinstance(lev, pd.Series)  # one row per term
    return (float(lev["p_bootstrap"] <= opts["alpha"] and lev["estimate"] > 0),
            float(lev["estimate"]))


def _randomization(cases: list[dict[str, Any]], opts: dict[str, Any],
                   rng: np.random.Generator) -> tuple[float, float, float]:
    # lazy: randomization loads scipy; import casekit stays light
    from .randomization import randomization_test

    w = opts["start_window"]
    if w == 1:
        return 0.0, math.nan, 1.0
    if not all(_analysable(c) for c in cases):
        return 0.0, math.nan, 1.0
    starts = []
    for c in cases:
        # admissible starts as 1-based positions of the first treatment observation among
        # the observed sessions: baselines of b .. b + w - 1 planned sessions
        first = [int(np.searchsorted(c["sessions"], c["base"] + i + 1)) + 1 for i in range(w)]
        starts.append(sorted(set(first)))
    if opts["design"] == "AB":
        c = cases[0]
        res = randomization_test(values=c["values"], phases=c["phases"],
                                 sessions=c["sessions"], improvement="increase",
                                 starts=starts[0], seed=rng)
    else:
        df = pd.concat([pd.DataFrame({"case": f"c{i}", "session": c["sessions"],
                                      "phase": c["phases"], "value": c["values"]})
                        for i, c in enumerate(cases)], ignore_index=True)
        res = randomization_test(df, design="multiple_baseline", improvement="increase",
                                 starts={f"c{i}": s for i, s in enumerate(starts)}, seed=rng)
    s = res.summary.iloc[0]
    return float(s["p_value"] <= opts["alpha"]), float(s["statistic"]), 0.0


def power_curve(n_baselines: Sequence[int], *, design: str = "AB", n_treatment: int = 10,
                effect: float = 1.0, phi: float = 0.0, missing: float = 0.0, n_cases: int = 1,
                tests: str | Sequence[str] = ("randomization", "nap", "tau"),
                alpha: float = 0.05, start_window: int = 5, n_boot: int = 199,
                n_sim: int = 200, seed: int | np.random.Generator | None = None,
                progress: bool = False) -> PowerResult:
    """Power and type I error over several baseline lengths (the data of the power figure).

    Runs :func:`power_analysis` once per entry of ``n_baselines`` (for a multiple-baseline
    design the shortest baseline; the others follow at steps of 2 sessions); the other
    parameters are those of :func:`power_analysis`. Each baseline length draws from its own
    stream, derived from ``seed`` and the length (``SeedSequence(seed, spawn_key=(length,))``),
    so a length's row is the same whichever other lengths are listed.

    Returns
    -------
    PowerResult
        ``.summary`` as in :func:`power_analysis` with a first column ``n_baseline``;
        ``n_baseline`` (the field) lists the lengths simulated.

    See Also
    --------
    power_analysis : one schedule.
    casekit.plot.power_plot : draws this result.

    Examples
    --------
    >>> import casekit as ck
    >>> res = ck.power_curve([4, 6], n_treatment=8, effect=1.0, tests=("nap",), n_sim=20,
    ...                      seed=3)
    >>> res.summary["n_baseline"].tolist()
    [4, 6]
    """
    nb = [check_int(b, "n_baselines", minimum=MIN_PHASE) for b in n_baselines]
    if not nb:
        raise ValueError("n_baselines must list at least one baseline length")
    rng, seed_used = make_rng(seed)
    # a Generator given as seed supplies the root entropy of the per-length streams
    root = seed_used if seed_used is not None else int(rng.integers(2**63))
    frames, opts = [], None
    for i, b in enumerate(nb):
        opts = _check(design, b, n_treatment, effect, phi, missing, n_cases, tests, n_sim,
                      alpha, start_window, n_boot)
        if progress:
            sys.stderr.write(f"power_curve: n_baseline = {b} ({i + 1}/{len(nb)})\n")
        stream = np.random.default_rng(np.random.SeedSequence(root, spawn_key=(b,)))
        df = pd.DataFrame(_simulate(opts, stream, progress), columns=_COLUMNS)
        df.insert(0, "n_baseline", b)
        frames.append(df)
    assert opts is not None  # nb is not empty
    res = _result(pd.concat(frames, ignore_index=True), opts, seed_used)
    res.n_baseline = nb
    return res

"""Randomization tests for random-start AB and multiple-baseline designs.

The test is design-based (Edgington 1975; Onghena & Edgington 2005): before data collection the
set of admissible start points of the treatment phase is fixed and the actual start is drawn
from it. The p-value compares the statistic at the observed start with its value at every
admissible start (complete enumeration) or at randomly drawn starts (Monte Carlo, seeded).

casekit follows scan 0.67.1 ``rand_test`` where scan is right (candidate set
(limit + 1)..(n - limit + 1) as 1-based row indices of the first treatment observation,
ties counted, independent start per case in multiple-baseline data with the statistic averaged
over cases) and departs from it where it is not: an observed start outside the admissible set
(e.g. a baseline shorter than ``limit``) is an error, not p = 0, and the slope statistic is
oriented by ``improvement`` (scan's "Slope A-B" is computed as B - A).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._ab_design import ABSeries, ab_series, phase_definition_note
from ._deprecate import renamed_arguments
from ._input import MISSING_OPTIONS, resolve_improvement
from ._validate import check_int, check_option, make_rng
from .exceptions import NotEnoughPointsError
from .results import Result

__all__ = ["RandomizationTestResult", "randomization_test"]

STATISTICS = ("mean_difference", "nap", "slope_difference")
DESIGNS = ("AB", "multiple_baseline")

# complete enumeration when the admissible set (product over cases) has at most this many
# elements and number is None; otherwise Monte Carlo with DEFAULT_NUMBER draws.
MAX_COMPLETE = 200_000
DEFAULT_NUMBER = 9_999

REFERENCE = (
    "Edgington, E. S. (1975). Randomization tests for one-subject operant experiments. "
    "Journal of Psychology, 90(1), 57-68. https://doi.org/10.1080/00223980.1975.9923926; "
    "Onghena, P., & Edgington, E. S. (2005). Customization of pain treatments: Single-case "
    "design and analysis. Clinical Journal of Pain, 21(1), 56-68. "
    "https://doi.org/10.1097/00002508-200501000-00007; Marascuilo, L. A., & Busk, P. L. (1988). "
    "Combining statistics for multiple-baseline AB and replicated ABAB designs across subjects. "
    "Behavioral Assessment, 10(1), 1-28; Bulte, I., & Onghena, P. (2009). Randomization tests "
    "for multiple-baseline designs: An extension of the SCRT-R package. Behavior Research "
    "Methods, 41(2), 477-485. https://doi.org/10.3758/BRM.41.2.477; Phipson, B., & Smyth, G. K. "
    "(2010). Permutation p-values should never be zero. Statistical Applications in Genetics "
    "and Molecular Biology, 9(1), 39. https://doi.org/10.2202/1544-6115.1585"
)


class RandomizationTestResult(Result):
    """Result of :func:`randomization_test`.

    ``.summary`` is a one-row table; the numbers are also fields (Python floats / ints).

    Attributes
    ----------
    statistic : float
        Observed statistic (oriented: positive = improvement; averaged over cases).
    p_value : float
        Randomization p-value (complete enumeration or Monte Carlo).
    p_min : float
        1/#admissible assignments, the smallest attainable p.
    n_admissible : int
        Number of admissible assignments (the product over cases).
    number_used : int
        Number of assignments enumerated or drawn.
    complete : bool
        Whether the admissible set was enumerated completely.
    z : float
        (observed − mean)/SD of the distribution (SD with n − 1), as scan's ``Z``.
    descriptive : bool
        True when the phases were not randomised (then the p is a descriptive permutation
        index).
    improvement : str
        The direction of improvement the statistic is oriented by.
    distribution : pandas.DataFrame
        Every enumerated or drawn assignment: the start point(s) as 1-based positions of the
        first treatment observation (``start``, or ``start_<case>`` per case), the same as
        session numbers (``start_session``, or ``start_session_<case>``) and ``statistic``.
    case_statistics : pandas.DataFrame
        Per case: ``case, n, observed_start`` (position of the first treatment observation),
        ``start_session`` (its session), ``k`` (``observed_start`` − 1, the last baseline
        observation), ``session`` (its session: the last session before the phase change),
        ``n_starts`` and ``statistic``.
    admissible_starts : dict
        Case -> admissible start points (1-based positions).
    admissible_start_sessions : dict
        Case -> the same start points as session numbers.
    """

    statistic: float
    p_value: float
    p_min: float
    n_admissible: int
    number_used: int
    complete: bool
    z: float
    descriptive: bool
    improvement: str
    distribution: pd.DataFrame
    case_statistics: pd.DataFrame
    admissible_starts: dict[str, list[int]]
    admissible_start_sessions: dict[str, list[int | float]]


# ---------------------------------------------------------------------------------------------
# statistics (numpy cores): value of the statistic for every candidate start of one series
# ---------------------------------------------------------------------------------------------

def _slope(y: np.ndarray) -> float:
    x = np.arange(1.0, y.size + 1.0)
    xc = x - x.mean()
    den = float(xc @ xc)
    return float(xc @ (y - y.mean())) / den if den > 0 else math.nan


def _nap(a: np.ndarray, b: np.ndarray) -> float:
    diff = b[None, :] - a[:, None]
    nap: float = (float((diff > 0).sum()) + 0.5 * float((diff == 0).sum())) / diff.size
    return nap


def _stat_at_starts(y: np.ndarray, starts: np.ndarray, statistic: str, sign: int) -> np.ndarray:
    """Statistic (oriented: positive = improvement) with B starting at each 1-based row."""
    out = np.empty(starts.size)
    for i, s in enumerate(starts):
        a, b = y[: s - 1], y[s - 1:]
        if statistic == "mean_difference":
            out[i] = sign * (b.mean() - a.mean())
        elif statistic == "nap":
            out[i] = _nap(sign * a, sign * b)
        else:
            out[i] = sign * (_slope(b) - _slope(a))
    return out


def _normalise_limit(limit: Any) -> tuple[int, int]:
    if isinstance(limit, numbers.Integral) and not isinstance(limit, bool):
        la = lb = check_int(limit, "limit", minimum=1)
    else:
        try:
            la, lb = limit
        except (TypeError, ValueError):
            raise TypeError("limit must be an integer or a pair (baseline, treatment) of "
                            f"integers; got {limit!r}") from None
        la = check_int(la, "limit[0]", minimum=1)
        lb = check_int(lb, "limit[1]", minimum=1)
    return la, lb


def _admissible(case: Hashable, n: int, observed: int, limit: tuple[int, int],
                starts: Any) -> np.ndarray:
    """Admissible start set of one case; error if the observed start is not in it."""
    la, lb = limit
    if starts is None:
        cand = np.arange(la + 1, n - lb + 2)
        if cand.size == 0:
            raise NotEnoughPointsError(
                f"case {case!r}: {n} observations cannot hold a baseline of >= {la} and a "
                f"treatment phase of >= {lb} points (limit)")
        n_a, n_b = observed - 1, n - observed + 1
        if n_a < la or n_b < lb:
            short = (f"baseline has {n_a} < {la}" if n_a < la
                     else f"treatment phase has {n_b} < {lb}")
            raise NotEnoughPointsError(
                f"case {case!r}: the {short} points (limit), so the observed start (row "
                f"{observed}) is not an admissible start ({cand[0]}..{cand[-1]}). A "
                "randomization test is valid only over the set the start was drawn from; "
                "pass the design's admissible set as starts= (scan rand_test would silently "
                "return p = 0 here)")
        return cand
    cand = np.asarray(sorted({check_int(s, "starts") for s in starts}), dtype=int)
    if cand.size == 0:
        raise ValueError(f"starts for case {case!r} is empty")
    bad = cand[(cand < 2) | (cand > n)]
    if bad.size:
        raise ValueError(f"starts for case {case!r} must lie in 2..{n} (1-based row of the "
                         f"first treatment observation, both phases non-empty); got "
                         f"{bad.tolist()}")
    if observed not in set(cand.tolist()):
        raise ValueError(
            f"case {case!r}: the observed start (row {observed}) is not in the admissible set "
            f"starts={cand.tolist()}; the p-value is valid only if the start was drawn from "
            "the set analysed")
    return cand


@renamed_arguments(phase="phases", outcome="value_col", baseline="baseline_phase",
                   treatment="treatment_phase")
def randomization_test(data: pd.DataFrame | None = None, *, values: ArrayLike | None = None,
                       phases: ArrayLike | None = None, sessions: ArrayLike | None = None,
                       statistic: str = "mean_difference", improvement: Any = None,
                       limit: int | tuple[int, int] = 5,
                       starts: Iterable[int] | Mapping[Any, Iterable[int]] | None = None,
                       number: int | None = None, seed: int | np.random.Generator | None = None,
                       design: str = "AB", value_col: str = "value", phase_col: str = "phase",
                       session_col: str = "session", case: Hashable = None,
                       case_col: str = "case", measure: str | None = None,
                       measure_col: str = "measure", baseline_phase: Hashable = "A",
                       treatment_phase: Hashable = "B", phase_definition: str | None = None,
                       missing: str = "error") -> RandomizationTestResult:
    r"""Randomization (random start point) test of an AB or multiple-baseline design.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Tidy long table with ``value_col`` and ``phase_col`` (and ``session_col``,
        ``case_col``; one measure, or ``measure=`` to pick one); rows are ordered by session
        within case. An array given here is taken as ``values``.
    values, phases, sessions : array-like, optional
        One series, its phase labels and (optional) session numbers (default 1..n), as an
        alternative to ``data`` (``design="AB"`` only).
    statistic : {"mean_difference", "nap", "slope_difference"}
        Oriented so that positive = improvement: mean(B) - mean(A) (times -1 for
        "decrease"); NAP in the improvement direction as a proportion (ties count 0.5);
        OLS slope within B minus OLS slope within A (times -1 for "decrease"), each slope
        fitted on 1, 2, ... within the phase.
    improvement : {"increase", "decrease"}, str or Instrument
        Required: the direction must be fixed in advance. An instrument (name or object)
        gives its registry direction; with a table whose measure the registry knows it may be
        omitted (the source is stated in the notes).
    limit : int or (int, int)
        Minimum number of points in the baseline and treatment phase that defined the
        admissible set (default 5). Used when ``starts`` is None.
    starts : iterable of int, or mapping case -> iterable, optional
        The design's admissible set of treatment start points, as 1-based positions of the
        first treatment observation in the series (scan's convention; the result reports them
        also as session numbers). Default (limit + 1)..(n - limit + 1). For a
        multiple-baseline design a mapping gives each case its own set (keys matched to the
        case labels as text, so ``1`` and ``"1"`` name the same case); one iterable is used
        for every case.
    number : int, optional
        None: complete enumeration when the admissible set (the product over cases) has at
        most 200,000 assignments, else 9,999 Monte Carlo draws. An int at least the set size:
        complete enumeration; smaller: that many Monte Carlo draws.
    seed : int, numpy Generator or None
        Seed of the Monte Carlo draws (stored in the result).
    design : {"AB", "multiple_baseline"}
        One case, or several cases each with its own independently randomised start.
    value_col, phase_col, session_col, case_col, measure_col : str
        Column names in ``data``.
    case, measure : optional
        Which case and measure of ``data`` to test (labels).
    baseline_phase, treatment_phase : str
        Labels of the baseline and treatment phases (other labels are an error).
    phase_definition : {"a_priori", "data_driven", "post_hoc"} or DataFrame, optional
        How the phase change was defined. If not "a_priori" (no randomisation), a
        :class:`~casekit.DataDrivenPhaseWarning` is raised and the result is labelled a
        descriptive permutation index.
    missing : {"error", "drop", "include_imputed"}
        Missing values are an error naming their rows and sessions unless "drop" (the
        sessions dropped are listed in the notes).

    Returns
    -------
    RandomizationTestResult
        ``.summary`` columns: ``statistic_name``, ``improvement``, ``statistic`` (observed),
        ``p_value``, ``p_min`` (1/number of admissible assignments), ``n_admissible``,
        ``number_used``, ``complete`` (bool), ``z`` ((observed - mean)/SD of the
        distribution, SD with n - 1, as scan's ``Z``), ``n_cases``, ``n_a``, ``n_b`` (total
        baseline / treatment points). ``.distribution`` columns: ``start`` and
        ``start_session`` (AB) or ``start_<case>`` and ``start_session_<case>`` (one per
        case), ``statistic``; ``.case_statistics`` columns: ``case``, ``n``,
        ``observed_start``, ``start_session`` (the first treatment session), ``k`` (observed
        start - 1, the casekit change point index), ``session`` (the last baseline session),
        ``n_starts``, ``statistic``.

    Raises
    ------
    NotEnoughPointsError
        A phase is shorter than ``limit`` so the observed start is not admissible.
    ValueError
        The observed start is not in ``starts``; bad options.

    See Also
    --------
    casekit.piecewise_regression : model-based level and slope changes.

    Notes
    -----
    Complete enumeration: :math:`p = \#\{s \in S: T(s) \ge T(s_{obs})\}/|S|`, the observed
    start included, so :math:`p \ge 1/|S|` (n = 20, limit 5: 11 starts, p >= 0.0909). Ties
    are counted (scan ``exclude.equal = FALSE``), with a relative tolerance of 1e-12 for
    floating-point ties. Monte Carlo: :math:`p = (1 + \#\{T^* \ge T_{obs}\})/(N + 1)`
    (Phipson & Smyth 2010), which never reaches 0; scan uses #/N.

    Multiple-baseline (``design="multiple_baseline"``): each case's start is drawn
    independently from its own admissible set (Marascuilo & Busk 1988; scan semantics; no
    staggering is enforced) and the statistic is the mean of the per-case statistics; complete
    enumeration runs over the product set (scan ``exampleAB``: 11^3 = 1331, p = 48/1331).

    Mirrors scan 0.67.1 ``rand_test(statistic = "Mean B-A" | "Mean A-B" | "NAP" |
    "NAP decreasing", complete = TRUE, exclude.equal = FALSE)``. Differences: casekit raises
    when the observed start is not admissible (scan returns p = 0 or a p from a distribution
    without the observed start: 26 of the 57 reference series); NAP is a proportion (scan:
    percent); the slope statistic is oriented by ``improvement`` (scan's "Slope A-B" equals
    its "Slope B-A"); Monte Carlo p as above.

    Validity: the p-value is valid only if the start was actually randomised from the set
    analysed, and the statistic and direction were fixed in advance. For naturalistic or
    data-driven phase changes there is no randomisation basis; the p is then a descriptive
    permutation index. Power is low in short series.

    References
    ----------
    Edgington (1975), https://doi.org/10.1080/00223980.1975.9923926; Onghena & Edgington
    (2005), https://doi.org/10.1097/00002508-200501000-00007; Marascuilo & Busk (1988);
    Bulte & Onghena (2009), https://doi.org/10.3758/BRM.41.2.477; Phipson & Smyth (2010),
    https://doi.org/10.2202/1544-6115.1585.

    Examples
    --------
    >>> import casekit
    >>> y = [54, 53, 56, 58, 52, 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
    >>> res = casekit.randomization_test(values=y, phases=["A"] * 5 + ["B"] * 15,
    ...                                  improvement="increase")
    >>> res.n_admissible, round(res.p_value, 4)
    (11, 0.0909)
    """
    statistic = check_option(statistic, "statistic", STATISTICS)
    design = check_option(design, "design", DESIGNS)
    lim = _normalise_limit(limit)
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    if number is not None:
        number = check_int(number, "number", minimum=1)
    if data is not None and not isinstance(data, pd.DataFrame) and values is None:
        data, values = None, data  # an array as the first argument is the values
    series, notes = ab_series(
        data, values, phases, sessions, value_col=value_col, session_col=session_col,
        phase_col=phase_col, case=case, case_col=case_col, measure=measure,
        measure_col=measure_col, baseline_phase=baseline_phase,
        treatment_phase=treatment_phase, missing=missing, what="run the randomization test")
    improvement = _direction(improvement, series, notes)
    sign = 1 if improvement == "increase" else -1
    if design == "AB" and len(series) > 1:
        raise ValueError(f"design='AB' needs one case; data hold {len(series)} cases. Use "
                         "design='multiple_baseline' or select one case")
    descriptive = False
    for s in series:
        if phase_definition_note(phase_definition, s.case, stacklevel=3):
            descriptive = True
    if descriptive:
        notes.append("phases were not randomised (defined data-driven/post hoc): the p is a "
                     "descriptive permutation index, not a test")
    cases = [_case_distribution(s, _case_starts(starts, s.case, series), lim, statistic, sign)
             for s in series]
    draw = _assignments([c["starts"].size for c in cases], number, seed)
    values_dist = np.mean([c["dist"][i] for c, i in zip(cases, draw["idx"], strict=True)],
                          axis=0)
    observed_stat = float(np.mean([c["dist"][c["observed_index"]] for c in cases]))
    tol = 1e-12 * max(1.0, abs(observed_stat))
    count = int(np.sum(values_dist >= observed_stat - tol))
    if draw["complete"]:
        p, number_used = count / values_dist.size, int(values_dist.size)
    else:
        p, number_used = (1 + count) / (draw["draws"] + 1), int(draw["draws"])
    sd = float(np.std(values_dist, ddof=1)) if values_dist.size > 1 else math.nan
    z = (observed_stat - float(values_dist.mean())) / sd if sd > 0 else math.nan
    if not draw["complete"]:
        notes.append(f"Monte Carlo: {number_used} random assignments of "
                     f"{draw['n_admissible']} admissible; p = (1 + #>=)/(N + 1)")
    if design == "multiple_baseline":
        notes.append("each case's start drawn independently from its own set; statistic "
                     "averaged over cases; staggering not enforced")
    test = {"statistic": observed_stat, "p_value": float(p), "number_used": number_used,
            "complete": bool(draw["complete"]), "z": float(z), "descriptive": descriptive,
            "n_admissible": draw["n_admissible"]}
    options = {"statistic": statistic, "improvement": improvement, "limit": lim,
               "starts": "given" if starts is not None else "limit", "design": design,
               "number": number}
    return _result(series, cases, draw["idx"], values_dist, test, options, notes,
                   draw["seed"])


def _direction(improvement: Any, series: list[ABSeries], notes: list[str]) -> str:
    """The required direction (an instrument or a registry-known measure may give it)."""
    measures = {s.series.measure for s in series}
    measure = measures.pop() if len(measures) == 1 else None
    found = resolve_improvement(improvement, measure=measure, required=True)
    if found.source != "stated":
        notes.append(f"direction of improvement: {found.improvement} ({found.source})")
    assert found.improvement is not None  # required=True: a direction or an error
    return found.improvement


def _case_starts(starts: Any, case: str, series: Any) -> Any:
    """The admissible starts given for one case (None: from ``limit``)."""
    if starts is None:
        return None
    if isinstance(starts, Mapping):
        # case labels are read as text (1 and "1" are the same case), so are the keys
        by_case = {}
        for key, val in starts.items():
            if str(key) in by_case:
                raise ValueError(f"starts has two entries for case {str(key)!r}")
            by_case[str(key)] = val
        if case not in by_case:
            raise ValueError(f"starts has no entry for case {case!r}; cases: "
                             f"{[s.case for s in series]}")
        return by_case[case]
    if isinstance(starts, Iterable):
        return starts
    raise TypeError(f"starts must be an iterable of ints or a mapping case -> "
                    f"iterable; got {starts!r}")


def _case_distribution(s: ABSeries, case_starts: Any, lim: tuple[int, int], statistic: str,
                       sign: int) -> dict[str, Any]:
    """Admissible starts of one case and the statistic at each of them."""
    observed = s.n_a + 1
    cand = _admissible(s.case, s.n, observed, lim, case_starts)
    dist = _stat_at_starts(s.values, cand, statistic, sign)
    if not np.all(np.isfinite(dist)):
        raise NotEnoughPointsError(
            f"case {s.case!r}: the {statistic} statistic is undefined for some admissible "
            "starts (a phase of one point has no slope); raise limit or narrow starts")
    k = int(np.flatnonzero(cand == observed)[0])
    return {"ab": s, "starts": cand, "dist": dist, "observed_index": k,
            "start_sessions": np.asarray(s.series.sessions_at(cand), dtype=object),
            "row": {"case": s.case, "n": s.n, "observed_start": observed,
                    "start_session": s.first_treatment_session, "k": observed - 1,
                    "session": s.last_baseline_session, "n_starts": int(cand.size),
                    "statistic": float(dist[k])}}


def _assignments(sizes: list[int], number: int | None,
                 seed: int | np.random.Generator | None) -> dict[str, Any]:
    """Indices of the enumerated (complete) or drawn (Monte Carlo) start of every case."""
    n_adm = int(math.prod(sizes))
    seed_used = None
    if number is None:
        complete, draws = n_adm <= MAX_COMPLETE, DEFAULT_NUMBER
    else:
        complete, draws = number >= n_adm, number
    if complete:
        grids = np.meshgrid(*[np.arange(s) for s in sizes], indexing="ij")
        idx = [g.ravel() for g in grids]
    else:
        rng, seed_used = make_rng(seed)
        idx = [rng.integers(0, s, size=draws) for s in sizes]
    return {"idx": idx, "complete": complete, "draws": draws, "n_admissible": n_adm,
            "seed": seed_used}


def _distribution(cases: list[dict[str, Any]], idx: Any, values_dist: np.ndarray) -> pd.DataFrame:
    if len(cases) == 1:
        c, i = cases[0], idx[0]
        return pd.DataFrame({"start": c["starts"][i],
                             "start_session": c["start_sessions"][i].tolist(),
                             "statistic": values_dist})
    out = {f"start_{c['ab'].case}": c["starts"][i] for c, i in zip(cases, idx, strict=True)}
    out.update({f"start_session_{c['ab'].case}": c["start_sessions"][i].tolist()
                for c, i in zip(cases, idx, strict=True)})
    out["statistic"] = values_dist
    return pd.DataFrame(out)


def _result(series: Any, cases: list[dict[str, Any]], idx: Any, values_dist: np.ndarray,
            test: dict[str, Any], options: dict[str, Any], notes: list[str],
            seed_used: int | None) -> RandomizationTestResult:
    n_adm, statistic, design = test["n_admissible"], options["statistic"], options["design"]
    summary = pd.DataFrame([{
        "statistic_name": statistic, "improvement": options["improvement"],
        "statistic": test["statistic"], "p_value": test["p_value"], "p_min": 1.0 / n_adm,
        "n_admissible": n_adm, "number_used": test["number_used"],
        "complete": test["complete"], "z": test["z"], "n_cases": len(series),
        "n_a": sum(s.n_a for s in series), "n_b": sum(s.n_b for s in series)}])
    kind = "Descriptive permutation index" if test["descriptive"] else "Randomization test"
    what = "random-start AB" if design == "AB" else "multiple-baseline"
    return RandomizationTestResult(
        summary, method=f"{kind} ({what}, {statistic})",
        variant=f"{what} design, {statistic} oriented by improvement, "
                + ("complete enumeration" if test["complete"] else "Monte Carlo draws")
                + " of the admissible start points",
        options=options, reference=REFERENCE,
        mirrors=("scan::rand_test(statistic = 'Mean B-A'/'Mean A-B'/'NAP'/'NAP decreasing', "
                 "complete = TRUE, exclude.equal = FALSE)"),
        seed=seed_used, notes=notes, p_min=1.0 / n_adm, improvement=options["improvement"],
        distribution=_distribution(cases, idx, values_dist),
        case_statistics=pd.DataFrame([c["row"] for c in cases]),
        admissible_starts={c["ab"].case: c["starts"].tolist() for c in cases},
        admissible_start_sessions={c["ab"].case: c["start_sessions"].tolist() for c in cases},
        **test)

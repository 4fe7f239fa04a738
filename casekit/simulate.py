"""Seeded generators of single-case session data with known ground truth.

The generators are used by casekit's tests, benchmarks and teaching notebooks. Every one takes a
``seed`` (``numpy.random.default_rng``), stores it in its result, and returns the *truth* (true
phase levels, true change points, the designed mean of every session) next to the data, so that
an analysis can be checked against what was built in.

Generative model
----------------
A series of ``n`` sessions is split into consecutive phases ``j = 1 .. J`` starting at session
``s_j``. The true (noise-free) value of session ``t`` in phase ``j`` is

.. math::

    \\mu_t = \\text{level}_j + \\text{slope}_j \\, (t - s_j),

and the observed value is

.. math::

    y_t = \\operatorname{round}\\bigl(\\operatorname{clip}(\\mu_t + e_t, \\text{lo}, \\text{hi})\\bigr),
    \\qquad e_t = \\phi \\, e_{t-1} + \\sqrt{1-\\phi^2}\\,\\sigma\\,z_t,\\quad
    e_1 = \\sigma z_1,\\quad z_t \\sim N(0, 1),

an AR(1) process started from its stationary distribution, so that ``sigma`` is the *marginal*
(stationary) standard deviation of the noise whatever ``phi``. Rounding is to whole numbers
(``integer=True``) or to a number of decimals (``decimals=1`` for visual-analogue scales) with
NumPy's round-half-to-even. The bounds are part of the model (a rating cannot leave its scale):
values outside are set to the bound and the number of bounded values is reported
(``n_clipped``), never hidden.

Functions
---------
simulate_series
    One series with any number of phases (level and slope per phase), AR(1) noise, bounds,
    rounding, breaks (``week`` gaps) and missed sessions.
simulate_ab
    An AB series in the parametrisation of casekit's R reference simulations.
simulate_ab_batch
    Many AB series at once (vectorised; for benchmarks and power studies).
items_from_totals
    Item responses that sum exactly to given totals (weights, largest-remainder rounding, item
    caps, reverse keying).
simulate_case_sim_npd_01
    The simulated teaching case SIM-NPD-01 (ratings, events, phases and truth).
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._ar1 import ar1_recursion
from ._deprecate import renamed_arguments
from ._validate import as_float_array, check_float, check_int, make_rng
from .results import Result

if TYPE_CHECKING:
    from .registry import Instrument

#: a seed: an int, None (a fresh one, stored in the result) or a numpy Generator
Seed = int | np.random.Generator | None

__all__ = [
    "SimulatedSeries",
    "SimulatedBatch",
    "SimulatedCase",
    "simulate_series",
    "simulate_ab",
    "simulate_ab_batch",
    "items_from_totals",
    "simulate_case_sim_npd_01",
    "SIM_NPD_01_SEED",
    "sim_npd_01_totals",
    "SIMULATION_NOTICE",
]

#: The simulation notice printed by notebooks and figure captions using SIM-NPD-01.
SIMULATION_NOTICE = (
    "SIMULATION: invented data that follow the order of events in a published narrative case "
    "report (Dimaggio & Valentino, J Clin Psychol, 'the case of Mark'); no patient data; the "
    "publication reports no scores or session counts."
)

#: Default seed of :func:`simulate_case_sim_npd_01`. **Selected, not drawn**: seeds 0-1499
#: were generated and 993 was taken as one of the 8 (0.5 %) for which every designed target
#: property holds on the noisy data (``tests/simulate/test_sim_npd_01_targets.py`` guards
#: them). Other seeds are other realisations of the same design; how often its headline
#: pattern arises is shown in seminar 2 (``sim_npd_01_totals``).
SIM_NPD_01_SEED = 993


# ----------------------------------------------------------------------------------------------
# result classes
# ----------------------------------------------------------------------------------------------
class SimulatedSeries(Result):
    """A simulated series with its ground truth (:func:`simulate_series`, :func:`simulate_ab`).

    ``.summary`` (and ``.truth``) is the phase table: ``phase``, ``start``, ``end`` (first and
    last session), ``n``, ``level`` (true value at the phase's first session), ``slope`` (true
    change per session), ``true_mean`` (mean of the true values).

    Attributes
    ----------
    data : pandas.DataFrame
        The series: ``session``, ``week``, ``phase``, ``true_value``, ``value``,
        ``missing_code`` (:func:`simulate_series`) or ``case``, ``session``, ``phase``,
        ``true_value``, ``value`` (:func:`simulate_ab`).
    change_points : list of int
        True change points as ``k`` = 1-based index of the last observation before each
        change (changepoint/strucchange convention).
    change_sessions : list of int
        Session numbers of those observations.
    phi : float
        AR(1) coefficient of the noise.
    sigma : float
        Marginal (stationary) SD of the noise.
    n_clipped : int
        Simulated values set to a bound.
    n_missing : int
        Missed sessions (value NaN).
    """

    data: pd.DataFrame
    change_points: list[int]
    change_sessions: list[int]
    phi: float
    sigma: float
    n_clipped: int = 0
    n_missing: int = 0

    @property
    def truth(self) -> pd.DataFrame:
        """The true phase levels and slopes (same as :attr:`summary`)."""
        return self.summary


class SimulatedBatch(Result):
    """Many simulated AB series with one design (:func:`simulate_ab_batch`).

    ``.summary`` is the one-row design table (``n_cases``, ``n_a``, ``n_b``, ``level``,
    ``level_shift``, ``slope``, ``slope_change``, ``phi``, ``sigma``, ``change_point``).
    :meth:`to_long` returns the tidy table.

    Attributes
    ----------
    values : numpy.ndarray
        Simulated values, shape ``(n_cases, n_a + n_b)``.
    true_values : numpy.ndarray
        Noise-free means, same shape.
    session : numpy.ndarray
        Session numbers 1..n_a + n_b.
    phase : numpy.ndarray
        ``"A"`` or ``"B"`` per session.
    change_point : int
        ``n_a``, the last baseline session.
    n_clipped : int
        Simulated values set to a bound.
    """

    values: np.ndarray
    true_values: np.ndarray
    session: np.ndarray
    phase: np.ndarray
    change_point: int
    n_clipped: int = 0

    def to_long(self, case_prefix: str = "sim") -> pd.DataFrame:
        """Tidy long table ``case, session, phase, value, true_value``."""
        n_cases, n = self.values.shape
        width = len(str(n_cases))
        cases = [f"{case_prefix}{i + 1:0{width}d}" for i in range(n_cases)]
        return pd.DataFrame({
            "case": np.repeat(np.array(cases, dtype=object), n),
            "session": np.tile(self.session, n_cases),
            "phase": np.tile(self.phase.astype(object), n_cases),
            "value": self.values.reshape(-1),
            "true_value": self.true_values.reshape(-1),
        })


class SimulatedCase(Result):
    """A simulated teaching case: ratings, events, phases and the designed truth.

    ``.summary`` holds the designed target properties: ``quantity``, ``measure``,
    ``session``, ``value``.

    Attributes
    ----------
    ratings : pandas.DataFrame
        Tidy long ratings ``case, session, week, date, measure, rater, item, scale, value,
        phase`` (item rows for item-level measures, score rows with ``scale`` for the pre/post
        battery).
    events : pandas.DataFrame
        ``case, event_id, session, week, date, event, subtype, source, linked_event_id, note``.
    phases : pandas.DataFrame
        ``case, phase, start, end, role, definition, label``.
    sessions : pandas.DataFrame
        ``case, session, week, date, phase, attended``.
    truth : pandas.DataFrame
        Designed (noise-free) session means: ``session, measure, scale, true_value``.
    notice : str
        The simulation notice to print with any output.
    case : str
        The case label, ``"SIM-NPD-01"``.
    n_sessions : int
        44 sessions ...
    n_weeks : int
        ... over 51 weeks.
    alliance_change_session : int
        Designed WAI-SR shift (last session before the change): 17.
    symptom_change_session : int
        Designed PHQ-9 shift (last session before the change): 23.
    sudden_gain_session : int
        Designed pregain session of the one PHQ-9 sudden gain (23).
    rupture_sessions : list of int
        Designed WAI-SR drops ([5, 8, 14, 37]).
    deep_rupture_sessions : list of int
        The deep ones ([5, 8, 14]).
    wai_sr_rci : float
        Illustrative WAI-SR reliable change from PLACEHOLDER norms (SD 8, alpha .91).
    """

    ratings: pd.DataFrame
    events: pd.DataFrame
    phases: pd.DataFrame
    sessions: pd.DataFrame
    truth: pd.DataFrame
    notice: str
    case: str
    n_sessions: int
    n_weeks: int
    alliance_change_session: int
    symptom_change_session: int
    sudden_gain_session: int
    rupture_sessions: list[int]
    deep_rupture_sessions: list[int]
    wai_sr_rci: float


_MODEL = "casekit simulation model (casekit.simulate)"


# ----------------------------------------------------------------------------------------------
# numpy cores
# ----------------------------------------------------------------------------------------------
def _ar1_core(rng: np.random.Generator, shape: tuple[int, ...], phi: float,
              sigma: float) -> np.ndarray:
    """Stationary AR(1) noise along the last axis; marginal SD ``sigma``."""
    z = rng.standard_normal(shape)
    innov = math.sqrt(1.0 - phi * phi) * sigma
    return ar1_recursion(sigma * z[..., 0], innov * z, phi)


def _bound_round(x: np.ndarray, bounds: tuple[float, float] | None, decimals: int | None) -> tuple[np.ndarray, int]:
    """Clip to ``bounds`` (counting clipped finite values), then round to ``decimals``."""
    n_clipped = 0
    if bounds is not None:
        lo, hi = bounds
        finite = np.isfinite(x)
        n_clipped = int(np.count_nonzero(finite & ((x < lo) | (x > hi))))
        x = np.clip(x, lo, hi)
    if decimals is not None:
        x = np.round(x, decimals)
    return x, n_clipped


def _check_bounds(bounds: Any) -> tuple[float, float] | None:
    if bounds is None:
        return None
    try:
        lo, hi = bounds
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bounds must be a (low, high) pair or None; got {bounds!r}") from exc
    lo = check_float(lo, "bounds[0]")
    hi = check_float(hi, "bounds[1]")
    if not lo < hi:
        raise ValueError(f"bounds must have low < high; got {bounds!r}")
    return lo, hi


def _check_decimals(integer: bool, decimals: int | None) -> int | None:
    if not isinstance(integer, bool):
        raise TypeError(f"integer must be True or False; got {integer!r}")
    if integer and decimals not in (None, 0):
        raise ValueError("give either integer=True or decimals=, not both "
                         f"(got integer=True, decimals={decimals!r})")
    if integer:
        return 0
    return check_int(decimals, "decimals", minimum=0, maximum=6, allow_none=True)


def _weeks(n: int, breaks: Mapping[int, int] | None) -> np.ndarray:
    """Calendar week of each session: one session a week, plus the weeks of each break.

    ``breaks`` maps a session number to the number of weeks without sessions *after* it.
    """
    extra = np.zeros(n, dtype=int)
    if breaks:
        if not isinstance(breaks, Mapping):
            raise TypeError("breaks must be a mapping {session: weeks without sessions after it}; "
                            f"got {type(breaks).__name__}")
        for s, w in breaks.items():
            s = check_int(s, "breaks session", minimum=1, maximum=n - 1)
            w = check_int(w, f"breaks[{s}]", minimum=1)
            extra[s:] += w
    return np.arange(1, n + 1) + extra


# ----------------------------------------------------------------------------------------------
# single series
# ----------------------------------------------------------------------------------------------
@renamed_arguments(missing="missed", since="0.2")
def simulate_series(n: int, *, phases: Sequence[Mapping[str, Any]], phi: float = 0.0,
                    sigma: float = 1.0, bounds: tuple[float, float] | None = None,
                    integer: bool = False, decimals: int | None = None,
                    breaks: Mapping[int, int] | None = None,
                    missed: Sequence[int] | float = (), seed: Seed = None) -> SimulatedSeries:
    """Simulate one session series with phases, AR(1) noise, bounds and rounding.

    Parameters
    ----------
    n : int
        Number of scheduled sessions (numbered 1..n).
    phases : sequence of mapping
        One mapping per consecutive phase with keys ``length`` (number of sessions; may be left
        out in exactly one phase, which then takes the remaining sessions), ``level`` (true value
        at the phase's first session), optional ``slope`` (true change per session, default 0)
        and optional ``name`` (default ``"P1"``, ``"P2"``, ...). Lengths must add up to ``n``.
    phi : float
        AR(1) coefficient of the noise, ``-1 < phi < 1``.
    sigma : float
        Marginal (stationary) standard deviation of the noise, ``>= 0``.
    bounds : (float, float), optional
        Scale range; simulated values outside are set to the nearest bound (counted in
        ``n_clipped``).
    integer : bool
        Round to whole numbers (Likert sums).
    decimals : int, optional
        Round to this many decimals instead (``1`` for visual-analogue scales in cm).
    breaks : mapping, optional
        ``{session: weeks}``: weeks without sessions after ``session`` (holidays). They show as
        gaps in the ``week`` column; session numbers stay consecutive.
    missed : sequence of int or float
        Missed sessions: either the session numbers, or a probability with which each session
        (except the first) is missed. Missed sessions keep their row (so ``session`` and
        ``week`` stay aligned with the design) with ``value`` NaN and
        ``missing_code = "not_administered"``; drop them with ``data.dropna(subset=["value"])``
        to get the "absent" representation. (Called ``missing`` before casekit 0.2, which
        still works with a FutureWarning: ``missing=`` names the missing-value rule of the
        analyses.)
    seed : int, numpy.random.Generator or None
        Seed of ``numpy.random.default_rng``; stored in the result.

    Returns
    -------
    SimulatedSeries
        ``.data``: ``session``, ``week``, ``phase``, ``true_value`` (noise-free mean),
        ``value`` (observed, NaN when missed), ``missing_code``.
        ``.summary`` / ``.truth``: ``phase``, ``start``, ``end``, ``n``, ``level``, ``slope``,
        ``true_mean``. ``.change_points`` (k, 1-based index of the last observation before each
        phase change), ``.change_sessions``, ``.n_clipped``, ``.n_missing``, ``.seed``.

    See Also
    --------
    simulate_ab : the two-phase special case in the R-reference parametrisation.
    simulate_ab_batch : many AB series at once.

    Notes
    -----
    Model: :math:`\\mu_t = \\text{level}_j + \\text{slope}_j (t - s_j)` for session ``t`` in
    phase ``j`` starting at session :math:`s_j`; :math:`y_t = \\text{round}(\\text{clip}(\\mu_t +
    e_t))` with stationary AR(1) noise :math:`e_t` of marginal SD ``sigma`` (module docstring).
    The noise is drawn for every session, missed or not, so the same seed gives the same
    attended values with and without missed sessions. The model generalises the one used for
    casekit's R reference simulations (``../shared/reference/data/sim_ab_spec.csv``), whose own
    parametrisation is available as :func:`simulate_ab`; R's random streams cannot be reproduced
    in Python, so only the design (not the draws) matches. Like ruptures' ``pw_constant`` but
    with slopes, AR(1) noise, bounds and rounding; unlike it, the seed is required to repeat a
    run and is always stored.

    References
    ----------
    Huitema, B. E., & McKean, J. W. (2000). Design specification issues in time-series
    intervention models. Educational and Psychological Measurement, 60(1), 38-58.
    https://doi.org/10.1177/00131640021970358

    Examples
    --------
    >>> from casekit.simulate import simulate_series
    >>> sim = simulate_series(12, phases=[{"length": 5, "level": 18},
    ...                                   {"level": 10, "slope": -0.5}],
    ...                       phi=0.3, sigma=1.5, bounds=(0, 27), integer=True, seed=1)
    >>> sim.change_points
    [5]
    >>> sim.data.columns.tolist()
    ['session', 'week', 'phase', 'true_value', 'value', 'missing_code']
    """
    n = check_int(n, "n", minimum=1)
    phi = check_float(phi, "phi", minimum=-1.0, maximum=1.0, inclusive=False)
    sigma = check_float(sigma, "sigma", minimum=0.0)
    bounds = _check_bounds(bounds)
    dec = _check_decimals(integer, decimals)
    rng, seed_used = make_rng(seed)
    lengths, levels, slopes, names = _check_phases(phases, n)

    session = np.arange(1, n + 1)
    starts = np.cumsum([0] + lengths[:-1]) + 1
    phase_idx = np.repeat(np.arange(len(lengths)), lengths)
    mu = (np.asarray(levels)[phase_idx]
          + np.asarray(slopes)[phase_idx] * (session - starts[phase_idx]))
    noise = _ar1_core(rng, (n,), phi, sigma)
    y, n_clipped = _bound_round(mu + noise, bounds, dec)
    miss = _missed_mask(missed, n, rng)
    y = y.astype(float)
    y[miss] = np.nan

    data = pd.DataFrame({
        "session": session,
        "week": _weeks(n, breaks),
        "phase": pd.Series(np.asarray(names, dtype=object)[phase_idx], dtype=object),
        "true_value": mu,
        "value": y,
        "missing_code": pd.Series(np.where(miss, "not_administered",
                                           np.asarray(None, dtype=object)), dtype=object),
    })
    ends = starts + np.asarray(lengths) - 1
    truth = pd.DataFrame({
        "phase": pd.Series(names, dtype=object),
        "start": starts.astype(int),
        "end": ends.astype(int),
        "n": np.asarray(lengths, dtype=int),
        "level": np.asarray(levels, dtype=float),
        "slope": np.asarray(slopes, dtype=float),
        "true_mean": [float(mu[phase_idx == j].mean()) for j in range(len(lengths))],
    })
    cps = [int(e) for e in ends[:-1]]
    return SimulatedSeries(
        truth, method="simulated series (phases + AR(1) noise)", reference=_MODEL,
        variant=f"{len(lengths)} phase(s), stationary AR(1) noise", seed=seed_used,
        options={"n": n, "phi": phi, "sigma": sigma, "bounds": bounds, "decimals": dec},
        data=data, change_points=cps, change_sessions=cps, phi=phi, sigma=sigma,
        n_clipped=n_clipped, n_missing=int(miss.sum()))


def _check_phases(phases: Any, n: int) -> tuple[list[int], list[float], list[float], list[str]]:
    """Lengths, levels, slopes and names of the phases (one open length takes the rest)."""
    if isinstance(phases, Mapping) or not isinstance(phases, Sequence) or len(phases) == 0:
        raise TypeError("phases must be a non-empty list of mappings with keys "
                        "'length', 'level', optional 'slope' and 'name'")
    allowed = {"length", "level", "slope", "name"}
    lengths, levels, slopes, names = [], [], [], []
    open_phase = None
    for j, ph in enumerate(phases):
        if not isinstance(ph, Mapping):
            raise TypeError(f"phases[{j}] must be a mapping; got {type(ph).__name__}")
        unknown = sorted(set(ph) - allowed)
        if unknown:
            raise ValueError(f"phases[{j}] has unknown keys {unknown}; valid keys: "
                             "'length', 'level', 'slope', 'name'")
        if "level" not in ph:
            raise ValueError(f"phases[{j}] needs a 'level'")
        levels.append(check_float(ph["level"], f"phases[{j}]['level']"))
        slopes.append(check_float(ph.get("slope", 0.0), f"phases[{j}]['slope']"))
        names.append(str(ph.get("name", f"P{j + 1}")))
        if "length" in ph:
            lengths.append(check_int(ph["length"], f"phases[{j}]['length']", minimum=1))
        else:
            if open_phase is not None:
                raise ValueError("only one phase may leave out 'length'; phases "
                                 f"{open_phase} and {j} both do")
            open_phase = j
            lengths.append(0)
    if len(set(names)) != len(names):
        raise ValueError(f"phase names must be unique; got {names}")
    if open_phase is not None:
        rest = n - sum(lengths)
        if rest < 1:
            raise ValueError(f"phase lengths {lengths} leave no session for phases[{open_phase}] "
                             f"(n = {n})")
        lengths[open_phase] = rest
    if sum(lengths) != n:
        raise ValueError(f"phase lengths add up to {sum(lengths)}, but n = {n}")
    return lengths, levels, slopes, names


def _missed_mask(missed: Sequence[int] | float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Missed sessions: given by number, or drawn with a probability (never the first)."""
    if isinstance(missed, numbers.Real) and not isinstance(missed, bool):
        p = check_float(float(missed), "missed", minimum=0.0, maximum=1.0, inclusive=True)
        if p >= 1.0:
            raise ValueError("missed as a probability must be < 1")
        miss = rng.random(n) < p
        miss[0] = False
        return miss
    if isinstance(missed, (bool, str)) or not isinstance(missed, Iterable):
        raise TypeError("missed must be a probability in [0, 1) or a list of session numbers; "
                        f"got {missed!r}")
    miss = np.zeros(n, dtype=bool)
    for s in missed:
        s = check_int(s, "missed session", minimum=1, maximum=n)
        miss[s - 1] = True
    return miss


# ----------------------------------------------------------------------------------------------
# AB series
# ----------------------------------------------------------------------------------------------
def _ab_mean(n_a: int, n_b: int, level: float, level_shift: float, slope: float,
             slope_change: float) -> np.ndarray:
    t = np.arange(1, n_a + n_b + 1, dtype=float)
    post = t > n_a
    mean: np.ndarray = (level + slope * (t - 1) + level_shift * post
                        + slope_change * np.maximum(0.0, t - n_a))
    return mean


def _check_ab_args(n_a: int, n_b: int, level: float, level_shift: float, slope: float,
                   slope_change: float, phi: float, sigma: float,
                   bounds: tuple[float, float] | None, integer: bool,
                   decimals: int | None) -> tuple[int, int, float, float, float, float, float,
                                                  float, tuple[float, float] | None,
                                                  int | None]:
    n_a = check_int(n_a, "n_a", minimum=1)
    n_b = check_int(n_b, "n_b", minimum=1)
    level = check_float(level, "level")
    level_shift = check_float(level_shift, "level_shift")
    slope = check_float(slope, "slope")
    slope_change = check_float(slope_change, "slope_change")
    phi = check_float(phi, "phi", minimum=-1.0, maximum=1.0, inclusive=False)
    sigma = check_float(sigma, "sigma", minimum=0.0)
    bounds = _check_bounds(bounds)
    dec = _check_decimals(integer, decimals)
    return n_a, n_b, level, level_shift, slope, slope_change, phi, sigma, bounds, dec


def simulate_ab(n_a: int, n_b: int, *, level: float = 18.0, level_shift: float = 0.0,
                slope: float = 0.0, slope_change: float = 0.0, phi: float = 0.0,
                sigma: float = 2.5, bounds: tuple[float, float] | None = None,
                integer: bool = False, decimals: int | None = None, case: str = "sim",
                seed: Seed = None) -> SimulatedSeries:
    """Simulate an AB series (baseline A, intervention B) with known effect.

    Parameters
    ----------
    n_a, n_b : int
        Number of A and B sessions.
    level : float
        True value at session 1 (``base``).
    level_shift : float
        Immediate level change at the first B session (``shift``); negative = decrease.
    slope : float
        Baseline trend per session over the whole series (``trendA``).
    slope_change : float
        Additional trend per session in phase B (``trendB``).
    phi, sigma : float
        AR(1) coefficient and marginal SD of the noise.
    bounds, integer, decimals :
        As in :func:`simulate_series`.
    case : str
        Value of the ``case`` column.
    seed : int, numpy.random.Generator or None
        Seed; stored in the result.

    Returns
    -------
    SimulatedSeries
        ``.data``: ``case``, ``session``, ``phase`` (``"A"``/``"B"``), ``true_value``,
        ``value``. ``.summary`` / ``.truth``: ``phase``, ``start``, ``end``, ``n``, ``level``
        (true value at the phase's first session), ``slope`` (true change per session),
        ``true_mean``. ``.change_points == [n_a]``.

    See Also
    --------
    simulate_ab_batch : the vectorised version.
    simulate_series : any number of phases.

    Notes
    -----
    The mean follows the parametrisation of casekit's R reference simulations
    (``../shared/reference/data/sim_ab_spec.csv``):

    .. math::

        \\mu_t = \\text{level} + \\text{slope}\\,(t-1) + \\text{level\\_shift}\\,[t > n_A]
                 + \\text{slope\\_change}\\,\\max(0, t - n_A),

    so the B-phase slope term is already ``slope_change`` at the first B session (scan's
    ``plm`` "B&L-B" coding counts from 0 there instead). The noise is stationary AR(1) with
    marginal SD ``sigma``. The reference series were drawn with R's generator, which cannot be
    reproduced in Python; the design (means) is identical.

    References
    ----------
    Huitema, B. E., & McKean, J. W. (2000). Design specification issues in time-series
    intervention models. Educational and Psychological Measurement, 60(1), 38-58.
    https://doi.org/10.1177/00131640021970358

    Examples
    --------
    >>> from casekit.simulate import simulate_ab
    >>> sim = simulate_ab(10, 15, level=18, level_shift=-8, phi=0.3, sigma=2.5,
    ...                   bounds=(0, 27), integer=True, seed=7)
    >>> sim.change_points, sim.data.shape
    ([10], (25, 5))
    """
    (n_a, n_b, level, level_shift, slope, slope_change, phi, sigma, bounds,
     dec) = _check_ab_args(n_a, n_b, level, level_shift, slope, slope_change, phi, sigma,
                           bounds, integer, decimals)
    rng, seed_used = make_rng(seed)
    mu = _ab_mean(n_a, n_b, level, level_shift, slope, slope_change)
    y, n_clipped = _bound_round(mu + _ar1_core(rng, mu.shape, phi, sigma), bounds, dec)
    n = n_a + n_b
    session = np.arange(1, n + 1)
    phase = np.where(session <= n_a, "A", "B").astype(object)
    data = pd.DataFrame({"case": pd.Series([str(case)] * n, dtype=object), "session": session,
                         "phase": phase, "true_value": mu, "value": y.astype(float)})
    truth = pd.DataFrame({
        "phase": pd.Series(["A", "B"], dtype=object),
        "start": [1, n_a + 1],
        "end": [n_a, n],
        "n": [n_a, n_b],
        "level": [float(mu[0]), float(mu[n_a])],
        "slope": [slope, slope + slope_change],
        "true_mean": [float(mu[:n_a].mean()), float(mu[n_a:].mean())],
    })
    return SimulatedSeries(
        truth, method="simulated AB series", reference=_MODEL, seed=seed_used,
        variant="AB design of casekit's R reference simulations (sim_ab_spec.csv)",
        options={"n_a": n_a, "n_b": n_b, "level": level, "level_shift": level_shift,
                 "slope": slope, "slope_change": slope_change, "phi": phi, "sigma": sigma,
                 "bounds": bounds, "decimals": dec},
        data=data, change_points=[n_a], change_sessions=[n_a], phi=phi, sigma=sigma,
        n_clipped=n_clipped, n_missing=0)


def simulate_ab_batch(n_cases: int, n_a: int, n_b: int, *, level: float = 18.0,
                      level_shift: float = 0.0, slope: float = 0.0, slope_change: float = 0.0,
                      phi: float = 0.0, sigma: float = 2.5,
                      bounds: tuple[float, float] | None = None, integer: bool = False,
                      decimals: int | None = None, seed: Seed = None) -> SimulatedBatch:
    """Simulate ``n_cases`` independent AB series with the same design (vectorised).

    Parameters
    ----------
    n_cases : int
        Number of series.
    n_a, n_b, level, level_shift, slope, slope_change, phi, sigma, bounds, integer, decimals :
        As in :func:`simulate_ab`.
    seed : int, numpy.random.Generator or None
        Seed; stored in the result.

    Returns
    -------
    SimulatedBatch
        ``.values`` (``n_cases`` x ``n_a + n_b`` array), ``.true_values``, ``.phase``,
        ``.session``, ``.change_point`` (= ``n_a``); ``.summary`` is the design table
        ``n_cases, n_a, n_b, level, level_shift, slope, slope_change, phi, sigma,
        change_point``; ``.to_long()`` gives ``case, session, phase, value, true_value``.

    See Also
    --------
    simulate_ab : one series, as a tidy table.

    Notes
    -----
    Same model as :func:`simulate_ab`; the AR(1) recursion runs over sessions and is vectorised
    over cases (one numpy operation per session). Row ``i`` is *not* the series
    that ``simulate_ab(..., seed=seed)`` would give: the draws are taken for all cases at once.

    Examples
    --------
    >>> from casekit.simulate import simulate_ab_batch
    >>> b = simulate_ab_batch(100, 10, 15, level_shift=-6, phi=0.3, sigma=2.5, seed=3)
    >>> b.values.shape
    (100, 25)
    """
    n_cases = check_int(n_cases, "n_cases", minimum=1)
    (n_a, n_b, level, level_shift, slope, slope_change, phi, sigma, bounds,
     dec) = _check_ab_args(n_a, n_b, level, level_shift, slope, slope_change, phi, sigma,
                           bounds, integer, decimals)
    rng, seed_used = make_rng(seed)
    mu = _ab_mean(n_a, n_b, level, level_shift, slope, slope_change)
    noise = _ar1_core(rng, (n_cases, n_a + n_b), phi, sigma)
    y, n_clipped = _bound_round(mu[None, :] + noise, bounds, dec)
    options = {"n_cases": n_cases, "n_a": n_a, "n_b": n_b, "level": level,
               "level_shift": level_shift, "slope": slope, "slope_change": slope_change,
               "phi": phi, "sigma": sigma, "bounds": bounds, "decimals": dec}
    summary = pd.DataFrame([{k: options[k] for k in ("n_cases", "n_a", "n_b", "level",
                                                     "level_shift", "slope", "slope_change",
                                                     "phi", "sigma")}])
    summary["change_point"] = n_a
    session = np.arange(1, n_a + n_b + 1)
    return SimulatedBatch(
        summary, method="simulated AB series (batch)", reference=_MODEL, seed=seed_used,
        variant="AB design, vectorised over cases", options=options, values=y.astype(float),
        true_values=np.broadcast_to(mu, y.shape).copy(), session=session,
        phase=np.where(session <= n_a, "A", "B"), change_point=n_a, n_clipped=n_clipped)


# ----------------------------------------------------------------------------------------------
# items from totals
# ----------------------------------------------------------------------------------------------
def _allocate_core(units: np.ndarray, weights: np.ndarray, cap: int) -> np.ndarray:
    """Split integer ``units`` (m,) over items by ``weights`` (m, k), each item <= ``cap``.

    Water-filling: proportional targets, items whose target exceeds ``cap`` are fixed at the
    cap and the overflow is shared among the others by weight (repeated until none exceeds);
    then Hamilton's largest-remainder rounding of the uncapped targets (ties: larger weight,
    then lower item number). Zero-weight items stay at 0.
    """
    m, k = weights.shape
    out = np.zeros((m, k), dtype=np.int64)
    order_key = np.arange(k)
    for i in range(m):
        total = int(units[i])
        w = weights[i]
        target = np.zeros(k)
        free = w > 0
        remaining = float(total)
        while True:
            wsum = w[free].sum()
            target[free] = remaining * w[free] / wsum
            over = free & (target > cap)
            if not over.any():
                break
            target[over] = cap
            remaining -= cap * over.sum()
            free &= ~over
        base = np.floor(target + 1e-9).astype(np.int64)
        short = total - int(base.sum())
        if short > 0:
            frac = np.where(free, target - base, -1.0)
            # sort by fractional part (desc), weight (desc), item number (asc)
            idx = np.lexsort((order_key, -w, -np.round(frac, 9)))
            base[idx[:short]] += 1
        out[i] = base
    return out


def items_from_totals(totals: ArrayLike, instrument: str | Instrument, *,
                      weights: ArrayLike | None = None, concentration: float | None = None,
                      raw: bool = True, seed: Seed = None) -> pd.DataFrame:
    """Item responses that add up exactly to given (scored) totals.

    Parameters
    ----------
    totals : array-like or pandas.Series
        Scored totals, one per session (sum of the item scores *after* reverse keying). NaN
        gives a row of NaN items (a missed administration). Each total must be a multiple of
        the item resolution (1, or 0.1 for instruments with ``item_decimals = 1``) and
        reachable: ``n_items * item_min <= total`` and at most the sum of the caps of the items
        with positive weight.
    instrument : str or Instrument
        Registry name or an :class:`casekit.registry.Instrument`; its ``n_items``,
        ``item_min``, ``item_max``, ``item_decimals`` and ``reverse_items`` are used.
    weights : array-like, optional
        Relative weight of each item, shape ``(n_items,)`` (same for every row) or
        ``(len(totals), n_items)``; default equal weights. An item of weight 0 stays at
        ``item_min`` (e.g. PHQ-9 item 9 in teaching data).
    concentration : float, optional
        If given, each row's weights are drawn from a Dirichlet distribution with mean
        ``weights`` and this concentration (larger = closer to ``weights``), so that item
        profiles vary from session to session. Uses ``seed``.
    raw : bool
        Return reverse-keyed items as answered (``item_min + item_max - score``; e.g. CORE-10
        items 2 and 3), as stored in ratings tables. ``False`` returns item *scores*.
    seed : int, numpy.random.Generator or None
        Used only with ``concentration``.

    Returns
    -------
    pandas.DataFrame
        One row per total (index of ``totals`` if it is a Series), columns ``1 .. n_items``
        (int labels), float values.

    See Also
    --------
    simulate_case_sim_npd_01 : uses this to build item-level PHQ-9, WAI-SR and CORE-10 data.

    Notes
    -----
    With ``R = total - n_items * item_min`` units to distribute (in steps of the item
    resolution) and caps ``c = item_max - item_min``, item ``i`` gets the proportional share
    :math:`R w_i / \\sum w`; shares above ``c`` are fixed at ``c`` and their overflow is
    redistributed over the remaining items by weight until none exceeds ``c``
    (water-filling); the shares are then rounded by the largest-remainder (Hamilton) method,
    which keeps the sum exact. Ties between equal remainders go to the larger weight, then
    the lower item number, so the function is deterministic without ``concentration``.

    Examples
    --------
    >>> from casekit.simulate import items_from_totals
    >>> items_from_totals([18, 5], "PHQ-9", weights=[3, 2, 2, 3, 1, 3, 2, 1, 0])
         1    2    3    4    5    6    7    8    9
    0  3.0  3.0  2.0  3.0  1.0  3.0  2.0  1.0  0.0
    1  1.0  1.0  1.0  1.0  0.0  1.0  0.0  0.0  0.0
    """
    from .registry import Instrument, get_instrument

    inst = instrument if isinstance(instrument, Instrument) else get_instrument(instrument)
    k = int(inst.n_items)
    index = totals.index if isinstance(totals, pd.Series) else None
    tot = as_float_array(totals, "totals", allow_nan=True)
    m = tot.size
    if weights is None:
        w = np.ones((m, k))
    else:
        w = as_float_array(weights, "weights", ndim=np.ndim(weights))
        if w.ndim == 1:
            if w.size != k:
                raise ValueError(f"weights must have {k} entries (one per {inst.name} item); "
                                 f"got {w.size}")
            w = np.tile(w, (m, 1))
        elif w.shape != (m, k):
            raise ValueError(f"weights must have shape ({k},) or ({m}, {k}); got {w.shape}")
        if (w < 0).any():
            raise ValueError("weights must be >= 0")
        if (w.sum(axis=1) <= 0).any():
            raise ValueError("each row of weights needs at least one positive weight")
    rng, seed_used = make_rng(seed) if concentration is not None else (None, None)
    if concentration is not None:
        concentration = check_float(concentration, "concentration", minimum=0.0,
                                    inclusive=False)
        w = w.copy()
        for i in range(m):
            pos = w[i] > 0
            alpha = concentration * w[i, pos] / w[i, pos].sum()
            assert rng is not None  # made above when concentration is given
            w[i, pos] = rng.dirichlet(alpha)
    if not isinstance(raw, bool):
        raise TypeError(f"raw must be True or False; got {raw!r}")

    dec = int(getattr(inst, "item_decimals", 0) or 0)
    unit = 10.0 ** (-dec)
    lo, hi = float(inst.item_min), float(inst.item_max)
    cap = int(round((hi - lo) / unit))
    ok = ~np.isnan(tot)
    units_f = (tot - k * lo) / unit
    units = np.rint(np.where(ok, units_f, 0.0)).astype(np.int64)
    problems = []
    for i in np.flatnonzero(ok).tolist():
        if abs(units_f[i] - units[i]) > 1e-6:
            problems.append(f"row {i}: total {float(tot[i])!r} is not a multiple of {unit:g} "
                            f"above {k * lo:g}")
            continue
        room = cap * int(np.count_nonzero(w[i] > 0))
        if units[i] < 0 or units[i] > room:
            problems.append(f"row {i}: total {float(tot[i])!r} cannot be reached with items in "
                            f"[{lo:g}, {hi:g}] and {int(np.count_nonzero(w[i] > 0))} items "
                            "of positive weight")
    if problems:
        raise ValueError(f"totals cannot be split into {inst.name} items: " + "; ".join(problems))
    alloc = _allocate_core(units, w, cap).astype(float) * unit + lo
    if dec:
        alloc = np.round(alloc, dec)
    if raw and inst.reverse_items:
        for item in inst.reverse_items:
            alloc[:, item - 1] = lo + hi - alloc[:, item - 1]
    alloc[~ok] = np.nan
    out = pd.DataFrame(alloc, columns=list(range(1, k + 1)), index=index)
    out.attrs["seed"] = seed_used
    return out


# ----------------------------------------------------------------------------------------------
# the teaching case SIM-NPD-01
# ----------------------------------------------------------------------------------------------
# Every number below is INVENTED (a simulation design), following the order of events of a
# published narrative case report (Dimaggio & Valentino, J Clin Psychol, "the case of Mark";
# preprint doi:10.22541/au.169221780.03114240) that reports no scores or session counts. The
# design follows ../shared/domain/case-narrative.md sections 2-4 (project design document).

_CASE_ID = "SIM-NPD-01"
_N_SESSIONS = 44
#: weeks without sessions after a session: 2-week holiday in P2 (after session 14), 1-week
#: break in P3 (after 26), 4-week summer break at the start of P4 (after 35) -> 51 weeks.
_BREAKS = {14: 2, 26: 1, 35: 4}
_START_DATE = _dt.date(2024, 11, 5)  # invented; puts the summer break in late July/August

_PHASES = (
    # phase, start, end, role, label
    ("P0", 1, 3, "baseline", "Intake / assessment"),
    ("P1", 4, 10, "intervention",
     "Early ruptures; building a shared understanding from specific episodes"),
    ("P2", 11, 18, "intervention",
     "Drafting, breaking and renegotiating the therapeutic contract"),
    ("P3", 19, 34, "intervention",
     "Working within the contract: behavioural steps, tolerating guilt and shame"),
    ("P4", 35, 44, "intervention",
     "Consolidation; guilt-driven setback; contract revised towards social goals"),
)

# Designed (noise-free) PHQ-9 totals, sessions 1..44. P0-P1 about 18.5-19, P2 easing, P3 one
# sudden gain 23 -> 24 (15.5 -> 8), P4 setback after the summer break peaking at 9.5
# (session 37), ending at 5.
_PHQ9_MEAN = (
    19.0, 18.5, 19.0,                                        # P0  1-3
    19.0, 18.5, 19.0, 18.5, 19.0, 18.5, 18.0,                # P1  4-10
    18.0, 17.5, 17.0, 17.5, 16.5, 16.0, 15.5, 15.0,          # P2 11-18
    14.5, 14.5, 14.5, 14.5, 15.5,                            # P3 19-23 (pregain 23)
    8.0, 7.5, 7.5, 7.0, 7.0, 6.5, 6.5, 6.0, 6.0, 6.0, 6.0,   # P3 24-34
    5.5, 8.0, 9.5, 8.5, 7.0, 6.5, 6.0, 5.5, 5.0, 5.0,        # P4 35-44
)
# Designed WAI-SR totals (12-60), sessions 2..44 (session 1 = intake, not rated). Deep
# ruptures at 5, 8, 14 (drops of 8-8.5), each repaired at the next session; intake rupture
# noted at session 3 with no drop; abrupt rise at contract agreement (18); moderate rupture
# at 37 (drop of 5).
_WAI_MEAN = (
    np.nan, 28.0, 29.5,                                      # P0  1-3
    30.0, 22.0, 31.0, 31.5, 23.5, 32.0, 32.0,                # P1  4-10
    33.0, 33.5, 34.0, 26.0, 34.5, 36.0, 38.0, 43.5,          # P2 11-18
    45.5, 46.5, 46.5, 47.0, 47.0, 47.0, 47.0, 47.0, 47.0,    # P3 19-27
    47.0, 47.0, 47.0, 47.5, 47.5, 47.5, 47.5,                # P3 28-34
    48.0, 47.5, 42.5, 48.0, 48.5, 48.5, 49.0, 49.0, 49.5, 50.0,  # P4 35-44
)
# Designed landmarks (sessions) built into the two series above.
_ALLIANCE_SHIFT = 17       # last session before the WAI-SR rise (contract agreed at 18)
_SYMPTOM_SHIFT = 23        # last session before the PHQ-9 drop
_SUDDEN_GAIN = 23          # pregain session of the one PHQ-9 sudden gain
_DEEP_RUPTURES = (5, 8, 14)
_MODERATE_RUPTURE = 37
_INTAKE_RUPTURE = 3        # noted by the therapist, no numeric drop
_SETBACK_PEAK = 37
# CORE-10 (0-40): intake, about every 8-9 sessions, last session.
_CORE10_SESSIONS = (1, 9, 18, 27, 36, 44)
_CORE10_MEAN = (22.0, 21.0, 16.0, 9.0, 8.0, 6.0)
# Pre/post battery (sessions 1 and 44).
_BDI2_MEAN = (32.0, 9.0)      # BDI-II total 0-63 (severe >= 29; minimal <= 13)
_GSI_MEAN = (1.30, 0.45)      # SCL-90-R GSI 0-4 (German cutoff 0.57, RCI 0.43)
_PID5BF_MEANS = {             # PID-5-BF domain means 0-3 (multiples of 1/5; noise-free);
    "negative_affect": (2.0, 1.2),  # scale names as in the registry entry
    "detachment": (2.0, 1.2),
    "antagonism": (1.6, 1.0),
    "disinhibition": (0.6, 0.4),
    "psychoticism": (0.4, 0.2),
}
# Noise: stationary AR(1), phi = .3, SD 1.5 PHQ-9 points and 1.6 WAI-SR points
# (case-narrative.md section 4 "Noise and realism"); independent normal noise for the sparse
# measures.
_PHI = 0.3
_SIGMA = {"PHQ-9": 1.5, "WAI-SR": 1.6, "CORE-10": 1.2, "BDI-II": 1.5, "GSI": 0.04}

# Item weights (relative share of the total above the item minimum).
# PHQ-9 items: 1 anhedonia, 2 mood, 3 sleep, 4 fatigue, 5 appetite, 6 worthlessness/guilt,
# 7 concentration, 8 psychomotor, 9 risk item (weight 0: always 0 in teaching data).
_PHQ9_W_EARLY = (3.0, 2.0, 2.0, 3.0, 1.0, 3.0, 2.0, 1.0, 0.0)
_PHQ9_W_LATE = (2.5, 1.2, 1.5, 1.5, 0.6, 2.5, 1.2, 0.6, 0.0)      # guilt, anhedonia fall last
_PHQ9_W_SETBACK = (3.5, 1.0, 1.2, 1.2, 0.5, 3.5, 1.0, 0.5, 0.0)   # ... and spike in the setback
_SETBACK_SESSIONS = (36, 37, 38, 39)
# WAI-SR subscales (Hatcher & Gillaspy 2006; instruments.md): Task 1, 2, 10, 12;
# Bond 3, 5, 7, 9; Goal 4, 6, 8, 11. Bond weighs more until the contract is agreed (Bordin:
# a contract is agreement on goals and tasks), then Goal and Task catch up.
_WAI_BOND = (3, 5, 7, 9)
_WAI_GOAL = (4, 6, 8, 11)
_WAI_TASK = (1, 2, 10, 12)
_CONTRACT_AGREED = 18
# CORE-10: item 6 kept at 0 (risk-related content: teaching data carry none); items 2 and 3
# are reverse keyed (instruments.md) and stored raw.
_CORE10_W = (1.0, 0.8, 0.8, 0.8, 1.0, 0.0, 1.2, 1.2, 1.2, 1.0)
_CONCENTRATION = {"PHQ-9": 80.0, "WAI-SR": 300.0, "CORE-10": 80.0}

#: Illustrative WAI-SR reliable change from PLACEHOLDER norms (SD 8, alpha .91; no published
#: WAI-SR RCI exists, instruments.md section 3): 1.96 * 8 * sqrt(2 * (1 - .91)).
WAI_SR_PLACEHOLDER_RCI = 1.96 * 8.0 * math.sqrt(2.0 * (1.0 - 0.91))

_EVENTS = (
    # session, event, subtype, linked (index into this tuple, 1-based) or None, note
    (3, "rupture_noted", "withdrawal", None,
     "vague, feels 'empty'; therapist notices her boredom and wish for the session to end"),
    (5, "rupture_noted", "withdrawal_to_confrontation", None,
     "withdrawal turning into confrontation ('you tell me what to do')"),
    (6, "repair_noted", "metacommunication", 2,
     "therapist metacommunicates and owns having pushed"),
    (8, "rupture_noted", "confrontation", None, "confrontation with contempt for the therapist"),
    (9, "repair_noted", "metacommunication", 4,
     "exploring the contempt together; therapist owns her part"),
    (10, "note", "no_shared_goals", None, "therapist names the absence of shared goals"),
    (11, "contract_drafted", None, None,
     "goal: feel less depressed, 'get out of the cage'; task: invite a colleague to dinner"),
    (11, "homework_assigned", None, None, "invite a colleague to dinner"),
    (13, "homework_reported", "later_revealed_untrue", None,
     "reports the dinner invitation as done; later revealed untrue"),
    (14, "rupture_noted", "confrontation", None,
     "the concealment emerges; defensive and contemptuous"),
    (15, "repair_noted", "metacommunication", 10, "after the holiday break: repair"),
    (15, "contract_revised", None, None,
     "smaller, self-chosen steps; the cost is facing guilt and shame"),
    (18, "contract_agreed", None, None, "explicit goals and tasks he finds sensible"),
    (20, "homework_reported", "done", None, "an evening out with colleagues"),
    (22, "homework_reported", "done", None, "tolerated guilt when leaving aunt and sister at home"),
    (29, "note", "behavioural_step", None, "started playing tennis for fun"),
    (36, "life_event", None, None,
     "sister's serious health crisis; guilt reactivated; plan to live alone put on hold"),
    (37, "rupture_noted", "withdrawal", None, "withdrawal with a symptom setback"),
    (38, "repair_noted", "metacommunication", 18, "rupture explored and repaired"),
    (41, "contract_revised", None, None,
     "towards social and intimate ties; first task: refrain from devaluing comments and "
     "passive-aggressive moves"),
    (44, "note", "assessment", None, "end-of-year assessment (therapy continues)"),
)

def _case_phase_of(sessions: np.ndarray) -> np.ndarray:
    out = np.empty(sessions.shape, dtype=object)
    for name, start, end, _role, _label in _PHASES:
        out[(sessions >= start) & (sessions <= end)] = name
    return out


def _wai_weights(session: int) -> np.ndarray:
    w = np.ones(12)
    bond = 2.5 if session < _CONTRACT_AGREED else (1.5 if session == _CONTRACT_AGREED else 1.0)
    w[np.asarray(_WAI_BOND) - 1] = bond
    return w


def simulate_case_sim_npd_01(seed: int = SIM_NPD_01_SEED) -> SimulatedCase:
    """The simulated teaching case SIM-NPD-01 (narcissistic personality disorder, MIT).

    SIMULATION: invented data that follow the order of events in a published narrative case
    report (Dimaggio & Valentino, J Clin Psychol, "the case of Mark"); no patient data; the
    publication reports no scores or session counts.

    Parameters
    ----------
    seed : int
        Seed of the noise (default :data:`SIM_NPD_01_SEED`, for which the designed target
        properties hold on the noisy data; other seeds give other realisations of the same
        design, in which some targets may fail).

    Returns
    -------
    SimulatedCase
        ``.ratings``: tidy long table ``case, session, week, date, measure, rater, item, scale,
        value, phase`` with item rows (``item`` 1..k, ``scale`` missing) for PHQ-9 (sessions
        1-44), WAI-SR (2-44) and CORE-10 (1, 9, 18, 27, 36, 44; items 2 and 3 raw, i.e. before
        reverse keying), and score rows (``item`` missing) for BDI-II (``scale = "total"``),
        SCL-90-R (``scale = "total"``, the GSI) and PID-5-BF (five domain means,
        ``negative_affect, detachment, antagonism, disinhibition, psychoticism``) at sessions 1
        and 44 (scale names as in the instrument registry).
        ``.events``: ``case, event_id, session, week, date, event, subtype, source,
        linked_event_id, note`` (all ``source = "therapist_note"``).
        ``.phases``: ``case, phase, start, end, role, definition (post_hoc), label``.
        ``.sessions``: ``case, session, week, date, phase, attended``.
        ``.truth``: designed noise-free scores ``session, measure, scale, true_value``.
        ``.summary``: the designed target properties ``quantity, measure, session, value``.

    See Also
    --------
    simulate_series : the generic generator.
    items_from_totals : the item allocation used here.

    Notes
    -----
    Design (``../shared/domain/case-narrative.md`` sections 2-4): 44 weekly sessions over 51
    weeks (breaks of 2, 1 and 4 weeks after sessions 14, 26 and 35); phases P0-P4 defined post
    hoc. Session totals are the designed means plus stationary AR(1) noise (phi = .3; SD 1.5
    PHQ-9 and 1.6 WAI-SR points), rounded and bounded to the scale range; sparse measures get
    independent normal noise. Totals are split into items with :func:`items_from_totals`
    (Dirichlet-jittered weights; PHQ-9 item 9 and CORE-10 item 6 always 0). Designed
    properties (guarded by ``tests/simulate/test_sim_npd_01_targets.py`` on the generated data):
    three deep WAI-SR ruptures (sessions 5, 8, 14) beyond both 2 x within-SD and the
    placeholder RCI :data:`WAI_SR_PLACEHOLDER_RCI`, each repaired within 1-2 sessions; a
    moderate drop at 37 beyond 2 x within-SD but not the RCI; the intake rupture (3) without a
    drop; the alliance change (contract agreed, session 18) before the symptom change (sudden
    gain 23 -> 24, the only one); a P4 setback below the reversal value; reliable and
    clinically significant improvement on PHQ-9, CORE-10, BDI-II and the GSI. Random streams
    are independent per measure (``numpy.random.SeedSequence(seed).spawn``).

    References
    ----------
    Dimaggio, G., & Valentino, V. The ongoing rewriting of the therapeutic contract in
    Metacognitive Interpersonal Therapy for narcissistic personality disorder: The case of
    Mark. Journal of Clinical Psychology. Preprint: https://doi.org/10.22541/au.169221780.03114240

    Examples
    --------
    >>> from casekit.simulate import simulate_case_sim_npd_01
    >>> case = simulate_case_sim_npd_01()
    >>> case.n_sessions, case.n_weeks, case.sudden_gain_session
    (44, 51, 23)
    >>> case.deep_rupture_sessions, round(case.wai_sr_rci, 2)
    ([5, 8, 14], 6.65)
    """
    seed = check_int(seed, "seed", minimum=0)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    n = _N_SESSIONS
    session = np.arange(1, n + 1)
    week = _weeks(n, _BREAKS)
    dates = [(_START_DATE + _dt.timedelta(weeks=int(w) - 1)).isoformat() for w in week]
    sess_info = pd.DataFrame({"session": session, "week": week, "date": dates,
                              "phase": _case_phase_of(session)})
    scores = _case_scores(streams, n)
    ratings = _case_ratings(_case_items(streams, session, scores), scores, sess_info)
    sessions = sess_info.assign(case=_CASE_ID, attended=True)[
        ["case", "session", "week", "date", "phase", "attended"]].astype(
        {"case": object, "date": object, "phase": object})
    return SimulatedCase(
        _case_targets(), method="simulated case SIM-NPD-01", seed=seed,
        reference="casekit.simulate.simulate_case_sim_npd_01", notes=[SIMULATION_NOTICE],
        variant="designed teaching case (case-narrative.md sections 2-4)",
        options={"n_sessions": n, "weeks": int(week[-1]), "phi": _PHI},
        ratings=ratings, events=_case_events(week, dates), phases=_case_phases(),
        sessions=sessions, truth=_case_truth(session, n), notice=SIMULATION_NOTICE,
        case=_CASE_ID, n_sessions=n, n_weeks=int(week[-1]),
        alliance_change_session=_ALLIANCE_SHIFT, symptom_change_session=_SYMPTOM_SHIFT,
        sudden_gain_session=_SUDDEN_GAIN, rupture_sessions=[*_DEEP_RUPTURES, _MODERATE_RUPTURE],
        deep_rupture_sessions=list(_DEEP_RUPTURES), wai_sr_rci=float(WAI_SR_PLACEHOLDER_RCI))


def sim_npd_01_totals(seed: int = SIM_NPD_01_SEED) -> pd.DataFrame:
    """Session totals of the teaching case SIM-NPD-01 for one seed, without the item split.

    The same random streams as :func:`simulate_case_sim_npd_01` (``seed`` gives the same
    totals), about 100 times faster because items, events and tables are not built: for
    looking at many realisations of the design (seminar 2 counts how often the designed
    pattern arises across seeds).

    Parameters
    ----------
    seed : int
        Seed of the noise (default :data:`SIM_NPD_01_SEED`, a selected seed).

    Returns
    -------
    pandas.DataFrame
        ``session, measure, value``: PHQ-9 (sessions 1-44) and WAI-SR (2-44) totals, in
        session order.

    Examples
    --------
    >>> from casekit.simulate import sim_npd_01_totals
    >>> t = sim_npd_01_totals()
    >>> sorted(t["measure"].unique()), int(t["session"].max())
    (['PHQ-9', 'WAI-SR'], 44)
    """
    seed = check_int(seed, "seed", minimum=0)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    n = _N_SESSIONS
    scores = _case_scores(streams, n)
    session = np.arange(1, n + 1)
    return pd.concat([
        pd.DataFrame({"session": session, "measure": "PHQ-9", "value": scores["PHQ-9"]}),
        pd.DataFrame({"session": session[1:], "measure": "WAI-SR",
                      "value": scores["WAI-SR"][1:]}),   # session 1 = intake, not rated
    ], ignore_index=True)


def _case_scores(streams: Sequence[np.random.Generator], n: int) -> dict[str, np.ndarray]:
    """Session totals: designed mean + noise (one random stream per measure), bounded."""
    # PHQ-9 bounded at 24, not 27: item 9 is always 0 in teaching data (8 items x 3)
    phq, _ = _bound_round(np.asarray(_PHQ9_MEAN)
                          + _ar1_core(streams[0], (n,), _PHI, _SIGMA["PHQ-9"]), (0, 24), 0)
    wai, _ = _bound_round(np.asarray(_WAI_MEAN)
                          + _ar1_core(streams[1], (n,), _PHI, _SIGMA["WAI-SR"]), (12, 60), 0)
    core, _ = _bound_round(np.asarray(_CORE10_MEAN)
                           + _SIGMA["CORE-10"] * streams[2].standard_normal(6), (0, 36), 0)
    bdi, _ = _bound_round(np.asarray(_BDI2_MEAN) + _SIGMA["BDI-II"]
                          * streams[3].standard_normal(2), (0, 63), 0)
    gsi, _ = _bound_round(np.asarray(_GSI_MEAN) + _SIGMA["GSI"]
                          * streams[4].standard_normal(2), (0, 4), 2)
    return {"PHQ-9": phq, "WAI-SR": wai, "CORE-10": core, "BDI-II": bdi, "SCL-90-R": gsi}


def _case_items(streams: Sequence[np.random.Generator], session: np.ndarray,
                scores: dict[str, np.ndarray]) -> list[tuple[str, np.ndarray, pd.DataFrame]]:
    """(measure, sessions, item table) for the item-level measures."""
    phq_w = np.array([_PHQ9_W_SETBACK if s in _SETBACK_SESSIONS
                      else (_PHQ9_W_EARLY if s <= 18 else _PHQ9_W_LATE) for s in session])
    phq = items_from_totals(scores["PHQ-9"], "PHQ-9", weights=phq_w,
                            concentration=_CONCENTRATION["PHQ-9"], seed=streams[5])
    wai_sessions = session[1:]                  # session 1 = intake, WAI-SR not rated
    wai = items_from_totals(scores["WAI-SR"][1:], "WAI-SR",
                            weights=np.array([_wai_weights(s) for s in wai_sessions]),
                            concentration=_CONCENTRATION["WAI-SR"], seed=streams[6])
    core = items_from_totals(scores["CORE-10"], "CORE-10", weights=_CORE10_W,
                             concentration=_CONCENTRATION["CORE-10"], seed=streams[7])
    return [("PHQ-9", session, phq), ("WAI-SR", wai_sessions, wai),
            ("CORE-10", np.asarray(_CORE10_SESSIONS), core)]


def _case_ratings(items: list[tuple[str, np.ndarray, pd.DataFrame]],
                  scores: dict[str, np.ndarray], sess_info: pd.DataFrame) -> pd.DataFrame:
    """The tidy ratings table: item rows, then the pre/post score rows, in session order."""
    n = int(sess_info["session"].iloc[-1])
    parts = [pd.DataFrame({"session": np.repeat(np.asarray(sessions), table.shape[1]),
                           "measure": measure,
                           "item": np.tile(np.arange(1, table.shape[1] + 1), len(sessions)),
                           "scale": None, "value": table.to_numpy(dtype=float).reshape(-1)})
             for measure, sessions, table in items]
    battery = [("BDI-II", "total", scores["BDI-II"]),
               ("SCL-90-R", "total", scores["SCL-90-R"]),     # registry: total = GSI
               *[("PID-5-BF", d, v) for d, v in _PID5BF_MEANS.items()]]
    parts += [pd.DataFrame({"session": [1, n], "measure": m, "item": None, "scale": sc,
                            "value": np.asarray(v, dtype=float)}) for m, sc, v in battery]
    long = pd.concat(parts, ignore_index=True)
    long["item"] = long["item"].astype("Int64")
    long["scale"] = long["scale"].astype(object)
    order = {m: i for i, m in enumerate(("PHQ-9", "WAI-SR", "CORE-10", "BDI-II", "SCL-90-R",
                                         "PID-5-BF"))}
    long["_m"] = long["measure"].map(order)
    long["_r"] = np.arange(len(long))
    long = long.sort_values(["session", "_m", "_r"], kind="mergesort").drop(columns=["_m", "_r"])
    long = long.merge(sess_info, on="session", how="left", validate="many_to_one")
    long.insert(0, "case", _CASE_ID)
    long["rater"] = "client"
    ratings = long[["case", "session", "week", "date", "measure", "rater", "item", "scale",
                    "value", "phase"]].reset_index(drop=True)
    for col in ("case", "date", "measure", "rater", "phase"):
        ratings[col] = ratings[col].astype(object)
    return ratings


def _case_events(week: np.ndarray, dates: list[str]) -> pd.DataFrame:
    ev = [{"case": _CASE_ID, "event_id": f"E{i:02d}", "session": s, "week": int(week[s - 1]),
           "date": dates[s - 1], "event": event, "subtype": subtype, "source": "therapist_note",
           "linked_event_id": None if linked is None else f"E{linked:02d}", "note": note}
          for i, (s, event, subtype, linked, note) in enumerate(_EVENTS, start=1)]
    return pd.DataFrame(ev).astype({c: object for c in ("case", "event_id", "date", "event",
                                                       "subtype", "source",
                                                       "linked_event_id", "note")})


def _case_phases() -> pd.DataFrame:
    return pd.DataFrame(
        [{"case": _CASE_ID, "phase": p, "start": a, "end": b, "role": role,
          "definition": "post_hoc", "label": label} for p, a, b, role, label in _PHASES]
    ).astype({c: object for c in ("case", "phase", "role", "definition", "label")})


def _case_truth(session: np.ndarray, n: int) -> pd.DataFrame:
    """Designed (noise-free) session means of every measure."""
    return pd.concat([
        pd.DataFrame({"session": session, "measure": "PHQ-9", "scale": "total",
                      "true_value": np.asarray(_PHQ9_MEAN)}),
        pd.DataFrame({"session": session[1:], "measure": "WAI-SR", "scale": "total",
                      "true_value": np.asarray(_WAI_MEAN)[1:]}),
        pd.DataFrame({"session": _CORE10_SESSIONS, "measure": "CORE-10", "scale": "total",
                      "true_value": np.asarray(_CORE10_MEAN)}),
        pd.DataFrame({"session": [1, n], "measure": "BDI-II", "scale": "total",
                      "true_value": _BDI2_MEAN}),
        pd.DataFrame({"session": [1, n], "measure": "SCL-90-R", "scale": "total",
                      "true_value": _GSI_MEAN}),
        *[pd.DataFrame({"session": [1, n], "measure": "PID-5-BF", "scale": d,
                        "true_value": v}) for d, v in _PID5BF_MEANS.items()],
    ], ignore_index=True).astype({"measure": object, "scale": object})


def _case_targets() -> pd.DataFrame:
    """The designed target properties (the summary of the case)."""
    nan = float("nan")
    targets = pd.DataFrame([
        ("alliance change (last session before the shift)", "WAI-SR", _ALLIANCE_SHIFT, nan),
        ("symptom change (last session before the shift)", "PHQ-9", _SYMPTOM_SHIFT, nan),
        ("sudden gain, pregain session", "PHQ-9", _SUDDEN_GAIN, nan),
        *[("deep rupture", "WAI-SR", s, nan) for s in _DEEP_RUPTURES],
        ("moderate rupture", "WAI-SR", _MODERATE_RUPTURE, nan),
        ("rupture noted without a drop", "WAI-SR", _INTAKE_RUPTURE, nan),
        ("setback peak (designed)", "PHQ-9", _SETBACK_PEAK, nan),
        ("contract agreed", "WAI-SR", _CONTRACT_AGREED, nan),
        ("illustrative RCI (placeholder norms SD 8, alpha .91)", "WAI-SR", -1,
         WAI_SR_PLACEHOLDER_RCI),
    ], columns=["quantity", "measure", "session", "value"])
    targets["session"] = targets["session"].astype("Int64").mask(targets["session"] < 0)
    return targets.astype({"quantity": object, "measure": object})

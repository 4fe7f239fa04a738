"""Alliance rupture-repair episodes: V-shaped drops under named, parameterised criteria.

Published criteria (Stiles et al. 2004; Strauss et al. 2006; Gumz et al. 2012) describe the idea
("a drop of 2 SD followed by a return"); the operational details they leave open (the noise
estimate, reference level, repair tolerance and window, the floor) are casekit's choices and are
documented as such in :func:`rupture_repair`.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._ar1 import ar1_recursion
from .._deprecate import renamed_arguments
from .._input import (
    MISSING_OPTIONS,
    SessionSeries,
    as_series,
    iter_series,
    require_columns,
    resolve_improvement,
    select_rows,
    session_label,
)
from .._validate import check_float, check_int, check_option, make_rng
from ..exceptions import NotEnoughPointsError
from ..registry import get_instrument
from ..results import Result, format_frame

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = [
    "RuptureCriterion",
    "CRITERIA",
    "CRITERION_NAMES",
    "rupture_repair",
    "RuptureRepairResult",
]

# z for a 95 % two-sided reliable change (Jacobson & Truax 1991, J Consult Clin Psychol
# 59(1):12-19, doi:10.1037/0022-006X.59.1.12).
Z_RCI = 1.959963984540054
# Consistency constant of the MAD for the Normal SD (as R's mad()).
MAD_NORMAL = 1.482602218505602

NOISE_METHODS = ("diff", "mad", "window", "norm", "rci")
#: Bound of the AR(1) coefficient of the simulated null series (casekit's stationary range for
#: a fitted phi, as in ``casekit.changepoint``: beyond 0.9 a short series cannot tell an AR(1)
#: process from a trend).
NULL_PHI_CLIP = 0.9
STATUSES = ("repaired", "unrepaired", "censored")

_REFERENCE = "Stiles et al. 2004; Strauss et al. 2006; Gumz et al. 2012"
_THRESHOLD_COLUMNS = ["case", "measure", "criterion", "threshold", "criterion_value", "k",
                      "floor", "noise", "noise_method", "rci", "null_phi", "false_episodes",
                      "false_alarm_rate"]
_EPISODE_COLUMNS = ["case", "measure", "criterion", "threshold", "noise", "noise_method",
                    "reference_level", "start", "start_value", "nadir", "nadir_value",
                    "repair_session", "depth", "length", "status"]
_BY_CASE_COLUMNS = ["case", "measure", "criterion", "threshold", "noise", "noise_method",
                    "episodes", "repaired", "unrepaired", "censored", "mean_depth",
                    "mean_length", "false_episodes", "false_alarm_rate"]


# ----------------------------------------------------------------------------------------
# criteria
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RuptureCriterion:
    """A rupture criterion (a specification passed to :func:`rupture_repair`, not a result).

    Parameters
    ----------
    name : str
        Identifier written into the episode table (``criterion`` column).
    kind : {"sd", "rci", "max_sd_rci", "points", "calibrated"}
        ``"sd"``: the drop must reach ``k`` times the noise scale; ``"rci"``: the reliable
        change index in raw points; ``"max_sd_rci"``: the stricter of the two (Gumz et al.
        2012's recommendation to favour the stricter value); ``"points"``: a fixed number of
        scale points; ``"calibrated"``: ``k`` times the noise scale with k chosen per series
        so that at most ``false_alarm_rate`` of simulated null series of the same length and
        autocorrelation show an episode.
    k : float
        Multiplier of the noise scale (``kind`` "sd" and "max_sd_rci").
    points : float, optional
        The fixed drop (``kind`` "points").
    false_alarm_rate : float
        Target share of null series with at least one episode (``kind`` "calibrated").
    """

    name: str
    kind: str
    k: float = 2.0
    points: float | None = None
    false_alarm_rate: float = 0.05

    def __post_init__(self) -> None:
        check_option(self.kind, "kind", ("sd", "rci", "max_sd_rci", "points", "calibrated"))
        check_float(self.false_alarm_rate, "false_alarm_rate", minimum=0.0, maximum=1.0,
                    inclusive=False)
        if self.kind == "points" and self.points is None:
            raise ValueError("a 'points' criterion needs points= (the drop in scale points)")
        check_float(self.k, "k", minimum=0.0, inclusive=False, finite=True)
        if self.points is not None:
            check_float(self.points, "points", minimum=0.0, inclusive=False, finite=True)


#: Named presets. ``stiles2sd``: Stiles et al. (2004), a drop of >= 2 SD; ``strauss1sd``:
#: Strauss et al. (2006), the less strict ~1 SD drop; ``rci``: the reliable change index;
#: ``gumz``: the stricter of 2 SD and the RCI (Gumz et al. 2012); ``points``: a fixed drop
#: (pass ``points=``).
CRITERIA = {
    "stiles2sd": RuptureCriterion("stiles2sd", "sd", k=2.0),
    "strauss1sd": RuptureCriterion("strauss1sd", "sd", k=1.0),
    "rci": RuptureCriterion("rci", "rci"),
    "gumz": RuptureCriterion("gumz", "max_sd_rci", k=2.0),
}

#: Human names of the criteria (figures, tables): Stiles et al. (2004), Strauss et al. (2006)
#: and Gumz et al. (2012) as cited in :func:`rupture_repair`.
CRITERION_NAMES = {
    "stiles2sd": "2 SD (Stiles et al., 2004)",
    "strauss1sd": "1 SD (Strauss et al., 2006)",
    "rci": "reliable change index",
    "gumz": "stricter of 2 SD and RCI (Gumz et al., 2012)",
    "points": "fixed drop",
    "calibrated": "calibrated to a false-alarm rate",
}


def _resolve_criterion(criterion: str | RuptureCriterion, k: float | None, points: float | None,
                       false_alarm_rate: float) -> RuptureCriterion:
    if isinstance(criterion, RuptureCriterion):
        crit = criterion
    elif criterion == "calibrated":
        crit = RuptureCriterion("calibrated", "calibrated", false_alarm_rate=false_alarm_rate)
    elif criterion == "points":
        if points is None:
            raise ValueError("criterion='points' needs points= (the drop in scale points)")
        pts = check_float(points, "points", minimum=0.0, inclusive=False, finite=True)
        crit = RuptureCriterion("points", "points", points=pts)
    else:
        name = check_option(criterion, "criterion", (*CRITERIA, "points", "calibrated"))
        crit = CRITERIA[name]
    if k is not None and crit.kind in ("sd", "max_sd_rci"):
        crit = replace(crit, k=check_float(k, "k", minimum=0.0, inclusive=False, finite=True))
    return crit


def _criteria(criterion: str | RuptureCriterion | list[str | RuptureCriterion]
              | tuple[str | RuptureCriterion, ...], k: float | None, points: float | None,
              false_alarm_rate: float) -> list[RuptureCriterion]:
    given = criterion if isinstance(criterion, (list, tuple)) else [criterion]
    crits = [_resolve_criterion(c, k, points, false_alarm_rate) for c in given]
    names = [c.name for c in crits]
    if len(set(names)) != len(names):
        raise ValueError(f"criterion names must be distinct; got {names}")
    return crits


# ----------------------------------------------------------------------------------------
# numerical core (numpy only)
# ----------------------------------------------------------------------------------------
def _noise_scale(x: np.ndarray, sessions: np.ndarray, method: str,
                 window: Sequence[float] | None, norm_sd: float | None,
                 rci_sdiff: float | None) -> float:
    """Noise scale sigma of one oriented series (see rupture_repair, Notes)."""
    if method == "diff":
        d = np.diff(x)
        return float(np.std(d, ddof=1) / math.sqrt(2.0)) if d.size >= 2 else float("nan")
    if method == "mad":
        d = np.diff(x)
        if d.size == 0:
            return float("nan")
        return float(MAD_NORMAL * np.median(np.abs(d - np.median(d))) / math.sqrt(2.0))
    if method == "window":
        assert window is not None  # _Options.check requires it
        lo, hi = window
        sel = (sessions >= lo) & (sessions <= hi)
        if sel.sum() < 3:
            raise NotEnoughPointsError(
                f"noise_window {lo}-{hi} holds {int(sel.sum())} rated sessions; at least 3 are "
                "needed for a within-person SD")
        return float(np.std(x[sel], ddof=1))
    if method == "norm":
        assert norm_sd is not None  # _Options.check requires it
        return float(norm_sd)
    # "rci": the standard error of the difference, S_diff
    assert rci_sdiff is not None  # _sigma requires it
    return float(rci_sdiff)


def _detect(x: np.ndarray, threshold: float, reference: int, repair_window: int,
            tolerance: float) -> list[dict[str, Any]]:
    """Scan an oriented series (higher = better) for rupture-repair episodes.

    Returns row indices (0-based) of start, nadir and repair plus the reference level.
    """
    n = x.size
    episodes = []
    t = 1
    # rows before `base` never enter a reference level: after an episode the level is
    # re-based at its start (unrepaired) or its repair, so one dip is not counted twice and a
    # new drop from a lowered level is still found
    base = 0
    while t < n:
        lo = max(base, t - reference)
        ref = float(np.mean(x[lo:t]))
        if ref - x[t] >= threshold - 1e-12:  # tolerance for float round-off in the threshold
            target = ref - tolerance
            last = min(n - 1, t + repair_window)
            repair = None
            for s in range(t + 1, last + 1):
                if x[s] >= target - 1e-12:
                    repair = s
                    break
            if repair is not None:
                status = "repaired"
                low = slice(t, repair)
            elif t + repair_window > n - 1:
                status = "censored"
                low = slice(t, n)
            else:
                status = "unrepaired"
                low = slice(t, last + 1)
            seg = x[low]
            nadir = t + int(np.argmin(seg))
            episodes.append({"start": t, "nadir": nadir, "repair": repair, "status": status,
                             "reference_level": ref, "n_low": int(seg.size)})
            if status == "censored":
                break
            if status == "repaired":
                assert repair is not None  # status "repaired" means a repair was found
                base, t = repair, repair + 1
            else:
                base, t = t, t + 1
            continue
        t += 1
    # an unrepaired episode's low period ends where a further drop starts a new episode: the
    # later nadir is that episode's, not both (one dip was counted and marked twice)
    for a, b in zip(episodes, episodes[1:], strict=False):
        start, n_low, nxt = a["start"], a["n_low"], b["start"]
        assert isinstance(start, int) and isinstance(n_low, int) and isinstance(nxt, int)
        if a["status"] == "unrepaired" and nxt < start + n_low:
            a["nadir"], a["n_low"] = start + int(np.argmin(x[start:nxt])), nxt - start
    return episodes


def _resolution(x: np.ndarray) -> float:
    """The data's scale step: 1/q for the smallest q <= 100 that makes every value an integer
    (1 for integer scores, 0.1 for VAS centimetres, 1/12 for WAI-SR item means), else the
    smallest gap between two observed values; 1 for a constant integer series."""
    for q in range(1, 101):
        if np.allclose(x * q, np.round(x * q), rtol=0, atol=1e-9):
            return 1.0 / q
    u = np.unique(x)
    return float(np.min(np.diff(u))) if u.size > 1 else 1.0


# ----------------------------------------------------------------------------------------
# result
# ----------------------------------------------------------------------------------------
class RuptureRepairResult(Result):
    """Episodes found by :func:`rupture_repair`.

    ``.summary`` has one row per episode: ``case``, ``measure``, ``criterion``, ``threshold``,
    ``noise``, ``noise_method``, ``reference_level``, ``start``, ``start_value``, ``nadir``,
    ``nadir_value``, ``repair_session``, ``depth``, ``length`` and ``status``. Every location
    (``start``, ``nadir``, ``repair_session``) is a session number.

    Attributes
    ----------
    thresholds : pandas.DataFrame
        The threshold and noise estimate of every case x measure x criterion (also when no
        episode was found): ``case, measure, criterion, threshold, criterion_value, k, floor,
        noise, noise_method, rci, null_phi, false_episodes, false_alarm_rate`` (``k`` the SD
        multiplier used, NaN for RCI or point criteria; the last three describe the simulated
        null series, see :func:`rupture_repair`).
    by_case : pandas.DataFrame
        Per case, measure and criterion: ``threshold``, ``noise``, ``noise_method``,
        ``episodes`` (number found), ``repaired``, ``unrepaired``, ``censored``,
        ``mean_depth``, ``mean_length``, ``false_episodes`` (expected episodes per null
        series) and ``false_alarm_rate`` (share of null series with at least one).
    sessions_dropped : dict
        ``(case, measure) -> [sessions]`` whose missing value was left out
        (``missing="drop"``); empty when nothing was dropped.

    Notes
    -----
    Figures read the ``.summary`` columns ``case, measure, criterion, start, nadir,
    nadir_value, repair_session, status`` (``casekit.plot.rupture_repair_plot``).
    """

    thresholds: pd.DataFrame
    by_case: pd.DataFrame
    sessions_dropped: dict[tuple[Any, Any], list[int | float]] = {}

    def _display_frame(self, decimals: int) -> pd.DataFrame:
        cols = ["case", "measure", "criterion", "threshold", "start", "nadir", "repair_session",
                "depth", "length", "status"]
        return format_frame(self._summary[cols], decimals)


def _by_case(episodes: pd.DataFrame, thresholds: pd.DataFrame) -> pd.DataFrame:
    """Counts and means of the episodes per case x measure x criterion."""
    rows = []
    for rec in thresholds.itertuples(index=False):
        sel = episodes[(episodes["case"] == rec.case) & (episodes["measure"] == rec.measure)
                       & (episodes["criterion"] == rec.criterion)]
        rows.append({
            "case": rec.case, "measure": rec.measure, "criterion": rec.criterion,
            "threshold": rec.threshold, "noise": rec.noise, "noise_method": rec.noise_method,
            "episodes": int(len(sel)),
            "repaired": int((sel["status"] == "repaired").sum()),
            "unrepaired": int((sel["status"] == "unrepaired").sum()),
            "censored": int((sel["status"] == "censored").sum()),
            "mean_depth": float(sel["depth"].mean()) if len(sel) else float("nan"),
            "mean_length": float(sel["length"].mean()) if len(sel) else float("nan"),
            "false_episodes": rec.false_episodes, "false_alarm_rate": rec.false_alarm_rate,
        })
    return pd.DataFrame(rows, columns=_BY_CASE_COLUMNS)


# ----------------------------------------------------------------------------------------
# options and input
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Options:
    """The validated detection options of one call."""

    noise: str | float
    noise_window: Sequence[float] | None
    norm_sd: float | None
    reference: int
    repair_window: int
    tolerance: float | None
    floor: float | None

    @classmethod
    def check(cls, *, noise: str | float, noise_window: Sequence[float] | None,
              norm_sd: float | None, reference: int, repair_window: int,
              tolerance: float | None, floor: float | None) -> _Options:
        if not isinstance(noise, (int, float)) or isinstance(noise, bool):
            noise = check_option(noise, "noise", NOISE_METHODS)
        else:
            noise = check_float(noise, "noise", minimum=0.0, inclusive=True, finite=True)
        if noise == "window" and (noise_window is None or len(noise_window) != 2):
            raise ValueError("noise='window' needs noise_window=(first_session, last_session)")
        if noise == "norm":
            if norm_sd is None:
                raise ValueError("noise='norm' needs norm_sd= (a between-person SD from norms)")
            norm_sd = check_float(norm_sd, "norm_sd", minimum=0.0, inclusive=False, finite=True)
        return cls(
            noise=noise, noise_window=noise_window, norm_sd=norm_sd,
            reference=check_int(reference, "reference", minimum=1),
            repair_window=check_int(repair_window, "repair_window", minimum=1),
            tolerance=None if tolerance is None else check_float(tolerance, "tolerance",
                                                                 minimum=0.0),
            floor=None if floor is None else check_float(floor, "floor", minimum=0.0,
                                                         inclusive=False))

    def as_dict(self, names: list[str], improvement: str) -> dict[str, Any]:
        return {"criterion": ",".join(names), "noise": self.noise,
                "reference": self.reference, "repair_window": self.repair_window,
                "tolerance": "threshold/2" if self.tolerance is None else self.tolerance,
                "floor": "data resolution" if self.floor is None else self.floor,
                "improvement": improvement}


def _rci(rci: float | None, sd: float | None, reliability: float | None,
         inst: Instrument | None) -> tuple[float | None, float | None, str | None]:
    """Return (rci_points, s_diff, source text)."""
    if rci is not None:
        r = check_float(rci, "rci", minimum=0.0, inclusive=False)
        return r, r / Z_RCI, f"{r:g} points as given (rci=)"
    if sd is not None or reliability is not None:
        if sd is None or reliability is None:
            raise ValueError("pass both sd= and reliability= to compute the RCI")
        sd = check_float(sd, "sd", minimum=0.0, inclusive=False)
        rel = check_float(reliability, "reliability", minimum=0.0, maximum=1.0, inclusive=False)
        sdiff = sd * math.sqrt(2.0 * (1.0 - rel))
        return Z_RCI * sdiff, sdiff, (f"1.96 x S_diff with SD {sd:g} and reliability {rel:g} "
                                      "(Jacobson & Truax 1991)")
    if inst is not None and inst.rci is not None:
        z = inst.rci.z or Z_RCI
        if inst.rci.value is not None:
            src = inst.rci.source.citation if inst.rci.source else inst.name
            return float(inst.rci.value), float(inst.rci.value) / z, f"{inst.name} registry: {src}"
        if inst.rci.s_diff is not None:
            src = (inst.rci.source.citation if inst.rci.source is not None
                   else "no source given")
            return z * inst.rci.s_diff, inst.rci.s_diff, (
                f"{inst.name}: {z:g} x S_diff from SD {inst.rci.sd:g} and reliability "
                f"{inst.rci.reliability:g} ({src})")
    return None, None, None


def _input_series(data: pd.DataFrame | None, values: ArrayLike | None,
                  sessions: ArrayLike | None, *, case: Hashable, measure: str | None,
                  value_col: str, session_col: str, case_col: str, measure_col: str,
                  missing: str) -> list[tuple[object, object, SessionSeries]]:
    """``[(case label, measure label, series)]`` in case x measure order (the input layer)."""
    if data is None:
        if values is None:
            raise TypeError("pass data= (a tidy table) or values= (one series)")
        if sessions is None:  # numbered 1..n, so that messages speak of sessions
            sessions = np.arange(1, np.size(values) + 1)
        ser = as_series(values, sessions=sessions, case=case, measure=measure, missing=missing,
                        min_size=3, name="values")
        return [(case or "case", measure or "measure", ser)]
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__} (one "
                        "series as an array goes in values=)")
    if values is not None or sessions is not None:
        raise TypeError("pass data= (a tidy table) or values= with sessions=, not both")
    require_columns(data, {"value_col": value_col, "session_col": session_col})
    df = select_rows(data, case=case, case_col=case_col, measure=measure,
                     measure_col=measure_col)
    out = []
    for key, ser in iter_series(df, by=(case_col, measure_col), value_col=value_col,
                                session_col=session_col, phase_col=None, case_col=case_col,
                                measure_col=measure_col, missing=missing, min_size=3):
        out.append((key.get(case_col, case or "case"), key.get(measure_col, measure or "measure"),
                    ser))
    return out


def _input_notes(label: str, ser: SessionSeries) -> list[str]:
    notes = []
    if ser.dropped:
        listed = ", ".join(str(session_label(s)) for s in ser.dropped)
        notes.append(f"{label}: dropped {len(ser.dropped)} missing value(s) at the caller's "
                     f"request (missing='drop'): session(s) {listed}")
    if ser.imputed:
        listed = ", ".join(str(session_label(s)) for s in ser.imputed)
        notes.append(f"{label}: {len(ser.imputed)} imputed value(s) analysed as data "
                     f"(missing='include_imputed'): session(s) {listed}")
    return notes


# ----------------------------------------------------------------------------------------
# one series
# ----------------------------------------------------------------------------------------
class _Null(TypedDict):
    """The null simulation: series per batch (0 = none), AR(1) coefficient (None =
    estimated) and the generator."""

    n: int
    phi: float | None
    rng: np.random.Generator


def _threshold(crit: RuptureCriterion, sigma: float, rci_points: float | None, fl: float,
               k_cal: float | None = None) -> float:
    if crit.kind in ("rci", "max_sd_rci") and rci_points is None:
        raise ValueError(f"criterion {crit.name!r} needs the reliable change index: pass rci=, "
                         "sd= and reliability=, or an instrument with a published RCI")
    if crit.kind == "sd":
        raw = crit.k * sigma
    elif crit.kind == "calibrated":
        assert k_cal is not None  # the caller calibrates k for this kind
        raw = k_cal * sigma
    elif crit.kind == "rci":
        assert rci_points is not None  # checked above
        raw = rci_points
    elif crit.kind == "max_sd_rci":
        assert rci_points is not None  # checked above
        raw = max(crit.k * sigma, rci_points)
    else:
        assert crit.points is not None  # RuptureCriterion requires it for kind "points"
        raw = crit.points
    return float(raw)


def _sigma(opts: _Options, x: np.ndarray, sessions: np.ndarray,
           sdiff: float | None) -> tuple[float, str]:
    if isinstance(opts.noise, float):
        return opts.noise, "given"
    if opts.noise == "rci" and sdiff is None:
        raise ValueError("noise='rci' needs the RCI (rci=, sd= and reliability=, or an "
                         "instrument with a published RCI)")
    return _noise_scale(x, sessions, opts.noise, opts.noise_window, opts.norm_sd, sdiff), \
        opts.noise


def _series_episodes(case_id: object, measure_id: object, ser: SessionSeries,
                     crits: list[RuptureCriterion], opts: _Options, sign: float,
                     rci_points: float | None, sdiff: float | None,
                     null: _Null) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Episode rows and threshold rows of one series, for every criterion.

    ``null``: ``n`` (null series per batch, 0 = none), ``phi`` (None = estimated) and ``rng``.
    """
    sess, x_raw = ser.sessions, ser.values
    x = x_raw if sign > 0 else -x_raw
    fl = opts.floor if opts.floor is not None else _resolution(x_raw)
    phi, sd = _null_model(x, sess)
    if null["phi"] is not None:
        phi = null["phi"]
    sims = (_null_series(x.size, phi, sd, float(x.mean()), fl, null["n"], null["rng"])
            if null["n"] else None)
    rows, thr_rows = [], []
    for crit in crits:
        sigma, method = _sigma(opts, x, sess, sdiff)
        k_cal = None
        if crit.kind == "calibrated":
            # a separate batch, so the reported rate is an out-of-sample check of the choice
            cal = _null_series(x.size, phi, sd, float(x.mean()), fl, null["n"], null["rng"])
            k_cal = _calibrated_k(cal, sess, opts, sdiff, fl, crit.false_alarm_rate)
        raw = _threshold(crit, sigma, rci_points, fl, k_cal)
        threshold = max(raw, fl) if np.isfinite(raw) else fl
        tol = threshold / 2.0 if opts.tolerance is None else opts.tolerance
        false_eps, false_rate = (_false_alarms(sims, sess, crit, k_cal, opts, sdiff, rci_points,
                                               fl) if sims is not None else (np.nan, np.nan))
        k_used = {"sd": crit.k, "max_sd_rci": crit.k, "calibrated": k_cal}.get(crit.kind)
        thr_rows.append({"case": case_id, "measure": measure_id, "criterion": crit.name,
                         "threshold": threshold, "criterion_value": raw,
                         "k": np.nan if k_used is None else float(k_used), "floor": fl,
                         "noise": sigma, "noise_method": method,
                         "rci": np.nan if rci_points is None else rci_points,
                         "null_phi": phi if sims is not None else np.nan,
                         "false_episodes": false_eps, "false_alarm_rate": false_rate})
        for ep in _detect(x, threshold, opts.reference, opts.repair_window, tol):
            s, nd, rp = ep["start"], ep["nadir"], ep["repair"]
            rows.append({
                "case": case_id, "measure": measure_id, "criterion": crit.name,
                "threshold": threshold, "noise": sigma, "noise_method": method,
                "reference_level": sign * ep["reference_level"],
                "start": session_label(sess[s]), "start_value": float(x_raw[s]),
                "nadir": session_label(sess[nd]), "nadir_value": float(x_raw[nd]),
                "repair_session": float(sess[rp]) if rp is not None else float("nan"),
                "depth": float(ep["reference_level"] - x[nd]),
                "length": ep["n_low"], "status": ep["status"],
            })
    return rows, thr_rows


# ----------------------------------------------------------------------------------------
# null series: expected false episodes and the calibrated criterion
# ----------------------------------------------------------------------------------------
def _null_model(x: np.ndarray, sessions: np.ndarray) -> tuple[float, float]:
    """``(phi, sd)`` of the null: AR(1) around a linear trend fitted to the series.

    phi is the lag-1 autocorrelation r1 of the trend residuals with the first-order bias
    correction for a regression with two coefficients, phi = (n r1 + 2) / (n - 4) (Marriott &
    Pope 1954; Huitema & McKean 1991), clipped to |phi| <= 0.9; sd is the residual SD (n - 2
    degrees of freedom), the marginal SD of the null series.
    """
    n = x.size
    X = np.column_stack([np.ones(n), sessions - sessions.mean()])
    e = x - X @ np.linalg.lstsq(X, x, rcond=None)[0]
    den = float(e @ e)
    if n < 6 or den <= 0:
        return 0.0, math.sqrt(den / max(n - 2, 1))
    r1 = float(e[1:] @ e[:-1]) / den
    phi = float(np.clip((n * r1 + 2.0) / (n - 4.0), -NULL_PHI_CLIP, NULL_PHI_CLIP))
    return phi, math.sqrt(den / (n - 2))


def _null_series(n: int, phi: float, sd: float, level: float, fl: float, n_series: int,
                 rng: np.random.Generator) -> np.ndarray:
    """``n_series`` stationary Gaussian AR(1) series (marginal SD ``sd``) rounded to ``fl``."""
    z = rng.standard_normal((n_series, n))
    y = ar1_recursion(sd * z[:, 0], sd * math.sqrt(1.0 - phi * phi) * z, phi)
    return fl * np.round((level + y) / fl)


def _first_drops(sims: np.ndarray, reference: int) -> np.ndarray:
    """Largest drop below the reference level before any episode, per series (rows)."""
    n = sims.shape[1]
    c = np.concatenate([np.zeros((sims.shape[0], 1)), np.cumsum(sims, axis=1)], axis=1)
    t = np.arange(1, n)
    lo = np.maximum(0, t - reference)
    ref = (c[:, t] - c[:, lo]) / (t - lo)
    out: np.ndarray = np.max(ref - sims[:, 1:], axis=1)
    return out


def _calibrated_k(sims: np.ndarray, sess: np.ndarray, opts: _Options, sdiff: float | None,
                  fl: float, rate: float) -> float:
    """Smallest k with at most ``rate`` of the null series showing an episode (see Notes)."""
    drops = _first_drops(sims, opts.reference)
    sig = np.array([_sigma(opts, s, sess, sdiff)[0] for s in sims])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((drops >= fl - 1e-12) & (sig > 0), drops / sig, -np.inf)
    ratio = np.sort(ratio)[::-1]
    m = int(math.floor(rate * ratio.size))
    if m >= ratio.size or not np.isfinite(ratio[m]):
        return float(np.finfo(float).tiny)  # the floor alone keeps the rate
    # just above the (m+1)-th largest ratio: ties with it (discrete scores) stay below, also
    # against the 1e-12 round-off tolerance of the detection
    return float(max(ratio[m], 0.0) * (1.0 + 1e-9) + 1e-12)


def _false_alarms(sims: np.ndarray, sess: np.ndarray, crit: RuptureCriterion,
                  k_cal: float | None, opts: _Options, sdiff: float | None,
                  rci_points: float | None, fl: float) -> tuple[float, float]:
    """Mean number of episodes per null series and the share with at least one."""
    counts = np.empty(sims.shape[0])
    for i, s in enumerate(sims):
        sigma = _sigma(opts, s, sess, sdiff)[0]
        raw = _threshold(crit, sigma, rci_points, fl, k_cal)
        threshold = max(raw, fl) if np.isfinite(raw) else fl
        tol = threshold / 2.0 if opts.tolerance is None else opts.tolerance
        counts[i] = len(_detect(s, threshold, opts.reference, opts.repair_window, tol))
    return float(counts.mean()), float(np.mean(counts > 0))


# ----------------------------------------------------------------------------------------
# public function
# ----------------------------------------------------------------------------------------
@renamed_arguments(value="value_col", session="session_col")
def rupture_repair(data: pd.DataFrame | None = None, *, values: ArrayLike | None = None,
                   sessions: ArrayLike | None = None, measure: str | None = None,
                   case: Hashable = None,
                   criterion: str | RuptureCriterion | list[str | RuptureCriterion]
                   | tuple[str | RuptureCriterion, ...] = "stiles2sd",
                   k: float | None = None, points: float | None = None,
                   noise: str | float = "mad", noise_window: Sequence[float] | None = None,
                   norm_sd: float | None = None, rci: float | None = None,
                   sd: float | None = None, reliability: float | None = None,
                   instrument: str | Instrument | None = None, floor: float | None = None,
                   reference: int = 1, repair_window: int = 3, tolerance: float | None = None,
                   improvement: str | Instrument | None = None, false_alarm_rate: float = 0.05,
                   null_phi: float | None = None, n_surrogates: int = 500,
                   seed: int | np.random.Generator | None = None, value_col: str = "value",
                   session_col: str = "session", case_col: str = "case",
                   measure_col: str = "measure", missing: str = "error") -> RuptureRepairResult:
    r"""Find alliance rupture-repair episodes (V-shaped drops followed by a return).

    Parameters
    ----------
    data : DataFrame, optional
        Tidy ratings or scores (``case``, ``session``, ``measure``, ``value``); one series per
        case x measure. Item rows are set aside and, with a ``scale`` column, only total scores
        are used (as everywhere in casekit: ``casekit._input``).
    values, sessions : array-like, optional
        One series instead of ``data`` (sessions default to 1..n).
    measure, case : str, optional
        Restrict ``data`` to one measure / case (labels compared as text), or label a single
        series.
    criterion : str, RuptureCriterion or list of them
        ``"stiles2sd"`` (default), ``"strauss1sd"``, ``"rci"``, ``"gumz"``, ``"points"``,
        ``"calibrated"`` (k x noise with k chosen so that at most ``false_alarm_rate`` of null
        series of the same length and autocorrelation show an episode), a custom
        :class:`RuptureCriterion`, or a list (results stacked, one block per criterion).
        Human names: ``CRITERION_NAMES``.
    k : float, optional
        Override the SD multiplier of the preset.
    points : float, optional
        The drop for ``criterion="points"``.
    noise : {"mad", "diff", "window", "norm", "rci"} or float
        The noise scale sigma: ``"mad"`` 1.4826 x MAD of first differences / sqrt(2)
        (default: robust to level shifts between phases *and* to the ruptures themselves);
        ``"diff"`` SD of first differences / sqrt(2) (robust to level shifts, but inflated by
        deep ruptures: two 8-point dips in 40 sessions can raise it by half);
        ``"window"`` the SD within ``noise_window`` (a stable stretch, given as
        ``(first_session, last_session)``); ``"norm"`` a between-person SD ``norm_sd`` from
        norms; ``"rci"`` the standard error of the difference S_diff; or a number.
    rci : float, optional
        The reliable change index in raw points (the smallest reliable drop). Otherwise it is
        computed as 1.96 x S_diff from ``sd`` and ``reliability``, or taken from the
        ``instrument``'s registry entry.
    sd, reliability : float, optional
        SD and reliability for S_diff = sd * sqrt(2 (1 - reliability)) (Jacobson & Truax 1991).
    instrument : str or Instrument, optional
        Registry entry giving the direction and, where published, the RCI.
    floor : float, optional
        Smallest admissible threshold. Default: the scale step of the data (1 for integer
        scores, 0.1 for VAS centimetres, 1/12 for a 12-item mean; otherwise the smallest gap
        between two observed values), so an integer series with zero noise cannot produce a
        zero threshold.
    reference : int
        The pre-rupture level: the mean of the previous ``reference`` rated sessions (1 = the
        previous session, default). ``reference=3`` catches declines over several sessions.
    repair_window : int
        Number of following rated sessions within which the score must return (default 3).
    tolerance : float, optional
        A repair is a return to at least ``reference level - tolerance``. Default: half the
        threshold; 0 = a strict return.
    improvement : {"increase", "decrease"}, instrument name or Instrument, optional
        Which direction is better. Alliance measures: ``"increase"``. Without it the direction
        comes from ``instrument`` or from the registry entry of the series' measure (stated in
        the notes); otherwise it is an error. With ``"decrease"`` a rupture is a rise.
    false_alarm_rate : float
        Target share of null series with at least one (false) episode for
        ``criterion="calibrated"`` (default .05).
    null_phi : float, optional
        AR(1) coefficient of the null series. Default: estimated from the series (lag-1
        autocorrelation of the residuals of a linear trend, bias-corrected, |phi| <= 0.9).
    n_surrogates : int
        Number of simulated null series per series (and, for ``"calibrated"``, as many again
        to choose k). 0 skips the simulation (the false-alarm columns are NaN; the calibrated
        criterion then cannot be used). Default 500 (Monte Carlo SE of a 5 % rate: 1 point).
    seed : int, numpy.random.Generator or None
        Seed of the null simulation (None: drawn and recorded in the method card).
    value_col, session_col, case_col, measure_col : str
        Column names in ``data`` (``value``, ``session`` were the old names of the first two).
    missing : {"error", "drop", "include_imputed"}
        Missing values raise an error listing their rows and sessions unless ``"drop"`` (left
        out and listed in the notes and in ``.sessions_dropped``).

    Returns
    -------
    RuptureRepairResult
        ``.summary`` has one row per episode: ``case``, ``measure``, ``criterion``,
        ``threshold``, ``noise``, ``noise_method``, ``reference_level``, ``start`` (session
        of the first low rating), ``start_value``, ``nadir`` (session of the lowest rating),
        ``nadir_value``, ``repair_session`` (NaN unless repaired), ``depth`` (reference level
        minus nadir, in scale points, positive), ``length`` (rated sessions below the
        reference level: from start up to the repair, or to the end of the window / series),
        ``status`` (``repaired``, ``unrepaired`` or ``censored``). ``.by_case`` and
        ``.thresholds`` summarise per case, with each criterion's expected number of false
        episodes per series (``false_episodes``) and share of null series with at least one
        (``false_alarm_rate``).

    See Also
    --------
    rupture_agreement : compare detections with therapist-noted ruptures.
    casekit.plot.rupture_repair_plot : draw the episodes.

    Notes
    -----
    For a series oriented so that higher is better (values are negated when
    ``improvement="decrease"``), with reference level
    :math:`r_t = \frac{1}{m}\sum_{j=1}^{m} x_{t-j}` (m = ``reference``, fewer at the start):

    * a **rupture** starts at t when :math:`r_t - x_t \ge \theta`, with threshold
      :math:`\theta = \max(\text{criterion value}, \text{floor})` and criterion value
      :math:`k\sigma` (``sd``), RCI (``rci``), :math:`\max(k\sigma, \mathrm{RCI})` (``gumz``)
      or a fixed number of points;
    * it is **repaired** at the first s in t+1 .. t+``repair_window`` with
      :math:`x_s \ge r_t - \text{tolerance}`; **censored** if the series ends before the
      window closes; otherwise **unrepaired**;
    * scanning resumes after the repair (repaired) or right after the start (unrepaired), with
      the reference level re-based so that it only uses sessions from the repair (or the
      start of the unrepaired episode) on: one dip is one episode, and a further drop from a
      lowered level is a new rupture.

    Windows count rated sessions (rows), not calendar weeks: a missed session does not use up
    the repair window. Every location reported is a session number.

    **False alarms.** For every series and criterion, ``n_surrogates`` null series without any
    rupture are simulated: the same number of rated sessions, stationary Gaussian AR(1) noise
    with the series' own autocorrelation φ (lag-1 autocorrelation r1 of the residuals of a
    linear trend, corrected to φ = (n r1 + 2)/(n − 4) as for a regression with two
    coefficients, Marriott & Pope 1954, Huitema & McKean 1991; clipped to |φ| ≤ .9) and
    residual SD, rounded to the data's scale step. Each null series goes through the same
    detection (its own noise estimate, the same floor, reference, window and tolerance);
    ``false_episodes`` is the mean number of episodes per null series and
    ``false_alarm_rate`` the share with at least one. On pure noise the 2-SD criterion finds
    episodes in most series of 40 sessions, so a count of episodes means little without these
    columns. Ruptures in the observed series lower φ (a one-session dip is negatively
    autocorrelated); a phase shift that is not linear raises it.

    **Calibrated criterion.** Before the first episode the reference windows start at the first
    session, so a null series shows at least one episode under threshold
    :math:`\max(k\hat\sigma, \text{floor})` exactly when its largest drop
    :math:`D = \max_t (r_t - x_t)` reaches the floor and :math:`D/\hat\sigma \ge k`. With a
    separate batch of ``n_surrogates`` null series, k is the smallest value for which at most
    ``floor(false_alarm_rate x n_surrogates)`` of them do; the reported
    ``false_alarm_rate`` comes from the other batch (an out-of-sample check, within Monte Carlo
    error of the target). k depends on the length, φ, the noise method and the reference.
    Checked on independently generated null series (``benchmarks/calibration_rupture.py``,
    ``docs/calibration_rupture.md``; n = 20 and 43, φ = 0, .3, .6, 150 series each): the
    calibrated criterion fired in 2.0–5.3 % of series at a nominal 5 % (k = 4.2–5.6), the
    2-SD criterion found 1.1–1.4 (n = 20) and 2.6–2.8 (n = 43) episodes per series, and the
    reported expectations were within about 0.3 episodes of what was observed.

    What is the papers' and what is casekit's: Stiles et al. (2004) define a rupture-repair
    sequence as a session at least 2 SD below the client's surrounding level followed by a
    return; Strauss et al. (2006) use a less strict drop of about 1 SD; Gumz et al. (2012)
    recommend reporting both and favouring the stricter of within-person variability and a
    between-person (reliable change) criterion, and describe multi-session declines.
    McLaughlin et al. (2014) classify repaired, unrepaired and no rupture. The noise
    estimators, the reference of m sessions, the repair tolerance (half the threshold), the
    3-session window, the floor and the "censored" status are casekit's operational choices
    (the papers' exact reference level and SD type are not verified here). The whole-series SD
    is not offered as a noise estimate: it is inflated by phase shifts, which makes a 2-SD rule
    blind to real ruptures. No R package implements these episodes (nothing is mirrored).

    References
    ----------
    .. [1] Stiles, W. B., Glick, M. J., Osatuke, K., Hardy, G. E., Shapiro, D. A.,
       Agnew-Davies, R., Rees, A., & Barkham, M. (2004). Patterns of alliance development and
       the rupture-repair hypothesis. J Couns Psychol, 51(1), 81-92.
       doi:10.1037/0022-0167.51.1.81
    .. [2] Strauss, J. L., Hayes, A. M., Johnson, S. L., Newman, C. F., Brown, G. K., Barber,
       J. P., Laurenceau, J.-P., & Beck, A. T. (2006). Early alliance, alliance ruptures, and
       symptom change in a nonrandomized trial of cognitive therapy for avoidant and
       obsessive-compulsive personality disorders. J Consult Clin Psychol, 74(2), 337-345.
       doi:10.1037/0022-006X.74.2.337
    .. [3] Gumz, A., Brähler, E., Geyer, M., & Erices, R. (2012). Crisis-repair sequences:
       considerations on the assessment of ruptures in the therapeutic alliance. BMC Med Res
       Methodol, 12, 10. doi:10.1186/1471-2288-12-10
    .. [4] McLaughlin, A. A., Keller, S. M., Feeny, N. C., Youngstrom, E. A., & Zoellner, L. A.
       (2014). Patterns of therapeutic alliance: rupture-repair episodes in prolonged exposure
       for PTSD. J Consult Clin Psychol, 82(1), 112-121. doi:10.1037/a0034696
    .. [5] Eubanks, C. F., Muran, J. C., & Safran, J. D. (2018). Alliance rupture repair: a
       meta-analysis. Psychotherapy, 55(4), 508-519. doi:10.1037/pst0000185
    .. [6] Marriott, F. H. C. & Pope, J. A. (1954). Bias in the estimation of
       autocorrelations. Biometrika, 41(3/4), 390-402. doi:10.1093/biomet/41.3-4.390
    .. [7] Huitema, B. E. & McKean, J. W. (1991). Autocorrelation estimation and inference with
       small samples. Psychological Bulletin, 110(2), 291-304.
       doi:10.1037/0033-2909.110.2.291

    Examples
    --------
    >>> import casekit as ck
    >>> wai = [40, 41, 40, 33, 39, 41, 40, 41, 40, 41]
    >>> res = ck.rupture_repair(values=wai, improvement="increase", criterion="stiles2sd")
    >>> res.summary[["start", "nadir", "repair_session", "status"]].to_dict("records")
    [{'start': 4, 'nadir': 4, 'repair_session': 5.0, 'status': 'repaired'}]
    """
    false_alarm_rate = check_float(false_alarm_rate, "false_alarm_rate", minimum=0.0,
                                   maximum=1.0, inclusive=False)
    crits = _criteria(criterion, k, points, false_alarm_rate)
    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=0)
    if null_phi is not None:
        null_phi = check_float(null_phi, "null_phi", minimum=-NULL_PHI_CLIP,
                               maximum=NULL_PHI_CLIP)
    if n_surrogates == 0 and any(c.kind == "calibrated" for c in crits):
        raise ValueError("criterion 'calibrated' needs null series: n_surrogates must be >= 1 "
                         "(default 500)")
    rng, seed_used = make_rng(seed)
    null: _Null = {"n": n_surrogates, "phi": null_phi, "rng": rng}
    opts = _Options.check(noise=noise, noise_window=noise_window, norm_sd=norm_sd,
                          reference=reference, repair_window=repair_window,
                          tolerance=tolerance, floor=floor)
    check_option(missing, "missing", MISSING_OPTIONS)
    resolve_improvement(improvement, instrument=instrument, required=False)  # fail fast
    inst = None if instrument is None else get_instrument(instrument)
    rci_points, sdiff, rci_source = _rci(rci, sd, reliability, inst)
    series = _input_series(data, values, sessions, case=case, measure=measure,
                           value_col=value_col, session_col=session_col, case_col=case_col,
                           measure_col=measure_col, missing=missing)
    rows, thr_rows, notes, directions, dropped = [], [], [], set(), {}
    for case_id, measure_id, ser in series:
        direction = resolve_improvement(improvement, instrument=instrument, measure=ser.measure)
        assert direction.improvement is not None  # required: found or an error
        directions.add(direction.improvement)
        if direction.source.startswith("measure"):
            notes.append(f"{case_id}/{measure_id}: direction from the {direction.source}")
        notes.extend(_input_notes(f"{case_id}/{measure_id}", ser))
        if ser.dropped:
            dropped[(case_id, measure_id)] = [session_label(s) for s in ser.dropped]
        r, t = _series_episodes(case_id, measure_id, ser, crits, opts, direction.sign,
                                rci_points, sdiff, null)
        rows += r
        thr_rows += t
    if rci_source:
        notes.append(f"RCI: {rci_source}")
    summary = pd.DataFrame(rows, columns=_EPISODE_COLUMNS)
    thresholds = pd.DataFrame(thr_rows, columns=_THRESHOLD_COLUMNS)
    names = [c.name for c in crits]
    if n_surrogates:
        notes.append(f"false alarms: {n_surrogates} simulated AR(1) null series per series "
                     "(same length, autocorrelation and scale step; columns false_episodes and "
                     "false_alarm_rate of .thresholds and .by_case)")
    return RuptureRepairResult(
        summary, thresholds=thresholds.reset_index(drop=True),
        by_case=_by_case(summary, thresholds), sessions_dropped=dropped,
        method="Rupture-repair episodes",
        options={**opts.as_dict(names, ", ".join(sorted(directions))),
                 "false_alarm_rate": false_alarm_rate, "n_surrogates": n_surrogates,
                 "null_phi": "estimated" if null_phi is None else null_phi},
        variant=f"criteria {', '.join(names)}; noise {opts.noise}; reference "
                f"{opts.reference} session(s); repair window {opts.repair_window}",
        reference=_REFERENCE, mirrors=None, seed=seed_used, notes=notes,
        title="Rupture-repair episodes")

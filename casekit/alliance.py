"""Alliance rupture-repair episodes and alliance -> symptom precedence.

Three questions a relational case paper asks of session-by-session alliance ratings:

1. **Where were the ruptures, and were they repaired?** :func:`rupture_repair` finds
   V-shaped drops ("rupture-repair sequences") under named, parameterised criteria, and
   :func:`rupture_agreement` compares them with the ruptures the therapist noted.
2. **Did the alliance change before the symptoms did?** :func:`changepoint_precedence` combines
   the exact Bayesian change-point posteriors of the two series.
3. **Does the alliance predict the next session's symptom change (and vice versa)?**
   :func:`lagged_precedence` fits lagged regressions on detrended series with a surrogate null
   that keeps the predictor's autocorrelation.

Every choice is an explicit argument and is recorded in the result's method card. Published
criteria (Stiles et al. 2004; Strauss et al. 2006; Gumz et al. 2012) describe the idea ("a drop
of 2 SD followed by a return"); the operational details they leave open (the noise estimate,
reference level, repair tolerance and window, the floor) are casekit's choices and are
documented as such in each docstring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ._ar1 import ar1_recursion
from ._validate import (
    as_float_array,
    check_float,
    check_improvement,
    check_int,
    check_option,
    make_rng,
)
from .exceptions import CaseDataError, NotEnoughPointsError
from .results import Result

__all__ = [
    "RuptureCriterion",
    "CRITERIA",
    "rupture_repair",
    "rupture_agreement",
    "changepoint_precedence",
    "lagged_precedence",
    "RuptureRepairResult",
    "RuptureAgreementResult",
    "PrecedenceResult",
    "LaggedPrecedenceResult",
    "lagged_precedence_multilevel",
]

# z for a 95 % two-sided reliable change (Jacobson & Truax 1991, J Consult Clin Psychol
# 59(1):12-19, doi:10.1037/0022-006X.59.1.12).
Z_RCI = 1.959963984540054
# Consistency constant of the MAD for the Normal SD (as R's mad()).
MAD_NORMAL = 1.482602218505602

NOISE_METHODS = ("diff", "mad", "window", "norm", "rci")
STATUSES = ("repaired", "unrepaired", "censored")


# ----------------------------------------------------------------------------------------
# criteria
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RuptureCriterion:
    """A rupture criterion.

    Parameters
    ----------
    name : str
        Identifier written into the episode table (``criterion`` column).
    kind : {"sd", "rci", "max_sd_rci", "points"}
        ``"sd"``: the drop must reach ``k`` times the noise scale; ``"rci"``: the reliable
        change index in raw points; ``"max_sd_rci"``: the stricter of the two (Gumz et al.
        2012's recommendation to favour the stricter value); ``"points"``: a fixed number of
        scale points.
    k : float
        Multiplier of the noise scale (``kind`` "sd" and "max_sd_rci").
    points : float, optional
        The fixed drop (``kind`` "points").
    """

    name: str
    kind: str
    k: float = 2.0
    points: float | None = None

    def __post_init__(self):
        check_option(self.kind, "kind", ("sd", "rci", "max_sd_rci", "points"))
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


def _resolve_criterion(criterion, k, points) -> RuptureCriterion:
    if isinstance(criterion, RuptureCriterion):
        crit = criterion
    elif criterion == "points":
        if points is None:
            raise ValueError("criterion='points' needs points= (the drop in scale points)")
        pts = check_float(points, "points", minimum=0.0, inclusive=False, finite=True)
        crit = RuptureCriterion("points", "points", points=pts)
    else:
        name = check_option(criterion, "criterion", (*CRITERIA, "points"))
        crit = CRITERIA[name]
    if k is not None and crit.kind in ("sd", "max_sd_rci"):
        crit = replace(crit, k=check_float(k, "k", minimum=0.0, inclusive=False, finite=True))
    return crit


# ----------------------------------------------------------------------------------------
# numerical core (numpy only)
# ----------------------------------------------------------------------------------------
def _noise_scale(x: np.ndarray, sessions: np.ndarray, method: str, window, norm_sd,
                 rci_sdiff) -> float:
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
        lo, hi = window
        sel = (sessions >= lo) & (sessions <= hi)
        if sel.sum() < 3:
            raise NotEnoughPointsError(
                f"noise_window {lo}-{hi} holds {int(sel.sum())} rated sessions; at least 3 are "
                "needed for a within-person SD")
        return float(np.std(x[sel], ddof=1))
    if method == "norm":
        return float(norm_sd)
    # "rci": the standard error of the difference, S_diff
    return float(rci_sdiff)


def _detect(x: np.ndarray, threshold: float, reference: int, repair_window: int,
            tolerance: float) -> list[dict]:
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
                base, t = repair, repair + 1
            else:
                base, t = t, t + 1
            continue
        t += 1
    return episodes


# ----------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------
class RuptureRepairResult(Result):
    """Episodes found by :func:`rupture_repair`.

    Attributes
    ----------
    summary : DataFrame
        One row per episode (see :func:`rupture_repair`, Returns).
    by_case : DataFrame
        Per case, measure and criterion: threshold, noise, number of episodes, repaired,
        unrepaired, censored, mean depth and mean length.
    thresholds : DataFrame
        The threshold and noise estimate of every case x measure x criterion (also when no
        episode was found).
    """

    def __init__(self, summary, thresholds, **kw):
        super().__init__(summary, **kw)
        self.thresholds = thresholds.reset_index(drop=True)
        self.by_case = self._by_case()

    def _by_case(self) -> pd.DataFrame:
        keys = ["case", "measure", "criterion"]
        rows = []
        for rec in self.thresholds.itertuples(index=False):
            sel = self._summary
            sel = sel[(sel["case"] == rec.case) & (sel["measure"] == rec.measure)
                      & (sel["criterion"] == rec.criterion)]
            rows.append({
                "case": rec.case, "measure": rec.measure, "criterion": rec.criterion,
                "threshold": rec.threshold, "noise": rec.noise, "noise_method": rec.noise_method,
                "episodes": int(len(sel)),
                "repaired": int((sel["status"] == "repaired").sum()),
                "unrepaired": int((sel["status"] == "unrepaired").sum()),
                "censored": int((sel["status"] == "censored").sum()),
                "mean_depth": float(sel["depth"].mean()) if len(sel) else float("nan"),
                "mean_length": float(sel["length"].mean()) if len(sel) else float("nan"),
            })
        return pd.DataFrame(rows, columns=[*keys, "threshold", "noise", "noise_method",
                                           "episodes", "repaired", "unrepaired", "censored",
                                           "mean_depth", "mean_length"])

    def _display_frame(self, decimals):
        from .results import format_frame
        cols = ["case", "measure", "criterion", "threshold", "start", "nadir", "repair_session",
                "depth", "length", "status"]
        return format_frame(self._summary[cols], decimals)


def rupture_repair(data=None, *, values=None, sessions=None, measure=None, case=None,
                   criterion="stiles2sd", k=None, points=None, noise="mad",
                   noise_window=None, norm_sd=None, rci=None, sd=None, reliability=None,
                   instrument=None, floor=None, reference=1, repair_window=3,
                   tolerance=None, improvement=None, value="value", session="session",
                   missing="error") -> RuptureRepairResult:
    r"""Find alliance rupture-repair episodes (V-shaped drops followed by a return).

    Parameters
    ----------
    data : DataFrame, optional
        Tidy ratings (``case``, ``session``, ``measure``, ``value``); one series per case x
        measure. Rows with an ``item`` are ignored only if a ``scale`` column says ``total``;
        pass a scored table (``casekit.score``) or filter first.
    values, sessions : array-like, optional
        One series instead of ``data`` (sessions default to 1..n).
    measure, case : str, optional
        Restrict ``data`` to one measure / case, or label a single series.
    criterion : str, RuptureCriterion or list of them
        ``"stiles2sd"`` (default), ``"strauss1sd"``, ``"rci"``, ``"gumz"``, ``"points"``, a
        custom :class:`RuptureCriterion`, or a list (results stacked, one block per criterion).
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
    improvement : {"increase", "decrease"}, optional
        Which direction is better. Alliance measures: ``"increase"`` (the default when neither
        this nor an instrument is given is an error). With ``"decrease"`` a rupture is a rise.
    value, session : str
        Column names in ``data``.
    missing : {"error", "drop"}
        Missing values in a series raise an error unless ``"drop"`` (rows dropped and
        reported in the result's notes).

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
        ``.thresholds`` summarise per case.

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
    the repair window.

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
    blind to real ruptures.

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

    Examples
    --------
    >>> import casekit as ck
    >>> wai = [40, 41, 40, 33, 39, 41, 40, 41, 40, 41]
    >>> res = ck.rupture_repair(values=wai, improvement="increase", criterion="stiles2sd")
    >>> res.summary[["start", "nadir", "repair_session", "status"]].to_dict("records")
    [{'start': 4, 'nadir': 4, 'repair_session': 5.0, 'status': 'repaired'}]
    """
    criteria = criterion if isinstance(criterion, (list, tuple)) else [criterion]
    crits = [_resolve_criterion(c, k, points) for c in criteria]
    names = [c.name for c in crits]
    if len(set(names)) != len(names):
        raise ValueError(f"criterion names must be distinct; got {names}")
    reference = check_int(reference, "reference", minimum=1)
    repair_window = check_int(repair_window, "repair_window", minimum=1)
    missing = check_option(missing, "missing", ("error", "drop"))
    if not isinstance(noise, (int, float)) or isinstance(noise, bool):
        noise = check_option(noise, "noise", NOISE_METHODS)
    else:
        noise = check_float(noise, "noise", minimum=0.0, inclusive=True, finite=True)
    if noise == "window":
        if noise_window is None or len(noise_window) != 2:
            raise ValueError("noise='window' needs noise_window=(first_session, last_session)")
    if noise == "norm":
        if norm_sd is None:
            raise ValueError("noise='norm' needs norm_sd= (a between-person SD from norms)")
        norm_sd = check_float(norm_sd, "norm_sd", minimum=0.0, inclusive=False, finite=True)
    if tolerance is not None:
        tolerance = check_float(tolerance, "tolerance", minimum=0.0)
    if floor is not None:
        floor = check_float(floor, "floor", minimum=0.0, inclusive=False)

    inst = None
    if instrument is not None:
        from .registry import get_instrument
        inst = get_instrument(instrument)
    if improvement is None:
        if inst is None:
            raise ValueError("improvement is required (alliance measures: 'increase') unless "
                             "an instrument= gives the direction")
        improvement = inst.improvement
    improvement = check_improvement(improvement)

    rci_points, sdiff, rci_source = _rci(rci, sd, reliability, inst)
    series = _series(data, values, sessions, measure, case, value, session, missing)

    rows, thr_rows, notes = [], [], []
    for (case_id, measure_id), (sess, x_raw, dropped) in series.items():
        if dropped:
            notes.append(f"{case_id}/{measure_id}: dropped {dropped} missing value(s) at "
                         "the caller's request (missing='drop')")
        if x_raw.size < 3:
            raise NotEnoughPointsError(f"{case_id}/{measure_id}: a series needs at least 3 "
                                       f"rated sessions; got {x_raw.size}")
        x = x_raw if improvement == "increase" else -x_raw
        fl = floor if floor is not None else _resolution(x_raw)
        for crit in crits:
            sigma, method = _sigma_for(crit, noise, x, sess, noise_window, norm_sd, sdiff)
            value_needed = crit.kind in ("rci", "max_sd_rci") or noise == "rci"
            if value_needed and rci_points is None and crit.kind != "sd":
                raise ValueError(f"criterion {crit.name!r} needs the reliable change index: "
                                 "pass rci=, sd= and reliability=, or an instrument with a "
                                 "published RCI")
            if crit.kind == "sd":
                raw = crit.k * sigma
            elif crit.kind == "rci":
                raw = rci_points
            elif crit.kind == "max_sd_rci":
                raw = max(crit.k * sigma, rci_points)
            else:
                raw = crit.points
            threshold = max(float(raw), fl) if np.isfinite(raw) else fl
            tol = threshold / 2.0 if tolerance is None else tolerance
            thr_rows.append({"case": case_id, "measure": measure_id, "criterion": crit.name,
                             "threshold": threshold, "criterion_value": float(raw),
                             "floor": fl, "noise": sigma, "noise_method": method,
                             "rci": np.nan if rci_points is None else rci_points})
            for ep in _detect(x, threshold, reference, repair_window, tol):
                s, nd, rp = ep["start"], ep["nadir"], ep["repair"]
                ref_raw = ep["reference_level"] if improvement == "increase" \
                    else -ep["reference_level"]
                rows.append({
                    "case": case_id, "measure": measure_id, "criterion": crit.name,
                    "threshold": threshold, "noise": sigma, "noise_method": method,
                    "reference_level": ref_raw,
                    "start": _py(sess[s]), "start_value": float(x_raw[s]),
                    "nadir": _py(sess[nd]), "nadir_value": float(x_raw[nd]),
                    "repair_session": float(sess[rp]) if rp is not None else float("nan"),
                    "depth": float(ep["reference_level"] - x[nd]),
                    "length": ep["n_low"], "status": ep["status"],
                })
    cols = ["case", "measure", "criterion", "threshold", "noise", "noise_method",
            "reference_level", "start", "start_value", "nadir", "nadir_value",
            "repair_session", "depth", "length", "status"]
    summary = pd.DataFrame(rows, columns=cols)
    if rci_source:
        notes.append(f"RCI: {rci_source}")
    options = {"criterion": ",".join(names), "noise": noise, "reference": reference,
               "repair_window": repair_window,
               "tolerance": "threshold/2" if tolerance is None else tolerance,
               "floor": "data resolution" if floor is None else floor,
               "improvement": improvement}
    return RuptureRepairResult(
        summary, pd.DataFrame(thr_rows), method="Rupture-repair episodes", options=options,
        reference="Stiles et al. 2004; Strauss et al. 2006; Gumz et al. 2012",
        notes=notes, title="Rupture-repair episodes")


def _py(v):
    v = v.item() if isinstance(v, np.generic) else v
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _rci(rci, sd, reliability, inst):
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


def _sigma_for(crit, noise, x, sess, window, norm_sd, sdiff):
    if crit.kind in ("rci", "points"):
        # the noise scale does not enter these thresholds; still report it for the table
        pass
    if isinstance(noise, (int, float)) and not isinstance(noise, bool):
        return float(noise), "given"
    if noise == "rci" and sdiff is None:
        raise ValueError("noise='rci' needs the RCI (rci=, sd= and reliability=, or an "
                         "instrument with a published RCI)")
    sigma = _noise_scale(x, sess, noise, window, norm_sd, sdiff)
    return sigma, noise


def _resolution(x: np.ndarray) -> float:
    """The data's scale step: 1/q for the smallest q <= 100 that makes every value an integer
    (1 for integer scores, 0.1 for VAS centimetres, 1/12 for WAI-SR item means), else the
    smallest gap between two observed values; 1 for a constant integer series."""
    for q in range(1, 101):
        if np.allclose(x * q, np.round(x * q), rtol=0, atol=1e-9):
            return 1.0 / q
    u = np.unique(x)
    return float(np.min(np.diff(u))) if u.size > 1 else 1.0


def _series(data, values, sessions, measure, case, value, session, missing):
    """Split the input into {(case, measure): (sessions, values, n_dropped)} in session order."""
    out = {}
    if data is None:
        if values is None:
            raise ValueError("pass data= (a tidy table) or values=")
        x = as_float_array(values, "values", allow_nan=True)
        s = np.arange(1, x.size + 1) if sessions is None else np.asarray(sessions)
        if s.shape != x.shape:
            raise ValueError(f"sessions has {s.size} entries but values has {x.size}")
        x, s, dropped = _handle_missing(x, s, missing, "values")
        out[(case or "case", measure or "measure")] = (s, x, dropped)
        return out
    if not isinstance(data, pd.DataFrame):
        raise TypeError("data must be a pandas DataFrame")
    df = data
    for col in (value, session):
        if col not in df.columns:
            raise ValueError(f"data has no column {col!r}; columns: {list(df.columns)}")
    if "scale" in df.columns and "item" in df.columns:
        df = df[df["item"].isna()]
        if "scale" in df.columns:
            df = df[df["scale"].isna() | (df["scale"] == "total")]
    if measure is not None:
        if "measure" not in df.columns or not (df["measure"] == measure).any():
            have = sorted(df["measure"].dropna().unique()) if "measure" in df.columns else []
            raise ValueError(f"measure {measure!r} is not in the data; measures: {have}")
        df = df[df["measure"] == measure]
    if case is not None:
        if "case" not in df.columns or not (df["case"] == case).any():
            have = sorted(df["case"].dropna().unique()) if "case" in df.columns else []
            raise ValueError(f"case {case!r} is not in the data; cases: {have}")
        df = df[df["case"] == case]
    keys = [c for c in ("case", "measure") if c in df.columns]
    groups = df.groupby(keys, sort=True, dropna=False) if keys else [((), df)]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        kd = dict(zip(keys, key, strict=True))
        g = g.sort_values(session)
        if g[session].duplicated().any():
            dup = g.loc[g[session].duplicated(keep=False), session].tolist()
            raise ValueError(f"{kd}: sessions appear more than once ({dup}); one value per "
                             "session is needed (filter to one rater/scale)")
        x = g[value].to_numpy(dtype=float)
        s = g[session].to_numpy()
        x, s, dropped = _handle_missing(x, s, missing, f"{kd}")
        out[(kd.get("case", case or "case"), kd.get("measure", measure or "measure"))] = (
            s, x, dropped)
    if not out:
        raise ValueError("no series to analyse after filtering")
    return out


def _handle_missing(x, s, missing, label):
    bad = np.isnan(x)
    if bad.any():
        if missing == "error":
            raise ValueError(f"{label}: missing values at sessions {s[bad].tolist()}; pass "
                             "missing='drop' to analyse the rated sessions only")
        return x[~bad], s[~bad], int(bad.sum())
    return x, s, 0


# ----------------------------------------------------------------------------------------
# agreement with therapist-noted ruptures
# ----------------------------------------------------------------------------------------
class RuptureAgreementResult(Result):
    """Noted ruptures vs detections. ``.summary``: one row per noted rupture; ``.unnoted``:
    detections never noted; ``.counts``: per criterion."""

    def __init__(self, summary, unnoted, counts, **kw):
        super().__init__(summary, **kw)
        self.unnoted = unnoted.reset_index(drop=True)
        self.counts = counts.reset_index(drop=True)

    def to_text(self, decimals=None):
        base = super().to_text(decimals)
        from .results import format_frame
        d = self.decimals if decimals is None else decimals
        return base + "\n\nCounts\n" + format_frame(self.counts, d).to_string(index=False)


def rupture_agreement(episodes, events, *, event="rupture_noted", tolerance=1,
                      session="session") -> RuptureAgreementResult:
    """Compare detected episodes with ruptures noted by the therapist (or an observer).

    A noted rupture at session s counts as detected by a criterion when an episode of that
    criterion (same case) starts within ``tolerance`` sessions of s, or s falls between the
    episode's start and its repair. Detections and notes are never merged: the result keeps
    both lists.

    Parameters
    ----------
    episodes : RuptureRepairResult or DataFrame
        Output of :func:`rupture_repair` (``case``, ``criterion``, ``start``,
        ``repair_session``).
    events : DataFrame
        Events table (``case``, ``session``, ``event``, ``note``).
    event : str
        Event type of the noted ruptures (default ``"rupture_noted"``). A type that is
        neither in ``events`` nor in casekit's vocabulary (``casekit.schema.ALL_EVENT_TYPES``)
        raises an error listing both, so that a typo cannot pass as "no noted ruptures".
    tolerance : int
        Sessions of slack between the note and the start of an episode (default 1).

    Returns
    -------
    RuptureAgreementResult
        ``.summary``: ``case``, ``session``, ``note``, one boolean column per criterion
        (``detected_<criterion>``) and ``detected_by``; ``.unnoted``: the episodes no note
        matches; ``.counts``: per criterion ``noted``, ``noted_detected``, ``noted_missed``,
        ``detections``, ``detections_unnoted``.
    """
    ep = episodes.summary if isinstance(episodes, Result) else pd.DataFrame(episodes)
    if isinstance(episodes, RuptureRepairResult):
        criteria = list(episodes.thresholds["criterion"].drop_duplicates())
    else:
        criteria = list(ep["criterion"].drop_duplicates())
    tolerance = check_int(tolerance, "tolerance", minimum=0)
    for col in ("case", session, "event"):
        if col not in events.columns:
            raise ValueError(f"events has no column {col!r}; columns: {list(events.columns)}")
    present = set(events["event"].dropna().astype(str))
    if event not in present:
        from .schema import ALL_EVENT_TYPES

        if event not in ALL_EVENT_TYPES:
            # a mistyped type would otherwise give "0 noted ruptures" without a word
            raise ValueError(f"event={event!r} is neither in the events table (types present: "
                             f"{sorted(present)}) nor a casekit event type "
                             f"({', '.join(ALL_EVENT_TYPES)})")
    noted = events[events["event"] == event].copy()
    note_col = noted["note"] if "note" in noted.columns else pd.Series("", index=noted.index)

    def matches(case_id, s, e):
        end = e["repair_session"] if pd.notna(e["repair_session"]) else e["start"]
        return e["case"] == case_id and (abs(e["start"] - s) <= tolerance
                                         or e["start"] <= s <= end)

    rows = []
    matched = np.zeros(len(ep), dtype=bool)
    for (_, ev), note in zip(noted.iterrows(), note_col, strict=True):
        row = {"case": ev["case"], "session": _py(ev[session]), "note": note}
        by = []
        for crit in criteria:
            hit = False
            for i, (_, e) in enumerate(ep.iterrows()):
                if e["criterion"] == crit and matches(ev["case"], ev[session], e):
                    hit = True
                    matched[i] = True
            row[f"detected_{crit}"] = hit
            if hit:
                by.append(crit)
        row["detected_by"] = ", ".join(by) if by else "none"
        rows.append(row)
    summary = pd.DataFrame(rows, columns=["case", "session", "note",
                                          *[f"detected_{c}" for c in criteria], "detected_by"])
    unnoted = ep[~matched].copy()
    counts = []
    for crit in criteria:
        col = f"detected_{crit}"
        det = int(summary[col].sum()) if len(summary) else 0
        n_ep = int((ep["criterion"] == crit).sum())
        counts.append({"criterion": crit, "noted": len(summary), "noted_detected": det,
                       "noted_missed": len(summary) - det, "detections": n_ep,
                       "detections_unnoted": int((unnoted["criterion"] == crit).sum())})
    return RuptureAgreementResult(summary, unnoted, pd.DataFrame(counts),
                                  method="Agreement of detected and noted ruptures",
                                  options={"event": event, "tolerance": tolerance},
                                  title="Noted ruptures and detections")


# ----------------------------------------------------------------------------------------
# change-point precedence
# ----------------------------------------------------------------------------------------
class PrecedenceResult(Result):
    """Output of :func:`changepoint_precedence`."""


def _one_series(data, values, sessions, measure, value, session, case):
    if data is not None:
        ser = _series(data, None, None, measure, case, value, session, "error")
        if len(ser) != 1:
            raise ValueError(f"measure {measure!r} holds {len(ser)} series; pass case=")
        (s, x, _), = ser.values()
        return s, x
    x = as_float_array(values, "values")
    s = np.arange(1, x.size + 1) if sessions is None else np.asarray(sessions)
    return s, x


def changepoint_precedence(alliance=None, symptoms=None, *, data=None,
                           alliance_measure="WAI-SR", symptom_measure="PHQ-9",
                           alliance_sessions=None, symptom_sessions=None, case=None,
                           value="value", session="session", min_size=2,
                           credible=0.95) -> PrecedenceResult:
    r"""Probability that the alliance changed before the symptoms did.

    Each series gets the exact posterior of a single change point
    (:func:`casekit.changepoint.bayes_changepoint`); the two posteriors are combined on the
    common session axis.

    Parameters
    ----------
    alliance, symptoms : array-like, optional
        The two series (with ``alliance_sessions`` / ``symptom_sessions``), or
    data : DataFrame, optional
        Tidy table holding both measures (``alliance_measure``, ``symptom_measure``).
    min_size, credible :
        Passed to :func:`~casekit.changepoint.bayes_changepoint`.

    Returns
    -------
    PrecedenceResult
        ``.summary``: one row per series (``series``, ``measure``, ``mode_session``,
        ``ci_lower``, ``ci_upper``, ``prob_change``) and attributes
        ``prob_precedes`` (P(alliance change session < symptom change session | both
        changed)), ``prob_same`` (same session), ``prob_follows``, and
        ``prob_precedes_unconditional`` (times P(change) of each series).

    Notes
    -----
    With :math:`p_A(a)` and :math:`p_S(s)` the posteriors of the session of the last
    observation before each change (conditional on one change),
    :math:`P(A \prec S) = \sum_a \sum_s p_A(a)\,p_S(s)\,[a < s]`. The product treats the two
    posteriors as independent, which ignores any dependence between the series' noise; the
    unconditional probability multiplies by each series' posterior probability of a change
    (so that "no change" in either series counts against precedence). Change points are
    located by session number, not by row, so the two series may have different schedules
    (e.g. alliance not rated at intake).
    """
    from .changepoint import bayes_changepoint

    sa, xa = _one_series(data, alliance, alliance_sessions, alliance_measure, value, session,
                         case)
    ss, xs = _one_series(data, symptoms, symptom_sessions, symptom_measure, value, session,
                         case)
    ra = bayes_changepoint(xa, sessions=sa, min_size=min_size, confidence=credible)
    rs = bayes_changepoint(xs, sessions=ss, min_size=min_size, confidence=credible)
    pa = ra.posterior
    ps = rs.posterior
    a_s = pa["session"].to_numpy(dtype=float)
    s_s = ps["session"].to_numpy(dtype=float)
    joint = np.outer(pa["probability"].to_numpy(), ps["probability"].to_numpy())
    before = float(joint[a_s[:, None] < s_s[None, :]].sum())
    same = float(joint[a_s[:, None] == s_s[None, :]].sum())
    after = float(max(0.0, 1.0 - before - same))
    uncond = before * float(ra.prob_change) * float(rs.prob_change)
    rows = []
    for label, meas, r in (("alliance", alliance_measure, ra), ("symptoms", symptom_measure, rs)):
        lo, hi = r.credible_interval_sessions
        rows.append({"series": label, "measure": meas, "mode_session": _py(r.mode_session),
                     "ci_lower": _py(lo), "ci_upper": _py(hi),
                     "prob_change": float(r.prob_change)})
    res = PrecedenceResult(
        pd.DataFrame(rows), method="Change-point precedence (Bayesian single change point)",
        options={"min_size": min_size, "credible": credible},
        notes=[f"P(alliance change before symptom change | both changed) = {before:.3f}; "
               f"same session = {same:.3f}; after = {after:.3f}",
               f"unconditional (x P(change) of each series) = {uncond:.3f}",
               "the two posteriors are combined as independent"],
        title="Which changed first?")
    res.prob_precedes = before
    res.prob_same = same
    res.prob_follows = after
    res.prob_precedes_unconditional = uncond
    res.alliance = ra
    res.symptoms = rs
    return res


# ----------------------------------------------------------------------------------------
# lagged precedence with a surrogate null
# ----------------------------------------------------------------------------------------
class LaggedPrecedenceResult(Result):
    """Output of :func:`lagged_precedence`: one row per direction."""


def _detrend(y: np.ndarray, t: np.ndarray, how, phase):
    if how is None:
        return y - y.mean()
    if how == "linear":
        X = np.column_stack([np.ones_like(t, dtype=float), t.astype(float)])
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        return y - X @ beta
    # phase means
    out = y.astype(float).copy()
    for p in pd.unique(phase):
        sel = phase == p
        out[sel] = y[sel] - y[sel].mean()
    return out


def _ar1_fit(x: np.ndarray) -> tuple[float, float]:
    """Lag-1 autocorrelation with the Kendall (1954) small-sample bias correction
    (phi + (1 + 3 phi)/n), clipped to (-0.95, 0.95), and the innovation SD."""
    # Estimator: moment (Yule-Walker) r1 of one centred series plus Kendall's first-order
    # correction for a sample mean. It differs on purpose from amoc._phi_hat (residuals of a
    # regression: an extra (n_par - 1)(1 + phi)/n term, clip 0.9, then indirect inference) and
    # from its (AR(1) maximum likelihood, mean-bias corrected by simulation): a surrogate
    # predictor here only needs its serial dependence roughly right, and the fit must be cheap
    # for every person of a pooled test.
    xc = x - x.mean()
    n = x.size
    denom = float(np.dot(xc, xc))
    phi = float(np.dot(xc[1:], xc[:-1]) / denom) if denom > 0 else 0.0
    phi = phi + (1.0 + 3.0 * phi) / n
    phi = float(np.clip(phi, -0.95, 0.95))
    sd = float(np.std(xc, ddof=1)) * math.sqrt(1.0 - phi * phi)
    return phi, sd


def _ar1_surrogates(phi, sd, n, b, rng):
    """``b`` stationary AR(1) series of length ``n``, innovation SD ``sd``."""
    e = rng.standard_normal((b, n)) * sd
    return ar1_recursion(e[:, 0] / math.sqrt(1.0 - phi * phi), e, phi)


def _lag_stat(pred: np.ndarray, own: np.ndarray, dy: np.ndarray):
    """Slope and t of ``pred`` in dy ~ 1 + pred + own, for one or many ``pred`` rows."""
    n = dy.size
    Z = np.column_stack([np.ones(n), own])
    H = Z @ np.linalg.pinv(Z)
    rdy = dy - H @ dy
    P = np.atleast_2d(pred)
    rp = P - P @ H.T
    sxx = np.einsum("ij,ij->i", rp, rp)
    b = (rp @ rdy) / sxx
    resid = rdy[None, :] - b[:, None] * rp
    df = n - 3
    s2 = np.einsum("ij,ij->i", resid, resid) / df
    se = np.sqrt(s2 / sxx)
    return b, b / se, se


def _both_measures(df, alliance, symptoms, session, value, label=""):
    """Wide table (session x [alliance, symptoms]) of the sessions rated on both measures.

    A session rated twice on one measure is an error (``CaseDataError`` naming the rows), not
    collapsed to its first value; the sessions left out because one of the two values is
    missing are returned so that the caller can report them.
    """
    sel = df[df["measure"].isin([alliance, symptoms])]
    dup = sel.duplicated(["measure", session], keep=False)
    if dup.any():
        raise CaseDataError(
            [{"row": i, "column": session, "value": sel.at[i, session],
              "problem": f"{label}session rated more than once on {sel.at[i, 'measure']!r}; "
                         "one value per session is needed (filter to one rater/scale)"}
             for i in sel.index[dup]],
            title="lagged precedence needs one value per session and measure")
    wide = sel.pivot(index=session, columns="measure", values=value)
    wide = wide.reindex(columns=[alliance, symptoms]).sort_index()
    keep = wide.notna().all(axis=1)
    dropped = [_py(v) for v in wide.index[~keep]]
    return wide[keep], dropped


def _total_rows(data) -> pd.DataFrame:
    """The score rows of a tidy table: item rows and subscale rows are set aside."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    df = data
    if "item" in df.columns:
        df = df[df["item"].isna()]
    if "scale" in df.columns:
        df = df[df["scale"].isna() | (df["scale"] == "total")]
    return df


def _lag_pairs(sessions: np.ndarray, max_gap) -> np.ndarray:
    """Mask of the consecutive-row pairs (t, t+1) whose session numbers differ by at most
    ``max_gap`` (all pairs when ``max_gap`` is None)."""
    gaps = np.diff(sessions)
    if max_gap is None:
        return np.ones(gaps.size, dtype=bool)
    max_gap = check_int(max_gap, "max_gap", minimum=1)
    return gaps <= max_gap


def lagged_precedence(data, *, alliance="WAI-SR", symptoms="PHQ-9", case=None,
                      detrend="linear", n_surrogates=999, seed=None, value="value",
                      session="session", phase="phase", max_gap=1,
                      confidence=0.95) -> LaggedPrecedenceResult:
    r"""Does the alliance predict the next symptom change, and vice versa?

    Two lagged regressions on the detrended series of one case, on consecutive rated
    sessions where both measures exist:

    * alliance -> symptoms: :math:`\Delta S_{t+1} = a + b\,A_t + c\,S_t + e`;
    * symptoms -> alliance: :math:`\Delta A_{t+1} = a + b\,S_t + c\,A_t + e`.

    The p-value of b comes from a surrogate null that keeps the predictor's autocorrelation:
    the predictor is replaced by ``n_surrogates`` AR(1) series with its (bias-corrected) lag-1
    autocorrelation and variance, independent of the outcome, and
    :math:`p = (1 + \#\{|t^*| \ge |t|\}) / (1 + B)`. The confidence interval is the Wald
    interval with the surrogate 1 - alpha quantile of :math:`|t^*|` in place of the normal
    quantile (a calibrated interval).

    Parameters
    ----------
    data : DataFrame
        Tidy ratings of one case with both measures (totals: ``item`` missing).
    alliance, symptoms : str
        Measure names.
    detrend : {"linear", "phase", None}
        Remove a linear trend in session (default), phase means (``phase`` column), or only the
        mean. Shared trends make any two series look related; detrending removes that.
    n_surrogates : int
        Number of AR(1) surrogates (default 999).
    seed : int, optional
        Seed of the surrogates (stored in the result).
    max_gap : int or None
        Largest difference in session numbers between a session and the next one for the pair
        to enter the regression (default 1: the lag is one session; a pair spanning a missed
        session is left out and counted in the notes). ``None`` uses every pair of consecutive
        rows.

    Returns
    -------
    LaggedPrecedenceResult
        ``.summary``: ``direction``, ``estimate`` (b), ``se`` (OLS), ``t``, ``ci_lower``,
        ``ci_upper``, ``p_value`` (surrogate), ``p_ols`` (naive t-test, for comparison),
        ``n``, ``phi_predictor``. ``sessions_dropped``: the sessions left out because one
        of the two measures is missing there (also listed in the notes).

    Raises
    ------
    CaseDataError
        A session is rated more than once on one measure (rows named; filter to one rater
        or scale first).

    Notes
    -----
    Why surrogates: with 30-50 sessions, both series are autocorrelated, and the ordinary
    t-test of a lagged predictor rejects too often (spurious regression; Granger & Newbold
    1974). An AR(1) surrogate of the predictor has the same serial dependence but no relation
    to the outcome, so the null distribution of t includes the inflation caused by
    autocorrelation. The type I error of this test on independent AR(1) pairs is reported in
    ``docs/calibration_precedence.md``. This is a within-case, descriptive test of temporal
    precedence (Granger-type), not of causation.

    References
    ----------
    .. [1] Granger, C. W. J., & Newbold, P. (1974). Spurious regressions in econometrics.
       J Econometrics, 2(2), 111-120. doi:10.1016/0304-4076(74)90034-7
    .. [2] Theiler, J., Eubank, S., Longtin, A., Galdrikian, B., & Farmer, J. D. (1992).
       Testing for nonlinearity in time series: the method of surrogate data. Physica D,
       58, 77-94. doi:10.1016/0167-2789(92)90102-S
    .. [3] Kendall, M. G. (1954). Note on bias in the estimation of autocorrelation.
       Biometrika, 41, 403-404. doi:10.1093/biomet/41.3-4.403
    """
    from scipy import stats

    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=99)
    if detrend is not None:
        detrend = check_option(detrend, "detrend", ("linear", "phase"))
    rng, seed_used = make_rng(seed)
    df = _total_rows(data)
    if case is not None:
        if "case" not in df.columns:
            raise ValueError(f"case={case!r} was given but data has no case column")
        if not (df["case"] == case).any():
            raise ValueError(f"case {case!r} is not in the data; cases: "
                             f"{sorted(map(str, df['case'].dropna().unique()))}")
        df = df[df["case"] == case]
    elif "case" in df.columns and df["case"].nunique() > 1:
        raise ValueError(f"data hold {df['case'].nunique()} cases; pass case= (one of "
                         f"{sorted(map(str, df['case'].dropna().unique()))})")
    have = set(df["measure"].unique()) if "measure" in df.columns else set()
    for m in (alliance, symptoms):
        if m not in have:
            raise ValueError(f"measure {m!r} is not in the data; measures: {sorted(have)}")
    wide, dropped = _both_measures(df, alliance, symptoms, session, value)
    if detrend == "phase":
        if phase not in df.columns:
            raise ValueError("detrend='phase' needs a phase column")
        ph = df.drop_duplicates(session).set_index(session)[phase].reindex(wide.index).to_numpy()
        no_phase = pd.isna(ph)
        if no_phase.any():
            # a session without a phase would stay uncentred (NaN matches no phase)
            raise ValueError("detrend='phase' needs a phase for every session; missing at "
                             f"sessions {[_py(v) for v in wide.index[no_phase]]}")
    else:
        ph = None
    t = wide.index.to_numpy(dtype=float)
    a = _detrend(wide[alliance].to_numpy(dtype=float), t, detrend, ph)
    s = _detrend(wide[symptoms].to_numpy(dtype=float), t, detrend, ph)
    if a.size < 10:
        raise NotEnoughPointsError(f"lagged precedence needs at least 10 sessions with both "
                                   f"measures; got {a.size}")
    rows = []
    alpha = 1.0 - check_float(confidence, "confidence", minimum=0, maximum=1, inclusive=False)
    keep = _lag_pairs(t, max_gap)
    if keep.sum() < 8:
        raise NotEnoughPointsError(f"lagged precedence needs at least 8 lagged pairs within "
                                   f"max_gap={max_gap}; got {int(keep.sum())}")
    for label, pred, own in ((f"{alliance} -> {symptoms}", a, s),
                             (f"{symptoms} -> {alliance}", s, a)):
        dy = np.diff(own)[keep]
        p_t, o_t = pred[:-1][keep], own[:-1][keep]
        b, tval, se = _lag_stat(p_t, o_t, dy)
        phi, sd = _ar1_fit(pred)
        sur = _ar1_surrogates(phi, sd, pred.size, n_surrogates, rng)[:, :-1][:, keep]
        _, t_star, _ = _lag_stat(sur, o_t, dy)
        p = (1 + int(np.sum(np.abs(t_star) >= abs(tval[0])))) / (1 + n_surrogates)
        q = float(np.quantile(np.abs(t_star), 1.0 - alpha))
        p_ols = float(2 * stats.t.sf(abs(tval[0]), dy.size - 3))
        rows.append({"direction": label, "estimate": float(b[0]), "se": float(se[0]),
                     "t": float(tval[0]), "ci_lower": float(b[0] - q * se[0]),
                     "ci_upper": float(b[0] + q * se[0]), "p_value": float(p),
                     "p_ols": p_ols, "n": int(dy.size), "phi_predictor": phi})
    notes = ["p_value: AR(1) surrogates of the predictor (autocorrelation kept); "
             "p_ols: naive t-test, shown for comparison only"]
    if dropped:
        notes.append("sessions without both measures were left out: "
                     + ", ".join(map(str, dropped)))
    if (~keep).any():
        notes.append(f"{int((~keep).sum())} pair(s) spanning more than {max_gap} session(s) "
                     "left out (max_gap)")
    res = LaggedPrecedenceResult(
        pd.DataFrame(rows), method="Lagged precedence with AR(1) surrogate null",
        options={"detrend": detrend, "n_surrogates": n_surrogates, "max_gap": max_gap,
                 "confidence": confidence},
        seed=seed_used, notes=notes, title="Lagged precedence (within case)")
    res.sessions_dropped = dropped
    return res


def lagged_precedence_multilevel(data, *, alliance="WAI-SR", symptoms="PHQ-9", case="case",
                                 detrend="linear", n_surrogates=999, seed=None,
                                 value="value", session="session", max_gap=1,
                                 confidence=0.95) -> LaggedPrecedenceResult:
    r"""Lagged precedence for a case series, with within-person centring.

    For each case the series are detrended as in :func:`lagged_precedence` and the predictor
    is centred on the person's mean (so only within-person fluctuations enter). Two estimates
    per direction:

    * ``pooled_within``: the pooled within-person slope of
      :math:`\Delta Y_{i,t+1} = a_i + b\,X^{c}_{i,t} + c\,Y^{c}_{i,t} + e`, with a surrogate
      p-value (each person's predictor replaced by an AR(1) surrogate with that person's
      bias-corrected autocorrelation; ``n_surrogates`` replicates);
    * ``mixed``: a linear mixed model (statsmodels ``MixedLM``, random intercept per case,
      REML) of the same regression; its Wald p-value assumes independent residuals within a
      person and is shown for comparison.

    Parameters
    ----------
    max_gap : int or None
        As in :func:`lagged_precedence`: pairs of sessions further apart than ``max_gap``
        session numbers are left out (default 1).

    Returns
    -------
    LaggedPrecedenceResult
        ``.summary``: ``direction``, ``model``, ``estimate``, ``se``, ``ci_lower``,
        ``ci_upper``, ``p_value``, ``n_cases``, ``n``. ``sessions_dropped``: a dict case ->
        sessions left out because one of the two measures is missing there (also in the
        notes). A session rated twice on one measure raises ``CaseDataError``.
    """
    import statsmodels.formula.api as smf
    from scipy import stats

    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=99)
    if detrend is not None:
        detrend = check_option(detrend, "detrend", ("linear",))
    rng, seed_used = make_rng(seed)
    df = _total_rows(data)
    if case not in df.columns:
        raise ValueError(f"data has no column {case!r}; a case series needs a case column")
    per_case, dropped = [], {}
    for cid, g in df.groupby(case, sort=True):
        have = set(g["measure"].unique()) if "measure" in g.columns else set()
        missing_m = [m for m in (alliance, symptoms) if m not in have]
        if missing_m:
            raise ValueError(f"case {cid!r} has no ratings of {missing_m}")
        wide, dropped[_py(cid)] = _both_measures(g, alliance, symptoms, session, value,
                                                 label=f"case {cid!r}: ")
        if len(wide) < 8:
            raise NotEnoughPointsError(f"case {cid!r}: {len(wide)} sessions with both "
                                       "measures; at least 8 are needed")
        t = wide.index.to_numpy(dtype=float)
        a = _detrend(wide[alliance].to_numpy(dtype=float), t, detrend, None)
        y = _detrend(wide[symptoms].to_numpy(dtype=float), t, detrend, None)
        keep = _lag_pairs(t, max_gap)
        if keep.sum() < 5:
            raise NotEnoughPointsError(f"case {cid!r}: {int(keep.sum())} lagged pairs within "
                                       f"max_gap={max_gap}; at least 5 are needed")
        per_case.append((cid, a, y, keep))
    if len(per_case) < 2:
        raise ValueError("a multilevel analysis needs at least 2 cases; use lagged_precedence")
    alpha = 1.0 - check_float(confidence, "confidence", minimum=0, maximum=1, inclusive=False)
    rows = []
    for label, first in ((f"{alliance} -> {symptoms}", True), (f"{symptoms} -> {alliance}",
                                                                False)):
        dys, preds, owns, ids, phis = [], [], [], [], []
        for cid, a, y, keep in per_case:
            pred, own = (a, y) if first else (y, a)
            p_k, o_k = pred[:-1][keep], own[:-1][keep]
            dys.append(np.diff(own)[keep])
            preds.append(p_k - p_k.mean())
            owns.append(o_k - o_k.mean())
            ids.append(np.full(p_k.size, str(cid), dtype=object))
            phis.append((_ar1_fit(pred), pred.size, keep))
        dy = np.concatenate(dys)
        # demean the outcome within person too (case intercepts, Frisch-Waugh)
        dy_c = np.concatenate([d - d.mean() for d in dys])
        own_c = np.concatenate(owns)
        pred_c = np.concatenate(preds)
        b, tval, se = _lag_stat(pred_c, own_c, dy_c)
        sur = []
        for (phi, sd), n_i, keep in phis:
            z = _ar1_surrogates(phi, sd, n_i, n_surrogates, rng)[:, :-1][:, keep]
            sur.append(z - z.mean(axis=1, keepdims=True))
        _, t_star, _ = _lag_stat(np.concatenate(sur, axis=1), own_c, dy_c)
        p = (1 + int(np.sum(np.abs(t_star) >= abs(tval[0])))) / (1 + n_surrogates)
        q = float(np.quantile(np.abs(t_star), 1.0 - alpha))
        rows.append({"direction": label, "model": "pooled_within", "estimate": float(b[0]),
                     "se": float(se[0]), "ci_lower": float(b[0] - q * se[0]),
                     "ci_upper": float(b[0] + q * se[0]), "p_value": float(p),
                     "n_cases": len(per_case), "n": int(dy.size)})
        frame = pd.DataFrame({"dy": dy, "pred": pred_c, "own": own_c,
                              "case": np.concatenate(ids)})
        import warnings
        with warnings.catch_warnings():
            # convergence chatter from statsmodels is reported through the note below
            warnings.simplefilter("ignore")
            fit = smf.mixedlm("dy ~ pred + own", frame, groups=frame["case"]).fit(reml=True)
        est, err = float(fit.params["pred"]), float(fit.bse["pred"])
        zq = float(stats.norm.ppf(1 - alpha / 2))
        rows.append({"direction": label, "model": "mixed", "estimate": est, "se": err,
                     "ci_lower": est - zq * err, "ci_upper": est + zq * err,
                     "p_value": float(fit.pvalues["pred"]), "n_cases": len(per_case),
                     "n": int(dy.size)})
    notes = ["pooled_within: surrogate p (AR(1) surrogates per person); "
             "mixed: MixedLM Wald p assuming independent residuals (comparison only)"]
    notes.extend(f"case {c!r}: sessions without both measures were left out: "
                 + ", ".join(map(str, d)) for c, d in dropped.items() if d)
    notes.extend(f"case {cid!r}: {int((~keep).sum())} pair(s) spanning more than {max_gap} "
                 "session(s) left out (max_gap)" for cid, _, _, keep in per_case if (~keep).any())
    res = LaggedPrecedenceResult(
        pd.DataFrame(rows), method="Multilevel lagged precedence (within-person centred)",
        options={"detrend": detrend, "n_surrogates": n_surrogates, "max_gap": max_gap,
                 "confidence": confidence},
        seed=seed_used, notes=notes, title="Lagged precedence (case series)")
    res.sessions_dropped = dropped
    return res

"""The analyses of a case report, one function per section.

Each section reads the :class:`~casekit.case._prepare.Context`, calls casekit's public analysis
functions with their defaults (and the calibrated options their docstrings recommend), stores
the results (``ctx.results``) and the report table (``ctx.tables``), and raises
:class:`~casekit.case._log.Skip` with a reason when the data do not allow it. Nothing here
computes a statistic itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..alliance import changepoint_precedence, lagged_precedence, rupture_agreement, rupture_repair
from ..changepoint import amoc, bayes_changepoint
from ..clinical import reliable_change, session_reliable_change
from ..describe import describe_phases
from ..effects import nap, tau_u
from ..exceptions import CaseDataError, NotEnoughPointsError
from ..its import piecewise_regression
from ..registry import Instrument
from ..results import Result
from ..sudden import crit1_cutoff_from_rci, sudden_gains, sudden_gains_by_person
from ._log import Skip
from ._prepare import Context
from .comparison import ComparisonResult

__all__ = ["SECTIONS", "CRITERION_SHORT", "CRITERION_SOURCES", "TAU_U_VARIANTS", "TAU_U_CI_NOTE",
           "TAU_U_SE_NOTE", "criteria_of"]

#: Readable names of the rupture criteria (tables, figures, the paragraph).
CRITERION_SHORT = {"stiles2sd": "2-SD criterion", "strauss1sd": "1-SD criterion",
                   "gumz": "Gumz-type criterion", "rci": "RCI criterion"}
#: What each criterion is and where it comes from (first mention in the paragraph).
CRITERION_SOURCES = {"stiles2sd": "Stiles et al., 2004", "strauss1sd": "Strauss et al., 2006",
                     "gumz": "the larger of 2 SD and the RCI; Gumz et al., 2012",
                     "rci": "the reliable change index"}
#: The two Tau-U variants reported for the comparison, by ``tau_u(method=...)``.
TAU_U_VARIANTS = {
    "parker": "A vs. B − Trend A (Parker et al., 2011; not bounded by −1 and 1)",
    "complete": "A vs. B − Trend A, Kendall tau-b over all pairs (scan's default; bounded)",
}
#: Where a Tau-U interval comes from (the report tables with Tau-U intervals): Fisher's z
#: interval of scan's tau_u (ci_method "z"), from the number of sessions; beside an SE column,
#: also that the interval does not come from that SE.
TAU_U_CI_NOTE = ("Tau-U CI: a Fisher-z interval as scan's tau_u computes it (ci_method = "
                 "\"z\"), tanh(atanh(Tau-U) ± 1.96 / sqrt(N − 3)) with N the number of "
                 "sessions compared; none is given when Tau-U exceeds 1 in absolute value")
TAU_U_SE_NOTE = ("the Tau-U CI does not use the SE shown (Tau-U divided by the z of its "
                 "Kendall test), so it is not Tau-U ± 1.96 SE")
_JT = ("Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical approach to "
       "defining meaningful change in psychotherapy research. Journal of Consulting and "
       "Clinical Psychology, 59(1), 12-19. doi:10.1037/0022-006X.59.1.12")
_MIN_CHANGEPOINT = 6
_MIN_SUDDEN = 6
_MIN_RUPTURE = 5


def _attempt(ctx: Context, what: str, func: Callable[..., Any], *args: Any,
             **kwargs: Any) -> Any:
    """``func(*args, **kwargs)``, or ``None`` with a note when casekit says the data do not
    allow it (too few points, a series it cannot use): one measure's problem does not skip
    the other measure's analysis."""
    try:
        return func(*args, **kwargs)
    except (NotEnoughPointsError, CaseDataError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        ctx.log.note(f"{what}: not computed ({first})")
        return None


def _pair(ctx: Context) -> list[str]:
    """The symptom and the alliance measure, those the data have (symptoms first)."""
    return [m for m in (ctx.symptoms, ctx.alliance) if m is not None]


# -- reliable and clinically significant change --------------------------------------------
def _cutoff(inst: Instrument, stated: dict[str, Any]) -> str | float | None:
    value = stated.get("cutoff")
    if value is None:
        return "instrument" if inst.cutoff is not None else None
    if isinstance(value, str):
        if value not in inst.cutoffs:
            raise Skip(f"norms: {inst.name} has no cutoff {value!r} (cutoffs: "
                       f"{', '.join(inst.cutoffs) or 'none'})")
        return float(inst.cutoffs[value].value)
    return float(value)


def _rc_row(ctx: Context, m: str) -> tuple[dict[str, Any] | None, str | None]:
    inst = ctx.instrument(m)
    if inst is None:
        return None, f"{m} (not in the instrument registry)"
    if inst.rci is None or inst.rci.threshold is None:
        return None, f"{m} (no published reliable-change constants; state them with norms=)"
    s = ctx.series(m)
    if len(s) < 2:
        return None, f"{m} ({len(s)} score: no post score)"
    stated = ctx.norms_used.get(m) or {}
    first, last = s.iloc[0], s.iloc[-1]
    rc = reliable_change(float(first["value"]), float(last["value"]), instrument=inst,
                         cutoff=_cutoff(inst, stated))
    ctx.results[f"reliable_change/{m}"] = rc
    row = rc.summary.iloc[0]
    return {"measure": m, "pre_session": int(first["session"]), "pre": float(row["pre"]),
            "post_session": int(last["session"]), "post": float(row["post"]),
            "change": float(row["change"]), "rci": float(row["rci"]),
            "reliable_change_points": float(rc.threshold),
            "cutoff": math.nan if rc.cutoff is None else float(rc.cutoff),
            "category": str(row["category"]), "source": _constants_source(stated)}, None


def _constants_source(stated: dict[str, Any]) -> str:
    """Where the reliable-change constants and the cutoff of a row come from."""
    src = str(stated.get("source") or "source not given")
    if {"sd", "reliability", "rci"} & set(stated):
        return "stated norms: " + src
    if "cutoff" in stated:
        return "instrument registry; cutoff stated: " + src
    return "instrument registry"


def reliable_change_section(ctx: Context) -> str:
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    for m in ctx.measures:
        row, why = _rc_row(ctx, m)
        if row is not None:
            rows.append(row)
        else:
            assert why is not None  # _rc_row gives a row or the reason for none
            skipped.append(why)
    no_total = sorted(set(ctx.scores["measure"].astype(str)) - set(ctx.measures))
    skipped += [f"{m} (no total score: its scales are described only)" for m in no_total]
    if skipped:
        ctx.log.note("reliable change not computed for " + "; ".join(skipped))
    if not rows:
        raise Skip("no measure has reliable-change constants and two scores")
    ctx.tables["reliable_change"] = Result(
        pd.DataFrame(rows), method="Reliable and clinically significant change",
        title="Reliable and clinically significant change, first against last score",
        variant="Jacobson & Truax (1991) RCI; categories recovered / improved / unchanged / "
                "deteriorated", reference=_JT,
        notes=["reliable change (points): the smallest raw change that is reliable",
               "recovered: reliable improvement that crosses the cutoff"])
    _session_rc(ctx)
    return ", ".join(r["measure"] for r in rows)


def _session_rc(ctx: Context) -> None:
    m = ctx.symptoms
    if m is None:
        return
    inst = ctx.instrument(m)
    if inst is None or inst.rci is None or inst.rci.threshold is None:
        return
    s = ctx.series(m)
    if len(s) < 2:
        return
    res = session_reliable_change(data=s[["case", "session", "measure", "value"]],
                                  instrument=inst, reference="first",
                                  cutoff="instrument" if inst.cutoff is not None else None)
    ctx.results[f"session_reliable_change/{m}"] = res
    ctx.tables["session_reliable_change"] = res


# -- phase summary -----------------------------------------------------------------------
def _against_reference(s: pd.DataFrame, m: str, ph: str, ref: str, improvement: str,
                       ctx: Context) -> dict[str, float]:
    out = dict.fromkeys(("nap", "nap_ci_lower", "nap_ci_upper", "tau_u", "tau_u_ci_lower",
                         "tau_u_ci_upper"), math.nan)
    opts: dict[str, Any] = dict(data=s, baseline_phase=ref, treatment_phase=ph,
                                improvement=improvement)
    try:
        n_ = nap(**opts)
        tu = tau_u(method="parker", **opts)
    except NotEnoughPointsError as exc:
        ctx.log.note(f"{m} {ph} against {ref}: NAP and Tau-U not computed ({exc})")
        return out
    ctx.results[f"nap/{m}/{ph}"] = n_
    ctx.results[f"tau_u/{m}/{ph}"] = tu
    out.update(nap=n_.est, nap_ci_lower=n_.ci_lower, nap_ci_upper=n_.ci_upper, tau_u=tu.est,
               tau_u_ci_lower=tu.ci_lower, tau_u_ci_upper=tu.ci_upper)
    return out


def phase_summary_section(ctx: Context) -> str:
    if ctx.phases is None or len(ctx.phases) < 2:
        raise Skip("no phases (no phase table with two phases and no phase column)")
    ref = ctx.comparison.reference_phase if ctx.comparison is not None else None
    order = ctx.phases["phase"].astype(str).tolist()
    ref = ref if ref in order else order[0]
    rows = []
    for m in [x for x in _pair(ctx) if x in ctx.measures]:
        s = ctx.series(m)
        if not len(s):
            continue
        desc = describe_phases(data=s)
        ctx.results[f"describe_phases/{m}"] = desc
        d = desc.summary.set_index("phase")
        improvement = ctx.improvement(m)
        if improvement is None:
            ctx.log.note(f"{m}: direction of improvement unknown (not in the registry): NAP "
                         "and Tau-U not computed")
        for ph in [p for p in order if p in d.index]:
            r = d.loc[ph]
            assert isinstance(r, pd.Series)  # one row per phase
            row = {"measure": m, "phase": ph, "n": int(r["n"]),
                   "first_session": int(r["first_session"]),
                   "last_session": int(r["last_session"]), "mean": float(r["mean"]),
                   "sd": float(r["sd"]), "slope": float(r["slope"])}
            later = order.index(ph) > order.index(ref)
            if later and improvement is not None and ref in d.index:
                row.update(_against_reference(s, m, ph, ref, improvement, ctx))
            rows.append(row)
    if not rows:
        raise Skip(f"neither {ctx.symptoms} nor {ctx.alliance} has scores")
    ctx.tables["phase_summary"] = Result(
        pd.DataFrame(rows), method="Phase summary", title=f"Phase summary (reference phase "
        f"{ref})", variant=f"NAP (Newcombe interval) and Tau-U {TAU_U_VARIANTS['parker']} of "
        f"each later phase against {ref}; positive = improvement",
        reference="Parker & Vannest (2009), doi:10.1016/j.beth.2008.10.006; Parker et al. "
                  "(2011), doi:10.1016/j.beth.2010.08.006",
        notes=[f"reference phase {ref}: {_reference_reason(ctx, ref)}",
               *_definition_notes(ctx),
               *([TAU_U_CI_NOTE] if any("tau_u" in r for r in rows) else [])])
    return f"reference phase {ref}"


def _reference_reason(ctx: Context, ref: str) -> str:
    c = ctx.comparison
    if c is not None and c.kind == "phases" and c.baseline == ref:
        return "the baseline phase of the comparison"
    return f"the first phase with at least {c.min_size if c is not None else 5} scores"


def _definition_notes(ctx: Context) -> list[str]:
    if ctx.phases is None or "definition" not in ctx.phases.columns:
        return []
    defs = sorted(set(ctx.phases["definition"].astype(str)))
    if defs == ["a_priori"]:
        return ["phases planned a priori"]
    return [f"phases defined {' / '.join(d.replace('_', ' ') for d in defs)}: descriptive "
            "analyses"]


# -- the comparison: effect sizes and piecewise regression --------------------------------
def _compared(c: ComparisonResult, ctx: Context, m: str) -> pd.DataFrame:
    return c.assign(ctx.series(m))


def _need_comparison(ctx: Context) -> ComparisonResult:
    c = ctx.comparison
    if c is None or c.kind == "none":
        raise Skip("no comparison of two periods: " + (c.reason if c is not None
                                                        else "no phases"))
    return c


def effect_sizes_section(ctx: Context) -> str:
    c = _need_comparison(ctx)
    rows: list[dict[str, Any]] = []
    for m in [x for x in _pair(ctx) if x in ctx.measures]:
        improvement = ctx.improvement(m)
        if improvement is None:
            ctx.log.note(f"{m}: direction of improvement unknown: no effect sizes")
            continue
        opts: dict[str, Any] = dict(data=_compared(c, ctx, m), phase_col="comparison",
                                    baseline_phase=c.baseline, treatment_phase=c.treatment,
                                    improvement=improvement)
        found = {"nap": _attempt(ctx, f"{m}: NAP of the comparison", nap, **opts)}
        if found["nap"] is None:
            continue
        for method in TAU_U_VARIANTS:
            found[f"tau_u_{method}"] = tau_u(method=method, **opts)
        for key, res in found.items():
            ctx.results[f"{key}/{m}"] = res
            variant = TAU_U_VARIANTS[key[6:]] if key.startswith("tau_u") else \
                "Newcombe (2006) method-5 interval"
            rows.append({"measure": m, "es": res.es, "variant": variant, "est": res.est,
                         "se": res.se, "ci_lower": res.ci_lower, "ci_upper": res.ci_upper,
                         "n_baseline": res.n_baseline, "n_treatment": res.n_treatment})
    if not rows:
        raise Skip("no measure with a known direction of improvement")
    ctx.tables["comparison"] = c
    ctx.tables["effect_sizes"] = Result(
        pd.DataFrame(rows), method="Effect sizes of the comparison",
        title=f"Effect sizes: {c.label}", variant="positive = improvement",
        reference="Parker & Vannest (2009), doi:10.1016/j.beth.2008.10.006; Parker et al. "
                  "(2011), doi:10.1016/j.beth.2010.08.006",
        notes=[f"comparison: {c.label}", f"why: {c.reason}"]
        + (["descriptive: the periods were defined post hoc"]
           if c.definition != "a_priori" else []) + [TAU_U_CI_NOTE, TAU_U_SE_NOTE])
    return c.label


def piecewise_section(ctx: Context) -> str:
    c = _need_comparison(ctx)
    m = ctx.symptoms
    if m is None or m not in ctx.measures:
        raise Skip("needs the symptom measure")
    # AR(1) errors with the parametric-bootstrap test: the calibrated option the docstring of
    # piecewise_regression recommends for one short series (docs/calibration_its.md)
    pw = piecewise_regression(_compared(c, ctx, m), phase_col="comparison",
                              baseline_phase=c.baseline, treatment_phase=c.treatment, ar=1,
                              inference="bootstrap", improvement=ctx.improvement(m),
                              phase_definition=c.definition, seed=ctx.seed)
    pw.title = f"Piecewise regression of {m}: {c.label}"
    ctx.tables["piecewise_regression"] = pw
    return f"level change {pw.level_change:.2f} at session {pw.start_session}"


# -- change points ---------------------------------------------------------------------------
def changepoint_section(ctx: Context) -> str:
    rows, done = [], []
    for m in [x for x in _pair(ctx) if x in ctx.measures]:
        s = ctx.series(m)
        if len(s) < _MIN_CHANGEPOINT:
            ctx.log.note(f"{m}: {len(s)} scores, too few for change points (at least "
                         f"{_MIN_CHANGEPOINT})")
            continue
        data = s[["case", "session", "measure", "value"]]
        b = _attempt(ctx, f"{m}: Bayesian change point", bayes_changepoint, data=data)
        a = _attempt(ctx, f"{m}: AMOC", amoc, data=data, improvement=ctx.improvement(m),
                     seed=ctx.seed)
        if b is None or a is None:
            continue
        ctx.results[f"bayes_changepoint/{m}"] = b
        ctx.results[f"amoc/{m}"] = a
        lo, hi = b.credible_interval_sessions
        rows.append({"measure": m, "method": "Bayesian (posterior mode)",
                     "session": b.mode_session, "ci_lower_session": lo, "ci_upper_session": hi,
                     "prob_change": b.prob_change, "p_value": math.nan,
                     "mean_before": math.nan, "mean_after": math.nan})
        rows.append({"measure": m, "method": "AMOC", "session": a.session,
                     "ci_lower_session": a.ci_lower_session,
                     "ci_upper_session": a.ci_upper_session, "prob_change": math.nan,
                     "p_value": a.p_value, "mean_before": a.mean_before,
                     "mean_after": a.mean_after})
        done.append(m)
    if not rows:
        raise Skip(f"no series with at least {_MIN_CHANGEPOINT} scores")
    notes = ["session: the last session before the change"]
    for m in done:
        for key in (f"bayes_changepoint/{m}", f"amoc/{m}"):
            res = ctx.results[key]
            notes.append(f"{m}, {res.method}: {res.variant}" if res.variant else
                         f"{m}: {res.method}")
    ctx.tables["change_points"] = Result(
        pd.DataFrame(rows), method="Change points (exploratory)", seed=ctx.seed,
        title="Change points: where did each series change?",
        variant="Bayesian posterior of one change (bayes_changepoint) and the at-most-one-"
                "change test (amoc), with their defaults", notes=notes)
    return ", ".join(done)


# -- sudden gains ----------------------------------------------------------------------------
def _crit1(inst: Instrument | None) -> float | None:
    if inst is None or inst.rci is None:
        return None
    if inst.rci.value is not None:
        return float(inst.rci.value)
    if inst.rci.sd is not None and inst.rci.reliability is not None:
        return float(crit1_cutoff_from_rci(inst.rci.sd, inst.rci.reliability).value)
    return None


def sudden_gains_section(ctx: Context) -> str:
    m = ctx.symptoms
    if m is None or m not in ctx.measures:
        raise Skip("needs the symptom measure")
    crit1 = _crit1(ctx.instrument(m))
    if crit1 is None:
        raise Skip(f"{m} has no reliable-change constant for criterion 1")
    s = ctx.series(m)
    if len(s) < _MIN_SUDDEN:
        raise Skip(f"{m}: {len(s)} scores, too few for sudden gains")
    cols = [c for c in ("case", "session", "measure", "value", "phase") if c in s.columns]
    opts: dict[str, Any] = dict(sg_crit1_cutoff=crit1, measure=m, improvement=ctx.improvement(m))
    gains = sudden_gains(s[cols], **opts)
    ctx.tables["sudden_gains"] = gains
    ctx.tables["sudden_gains_by_person"] = sudden_gains_by_person(s[cols], **opts)
    return f"{gains.n_gains} gain{'s' if gains.n_gains != 1 else ''}"


# -- rupture-repair ------------------------------------------------------------------------
def rupture_section(ctx: Context) -> str:
    m = ctx.alliance
    if m is None or m not in ctx.measures:
        raise Skip("needs the alliance measure")
    s = ctx.series(m)
    if len(s) < _MIN_RUPTURE:
        raise Skip(f"{m}: {len(s)} scores, too few for rupture-repair episodes")
    inst = ctx.instrument(m)
    with_rci = inst is not None and inst.rci is not None and inst.rci.threshold is not None
    criteria = ["stiles2sd", "gumz"] if with_rci else ["stiles2sd", "strauss1sd"]
    if inst is None:
        ctx.log.note(f"{m} is not in the instrument registry: higher scores are taken as a "
                     "better alliance")
    rr = rupture_repair(s[["case", "session", "measure", "value"]], measure=m,
                        criterion=[*criteria], instrument=inst,
                        improvement=None if inst is not None else "increase", seed=ctx.seed)
    ctx.tables["rupture_repair"] = rr
    events = ctx.events
    if events is not None and (events["event"] == "rupture_noted").any():
        ctx.tables["rupture_agreement"] = rupture_agreement(rr, events)
    else:
        ctx.log.note("no ruptures noted in the events: detections are not compared with "
                     "noted ruptures")
    counts: pd.Series | dict[str, int] = \
        rr.summary.groupby("criterion").size() if len(rr.summary) else {}
    return ", ".join(f"{crit} {int(counts.get(crit, 0)) if len(counts) else 0}"
                     for crit in criteria)


def criteria_of(rr: Result) -> list[str]:
    """The criteria a rupture-repair result was computed under, in the order given."""
    given = rr.options.get("criterion")
    if isinstance(given, str):
        return [c.strip() for c in given.split(",") if c.strip()]
    if given:
        return [str(c) for c in given]
    return sorted(rr.summary["criterion"].astype(str).unique()) if len(rr.summary) else []


# -- precedence ------------------------------------------------------------------------------
def precedence_section(ctx: Context) -> str:
    a, s = ctx.alliance, ctx.symptoms
    if a is None or s is None or a not in ctx.measures or s not in ctx.measures:
        raise Skip("needs both an alliance and a symptom series")
    both = pd.concat([ctx.series(a), ctx.series(s)], ignore_index=True)
    both = both[[c for c in ("case", "session", "measure", "scale", "value", "phase")
                 if c in both.columns]]
    found = {
        "changepoint_precedence": _attempt(
            ctx, "precedence (posterior comparison)", changepoint_precedence, data=both,
            alliance_measure=a, symptom_measure=s),
        "lagged_precedence": _attempt(
            ctx, "precedence (lagged test)", lagged_precedence, both, alliance_measure=a,
            symptom_measure=s, seed=ctx.seed)}
    done = {k: v for k, v in found.items() if v is not None}
    if not done:
        raise Skip("neither the posterior comparison nor the lagged test could be computed "
                   "(see the notes)")
    ctx.tables.update(done)
    return " and ".join(("posterior comparison" if k.startswith("changepoint") else
                         "lagged test") for k in done)


# -- descriptives ----------------------------------------------------------------------------
def descriptives_section(ctx: Context) -> str:
    rows = []
    for (m, scale), g in ctx.scores.groupby(["measure", "scale"], sort=True):
        g = g.sort_values("session")
        ok = g[g["value"].notna()]
        if not len(ok):
            continue
        v = ok["value"].to_numpy(dtype=float)
        rows.append({"measure": m, "scale": scale, "n": int(v.size),
                     "n_missing": int(g["value"].isna().sum()),
                     "first_session": int(ok["session"].iloc[0]), "first": float(v[0]),
                     "last_session": int(ok["session"].iloc[-1]), "last": float(v[-1]),
                     "change": float(v[-1] - v[0]), "mean": float(v.mean()),
                     "sd": float(v.std(ddof=1)) if v.size > 1 else math.nan,
                     "min": float(v.min()), "max": float(v.max())})
    if not rows:
        raise Skip("no scores")
    ctx.tables["descriptives"] = Result(
        pd.DataFrame(rows), method="Descriptive statistics of every score",
        title="Scores: first, last, mean and range per measure and scale",
        notes=["n: sessions with a score; missing: score rows without a value"])
    return f"{len(rows)} scales"


#: the sections in report order: (stage name, section key, function)
SECTIONS = (
    ("reliable change", "reliable_change", reliable_change_section),
    ("phase summary", "phase_summary", phase_summary_section),
    ("effect sizes", "effect_sizes", effect_sizes_section),
    ("piecewise regression", "piecewise_regression", piecewise_section),
    ("change points", "change_points", changepoint_section),
    ("sudden gains", "sudden_gains", sudden_gains_section),
    ("rupture-repair", "rupture_repair", rupture_section),
    ("precedence", "precedence", precedence_section),
    ("descriptives", "descriptives", descriptives_section),
)


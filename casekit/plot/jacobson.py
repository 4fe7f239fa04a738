"""Jacobson plot: pre vs post scores with reliable-change band and clinical cutoff."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from casekit._deprecate import REMOVAL_RELEASE, renamed_arguments
from casekit._input import resolve_improvement
from casekit._validate import as_float_array, check_float, check_option
from casekit.clinical import ReliableChangeResult
from casekit.registry import get_instrument

from . import _figure
from . import _style as st
from ._data import is_whole, listing

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from casekit.registry import Instrument

_F = TypeVar("_F", bound=Callable[..., Any])

__all__ = ["jacobson_plot", "jt_categories"]

# qnorm(0.975), the two-sided 5 % critical value used by Jacobson & Truax (1991) and by
# clinicalsignificance for every RCI method except HA (domain/methods.md §3.2).
Z_975 = 1.959963984540054

# casekit.clinical categories (clinicalsignificance ``cs_combined``): harmed = reliable
# deterioration from the functional into the clinical range.
CATEGORIES = ("recovered", "improved", "unchanged", "deteriorated", "harmed")
_POINT_STYLE = {   # marker, face colour, edge colour: distinguishable without colour
    "recovered": ("o", st.PALETTE["green"], "black"),
    "improved": ("o", "white", st.PALETTE["green"]),
    "unchanged": ("s", "white", "0.3"),
    "deteriorated": ("X", st.PALETTE["vermillion"], st.PALETTE["vermillion"]),
    "harmed": ("X", st.PALETTE["vermillion"], "black"),
}
_REGION_STYLE: dict[str, dict[str, Any]] = {
    "recovered": dict(color=st.PALETTE["green"], alpha=0.22, hatch=None),
    "improved": dict(color=st.PALETTE["green"], alpha=0.09, hatch=None),
    "deteriorated": dict(color=st.PALETTE["vermillion"], alpha=0.10, hatch="\\\\\\"),
    "harmed": dict(color=st.PALETTE["vermillion"], alpha=0.22, hatch=None),
}
#: lines that bound the regions: a region's name must not cross them
_BOUNDARIES = ("_casekit_identity", "_casekit_rc_line", "_casekit_cutoff")


def _renamed_higher_is_better(func: _F) -> _F:
    """``higher_is_better=True/False`` -> ``improvement="increase"/"decrease"``, for one
    release, with a FutureWarning (the value changes form, so renamed_arguments cannot map
    it)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "higher_is_better" in kwargs:
            hib = kwargs.pop("higher_is_better")
            if kwargs.get("improvement") is not None:
                raise TypeError(f"{func.__name__}() got both 'higher_is_better' (the old name) "
                                "and 'improvement'; pass only 'improvement'")
            warnings.warn(f"{func.__name__}(): the argument 'higher_is_better' is now called "
                          "'improvement' (higher_is_better=True -> improvement='increase', "
                          "False -> 'decrease'; renamed in casekit 0.2; the old name stops "
                          f"working in {REMOVAL_RELEASE})", FutureWarning, stacklevel=2)
            if hib is not None:
                kwargs["improvement"] = "increase" if hib else "decrease"
        return func(*args, **kwargs)

    wrapper.__renamed_arguments__ = {  # type: ignore[attr-defined]  # as renamed_arguments
        "higher_is_better": "improvement"}
    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature


def jt_categories(pre: npt.ArrayLike, post: npt.ArrayLike, rc: float, higher_is_better: bool,
                  cutoff: float | None = None, *, rule: str = ">",
                  cutoff_rule: str | None = None) -> np.ndarray:
    """Jacobson-Truax category of each pre/post pair.

    ``d = +1`` if higher is better, else ``-1``; improved if ``d·(post - pre) > rc``
    (``>=`` with ``rule=">="``), deteriorated if ``d·(post - pre) < -rc``; recovered if
    improved and pre on the clinical and post on the functional side of ``cutoff``
    (strict inequalities unless ``cutoff_rule=">="``, the registry rule "a score >= c is
    clinical" for measures where higher is worse); harmed if deteriorated from the functional
    into the clinical side.
    """
    pre = np.asarray(pre, float)
    post = np.asarray(post, float)
    d = 1.0 if higher_is_better else -1.0
    ch = d * (post - pre)
    imp, det = (ch >= rc, ch <= -rc) if rule == ">=" else (ch > rc, ch < -rc)
    out = np.where(imp, "improved", np.where(det, "deteriorated", "unchanged")).astype(object)
    if cutoff is not None:
        c = float(cutoff)
        inclusive = cutoff_rule == ">="
        # "clinical side" of the cutoff, in the scale's own direction

        def side(v: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
            if higher_is_better:
                return v <= c if inclusive else v < c
            return v >= c if inclusive else v > c

        def functional(v: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
            return v > c if higher_is_better else v < c

        out[det & functional(pre) & side(post)] = "harmed"
        out[imp & side(pre) & functional(post)] = "recovered"
    return out


@dataclass
class Jacobson:
    """The validated inputs of a Jacobson plot."""

    pre: np.ndarray
    post: np.ndarray
    ids: Sequence[Any] | None
    categories: np.ndarray
    rc: float
    rule: str
    cutoff: float | None
    cutoff_rule: str | None
    higher_is_better: bool
    lo: float
    hi: float


def _source(pre: object, post: npt.ArrayLike | None, ids: Sequence[Hashable] | None
            ) -> tuple[npt.ArrayLike, npt.ArrayLike, Sequence[Hashable] | None, dict[str, Any]]:
    """``(pre, post, ids, attrs)`` from arrays, a table or a reliable-change result."""
    if not (isinstance(pre, (pd.DataFrame, ReliableChangeResult))):
        if not isinstance(pre, (list, tuple, np.ndarray, pd.Series)):
            raise TypeError("pre must be pre scores (with post), a table with 'pre' and "
                            "'post' columns or a casekit.reliable_change result; got "
                            f"{type(pre).__name__}")
        if post is None:
            raise ValueError("post is required when pre is an array")
        return pre, post, ids, {}
    if post is not None:
        raise ValueError("post must be None when pre is a table or result")
    tab = pre.summary if isinstance(pre, ReliableChangeResult) else pre
    miss = [c for c in ("pre", "post") if c not in tab.columns]
    if miss:
        raise ValueError(f"the table/result passed as pre lacks columns {miss}; columns "
                         f"present: {listing(tab.columns)}")
    if ids is None and "id" in tab.columns:
        ids = tab["id"].tolist()
    attrs: dict[str, Any] = {name: float(tab[name].iloc[0])
                             for name in ("s_diff", "critical_value")
                             if name in tab.columns and tab[name].nunique() == 1}
    if "critical_value" in attrs:
        attrs["z"] = attrs.pop("critical_value")
    if isinstance(pre, ReliableChangeResult):
        attrs = _result_fields(pre, tab)
    return tab["pre"].to_numpy(), tab["post"].to_numpy(), ids, attrs


def _result_fields(res: ReliableChangeResult, tab: pd.DataFrame) -> dict[str, Any]:
    """The declared fields of a reliable-change result that the plot uses."""
    if not res.constant_band:
        raise ValueError(f"a Jacobson plot draws the JT band (identity ± z·S_diff); the "
                         f"result uses the {res.method} RCI. Pass a JT result "
                         "(method='JT') or the pre/post scores with s_diff=")
    attrs: dict[str, Any] = {"rc": res.rc, "rule": res.rule, "z": res.z,
                             "improvement": res.improvement, "cutoff": res.cutoff}
    if "category" in tab.columns:
        attrs["categories"] = tab["category"].astype(object).to_numpy()
    return {k: v for k, v in attrs.items() if v is not None}


def _band(s_diff: float | None, rc: float | None, z: float | None, rule: str | None,
          attrs: Mapping[str, Any], inst: Instrument | None) -> tuple[float, str]:
    """The band half-width in points and the rule ('>' or '>=')."""
    z = check_float(z if z is not None else attrs.get("z", Z_975), "z", minimum=0.0,
                    inclusive=False)
    if s_diff is not None and rc is not None:
        raise ValueError("give either s_diff or rc, not both")
    if s_diff is None and rc is None:
        if "rc" in attrs:
            rc, rule = attrs["rc"], rule if rule is not None else attrs.get("rule")
        elif "s_diff" in attrs:
            s_diff = attrs["s_diff"]
        elif inst is not None and inst.rci is not None:
            if inst.rci.value is not None:
                rc, rule = inst.rci.value, rule if rule is not None else inst.rci.rule
            elif inst.rci.s_diff is not None:
                s_diff = inst.rci.s_diff
        if s_diff is None and rc is None:
            raise ValueError("the reliable-change band is unknown: pass s_diff= or rc= (or an "
                             "instrument= with reliable-change constants)")
    if rc is None:
        rc = z * check_float(s_diff, "s_diff", minimum=0.0, inclusive=False)
    rc = check_float(rc, "rc", minimum=0.0, inclusive=False)
    return rc, check_option(rule if rule is not None else ">", "rule", (">", ">="))


def _cutoff(cutoff: float | str | None, cutoff_rule: str | None, attrs: Mapping[str, Any],
            inst: Instrument | None) -> tuple[float | None, str | None]:
    if cutoff is None:
        cutoff = attrs.get("cutoff")
    if isinstance(cutoff, str):
        check_option(cutoff, "cutoff", ("instrument",))
        if inst is None or inst.cutoff is None:
            raise ValueError("cutoff='instrument' needs instrument= with a clinical cutoff")
        cutoff_rule = inst.cutoff.rule if cutoff_rule is None else cutoff_rule
        cutoff = inst.cutoff.value
    value: float | None = None if cutoff is None else check_float(cutoff, "cutoff")
    if cutoff_rule is not None:
        check_option(cutoff_rule, "cutoff_rule", (">=", ">"))
    return value, (None if cutoff_rule == ">" else cutoff_rule)


def _inputs(pre: object, post: npt.ArrayLike | None, *, ids: Sequence[Hashable] | None,
            s_diff: float | None, rc: float | None, z: float | None,
            cutoff: float | str | None, improvement: str | Instrument | None,
            instrument: str | Instrument | None, rule: str | None, cutoff_rule: str | None,
            limits: Sequence[float] | None) -> Jacobson:
    """Validate everything before drawing."""
    pre, post, ids, attrs = _source(pre, post, ids)
    pre, post = as_float_array(pre, "pre"), as_float_array(post, "post")
    if pre.shape != post.shape:
        raise ValueError(f"pre and post must have the same length; got {pre.size} and "
                         f"{post.size}")
    if pre.size == 0:
        raise ValueError("pre and post are empty")
    if ids is not None and len(ids) != pre.size:
        raise ValueError(f"cases has {len(ids)} entries for {pre.size} points")
    inst = get_instrument(instrument) if instrument is not None else None
    given = improvement if improvement is not None else attrs.get("improvement")
    if given is None and inst is None:
        raise ValueError("the direction is unknown: pass improvement= or instrument=")
    hib = resolve_improvement(given, instrument=inst).improvement == "increase"
    rc, rule = _band(s_diff, rc, z, rule, attrs, inst)
    cutoff, cutoff_rule = _cutoff(cutoff, cutoff_rule, attrs, inst)
    if "categories" in attrs:       # a result: its own categories (never re-derived)
        cats = attrs["categories"]
        unknown = sorted({str(c) for c in cats} - set(CATEGORIES))
        if unknown:
            raise ValueError(f"result categories {unknown} are not among {CATEGORIES}")
    else:
        cats = jt_categories(pre, post, rc, hib, cutoff, rule=rule, cutoff_rule=cutoff_rule)
    if limits is None:
        vals = np.concatenate([pre, post] + ([[cutoff]] if cutoff is not None else []))
        lo, hi = float(vals.min()), float(vals.max())
        span = max(hi - lo, 2 * rc, 1.0)
        lo, hi = lo - 0.08 * span, hi + 0.08 * span
    else:
        lo, hi = (check_float(v, "limits") for v in limits)
        if not lo < hi:
            raise ValueError(f"limits must be increasing; got {limits!r}")
    return Jacobson(pre=pre, post=post, ids=ids, categories=np.asarray(cats, dtype=object),
                    rc=rc, rule=rule, cutoff=cutoff, cutoff_rule=cutoff_rule,
                    higher_is_better=hib, lo=lo, hi=hi)


@renamed_arguments(ids="cases", since="0.2")
@_renamed_higher_is_better
def jacobson_plot(pre: npt.ArrayLike | pd.DataFrame | ReliableChangeResult,
                  post: npt.ArrayLike | None = None, *, s_diff: float | None = None,
                  rc: float | None = None, z: float | None = None,
                  cutoff: float | str | None = None, improvement: str | Instrument | None = None,
                  instrument: str | Instrument | None = None, rule: str | None = None,
                  cutoff_rule: str | None = None, cases: Sequence[Hashable] | None = None,
                  annotate: bool = False, limits: Sequence[float] | None = None,
                  legend: bool = True, title: str | None = None, ax: Axes | None = None,
                  figsize: tuple[float, float] | None = None,
                  style: str | dict[str, Any] | None = "paper") -> tuple[Figure, Axes]:
    """Jacobson plot: post score against pre score with reliable-change and cutoff regions.

    Parameters
    ----------
    pre : array-like, pandas.DataFrame or ReliableChangeResult
        Pre scores (with ``post``), a table with ``pre`` and ``post`` (optional ``id``, and
        constant ``s_diff`` / ``critical_value`` columns), or a :func:`casekit.reliable_change`
        result: its ``.summary`` (``pre``, ``post``, ``id``, ``category``, drawn as is) and its
        fields ``rc`` (the band, z·S_diff), ``rule``, ``z``, ``improvement`` and ``cutoff``
        are used unless given here. Only results whose band is identity ± a constant are
        accepted (``constant_band``, the JT method; see ``casekit.clinical.RCI_METHODS``).
    post : array-like, optional
        Post scores (same length as ``pre``).
    s_diff : float, optional
        Standard error of the difference, S_diff = SD·√(2(1 − r_xx)); the band is ± z·S_diff.
    rc : float, optional
        Reliable change in raw points (e.g. PHQ-9: 6), instead of ``s_diff``.
    z : float, optional
        Critical value (default qnorm(.975) = 1.959964 or the result's ``critical_value``).
    cutoff : float or "instrument", optional
        Clinical cutoff drawn on both axes (needed for the "recovered" region).
    improvement : {"increase", "decrease"}, instrument name or Instrument, optional
        Direction of improvement; defaults from ``instrument`` or the result. (Called
        ``higher_is_better`` (True/False) before; the old name works for one release, with a
        ``FutureWarning``.)
    instrument : str or Instrument, optional
        Registry instrument giving direction, ``rc`` (``rci.value`` or z·S_diff), the cutoff
        (with ``cutoff="instrument"``) and the rules.
    rule : {">", ">="}, optional
        Reliable change if |change| > rc (JT / clinicalsignificance, default) or >= rc (the
        registry rule of e.g. PHQ-9 "6 points or more").
    cutoff_rule : {None, ">="}, optional
        ``None``: recovered needs pre strictly on the clinical side and post strictly on the
        functional side (clinicalsignificance); ``">="``: a score equal to the cutoff counts
        as clinical (registry rule of caseness cutoffs).
    cases : sequence, optional
        Point labels, one case label per point (default the ``id`` column of a table or
        result). (Called ``ids`` before; the old name works for one release, with a
        ``FutureWarning``.)
    annotate : bool
        Write the case labels next to the points.
    limits : (float, float), optional
        Axis limits (same on both axes); default the data, cutoff and band padded by 8 %.
    legend, title, ax, figsize, style
        As in :func:`casekit.plot.session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Points are drawn as one scatter per category with label ``"<category> (n)"``; region
        fills carry labels ``_casekit_region_<category>``. The legend (under the axes) has an
        entry for every category with points and for every shaded region (its colour behind
        the category's marker).

    See Also
    --------
    casekit.reliable_change : the RCI and categories in numbers.
    jt_categories : the classification used for the point symbols.

    Notes
    -----
    Jacobson & Truax (1991): RCI = (post − pre)/S_diff; reliable change when |RCI| > z. The
    band around the identity line is post = pre ± z·S_diff. Regions (for lower = better):
    improved below the band, deteriorated above it, unchanged inside, recovered = improved
    with pre on the clinical and post on the functional side of the cutoff. The categories
    reproduce clinicalsignificance 2.1.0.9000 ``cs_distribution(rci_method = "JT")`` (tested
    on Jacobson et al. 1989 GDS, reference values in ../shared/reference). Each region is named
    inside it, at the place farthest from its edges that touches no point and no line; a
    shaded region too small for its name is named in a smaller font (6 pt) or, failing that,
    beside it at the nearest free place with a thin leader line into it (the unshaded
    band around the identity line is named only when its name fits; the legend names every
    region). Ticks fall on whole numbers
    when the scores are whole numbers.

    References
    ----------
    Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to
    defining meaningful change in psychotherapy research. J Consult Clin Psychol, 59(1),
    12-19. https://doi.org/10.1037/0022-006X.59.1.12

    Examples
    --------
    >>> from casekit.plot import jacobson_plot
    >>> fig, ax = jacobson_plot([20, 18, 15], [6, 15, 16], instrument="PHQ-9",
    ...                         cutoff="instrument")
    >>> fig, ax = jacobson_plot([20, 18, 15], [6, 15, 16], rc=6, improvement="PHQ-9")
    """
    st.check_style(style)
    j = _inputs(pre, post, ids=cases, s_diff=s_diff, rc=rc, z=z, cutoff=cutoff,
                improvement=improvement, instrument=instrument, rule=rule,
                cutoff_rule=cutoff_rule, limits=limits)
    with st.style_context(style):
        fig, ax = _figure.new_figure(ax, size=figsize or st.figsize("single", 1.0),
                                     style=style)
        regions = _draw_regions(ax, j)
        _draw_lines(ax, j)
        handles = _draw_points(ax, j, regions, annotate)
        ax.set_xlim(j.lo, j.hi)
        ax.set_ylim(j.lo, j.hi)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("Pre-treatment score")
        ax.set_ylabel("Post-treatment score")
        if is_whole(np.r_[j.pre, j.post]):
            _figure.integer_ticks(ax)
        _figure.finish(fig, [ax], handles=handles, legend=legend, title=title)
    return fig, ax


def _draw_lines(ax: Axes, j: Jacobson) -> None:
    lo, hi, rc = j.lo, j.hi, j.rc
    ax.plot([lo, hi], [lo, hi], color="black", linewidth=0.8, marker="",
            label="_casekit_identity")
    for sgn in (-1, 1):
        ax.plot([lo, hi], [lo + sgn * rc, hi + sgn * rc], color="0.35", linewidth=0.7,
                linestyle="--", marker="", label="_casekit_rc_line")
    if j.cutoff is not None:
        ax.axvline(j.cutoff, color="0.35", linestyle=":", linewidth=0.8,
                   label="_casekit_cutoff")
        ax.axhline(j.cutoff, color="0.35", linestyle=":", linewidth=0.8,
                   label="_casekit_cutoff")


def _draw_points(ax: Axes, j: Jacobson, regions: Mapping[str, Patch],
                 annotate: bool) -> list[_figure.Entry]:
    """One scatter per category; legend entries for every category with points or a region
    (the region's colour behind the category's marker)."""
    entries: list[_figure.Entry] = []
    for cat in CATEGORIES:
        m = j.categories == cat
        if not m.any() and cat not in regions:
            continue
        mk, fc, ec = _POINT_STYLE[cat]
        label = f"{cat} ({int(m.sum())})"
        pts = ax.scatter(j.pre[m], j.post[m], marker=mk, facecolors=fc, edgecolors=ec,
                         linewidths=0.8, s=22, zorder=4,
                         label=label if m.any() else f"_casekit_empty_{cat}")
        entries.append(_figure.Entry((regions[cat], pts) if cat in regions else pts, label))
    if annotate and j.ids is not None:
        for xi, yi, t in zip(j.pre, j.post, j.ids, strict=True):
            ax.annotate(str(t), (xi, yi), xytext=(3, 3), textcoords="offset points",
                        fontsize=st.SMALL_SIZE - 0.5, label="_casekit_id")
    return entries


def _region_masks(X: np.ndarray, Y: np.ndarray, rc: float, cutoff: float | None,
                  hib: bool) -> dict[str, np.ndarray]:
    d = 1.0 if hib else -1.0
    ch = d * (Y - X)
    imp = ch > rc
    det = ch < -rc
    masks = {"deteriorated": det, "unchanged": ~imp & ~det}
    if cutoff is not None:
        rec = imp & ((X < cutoff) & (Y > cutoff) if hib else (X > cutoff) & (Y < cutoff))
        harm = det & ((X > cutoff) & (Y < cutoff) if hib else (X < cutoff) & (Y > cutoff))
        masks["recovered"] = rec
        masks["improved"] = imp & ~rec
        masks["harmed"] = harm
        masks["deteriorated"] = det & ~harm
    else:
        masks["improved"] = imp
    return masks


def _fill(ax: Axes, name: str, xg: np.ndarray, a: np.ndarray, b: np.ndarray,
          where: np.ndarray) -> Patch | None:
    sty = _REGION_STYLE[name]
    if not (where & (b > a)).any():
        return None
    ax.fill_between(xg, a, b, where=where & (b > a), facecolor=sty["color"], alpha=sty["alpha"],
                    hatch=sty["hatch"], edgecolor=sty["color"] if sty["hatch"] else "none",
                    lw=0, zorder=0, label=f"_casekit_region_{name}")
    from matplotlib.patches import Patch  # lazy: matplotlib on first use

    return Patch(facecolor=sty["color"], alpha=sty["alpha"], hatch=sty["hatch"],
                 edgecolor=sty["color"] if sty["hatch"] else "none", lw=0)


def _draw_regions(ax: Axes, j: Jacobson) -> dict[str, Patch]:
    """Shade the improved / deteriorated sides of the band and, with a cutoff, the recovered
    and harmed corners; name each region. Returns a legend patch per shaded region."""
    lo, hi, rc, c, hib = j.lo, j.hi, j.rc, j.cutoff, j.higher_is_better
    xg = np.linspace(lo, hi, 241)
    up, down = np.clip(xg + rc, lo, hi), np.clip(xg - rc, lo, hi)
    top, bottom = np.full_like(xg, hi), np.full_like(xg, lo)
    every = np.ones_like(xg, bool)
    better, worse = ((up, top), (bottom, down)) if hib else ((bottom, down), (up, top))
    patches = {"improved": _fill(ax, "improved", xg, *better, every),
               "deteriorated": _fill(ax, "deteriorated", xg, *worse, every)}
    if c is not None:
        if hib:
            rec = (np.maximum(up, c), top, xg < c)
            harm = (bottom, np.minimum(down, c), xg > c)
        else:
            rec = (bottom, np.minimum(down, c), xg > c)
            harm = (np.maximum(up, c), top, xg < c)
        patches["recovered"] = _fill(ax, "recovered", xg, rec[0], rec[1], rec[2])
        patches["harmed"] = _fill(ax, "harmed", xg, harm[0], harm[1], harm[2])
    _region_labels(ax, j)
    return {k: v for k, v in patches.items() if v is not None}


def _region_labels(ax: Axes, j: Jacobson, n: int = 121, per_region: int = 40) -> None:
    """A name in each region, with candidate places from its deepest point outwards
    (placed clear of points and lines once the figure is laid out)."""
    from scipy import ndimage  # lazy: scipy only for the distance transform

    g = np.linspace(j.lo, j.hi, n)
    X, Y = np.meshgrid(g, g)
    for name, mask in _region_masks(X, Y, j.rc, j.cutoff, j.higher_is_better).items():
        if not mask.any():
            continue
        dist = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
        order = np.argsort(-dist, axis=None, kind="stable")
        picked: list[tuple[int, int]] = []
        for flat in order:
            iy, ix = np.unravel_index(int(flat), dist.shape)
            if dist[iy, ix] <= 0 or len(picked) >= per_region:
                break
            if all(abs(iy - a) + abs(ix - b) > 4 for a, b in picked):
                picked.append((int(iy), int(ix)))
        t = ax.text(g[picked[0][1]], g[picked[0][0]], name, ha="center", va="center",
                    fontsize=st.SMALL_SIZE, color="0.2", zorder=3,
                    label="_casekit_region_label")
        t._casekit_candidates = [  # type: ignore[attr-defined]  # a casekit tag
            (g[ix], g[iy], "center", "center", "data", 0.0, 0.0) for iy, ix in picked]
        # a shaded region too small for its name is named beside it, with a leader line
        t._casekit_beside = name in _REGION_STYLE  # type: ignore[attr-defined]  # casekit tag

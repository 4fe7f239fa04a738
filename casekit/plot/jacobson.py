"""Jacobson plot: pre vs post scores with reliable-change band and clinical cutoff."""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit._validate import as_float_array, check_float, check_option

from . import _style as st

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
_REGION_STYLE = {
    "recovered": dict(color=st.PALETTE["green"], alpha=0.22, hatch=None),
    "improved": dict(color=st.PALETTE["green"], alpha=0.09, hatch=None),
    "deteriorated": dict(color=st.PALETTE["vermillion"], alpha=0.10, hatch="\\\\\\"),
    "harmed": dict(color=st.PALETTE["vermillion"], alpha=0.22, hatch=None),
}


def jt_categories(pre, post, rc, higher_is_better, cutoff=None, *, rule=">",
                  cutoff_rule=None) -> np.ndarray:
    """Jacobson-Truax category of each pre/post pair.

    ``d = +1`` if higher is better, else ``-1``; improved if ``d·(post - pre) > rc``
    (``>=`` with ``rule=">="``), deteriorated if ``d·(post - pre) < -rc``; recovered if
    improved and pre on the clinical side and post on the functional side of ``cutoff``
    (strict inequalities unless ``cutoff_rule=">="``, the registry rule "a score >= c is
    clinical" for measures where higher is worse); harmed if deteriorated from the functional
    into the clinical side.
    """
    pre = np.asarray(pre, float)
    post = np.asarray(post, float)
    d = 1.0 if higher_is_better else -1.0
    ch = d * (post - pre)
    if rule == ">=":
        imp, det = ch >= rc, ch <= -rc
    else:
        imp, det = ch > rc, ch < -rc
    out = np.where(imp, "improved", np.where(det, "deteriorated", "unchanged")).astype(object)
    if cutoff is not None:
        c = float(cutoff)
        inclusive = cutoff_rule == ">="
        if higher_is_better:
            pre_clinical = (pre <= c) if inclusive else (pre < c)
            post_functional = post > c
            pre_functional = pre > c
            post_clinical = (post <= c) if inclusive else (post < c)
        else:
            pre_clinical = (pre >= c) if inclusive else (pre > c)
            post_functional = post < c
            pre_functional = pre < c
            post_clinical = (post >= c) if inclusive else (post > c)
        out[det & pre_functional & post_clinical] = "harmed"
        out[imp & pre_clinical & post_functional] = "recovered"
    return out


def _from_result(obj):
    tab = obj.summary if hasattr(obj, "summary") and not isinstance(obj, pd.DataFrame) else obj
    miss = [c for c in ("pre", "post") if c not in tab.columns]
    if miss:
        raise ValueError(f"the table/result passed as pre lacks columns {miss}; columns "
                         f"present: {list(tab.columns)}")
    ids = tab["id"].tolist() if "id" in tab.columns else None
    attrs = {}
    if not isinstance(obj, pd.DataFrame):
        method = getattr(obj, "options", {}).get("method", getattr(obj, "method", None))
        if isinstance(method, str) and method.upper() in ("GLN", "HLL", "EN", "NK", "HA",
                                                           "HLM"):
            raise ValueError(f"a Jacobson plot draws the JT band (identity ± z·S_diff); the "
                             f"result uses the {method} RCI. Pass a JT result "
                             "(method='JT') or the pre/post scores with s_diff=")
        for name in ("s_diff", "threshold", "critical_value", "z", "higher_is_better",
                     "improvement", "cutoff"):
            v = getattr(obj, name, None)
            if v is None and isinstance(getattr(obj, "options", None), dict):
                v = obj.options.get(name)
            if v is not None:
                attrs[name] = v
        if "threshold" in attrs:
            attrs["rc"] = attrs.pop("threshold")
        if "category" in tab.columns:
            attrs["categories"] = tab["category"].astype(object).to_numpy()
    for name in ("s_diff", "critical_value"):
        if name not in attrs and name in tab.columns and tab[name].nunique() == 1:
            attrs[name] = float(tab[name].iloc[0])
    return tab["pre"].to_numpy(), tab["post"].to_numpy(), ids, attrs


def jacobson_plot(pre, post=None, *, s_diff=None, rc=None, z=None, cutoff=None,
                  higher_is_better=None, instrument=None, rule=None, cutoff_rule=None,
                  ids=None, annotate=False, limits=None, legend=True, title=None, ax=None,
                  figsize=None, style="paper"):
    """Jacobson plot: post score against pre score with reliable-change and cutoff regions.

    Parameters
    ----------
    pre : array-like, pandas.DataFrame or result
        Pre scores (with ``post``), or a table / ``casekit.reliable_change`` result whose
        ``.summary`` has ``pre`` and ``post`` (and optional ``id``, ``category``); a result's
        ``threshold`` (= z·S_diff, the band), ``s_diff``, ``z``, ``improvement`` and
        ``cutoff`` are used unless given here, and its ``category`` column is drawn as is.
        Only JT results are accepted (the band of the other RCI variants is not identity ±
        a constant).
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
    higher_is_better : bool, optional
        Direction; defaults from ``instrument`` or the result.
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
    ids : sequence, optional
        Point labels (default the ``id`` column of a table).
    annotate : bool
        Write the ids next to the points.
    limits : (float, float), optional
        Axis limits (same on both axes); default the data, cutoff and band padded by 8 %.
    legend, title, ax, figsize, style
        As in :func:`casekit.plot.session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Points are drawn as one scatter per category with label ``"<category> (n)"``; region
        fills carry labels ``_casekit_region_<category>``.

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
    on Jacobson et al. 1989 GDS, reference values in ../shared/reference). Region labels are
    placed at the point of each region farthest from its edges.

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
    """
    st.check_style(style)
    attrs = {}
    if isinstance(pre, pd.DataFrame) or hasattr(pre, "summary"):
        if post is not None:
            raise ValueError("post must be None when pre is a table or result")
        pre, post, tab_ids, attrs = _from_result(pre)
        if ids is None:
            ids = tab_ids
    elif post is None:
        raise ValueError("post is required when pre is an array")
    pre = as_float_array(pre, "pre")
    post = as_float_array(post, "post")
    if pre.shape != post.shape:
        raise ValueError(f"pre and post must have the same length; got {pre.size} and "
                         f"{post.size}")
    if pre.size == 0:
        raise ValueError("pre and post are empty")
    if ids is not None and len(ids) != pre.size:
        raise ValueError(f"ids has {len(ids)} entries for {pre.size} points")
    inst = None
    if instrument is not None:
        from casekit.registry import get_instrument

        inst = get_instrument(instrument)
    # direction
    if higher_is_better is None:
        if "higher_is_better" in attrs:
            higher_is_better = bool(attrs["higher_is_better"])
        elif "improvement" in attrs:
            higher_is_better = check_option(attrs["improvement"], "improvement",
                                            ("increase", "decrease")) == "increase"
        elif inst is not None:
            higher_is_better = inst.higher_is_better
        else:
            raise ValueError("the direction is unknown: pass higher_is_better= or instrument=")
    higher_is_better = bool(higher_is_better)
    # reliable change
    if z is None:
        z = attrs.get("critical_value", attrs.get("z", Z_975))
    z = check_float(z, "z", minimum=0.0, inclusive=False)
    if s_diff is not None and rc is not None:
        raise ValueError("give either s_diff or rc, not both")
    if s_diff is None and rc is None:
        if "rc" in attrs:
            rc = attrs["rc"]
        elif "s_diff" in attrs:
            s_diff = attrs["s_diff"]
        elif inst is not None and inst.rci is not None:
            if inst.rci.value is not None:
                rc = inst.rci.value
                if rule is None:
                    rule = inst.rci.rule
            elif inst.rci.s_diff is not None:
                s_diff = inst.rci.s_diff
        if s_diff is None and rc is None:
            raise ValueError("the reliable-change band is unknown: pass s_diff= or rc= (or an "
                             "instrument= with reliable-change constants)")
    if rc is None:
        rc = z * check_float(s_diff, "s_diff", minimum=0.0, inclusive=False)
    rc = check_float(rc, "rc", minimum=0.0, inclusive=False)
    rule = check_option(rule if rule is not None else ">", "rule", (">", ">="))
    # cutoff
    if cutoff is None:
        cutoff = attrs.get("cutoff")
    if isinstance(cutoff, str):
        check_option(cutoff, "cutoff", ("instrument",))
        if inst is None or inst.cutoff is None:
            raise ValueError("cutoff='instrument' needs instrument= with a clinical cutoff")
        if cutoff_rule is None:
            cutoff_rule = inst.cutoff.rule
        cutoff = inst.cutoff.value
    if cutoff is not None:
        cutoff = check_float(cutoff, "cutoff")
    if cutoff_rule is not None:
        check_option(cutoff_rule, "cutoff_rule", (">=", ">"))
        if cutoff_rule == ">":
            cutoff_rule = None
    if "categories" in attrs:
        # a casekit.reliable_change result: draw its own categories (never re-derived)
        cats = attrs["categories"]
        unknown = sorted({str(c) for c in cats} - set(CATEGORIES))
        if unknown:
            raise ValueError(f"result categories {unknown} are not among {CATEGORIES}")
    else:
        cats = jt_categories(pre, post, rc, higher_is_better, cutoff, rule=rule,
                             cutoff_rule=cutoff_rule)
    # limits
    if limits is None:
        vals = np.concatenate([pre, post] + ([[cutoff]] if cutoff is not None else []))
        lo, hi = float(vals.min()), float(vals.max())
        span = max(hi - lo, 2 * rc, 1.0)
        lo, hi = lo - 0.08 * span, hi + 0.08 * span
    else:
        lo, hi = (check_float(v, "limits") for v in limits)
        if not lo < hi:
            raise ValueError(f"limits must be increasing; got {limits!r}")

    with st.style_context(style):
        fig, ax = st.new_figure(ax, size=figsize or st.figsize("single", 1.0))
        _draw_regions(ax, lo, hi, rc, cutoff, higher_is_better)
        ax.plot([lo, hi], [lo, hi], color="black", linewidth=0.8, marker="",
                label="_casekit_identity")
        for sgn in (-1, 1):
            ax.plot([lo, hi], [lo + sgn * rc, hi + sgn * rc], color="0.35", linewidth=0.7,
                    linestyle="--", marker="", label="_casekit_rc_line")
        if cutoff is not None:
            ax.axvline(cutoff, color="0.35", linestyle=":", linewidth=0.8,
                       label="_casekit_cutoff")
            ax.axhline(cutoff, color="0.35", linestyle=":", linewidth=0.8,
                       label="_casekit_cutoff")
        for cat in CATEGORIES:
            m = cats == cat
            if not m.any():
                continue
            mk, fc, ec = _POINT_STYLE[cat]
            ax.scatter(pre[m], post[m], marker=mk, facecolors=fc, edgecolors=ec,
                       linewidths=0.8, s=22, zorder=4, label=f"{cat} ({int(m.sum())})")
        if annotate and ids is not None:
            for xi, yi, t in zip(pre, post, ids, strict=True):
                ax.annotate(str(t), (xi, yi), xytext=(3, 3), textcoords="offset points",
                            fontsize=6.5, label="_casekit_id")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("Pre-treatment score")
        ax.set_ylabel("Post-treatment score")
        if title:
            ax.set_title(title)
        if legend:
            from .series import below_xlabel
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0),
                      bbox_transform=below_xlabel(ax), ncol=2,
                      fontsize=7.5, handletextpad=0.3, columnspacing=1.0)
    return fig, ax


def _region_masks(X, Y, rc, cutoff, hib):
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


def _draw_regions(ax, lo, hi, rc, cutoff, hib):
    from scipy import ndimage

    xg = np.linspace(lo, hi, 241)
    # fills: improved side of the band, recovered corner, deteriorated side
    if hib:
        imp_lo, imp_hi = np.clip(xg + rc, lo, hi), np.full_like(xg, hi)
        det_lo, det_hi = np.full_like(xg, lo), np.clip(xg - rc, lo, hi)
    else:
        imp_lo, imp_hi = np.full_like(xg, lo), np.clip(xg - rc, lo, hi)
        det_lo, det_hi = np.clip(xg + rc, lo, hi), np.full_like(xg, hi)
    for name, (a, b) in (("improved", (imp_lo, imp_hi)), ("deteriorated", (det_lo, det_hi))):
        sty = _REGION_STYLE[name]
        ax.fill_between(xg, a, b, where=b > a, facecolor=sty["color"], alpha=sty["alpha"],
                        hatch=sty["hatch"], edgecolor=sty["color"] if sty["hatch"] else "none",
                        lw=0, zorder=0, label=f"_casekit_region_{name}")
    if cutoff is not None:
        sty = _REGION_STYLE["recovered"]
        if hib:
            m = xg < cutoff
            a, b = np.maximum(np.clip(xg + rc, lo, hi), cutoff), np.full_like(xg, hi)
        else:
            m = xg > cutoff
            a, b = np.full_like(xg, lo), np.minimum(np.clip(xg - rc, lo, hi), cutoff)
        ax.fill_between(xg, a, b, where=m & (b > a), facecolor=sty["color"],
                        alpha=sty["alpha"], lw=0, zorder=0, label="_casekit_region_recovered")
        sty = _REGION_STYLE["harmed"]
        if hib:
            m = xg > cutoff
            a, b = np.full_like(xg, lo), np.minimum(np.clip(xg - rc, lo, hi), cutoff)
        else:
            m = xg < cutoff
            a, b = np.maximum(np.clip(xg + rc, lo, hi), cutoff), np.full_like(xg, hi)
        ax.fill_between(xg, a, b, where=m & (b > a), facecolor=sty["color"],
                        alpha=sty["alpha"], lw=0, zorder=0, label="_casekit_region_harmed")
    # region labels at the interior point farthest from the region's edges
    n = 121
    g = np.linspace(lo, hi, n)
    X, Y = np.meshgrid(g, g)
    for name, mask in _region_masks(X, Y, rc, cutoff, hib).items():
        if not mask.any():
            continue
        dist = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
        iy, ix = np.unravel_index(int(np.argmax(dist)), dist.shape)
        ax.text(g[ix], g[iy], name, ha="center", va="center", fontsize=7, color="0.2",
                zorder=3, label="_casekit_region_label")

"""Jacobson plot: identity line, reliable-change band, cutoffs, regions, point categories.

Reference: Jacobson, N. S., & Truax, P. (1991), J Consult Clin Psychol 59(1):12-19,
doi:10.1037/0022-006X.59.1.12. The point categories are compared with clinicalsignificance
2.1.0.9000 (R 4.2.2), read from ../shared/reference/values/rci.json:

    cs_distribution(jacobson_1989, subject, time, gds, pre = "pre", reliability = 0.80,
                    better_is = "lower", rci_method = "JT")           # jacobson_1989_gds[JT]
    cs_distribution(jacobson_1989, subject, time, das, pre = "pre", reliability = 0.80,
                    better_is = "higher")                             # jacobson_1989_das_JT
    cs_distribution(claus_2020, id, time, hamd, pre = 1, post = 4, reliability = 0.80,
                    better_is = "lower")                              # claus_2020_hamd_JT
    cs_distribution(<rci_pairs>, id, time, score, pre = "pre", reliability = 0.84,
                    better_is = "lower")                              # rci_pairs_JT

The band half-width is critical_value * s_diff from the same output; categories are exact
(no tolerance: a point is either in a region or not).
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from casekit.plot import jacobson_plot
from casekit.plot.jacobson import jt_categories
from tests._reference import load_values

from ._small import by_label


def _points(ax):
    """category -> set of (pre, post) drawn in that category's scatter."""
    out = {}
    for coll in ax.collections:
        lab = coll.get_label()
        if lab.startswith("_"):
            continue
        cat = lab.split(" (")[0]
        out[cat] = {tuple(map(float, p)) for p in coll.get_offsets()}
    return out


def _rci_entry(reference_dir, key):
    vals = load_values(reference_dir, "rci.json")
    entry = vals[key]
    if isinstance(entry, list):
        entry = next(e for e in entry if e["rci_method"] == "JT")
    return entry


@pytest.mark.reference
@pytest.mark.parametrize("key", ["jacobson_1989_gds", "jacobson_1989_das_JT",
                                 "claus_2020_hamd_JT", "rci_pairs_JT"])
def test_categories_match_clinicalsignificance_jt(reference_dir, key):
    e = _rci_entry(reference_dir, key)
    per = pd.DataFrame(e["per_id"])
    fig, ax = jacobson_plot(per["pre"], per["post"], s_diff=e["method_constants"]["s_diff"],
                            z=e["critical_value"], improvement="increase" if e["better_is"] == "higher"
                            else "decrease")
    drawn = _points(ax)
    for cat in ("improved", "unchanged", "deteriorated"):
        expected = {(float(a), float(b)) for a, b, c in
                    zip(per["pre"], per["post"], per["category"], strict=True)
                    if c.lower() == cat}
        assert drawn.get(cat, set()) == expected, cat
    # legend counts match R's counts
    counts = per["category"].str.lower().value_counts().to_dict()
    for coll in ax.collections:
        if not coll.get_label().startswith("_"):
            cat, n = coll.get_label().rstrip(")").split(" (")
            assert int(n) == counts[cat]


@pytest.mark.reference
def test_gds_band_lines(reference_dir):
    e = _rci_entry(reference_dir, "jacobson_1989_gds")
    per = pd.DataFrame(e["per_id"])
    fig, ax = jacobson_plot(per["pre"], per["post"], s_diff=e["method_constants"]["s_diff"],
                            z=e["critical_value"], improvement="decrease")
    rc = e["critical_value"] * e["method_constants"]["s_diff"]
    # the hand computation in rci.json (jacobson_1989_gds_manual_JT) uses z = 1.96
    manual = load_values(reference_dir, "rci.json")[
        "jacobson_1989_gds_manual_JT"]
    assert 1.96 * manual["s_diff"] == pytest.approx(manual["reliable_change_threshold"],
                                                    abs=1e-6)
    offsets = sorted(float(line.get_ydata()[0] - line.get_xdata()[0])
                     for line in by_label(ax.lines, "_casekit_rc_line"))
    assert offsets == pytest.approx([-rc, rc], abs=1e-12)


def test_lines_regions_and_limits():
    # PHQ-9 (lower = better): RC 6 points (IAPT, registry), caseness cutoff 10
    pre = [20, 18, 15, 22, 12]
    post = [6, 15, 16, 9, 19]
    fig, ax = jacobson_plot(pre, post, instrument="PHQ-9", cutoff="instrument")
    (ident,) = by_label(ax.lines, "_casekit_identity")
    assert np.allclose(ident.get_xdata(), ident.get_ydata())
    cut = by_label(ax.lines, "_casekit_cutoff")
    assert sorted([float(c.get_xdata()[0]) for c in cut if c.get_xdata()[0] ==
                   c.get_xdata()[1]]) == [10.0]
    regions = {c.get_label() for c in ax.collections if c.get_label().startswith(
        "_casekit_region_")}
    assert regions == {"_casekit_region_improved", "_casekit_region_deteriorated",
                       "_casekit_region_recovered", "_casekit_region_harmed"}
    # every shaded region is named in it (where a name touches no point and no line: the
    # white "unchanged" band is crossed by the identity line) and in the legend
    texts = sorted(t.get_text() for t in by_label(ax.texts, "_casekit_region_label"))
    assert {"deteriorated", "harmed", "improved", "recovered"} <= set(texts)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["recovered (2)", "improved (0)", "unchanged (2)", "deteriorated (1)",
                      "harmed (0)"]
    pts = _points(ax)
    # 20->6 and 22->9: change >= 6 and crossing 10 -> recovered; 18->15, 15->16: unchanged;
    # 12->19: +7 -> deteriorated
    assert pts == {"recovered": {(20.0, 6.0), (22.0, 9.0)},
                   "unchanged": {(18.0, 15.0), (15.0, 16.0)},
                   "deteriorated": {(12.0, 19.0)}}
    lo, hi = ax.get_xlim()
    assert ax.get_ylim() == (lo, hi)
    assert lo < 6 and hi > 22
    # region labels sit inside their regions
    for t in by_label(ax.texts, "_casekit_region_label"):
        x, y = t.get_position()
        cat = jt_categories([x], [y], 6, False, 10)[0]
        assert cat == t.get_text()


def test_rule_boundary_and_recovered_needs_crossing():
    # exactly 6 points: improved under '>=' (PHQ-9 registry rule), unchanged under '>' (JT)
    assert jt_categories([16], [10], 6, False, rule=">=")[0] == "improved"
    assert jt_categories([16], [10], 6, False, rule=">")[0] == "unchanged"
    # pre at the cutoff counts as clinical only with cutoff_rule '>='
    assert jt_categories([10], [2], 6, False, 10)[0] == "improved"
    assert jt_categories([10], [2], 6, False, 10, cutoff_rule=">=")[0] == "recovered"
    # higher = better
    assert list(jt_categories([20, 40, 30, 28], [40, 20, 33, 10], 10, True, 30)) == [
        "recovered", "harmed", "unchanged", "deteriorated"]


def test_accepts_table_and_result():
    import casekit

    # S_diff = 3 (SD 3, r = .5): the band is z * S_diff = 5.88 points; cutoff 10
    res = casekit.reliable_change([20.0, 14.0], [8.0, 13.0], sd=3.0, reliability=0.5,
                                  improvement="decrease", cutoff=10, cases=["a", "b"])
    fig, ax = jacobson_plot(res, annotate=True)
    assert _points(ax) == {"recovered": {(20.0, 8.0)}, "unchanged": {(14.0, 13.0)}}
    assert sorted(t.get_text() for t in by_label(ax.texts, "_casekit_id")) == ["a", "b"]
    offsets = sorted(float(line.get_ydata()[0] - line.get_xdata()[0])
                     for line in by_label(ax.lines, "_casekit_rc_line"))
    assert offsets == pytest.approx([-res.rc, res.rc], abs=1e-12)     # the declared field rc
    # a table with constant s_diff and critical_value columns
    tab = pd.DataFrame({"id": ["a", "b"], "pre": [20.0, 14.0], "post": [8.0, 13.0],
                        "s_diff": 3.0, "critical_value": 1.959963984540054})
    fig, ax = jacobson_plot(tab, improvement="decrease", cutoff=10.0)
    assert _points(ax) == {"recovered": {(20.0, 8.0)}, "unchanged": {(14.0, 13.0)}}
    tab = pd.DataFrame({"pre": [20.0], "post": [8.0]})
    fig, ax = jacobson_plot(tab, rc=6, improvement="decrease")
    assert _points(ax) == {"improved": {(20.0, 8.0)}}
    # an instrument name gives the direction, as everywhere in casekit
    fig, ax = jacobson_plot(tab, rc=6, improvement="PHQ-9")
    assert _points(ax) == {"improved": {(20.0, 8.0)}}


def test_other_objects_are_refused():
    class RC:   # looks like a result, but is none: its attributes are not read by guessing
        summary = pd.DataFrame({"pre": [20.0], "post": [8.0]})
        s_diff = 3.0

    with pytest.raises(TypeError, match="casekit.reliable_change result; got RC"):
        jacobson_plot(RC())


def test_higher_is_better_still_works_with_a_future_warning():
    with pytest.warns(FutureWarning, match="'higher_is_better' is now called 'improvement'"):
        fig, ax = jacobson_plot([20.0], [8.0], rc=6, higher_is_better=False)
    assert _points(ax) == {"improved": {(20.0, 8.0)}}
    with pytest.raises(TypeError, match="got both 'higher_is_better'"):
        jacobson_plot([20.0], [8.0], rc=6, higher_is_better=False, improvement="decrease")


def test_bad_input_before_drawing():
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="direction is unknown"):
        jacobson_plot([1, 2], [3, 4], rc=1)
    with pytest.raises(ValueError, match="band is unknown"):
        jacobson_plot([1, 2], [3, 4], improvement="increase")
    with pytest.raises(ValueError, match="same length"):
        jacobson_plot([1, 2], [3], rc=1, improvement="increase")
    with pytest.raises(ValueError, match="missing values"):
        jacobson_plot([1, np.nan], [3, 4], rc=1, improvement="increase")
    with pytest.raises(ValueError, match="either s_diff or rc"):
        jacobson_plot([1], [3], rc=1, s_diff=2, improvement="increase")
    with pytest.raises(ValueError, match="lacks columns"):
        jacobson_plot(pd.DataFrame({"before": [1]}))
    with pytest.raises(ValueError, match="rule must be one of"):
        jacobson_plot([1], [3], rc=1, improvement="increase", rule="=>")
    assert plt.get_fignums() == before


def test_rcparams_unchanged():
    before = dict(mpl.rcParams)
    jacobson_plot([20, 12], [8, 13], instrument="PHQ-9", cutoff="instrument")
    assert dict(mpl.rcParams) == before


def test_draws_casekit_reliable_change_result_as_is():
    import casekit

    r = casekit.reliable_change([20, 14, 12, 16, 8], [8, 13, 19, 10, 14], instrument="PHQ-9",
                                cutoff=10)
    fig, ax = jacobson_plot(r)
    expected = {}
    for a, b, c in zip(r.summary["pre"], r.summary["post"], r.summary["category"],
                       strict=True):
        expected.setdefault(c, set()).add((float(a), float(b)))
    assert _points(ax) == expected
    assert set(expected) == {"recovered", "improved", "unchanged", "deteriorated", "harmed"}
    # band = the result's threshold (PHQ-9: 6 points), cutoff lines at the result's cutoff
    offsets = sorted(float(line.get_ydata()[0] - line.get_xdata()[0])
                     for line in by_label(ax.lines, "_casekit_rc_line"))
    assert offsets == pytest.approx([-6.0, 6.0], abs=1e-12)
    assert {float(c.get_xdata()[0]) for c in by_label(ax.lines, "_casekit_cutoff")} == {
        10.0, 0.0}   # axvline at x=10, axhline spans x 0..1 in axes coordinates


def test_harmed_category_and_region():
    assert jt_categories([8], [14], 6, False, 10, rule=">=")[0] == "harmed"
    fig, ax = jacobson_plot([8], [14], rc=6, rule=">=", improvement="decrease", cutoff=10)
    assert _points(ax) == {"harmed": {(8.0, 14.0)}}
    assert by_label(ax.collections, "_casekit_region_harmed")


def test_rejects_non_jt_result():
    import casekit

    r = casekit.reliable_change(data=pd.DataFrame({"id": [1, 1, 2, 2, 3, 3],
                                                   "time": ["pre", "post"] * 3,
                                                   "y": [20, 8, 14, 13, 18, 12.0]}),
                                case_col="id", time_col="time", value_col="y", pre_time="pre", method="HLL",
                                reliability=0.8, improvement="decrease")
    with pytest.raises(ValueError, match="uses the HLL RCI"):
        jacobson_plot(r)


def _visible_names(fig, ax):
    """name -> (text, its display box) of every region name left in the axes, checked to be
    visible, readable (>= 6 pt) and wholly inside the axes."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    out = {}
    for t in by_label(ax.texts, "_casekit_region_label"):
        box = t.get_window_extent(renderer)
        assert t.get_visible() and t.get_fontsize() >= 6.0, t.get_text()
        assert (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                and box.y1 <= frame.y1), t.get_text()
        out[t.get_text()] = (t, box)
    return out


@pytest.mark.parametrize(("pre", "post", "cutoff", "names"), [
    (14, 9, 10, {"recovered", "harmed"}),          # two small corners (note_dog)
    (20, 13, None, {"improved", "deteriorated"}),  # one case: the band fills the plot
    (18, 11, 10, {"improved", "deteriorated", "recovered", "harmed"}),
])
def test_small_regions_keep_their_names(pre, post, cutoff, names):
    # note_dog: "improved"/"deteriorated" disappeared when their region was too small to
    # hold the name; now a smaller font inside, or beside the region with a leader line into it
    from tests.plot._clearance import assert_clear_of_data

    fig, ax = jacobson_plot([pre], [post], rc=6, cutoff=cutoff, improvement="decrease")
    shown = _visible_names(fig, ax)
    assert names <= set(shown)
    assert_clear_of_data(fig)                       # no name over the point
    (pts,) = [c for c in ax.collections if not c.get_label().startswith("_")]
    point = ax.transData.transform(pts.get_offsets()[0])
    leaders = by_label(ax.lines, "_casekit_region_leader")
    for name in names:
        t, box = shown[name]
        assert not box.contains(*point)
        x, y = t.get_position()
        if jt_categories([x], [y], 6, False, cutoff)[0] == name:
            continue                                # inside its region
        # beside it: a leader from inside the region to the name
        ends = [(line.get_xydata()[0], line.get_xydata()[1]) for line in leaders]
        tips = [e for e in ends if jt_categories([e[0][0]], [e[0][1]], 6, False,
                                                 cutoff)[0] == name]
        near = [e for e in tips if box.padded(6).contains(*ax.transData.transform(e[1]))]
        assert near, name
    plt.close(fig)

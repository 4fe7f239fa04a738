"""Test helper: no legend, annotation or text of a figure lies over its plotted data.

After ``fig.canvas.draw()`` every legend box, every text in an axes (cutoff, case, gain and
region labels, event labels, annotations) and every figure text is compared, by its display
extent, with what the axes plot: the markers of every line (data points, event markers, nadir
markers), scatter points, bars, and the course of data lines (series, the posterior mode, a
gain segment, change points). Written independently of ``casekit.plot._figure`` (which
places the texts), so that it checks the result rather than repeating the placement.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer

#: lines drawn by casekit whose course is data (besides every line with a public label)
DATA_LINES = ("_casekit_mode", "_casekit_gain", "_casekit_changepoint", "_casekit_course")
#: texts that sit on their point by design (the case labels of ``annotate=True``)
BESIDE_POINTS = ("_casekit_id",)


def _marker(line) -> bool:
    return line.get_marker() not in (None, "None", "none", "", " ")


def _line_obstacles(ax, px):
    boxes, paths = [], []
    for line in ax.lines:
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), float))
        finite = np.isfinite(xy).all(axis=1)
        if _marker(line):
            r = line.get_markersize() * px / 2.0
            boxes += [(f"marker of {line.get_label()!r}", x - r, y - r, x + r, y + r)
                      for x, y in xy[finite]]
        label = str(line.get_label())
        if not label.startswith("_") or label in DATA_LINES:
            paths.append((f"line {label!r}", xy))
    return boxes, paths


def _other_obstacles(ax, renderer, px):
    boxes = []
    for coll in ax.collections:
        if isinstance(coll, PathCollection) and not str(coll.get_label()).startswith("_"):
            xy = coll.get_offset_transform().transform(np.asarray(coll.get_offsets(), float))
            r = np.sqrt(np.asarray(coll.get_sizes(), float).max()) * px / 2.0
            boxes += [(f"point of {coll.get_label()!r}", x - r, y - r, x + r, y + r)
                      for x, y in xy]
    for cont in ax.containers:
        if isinstance(cont, BarContainer):
            boxes += [("bar", *p.get_window_extent(renderer).extents) for p in cont.patches
                      if p.get_height() > 0]
    return boxes


def _texts(fig, renderer):
    out = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            out.append(("legend", legend.get_window_extent(renderer)))
        out += [(f"text {t.get_text()!r}", t.get_window_extent(renderer)) for t in ax.texts
                if t.get_visible() and t.get_text() and t.get_label() not in BESIDE_POINTS]
    out += [("figure legend", leg.get_window_extent(renderer)) for leg in fig.legends]
    out += [(f"figure text {t.get_text()!r}", t.get_window_extent(renderer)) for t in fig.texts
            if t.get_visible() and t.get_text()]
    return out


def _crosses(path, box, step=1.0) -> bool:
    """Does the polyline (display pixels, NaN = gap) pass through the box?"""
    x0, y0, x1, y1 = box.extents
    for a, b in zip(path[:-1], path[1:], strict=True):
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            continue
        n = max(2, int(np.hypot(*(b - a)) / step) + 1)
        t = np.linspace(0.0, 1.0, n)[:, None]
        p = a + t * (b - a)
        if np.any((p[:, 0] > x0) & (p[:, 0] < x1) & (p[:, 1] > y0) & (p[:, 1] < y1)):
            return True
    return False


def overlaps(fig) -> list[str]:
    """Every (text, data) pair that overlaps, as readable strings (empty when clear)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72.0
    found = []
    for name, box in _texts(fig, renderer):
        for ax in fig.axes:
            boxes, paths = _line_obstacles(ax, px)
            boxes += _other_obstacles(ax, renderer, px)
            for what, a, b, c, d in boxes:
                if a < box.x1 and c > box.x0 and b < box.y1 and d > box.y0:
                    found.append(f"{name} over {what} at ({(a + c) / 2:.0f}, {(b + d) / 2:.0f})")
            found += [f"{name} over {what}" for what, path in paths if _crosses(path, box)]
    return found


def assert_clear_of_data(fig):
    problems = overlaps(fig)
    assert not problems, "texts over data:\n" + "\n".join(sorted(set(problems)))

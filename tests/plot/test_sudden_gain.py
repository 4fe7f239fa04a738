"""sudden_gain_plot: the gain interval, the gain segment, its size, the reversal value and the
course around the gain, from plain tables and from casekit.sudden_gains results."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.exceptions import CaseDataError
from casekit.plot import (
    sudden_gain_plot,
)

from ._small import (
    by_label,
    result_data,
    span,
)


def test_sudden_gain_from_table():
    g = pd.DataFrame({"case": ["c"], "measure": ["PHQ-9"], "pregain_session": [8],
                      "postgain_session": [9], "pregain_value": [17.0],
                      "postgain_value": [9.0], "reversal_value": [13.0]})
    fig, ax = sudden_gain_plot(result_data(), g)
    (interval,) = by_label(ax.patches, "_casekit_gain_interval")
    assert span(interval) == (8.0, 9.0)
    (seg,) = by_label(ax.lines, "_casekit_gain")
    assert list(seg.get_xdata()) == [8.0, 9.0] and list(seg.get_ydata()) == [17.0, 9.0]
    (rev,) = by_label(ax.lines, "_casekit_reversal")
    assert list(rev.get_ydata()) == [13.0, 13.0] and list(rev.get_xdata()) == [9.0, 16.0]
    assert by_label(ax.texts, "_casekit_gain_label")[0].get_text() == "\u0394 \u22128"
    assert by_label(ax.lines, "PHQ-9")


def test_sudden_gain_from_casekit_result():
    d = result_data()
    res = casekit.sudden_gains(d[d.measure == "PHQ-9"], sg_crit1_cutoff=6)
    assert res.summary["pregain_session"].tolist() == [8]
    fig, ax = sudden_gain_plot(d, res)
    assert [span(p) for p in by_label(ax.patches, "_casekit_gain_interval")] == [(8.0, 9.0)]


def test_sudden_gain_bad_input():
    before = plt.get_fignums()
    g = pd.DataFrame({"measure": ["PHQ-9", "PHQ-9"], "pregain_session": [8, 30],
                      "postgain_session": [9, 31], "pregain_value": [16.0, 1.0]})
    with pytest.raises(CaseDataError) as e:
        sudden_gain_plot(result_data(), g)
    text = str(e.value)
    assert "pregain_value 16.0 differs from the data at session 8 (17)" in text
    assert "session 30 has no observed 'PHQ-9' value" in text
    with pytest.raises(ValueError, match="several measures"):
        sudden_gain_plot(result_data(), pd.DataFrame({"measure": ["A", "B"],
                                                "pregain_session": [1, 2],
                                                "postgain_session": [2, 3]}))
    assert plt.get_fignums() == before


def test_sudden_gain_course_panel():
    d = result_data()
    res = casekit.sudden_gains(d[d.measure == "PHQ-9"], sg_crit1_cutoff=6)
    fig, (ax, cax) = sudden_gain_plot(d, res, course=True)
    (one,) = by_label(cax.lines, "_casekit_course")
    # sessions 6..11 around the gain 8 -> 9 (PHQ values typed above)
    assert list(one.get_ydata()) == [17.0, 18.0, 17.0, 9.0, 8.0, 8.0]
    (mean,) = by_label(cax.lines, "mean course")
    assert list(mean.get_ydata()) == [17.0, 18.0, 17.0, 9.0, 8.0, 8.0]
    assert [t.get_text() for t in cax.get_xticklabels()] == ["n\u22122", "n\u22121", "n",
                                                             "n+1", "n+2", "n+3"]
    # from a plain table the course is read from the data by session number
    g = pd.DataFrame({"measure": ["PHQ-9", "PHQ-9"], "pregain_session": [8, 2],
                      "postgain_session": [9, 3]})
    fig, (ax, cax) = sudden_gain_plot(d, g, course=True)
    lines = by_label(cax.lines, "_casekit_course")
    assert np.isnan(lines[1].get_ydata()[0])            # session 0 does not exist
    mean = by_label(cax.lines, "mean course")[0].get_ydata()
    assert mean[0] == 17.0 and mean[2] == pytest.approx((17 + 19) / 2)
    with pytest.raises(ValueError, match="leave ax=None"):
        sudden_gain_plot(d, g, course=True, ax=ax)

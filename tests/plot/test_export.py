"""casekit.plot.save: byte-identical exports, no timestamps, no global state.

Deterministic-export settings follow conventions §6 (SVG hash salt and ``Date: None``, PDF
``CreationDate: None``, PNG ``Software: None``); TIFF is written by Pillow as RGB + LZW.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from PIL import Image

from casekit.plot import (
    save,
    session_series,
)
from casekit.plot.export import FORMATS

from ._small import (
    EVENTS,
    PHASES,
    make_case,
)


@pytest.fixture(autouse=True)
def _close():
    keep = set(plt.get_fignums())
    yield
    for num in set(plt.get_fignums()) - keep:
        plt.close(num)


def _figure():
    fig, _ = session_series(make_case(), "PHQ-9", phases=PHASES, events=EVENTS,
                            cutoff="instrument", rci_band=6)
    return fig


@pytest.fixture(scope="module")
def two_figures():
    """The same figure built twice; the first is drawn once before saving (as a notebook
    display would)."""
    one, two = _figure(), _figure()
    one.canvas.draw()
    yield one, two
    plt.close(one)
    plt.close(two)


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_byte_identical(tmp_path, fmt, two_figures):
    one, two = two_figures
    (a,) = save(one, tmp_path / f"a.{fmt}", dpi=150)
    (b,) = save(one, tmp_path / f"b.{fmt}", dpi=150)      # same figure again
    (c,) = save(two, tmp_path / f"c.{fmt}", dpi=150)      # separately built figure
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()
    assert a.stat().st_size > 1000


def test_no_timestamps_or_software_tags(tmp_path):
    paths = save(_figure(), tmp_path / "fig", formats=["pdf", "svg", "png", "tif"], dpi=100)
    assert [p.suffix for p in paths] == [".pdf", ".svg", ".png", ".tif"]
    pdf, svg, png, tif = (p.read_bytes() for p in paths)
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    assert b"/Producer" not in pdf
    assert b"/FontType 3" not in pdf and b"/Subtype /Type3" not in pdf   # TrueType, editable
    assert b"<dc:date>" not in svg
    assert b"<text" in svg                      # svg.fonttype none: text stays text
    assert b"Software" not in png and b"tIME" not in png
    with Image.open(paths[3]) as im:
        assert im.mode == "RGB"
        assert im.info["dpi"] == pytest.approx((100, 100))
        assert im.info.get("compression") == "tiff_lzw"
        assert 306 not in im.tag_v2 and 305 not in im.tag_v2   # DateTime, Software tags


def test_png_resolution_is_journal_dpi(tmp_path):
    fig = _figure()
    (p,) = save(fig, tmp_path / "f.png")        # default 600 dpi
    with Image.open(p) as im:
        w, h = im.size
        assert im.info["dpi"] == pytest.approx((600, 600), abs=0.01)
    assert w == round(3.5 * 600)


def test_save_does_not_change_rcparams(tmp_path):
    before = dict(mpl.rcParams)
    save(_figure(), tmp_path / "f", formats=FORMATS, dpi=72)
    assert dict(mpl.rcParams) == before


def test_save_bad_input(tmp_path):
    fig = _figure()
    with pytest.raises(ValueError, match="path suffix must be one of 'pdf', 'svg'"):
        save(fig, tmp_path / "f.jpg")
    with pytest.raises(ValueError, match="path has no suffix"):
        save(fig, tmp_path / "f")
    with pytest.raises(ValueError, match="formats must be one of"):
        save(fig, tmp_path / "f", formats=["pdf", "gif"])
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        save("fig", tmp_path / "f.pdf")
    with pytest.raises(ValueError, match="dpi must be >= 1"):
        save(fig, tmp_path / "f.png", dpi=0)

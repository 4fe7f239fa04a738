"""Instrument.check: the table of self-consistency checks finds every problem of an entry, and
from_dict names the key it cannot read.
"""

from __future__ import annotations

import pytest

from casekit.registry import Instrument, InstrumentRegistry
from tests.registry._helpers import pq_dict


def test_check_finds_inconsistencies():
    inst = Instrument.from_dict(pq_dict(
        reverse_items=[4],
        scales={"total": {"items": [1, 2, 3], "score_type": "sum", "min": 1, "max": 7},
                "a": {"items": [1, 2], "score_type": "sum", "min": 2, "max": 14},
                "b": {"items": [2, 3], "score_type": "sum", "min": 2, "max": 14,
                      "max_missing": 2, "missing_method": "prorate_mean"}},
        cutoffs={"c": {"value": 30, "scale": "total"}},
        rci={"sd": -1, "reliability": 1.5},
        clinical_cutoff="x",
    ))
    text = "\n".join(inst.check())
    assert "reverse_items [4] outside 1..3" in text
    assert "range 1..7 disagrees" in text and "(3..21)" in text
    assert "share items [2]" in text
    assert "max_missing must be an integer in 0..1" in text
    assert "cutoff 'c': value 30 outside" in text
    assert "sd must be positive" in text and "reliability must lie in (0, 1)" in text
    assert "clinical_cutoff 'x'" in text
    assert "no source" not in text  # sources only required on demand
    assert "no citation" in "\n".join(inst.check(require_sources=True))


def test_check_flags_wording():
    inst = Instrument.from_dict(pq_dict(notes=["I felt down most of the day"]))
    assert any("looks like item wording" in p for p in inst.check())
    inst = Instrument.from_dict(pq_dict(notes=["x" * 700]))
    assert any("longer than" in p for p in inst.check())


def test_from_dict_errors_name_the_key():
    with pytest.raises(ValueError, match="lacks required keys: item_max"):
        Instrument.from_dict({"name": "x", "n_items": 2, "item_min": 0, "higher_is_better": True})
    with pytest.raises(ValueError, match=r"unknown keys in PQ-test: scales.total: 'maxmissing'"):
        Instrument.from_dict(pq_dict(scales={"total": {"items": [1, 2, 3], "maxmissing": 1}}))
    with pytest.raises(ValueError, match="unknown keys in instrument definition 'PQ-test': wording"):
        Instrument.from_dict(pq_dict(wording="..."))
    with pytest.raises(ValueError, match="higher_is_better must be true or false"):
        Instrument.from_dict(pq_dict(higher_is_better="yes"))
    with pytest.raises(ValueError, match="whole item numbers"):
        Instrument.from_dict(pq_dict(reverse_items=[1.5]))


def test_default_total_scale():
    inst = Instrument.from_dict({"name": "Mini", "n_items": 4, "item_min": 0, "item_max": 2,
                                 "higher_is_better": False})
    assert inst.scale().items == (1, 2, 3, 4) and (inst.scale().min, inst.scale().max) == (0, 8)
    assert inst.check() == []


def test_register_rejects_inconsistent_entry():
    reg = InstrumentRegistry()
    bad = pq_dict(scales={"total": {"items": [1, 2, 5], "score_type": "mean", "min": 1, "max": 7}})
    with pytest.raises(ValueError, match=r"not self-consistent:\n  - scale 'total': items \[5\]"):
        reg.register(bad)
    assert len(reg) == 0
    with pytest.raises(TypeError, match="Instrument, a dict or a path"):
        reg.register(42)


def test_problems_are_listed_part_by_part():
    # the checks run in a fixed order (basics, keyed items, scales, cutoffs, rcis, sources)
    inst = Instrument.from_dict(pq_dict(
        rater="parent", reverse_items=[9], cutoffs={"c": {"value": 99, "scale": "total"}},
        rci={"sd": -1}))
    problems = inst.check(require_sources=True)
    order = [next(i for i, p in enumerate(problems) if p.startswith(prefix))
             for prefix in ("rater must be", "reverse_items [9]", "scale 'total': no source",
                            "cutoff 'c': value 99", "rci: sd must be", "no citation")]
    assert order == sorted(order)
    assert Instrument.from_dict(pq_dict()).check() == []


def test_check_lists_a_missing_scale_bound_with_a_published_rci():
    # a scale with a minimum but no maximum and a raw RCI value: listed, not a TypeError
    inst = Instrument.from_dict(pq_dict(
        scales={"total": {"items": [1, 2, 3], "score_type": "sum", "min": 3}},
        rci={"value": 4}))
    problems = inst.check()
    assert problems and not any("exceeds the scale width" in p for p in problems)

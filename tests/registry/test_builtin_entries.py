"""Instrument registry: completeness and self-consistency of every built-in entry.

The facts are checked against the fact sheet ``../shared/domain/instruments.md`` (sections 1-8),
which cites each published source: Kroenke, Spitzer & Williams 2001 (PHQ-9,
doi:10.1046/j.1525-1497.2001.016009606.x); Barkham et al. 2013 (CORE-10,
doi:10.1080/14733145.2012.729069); Hatcher & Gillaspy 2006 (WAI-SR,
doi:10.1080/10503300500352500); the OQ-45 scoring sheet; Schauenburg & Strack 1999 (SCL-90-R,
doi:10.1159/000012333); Jacobson & Truax 1991 (RCI, doi:10.1037/0022-006X.59.1.12).
"""

from __future__ import annotations

import math

import pytest

from casekit.registry import Instrument, Source, get_instrument, instruments
from tests.registry._helpers import REQUIRED


@pytest.mark.parametrize("name", REQUIRED)
def test_builtin_entry_is_complete_and_consistent(name):
    inst = get_instrument(name)
    assert inst.check(require_sources=True) == []


def test_every_number_has_a_source_and_markers_are_booleans():
    for name in instruments:
        inst = instruments[name]
        sources = [inst.citation, *inst.sources.values()]
        sources += [s.source for s in inst.scales.values()]
        sources += [c.source for c in inst.cutoffs.values()]
        sources += [b.source for b in inst.bands.values()]
        sources += [r.source for r in ([inst.rci] if inst.rci else []) + list(inst.rcis.values())]
        if inst.norms is not None:
            sources.append(inst.norms.source)
        for s in sources:
            assert isinstance(s, Source), name
            assert isinstance(s.verified, bool) and isinstance(s.primary, bool)
            assert s.citation.strip()


@pytest.mark.parametrize(("name", "higher_is_better"), [
    ("WAI-SR", True), ("WAI-S", True), ("SAI", True), ("HAq-II", True), ("SRS", True),
    ("ORS", True), ("PHQ-9", False), ("GAD-7", False), ("BDI-II", False), ("OQ-45", False),
    ("CORE-10", False), ("CORE-OM", False), ("SCL-90-R", False), ("DASS-21", False),
    ("PID-5-BF", False),
])
def test_direction_matches_instruments_md_section_2(name, higher_is_better):
    inst = get_instrument(name)
    assert inst.higher_is_better is higher_is_better
    assert inst.improvement == ("increase" if higher_is_better else "decrease")


@pytest.mark.parametrize(("name", "score_type"), [
    ("PHQ-9", "sum"), ("GAD-7", "sum"), ("BDI-II", "sum"), ("OQ-45", "sum"),
    ("CORE-10", "sum"), ("SCL-90-R", "mean"), ("PID-5-BF", "mean"), ("SAI", "mean"),
    ("CORE-OM", "mean_x10"), ("ORS", "vas_cm"), ("SRS", "vas_cm"),
])
def test_score_types(name, score_type):
    assert get_instrument(name).scale("total").score_type == score_type


def test_dass21_is_doubled_per_scale():
    dass = get_instrument("DASS-21")
    assert set(dass.scales) == {"depression", "anxiety", "stress"}
    assert all(s.score_type == "sum_x2" and (s.min, s.max) == (0, 42) for s in dass.scales.values())
    assert dass.bands["depression"].score_type == "sum_x2"
    # doubled bands, instruments.md section 4: depression 0-9 normal, 28+ extremely severe
    assert dass.band(9, "depression") == "normal"
    assert dass.band(10, "depression") == "mild"
    assert dass.band(28, "depression") == "extremely_severe"
    assert dass.band(34, "stress") == "extremely_severe"


def test_key_facts_from_instruments_md():
    phq = get_instrument("phq9")
    assert (phq.n_items, phq.item_min, phq.item_max) == (9, 0, 3)
    assert phq.risk_items == (9,) and phq.cutoff.value == 10 and phq.rci.value == 6
    assert phq.scale().max_missing == 2 and phq.scale().source.verified is False
    core = get_instrument("CORE-10")
    assert core.reverse_items == (2, 3) and core.rci.value == 6 and core.rci.z == 1.645
    assert core.scale().max_missing == 1 and core.cutoff.value == 11
    assert core.norms.clinical_mean == 19.7 and core.norms.functional_sd == 4.8
    oq = get_instrument("OQ-45")
    assert oq.reverse_items == (1, 12, 13, 20, 21, 24, 31, 37, 43)
    assert oq.rci.value == 14 and oq.cutoff.value == 63 and oq.cutoff.source.verified is False
    assert [len(oq.scale(s).items) for s in
            ("symptom_distress", "interpersonal_relations", "social_role")] == [25, 11, 9]
    wai = get_instrument("WAI-SR")
    assert wai.scale("task").items == (1, 2, 10, 12)
    assert wai.scale("bond").items == (3, 5, 7, 9)
    assert wai.scale("goal").items == (4, 6, 8, 11)
    assert wai.rci is None and not wai.rcis and not wai.cutoffs  # no placeholder norms
    assert get_instrument("HAq-II").reverse_items == (4, 8, 11, 16, 19)
    assert get_instrument("WAI-S").reverse_items == (4, 10)
    assert get_instrument("ORS").cutoff.value == 25 and get_instrument("ORS").rci.value == 5
    assert get_instrument("ORS").item_decimals == 1
    scl = get_instrument("SCL-90-R")
    assert scl.cutoff.value == 0.57 and scl.rci.value == 0.43
    assert scl.rcis["below_cutoff"].value == 0.16
    assert get_instrument("GAD-7").rci.value == 4 and get_instrument("GAD-7").cutoff.value == 8


def test_bdi2_rci_from_sd_and_reliability():
    # instruments.md section 4: SD 12.75 and r = .93 give a 95 % RCI of about 9.4 points
    rci = get_instrument("BDI-II").rci
    assert rci.value is None
    assert rci.s_diff == pytest.approx(12.75 * math.sqrt(2 * 0.07), rel=1e-12)
    assert rci.threshold == pytest.approx(9.35, abs=0.01)
    assert get_instrument("BDI-II").rcis["internal_consistency"].threshold == pytest.approx(
        9.996, abs=0.01)


def test_no_wording_like_strings_in_builtins():
    for name in instruments:
        assert instruments[name]._check_wording() == []


def test_numbers_are_python_floats():
    phq = get_instrument("PHQ-9")
    for v in (phq.item_min, phq.item_max, phq.scale().max, phq.cutoff.value, phq.rci.value,
              phq.rci.threshold, get_instrument("CORE-10").norms.clinical_sd):
        assert type(v) is float


@pytest.mark.parametrize("name", REQUIRED)
def test_to_dict_round_trip(name):
    inst = get_instrument(name)
    assert Instrument.from_dict(inst.to_dict()) == inst


@pytest.mark.parametrize(("name", "getter", "verified", "primary"), [
    # markers copied from instruments.md: (verified, primary = not secondary)
    ("PHQ-9", lambda i: i.rci.source, True, False),           # secondary: trial registry
    ("PHQ-9", lambda i: i.scale().source, False, False),      # proration rule unverified
    ("GAD-7", lambda i: i.cutoffs["iapt_caseness"].source, True, True),
    ("GAD-7", lambda i: i.cutoffs["moderate"].source, False, True),
    ("OQ-45", lambda i: i.cutoff.source, False, True),        # 63 vs 64 unverified
    ("OQ-45", lambda i: i.rci.source, True, False),           # scoring sheet
    ("OQ-45", lambda i: i.sources["reverse_items"], True, False),
    ("CORE-10", lambda i: i.scale().source, True, True),      # CORE System Trust
    ("CORE-10", lambda i: i.rci.source, True, False),         # abstract
    ("CORE-10", lambda i: i.norms.source, True, False),
    ("WAI-SR", lambda i: i.scale("task").source, True, False),
    ("WAI-SR", lambda i: i.sources["reverse_items"], False, True),
    ("WAI-S", lambda i: i.sources["reverse_items"], False, True),
    ("HAq-II", lambda i: i.sources["reverse_items"], False, True),
    ("HAq-II", lambda i: i.citation, True, True),
    ("SCL-90-R", lambda i: i.rci.source, True, False),
    ("ORS", lambda i: i.cutoff.source, True, False),
    ("SRS", lambda i: i.cutoff.source, True, False),
    ("DASS-21", lambda i: i.bands["stress"].source, True, False),
    ("DASS-21", lambda i: i.rcis["stress"].source, False, True),
    ("BDI-II", lambda i: i.rci.source, False, False),         # SD unverified
])
def test_markers_follow_instruments_md(name, getter, verified, primary):
    src = getter(get_instrument(name))
    assert (src.verified, src.primary) == (verified, primary)
    if not verified:
        assert src.note or any("unverified" in n for n in get_instrument(name).notes)

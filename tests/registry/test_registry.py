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
import textwrap

import pytest

import casekit
from casekit.registry import (
    Instrument,
    InstrumentRegistry,
    ReliableChange,
    Source,
    get_instrument,
    instruments,
)

REQUIRED = ["PHQ-9", "GAD-7", "BDI-II", "OQ-45", "ORS", "SRS", "CORE-10", "WAI-SR", "WAI-S",
            "HAq-II", "SCL-90-R", "DASS-21", "PID-5-BF", "CORE-OM", "SAI"]


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


def test_with_rci_for_placeholder_norms_leaves_registry_untouched():
    # case-narrative.md section 4: illustrative WAI-SR RCI about 6.5 (SD 8, alpha .91)
    wai = get_instrument("WAI-SR").with_rci(sd=8, reliability=0.91,
                                            reliability_type="internal_consistency",
                                            source="placeholder norms (illustration only)")
    assert wai.rci.threshold == pytest.approx(1.96 * 8 * math.sqrt(0.18), rel=1e-12)
    assert 6.5 <= wai.rci.threshold <= 6.7
    assert get_instrument("WAI-SR").rci is None
    with pytest.raises(ValueError, match="reliability"):
        ReliableChange.from_sd(8, 1.2)
    with pytest.raises(ValueError, match="sd= and reliability="):
        get_instrument("WAI-SR").with_rci(sd=8)


def test_is_clinical_respects_rule_and_direction():
    phq = get_instrument("PHQ-9")
    assert phq.is_clinical(10) is True and phq.is_clinical(9) is False
    ors = get_instrument("ORS")  # below 25 = clinical; 25 itself is not
    assert ors.is_clinical(24.9) is True and ors.is_clinical(25) is False
    assert phq.is_clinical(float("nan")) is None
    with pytest.raises(ValueError, match="valid cutoffs: 'caseness'"):
        phq.is_clinical(3, cutoff="nope")


def test_bands():
    phq = get_instrument("PHQ-9")
    assert [phq.band(x) for x in (0, 4, 5, 14, 15, 27)] == [
        "none_minimal", "none_minimal", "mild", "moderate", "moderately_severe", "severe"]
    assert get_instrument("CORE-10").band(10.9) == "subclinical"
    assert get_instrument("WAI-SR").band(40) is None


def test_lookup_is_case_and_punctuation_insensitive():
    assert get_instrument("phq 9") is get_instrument("PHQ-9")
    assert get_instrument("oq-45.2").name == "OQ-45"
    with pytest.raises(KeyError, match="registered instruments: BDI-II"):
        get_instrument("PHQ-8")
    assert casekit.get_instrument("core10").name == "CORE-10"


def test_no_wording_like_strings_in_builtins():
    for name in instruments:
        assert instruments[name]._check_wording() == []


# ------------------------------------------------------------------ check() catches problems
def _pq(**over):
    d = {"name": "PQ-test", "n_items": 3, "item_min": 1, "item_max": 7,
         "higher_is_better": False,
         "scales": {"total": {"items": [1, 2, 3], "score_type": "mean", "min": 1, "max": 7}}}
    d.update(over)
    return d


def test_check_finds_inconsistencies():
    inst = Instrument.from_dict(_pq(
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
    inst = Instrument.from_dict(_pq(notes=["I felt down most of the day"]))
    assert any("looks like item wording" in p for p in inst.check())
    inst = Instrument.from_dict(_pq(notes=["x" * 700]))
    assert any("longer than" in p for p in inst.check())


def test_from_dict_errors_name_the_key():
    with pytest.raises(ValueError, match="lacks required keys: item_max"):
        Instrument.from_dict({"name": "x", "n_items": 2, "item_min": 0, "higher_is_better": True})
    with pytest.raises(ValueError, match=r"unknown keys in PQ-test: scales.total: 'maxmissing'"):
        Instrument.from_dict(_pq(scales={"total": {"items": [1, 2, 3], "maxmissing": 1}}))
    with pytest.raises(ValueError, match="unknown keys in instrument definition 'PQ-test': wording"):
        Instrument.from_dict(_pq(wording="..."))
    with pytest.raises(ValueError, match="higher_is_better must be true or false"):
        Instrument.from_dict(_pq(higher_is_better="yes"))
    with pytest.raises(ValueError, match="whole item numbers"):
        Instrument.from_dict(_pq(reverse_items=[1.5]))


def test_default_total_scale():
    inst = Instrument.from_dict({"name": "Mini", "n_items": 4, "item_min": 0, "item_max": 2,
                                 "higher_is_better": False})
    assert inst.scale().items == (1, 2, 3, 4) and (inst.scale().min, inst.scale().max) == (0, 8)
    assert inst.check() == []


# ------------------------------------------------------------------ user instruments
PQ_TOML = textwrap.dedent("""\
    name = "PQ-client-A"
    full_name = "Personal Questionnaire (client-generated), case A"
    construct = "client-defined problems"
    n_items = 3
    item_min = 1
    item_max = 7
    higher_is_better = false
    citation = "Elliott et al. 2016, Psychother Res 26(1), doi:10.1080/10503307.2014.947396"

    [scales.total]
    items = [1, 2, 3]
    score_type = "mean"
    min = 1
    max = 7
    max_missing = 1
    missing_method = "prorate_mean"
    """)

PQ_YAML = textwrap.dedent("""\
    name: PQ-client-A
    full_name: Personal Questionnaire (client-generated), case A
    construct: client-defined problems
    n_items: 3
    item_min: 1
    item_max: 7
    higher_is_better: false
    citation: Elliott et al. 2016, Psychother Res 26(1), doi:10.1080/10503307.2014.947396
    scales:
      total: {items: [1, 2, 3], score_type: mean, min: 1, max: 7, max_missing: 1,
              missing_method: prorate_mean}
    """)


def test_from_file_toml_and_yaml_agree(tmp_path):
    (tmp_path / "pq.toml").write_text(PQ_TOML)
    (tmp_path / "pq.yaml").write_text(PQ_YAML)
    a = Instrument.from_file(tmp_path / "pq.toml")
    b = Instrument.from_file(tmp_path / "pq.yaml")
    assert a == b
    assert a.check() == []
    with pytest.raises(ValueError, match=r"\.toml, \.yaml or \.yml"):
        (tmp_path / "pq.json").write_text("{}")
        Instrument.from_file(tmp_path / "pq.json")
    with pytest.raises(FileNotFoundError):
        Instrument.from_file(tmp_path / "missing.toml")


def test_with_instrument_returns_new_registry(tmp_path):
    (tmp_path / "pq.toml").write_text(PQ_TOML)
    reg = instruments.with_instrument(tmp_path / "pq.toml")
    assert "PQ-client-A" in reg and "PQ-client-A" not in instruments
    assert len(reg) == len(instruments) + 1
    assert reg.get("pq client a").name == "PQ-client-A"
    # clashing names are refused unless replace=True
    phq = dict(name="PHQ-9", n_items=9, item_min=0, item_max=3, higher_is_better=False)
    with pytest.raises(ValueError, match="clashes"):
        reg.with_instrument(phq)
    assert reg.with_instrument(phq, replace=True)["PHQ-9"].risk_items == ()


def test_register_rejects_inconsistent_entry():
    reg = InstrumentRegistry()
    bad = _pq(scales={"total": {"items": [1, 2, 5], "score_type": "mean", "min": 1, "max": 7}})
    with pytest.raises(ValueError, match=r"not self-consistent:\n  - scale 'total': items \[5\]"):
        reg.register(bad)
    assert len(reg) == 0
    with pytest.raises(TypeError, match="Instrument, a dict or a path"):
        reg.register(42)


def test_docs_example_files_parse_and_agree(project_root):
    """The TOML and YAML Personal Questionnaire examples in docs/instruments.md stay valid."""
    import re
    import tomllib

    import yaml

    text = (project_root / "docs" / "instruments.md").read_text(encoding="utf-8")
    toml_src = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    yaml_src = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    a = Instrument.from_dict(tomllib.loads(toml_src))
    b = Instrument.from_dict(yaml.safe_load(yaml_src))
    assert a == b and a.check(require_sources=False) == []
    assert a.scale().max_missing == 1


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

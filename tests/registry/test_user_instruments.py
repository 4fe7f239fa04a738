"""Instruments of the user's own: TOML/YAML files, registries of one's own, stated RCI norms.

Personal Questionnaire: Elliott et al. (2016), doi:10.1080/10503307.2014.947396. Illustrative
WAI-SR RCI (case-narrative.md section 4): SD 8, alpha .91. An explicit (even empty) registry
is used as given: ``register_instrument(x, registry=empty)`` used to change the built-in
registry (``registry or instruments`` fell back on an empty, falsy registry).
"""

from __future__ import annotations

import math
import textwrap

import pytest

from casekit.registry import (
    Instrument,
    InstrumentRegistry,
    ReliableChange,
    get_instrument,
    instruments,
    register_instrument,
)

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


def _custom(name: str) -> dict:
    d = get_instrument("PHQ-9").to_dict()
    d["name"] = name
    d["aliases"] = []
    return d


def test_register_into_empty_registry_leaves_builtin_untouched():
    own = InstrumentRegistry()
    inst = register_instrument(_custom("REVIEW-Q-EMPTY"), registry=own)
    assert inst.name == "REVIEW-Q-EMPTY"
    assert "REVIEW-Q-EMPTY" in own
    assert len(own) == 1
    assert "REVIEW-Q-EMPTY" not in instruments

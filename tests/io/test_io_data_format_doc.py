"""The examples of docs/data-format.md read and validate as documented."""

from __future__ import annotations

import re

import pytest

import casekit


@pytest.fixture(scope="module")
def blocks(project_root):
    text = (project_root / "docs" / "data-format.md").read_text(encoding="utf-8")
    return re.findall(r"```text\n(.*?)```", text, flags=re.S)


def test_doc_examples_read_and_agree(blocks, tmp_path):
    ratings_txt, events_txt, phases_txt = blocks
    paths = {}
    for name, txt in (("r", ratings_txt), ("e", events_txt), ("p", phases_txt)):
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(txt, encoding="utf-8")
    r = casekit.read_sessions(paths["r"])
    assert r["missing_code"].fillna("").tolist() == ["", "", "", "-9", ""]
    assert r["scale"].fillna("").tolist() == ["", "", "total", "", ""]
    ev = casekit.read_events(paths["e"])
    assert ev["event"].tolist() == ["rupture_noted", "repair_noted", "contract_agreed"]
    ph = casekit.read_phases(paths["p"])
    assert ph["role"].tolist() == ["baseline", "intervention"]

"""A spec file path works in the API as it does on the command line (--spec)."""

from __future__ import annotations

import pandas as pd
import pytest

import casekit as ck
from casekit.exceptions import ArgumentError


def _wide(tmp_path):
    d = pd.DataFrame({"Sitzung": [1, 2, 3], "PHQ9": [18, 15, 9]})
    path = tmp_path / "wide.csv"
    d.to_csv(path, index=False)
    return path


def test_spec_as_a_toml_path(tmp_path):
    path = _wide(tmp_path)
    (tmp_path / "spec.toml").write_text('layout = "wide"\n[columns]\nSitzung = "session"\n'
                                        '[measures]\nPHQ-9 = "PHQ9"\n', encoding="utf-8")
    from_file = ck.read_sessions(path, spec=tmp_path / "spec.toml", case="C1")
    from_dict = ck.read_sessions(path, spec={"layout": "wide", "columns": {"Sitzung": "session"},
                                             "measures": {"PHQ-9": "PHQ9"}}, case="C1")
    pd.testing.assert_frame_equal(from_file, from_dict)
    assert from_file["value"].tolist() == [18, 15, 9]


@pytest.mark.parametrize("name, text, match", [
    ("missing.toml", None, "not found"),
    ("spec.txt", "x", "must be .toml, .json or .yaml"),
    ("bad.toml", "layout = ", "not valid TOML"),
    ("list.json", "[1, 2]", "table of keys"),
])
def test_a_bad_spec_file_is_one_clear_error(tmp_path, name, text, match):
    path = _wide(tmp_path)
    spec = tmp_path / name
    if text is not None:
        spec.write_text(text, encoding="utf-8")
    with pytest.raises(ArgumentError, match=match):
        ck.read_sessions(path, spec=str(spec))

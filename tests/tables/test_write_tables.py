"""``write_tables``: named tables in every format at once, numbered the same everywhere."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.tables import apa_table, write_tables

from ._results import results


def test_every_format_is_written_with_the_same_numbers(tmp_path):
    pytest.importorskip("docx")
    import docx

    tabs = {"prepost": apa_table(results()["reliable_change"]),
            "gains": apa_table(results()["sudden_gains"])}
    written = write_tables(tabs, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == sorted(["prepost.csv", "gains.csv", "README-csv.txt", "prepost.tex",
                            "gains.tex", "tables.html", "tables.docx"])
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    assert r"\setcounter{table}{1}" in (tmp_path / "out" / "gains.tex").read_text()
    page = (tmp_path / "out" / "tables.html").read_text(encoding="utf-8")
    assert "Table 2</span>" in page and "Table S2</span>" in page
    doc = docx.Document(str(tmp_path / "out" / "tables.docx"))
    bold = [p.text for p in doc.paragraphs if p.runs and p.runs[0].bold]
    assert bold[:2] == ["Table 1", "Table S1"] and "Table 2" in bold
    assert tabs["gains"].number is None  # the caller's tables are not changed


def test_formats_and_names_are_checked(tmp_path):
    t = {"ok": apa_table(pd.DataFrame({"x": [1.0]}))}
    assert [p.name for p in write_tables(t, tmp_path, formats=["tex"])] == ["ok.tex"]
    with pytest.raises(ValueError, match="formats must be one of"):
        write_tables(t, tmp_path, formats=["pdf"])
    with pytest.raises(ValueError, match="file name stems"):
        write_tables({"../x": t["ok"]}, tmp_path)
    with pytest.raises(TypeError, match="must be a casekit.tables.Table"):
        write_tables({"x": pd.DataFrame()}, tmp_path)
    with pytest.raises(ValueError, match="nothing to write"):
        write_tables({}, tmp_path)

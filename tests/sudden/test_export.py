"""Writing sudden-gains tables to Excel and SPSS (suddengains ``write_bysg`` / ``write_byperson``).

The files are read back and every value compared with the table written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.sudden import (
    spss_names,
    sudden_gains,
    sudden_gains_by_person,
    sudden_losses,
    write_sudden_gains,
)

SERIES = [35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7]


def _cases():
    rows = []
    for case, values in (("A", SERIES), ("B", [20.0] * 12), ("C", [30, 31, 30, 18, 17, 18,
                                                                   17, 16, 17, 16, 17, 16])):
        rows += [{"case": case, "session": s, "measure": "PHQ-9", "value": float(v)}
                 for s, v in enumerate(values, 1)]
    return pd.DataFrame(rows)


def _compare(read: pd.DataFrame, written: pd.DataFrame, names=None, rtol=0.0):
    names = names or {c: c for c in written.columns}
    assert list(read.columns) == [names[c] for c in written.columns]
    for col in written.columns:
        got, exp = read[names[col]], written[col]
        if pd.api.types.is_numeric_dtype(exp) or pd.api.types.is_bool_dtype(exp):
            np.testing.assert_allclose(got.to_numpy(dtype=float, na_value=np.nan),
                                       exp.to_numpy(dtype=float, na_value=np.nan), rtol=rtol,
                                       atol=0, err_msg=col)
        else:
            blank = [None if pd.isna(v) or v == "" else str(v) for v in got]
            assert blank == [None if pd.isna(v) else str(v) for v in exp], col


@pytest.fixture(params=["gains", "by person"])
def result(request):
    if request.param == "gains":
        return sudden_gains(_cases(), sg_crit1_cutoff=7)
    return sudden_gains_by_person(_cases(), sg_crit1_cutoff=7, multiple_sg_select="largest")


def _table(result):
    return result.summary if hasattr(result, "gains") else result.to_suddengains()


def test_excel_round_trip(result, tmp_path):
    out = write_sudden_gains(result, tmp_path / "gains.xlsx")
    assert out == tmp_path / "gains.xlsx" and out.exists()
    # openpyxl writes 16 significant digits (Excel itself keeps 15): 0.42857142857142855 comes
    # back as 0.4285714285714285
    _compare(pd.read_excel(out, engine="openpyxl"), _table(result), rtol=1e-15)


def test_spss_round_trip(result, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    out = write_sudden_gains(result, tmp_path / "gains.sav")
    read, meta = pyreadstat.read_sav(str(out))
    table = _table(result)
    names = spss_names(table.columns)
    _compare(read, table, names)
    assert meta.column_names_to_labels[names["sg_PHQ_9_n"]] == "sg_PHQ_9_n"


def test_csv_and_explicit_format(tmp_path):
    res = sudden_losses([10, 9, 10, 20, 21, 20, 19, 20], sg_crit1_cutoff=-7,
                        improvement="decrease", measure="bdi")
    out = write_sudden_gains(res, tmp_path / "losses.txt", format="csv")
    read = pd.read_csv(out)
    assert read["id_sg"].tolist() == ["0_sg_3"] and read["sg_magnitude"].tolist() == [-10.0]
    with pytest.raises(ValueError, match="cannot tell the format"):
        write_sudden_gains(res, tmp_path / "losses.txt")
    with pytest.raises(ValueError, match="format must be one of"):
        write_sudden_gains(res, tmp_path / "losses.dta", format="stata")
    with pytest.raises(TypeError, match="result must be"):
        write_sudden_gains(res.summary, tmp_path / "x.csv")


def test_wide_by_person_with_data_columns_in_spss(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    wide = pd.DataFrame({"id": [1, 2], "group name": ["a", "b"],
                         **{f"s{i}": [v, 20.0] for i, v in enumerate(SERIES, 1)}})
    res = sudden_gains_by_person(wide, sg_crit1_cutoff=7, case_col="id",
                                 sg_var_list=[f"s{i}" for i in range(1, 13)],
                                 improvement="decrease", measure="PHQ-9")
    read, meta = pyreadstat.read_sav(str(write_sudden_gains(res, tmp_path / "p.sav")))
    assert "group_name" in read.columns
    assert meta.column_names_to_labels["group_name"] == "group name"
    _compare(read, res.summary, spss_names(res.summary.columns))


def test_spss_names_follow_the_rules():
    names = spss_names(["id", "sg_PHQ-9_n", "1st", "AND", "x.", "ID", "a" * 70, "ü ber"])
    assert names["id"] == "id" and names["sg_PHQ-9_n"] == "sg_PHQ_9_n"
    assert names["1st"] == "v1st" and names["AND"] == "AND_" and names["x."] == "x._"
    assert names["ID"] == "ID_2"                      # unique regardless of case
    assert len(names["a" * 70].encode()) == 64
    assert names["ü ber"] == "v__ber"
    assert len({n.upper() for n in names.values()}) == len(names)

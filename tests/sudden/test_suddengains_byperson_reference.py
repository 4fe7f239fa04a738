"""Sudden gains by person against suddengains 0.7.2 (``values/suddengains_byperson.json``).

Data: ``suddengains::sgdata`` (Wiedemann, Thew, Stott & Ehlers 2020, PLOS ONE 15(3):e0230276,
doi:10.1371/journal.pone.0230276), ``sg_var_list = bdi_s1 ... bdi_s12``, R 4.2.2. Every column
of every one of the eight results is compared: identifiers, counts, sessions and selections
exactly; scores, magnitudes, changes and reversal values exactly (integer arithmetic, atol
1e-12); change proportions with rtol 1e-12 (R writes 15 significant digits); the columns of
sgdata appended by R exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from tests._reference import load_data, load_values

pytestmark = pytest.mark.reference

VARS = [f"bdi_s{i}" for i in range(1, 13)]
KEYS = [f"{kind}_cutoff{cut}_{sel}" for kind, cut in (("sg", 7), ("sl", -7))
        for sel in ("first", "last", "smallest", "largest")]
# casekit's defaults, and the options that mirror the package (they agree on sgdata)
OPTIONS = {"defaults": {}, "suddengains": {"reversal": "suddengains", "magnitude": "signed"}}


@pytest.fixture(scope="module")
def ref(reference_dir):
    return load_values(reference_dir, "suddengains_byperson.json")


@pytest.fixture(scope="module")
def sgdata(reference_dir):
    return load_data(reference_dir, "suddengains_sgdata.csv")


def _byperson(sgdata, key, **options):
    # R: create_byperson(sgdata, sg_crit1_cutoff = C, id_var_name = "id",
    #    sg_var_list = bdi_s1..bdi_s12, tx_start_var_name = "bdi_s1",
    #    tx_end_var_name = "bdi_s12", sg_measure_name = "bdi", multiple_sg_select = S,
    #    identify = I, identify_sg_1to2 = FALSE)
    kind, cut, sel = key.split("_")
    return casekit.sudden_gains_by_person(
        sgdata, sg_crit1_cutoff=float(cut.removeprefix("cutoff")), identify=kind,
        multiple_sg_select=sel, case_col="id", sg_var_list=VARS, tx_start_var="bdi_s1",
        tx_end_var="bdi_s12", measure="bdi", improvement="decrease", **options)


@pytest.mark.parametrize("options", list(OPTIONS))
@pytest.mark.parametrize("key", KEYS)
def test_every_column_of_every_result(ref, sgdata, key, options):
    r = ref["results"][key]
    res = _byperson(sgdata, key, **OPTIONS[options])
    got, exp = res.summary, pd.DataFrame(r["rows"])
    assert list(got.columns) == r["columns"]
    assert len(got) == r["n_rows"] == res.n_cases
    assert res.n_with_gain == r["n_with_gain"] == int(got["sg_crit123"].sum())
    assert got["id"].tolist() == exp["id"].tolist()
    for col in ("sg_crit123", "sg_freq_byperson"):
        assert got[col].tolist() == exp[col].tolist(), col
    assert [None if pd.isna(v) else v for v in got["id_sg"]] == \
        [None if pd.isna(v) else v for v in exp["id_sg"]]
    for col in ("sg_session_n", "sg_reversal"):
        np.testing.assert_array_equal(got[col].to_numpy(dtype=float, na_value=np.nan),
                                      exp[col].to_numpy(dtype=float), err_msg=col)
    exact = [c for c in r["columns"][5:] if c != "sg_change_proportion"]
    np.testing.assert_allclose(got[exact].to_numpy(dtype=float),
                               exp[exact].to_numpy(dtype=float), rtol=0, atol=1e-12)
    np.testing.assert_allclose(got["sg_change_proportion"].to_numpy(dtype=float),
                               exp["sg_change_proportion"].to_numpy(dtype=float), rtol=1e-12)


@pytest.mark.parametrize("key", KEYS)
def test_the_gain_chosen_for_people_with_several(ref, sgdata, key):
    # derived in the reference file from the rows: who has several gains, which one was kept
    got = _byperson(sgdata, key).summary.set_index("id")
    for person in ref["multiple_gain_people"][key]:
        row = got.loc[person["id"]]
        assert (row["sg_freq_byperson"], row["sg_session_n"], row["sg_magnitude"]) == (
            person["sg_freq_byperson"], person["sg_session_n"], person["sg_magnitude"])


def test_first_agrees_with_the_byperson_first_of_suddengains_json(reference_dir, sgdata):
    # the README: sg_cutoff7_first equals suddengains.json byperson_first on its columns
    first = pd.DataFrame(load_values(reference_dir, "suddengains.json")["byperson_first"])
    got = _byperson(sgdata, "sg_cutoff7_first").summary
    for col in first.columns:
        np.testing.assert_array_equal(got[col].to_numpy(dtype=float, na_value=np.nan),
                                      first[col].to_numpy(dtype=float), err_msg=col)


def test_bysg_table_has_suddengains_columns(reference_dir, sgdata):
    # R: create_bysg(sgdata, sg_crit1_cutoff = 7, ...) -- every column of values/suddengains.json
    bysg = pd.DataFrame(load_values(reference_dir, "suddengains.json")["bysg"])
    got = casekit.sudden_gains(sgdata, sg_crit1_cutoff=7, case_col="id", sg_var_list=VARS,
                               improvement="decrease", measure="bdi").to_suddengains()
    assert list(got.columns) == list(bysg.columns)
    assert got["id_sg"].tolist() == bysg["id_sg"].tolist()
    np.testing.assert_allclose(got.drop(columns="id_sg").to_numpy(dtype=float, na_value=np.nan),
                               bysg.drop(columns="id_sg").to_numpy(dtype=float), rtol=1e-12,
                               atol=1e-12)

"""casekit.datasets: index, loading, case bundles, and where the data folder is found.

The wheel force-includes ``data/`` as ``casekit/_data`` (pyproject ``force-include``); a checkout
uses the repository ``data/`` folder. Both are exercised: with explicit candidate folders, and
with a copy of the package laid out as an installed wheel would be, imported in a subprocess.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import casekit
from casekit import CaseDataError
from casekit import datasets as ds

INDEX = ("name,file,case,table,description,simulated,source,licence\n"
         "toy_ratings,toy_ratings.csv,TOY-01,ratings,Toy ratings,true,\"simulated, test\","
         "CC-BY-4.0\n"
         "toy_events,toy_events.csv,TOY-01,events,Toy events,true,\"simulated, test\","
         "CC-BY-4.0\n"
         "toy_phases,toy_phases.csv,TOY-01,phases,Toy phases,true,\"simulated, test\","
         "CC-BY-4.0\n"
         "toy_sessions,toy_sessions.csv,TOY-01,sessions,Toy sessions,true,\"simulated, test\","
         "CC-BY-4.0\n"
         "public_series,public.csv,PUB-1,ratings,A public series,false,Some et al. 2020,"
         "CC0-1.0\n")
FILES = {
    "toy_ratings.csv": "case,session,measure,value\nTOY-01,1,SRS,30\nTOY-01,2,SRS,-9\n"
                       "TOY-01,3,SRS,36.5\n",
    "toy_events.csv": "case,session,event,note\nTOY-01,2,rupture_noted,withdrawal\n",
    "toy_phases.csv": "case,phase,start,end,role,definition\nTOY-01,A,1,1,baseline,a_priori\n"
                      "TOY-01,B,2,3,intervention,a_priori\n",
    "toy_sessions.csv": "case,session,attended\nTOY-01,1,true\nTOY-01,2,true\n",
    "public.csv": "case,session,measure,value\nPUB-1,1,X,1\n",
    "toy_01_card.md": "# TOY-01\nA data card.\n",
}


def make_folder(path, index=INDEX, files=FILES):
    path.mkdir(parents=True, exist_ok=True)
    (path / "datasets.csv").write_text(index, encoding="utf-8")
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def test_data_dir_prefers_packaged_copy_then_repository(tmp_path):
    pkg, repo = tmp_path / "casekit" / "_data", tmp_path / "data"
    make_folder(repo)
    assert ds.data_dir([pkg, repo]) == repo            # checkout: no packaged copy
    make_folder(pkg)
    assert ds.data_dir([pkg, repo]) == pkg             # wheel: packaged copy first
    with pytest.raises(FileNotFoundError, match="looked for datasets.csv in"):
        ds.data_dir([tmp_path / "nowhere"])


def test_default_resolution_in_this_checkout(project_root):
    folder = ds.data_dir()
    packaged = project_root / "casekit" / "_data"
    expected = packaged if (packaged / "datasets.csv").is_file() else project_root / "data"
    assert folder == expected


def test_installed_layout_uses_casekit_data(tmp_path, project_root):
    """A copy of the package with _data inside (as the wheel installs it) finds its data."""
    site = tmp_path / "site"
    shutil.copytree(project_root / "casekit", site / "casekit",
                    ignore=shutil.ignore_patterns("__pycache__", "_data"))
    make_folder(site / "casekit" / "_data")
    code = textwrap.dedent("""
        import casekit, casekit.datasets as ds
        print(ds.data_dir())
        print(len(ds.load("toy_ratings")))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""}, check=True)
    folder, n = out.stdout.split()
    assert folder == str(site / "casekit" / "_data") and n == "3"


def test_list_and_load(tmp_path):
    folder = make_folder(tmp_path / "d")
    table = ds.list(folder)
    assert table.columns.tolist() == list(ds.INDEX_COLUMNS)
    assert table["simulated"].tolist() == [True, True, True, True, False]
    r = ds.load("toy_ratings", folder)
    assert r["value"].tolist()[0] == 30.0 and r["missing_code"].tolist()[1] == "-9"
    assert r.attrs["casekit"]["dataset"]["simulated"] is True
    assert ds.load("toy_sessions", folder)["attended"].tolist() == [True, True]
    with pytest.raises(ValueError, match="unknown dataset 'nope'; available datasets: "
                                         "'toy_ratings'"):
        ds.load("nope", folder)


def test_load_case_bundle(tmp_path):
    folder = make_folder(tmp_path / "d")
    case = ds.load_case("TOY-01", folder)
    assert case.ratings is case["ratings"] and len(case.ratings) == 3
    assert case.events["event"].tolist() == ["rupture_noted"]
    assert case.phases["role"].tolist() == ["baseline", "intervention"]
    assert case.sessions["attended"].tolist() == [True, True]
    assert case.card.startswith("# TOY-01")
    assert case.simulated and case.notice.startswith("SIMULATION")
    assert "TOY-01" in repr(case) and "ratings: 3 rows" in repr(case)
    with pytest.raises(AttributeError, match="has no table 'scores'"):
        case.scores  # noqa: B018
    pub = ds.load_case("PUB-1", folder)
    assert pub.events is None and pub.card is None and pub.notice is None
    with pytest.raises(ValueError, match="unknown case 'X'; bundled cases: 'PUB-1', 'TOY-01'"):
        ds.load_case("X", folder)


def test_load_case_validates_tables_together(tmp_path):
    files = dict(FILES)
    files["toy_events.csv"] = "case,session,event,note\nTOY-01,7,rupture_noted,x\n"
    folder = make_folder(tmp_path / "d", files=files)
    with pytest.raises(CaseDataError, match="event on session 7"):
        ds.load_case("TOY-01", folder)
    assert ds.load_case("TOY-01", folder, validate=False).events["session"].tolist() == [7]


def test_bad_index_is_reported(tmp_path):
    folder = make_folder(tmp_path / "d", index=INDEX.replace(",true,", ",maybe,", 1))
    with pytest.raises(ValueError, match="'simulated' must be true or false"):
        ds.list(folder)
    folder = make_folder(tmp_path / "e", index=INDEX + INDEX.splitlines()[1] + "\n")
    with pytest.raises(ValueError, match="duplicate dataset names"):
        ds.list(folder)
    (folder / "toy_ratings.csv").unlink()
    folder = make_folder(tmp_path / "f", files={})
    with pytest.raises(FileNotFoundError, match="toy_ratings.csv"):
        ds.load("toy_ratings", folder)


def test_bundled_index_is_readable_and_complete():
    table = ds.list()
    assert table.columns.tolist() == list(ds.INDEX_COLUMNS)
    folder = ds.data_dir()
    for f in table["file"]:
        assert (folder / f).is_file(), f
    assert table["licence"].str.len().gt(0).all() and table["source"].str.len().gt(0).all()


def test_bundled_cases_load_and_validate():
    table = ds.list()
    for case_id in sorted(c for c in set(table["case"]) if c):
        bundle = casekit.datasets.load_case(case_id)
        assert isinstance(bundle.ratings, pd.DataFrame) and len(bundle.ratings)
        if bundle.simulated:
            assert bundle.notice.startswith("SIMULATION")

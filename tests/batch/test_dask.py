"""The batch analyses on a Dask DataFrame (distributed LocalCluster) and on a Parquet path equal
the in-memory ones. Skipped cleanly without dask / distributed / pyarrow (``casekit[scale]``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.batch import (
    batch_changepoints,
    batch_effect_sizes,
    batch_reliable_change,
    batch_session_reliable_change,
    batch_sudden_gains,
)
from casekit.exceptions import CaseDataError

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def _by_case(df: pd.DataFrame, nparts: int):
    """A Dask DataFrame whose partitions hold whole cases."""
    ordered = df.sort_values(["case", "session"], kind="stable").reset_index(drop=True)
    return dd.from_pandas(ordered.set_index("case", drop=False).rename_axis(None),
                          npartitions=nparts, sort=True)


def _same(a: pd.DataFrame, b: pd.DataFrame, key):
    a = a.sort_values(key, kind="stable").reset_index(drop=True)
    b = b.sort_values(key, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


ANALYSES = {
    "reliable_change": (batch_reliable_change, {"instrument": "PHQ-9",
                                                "cutoff": "instrument"}),
    "session_reliable_change": (batch_session_reliable_change, {"instrument": "PHQ-9"}),
    "sudden_gains": (batch_sudden_gains, {"sg_crit1_cutoff": 5, "improvement": "decrease"}),
    "changepoints": (batch_changepoints, {}),
}


@pytest.mark.parametrize("name", list(ANALYSES))
def test_dask_equals_in_memory(client, long_table, name):
    fn, kw = ANALYSES[name]
    ddf = _by_case(long_table, 4)
    assert ddf.npartitions > 1
    mem = fn(long_table, **kw)
    dist = fn(ddf, **kw)
    assert dist.engine == "dask" and mem.engine == "pandas"
    _same(dist.summary, mem.summary, ["case"])
    if mem.events is not None:
        key = [c for c in ("case", "session", "pregain_session", "k") if c in mem.events]
        _same(dist.events, mem.events, key)


def test_dask_effect_sizes(client, phase_table):
    ddf = _by_case(phase_table, 3)
    mem = batch_effect_sizes(phase_table, improvement="decrease")
    dist = batch_effect_sizes(ddf, improvement="decrease")
    _same(dist.summary, mem.summary, ["case", "es"])


def test_dask_case_split_across_partitions_is_an_error(client, long_table):
    ordered = long_table.sort_values(["session", "case"]).reset_index(drop=True)
    ddf = dd.from_pandas(ordered, npartitions=3, sort=False)
    with pytest.raises(CaseDataError, match="split across partitions"):
        batch_changepoints(ddf, missing="drop")


def test_parquet_path_equals_in_memory(tmp_path, long_table):
    path = tmp_path / "sessions.parquet"
    long_table.to_parquet(path, index=False)
    mem = batch_reliable_change(long_table, instrument="PHQ-9")
    disk = batch_reliable_change(str(path), instrument="PHQ-9", chunk_size=50)
    assert disk.engine == "parquet"
    pd.testing.assert_frame_equal(disk.summary, mem.summary, check_dtype=False)

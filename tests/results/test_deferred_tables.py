"""Tables built on first use (casekit.results: ``summary`` as a function, ``deferred`` fields).

Issue #16 item 2: a loop over many series that reads only the numbers must not pay for pandas
tables it never reads; the tables must still be the same whenever they are built.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.results import Result, deferred


class _Lazy(Result):
    """A result with one deferred table.

    Attributes
    ----------
    k : int
        A number.
    table : pandas.DataFrame
        A table built on first access.
    """

    k: int
    table: pd.DataFrame


class _WithDefault(Result):
    """A field with a default.

    Attributes
    ----------
    table : pandas.DataFrame or None
        Defaults to None.
    """

    table: pd.DataFrame | None = None


def _counting(frame: pd.DataFrame) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> pd.DataFrame:
        calls.append(1)
        return frame
    return calls, build


def test_summary_function_is_called_once_and_only_when_read():
    calls, build = _counting(pd.DataFrame({"x": [1.0, 2.0]}, index=[5, 7]))
    res = _Lazy(build, method="m", k=1, table=pd.DataFrame())
    assert calls == []
    assert res.k == 1 and calls == []
    assert res.summary.index.tolist() == [0, 1]  # reset like an eager summary
    assert "x" in res.to_text() and res.summary["x"].tolist() == [1.0, 2.0]
    assert calls == [1]


def test_deferred_field_is_built_once_on_first_access():
    calls, build = _counting(pd.DataFrame({"y": [3]}))
    res = _Lazy(pd.DataFrame(), method="m", k=np.int64(2), table=deferred(build))
    assert calls == [] and type(res.k) is int
    assert res.table["y"].tolist() == [3]
    assert res.table is res.table
    assert calls == [1]
    assert set(res.to_dict()) == {"k", "table"}


def test_assigning_a_deferred_field_replaces_it_unbuilt():
    calls, build = _counting(pd.DataFrame({"y": [3]}))
    res = _Lazy(pd.DataFrame(), method="m", k=1, table=deferred(build))
    res.table = pd.DataFrame({"z": [0]})
    assert list(res.table.columns) == ["z"] and calls == []


@pytest.mark.parametrize("clone", ["pickle", "deepcopy"])
def test_pickle_and_copy_build_the_tables_first(clone):
    res = _Lazy(lambda: pd.DataFrame({"x": [1.0]}), method="m", k=1,
                table=deferred(lambda: pd.DataFrame({"y": [2]})))
    back = pickle.loads(pickle.dumps(res)) if clone == "pickle" else copy.deepcopy(res)
    assert back.summary["x"].tolist() == [1.0] and back.table["y"].tolist() == [2]


def test_a_field_with_a_default_cannot_be_deferred():
    with pytest.raises(TypeError, match="table has a default"):
        _WithDefault(pd.DataFrame(), method="m", table=deferred(pd.DataFrame))


def test_unknown_attribute_is_still_an_attribute_error():
    res = _Lazy(pd.DataFrame(), method="m", k=1, table=deferred(pd.DataFrame))
    with pytest.raises(AttributeError, match="no attribute 'tabel'"):
        res.tabel  # noqa: B018


def test_summary_must_be_a_frame_or_a_function():
    with pytest.raises(TypeError, match="DataFrame or a function"):
        _Lazy([1, 2], method="m", k=1, table=pd.DataFrame())


def test_cpt_mean_tables_do_not_see_later_changes_to_the_input():
    y = np.array([10, 11, 10, 12, 11, 10, 11, 18, 19, 18, 20, 19, 18, 19, 20], dtype=float)
    eager = casekit.cpt_mean(y.copy())
    eager_tables = eager.summary, eager.segments
    lazy = casekit.cpt_mean(y)
    y[:] = 0.0  # the caller reuses its buffer before reading the tables
    pd.testing.assert_frame_equal(lazy.summary, eager_tables[0])
    pd.testing.assert_frame_equal(lazy.segments, eager_tables[1])
    assert lazy.segments["mean"].round(3).tolist() == [10.714, 18.875]


def test_reliable_change_tables_do_not_see_later_changes_to_the_input():
    pre, post = np.array([20.0, 15.0, np.nan]), np.array([8.0, 16.0, 9.0])
    eager = casekit.reliable_change(pre.copy(), post.copy(), instrument="PHQ-9",
                                    missing="drop")
    expected = eager.summary, eager.counts, eager.dropped
    res = casekit.reliable_change(pre, post, instrument="PHQ-9", missing="drop")
    pre[:] = 0.0
    post[:] = 0.0
    pd.testing.assert_frame_equal(res.summary, expected[0])
    pd.testing.assert_frame_equal(res.counts, expected[1])
    pd.testing.assert_frame_equal(res.dropped, expected[2])
    assert res.summary["category"].tolist() == ["improved", "unchanged"]
    assert res.dropped["reason"].tolist() == ["pre missing"]
    assert res.counts.set_index("category")["n"].to_dict() == {
        "improved": 1, "unchanged": 1, "deteriorated": 0}

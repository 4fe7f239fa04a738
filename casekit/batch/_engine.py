"""The batch engine: split a tidy long table by case, run one chunk function, join the tables.

Three kinds of input reach the same chunk function:

* a :class:`pandas.DataFrame` (in memory): the rows are grouped by case (stable, first
  appearance order kept) and cut into chunks of ``chunk_size`` cases, so time and memory grow
  linearly with the number of cases (one chunk's temporaries at a time);
* a path to a Parquet file or dataset (``str`` / :class:`os.PathLike`): read with pyarrow,
  only the columns needed, then as a DataFrame;
* a Dask DataFrame (``dask.dataframe.DataFrame``) whose partitions each hold whole cases: each
  partition goes through the same chunk function as a delayed task, computed by the scheduler
  in force (threads by default, ``distributed.Client`` when one is active), and the per-case
  tables are joined. A case split across partitions is an error (its key appears twice).

Dask and pyarrow are imported only here, and only when such an input is given (the optional
extra ``casekit[scale]``), so ``import casekit`` stays light.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd

from .._input import require_columns
from .._validate import check_int
from ..exceptions import CaseDataError

if TYPE_CHECKING:
    from dask.dataframe import DataFrame as DaskDataFrame  # optional (casekit[scale])

__all__ = ["DEFAULT_CHUNK_SIZE", "run_chunks", "check_progress"]

#: cases per chunk. benchmarks/bench_batch_scale.py (100,000 patients x 20 sessions, reliable
#: change + sudden gains) took 8.8 s with chunks of 2,000 cases and 4.7 s with 10,000 (the
#: per-call costs of the one-case cores are paid 5 times less often); peak memory 344 vs 363
#: MiB. A chunk of 10,000 cases x 40 sessions holds a few MB of float arrays.
DEFAULT_CHUNK_SIZE = 10_000

Tables = dict[str, pd.DataFrame]
#: What the batch functions read: a table in memory, a Parquet path or a Dask DataFrame.
BatchData: TypeAlias = "pd.DataFrame | str | os.PathLike[str] | DaskDataFrame"
#: ``progress=``: False/None, True, or a function ``f(done, total)``.
Progress: TypeAlias = "bool | Callable[[int, int], None] | None"


def check_progress(progress: Progress) -> Callable[[int, int], None] | None:
    """``progress=``: False/None (silent), True (a line on stderr) or ``f(done, total)``."""
    if progress is None or progress is False:
        return None
    if progress is True:
        def report(done: int, total: int) -> None:
            end = "\n" if done >= total else "\r"
            sys.stderr.write(f"casekit batch: {done:,}/{total:,} cases{end}")
            sys.stderr.flush()
        return report
    if callable(progress):
        return progress
    raise TypeError("progress must be True, False or a function f(done, total) called with the "
                    f"number of cases done and the total; got {type(progress).__name__}")


def _is_dask(data: object) -> bool:
    mod = type(data).__module__ or ""
    return mod.startswith("dask") and hasattr(data, "to_delayed")


def _read_parquet(path: str | os.PathLike[str], columns: Sequence[str] | None) -> pd.DataFrame:
    try:
        import pyarrow.parquet as pq
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("reading a Parquet path needs pyarrow: pip install 'casekit[scale]'"
                          ) from err
    if columns is not None:
        have = set(pq.ParquetDataset(path).schema.names)
        columns = [c for c in dict.fromkeys(columns) if c in have]
    table = pq.read_table(path, columns=columns)
    df: pd.DataFrame = table.to_pandas()
    return df


def case_chunks(df: pd.DataFrame, case_col: str,
                chunk_size: int) -> Iterator[tuple[int, pd.DataFrame]]:
    """Yield ``(n_cases, frame)`` pieces of ``df`` holding whole cases, in first-seen order."""
    require_columns(df, {"case_col": case_col})
    codes, uniques = pd.factorize(df[case_col], sort=False, use_na_sentinel=True)
    if (codes < 0).any():
        raise CaseDataError([{"row": r, "column": case_col, "value": None,
                              "problem": "missing case label"} for r in df.index[codes < 0]])
    n_cases = len(uniques)
    if n_cases == 0:
        return
    if codes.size > 1 and np.any(codes[1:] < codes[:-1]):
        order = np.argsort(codes, kind="stable")
        df = df.iloc[order]
        codes = codes[order]
    # row boundaries of every chunk_size-th case
    starts = np.searchsorted(codes, np.arange(0, n_cases, chunk_size), side="left")
    ends = np.append(starts[1:], codes.size)
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        yield min(chunk_size, n_cases - i * chunk_size), df.iloc[a:b]


def run_chunks(data: BatchData, chunk: Callable[[pd.DataFrame], Tables], *, case_col: str,
               columns: Sequence[str] | None, chunk_size: int, progress: Progress,
               key: Sequence[str],
               ) -> tuple[Tables, str]:
    """Run ``chunk`` over ``data`` by case and concatenate each named table.

    Returns the joined tables and the engine used (``"pandas"``, ``"parquet"``,
    ``"dask"``).
    """
    chunk_size = check_int(chunk_size, "chunk_size", minimum=1)
    report = check_progress(progress)
    if _is_dask(data):
        parts, engine = _run_dask(data, chunk, columns, report), "dask"
    else:
        engine = "pandas"
        if isinstance(data, (str, os.PathLike)):
            data, engine = _read_parquet(data, columns), "parquet"
        if not isinstance(data, pd.DataFrame):
            raise TypeError("data must be a pandas DataFrame, a Parquet path or a Dask "
                            f"DataFrame; got {type(data).__name__}")
        parts = []
        total = int(data[case_col].nunique()) if report is not None else 0
        done = 0
        for n, piece in case_chunks(data, case_col, chunk_size):
            parts.append(chunk(piece))
            done += n
            if report is not None:
                report(done, total)
    tables = _join(parts)
    first = next(iter(tables.values()), None)
    if engine == "dask" and first is not None and len(first):
        key = [k for k in key if k in first.columns]
        dup = first.duplicated(key)
        if dup.any():
            k = first.loc[dup, key].iloc[0].tolist()
            raise CaseDataError([{"row": None, "column": case_col, "value": k,
                                  "problem": "this series is split across partitions of the "
                                             "Dask DataFrame; partition by case first (for "
                                             f"example ddf.shuffle({case_col!r}) or "
                                             f"ddf.set_index({case_col!r}))"}])
    return tables, engine


def _run_dask(ddf: DaskDataFrame, chunk: Callable[[pd.DataFrame], Tables],
              columns: Sequence[str] | None,
              report: Callable[[int, int], None] | None) -> list[Tables]:
    import dask

    if columns is not None:
        ddf = ddf[[c for c in dict.fromkeys(columns) if c in ddf.columns]]
    tasks = [dask.delayed(chunk)(part) for part in ddf.to_delayed()]
    if report is not None:
        report(0, len(tasks))
    out = list(dask.compute(*tasks))
    if report is not None:
        report(len(tasks), len(tasks))
    return out


def _join(parts: list[Tables]) -> Tables:
    if not parts:
        return {}
    out: dict[str, Any] = {}
    for name in parts[0]:
        frames = [p[name] for p in parts]
        nonempty = [f for f in frames if len(f)]
        out[name] = (pd.concat(nonempty, ignore_index=True) if nonempty
                     else frames[0].reset_index(drop=True))
    return out

"""Property-based checks of read_sessions (hypothesis).

For any wide table (one row per session, item and total columns per measure, values that are
numbers, blanks or sentinel codes) and its long equivalent built independently here:

- both read to the same tidy table (same values, same missing codes), from a DataFrame and
  through CSV files;
- no row is ever lost: the long table has one row per (session row, measure column).
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casekit.io import read_sessions

CELL = st.one_of(
    st.integers(0, 40).map(float),
    st.floats(-5, 100, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)),
    st.just(np.nan),
    st.sampled_from([-9, -99, 999, "."]),
)


@st.composite
def wide_tables(draw):
    n_cases = draw(st.integers(1, 2))
    n_sessions = draw(st.integers(1, 5))
    measures = {}
    for m in draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=3,
                           unique=True)):
        measures[m] = (draw(st.integers(0, 3)), draw(st.booleans()))  # n items, has total
    if all(k == 0 and not tot for k, tot in measures.values()):
        first = next(iter(measures))
        measures[first] = (1, measures[first][1])
    rows = []
    for c in range(n_cases):
        for s in range(1, n_sessions + 1):
            row = {"case": f"case{c}", "session": s}
            for m, (k, tot) in measures.items():
                for i in range(1, k + 1):
                    row[f"{m}_{i}"] = draw(CELL)
                if tot:
                    row[f"{m}_tot"] = draw(CELL)
            rows.append(row)
    wide = pd.DataFrame(rows).astype({c: object for c in rows[0] if c not in ("case",
                                                                            "session")})
    return wide, measures


def long_equivalent(wide, measures):
    """The long table, built cell by cell without casekit."""
    out = []
    for _, row in wide.iterrows():
        for m, (k, tot) in measures.items():
            for i in range(1, k + 1):
                out.append({"case": row["case"], "session": row["session"], "measure": m,
                            "item": i, "scale": None, "value": row[f"{m}_{i}"]})
            if tot:
                out.append({"case": row["case"], "session": row["session"], "measure": m,
                            "item": None, "scale": "total", "value": row[f"{m}_tot"]})
    df = pd.DataFrame(out, columns=["case", "session", "measure", "item", "scale", "value"])
    # keep each cell as written (pandas would turn [0.0, -9] into floats and -9 into -9.0)
    df["value"] = pd.Series([r["value"] for r in out], dtype=object)
    return df


def to_csv(df, path, sep, decimal):
    """Write cells as a spreadsheet would: numbers with the decimal mark, blanks empty."""
    def cell(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, float):
            return repr(v).replace(".", decimal)
        return str(v)
    lines = [sep.join(df.columns)]
    lines += [sep.join(cell(v) for v in row) for row in df.itertuples(index=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def spec_of(measures):
    spec = {}
    for m, (k, tot) in measures.items():
        entry = {}
        if k:
            entry["items"] = rf"{m}_(?P<item>\d+)"
        if tot:
            entry["total"] = f"{m}_tot"
        spec[m] = entry
    return spec


KEY = ["case", "session", "measure", "item", "scale"]
COLS = KEY + ["value", "missing_code"]


def canonical(df):
    return (df.reindex(columns=COLS).sort_values(KEY, na_position="first", kind="stable")
            .reset_index(drop=True))


def read_quietly(source, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_sessions(source, **kw)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_tables())
def test_wide_and_long_read_to_the_same_data(table):
    wide, measures = table
    long = long_equivalent(wide, measures)
    from_wide = read_quietly(wide, measures=spec_of(measures))
    from_long = read_quietly(long)
    n_cols = sum(k + tot for k, tot in measures.values())
    # no row is ever lost
    assert len(from_wide) == len(wide) * n_cols == len(long) == len(from_long)
    a, b = canonical(from_wide), canonical(from_long)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    # every sentinel code is kept, every present number is unchanged
    codes = long["value"].map(lambda v: str(v) if v in (-9, -99, 999, ".") and not (
        isinstance(v, float) and np.isnan(v)) else None)
    assert from_long["missing_code"].notna().sum() == codes.notna().sum()
    nums = pd.to_numeric(long["value"].where(codes.isna()), errors="coerce")
    np.testing.assert_array_equal(from_long["value"].to_numpy(), nums.to_numpy(dtype=float))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_tables(), st.sampled_from([(",", "."), (";", ",")]))
def test_wide_and_long_csv_files_agree(table, dialect):
    sep, decimal = dialect
    wide, measures = table
    long = long_equivalent(wide, measures)
    with tempfile.TemporaryDirectory() as tmp:
        pw, pl = Path(tmp) / "wide.csv", Path(tmp) / "long.csv"
        to_csv(wide, pw, sep, decimal)
        to_csv(long, pl, sep, decimal)
        from_wide = read_quietly(pw, measures=spec_of(measures))
        from_long = read_quietly(pl)
    assert len(from_wide) == len(long) == len(from_long)
    pd.testing.assert_frame_equal(canonical(from_wide), canonical(from_long),
                                  check_dtype=False)
    # and the DataFrame route gives the same values
    direct = canonical(read_quietly(long))
    np.testing.assert_array_equal(canonical(from_long)["value"], direct["value"])

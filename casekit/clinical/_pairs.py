"""Pre/post pairs from arrays, a wide table or a long table (one layout for every approach).

:func:`pre_post_pairs` is the input layer of the pre/post functions of :mod:`casekit.clinical`
(``reliable_change``, ``anchor_change``, ``percentage_change``, ``statistical_change``,
``anchor_group_change``): the vocabulary of ``docs/vocabulary.md`` (``data``, ``case_col``,
``time_col``, ``value_col``, ``pre_time``, ``post_time``, ``cases``, ``group_col``), one set of
errors, and one missing-value rule (an error unless ``missing="drop"``, which lists the rows
left out).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._validate import check_option
from ..exceptions import CaseDataError, NotEnoughPointsError

__all__ = ["PrePost", "pre_post_pairs", "MISSING_PAIRS", "GroupScores", "group_scores"]

MISSING_PAIRS = ("error", "drop")


@dataclass(frozen=True)
class PrePost:
    """Complete pre/post pairs and what was left out.

    ``cases``, ``pre``, ``post`` (and ``groups``) hold the complete rows in input order;
    ``dropped`` lists the rows without both scores (``case, pre, post, reason``);
    ``n_original`` counts every case before the drop.
    """

    cases: np.ndarray
    pre: np.ndarray
    post: np.ndarray
    groups: np.ndarray | None
    layout: str
    #: the rows without both scores (case, pre, post): ``dropped`` builds their table
    left_out: tuple[np.ndarray, np.ndarray, np.ndarray]
    n_original: int
    notes: tuple[str, ...] = field(default=())

    @property
    def n(self) -> int:
        return int(self.pre.size)

    @property
    def n_dropped(self) -> int:
        return int(self.left_out[1].size)

    @property
    def dropped(self) -> pd.DataFrame:
        """``id, pre, post, reason`` of the rows left out (a new table on each access: built
        only when read, since most calls drop nothing; issue #16)."""
        case_d, pre_d, post_d = self.left_out
        return pd.DataFrame({"id": case_d, "pre": pre_d, "post": post_d,
                             "reason": np.where(np.isnan(pre_d), "pre missing",
                                                "post missing")})

    @property
    def change(self) -> np.ndarray:
        change: np.ndarray = self.post - self.pre
        return change


def pre_post_pairs(pre: ArrayLike | str | None, post: ArrayLike | str | None, *,
                   data: pd.DataFrame | None, case_col: str | None, time_col: str | None,
                   value_col: str | None, pre_time: Hashable, post_time: Hashable,
                   cases: ArrayLike | None, group_col: str | None = None,
                   missing: str = "error") -> PrePost:
    """Read pre/post scores from arrays (``pre``, ``post``, ``cases=``), a wide table
    (``data`` with ``pre``/``post`` column names) or a long table (``data``, ``case_col``,
    ``time_col``, ``value_col``, ``pre_time``, ``post_time``)."""
    missing = check_option(missing, "missing", MISSING_PAIRS)
    if data is None:
        if group_col is not None:
            raise ValueError("group_col= names a column of data=, which was not given")
        case_a, pre_a, post_a, layout = _from_arrays(pre, post, case_col, time_col, value_col,
                                                     pre_time, post_time, cases)
        groups: np.ndarray | None = None
        notes: tuple[str, ...] = ()
    else:
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
        if cases is not None:
            raise ValueError("cases= labels array input; with data= name the case column "
                             "(case_col=)")
        if value_col is not None or time_col is not None:
            given = [a for a, v in (("pre", pre), ("post", post)) if v is not None]
            if given:
                raise ValueError(f"{' and '.join(given)} name columns of wide data; with long "
                                 "data (time_col=, value_col=) give the labels as pre_time= "
                                 "and post_time=")
            case_a, pre_a, post_a, groups, layout, notes = _from_long(
                data, case_col, time_col, value_col, pre_time, post_time, group_col)
        else:
            case_a, pre_w, post_w, groups, layout = _from_wide(data, pre, post, case_col,
                                                               group_col)
            assert pre_w is not None and post_w is not None  # both read
            pre_a, post_a = pre_w, post_w
            notes = ()
    return _complete(case_a, pre_a, post_a, groups, layout, missing, notes)


# ------------------------------------------------------------------------------------------
# layouts
# ------------------------------------------------------------------------------------------
def _from_arrays(pre: ArrayLike | str | None, post: ArrayLike | str | None,
                 case_col: str | None, time_col: str | None, value_col: str | None,
                 pre_time: Hashable, post_time: Hashable, cases: ArrayLike | None,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    named = [a for a, v in (("case_col", case_col), ("time_col", time_col),
                            ("value_col", value_col), ("pre_time", pre_time),
                            ("post_time", post_time)) if v is not None]
    if named:
        raise ValueError(f"{', '.join(f'{a}=' for a in named)} name columns of data=, which "
                         "was not given; for arrays pass pre, post (and cases=)")
    if pre is None or post is None:
        raise ValueError("give pre and post (numbers or arrays), or data= with column names")
    arrays = {}
    for arg, x in (("pre", pre), ("post", post)):
        try:
            arrays[arg] = np.atleast_1d(np.asarray(x, dtype=float))
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{arg} must be numbers (NaN for a missing score), or a column "
                            f"name of data=; could not read it as numbers ({exc})") from exc
    pre_a, post_a = arrays["pre"], arrays["post"]
    if pre_a.ndim != 1 or post_a.ndim != 1 or pre_a.shape != post_a.shape:
        raise ValueError(f"pre and post must be numbers or 1-D arrays of equal length; got "
                         f"shapes {pre_a.shape} and {post_a.shape}")
    if cases is None:
        case_a = np.arange(1, pre_a.size + 1)
    else:
        case_a = np.asarray(cases, dtype=object)
        if case_a.shape != pre_a.shape:
            raise ValueError(f"cases must have one entry per row ({pre_a.size}); got "
                             f"{case_a.size}")
    return case_a, pre_a, post_a, "arrays"


def _from_wide(data: pd.DataFrame, pre: ArrayLike | str | None, post: ArrayLike | str | None,
               case_col: str | None, group_col: str | None,
               read: tuple[str, ...] = ("pre", "post"),
               ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None, np.ndarray | None,
                          str]:
    """Scores in the columns ``pre`` and ``post`` (those named in ``read``; None otherwise)."""
    columns: list[tuple[str, str]] = []
    for arg, col in (("pre", pre), ("post", post)):
        if arg not in read:
            continue
        if not isinstance(col, str) or col not in data.columns:
            raise ValueError(f"{arg}= must name a column of data; got {col!r}; columns: "
                             f"{list(map(str, data.columns))}")
        columns.append((arg, col))
    problems, arrs = [], {}
    for arg, col in columns:
        v = pd.to_numeric(data[col], errors="coerce")
        for i in np.flatnonzero((v.isna() & data[col].notna()).to_numpy()):
            problems.append({"row": int(i), "column": col, "value": data[col].iloc[i],
                             "problem": f"{arg} score is not numeric"})
        arrs[arg] = v.to_numpy(dtype=float)
    if problems:
        raise CaseDataError(problems)
    for arg, col in (("case_col", case_col), ("group_col", group_col)):
        if col is not None and col not in data.columns:
            raise ValueError(f"column {col!r} ({arg}=) not in data; columns: "
                             f"{list(map(str, data.columns))}")
    case_a = (np.arange(1, len(data) + 1) if case_col is None
              else data[case_col].to_numpy(dtype=object))
    groups = None
    if group_col is not None:
        _check_group_labels(data[group_col], group_col)
        groups = data[group_col].to_numpy(dtype=object)
    return case_a, arrs.get("pre"), arrs.get("post"), groups, "wide"


def _from_long(data: pd.DataFrame, case_col: str | None, time_col: str | None,
               value_col: str | None, pre_time: Hashable, post_time: Hashable,
               group_col: str | None,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, str,
                          tuple[str, ...]]:
    for arg, col in (("case_col", case_col), ("time_col", time_col), ("value_col", value_col)):
        if col is None:
            raise ValueError(f"long format needs {arg}= (a column name)")
        if col not in data.columns:
            raise ValueError(f"column {col!r} ({arg}=) not in data; columns: "
                             f"{list(map(str, data.columns))}")
    assert case_col is not None and time_col is not None and value_col is not None  # above
    if group_col is not None and group_col not in data.columns:
        raise ValueError(f"column {group_col!r} (group_col=) not in data; columns: "
                         f"{list(map(str, data.columns))}")
    pre_time, post_time, notes = _times(data[time_col], time_col, pre_time, post_time)
    cols = [case_col, time_col, value_col] + ([group_col] if group_col is not None else [])
    sub = data.loc[data[time_col].isin([pre_time, post_time]), list(dict.fromkeys(cols))]
    dup = sub.duplicated([case_col, time_col], keep=False)
    if dup.any():
        raise CaseDataError([{"row": int(r), "column": time_col, "value": sub[time_col].iloc[i],
                              "problem": "more than one row for this case and time"}
                             for i, r in enumerate(sub.index) if dup.iloc[i]])
    vals = pd.to_numeric(sub[value_col], errors="coerce")
    bad = vals.isna() & sub[value_col].notna()
    if bad.any():
        raise CaseDataError([{"row": int(r), "column": value_col, "value": sub.loc[r, value_col],
                              "problem": "value is not numeric"}
                             for r in sub.index[bad.to_numpy()]])
    wide = pd.DataFrame({"case": sub[case_col].to_numpy(), "t": sub[time_col].to_numpy(),
                         "v": vals.to_numpy(dtype=float)})
    case_u = pd.unique(wide["case"])
    pre_s = wide[wide["t"] == pre_time].set_index("case")["v"].reindex(case_u)
    post_s = wide[wide["t"] == post_time].set_index("case")["v"].reindex(case_u)
    groups = None if group_col is None else _groups_per_case(sub, case_col, group_col, case_u)
    return (np.asarray(case_u, dtype=object), pre_s.to_numpy(dtype=float),
            post_s.to_numpy(dtype=float), groups,
            f"long ({time_col}: {pre_time!r} -> {post_time!r})", notes)


def _times(col: pd.Series, time_col: str, pre_time: Hashable, post_time: Hashable,
           ) -> tuple[Hashable, Hashable, tuple[str, ...]]:
    """The pre and post labels of the time column (the first category of a categorical
    column is the pre time when ``pre_time`` is not given, as for an R factor)."""
    times = list(pd.unique(col.dropna()))
    notes: tuple[str, ...] = ()
    if pre_time is None:
        if isinstance(col.dtype, pd.CategoricalDtype):
            present = [c for c in col.cat.categories if c in set(times)]
            pre_time = present[0] if present else None
            notes = (f"pre_time not given: the first category of {time_col!r} "
                     f"({pre_time!r}) is the pre measurement (as clinicalsignificance does "
                     "for a factor)",)
        if pre_time is None:
            raise ValueError(f"long format needs pre_time= (one of {times})")
    if pre_time not in times:
        raise ValueError(f"pre_time {pre_time!r} not found in column {time_col!r}; values: "
                         f"{times}")
    if post_time is None:
        others = [t for t in times if t != pre_time]
        if len(others) != 1:
            raise ValueError(f"post_time= is required when {time_col!r} has more than two "
                             f"values ({times})")
        post_time = others[0]
    elif post_time not in times:
        raise ValueError(f"post_time {post_time!r} not found in column {time_col!r}; values: "
                         f"{times}")
    return pre_time, post_time, notes


def _check_group_labels(col: pd.Series, group_col: str) -> None:
    na = np.flatnonzero(col.isna().to_numpy())
    if na.size:
        raise CaseDataError([{"row": col.index[int(i)], "column": group_col, "value": None,
                              "problem": "missing group label"} for i in na])


def _groups_per_case(sub: pd.DataFrame, case_col: str, group_col: str,
                     case_u: np.ndarray | pd.api.extensions.ExtensionArray) -> np.ndarray:
    """One group label per case; a case in two groups, or without one, is a data problem."""
    _check_group_labels(sub[group_col], group_col)
    per_case = sub.groupby(case_col, sort=False)[group_col]
    n_labels = per_case.nunique(dropna=False)
    problems = [{"row": int(sub.index[(sub[case_col] == c).to_numpy()][0]), "column": group_col,
                 "value": c, "problem": f"case {c!r} has {k} different group labels"}
                for c, k in n_labels.items() if k > 1]
    if problems:
        raise CaseDataError(problems)
    return per_case.first().reindex(case_u).to_numpy(dtype=object)


# ------------------------------------------------------------------------------------------
# complete rows
# ------------------------------------------------------------------------------------------
def _complete(case_a: np.ndarray, pre_a: np.ndarray, post_a: np.ndarray,
              groups: np.ndarray | None, layout: str, missing: str,
              notes: tuple[str, ...]) -> PrePost:
    for name, arr in (("pre", pre_a), ("post", post_a)):
        if np.isinf(arr).any():
            raise ValueError(f"{name} contains infinite values at rows "
                             f"{np.flatnonzero(np.isinf(arr)).tolist()}")
    bad = np.isnan(pre_a) | np.isnan(post_a)
    if bad.any() and missing == "error":
        raise CaseDataError(
            [{"row": int(r), "column": "pre" if np.isnan(pre_a[r]) else "post", "value": None,
              "problem": f"missing score for case {case_a[r]!r} (pass missing='drop' to leave "
                         "the row out; it will be listed in .dropped)"}
             for r in np.flatnonzero(bad)])
    keep = ~bad
    if not keep.any():
        raise NotEnoughPointsError("no row has both a pre and a post score")
    return PrePost(cases=case_a[keep], pre=pre_a[keep], post=post_a[keep],
                   groups=None if groups is None else groups[keep], layout=layout,
                   left_out=(case_a[bad], pre_a[bad], post_a[bad]),
                   n_original=int(pre_a.size), notes=tuple(notes))


# ------------------------------------------------------------------------------------------
# post scores of groups (between-group comparisons)
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupScores:
    """One score per case at one measurement, with the case's group."""

    cases: np.ndarray
    values: np.ndarray
    groups: np.ndarray
    layout: str
    dropped: pd.DataFrame


def group_scores(post: ArrayLike | str | None, *, data: pd.DataFrame | None, case_col: str | None,
                 time_col: str | None, value_col: str | None, post_time: Hashable,
                 group_col: str | None, missing: str = "error") -> GroupScores:
    """The scores at ``post_time`` (long data) or in column ``post`` (wide data), per group."""
    missing = check_option(missing, "missing", MISSING_PAIRS)
    if not isinstance(data, pd.DataFrame):
        raise TypeError("a between-group comparison needs data= (a DataFrame with a group "
                        f"column); got {type(data).__name__}")
    if group_col is None:
        raise ValueError("a between-group comparison needs group_col= (the column of groups)")
    if value_col is not None or time_col is not None:
        case_a, vals, groups, layout = _long_at(data, case_col, time_col, value_col, post_time,
                                                group_col)
    else:
        case_a, _, vals_w, groups_w, layout = _from_wide(data, None, post, case_col, group_col,
                                                         read=("post",))
        # post is read; group_col is given, so the groups are too
        assert vals_w is not None and groups_w is not None
        vals, groups = vals_w, groups_w
    if np.isinf(vals).any():
        raise ValueError(f"the scores contain infinite values at rows "
                         f"{np.flatnonzero(np.isinf(vals)).tolist()}")
    bad = np.isnan(vals)
    if bad.any() and missing == "error":
        raise CaseDataError([{"row": int(r), "column": "post", "value": None,
                              "problem": f"missing score for case {case_a[r]!r} (pass "
                                         "missing='drop' to leave the row out)"}
                             for r in np.flatnonzero(bad)])
    dropped = pd.DataFrame({"id": case_a[bad], "post": vals[bad],
                            "reason": ["post missing"] * int(bad.sum())})
    return GroupScores(cases=case_a[~bad], values=vals[~bad], groups=groups[~bad],
                       layout=layout, dropped=dropped)


def _long_at(data: pd.DataFrame, case_col: str | None, time_col: str | None,
             value_col: str | None, post_time: Hashable, group_col: str | None,
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Scores at one measurement of long data: ``(cases, values, groups, layout)``."""
    for arg, col in (("case_col", case_col), ("time_col", time_col), ("value_col", value_col),
                     ("group_col", group_col)):
        if col is None:
            raise ValueError(f"long format needs {arg}= (a column name)")
        if col not in data.columns:
            raise ValueError(f"column {col!r} ({arg}=) not in data; columns: "
                             f"{list(map(str, data.columns))}")
    assert (case_col is not None and time_col is not None and value_col is not None
            and group_col is not None)
    times = list(pd.unique(data[time_col].dropna()))
    if post_time is None:
        raise ValueError(f"a between-group comparison needs post_time= (the measurement at "
                         f"which the groups are compared; one of {times})")
    if post_time not in times:
        raise ValueError(f"post_time {post_time!r} not found in column {time_col!r}; values: "
                         f"{times}")
    sub = data.loc[(data[time_col] == post_time).to_numpy()]
    dup = sub.duplicated([case_col], keep=False)
    if dup.any():
        raise CaseDataError([{"row": int(r), "column": time_col, "value": post_time,
                              "problem": "more than one row for this case and time"}
                             for r in sub.index[dup.to_numpy()]])
    vals = pd.to_numeric(sub[value_col], errors="coerce")
    bad = vals.isna() & sub[value_col].notna()
    if bad.any():
        raise CaseDataError([{"row": int(r), "column": value_col, "value": sub.loc[r, value_col],
                              "problem": "value is not numeric"}
                             for r in sub.index[bad.to_numpy()]])
    _check_group_labels(sub[group_col], group_col)
    return (sub[case_col].to_numpy(dtype=object), vals.to_numpy(dtype=float),
            sub[group_col].to_numpy(dtype=object), f"long ({time_col} == {post_time!r})")

"""Gains tables with the column names of suddengains 0.7.2 (``create_bysg``, ``create_byperson``).

suddengains names the columns after the id variable and ``sg_measure_name``: ``id, id_sg,
sg_crit123, sg_session_n, sg_freq_byperson, sg_<m>_2n, sg_<m>_1n, sg_<m>_n, sg_<m>_n1,
sg_<m>_n2, sg_<m>_n3, sg_magnitude, sg_<m>_tx_change, sg_change_proportion, sg_reversal_value,
sg_reversal``. ``id_sg`` is ``<id>_sg_<session>`` for gains and losses alike (as the package
writes it).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._core import SCORE_COLS

__all__ = ["measure_token", "missing_label", "r_columns", "bysg_frame"]

_SUFFIXES = ("2n", "1n", "n", "n1", "n2", "n3")


def missing_label(label: object) -> bool:
    """True for no label: None or a missing-value scalar (NaN, ``pd.NA``, ``NaT``)."""
    # pd.isna takes any scalar; the stubs list pandas' scalar types only
    return label is None or (not isinstance(label, str)
                             and bool(pd.isna(label)))  # type: ignore[call-overload]


def measure_token(measure: object) -> str:
    """The measure label as it enters column names: letters, digits and ``_`` only
    (``"PHQ-9"`` -> ``"PHQ_9"``; no label -> ``"value"``), so every name suits SPSS too."""
    if missing_label(measure):
        return "value"
    token = re.sub(r"\W+", "_", str(measure), flags=re.ASCII).strip("_")
    return token or "value"


def r_columns(case_col: str, m: str) -> list[str]:
    """The columns of suddengains' by-gain and by-person tables, in its order."""
    return [case_col, "id_sg", "sg_crit123", "sg_session_n", "sg_freq_byperson",
            *[f"sg_{m}_{s}" for s in _SUFFIXES], "sg_magnitude", f"sg_{m}_tx_change",
            "sg_change_proportion", "sg_reversal_value", "sg_reversal"]


def _id_text(case: object, session: object) -> str:
    label = session.item() if isinstance(session, np.generic) else session
    if isinstance(label, float) and label.is_integer():
        label = int(label)
    return f"{case}_sg_{label}"


def bysg_frame(summary: pd.DataFrame, case_col: str, m: str) -> pd.DataFrame:
    """The rows of a gains ``summary`` (casekit columns) with suddengains' column names."""
    out = pd.DataFrame({
        case_col: summary["case"].to_numpy(dtype=object),
        "id_sg": [_id_text(c, s) for c, s in zip(summary["case"], summary["pregain_session"],
                                                 strict=True)],
        "sg_crit123": np.ones(len(summary), dtype=np.int64),
        "sg_session_n": pd.array(summary["pregain_session"].to_numpy(), dtype="Int64"),
        "sg_freq_byperson": summary["n_gains"].to_numpy(dtype=np.int64),
    })
    for col, suffix in zip(SCORE_COLS, _SUFFIXES, strict=True):
        out[f"sg_{m}_{suffix}"] = summary[col].to_numpy(dtype=float)
    out["sg_magnitude"] = summary["magnitude"].to_numpy(dtype=float)
    out[f"sg_{m}_tx_change"] = summary["tx_change"].to_numpy(dtype=float)
    out["sg_change_proportion"] = summary["change_proportion"].to_numpy(dtype=float)
    out["sg_reversal_value"] = summary["reversal_value"].to_numpy(dtype=float)
    out["sg_reversal"] = pd.array(summary["reversed"].to_numpy(dtype=np.int64), dtype="Int64")
    out[case_col] = out[case_col].infer_objects()
    return out

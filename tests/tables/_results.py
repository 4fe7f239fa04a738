"""Real casekit results on simulated data, built once for the table tests.

Calls use positional arrays and default column names only, so that the renaming of
arguments in the analysis modules does not touch these tests.
"""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd

import casekit as ck

#: A simulated AB series (PHQ-9-like scores, improvement = decrease), session 9 missed.
A = [18.0, 20.0, 21.0, 19.0, 19.0, 21.0, 21.0]
B = [13.0, 13.0, 17.0, 17.0, 16.0, 8.0, 6.0, 7.0, 5.0, 7.0, 5.0, 6.0, 5.0, 7.0, 6.0, 7.0]

#: Text with every character that is special somewhere: LaTeX, HTML, CSV/spreadsheets,
#: the header markup; unicode; control characters.
HOSTILE = ("\\ & % $ # _ { } ~ ^ < > | \" ' [x] *a* _{b} ^{c} `d` =1+2 @x "
           "Zoë Ångström φ≥ü 中文 🙂 \x07 tab\tend")
LONG = "a very long label " * 20


def ab_table() -> pd.DataFrame:
    values = np.array(A + B)
    sessions = np.r_[1:9, 10:26].astype(float)[: values.size]
    return pd.DataFrame({"case": "sim", "measure": "PHQ-9", "session": sessions,
                         "phase": ["A"] * len(A) + ["B"] * len(B), "value": values})


@cache
def case_totals() -> pd.DataFrame:
    case = ck.simulate_case_sim_npd_01()
    scores = ck.score(case.ratings[case.ratings["item"].notna()])
    return scores[scores["scale"] == "total"].reset_index(drop=True)


def _measure(name: str) -> pd.DataFrame:
    t = case_totals()
    return t[t["measure"] == name].reset_index(drop=True)


@cache
def results() -> dict:
    """name -> result (every kind of result the table layer must print)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # domain warnings of short simulated series
        phq, wai = _measure("PHQ-9"), _measure("WAI-SR")
        out = {
            "nap": ck.nap(A, B, improvement="decrease"),
            "nap_parker": ck.nap([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
                                 improvement="increase"),
            "tau_u": ck.tau_u(A, B, improvement="decrease"),
            "smd": ck.smd(A, B, improvement="decrease"),
            "reliable_change": ck.reliable_change([20.0, 18.0, 25.0], [8.0, 15.0, 24.0],
                                                  instrument="PHQ-9"),
            "sudden_gains": ck.sudden_gains(phq, sg_crit1_cutoff=6, improvement="decrease"),
            "rupture_repair": ck.rupture_repair(wai, criterion=["stiles2sd", "gumz"],
                                                noise="mad", rci=6.65, improvement="increase"),
            "bayes": ck.bayes_changepoint(phq["value"].to_numpy()),
        }
    return out

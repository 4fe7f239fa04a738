"""Small tables shared by the validation tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError


def ratings(n=4, case="c1", measure="PHQ-9", **extra):
    df = pd.DataFrame({"case": case, "session": np.arange(1, n + 1), "measure": measure,
                       "scale": "total", "value": np.round(np.linspace(20, 8, n))})
    for k, v in extra.items():
        df[k] = v
    return df


def phq_items(session=1, values=(3, 2, 1, 0, 1, 2, 3, 0, 0), case="c1"):
    return pd.DataFrame({"case": case, "session": session, "measure": "PHQ-9",
                         "item": np.arange(1, 10), "value": np.asarray(values, float)})


def problems_of(df, **kw):
    with pytest.raises(CaseDataError) as exc:
        casekit.validate(df, **kw)
    return exc.value.problems

"""Review regression for casekit.exceptions.CaseDataError.

Problems built from numpy arrays carried numpy scalars: the message printed
``(value np.float64(3.5))`` (NumPy 2 reprs) and ``.problems`` held ``np.int64`` rows, against
the house rule that users see plain Python scalars.
"""

from __future__ import annotations

import numpy as np

from casekit.exceptions import CaseDataError


def test_numpy_scalars_are_made_plain():
    e = CaseDataError([{"row": np.int64(2), "column": "v", "value": np.float64(3.5),
                        "problem": "bad"},
                       {"row": None, "column": "w", "value": np.str_("x"), "problem": "odd"}])
    text = str(e)
    assert "np." not in text
    assert "row 2, column 'v': bad (value 3.5)" in text
    assert "(value 'x')" in text
    assert type(e.problems["row"].iloc[0]) is int
    assert type(e.problems["value"].iloc[0]) is float
    assert e.problems["row"].iloc[1] is None


def test_numeric_problem_frames_keep_their_dtype():
    import pandas as pd

    table = pd.DataFrame({"row": [0, 1], "column": "v", "value": [1.5, 2.5],
                          "problem": "bad"})
    e = CaseDataError(table)
    assert e.problems["row"].dtype == table["row"].dtype
    assert e.problems["value"].tolist() == [1.5, 2.5]

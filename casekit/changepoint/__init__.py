"""Change-point methods for short session series (AMOC, Pettitt, PELT/BinSeg, Bayes, Bai-Perron).

Locations are session numbers everywhere: ``session`` is the last session before the change
(``domain/methods.md`` §1.3), taken from the series' own session numbers (missed sessions
leave gaps; without session numbers the observations are numbered 1..n). Beside it, ``k`` is
the 1-based position of that observation (changepoint ``cpts()``, strucchange
``breakpoints()``). Every function takes ``values`` (with ``sessions=``) or a tidy table
(``data=``, one series or ``case=``/``measure=`` to pick one).

==========================  ==================================================================
:func:`amoc`                one change in mean (or level and slope); AR(1) bootstrap p, CI for k
:func:`pettitt`             Pettitt's rank test (independent data only)
:func:`cpt_mean`            PELT / optimal partitioning / BinSeg / AMOC (R changepoint 2.3)
:func:`bayes_changepoint`   exact posterior of one change; P(change) vs P(no change)
:func:`breakpoints`         Bai-Perron breaks, Bai (1997) CIs, supF and OLS-CUSUM (strucchange)
:func:`pelt_batch`          PELT / OP on many equal-length series at once (2-D array, no checks)
==========================  ==================================================================

For many series in a tidy table (any lengths, sessions, the robust scaling of ``cpt_mean``)
see :func:`casekit.batch_changepoints`.
"""

from __future__ import annotations

from typing import Any

from .amoc import AmocResult, amoc
from .bayes import BayesChangepointResult, bayes_changepoint
from .pettitt import PettittResult, pettitt
from .segmentation import CptMeanResult, cpt_mean, pelt_batch, penalty_value, robust_sigma

__all__ = ["amoc", "pettitt", "cpt_mean", "bayes_changepoint", "breakpoints",
           "AmocResult", "PettittResult", "CptMeanResult", "BayesChangepointResult",
           "BreakpointsResult", "pelt_batch", "penalty_value", "robust_sigma"]


def __getattr__(name: str) -> Any:
    if name in ("breakpoints", "BreakpointsResult"):
        # lazy: bai_perron imports statsmodels (OLS-CUSUM), slow to load and needed only here
        from . import bai_perron

        return getattr(bai_perron, name)
    raise AttributeError(f"module 'casekit.changepoint' has no attribute {name!r}")

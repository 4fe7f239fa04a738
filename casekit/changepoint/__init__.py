"""Change-point methods for short session series (AMOC, Pettitt, PELT/BinSeg, Bayes, Bai-Perron).

Index convention everywhere: ``k`` is the 1-based index of the last observation before the
change (changepoint ``cpts()``, strucchange ``breakpoints()``; ``domain/methods.md`` §1.3), also
reported as a session number when sessions are known.

==========================  ==================================================================
:func:`amoc`                one change in mean (or level and slope); AR(1) bootstrap p, CI for k
:func:`pettitt`             Pettitt's rank test (independent data only)
:func:`cpt_mean`            PELT / optimal partitioning / BinSeg / AMOC (R changepoint 2.3)
:func:`bayes_changepoint`   exact posterior of one change; P(change) vs P(no change)
:func:`breakpoints`         Bai-Perron breaks, Bai (1997) CIs, supF and OLS-CUSUM (strucchange)
==========================  ==================================================================
"""

from __future__ import annotations

from .amoc import AmocResult, amoc
from .bayes import BayesChangepointResult, bayes_changepoint
from .pettitt import PettittResult, pettitt
from .segmentation import CptMeanResult, cpt_mean

__all__ = ["amoc", "pettitt", "cpt_mean", "bayes_changepoint", "breakpoints",
           "AmocResult", "PettittResult", "CptMeanResult", "BayesChangepointResult",
           "BreakpointsResult"]


def __getattr__(name):
    if name in ("breakpoints", "BreakpointsResult"):
        from . import bai_perron

        return getattr(bai_perron, name)
    raise AttributeError(f"module 'casekit.changepoint' has no attribute {name!r}")

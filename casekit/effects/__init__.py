"""Single-case (within-case) effect sizes for an A (baseline) vs. B (treatment) comparison.

Non-overlap indices (:mod:`~casekit.effects.overlap`: NAP, Tau, PND, PEM, PAND, IRD),
trend-corrected ones (:mod:`~casekit.effects.trend`: Tau-U, Tau-BC and scan's corrected Tau),
the standardised mean difference (:mod:`~casekit.effects.smd`), ratios
(:mod:`~casekit.effects.ratios`: LRRd, LRRi, LOR, LRM, PoGO) and a fast batch calculator,
:func:`effect_sizes` (:mod:`~casekit.effects.batch`), for many cases and measures at once.
Each function returns an :class:`EffectSizeResult` (:mod:`~casekit.effects.result`).

Definitions, defaults and labels follow the R package **SingleCaseES 0.7.4** (Pustejovsky,
Chen, Grekov & Swan); the variants of the R package **scan 0.67.1** (Wilbert & Lueke) are
available through arguments (Tau-U ``method="complete" | "parker" | "tarlow"``, Tau-BC
``variant="scan"``, PAND ``method="sort"``, PEM ``ties=0``, the SMD variants of ``scan::smd``;
scan's NAP output on :class:`NapResult`). Where an R package has a known flaw the default is
the correct choice and the R value is a named option (NAP's interval at the ceiling:
``ci_method="singlecasees"``). Overlap indices are returned as **proportions** (0-1), never
percentages. Every function takes ``improvement`` ("increase", "decrease" or an instrument
such as "PHQ-9"); for "decrease" both phases are multiplied by -1 first, so a positive
NAP - 0.5, Tau, Tau-U, Tau-BC, SMD, LOR or LRM always means improvement. LRRd is the
exception: a *negative* LRRd is an improvement, a positive LRRi is an improvement
(Pustejovsky 2018).

Each function accepts either two arrays (``nap(baseline, treatment, improvement=...)``,
values in session order) or a tidy table holding one series (``nap(df, value_col="value",
phase_col="phase", baseline_phase="A", treatment_phase="B", improvement=...)``, read by
casekit's input layer); the vocabulary is that of ``docs/vocabulary.md``.

Worked examples reproduced in the tests: Parker, Vannest & Davis (2011,
doi:10.1177/0145445511399147), Tarlow (2017, doi:10.1177/0145445516676750), the What Works
Clearinghouse handbook 5.0 NAP example, Pustejovsky (2018, doi:10.1016/j.jsp.2018.02.003) on
the McKissick data, scan's ``exampleAB`` and SingleCaseES's ``?LOR`` examples.
"""

from __future__ import annotations

from .batch import effect_sizes
from .overlap import ird, nap, pand, pem, pnd, tau
from .ratios import lor, lrm, lrr_d, lrr_i, pogo
from .result import (
    EffectSizeResult,
    LrmResult,
    NapResult,
    PandResult,
    RatioResult,
    SmdResult,
    TauBCResult,
    TauUResult,
)
from .smd import smd
from .trend import tau_bc, tau_u

__all__ = [
    "EffectSizeResult",
    "NapResult",
    "TauUResult",
    "TauBCResult",
    "PandResult",
    "SmdResult",
    "RatioResult",
    "LrmResult",
    "nap",
    "tau",
    "tau_u",
    "tau_bc",
    "pnd",
    "pem",
    "pand",
    "ird",
    "smd",
    "lrr_d",
    "lrr_i",
    "lor",
    "lrm",
    "pogo",
    "effect_sizes",
]

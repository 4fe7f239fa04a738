"""Reliable change and clinical significance (Jacobson & Truax 1991 and its successors).

Public functions:

- :func:`reliable_change`: pre/post reliable change index (RCI) for one case or many rows, with
  the methods JT, GLN, HLL, EN, NK and HA of clinicalsignificance ``cs_distribution``
  (:data:`RCI_METHODS`) and, with a cutoff, the categories recovered / improved / unchanged /
  deteriorated / harmed.
- :func:`clinical_cutoffs`: Jacobson & Truax cutoffs a, b and c.
- :func:`session_reliable_change`: every session of one case against intake (or a baseline
  mean), with the reliable-change band.

Formulas are written out in each docstring; domain/methods.md section 3 lists the sources.
"""

from __future__ import annotations

from ._common import CATEGORIES, Z_95, Z_975
from ._cutoffs import ClinicalCutoffs, clinical_cutoffs
from ._rci import RCI_METHODS, RciMethod, RciStats, ReliableChangeResult, reliable_change
from ._session import SessionReliableChangeResult, session_reliable_change

#: The keys of :data:`RCI_METHODS` (``"JT", "GLN", "HLL", "EN", "NK", "HA"``).
METHODS = tuple(RCI_METHODS)

__all__ = [
    "reliable_change",
    "clinical_cutoffs",
    "session_reliable_change",
    "ReliableChangeResult",
    "ClinicalCutoffs",
    "SessionReliableChangeResult",
    "RCI_METHODS",
    "RciMethod",
    "RciStats",
    "METHODS",
    "CATEGORIES",
    "Z_975",
    "Z_95",
]

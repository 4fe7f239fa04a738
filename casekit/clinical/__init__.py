"""Reliable change and clinical significance (Jacobson & Truax 1991 and its successors).

Public functions:

- :func:`reliable_change`: pre/post reliable change index (RCI) for one case or many rows, with
  the methods JT, GLN, HLL, EN, NK and HA of clinicalsignificance ``cs_distribution``
  (:data:`RCI_METHODS`) and, with a cutoff, the categories recovered / improved / unchanged /
  deteriorated / harmed.
- :func:`clinical_cutoffs`: Jacobson & Truax cutoffs a, b and c.
- :func:`session_reliable_change`: every session of one case against intake (or a baseline
  mean), with the reliable-change band.
- :func:`statistical_change`: the statistical approach (clinicalsignificance ``cs_statistical``):
  from the clinical into the functional population, Jacobson & Truax or Hageman & Arrindell.
- :func:`anchor_change` and :func:`anchor_group_change`: change against a minimal important
  difference, for each case and for groups (``cs_anchor``; t-based or exact JZS posterior).
- :func:`percentage_change`: change as a percentage of the pre score (``cs_percentage``).

The pre/post functions share one input layer (arrays, a wide or a long table: ``data``,
``case_col``, ``time_col``, ``value_col``, ``pre_time``, ``post_time``, ``cases``,
``group_col``) and one missing-value rule (an error unless ``missing="drop"``).

Formulas are written out in each docstring; domain/methods.md section 3 lists the sources.
"""

from __future__ import annotations

from ._anchor import (
    ANCHOR_GROUP_CATEGORIES,
    AnchorGroupResult,
    AnchorResult,
    anchor_change,
    anchor_group_change,
)
from ._common import CATEGORIES, Z_95, Z_975
from ._cutoffs import ClinicalCutoffs, clinical_cutoffs
from ._percentage import PercentageChangeResult, percentage_change
from ._rci import RCI_METHODS, RciMethod, RciStats, ReliableChangeResult, reliable_change
from ._session import SessionReliableChangeResult, session_reliable_change
from ._statistical import CUTOFF_METHODS, StatisticalChangeResult, statistical_change

#: The keys of :data:`RCI_METHODS` (``"JT", "GLN", "HLL", "EN", "NK", "HA"``).
METHODS = tuple(RCI_METHODS)

__all__ = [
    "reliable_change",
    "clinical_cutoffs",
    "session_reliable_change",
    "ReliableChangeResult",
    "ClinicalCutoffs",
    "SessionReliableChangeResult",
    "statistical_change",
    "anchor_change",
    "anchor_group_change",
    "percentage_change",
    "StatisticalChangeResult",
    "AnchorResult",
    "AnchorGroupResult",
    "PercentageChangeResult",
    "ANCHOR_GROUP_CATEGORIES",
    "CUTOFF_METHODS",
    "RCI_METHODS",
    "RciMethod",
    "RciStats",
    "METHODS",
    "CATEGORIES",
    "Z_975",
    "Z_95",
]

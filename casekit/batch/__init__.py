"""Many cases at once: reliable change, sudden gains, change points and effect sizes in batch.

Practice-research networks and routine outcome monitoring services hold session-by-session
scores for thousands to millions of patients. The functions here take one tidy long table
(one row per case x session, ``case_col``, ``session_col``, ``value_col``; one measure, or
``measure=`` to pick one) and return a :class:`BatchResult` whose ``.summary`` is a tidy table
keyed by case (and ``.events`` one row per gain, change point or session where the analysis
has them). The numbers are those of the one-case functions called case by case.

============================================  ================================================
:func:`batch_reliable_change`                 :func:`casekit.reliable_change` (RCI, clinical
                                              significance), pre vs post
:func:`batch_session_reliable_change`         :func:`casekit.session_reliable_change`
:func:`batch_sudden_gains`                    :func:`casekit.sudden_gains` / ``sudden_losses``
:func:`batch_changepoints`                    :func:`casekit.cpt_mean` (PELT, OP, BinSeg, AMOC)
:func:`batch_effect_sizes`                    :func:`casekit.effect_sizes` (NAP, Tau, Tau-U, ...)
============================================  ================================================

The table is processed in chunks of whole cases (``chunk_size=``), so time and memory grow
linearly with the number of cases; ``progress=True`` reports the cases done. ``data`` may also
be a Parquet path (needs pyarrow) or a Dask DataFrame partitioned by case, computed on Dask's
scheduler (``pip install 'casekit[scale]'``; see ``docs/scale.md``). Neither is imported by
``import casekit``.
"""

from __future__ import annotations

from ._engine import DEFAULT_CHUNK_SIZE
from .analyses import (
    BatchResult,
    batch_changepoints,
    batch_effect_sizes,
    batch_reliable_change,
    batch_session_reliable_change,
    batch_sudden_gains,
)

__all__ = [
    "batch_reliable_change",
    "batch_session_reliable_change",
    "batch_sudden_gains",
    "batch_changepoints",
    "batch_effect_sizes",
    "BatchResult",
    "DEFAULT_CHUNK_SIZE",
]

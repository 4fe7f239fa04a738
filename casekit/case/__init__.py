"""The case pipeline: an author's case from its files to a paper's tables, figures and text.

One path, shared by the template notebook, the case-study notebook and ``casekit report``:

=========================  ================================================================
:func:`read_case`          read ratings, events and phases (any format casekit reads), pick
                           the case, validate the three tables together once
:func:`analyze_case`       every analysis of a case report -> :class:`CaseAnalysis`
:func:`choose_comparison`  the rule that picks the baseline and treatment periods
:class:`CaseAnalysis`      ``.tables``, ``.results``, ``.comparison``, ``.notes``,
                           ``.warnings``, ``.figure(name)``, ``.paragraph()``, ``.write()``
=========================  ================================================================

>>> import casekit
>>> case = casekit.datasets.load_case("SIM-NPD-01")      # doctest: +SKIP
>>> analysis = casekit.analyze_case(case, progress=True)  # doctest: +SKIP
>>> analysis.write("report/")                            # doctest: +SKIP

See ``docs/case-analysis.md`` for a walk through the stages and the files written.
"""

from __future__ import annotations

from . import paragraph
from ._write import FORMATS
from .analysis import TABLE_ORDER, CaseAnalysis, analyze_case
from .comparison import MIN_SCORES, SPLIT_EVENTS, ComparisonResult, choose_comparison
from .figures import FIGURE_EVENTS, FIGURES
from .paragraph import results_paragraph
from .reading import read_case

__all__ = ["read_case", "analyze_case", "choose_comparison", "CaseAnalysis",
           "ComparisonResult", "results_paragraph", "paragraph", "MIN_SCORES",
           "SPLIT_EVENTS", "TABLE_ORDER", "FIGURES", "FIGURE_EVENTS", "FORMATS"]

"""Sudden gains and sudden losses (Tang & DeRubeis 1999; suddengains 0.7.2 semantics).

A sudden gain between consecutive sessions n -> n+1 must meet all applied criteria:

1. **absolute size**: the improvement ``g`` from session n to n+1 is at least
   ``sg_crit1_cutoff`` (e.g. the instrument's reliable change value, see
   :func:`crit1_cutoff_from_rci`);
2. **relative size**: ``g >= sg_crit2_pct * x_n`` (25 % of the pregain score by default);
3. **stability**: the mean of the three scores up to and including the pregain session
   (n-2, n-1, n) differs from the mean of the three scores from the postgain session on
   (n+1, n+2, n+3) in the improvement direction by more than ``t * s_pooled``.

The computation is vectorised over people: the series are laid out on a common session grid
(a 2-D array, one row per case and measure, missed sessions kept as NaN in position) and all
windowed means, SDs and criteria are computed with nan-aware array operations at once, so ten
thousand people with twelve sessions take a few tens of milliseconds. Long data are read with
the rules and messages of casekit's one input layer (``casekit._input``). Every location
reported (pregain and postgain sessions) is a session number.

Public functions: :func:`sudden_gains`, :func:`sudden_losses` (``casekit.sudden.gains``),
:func:`sudden_gains_by_person` (``.byperson``, suddengains ``create_byperson``),
:func:`write_sudden_gains` (``.export``: Excel and SPSS, ``write_bysg`` / ``write_byperson``),
:func:`crit1_cutoff_from_rci` (``.cutoff``), :func:`check_interval` (``.interval``),
:func:`select_cases` (``.select``). The figure of the scores around the gains is
:func:`casekit.plot.plot_sg_trajectories`.
"""

from __future__ import annotations

from .byperson import SuddenGainsByPersonResult, sudden_gains_by_person
from .cutoff import Crit1Cutoff, crit1_cutoff_from_rci
from .export import spss_names, write_sudden_gains
from .gains import SuddenGainsResult, sudden_gains, sudden_losses
from .interval import CheckIntervalResult, check_interval
from .select import select_cases

__all__ = [
    "sudden_gains",
    "sudden_losses",
    "crit1_cutoff_from_rci",
    "check_interval",
    "select_cases",
    "sudden_gains_by_person",
    "write_sudden_gains",
    "spss_names",
    "SuddenGainsResult",
    "SuddenGainsByPersonResult",
    "Crit1Cutoff",
    "CheckIntervalResult",
]

"""casekit: single-case (N = 1) psychotherapy research in Python.

Load and validate session ratings, score instruments, compute reliable change and clinical
significance, single-case effect sizes, sudden gains, alliance rupture-repair episodes and
change-point tests, and draw publication figures.

Importing casekit is light: numpy and pandas only. Submodules that need scipy, statsmodels or
matplotlib are loaded on first use (PEP 562 lazy attributes), so ``import casekit`` stays fast
in notebooks and command-line tools.

Submodules (a table of contents):

============================  =====================================================
``casekit.io``                read_sessions, write_sessions, read_events, read_phases
``casekit.validation``        validate (all problems at once), ValidationReport
``casekit.schema``            the tidy data model: column names, phases, events
``casekit.registry``          instruments: scoring facts, directions, cutoffs, RCIs
``casekit.scoring``           score: items -> scale scores (reverse keys, prorating)
``casekit.datasets``          bundled simulated / public datasets
``casekit.clinical``          reliable change (JT + variants), clinical significance
``casekit.effects``           NAP, Tau, Tau-U, Tau-BC, PND, PEM, PAND, IRD, SMD, LRR, LOR, LRM
``casekit.sudden``            sudden gains and losses (Tang & DeRubeis; suddengains)
``casekit.changepoint``       AMOC, Pettitt, PELT/BinSeg, Bayesian, Bai-Perron
``casekit.its``               piecewise regression (scan plm), AR(1), multilevel
``casekit.randomization``     random-start AB and multiple-baseline tests
``casekit.alliance``          rupture-repair episodes, alliance -> symptom precedence
``casekit.simulate``          seeded generators with known truth; the teaching case
``casekit.describe``          phase descriptives, trend models, autocorrelation
``casekit.visual``            dual-criterion and conservative dual-criterion (CDC)
``casekit.outliers``          outlying sessions (SD, MAD, CI, Cook); reported, not removed
``casekit.missing``           filling missed sessions (linear interpolation, flagged)
``casekit.plot``              publication figures and deterministic export
``casekit.tables``            APA 7 tables: LaTeX, HTML, Word (.docx), CSV
``casekit.case``              read_case, analyze_case -> CaseAnalysis (the case report)
``casekit.batch``             every case of a long table at once (chunked; Parquet, Dask)
============================  =====================================================
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__
from .exceptions import (
    ApproximationWarning,
    ArgumentError,
    AutocorrelationWarning,
    CaseDataError,
    CaseDataWarning,
    CaseFileError,
    CaseKitError,
    CaseKitWarning,
    DataDrivenPhaseWarning,
    MissedSessionWarning,
    NotEnoughPointsError,
    ShortPhaseWarning,
)

_SUBMODULES = (
    "io", "validation", "schema", "registry", "scoring", "datasets", "clinical", "effects",
    "sudden", "changepoint", "its", "randomization", "alliance", "simulate", "plot", "results",
    "describe", "visual", "outliers", "missing", "power",
    "tables",
    "case",
    "batch",
    "teaching",
)

# public name -> submodule that defines it (resolved on first access)
_LAZY = {
    # data
    "read_sessions": "io", "write_sessions": "io", "read_events": "io", "read_phases": "io",
    "validate": "validation", "ValidationReport": "validation",
    "instruments": "registry", "get_instrument": "registry", "Instrument": "registry",
    "list_instruments": "registry",
    "score": "scoring", "cronbach_alpha": "scoring",
    # clinical change
    "reliable_change": "clinical", "session_reliable_change": "clinical",
    "clinical_cutoffs": "clinical", "statistical_change": "clinical",
    "anchor_change": "clinical", "anchor_group_change": "clinical",
    "percentage_change": "clinical",
    # effect sizes
    "nap": "effects", "tau": "effects", "tau_u": "effects", "tau_bc": "effects",
    "pnd": "effects", "pem": "effects", "pand": "effects", "ird": "effects", "smd": "effects",
    "lrr_d": "effects", "lrr_i": "effects", "pogo": "effects", "effect_sizes": "effects",
    "lor": "effects", "lrm": "effects",
    "EffectSizeResult": "effects",
    # sudden gains
    "sudden_gains": "sudden", "sudden_losses": "sudden", "crit1_cutoff_from_rci": "sudden",
    "check_interval": "sudden", "select_cases": "sudden",
    "sudden_gains_by_person": "sudden", "write_sudden_gains": "sudden",
    # change points and phase tests
    "amoc": "changepoint", "pettitt": "changepoint", "cpt_mean": "changepoint",
    "bayes_changepoint": "changepoint", "breakpoints": "changepoint",
    "piecewise_regression": "its", "multilevel_piecewise_regression": "its",
    "randomization_test": "randomization",
    # alliance
    "rupture_repair": "alliance", "rupture_agreement": "alliance",
    "changepoint_precedence": "alliance", "lagged_precedence": "alliance",
    "lagged_precedence_multilevel": "alliance",
    # simulation
    "simulate_series": "simulate", "simulate_ab": "simulate", "simulate_ab_batch": "simulate",
    # planning a case
    "power_analysis": "power", "power_curve": "power",
    "items_from_totals": "simulate", "simulate_case_sim_npd_01": "simulate",
    "Result": "results",
    # descriptives, structured visual analysis, outliers, gap filling
    "describe_phases": "describe", "phase_trends": "describe", "autocorrelation": "describe",
    "dual_criterion": "visual", "flag_outliers": "outliers", "fill_missing": "missing",
    # presentation
    "apa_table": "tables",
    # many cases at once (tidy long table -> tidy table keyed by case)
    "batch_reliable_change": "batch", "batch_session_reliable_change": "batch",
    "batch_sudden_gains": "batch", "batch_changepoints": "batch",
    "batch_effect_sizes": "batch", "BatchResult": "batch",
    # the case pipeline
    "read_case": "case", "analyze_case": "case", "choose_comparison": "case",
    "CaseAnalysis": "case",
}

__all__ = [
    "__version__",
    "CaseKitError", "CaseDataError", "CaseFileError", "ArgumentError", "NotEnoughPointsError",
    "CaseKitWarning",
    "CaseDataWarning", "MissedSessionWarning", "ShortPhaseWarning", "DataDrivenPhaseWarning",
    "ApproximationWarning", "AutocorrelationWarning",
    *_SUBMODULES, *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'casekit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

"""The validated sudden-gain criteria of one call (suddengains' argument names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._validate import check_float, check_option
from ._core import crit3_table, criteria_core
from .cutoff import Crit1Cutoff

__all__ = ["Criteria", "check_bool", "cutoff_value"]


def check_bool(value: object, name: str) -> bool:
    """``value`` as a Python bool; anything but True / False is a ``TypeError``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def cutoff_value(cutoff: float | Crit1Cutoff | None, kind: str) -> float | None:
    """Criterion-1 cutoff as a float (a :class:`Crit1Cutoff` gives its value), sign-checked."""
    if cutoff is None:
        return None
    if isinstance(cutoff, Crit1Cutoff):
        cutoff = cutoff.value
    value: float = check_float(cutoff, "sg_crit1_cutoff", finite=True)
    if kind == "sg" and value <= 0:
        raise ValueError(f"sudden_gains needs a positive sg_crit1_cutoff (the minimum "
                         f"improvement, e.g. 7 BDI points); got {value}")
    if kind == "sl" and value >= 0:
        raise ValueError(
            f"sudden_losses needs a negative sg_crit1_cutoff (suddengains convention: "
            f"x_n - x_(n+1) <= cutoff, e.g. -7); got {value}. Pass {-value:g} with a minus "
            "sign")
    return value


@dataclass(frozen=True)
class Criteria:
    """The validated criteria of one call (suddengains' argument names)."""

    kind: str
    cutoff: float | None
    pct: float | None
    crit3: bool
    alpha: float
    adjust: bool
    critical_value: float
    loss_crit2: str

    @classmethod
    def check(cls, kind: str, *, sg_crit1_cutoff: float | Crit1Cutoff | None,
              sg_crit2_pct: float | None, sg_crit3: bool, sg_crit3_alpha: float,
              sg_crit3_adjust: bool, sg_crit3_critical_value: float,
              loss_crit2: str) -> Criteria:
        return cls(
            kind=kind, cutoff=cutoff_value(sg_crit1_cutoff, kind),
            pct=None if sg_crit2_pct is None else check_float(sg_crit2_pct, "sg_crit2_pct",
                                                              minimum=0.0, finite=True),
            crit3=check_bool(sg_crit3, "sg_crit3"),
            alpha=check_float(sg_crit3_alpha, "sg_crit3_alpha", minimum=0.0, maximum=1.0,
                              inclusive=False, finite=True),
            adjust=check_bool(sg_crit3_adjust, "sg_crit3_adjust"),
            critical_value=check_float(sg_crit3_critical_value, "sg_crit3_critical_value",
                                       minimum=0.0, finite=True),
            loss_crit2=check_option(loss_crit2, "loss_crit2", ("mirrored", "suddengains")))

    def table(self, always: bool = False) -> np.ndarray:
        """Critical values of criterion 3 by df (all NaN when it is not applied, unless
        ``always``: check_interval reports the critical value either way)."""
        if not self.crit3 and not always:
            return np.full(5, np.nan)
        return crit3_table(self.alpha, self.adjust, self.critical_value)

    def evaluate(self, Y: np.ndarray, positions: ArrayLike, d: float,
                 table: np.ndarray) -> dict[str, np.ndarray]:
        return criteria_core(Y, positions, d=d, kind=self.kind, cutoff=self.cutoff,
                             pct=self.pct, crit3=self.crit3, crit3_table=table,
                             loss_crit2=self.loss_crit2)

    def options(self) -> dict[str, Any]:
        return {"sg_crit1_cutoff": self.cutoff, "sg_crit2_pct": self.pct,
                "sg_crit3": self.crit3, "sg_crit3_alpha": self.alpha,
                "sg_crit3_adjust": self.adjust, "sg_crit3_critical_value": self.critical_value}

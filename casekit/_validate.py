"""Small named validators (after statsmodels' ``tools.validation``).

Each one names the offending argument and, for options, lists the valid values, so that users
get ``improvement must be one of 'increase', 'decrease'; got 'up'`` instead of a traceback deep
inside a computation. Never use ``assert`` for user input.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Literal, TypeVar, overload

import numpy as np
import numpy.typing as npt

__all__ = [
    "check_option",
    "check_improvement",
    "as_float_array",
    "check_int",
    "check_float",
    "check_probability",
    "check_ci_level",
    "make_rng",
]

IMPROVEMENT_OPTIONS = ("increase", "decrease")

_T = TypeVar("_T")


def check_option(value: object, name: str, options: Iterable[_T], *,
                 case_sensitive: bool = True) -> _T:
    """Return ``value`` if it is one of ``options``; raise ``ValueError`` listing them otherwise."""
    options = tuple(options)
    probe = value if case_sensitive or not isinstance(value, str) else value.lower()
    valid = options if case_sensitive else tuple(
        o.lower() if isinstance(o, str) else o for o in options
    )
    if probe not in valid:
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return options[valid.index(probe)]


def check_improvement(improvement: object, name: str = "improvement") -> str:
    """Validate an ``improvement`` direction ('increase' or 'decrease')."""
    if improvement is None:
        raise ValueError(
            f"{name} is required here (the direction cannot be taken from an instrument): "
            "pass 'increase' or 'decrease'"
        )
    return check_option(improvement, name, IMPROVEMENT_OPTIONS)


def as_float_array(x: npt.ArrayLike, name: str, *, ndim: int = 1, allow_nan: bool = False,
                   min_size: int = 0) -> np.ndarray:
    """Convert to a float array, checking dimension, finiteness and size.

    Non-numeric entries raise ``TypeError`` naming the argument; NaN raises ``ValueError``
    unless ``allow_nan`` (casekit never drops missing values silently).
    """
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numeric; could not convert it to numbers ({exc})") from exc
    if arr.ndim == 0 and ndim == 1:
        arr = arr.reshape(1)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional; got {arr.ndim} dimensions")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinite values at positions "
                         f"{np.flatnonzero(np.isinf(arr)).tolist()}")
    if not allow_nan and np.isnan(arr).any():
        pos = np.flatnonzero(np.isnan(arr)).tolist()
        raise ValueError(
            f"{name} contains missing values at positions {pos}; remove them explicitly "
            "(or use the function's missing-value option) so that nothing is dropped silently"
        )
    if arr.size < min_size:
        raise ValueError(f"{name} needs at least {min_size} values; got {arr.size}")
    return arr


@overload
def check_int(value: object, name: str, *, minimum: int | None = ..., maximum: int | None = ...,
              allow_none: Literal[False] = ...) -> int: ...
@overload
def check_int(value: object, name: str, *, minimum: int | None = ..., maximum: int | None = ...,
              allow_none: bool) -> int | None: ...
def check_int(value: object, name: str, *, minimum: int | None = None,
              maximum: int | None = None, allow_none: bool = False) -> int | None:
    """Validate an integer argument (bools are rejected)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}; got {value}")
    return value


@overload
def check_float(value: object, name: str, *, minimum: float | None = ...,
                maximum: float | None = ..., allow_none: Literal[False] = ...,
                inclusive: bool = ..., finite: bool = ...) -> float: ...
@overload
def check_float(value: object, name: str, *, minimum: float | None = ...,
                maximum: float | None = ..., allow_none: bool,
                inclusive: bool = ..., finite: bool = ...) -> float | None: ...
def check_float(value: object, name: str, *, minimum: float | None = None,
                maximum: float | None = None, allow_none: bool = False, inclusive: bool = True,
                finite: bool = False) -> float | None:
    """Validate a real-number argument (``finite=True`` also refuses +-inf)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {value!r}")
    value = float(value)
    if np.isnan(value):
        raise ValueError(f"{name} must not be NaN")
    if finite and np.isinf(value):
        raise ValueError(f"{name} must be finite; got {value}")
    if minimum is not None and (value < minimum if inclusive else value <= minimum):
        raise ValueError(f"{name} must be {'>=' if inclusive else '>'} {minimum}; got {value}")
    if maximum is not None and (value > maximum if inclusive else value >= maximum):
        raise ValueError(f"{name} must be {'<=' if inclusive else '<'} {maximum}; got {value}")
    return value


def check_probability(value: object, name: str) -> float:
    """A probability strictly between 0 and 1."""
    return check_float(value, name, minimum=0.0, maximum=1.0, inclusive=False)


def check_ci_level(value: object, name: str = "confidence") -> float:
    """A confidence level strictly between 0 and 1 (e.g. 0.95)."""
    return check_probability(value, name)


def make_rng(seed: int | np.random.Generator | None) -> tuple[np.random.Generator, int | None]:
    """Return ``(Generator, seed_used)``.

    ``seed`` may be an int, ``None`` or a ``numpy.random.Generator``. With ``None`` a fresh seed
    is drawn from the OS and returned, so the result object can record it and the run can be
    repeated exactly.
    """
    if isinstance(seed, np.random.Generator):
        return seed, None
    if seed is None:
        entropy = np.random.SeedSequence().entropy
        assert isinstance(entropy, int)  # a fresh SeedSequence draws an int from the OS
        seed = int(entropy % (2**63))
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer, a numpy Generator or None; got {seed!r}")
    return np.random.default_rng(int(seed)), int(seed)

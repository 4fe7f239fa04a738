"""Renamed arguments: old names keep working for one release, with a ``FutureWarning``.

casekit speaks one vocabulary in every public function (``docs/vocabulary.md``). Where a
function used another name for the same role before, the old keyword is still accepted for one
release: it is mapped onto the new name and a :class:`FutureWarning` names the replacement, so a
notebook written against the old name keeps running and tells its author what to change.

Usage::

    @renamed_arguments(outcome="value_col", ci_level="confidence", since="0.2")
    def nap(baseline=None, treatment=None, *, data=None, value_col="value", ...):
        ...

The decorated function keeps its signature (``inspect.signature`` shows only the new names),
so documentation, the vocabulary test and editors see the vocabulary, not the history.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["renamed_arguments", "REMOVAL_RELEASE"]

F = TypeVar("F", bound=Callable[..., Any])

#: The release in which the old names stop working (one release after they were renamed).
REMOVAL_RELEASE = "0.3"


def renamed_arguments(since: str = "0.2", **renames: str) -> Callable[[F], F]:
    """Accept the old keyword names in ``renames`` (old -> new) with a ``FutureWarning``.

    Passing both the old and the new name is a ``TypeError`` (the call is ambiguous).
    """

    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        for old, new in renames.items():
            if new not in params:  # a typo here would silently swallow the old name
                raise TypeError(f"{func.__qualname__}: renamed argument {old!r} -> {new!r}, "
                                f"but {new!r} is not a parameter")
            if old in params:
                raise TypeError(f"{func.__qualname__}: {old!r} is still a parameter")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old in renames.keys() & kwargs.keys():
                new = renames[old]
                if new in kwargs:
                    raise TypeError(f"{func.__name__}() got both {old!r} (the old name) and "
                                    f"{new!r}; pass only {new!r}")
                warnings.warn(
                    f"{func.__name__}(): the argument {old!r} is now called {new!r} "
                    f"(renamed in casekit {since}; the old name stops working in "
                    f"{REMOVAL_RELEASE})", FutureWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__renamed_arguments__ = dict(renames)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate

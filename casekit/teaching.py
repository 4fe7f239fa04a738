"""Self-checks for seminar exercises: compare a student's answers with expected values.

The seminar notebooks call :func:`self_check` after each exercise scaffold; the cell stays in
the student copies (``python3 tasks.py student-copies``) while the worked solutions go.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["self_check"]


def _value(x: Any) -> Any:
    """A result's estimate (``.est`` or ``.value``), else the object itself."""
    if not isinstance(x, (dict, list, tuple)):
        for attr in ("est", "value"):
            if hasattr(x, attr):
                return getattr(x, attr)
    return x


def _close(answer: Any, expected: Any, tol: float) -> bool:
    a = _value(answer)
    if isinstance(expected, dict):
        return (isinstance(a, dict) and set(a) == set(expected)
                and all(_close(a[k], expected[k], tol) for k in expected))
    if isinstance(expected, (list, tuple)):
        a = list(a) if hasattr(a, "__iter__") and not isinstance(a, str) else a
        return (isinstance(a, list) and len(a) == len(expected)
                and all(_close(x, y, tol) for x, y in zip(a, expected, strict=True)))
    try:
        return abs(float(a) - float(expected)) <= tol
    except (TypeError, ValueError):
        return bool(a == expected)


def self_check(exercise: str,
               checks: Sequence[tuple[str, Any, Any, float, str]]) -> list[str]:
    """Check the answers of one exercise and print one line per answer.

    Parameters
    ----------
    exercise : str
        Name printed at the start of each line (``"Exercise 2"``).
    checks : sequence of (name, answer, expected, tol, hint)
        ``answer`` is the student's value (``None``: not answered yet). Numbers, and results
        with ``.est`` or ``.value``, must lie within ``tol`` of ``expected``
        (``|answer - expected| <= tol``); lists and dicts must match element by element
        (numbers within ``tol``); anything else must be equal. ``hint`` says what to look
        at when the answer is off.

    Returns
    -------
    list of str
        The lines printed: ``"<exercise> <name>: correct"``, ``"... not answered yet ..."``
        or ``"... not yet (<answer>); look at: <hint>"``.

    Examples
    --------
    >>> from casekit.teaching import self_check
    >>> _ = self_check("Exercise 9", [("NAP", 0.9254, 0.925, 1e-3, "count the ties"),
    ...                               ("Tau", None, 0.85, 1e-3, "Tau = 2 NAP - 1")])
    Exercise 9 NAP: correct
    Exercise 9 Tau: not answered yet (replace the None in the cell above)
    """
    lines = []
    for name, answer, expected, tol, hint in checks:
        if answer is None:
            line = f"{exercise} {name}: not answered yet (replace the None in the cell above)"
        elif _close(answer, expected, tol):
            line = f"{exercise} {name}: correct"
        else:
            line = f"{exercise} {name}: not yet ({_value(answer)!r}); look at: {hint}"
        print(line)
        lines.append(line)
    return lines

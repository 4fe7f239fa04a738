"""The words of the figures: axis labels with the direction of improvement, criterion names,
session numbers. No matplotlib here.

Every figure names things the same way: a y label reads ``"PHQ-9\\n(depression; lower =
better)"`` (the measure, then its construct and direction from the instrument registry, in
one pair of parentheses), a rupture criterion reads ``"2 SD (Stiles et al., 2004)"`` rather
than its code ``stiles2sd``, and a session is printed as an integer.
"""

from __future__ import annotations

import math

from casekit._input import resolve_improvement
from casekit._validate import IMPROVEMENT_OPTIONS
from casekit.alliance.rupture import CRITERION_NAMES
from casekit.registry import Instrument, get_instrument

__all__ = ["instrument_of", "direction_of", "direction_note", "axis_label", "session_text",
           "session_range", "CRITERION_NAMES", "criterion_text", "points_text",
           "SHORT_CONSTRUCT"]

#: a construct longer than this is shortened to its last word in a y label ("therapeutic
#: alliance" -> "alliance", "general psychological distress" -> "distress")
SHORT_CONSTRUCT = 12

#: Human names of the rupture criteria: :data:`casekit.alliance.rupture.CRITERION_NAMES`.


def instrument_of(name: object) -> Instrument | None:
    """The registry entry of a measure or instrument name, or None."""
    if not isinstance(name, str):
        return None
    try:
        return get_instrument(name)
    except (KeyError, ValueError, TypeError):
        return None


def direction_of(measure: object, improvement: str | Instrument | None = None) -> tuple[str | None, str]:
    """``(improvement, construct)`` of a measure.

    ``improvement`` is ``"increase"``, ``"decrease"``, an instrument name or an ``Instrument``
    (:func:`casekit._input.resolve_improvement`, the rule of every analysis); without it the
    registry entry of ``measure`` gives the direction, and an unknown measure gives ``None``.
    The construct ("depression") comes from the measure's registry entry, else from the
    instrument named by ``improvement``.
    """
    inst = instrument_of(measure)
    if improvement is None:
        return (inst.improvement, inst.construct or "") if inst is not None else (None, "")
    resolved = resolve_improvement(improvement, name="improvement").improvement
    if inst is None and not (isinstance(improvement, str)
                             and improvement in IMPROVEMENT_OPTIONS):
        inst = instrument_of(improvement) if isinstance(improvement, str) else improvement
    return resolved, (inst.construct or "") if inst is not None else ""


def direction_note(improvement: str | None, construct: str | None = "") -> str | None:
    """``"depression; lower = better"``, ``"alliance; higher = better"`` or ``None``."""
    if improvement is None:
        return None
    word = construct or ""
    if len(word) > SHORT_CONSTRUCT:
        word = word.split()[-1]
    if len(word) > SHORT_CONSTRUCT:
        word = ""
    rule = "higher = better" if improvement == "increase" else "lower = better"
    return f"{word}; {rule}" if word else rule


def axis_label(name: object, note: str | None = None, *, newline: bool = True) -> str:
    """The measure with its direction note in one pair of parentheses."""
    if not note:
        return str(name)
    return f"{name}{chr(10) if newline else ' '}({note})"


def session_text(v: float) -> str:
    """A session number as text: whole numbers without decimals (``14.0`` -> ``"14"``)."""
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def session_range(first: float, last: float) -> str:
    """``"session 23"`` for one session, ``"sessions 15-18"`` (en dash) for a range."""
    if float(first) == float(last):
        return f"session {session_text(first)}"
    return f"sessions {session_text(first)}\u2013{session_text(last)}"


def points_text(x: float) -> str:
    """A number of scale points at one decimal, without a trailing ``.0``."""
    text = f"{float(x):.1f}"
    return text[:-2] if text.endswith(".0") else text


def criterion_text(name: object, threshold: float | None = None,
                   improvement: str | None = "increase") -> str:
    """``"2 SD (Stiles et al., 2004): drop >= 7.1 points"`` for a criterion code."""
    base = CRITERION_NAMES.get(str(name), str(name))
    if threshold is None or not math.isfinite(float(threshold)):
        return base
    move = "drop" if improvement != "decrease" else "rise"
    # rounded up (1.048 is "1.05", not "1": a drop of 1 point does not meet it)
    amount = f"{math.ceil(round(float(threshold) * 100, 6)) / 100:.2f}".rstrip("0").rstrip(".")
    return f"{base}: {move} \u2265 {amount} point{'' if amount == '1' else 's'}"

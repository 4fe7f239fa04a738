"""APA 7 number formatting: one formatter for tables and running text.

Every number casekit puts in a table or a results paragraph goes through these functions, so
that a *p* value, an interval or a session range reads the same everywhere. They return plain
Unicode text: negative numbers carry a true minus sign (U+2212, ``MINUS``), never a
hyphen-minus; the writers turn it into ``$-$`` for LaTeX. Missing values are the writers'
business (tables print an em dash, :data:`MISSING`); the formatters refuse NaN with an error
that names the argument, so that a missing number never slips into a sentence as "nan".

Rules (American Psychological Association, 2020, *Publication Manual*, 7th ed., sections
6.36 and 6.40-6.44):

* numbers at a stated number of decimals (default 2); counts and session numbers as integers;
* no zero before the decimal point for statistics that cannot exceed 1 in absolute value
  (correlations, proportions, probabilities, *p*): ``.83``, ``−.12``;
* exact *p* values to three decimals, ``< .001`` below that, no leading zero;
* commas between groups of three digits from 1,000 on (integers and decimals alike; APA 6.39).

Examples
--------
>>> format_p(0.0312)
'= .031'
>>> format_p(0.00002)
'< .001'
>>> format_prob(0.9987)
'> .99'
>>> format_ci(-0.5, 1.0)
'[−0.50, 1.00]'
>>> format_sessions(14, 15)
'between sessions 14 and 15'
>>> format_sessions(23, 23)
'at session 23'
>>> format_estimate(-0.8312, bounded=True)
'−.83'
"""

from __future__ import annotations

import math
import numbers

__all__ = [
    "MINUS",
    "EM_DASH",
    "MISSING",
    "format_estimate",
    "format_integer",
    "format_p",
    "format_prob",
    "format_ci",
    "format_session",
    "format_sessions",
]

#: The minus sign (U+2212) used for every negative number.
MINUS = "\u2212"
#: The em dash (U+2014).
EM_DASH = "\u2014"
#: What a table prints for a missing value (APA 7, 7.15: a dash in a cell that cannot be filled).
MISSING = EM_DASH

#: From this magnitude on, numbers print as ``a × 10ⁿ`` (a Bayes factor of 10^40 needs no
#: 41 digits).
LARGE = 1e9
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _real(x: object, name: str) -> float:
    """``x`` as a float; refuse bools, text, None and NaN with a message naming ``name``."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {x!r}")
    x = float(x)
    if math.isnan(x):
        raise ValueError(f"{name} is missing (NaN): decide what the text says instead "
                         "(tables print an em dash for a missing value)")
    return x


def _decimals(decimals: object, name: str = "decimals") -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or decimals < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {decimals!r}")
    return int(decimals)


def _group(digits: str) -> str:
    """Insert APA's thousands commas into a string of digits (``'12345'`` -> ``'12,345'``)."""
    return f"{int(digits):,}"


def _signed(text: str, negative: bool) -> str:
    return (MINUS + text) if negative else text


def format_estimate(x: float, decimals: int = 2, *, bounded: bool = False,
                    thousands: bool = True) -> str:
    """A number at ``decimals`` places, with a true minus sign.

    Parameters
    ----------
    x : float
        The number (NaN is refused: a table prints :data:`MISSING` instead).
    decimals : int
        Number of decimal places (APA: usually 2).
    bounded : bool
        The statistic cannot exceed 1 in absolute value (correlation, proportion, probability,
        Tau, NAP): no zero before the decimal point (``.83``). A value that rounds to ±1
        prints as ``1.00``.
    thousands : bool
        Commas between groups of three digits from 1,000 on (APA 7, 6.39).

    Returns
    -------
    str
        ``"−0.50"``, ``".83"``, ``"12,345.60"``; ``"∞"`` / ``"−∞"`` for infinite values; from
        10⁹ on, scientific notation ``"3.95 × 10¹³"``. A number that rounds to zero prints
        without a sign (``0.00``, never ``−0.00``).

    Examples
    --------
    >>> format_estimate(0.5)
    '0.50'
    >>> format_estimate(-1234.5678, 1)
    '−1,234.6'
    >>> format_estimate(0.0312, 3, bounded=True)
    '.031'
    >>> format_estimate(-0.0001)
    '0.00'
    >>> format_estimate(3.95e13)
    '3.95 × 10¹³'
    """
    x = _real(x, "x")
    decimals = _decimals(decimals)
    if math.isinf(x):
        return _signed("∞", x < 0)
    if bounded and abs(x) > 1:
        raise ValueError(f"x = {x!r} is outside [-1, 1]: it cannot be formatted as a bounded "
                         "statistic (bounded=False keeps the leading zero)")
    if abs(x) >= LARGE:
        mantissa, exponent = f"{abs(x):.{decimals}e}".split("e")
        power = str(int(exponent)).translate(_SUPERSCRIPT)
        return _signed(f"{mantissa} × 10{power}", x < 0)
    text = f"{abs(x):.{decimals}f}"
    whole, _, frac = text.partition(".")
    if thousands:
        whole = _group(whole)
    if bounded and whole == "0" and frac:
        whole = ""
    rounds_to_zero = text.strip("0.") == ""
    return _signed(whole + ("." + frac if frac else ""), x < 0 and not rounds_to_zero)


def format_integer(x: float, *, thousands: bool = True) -> str:
    """A whole number (count, session) as an integer: ``17``, never ``17.00``.

    A float is accepted only if it is whole (``17.0``); ``17.5`` raises ``ValueError``, so a
    non-integer never loses its fraction silently.

    Examples
    --------
    >>> format_integer(17.0)
    '17'
    >>> format_integer(-12000)
    '−12,000'
    """
    x = _real(x, "x")
    if math.isinf(x) or x != math.floor(x):
        raise ValueError(f"x = {x!r} is not a whole number; format it with format_estimate")
    digits = str(abs(int(x)))
    return _signed(_group(digits) if thousands else digits, x < 0)


def format_p(p: float, decimals: int = 3, *, equals: bool = True) -> str:
    """A *p* value as APA 7 writes it: no leading zero, ``< .001`` below the last decimal.

    Parameters
    ----------
    p : float
        The *p* value, in [0, 1] (anything else raises ``ValueError``).
    decimals : int
        Decimal places (APA: 2 or 3; 3 by default, so that ``< .001`` is the smallest value).
    equals : bool
        Prefix ``"= "`` to an exact value, for running text ("*p* = .031"). The relations
        ``<`` and ``>`` are always printed. Tables use ``equals=False``.

    Returns
    -------
    str
        ``"= .031"``, ``"< .001"``, and ``"> .999"`` for a value that would round to 1.

    Examples
    --------
    >>> format_p(0.31)
    '= .310'
    >>> format_p(0.0312, equals=False)
    '.031'
    >>> format_p(0.0004, equals=False)
    '< .001'
    >>> format_p(0.05, 2)
    '= .05'
    >>> format_p(1.0)
    '> .999'
    """
    p = _real(p, "p")
    decimals = _decimals(decimals)
    if decimals == 0:
        raise ValueError("decimals must be at least 1 for a p value")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must lie in [0, 1]; got {p!r}")
    return _bounded_probability(p, decimals, equals)


def format_prob(x: float, decimals: int = 2, *, equals: bool = False) -> str:
    """A probability (posterior, proportion of permutations): ``> .99`` / ``< .01`` at the ends.

    A probability that rounds to 1.00 or 0.00 is not certain; APA-style text says "> .99" or
    "< .01" instead of "1.00" / "0.00".

    Parameters
    ----------
    x : float
        The probability, in [0, 1].
    decimals : int
        Decimal places (default 2).
    equals : bool
        Prefix ``"= "`` to an exact value (``"= .97"``); by default the bare value (``".97"``),
        as in "the posterior probability was .97".

    Examples
    --------
    >>> format_prob(0.974)
    '.97'
    >>> format_prob(1.0)
    '> .99'
    >>> format_prob(0.001)
    '< .01'
    >>> format_prob(0.5, equals=True)
    '= .50'
    """
    x = _real(x, "x")
    decimals = _decimals(decimals)
    if decimals == 0:
        raise ValueError("decimals must be at least 1 for a probability")
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"x must be a probability in [0, 1]; got {x!r}")
    return _bounded_probability(x, decimals, equals)


def _bounded_probability(x: float, decimals: int, equals: bool) -> str:
    smallest = 10.0 ** -decimals
    text = f"{x:.{decimals}f}"
    if float(text) < smallest:          # rounds to 0
        return "< " + f"{smallest:.{decimals}f}".lstrip("0")
    if float(text) >= 1.0:              # rounds to 1
        return "> " + f"{1 - smallest:.{decimals}f}".lstrip("0")
    return ("= " if equals else "") + text.lstrip("0")


def format_ci(lower: float, upper: float, decimals: int = 2, *, bounded: bool = False) -> str:
    """An interval as APA writes it: ``[lower, upper]`` with true minus signs.

    Parameters
    ----------
    lower, upper : float
        The limits (``lower <= upper``; NaN raises ``ValueError``; infinite limits print ∞).
    decimals : int
        Decimal places of both limits.
    bounded : bool
        The statistic cannot exceed 1 in absolute value: no leading zero (``[.80, 1.00]``).

    Examples
    --------
    >>> format_ci(0.8, 1.0)
    '[0.80, 1.00]'
    >>> format_ci(-0.12, 0.4, bounded=True)
    '[−.12, .40]'
    """
    lo = _real(lower, "lower")
    hi = _real(upper, "upper")
    if lo > hi:
        raise ValueError(f"lower ({lo!r}) is above upper ({hi!r})")
    return (f"[{format_estimate(lo, decimals, bounded=bounded)}, "
            f"{format_estimate(hi, decimals, bounded=bounded)}]")


def format_session(session: float) -> str:
    """A session number as an integer (``14.0`` -> ``'14'``); a fraction is kept (``'14.5'``)."""
    s = _real(session, "session")
    if s == math.floor(s) and not math.isinf(s):
        return format_integer(s, thousands=False)
    return format_estimate(s, 1, thousands=False)


def format_sessions(first: float, last: float | None = None) -> str:
    """Where something happened, in words: one session or an interval of sessions.

    Parameters
    ----------
    first : int or float
        The first session (session numbers, never positions).
    last : int or float, optional
        The last session; omitted or equal to ``first`` for a single session.

    Returns
    -------
    str
        ``"at session 23"`` or ``"between sessions 14 and 15"``.

    Examples
    --------
    >>> format_sessions(14, 15)
    'between sessions 14 and 15'
    >>> format_sessions(23.0, 23.0)
    'at session 23'
    >>> format_sessions(7)
    'at session 7'
    """
    a = _real(first, "first")
    b = a if last is None else _real(last, "last")
    if b < a:
        raise ValueError(f"last ({b!r}) is before first ({a!r})")
    if a == b:
        return f"at session {format_session(a)}"
    return f"between sessions {format_session(a)} and {format_session(b)}"

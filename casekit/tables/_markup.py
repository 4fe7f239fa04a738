"""A tiny markup for table headers, titles and notes: italics, subscripts, superscripts.

APA tables italicise statistical symbols (*M*, *SD*, *p*) and use sub- and superscripts
(*n*\\ :sub:`A`, *R*\\ :sup:`2`). Headers, titles and notes are therefore stored as *markup*:

* ``*text*`` italic (as in Markdown, a ``*`` next to a space is an asterisk:
  ``* *p* < .05`` prints an asterisk and an italic *p*);
* ``_{text}`` subscript, ``^{text}`` superscript;
* a backslash makes the next ``* _ ^ \\ { }`` literal (``\\*``).

Anything else is literal text; an unmatched ``*`` stays an asterisk. Cell values are never
markup. Text from data (column names, result notes) enters through :func:`literal`, which
escapes it, so that a user's ``a*b*c`` or ``x_{1}`` prints as typed.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Run", "parse", "literal", "to_plain", "to_markup", "wrap"]

_SPECIAL = "\\*_^{}"
_SUP = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")


class Run(NamedTuple):
    """A piece of text in one style."""

    text: str
    italic: bool = False
    script: str = ""  # "", "sub" or "sup"


def literal(text: object) -> str:
    """Markup that prints ``text`` exactly as given (every special character escaped)."""
    return "".join("\\" + c if c in _SPECIAL else c for c in str(text))


def parse(markup: str) -> list[Run]:
    """Split ``markup`` into styled runs (adjacent runs of one style are merged)."""
    runs: list[Run] = []
    italic = False
    script = ""
    buf: list[str] = []

    def flush() -> None:
        if buf:
            text = "".join(buf)
            if runs and runs[-1].italic == italic and runs[-1].script == script:
                runs[-1] = Run(runs[-1].text + text, italic, script)
            else:
                runs.append(Run(text, italic, script))
            buf.clear()

    i, n = 0, len(markup)
    while i < n:
        c = markup[i]
        if c == "\\" and i + 1 < n and markup[i + 1] in _SPECIAL:
            buf.append(markup[i + 1])
            i += 2
            continue
        if c == "*" and (_closes(markup, i) if italic else _opens(markup, i)):
            flush()
            italic = not italic
        elif c in "_^" and not script and markup.startswith("{", i + 1) and \
                _closing_brace(markup, i + 2):
            flush()
            script = "sub" if c == "_" else "sup"
            i += 1
        elif c == "}" and script:
            flush()
            script = ""
        else:
            buf.append(c)
        i += 1
    flush()
    return runs


def _opens(markup: str, i: int) -> bool:
    """A ``*`` opens italics when text follows it (not a space or another ``*``) and a
    closing ``*`` comes later (as in Markdown: ``* *p* < .05`` has one italic *p*)."""
    nxt = markup[i + 1: i + 2]
    if not nxt or nxt.isspace() or nxt == "*":
        return False
    j = i + 1
    while j < len(markup):
        if markup[j] == "\\" and j + 1 < len(markup) and markup[j + 1] in _SPECIAL:
            j += 2
            continue
        if _closes(markup, j):
            return True
        j += 1
    return False


def _closes(markup: str, i: int) -> bool:
    """A ``*`` closes italics when it follows text (not a space)."""
    return markup[i] == "*" and i > 0 and not markup[i - 1].isspace()


def _closing_brace(markup: str, start: int) -> bool:
    i = start
    while i < len(markup):
        if markup[i] == "\\" and i + 1 < len(markup) and markup[i + 1] in _SPECIAL:
            i += 2
            continue
        if markup[i] == "}":
            return True
        i += 1
    return False


def to_plain(markup: str) -> str:
    """The text without styles (superscript digits as Unicode superscripts, ``_x`` otherwise)."""
    out = []
    for run in parse(markup):
        if run.script == "sup":
            sup = run.text.translate(_SUP)
            out.append(sup if all(ch in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ" for ch in sup) else "^" + run.text)
        elif run.script == "sub":
            out.append("_" + run.text)
        else:
            out.append(run.text)
    return "".join(out)


def to_markup(runs: list[Run]) -> str:
    """The markup of ``runs`` (inverse of :func:`parse`)."""
    out = []
    for run in runs:
        text = literal(run.text)
        if run.italic:
            text = f"*{text}*"
        if run.script:
            text = ("_{" if run.script == "sub" else "^{") + text + "}"
        out.append(text)
    return "".join(out)


def wrap(markup: str, width: int) -> list[str]:
    """Break ``markup`` at spaces into lines of at most ``width`` characters (a longer word
    keeps its own line); each line is markup again."""
    words: list[list[Run]] = [[]]
    for run in parse(markup):
        pieces = run.text.split(" ")
        for k, piece in enumerate(pieces):
            if k:
                words.append([])
            if piece:
                words[-1].append(Run(piece, run.italic, run.script))
    words = [w for w in words if w]
    lines: list[list[Run]] = []
    length = 0
    for w in words:
        n = sum(len(r.text) for r in w)
        if lines and length + 1 + n <= width:
            lines[-1] += [Run(" ", lines[-1][-1].italic and w[0].italic, ""), *w]
            length += 1 + n
        else:
            lines.append(list(w))
            length = n
    return [to_markup(line) for line in lines] or [""]

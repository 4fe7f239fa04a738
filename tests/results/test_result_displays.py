"""The fixed-precision displays of ``casekit.results.Result``: LaTeX escaping and minus signs.

``Result.to_latex`` used to write a backslash as ``\\textbackslash\\{\\}`` (the braces of the
replacement escaped again, so LaTeX printed ``\\{}``) and left ``^`` and ``~`` unescaped
(issue 12). Every special character now goes through one single-pass escaper.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from casekit.results import Result, escape_latex

SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


@pytest.mark.parametrize("char,latex", list(SPECIALS.items()))
def test_each_special_character_is_escaped_once(char, latex):
    assert escape_latex(f"a{char}b") == f"a{latex}b"


def test_backslash_braces_are_not_escaped_again():
    out = escape_latex("\\")
    assert out == r"\textbackslash{}"
    assert r"\{" not in out and r"\}" not in out


def test_all_specials_together_round_trip_to_plain_text():
    text = "\\ & % $ # _ { } ~ ^"
    out = escape_latex(text)
    # undo the escapes: what LaTeX prints must be the original text
    printed = out
    for char, latex in sorted(SPECIALS.items(), key=lambda kv: -len(kv[1])):
        printed = printed.replace(latex, char)
    assert printed == text
    # no unescaped special character is left for LaTeX to interpret
    stripped = out
    for latex in SPECIALS.values():
        stripped = stripped.replace(latex, "")
    assert not re.search(r"[\\&%$#_{}~^]", stripped)


def test_ot1_characters_minus_and_brackets():
    assert escape_latex("<>|") == r"\textless{}\textgreater{}\textbar{}"
    assert escape_latex("−1") == "$-$1"
    assert escape_latex("a--b---c – d — e") == "a-{}-b-{}-{}-c -- d --- e"
    assert escape_latex("[1, 2]") == "{[}1, 2{]}"
    assert escape_latex("line\nbreak\ttab") == "line break tab"
    assert escape_latex("bell\x07") == "bell?"
    assert escape_latex("10¹³") == r"10\textsuperscript{13}"
    assert escape_latex("φ") == r"$\varphi$"
    assert escape_latex("Zoë Ångström") == "Zoë Ångström"  # UTF-8 input, left as is


def test_result_to_latex_escapes_headers_cells_and_caption():
    hostile = "\\ & % $ # _ { } ~ ^"
    res = Result(pd.DataFrame({"a_b^c": [hostile], "x": [1.5]}), method="m")
    latex = res.to_latex(caption="50% of {x}", label="tab:x")
    assert r"a\_b\textasciicircum{}c" in latex
    assert escape_latex(hostile) in latex
    assert r"\caption{50\% of \{x\}}" in latex
    assert r"\textbackslash\{\}" not in latex


def test_result_to_latex_negative_numbers_have_a_true_minus():
    res = Result(pd.DataFrame({"est": [-0.5, 2.0, np.nan], "label": ["-3", "a", "b"]}),
                 method="m")
    latex = res.to_latex(decimals=2)
    assert "$-$0.50" in latex and "2.00" in latex
    assert "& -3" in latex or "-3 \\\\" in latex  # text that looks like a number is text
    assert re.search(r"(^|\s)-0\.50", latex) is None


def test_result_to_latex_keeps_its_shape():
    res = Result(pd.DataFrame({"es": ["NAP"], "est": [0.9166666666]}), method="NAP")
    latex = res.to_latex(decimals=2)
    assert latex.splitlines() == [
        r"\begin{tabular}{lr}", r"\toprule", r"es & est \\", r"\midrule",
        r"NAP & 0.92 \\", r"\bottomrule", r"\end{tabular}"]

"""LaTeX writer: booktabs + threeparttable, escaping, minus signs, numbering, landscape."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd
import pytest

from casekit.tables import apa_table, latex_preamble, plain, to_latex, write_latex

from ._results import HOSTILE, LONG, results


def _unescaped(text: str, char: str) -> int:
    """Occurrences of ``char`` not escaped with a backslash."""
    return len(re.findall(r"(?<!\\)" + re.escape(char), text.replace("\\\\", "")))


def check_latex(source: str) -> None:
    """Structural checks a LaTeX compiler would make: balanced braces, environments and math,
    the right number of cells in every row."""
    text = source.replace(r"\\", "  ")
    text = re.sub(r"\\[{}$&%#_]", "", text)
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, "unbalanced braces"
    assert depth == 0, "unbalanced braces"
    assert text.count("$") % 2 == 0, "unbalanced math"
    begins = re.findall(r"\\begin\{(\w+)\}", source)
    ends = re.findall(r"\\end\{(\w+)\}", source)
    assert sorted(begins) == sorted(ends)
    for block in re.findall(r"\\begin\{tabular\}\{([^\n]*)\}\n(.*?)\\end\{tabular\}\n", source,
                            re.S):
        spec, body = block
        bare = re.sub(r">\{\\raggedright\\arraybackslash\}", "", spec)
        ncol = len(re.findall(r"p\{[^}]*\}", bare)) + len(re.findall(r"[lrc]",
                                                                      re.sub(r"p\{[^}]*\}", "", bare)))
        for line in body.splitlines():
            if line.endswith(r"\\") and "@{}" not in line:
                assert _unescaped(line, "&") == ncol - 1, line


def test_latex_of_an_effect_size_table():
    t = apa_table(results()["nap_parker"], number=1, label="tab:nap")
    src = to_latex(t)
    check_latex(src)
    assert r"\begin{threeparttable}" in src and r"\begin{tablenotes}[flushleft]" in src
    assert r"\toprule" in src and r"\midrule" in src and r"\bottomrule" in src
    assert r"\setcounter{table}{0}" in src and r"\label{tab:nap}" in src
    assert r"\multicolumn{1}{c}{\textit{SE}}" in src
    assert r"NAP & .92 & .07 & {[}.60, .99{]} & 6 & 7 \\" in src
    assert r"\item \textit{Note.} \textit{SE} = standard error;" in src
    assert r"Parker \& Vannest" in src


def test_negative_numbers_use_a_math_minus():
    df = pd.DataFrame({"term": ["level"], "estimate": [-6.7531], "ci_lower": [-12.18],
                       "ci_upper": [-1.33]})
    src = to_latex(apa_table(df, confidence=0.95))
    assert r"$-$6.75 & {[}$-$12.18, $-$1.33{]}" in src
    assert not re.search(r"[ {]-\d", src)


def test_hostile_labels_are_escaped_everywhere():
    df = pd.DataFrame({HOSTILE: [HOSTILE, LONG], "value": [1.5, -2.0]})
    t = apa_table(df, title=plain(HOSTILE), note=plain(HOSTILE), label="tab:x",
                  column_notes={"value": plain(HOSTILE)})
    for notes in ("threeparttable", "plain"):
        src = to_latex(t, notes=notes)
        check_latex(src)
        assert "\x07" not in src and "\t" not in src
        assert r"\textbackslash{} \& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{}" \
            in src
        assert r"\textless{} \textgreater{} \textbar{}" in src
    # long text wraps in a paragraph column
    assert r">{\raggedright\arraybackslash}p{16em}" in to_latex(t)


def test_plain_notes_need_no_threeparttable():
    t = apa_table(pd.DataFrame({"est": [0.5], "p": [0.01]}), column_notes={"p": "Exact."},
                  probability_note="* *p* < .05.")
    src = to_latex(t, notes="plain")
    check_latex(src)
    assert "threeparttable" not in src and "tablenotes" not in src
    assert r"\textsuperscript{a}Exact." in src
    assert r"* \textit{p} \textless{} .05." in src
    with pytest.raises(ValueError, match="notes must be one of"):
        to_latex(t, notes="footnotes")


def test_supplementary_tables_follow_with_s_numbers_and_wide_ones_turn_landscape():
    t = apa_table(results()["sudden_gains"], number=2)
    src = to_latex(t)
    check_latex(src)
    assert src.count(r"\caption{") == 2
    assert r"\renewcommand{\thetable}{S2}" in src and r"\addtocounter{table}{-1}" in src
    main, supp = src.split("\n\n")
    assert r"\begin{table}[htbp]" in main and "sidewaystable" not in main
    assert r"\begin{sidewaystable}" in supp  # 17 columns: landscape
    assert r"\begin{tabular}[b]{@{}c@{}}" in supp  # headers stacked on lines
    assert r"\renewcommand{\thetable}{S2}" in supp
    assert r"\begin{tabular}[b]{@{}c@{}}Score \\ \textit{n} $-$ 2\end{tabular}" in supp


def test_write_latex_standalone(tmp_path):
    tabs = [apa_table(r) for r in results().values()]
    path = write_latex(tabs, tmp_path / "tables.tex", standalone=True)
    src = path.read_text(encoding="utf-8")
    check_latex(src)
    assert src.startswith("\\documentclass{article}")
    for pkg in ("booktabs", "threeparttable", "array", "caption", "rotating"):
        assert rf"\usepackage{{{pkg}}}" in src
    assert latex_preamble() in src


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_standalone_document_compiles(tmp_path):  # pragma: no cover - needs a TeX system
    tabs = [apa_table(r) for r in results().values()]
    df = pd.DataFrame({HOSTILE.replace("中文 🙂", ""): [HOSTILE.replace("中文 🙂", "")]})
    tabs.append(apa_table(df, title=plain("hostile \\ & % $ # _ { } ~ ^")))
    path = write_latex(tabs, tmp_path / "t.tex", standalone=True)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]

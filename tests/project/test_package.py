"""Package-level checks: import stays light, the public API resolves, results print stably."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.results import Result, format_number


def test_version():
    assert isinstance(casekit.__version__, str) and casekit.__version__


def test_import_is_light():
    # matplotlib, statsmodels and scipy load on first use, not at import
    code = ("import sys, casekit; "
            "print(sorted(m for m in ('matplotlib', 'statsmodels', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert out.stderr == ""


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        casekit.nope  # noqa: B018


def test_format_number():
    assert format_number(-0.0001, 3) == "0.000"
    assert format_number(float("nan")) == "NA"
    assert format_number(np.float64(0.5), 2) == "0.50"
    assert format_number(np.int64(3)) == "3"


def test_result_displays_fixed_precision():
    res = Result(pd.DataFrame({"es": ["NAP"], "est": [0.9166666666], "se": [np.nan]}),
                 method="NAP", options={"improvement": "increase"})
    text = repr(res)
    assert "0.917" in text and "NA" in text and "improvement=increase" in text
    assert res.summary["est"].iloc[0] == pytest.approx(0.9166666666, abs=0)
    assert "<table" in res._repr_html_()
    latex = res.to_latex(decimals=2)
    assert r"\toprule" in latex and "0.92" in latex
    assert res.method_card["casekit_version"] == casekit.__version__


def test_every_public_name_resolves():
    missing = []
    for name in casekit.__all__:
        try:
            getattr(casekit, name)
        except (AttributeError, ImportError) as exc:
            missing.append(f"{name}: {exc}")
    assert not missing, missing


def test_format_number_large_values_in_scientific_notation():
    assert format_number(3.9514995000915352e13, 3) == "3.951e+13"
    assert format_number(-2.5e10, 1) == "-2.5e+10"
    assert format_number(123456789.0, 2) == "123456789.00"

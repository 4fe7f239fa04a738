"""Type checking inside the suite: mypy (pinned) on casekit/ with the configuration of
pyproject.toml ([tool.mypy]: --strict, no module exempt)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests._paths import ROOT

CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
# per-module options that may appear in an override: only the third-party packages without
# type information (the relaxation lists that exempted casekit modules while they were being
# annotated were emptied and removed on 2026-12-03)
THIRD_PARTY_ONLY = {"module", "ignore_missing_imports"}


def test_strict_config_without_relaxations():
    # strict implies disallow_untyped_defs, check_untyped_defs, disallow_any_generics,
    # warn_return_any, disallow_untyped_calls, no_implicit_reexport, warn_unused_ignores, ...
    assert CONFIG["strict"] is True
    # a bare "type: ignore" would silence every error on its line, including future ones
    assert "ignore-without-code" in CONFIG["enable_error_code"]
    for override in CONFIG.get("overrides", []):
        assert set(override) <= THIRD_PARTY_ONLY, override
        assert not any(m == "casekit" or m.startswith("casekit.") for m in override["module"])


def test_py_typed_marker():
    assert (ROOT / "casekit" / "py.typed").is_file()


@pytest.mark.slow
def test_mypy_passes_on_casekit():
    pytest.importorskip("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental",
                           "--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "casekit")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    assert "Success" in proc.stdout

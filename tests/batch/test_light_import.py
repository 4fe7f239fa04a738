"""``import casekit`` (and ``casekit.batch``) never imports dask or pyarrow itself.

pandas 3 imports pyarrow on its own when it is installed, so for pyarrow the test compares
with a bare ``import pandas``.
"""

from __future__ import annotations

import subprocess
import sys


def _loaded(code: str) -> set[str]:
    probe = (f"import sys; {code}; "
             "print(','.join(m for m in ('dask', 'distributed', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return set(filter(None, out.stdout.strip().split(",")))


def test_import_casekit_does_not_import_dask_or_pyarrow():
    baseline = _loaded("import numpy, pandas")
    loaded = _loaded("import casekit, casekit.batch; casekit.batch_reliable_change")
    assert "dask" not in loaded and "distributed" not in loaded
    assert loaded <= baseline

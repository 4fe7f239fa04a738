"""Re-baseline the stored notebook outputs: execute every notebook in place through the shared
runner (casekit._runner, the one ``tasks.py reproduce`` uses), in the pinned environment, then
re-sync the paired py:percent files. Run through ``python3 tasks.py rebaseline [notebook ...]``;
never edit stored outputs by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv) -> int:
    from casekit import _runner

    targets = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for nb in targets:
        print(f"re-executing {nb}", flush=True)
        _runner.rebaseline(nb)
        subprocess.run([sys.executable, "-m", "jupytext", "--sync", str(nb)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``python -m casekit`` runs the command line (see casekit.cli)."""

import sys

from .cli import main

sys.exit(main())

"""Matplotlib styles shipped with casekit.

``casekit/styles/paper.mplstyle`` is a style for journal figures. Matplotlib (>= 3.7) loads
styles from packages by dotted name, so it is used without installing anything into the user's
matplotlib configuration::

    import matplotlib.pyplot as plt
    with plt.style.context("casekit.styles.paper"):
        ...

or, equivalently, ``with casekit.plot.paper_style(): ...``. Importing this package does not
import matplotlib.
"""

PAPER = "casekit.styles.paper"

__all__ = ["PAPER"]

"""Publication figures for single-case psychotherapy research, and deterministic export.

Every function takes tidy data (the shared data contract, see CONTRIBUTING.md) or casekit
results, validates everything before drawing, draws on a given ``ax`` or creates its own
figure, returns ``(fig, ax)`` (or ``(fig, axes)``), never calls ``show()`` and never changes the
global matplotlib state (drawing happens inside ``plt.style.context``). Matplotlib is imported
on first use, so ``import casekit`` stays light.

Functions
---------
session_series
    One measure over sessions / weeks / dates with phases, events, cutoff, RCI band and
    change points.
alliance_symptoms
    Alliance and symptom panels sharing the session axis (or a twin-axis variant).
multiple_baseline
    One panel per case with a staggered ("dog-leg") phase-change line.
jacobson_plot
    Pre vs post with identity line, reliable-change band, cutoffs and labelled regions.
sudden_gain_plot, rupture_repair_plot, changepoint_posterior_plot
    Trajectories with sudden gains or rupture-repair episodes (one panel per criterion);
    posterior of a change point (alliance above symptoms for a precedence result).
changepoint_figure
    Each series with its change point beside the posterior of the change location, one row
    per measure.
plot_sg_trajectories, dual_criterion_plot
    The mean course around sudden gains; a (conservative) dual-criterion analysis.
power_plot
    Power and type I error against the number of baseline sessions (planning a case).
paper_style, figsize, subplots, save
    The packaged journal style, column widths, a styled grid of axes to compose casekit
    panels, and byte-reproducible export.

Every figure follows the same rules: open axes in the paper style (also on an ``ax`` the
caller made), ticks on whole numbers on session and integer score axes, legends under the
axes (never over the data), texts placed clear of the plotted points and lines, event
markers in a strip above the data, alliance above symptoms, phase names from the phases
table (or codes with a key), and human names for criteria.
"""

from __future__ import annotations

from ._figure import subplots
from ._style import PALETTE, figsize, paper_style
from .changepoints import changepoint_figure
from .dual_criterion import dual_criterion_plot
from .export import save
from .jacobson import jacobson_plot
from .panels import alliance_symptoms, multiple_baseline
from .posterior import changepoint_posterior_plot
from .power import power_plot
from .rupture import rupture_repair_plot
from .series import session_series
from .sudden import sudden_gain_plot
from .trajectories import plot_sg_trajectories

__all__ = [
    "session_series",
    "alliance_symptoms",
    "multiple_baseline",
    "jacobson_plot",
    "sudden_gain_plot",
    "plot_sg_trajectories",
    "rupture_repair_plot",
    "changepoint_posterior_plot",
    "changepoint_figure",
    "dual_criterion_plot",
    "power_plot",
    "paper_style",
    "figsize",
    "subplots",
    "save",
    "PALETTE",
]

"""What a case analysis says on the way: notes, skipped sections, warnings and progress.

Every stage of :func:`casekit.analyze_case` runs inside :meth:`Log.stage`, which records the
Python warnings the analyses raise (their class and message, once each) instead of letting them
reach stderr, and reports the stage on one line to the ``progress`` callable.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd

from ..exceptions import CaseDataError, NotEnoughPointsError

__all__ = ["Log", "WARNING_COLUMNS", "Skip"]

#: columns of ``CaseAnalysis.warnings``
WARNING_COLUMNS = ["stage", "category", "message"]


class Skip(Exception):
    """A section cannot run on these data; the message is the reason, in words."""


class Log:
    """Notes, skipped sections and warnings of one analysis, and its progress reporter.

    Parameters
    ----------
    progress : callable, bool or None
        ``True``: print each stage's line to stdout; a callable: called with each line;
        ``None``/``False``: silent.
    stages : int
        Number of stages (for the ``[i/n]`` counter).
    """

    def __init__(self, progress: bool | Callable[[str], None] | None = None,
                 stages: int = 0) -> None:
        if progress is True:
            progress = _print
        elif progress is False:
            progress = None
        if progress is not None and not callable(progress):
            raise TypeError("progress must be True, False, None or a callable taking one "
                            f"line of text; got {type(progress).__name__}")
        self._progress: Callable[[str], None] | None = progress
        self.stages = int(stages)
        self.done = 0
        self.notes: list[str] = []
        self.skipped: dict[str, str] = {}
        self._warnings: list[dict[str, str]] = []
        self._seen: set[tuple[str, str, str]] = set()

    # -- records ---------------------------------------------------------------------------
    def note(self, text: str) -> None:
        """A decision or fact a reader should know (stated in the report's notes)."""
        if text not in self.notes:
            self.notes.append(text)

    def warn(self, stage: str, category: str, message: str) -> None:
        """Record one warning (duplicates of the same stage, class and text are dropped)."""
        key = (stage, category, message)
        if key not in self._seen:
            self._seen.add(key)
            self._warnings.append({"stage": stage, "category": category, "message": message})

    def skip(self, section: str, reason: str) -> None:
        """A section that did not run, and why."""
        self.skipped[section] = reason

    @property
    def warnings(self) -> pd.DataFrame:
        return pd.DataFrame(self._warnings, columns=WARNING_COLUMNS, dtype=object)

    # -- stages ----------------------------------------------------------------------------
    @contextmanager
    def capture(self, stage: str) -> Iterator[None]:
        """Record the Python warnings raised inside the block as warnings of ``stage``."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield
            finally:
                for w in caught:
                    self.warn(stage, w.category.__name__, str(w.message))

    @contextmanager
    def stage(self, name: str, section: str | None = None, *,
              catch: bool = True) -> Iterator[dict[str, str]]:
        """Run one stage: capture its warnings; a :class:`Skip` or a casekit error about the
        data skips the section with its message as the reason (``catch=False``: errors
        propagate, for the stages a report cannot do without); report the outcome on one
        line.

        The block may set ``state["summary"]`` (a few words on what the stage found).
        """
        section = section or name
        state = {"summary": ""}
        if not catch:
            with self.capture(name):
                yield state
            self.done += 1
            self.report(name, state["summary"])
            return
        with self.capture(name):
            try:
                yield state
            except Skip as exc:
                self.skip(section, str(exc))
                state["summary"] = f"skipped: {exc}"
            except (NotEnoughPointsError, CaseDataError) as exc:
                # casekit's documented errors about these data (too few points, a series it
                # cannot use): the section is skipped with the error as the reason, never a
                # crash of the whole report. Errors about options propagate.
                reason = f"could not be computed: {_first_line(exc)}"
                self.skip(section, reason)
                state["summary"] = f"skipped: {reason}"
        self.done += 1
        self.report(name, state["summary"])

    def report(self, name: str, summary: str) -> None:
        if self._progress is None:
            return
        counter = f"[{self.done}/{self.stages}] " if self.stages else ""
        self._progress(f"{counter}{name}" + (f": {summary}" if summary else ""))


def _print(line: str) -> None:
    print(line, flush=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__

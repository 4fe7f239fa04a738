"""SPSS .sav / .zsav files through pyreadstat, with user-defined missing values kept.

``pyreadstat.read_sav(user_missing=True)`` keeps user-missing codes as their values, so that
each code survives into ``missing_code``; the cell parser then makes them missing (never 0 or a
valid score). Variable and value labels are kept for ``df.attrs["casekit"]``. A file
pyreadstat cannot read is one :class:`CaseFileError` naming the likely cause.
"""

from __future__ import annotations

import os

import numpy as np

from ..exceptions import CaseFileError
from ._common import Raw, UserMissing

__all__ = ["read_spss_raw"]


def read_spss_raw(path: str | os.PathLike[str]) -> Raw:
    """The cases of an SPSS file; row numbers are SPSS's case numbers (1-based)."""
    try:
        import pyreadstat  # lazy: an optional dependency, and import casekit stays light
    except ImportError as exc:  # pragma: no cover - environment dependent
        raise ImportError("reading SPSS files needs pyreadstat: pip install 'casekit[io]'") \
            from exc
    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True,
                                          apply_value_formats=False)
    except Exception as exc:  # ReadstatError, PyreadstatError, OverflowError ...
        raise CaseFileError(path, f"not a valid SPSS .sav file (damaged, or saved by another "
                                  f"program?) ({type(exc).__name__}: {exc})") from None
    user_missing: UserMissing = {}
    for col, ranges in (meta.missing_ranges or {}).items():
        # pyreadstat types an entry as int | float | str | MissingRange; read_sav gives
        # MissingRange dicts ({"lo": ..., "hi": ...})
        user_missing[col] = [(r["lo"], r["hi"]) for r in ranges]  # type: ignore[index]
    for col, values in (getattr(meta, "missing_user_values", None) or {}).items():
        user_missing.setdefault(col, []).extend((v, v) for v in values)
    labels = meta.column_labels or [None] * len(meta.column_names)
    attrs = {"variable_labels": dict(zip(meta.column_names, labels, strict=True)),
             "value_labels": {c: meta.value_labels.get(lab, {})
                              for c, lab in (meta.variable_to_label or {}).items()}}
    frame = frame.astype(object)
    frame.columns = [str(c) for c in frame.columns]
    return Raw(frame, "spss", file=path, source_row=np.arange(1, len(frame) + 1),
               user_missing=user_missing, attrs=attrs)

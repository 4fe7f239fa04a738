"""Reading and writing tidy session data: CSV, Excel, SPSS, REDCap, DataFrames.

:func:`read_sessions` turns a file (or DataFrame) in long or wide layout into the tidy ratings
table of :mod:`casekit.schema` and validates it; :func:`read_events` and :func:`read_phases`
read the two other tables; :func:`write_sessions` writes ratings as CSV.

The package is split by step and source format:

=======================  ==================================================================
``_csv``                 delimited text: encoding, separator, records with row numbers
``_excel``               workbooks (openpyxl): cells, letters, formulas without saved values
``_spss``                SPSS (pyreadstat): user-missing codes, labels
``_header``              header row, title rows, duplicate names, ragged rows (CSV, Excel)
``_raw``                 one entry point to the readers: :func:`_raw.read_raw`
``_redcap``              REDCap exports: record -> case, event / repeat instance -> session
``_wide``                wide layout -> long through the spec (``measures=`` / ``pattern=``)
``_cells``               the cell parsers: numbers and sentinel codes, whole numbers, text
``_normalise``           typed tidy ratings from raw cells (dates through ``casekit._dates``)
``_select``              ``case=``: the rows of one case
``_locate``              places of problems in the source; the source map of a table read
``_spec``                reading options bundled in one mapping (``spec=``, ``SPEC_KEYS``)
``sessions``             :func:`read_sessions`
``events``, ``phases``   :func:`read_events`, :func:`read_phases`
``_write``               :func:`write_sessions`
=======================  ==================================================================

Every table returned carries a **source map** (``df.attrs["casekit_source"]``): the file,
sheet, row number (as a spreadsheet shows it) and column of each row, so that
:func:`casekit.validate` names every problem's place in the user's words; the warnings
collected while reading are in it too (:func:`reading_warnings`). Nothing is dropped or coerced
silently: a cell that is neither a number, a blank nor a declared sentinel code is a problem
with its row and column.
"""

from __future__ import annotations

from .._source import reading_warnings
from ._common import FORMATS, REDCAP_EVENT_PATTERN
from ._spec import SPEC_KEYS
from ._write import write_sessions
from .events import read_events
from .phases import read_phases
from .sessions import read_sessions

__all__ = ["read_sessions", "write_sessions", "read_events", "read_phases", "reading_warnings",
           "FORMATS", "SPEC_KEYS", "REDCAP_EVENT_PATTERN"]

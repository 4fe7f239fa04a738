"""Write the corpus of malformed exports of ``tests/io/test_malformed.py``.

Run ``python tests/io/malformed/make_corpus.py`` from the project root to (re)write every file
of this folder; ``expected.csv`` lists, for each file, the options it is read with and the
exact problems (or the warning) it must give. The data are invented (no patient data).
Workbooks and SPSS files carry write timestamps, so a rewrite changes their bytes, not their
content.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HERE = Path(__file__).resolve().parent

GOOD = "case,session,date,measure,value\nc1,1,2024-01-08,PHQ-9,12\nc1,2,2024-01-15,PHQ-9,10\n"

TEXT = {
    "empty.csv": b"",
    "blank_lines_only.csv": b"\n  \n\n",
    "header_only.csv": b"case,session,measure,value\n",
    "too_many_fields.csv": (GOOD + "c1,3,2024-01-22,PHQ-9,9,oops\n").encode(),
    "too_few_fields.csv": (GOOD + "c1,3,2024-01-22\n").encode(),
    "duplicate_header.csv": b"case,session,measure,value,value\nc1,1,PHQ-9,12,13\n",
    "colliding_header.csv": b"case, session ,session,measure,value\nc1,1,1,PHQ-9,12\n",
    "huge_session.csv": b"case,session,measure,value\nc1,1e30,PHQ-9,12\nc1,2,PHQ-9,10\n",
    "huge_item.csv": b"case,session,measure,item,value\nc1,1,PHQ-9,1e30,1\nc1,2,PHQ-9,1,1\n",
    "infinite_value.csv": b"case,session,measure,value\nc1,1,X,1e400\nc1,2,X,2\n",
    "date_1500.csv": GOOD.replace("2024-01-08", "1500-01-03").encode(),
    "date_2300.csv": GOOD.replace("2024-01-15", "2300-01-03").encode(),
    "date_format.csv": ("case,session,date,measure,value\n" + "".join(
        f"c1,{s},{s + 7:02d}.01.2024,PHQ-9,{10 - s}\n" for s in range(1, 9))
        + "c1,9,2024-02-3o,PHQ-9,1\n").encode(),
    "title_row.csv": ("Clinic export\n" + GOOD).encode(),
    "zip_named_csv.csv": b"PK\x03\x04\x14\x00\x00\x00garbage",
    "nul_bytes.csv": b"case,session\x00,measure,value\nc1,1,X,1\n",
    "unnamed_column.csv": b"case,session,measure,value,\nc1,1,PHQ-9,12,note\n",
    "sentinel_text.csv": b"case,session,measure,value\nc1,1,PHQ-9,n/a\nc1,2,PHQ-9,-9\n",
    "utf16.csv": GOOD.replace("c1", "Zo\u00eb").encode("utf-16"),
    "cp1252.csv": GOOD.replace("c1", "Zo\u00eb").encode("cp1252"),
    "unicode_digits.csv": "case,session,measure,value\nc1,1,PHQ-9,\uff15\nc1,2,PHQ-9,\u0663\n"
                          .encode(),
    "mixed_timezones.csv": b"case,session,date,measure,value\n"
                           b"c1,1,2024-01-08T10:00+01:00,PHQ-9,12\n"
                           b"c1,2,2024-01-15T10:00+05:00,PHQ-9,10\n",
    "wide_total_mismatch.csv": ("session," + ",".join(f"PHQ9_{k}" for k in range(1, 10))
                                + ",PHQ9_total\n1,1,1,1,1,1,1,1,1,1,9\n"
                                  "2,1,1,1,1,1,1,1,1,1,10\n").encode(),
}


def _book(path, rows, formulas=()):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sessions"
    for r in rows:
        ws.append(r)
    for cell, f in formulas:
        ws[cell] = f   # openpyxl saves formulas without a computed value
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
    wb.save(path)
    return path


def _invalid_xml(path, rows):
    """A valid zip whose worksheet XML is cut in the middle (a damaged save)."""
    import zipfile

    _book(path, rows)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0)), data)


def _excel():
    rows = [["case", "session", "date", "measure", "value"],
            ["c1", 1, dt.datetime(2024, 1, 8), "PHQ-9", 12],
            ["c1", 2, dt.datetime(2024, 1, 15), "PHQ-9", 10],
            ["c1", 3, dt.datetime(2024, 1, 22), "PHQ-9", 9]]
    _book(HERE / "formula_without_value.xlsx", rows, [("E4", "=E2-3")])
    good = _book(HERE / "damaged.xlsx", rows)
    data = good.read_bytes()
    (HERE / "damaged.xlsx").write_bytes(data[: len(data) // 2])
    (HERE / "not_a_zip.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    (HERE / "encrypted_or_xls.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                                 + b"\x00" * 504)
    _invalid_xml(good.with_name("invalid_xml.xlsx"), rows)
    late = [list(r) for r in rows]
    late[2][2] = 2958465   # a serial number in a date column: 9999-12-31, beyond 2262
    _book(HERE / "serial_beyond_2262.xlsx", late)
    title = [["PHQ-9, weekly"], [], *rows]
    _book(HERE / "title_rows.xlsx", title)


def _spss():
    import pandas as pd
    import pyreadstat

    df = pd.DataFrame({"case": ["c1", "c1"], "session": [1.0, 2.0], "measure": "PHQ-9",
                       "value": [12.0, 10.0]})
    path = HERE / "damaged.sav"
    pyreadstat.write_sav(df, str(path))
    data = path.read_bytes()
    path.write_bytes(data[:200])
    (HERE / "not_spss.sav").write_bytes(b"$FL2" + b"\x00" * 60)


def main() -> None:
    for name, data in TEXT.items():
        (HERE / name).write_bytes(data)
    _excel()
    _spss()


if __name__ == "__main__":
    main()

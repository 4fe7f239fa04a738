"""Seeded fuzzing of the readers: no malformed export escapes as anything but a CaseDataError.

Good exports (a long CSV, a wide CSV with a spec, a REDCap export, a wide Excel workbook, an
SPSS file) are mutated a few hundred times with a fixed seed: rows and columns deleted,
duplicated and swapped; cells replaced by text, NaN, inf, huge numbers, digits of other
scripts, dates out of range or with mixed time zones, quotes, BOMs and NUL bytes; blank lines;
other separators and encodings; truncated and corrupted files; empty, duplicate and spaced
headers; short and long rows. Every read must either succeed or raise
:class:`casekit.CaseDataError` (a :class:`casekit.CaseFileError` for a file that cannot be
opened is one). The cases are derandomised (``random.Random(seed)``), so a failure is
reproducible from its id.
"""

from __future__ import annotations

import datetime as dt
import random
import warnings

import pandas as pd
import pytest

import casekit
from casekit import CaseDataError

SEED = 20240601

LONG = "case,session,date,measure,item,scale,value,extra\n" + "".join(
    f"c1,{s},2024-01-{s:02d},PHQ-9,{i},,{(s + i) % 4},{s}\n" for s in range(1, 8)
    for i in range(1, 10)) + "".join(
    f"c{1 + s % 2},{s},2024-01-{s:02d},SRS,,total,{30 + s}.5,7\n" for s in range(1, 8))
WIDE = ",".join(["case", "session", "date"] + [f"PHQ9_{k}" for k in range(1, 10)]
                + ["PHQ9_total", "SRS"]) + "\n" + "".join(
    ",".join(["c1", str(s), f"2024-01-{s:02d}"] + [str((s + k) % 4) for k in range(1, 10)]
             + [str(sum((s + k) % 4 for k in range(1, 10))), f"{30 + s}.5"]) + "\n"
    for s in range(1, 8))
SPEC = {"PHQ-9": {"items": r"PHQ9_(?P<item>\d)", "total": "PHQ9_total"}, "SRS": "SRS"}
REDCAP = ("record_id,redcap_repeat_instrument,redcap_repeat_instance,age,phq9_1,phq9_2,"
          "phq9_complete\n1,,,30,,,\n1,phq9,1,,1,2,2\n1,phq9,2,,2,3,2\n2,,,40,,,\n"
          "2,phq9,1,,0,0,1\n")
CELLS = ["abc", "NaN", "nan", "inf", "-inf", "1e30", "1e400", "-1e30", "\uff15", "\u0663", "",
         " ", '"', '""', "1,5", "N/A", "#DIV/0!", "2024-13-45", "1500-01-03", "2300-01-01",
         "45292", "0", "-0", "True", "2024-01-05T10:00+01:00", "2024-01-05T10:00+05:00",
         "\ufeff", "9999999999999999999999", "-9", ".", "1.5", "x" * 300, "=1+1",
         "\u2212\uff11"]
TEXT_KINDS = ["delrow", "duprow", "swaprow", "delcol", "dupcol", "swapcol", "cell", "cell",
              "bom", "bommid", "blank", "quote", "sep", "enc", "trunc", "emptyhdr", "duphdr",
              "spacehdr", "trailing", "extrafield", "shortrow", "nul", "garbage", "cr",
              "onlyheader", "empty", "tz"]


def _rows(text):
    return [ln.split(",") for ln in text.strip("\n").split("\n")]


def _join(rows, sep=","):
    return "\n".join(sep.join(r) for r in rows) + "\n"


def _mutate_rows(rng, rows, kind):
    if kind == "delrow" and len(rows) > 1:
        del rows[rng.randrange(len(rows))]
    elif kind == "duprow":
        i = rng.randrange(len(rows))
        rows.insert(i, list(rows[i]))
    elif kind == "swaprow":
        i, j = rng.randrange(len(rows)), rng.randrange(len(rows))
        rows[i], rows[j] = rows[j], rows[i]
    elif kind in ("delcol", "dupcol", "swapcol"):
        w = min(len(r) for r in rows)
        j, k = rng.randrange(w), rng.randrange(w)
        for r in rows:
            if kind == "delcol":
                del r[j]
            elif kind == "dupcol":
                r.insert(j, r[j])
            else:
                r[j], r[k] = r[k], r[j]
    elif kind == "cell":
        i = rng.randrange(len(rows))
        rows[i][rng.randrange(len(rows[i]))] = rng.choice(CELLS)
    elif kind == "emptyhdr":
        rows[0][rng.randrange(len(rows[0]))] = ""
    elif kind == "duphdr":
        rows[0][rng.randrange(len(rows[0]))] = rng.choice(rows[0])
    elif kind == "spacehdr":
        rows[0].append(f" {rng.choice(rows[0])} ")
        for r in rows[1:]:
            r.append("1")
    elif kind == "extrafield":
        rows[rng.randrange(len(rows))].append("x")
    elif kind == "shortrow":
        r = rows[rng.randrange(len(rows))]
        del r[rng.randrange(len(r)):]
    elif kind == "trailing":
        rows = [r + [""] for r in rows]
    elif kind == "tz":
        for r in rows[1:]:
            for j, c in enumerate(r):
                if c.startswith("2024-01-"):
                    r[j] = c + rng.choice(["T10:00+01:00", "T10:00Z", "T10:00+09:00"])
    return rows


def _mutate_bytes(rng, data, text, kind):
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "bommid":
        return data[:20] + b"\xef\xbb\xbf" + data[20:]
    if kind == "blank":
        i = data.find(b"\n", rng.randrange(len(data)))
        return data[:i + 1] + b"\n\n" + data[i + 1:] if i >= 0 else data + b"\n\n"
    if kind == "quote":
        i = rng.randrange(len(data))
        return data[:i] + b'"' + data[i:]
    if kind == "enc":
        enc = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-32"])
        return text.encode(enc, "replace")
    if kind == "trunc":
        return data[:rng.randrange(len(data))]
    if kind == "nul":
        i = rng.randrange(len(data))
        return data[:i] + b"\x00" + data[i:]
    if kind == "garbage":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
    if kind == "cr":
        return data.replace(b"\n", rng.choice([b"\r\n", b"\r"]))
    if kind == "onlyheader":
        return data.split(b"\n")[0] + b"\n"
    if kind == "empty":
        return rng.choice([b"", b"\n \n\n"])
    return data


def _text_file(rng, tmp_path, base):
    kind = rng.choice(TEXT_KINDS)
    rows = _mutate_rows(rng, _rows(base), kind)
    sep = rng.choice([";", "\t", "|"]) if kind == "sep" else ","
    text = _join(rows, sep)
    data = _mutate_bytes(rng, text.encode("utf-8"), text, kind)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    return path, kind


def _excel_file(rng, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = _rows(WIDE)
    for r in rows:
        ws.append([int(c) if c.isdigit() else c for c in r])
    value = rng.choice([True, False, dt.datetime(1900, 1, 1), dt.datetime(2300, 1, 1),
                        dt.time(10, 0), "=A1*2", "#N/A", 1e30, -1e30, 45292, "abc", None,
                        2958466, dt.date(2024, 1, 1), ""])
    ws.cell(rng.randrange(2, len(rows) + 1), rng.randrange(1, len(rows[0]) + 1), value)
    if rng.random() < 0.2:
        ws.insert_rows(1)
    if rng.random() < 0.1:
        ws.cell(1, 3, ws.cell(1, 4).value)
    path = tmp_path / "f.xlsx"
    wb.save(path)
    kind = rng.choice(["cell", "cell", "trunc", "flip"])
    _corrupt(rng, path, kind)
    return path, kind


def _spss_file(rng, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.read_csv(__import__("io").StringIO(WIDE)).assign(case=1.0)
    path = tmp_path / "f.sav"
    pyreadstat.write_sav(df, str(path), missing_ranges={"PHQ9_1": [3]})
    kind = rng.choice(["trunc", "flip"])
    _corrupt(rng, path, kind)
    return path, kind


def _corrupt(rng, path, kind):
    data = path.read_bytes()
    if kind == "trunc":
        path.write_bytes(data[:rng.randrange(len(data))])
    elif kind == "flip":
        b = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        path.write_bytes(bytes(b))


SOURCES = {"long": 100, "wide": 60, "redcap": 40, "excel": 60, "spss": 40}


@pytest.mark.parametrize("source", list(SOURCES))
def test_mutated_exports_raise_only_case_data_errors(source, tmp_path):
    rng = random.Random(f"{SEED}-{source}")
    escaped, read = [], 0
    for n in range(SOURCES[source]):
        kw = {"validate": rng.random() < 0.7}
        if source in ("long", "wide", "redcap"):
            path, kind = _text_file(rng, tmp_path, {"long": LONG, "wide": WIDE,
                                                    "redcap": REDCAP}[source])
        elif source == "excel":
            path, kind = _excel_file(rng, tmp_path)
        else:
            path, kind = _spss_file(rng, tmp_path)
        if source in ("wide", "excel", "spss"):
            kw["measures"] = SPEC
        if source == "redcap":
            kw.update(format="redcap", measures={"PHQ-9": r"phq9_(?P<item>\d)"})
        if source == "long" and rng.random() < 0.3:
            kw["case"] = "c1"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", casekit.CaseDataWarning)
                casekit.read_sessions(path, **kw)
            read += 1
        except CaseDataError:
            pass
        except casekit.ArgumentError as exc:
            if "case=" not in str(exc):  # a case the mutated file no longer holds
                escaped.append((n, kind, exc))
        except Exception as exc:  # noqa: BLE001 - the point of the test
            escaped.append((n, kind, exc))
    assert not escaped, f"{len(escaped)} mutations escaped: " + "; ".join(
        f"#{n} {kind}: {type(e).__name__}: {e}" for n, kind, e in escaped[:5])
    if source in ("long", "wide", "excel"):
        assert read > 0   # some mutations leave a readable file: the test is not vacuous

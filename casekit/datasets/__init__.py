"""Bundled example datasets: simulated teaching cases and public example data.

The CSV files live in the repository's ``data/`` folder, indexed by ``data/datasets.csv``
(columns ``name, file, case, table, description, simulated, source, licence``). An installed
wheel carries the same folder inside the package as ``casekit/_data`` (``force-include`` in
``pyproject.toml``); in a checkout or an editable install casekit falls back to the
repository's ``data/`` folder. Notebooks should load data through this module, never through
relative paths such as ``"../data/x.csv"``.

>>> import casekit
>>> table = casekit.datasets.list()          # doctest: +SKIP
>>> ratings = casekit.datasets.load("...")   # doctest: +SKIP
>>> case = casekit.datasets.load_case("SIM-NPD-01")   # doctest: +SKIP
>>> case.ratings, case.events, case.phases, case.card  # doctest: +SKIP

Every dataset is either simulated (``simulated = true``; notebooks print a simulation notice)
or public with its source and licence. No patient data are bundled.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..io import read_events, read_phases, read_sessions
from ..validation import validate as validate_tables

if TYPE_CHECKING:
    from ..validation import ValidationReport

__all__ = ["list", "load", "load_case", "CaseData", "data_dir", "INDEX_COLUMNS",
           "SIMULATION_NOTICE", "SOURCE_COLUMNS", "sha256_of"]

INDEX_FILE = "datasets.csv"
INDEX_COLUMNS = ("name", "file", "case", "table", "description", "simulated", "source",
                 "licence")
#: notice printed by notebooks and figure captions for simulated cases (case-narrative.md §2)
SIMULATION_NOTICE = ("SIMULATION: invented data; no patient data. {source}")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
#: tables read with the casekit readers (typed and validated); others with pandas.read_csv
_TIDY_TABLES = ("ratings", "events", "phases")
_TEXT_SUFFIXES = (".md", ".txt")
#: columns of ``CaseData.sources`` (provenance of the input tables)
SOURCE_COLUMNS = ("table", "file", "sha256", "kind")


def _package_data() -> Path | None:
    try:
        return Path(str(resources.files("casekit").joinpath("_data")))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual loaders
        return None


def _repository_data() -> Path:
    return Path(__file__).resolve().parents[2] / "data"


def data_dir(candidates: Iterable[str | os.PathLike[str]] | None = None) -> Path:
    """The folder holding ``datasets.csv``.

    Parameters
    ----------
    candidates : list of path, optional
        Folders to try, in order. Default: the packaged copy ``casekit/_data`` (installed
        wheel), then the repository's ``data/`` folder (checkout or editable install).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        Naming every folder tried.
    """
    if candidates is None:
        candidates = [p for p in (_package_data(), _repository_data()) if p is not None]
    tried = []
    for folder in candidates:
        folder = Path(folder)
        tried.append(str(folder))
        if (folder / INDEX_FILE).is_file():
            return folder
    raise FileNotFoundError(f"casekit's bundled data were not found (looked for {INDEX_FILE} "
                            f"in {', '.join(tried)}); reinstall casekit or run from a checkout")


def _read_index(folder: Path) -> pd.DataFrame:
    index = pd.read_csv(folder / INDEX_FILE, dtype=str, keep_default_na=False)
    missing = [c for c in INDEX_COLUMNS if c not in index.columns]
    if missing:
        raise ValueError(f"{folder / INDEX_FILE} lacks the columns {', '.join(missing)}")
    flags = index["simulated"].str.strip().str.lower()
    bad = ~flags.isin(_TRUE | _FALSE)
    if bad.any():
        rows = index.loc[bad, "name"].tolist()
        raise ValueError(f"{INDEX_FILE}: 'simulated' must be true or false; check rows "
                         f"{rows}")
    index["simulated"] = flags.isin(_TRUE).astype(bool)
    dup = index["name"].duplicated(keep=False)
    if dup.any():
        raise ValueError(f"{INDEX_FILE}: duplicate dataset names "
                         f"{sorted(set(index.loc[dup, 'name']))}")
    return index


def list(folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:  # noqa: A001 - the documented public name
    """Table of the bundled datasets.

    Parameters
    ----------
    folder : path, optional
        Data folder (default: :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``name, file, case, table, description, simulated`` (bool), ``source, licence``.
    """
    return _read_index(Path(folder) if folder is not None else data_dir())


def _entry(index: pd.DataFrame, name: str) -> pd.Series:
    hit = index[index["name"] == name]
    if hit.empty:
        valid = ", ".join(repr(n) for n in index["name"])
        raise ValueError(f"unknown dataset {name!r}; available datasets: {valid or 'none'}")
    return hit.iloc[0]


def _load_entry(entry: pd.Series, folder: Path) -> pd.DataFrame | str:
    path: Path = folder / entry["file"]
    if not path.is_file():
        raise FileNotFoundError(f"dataset {entry['name']!r}: file {str(path)!r} is missing")
    table = entry["table"]
    if path.suffix.lower() in _TEXT_SUFFIXES or table == "card":
        return path.read_text(encoding="utf-8")
    if table == "ratings":
        out = read_sessions(path)
    elif table == "events":
        out = read_events(path)
    elif table == "phases":
        out = read_phases(path)
    else:
        out = pd.read_csv(path)
    meta = {k: (bool(entry[k]) if k == "simulated" else str(entry[k]))
            for k in ("name", "case", "table", "simulated", "source", "licence")}
    out.attrs["casekit"] = {**out.attrs.get("casekit", {}), "dataset": meta}
    return out


def load(name: str, folder: str | os.PathLike[str] | None = None) -> pd.DataFrame | str:
    """Load one bundled dataset by name.

    Parameters
    ----------
    name : str
        A ``name`` of :func:`list`.
    folder : path, optional
        Data folder (default: :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame or str
        Ratings, events and phases tables are read with :func:`casekit.read_sessions`,
        :func:`casekit.read_events` and :func:`casekit.read_phases` (typed and validated); other
        tables with :func:`pandas.read_csv`; data cards (``.md``/``.txt``) as text.
        ``df.attrs["casekit"]["dataset"]`` holds the index entry (simulated, source, licence).

    Raises
    ------
    ValueError
        For an unknown name (the message lists the available ones).
    """
    folder = Path(folder) if folder is not None else data_dir()
    index = _read_index(folder)
    return _load_entry(_entry(index, name), folder)


class CaseData:
    """All tables of one case, with attribute access and provenance.

    Returned by :func:`load_case` (a bundled case) and :func:`casekit.read_case` (an
    author's own files); both give the same kind of object, so that
    :func:`casekit.analyze_case` treats them alike.

    Parameters
    ----------
    case : str
        The case id.
    tables : dict of str -> pandas.DataFrame
        The tables by name (``ratings``, ``events``, ``phases``, ...).
    card : str, optional
        Data-card text.
    index_rows : pandas.DataFrame, optional
        The rows of ``datasets.csv`` for a bundled case (none for files read by
        :func:`casekit.read_case`).
    validation : casekit.ValidationReport, optional
        The report of validating ratings, events and phases together, when done.
    sources : pandas.DataFrame or list of dict, optional
        One row per input table: ``table``, ``file`` (the file name without its folders, or
        ``None`` for a DataFrame), ``sha256`` (of the file's bytes; of the table's CSV text
        for a DataFrame) and ``kind`` (``"file"`` or ``"dataframe"``).
    simulated : bool, optional
        Overrides the index's ``simulated`` flag (files read by :func:`casekit.read_case`:
        taken from tables that :func:`load` marked as simulated, else ``False``).

    Attributes
    ----------
    case : str
        The case id.
    tables : dict of str -> pandas.DataFrame
        Every table of the case by its ``table`` name (``ratings``, ``events``, ``phases``,
        and any other, e.g. ``sessions`` or ``scores``); also available as attributes
        (``bundle.ratings``). A table the case does not have is ``None`` for the three tidy
        tables and an ``AttributeError`` otherwise.
    card : str or None
        The data-card text, if the case has one.
    simulated : bool
        True when any table of the case is simulated.
    source, licence : str
        Provenance (from the index; distinct values joined by "; "; for files read by
        :func:`casekit.read_case` the file names and an empty licence).
    notice : str or None
        The simulation notice to print at the top of a notebook (``None`` for public data).
    entries : pandas.DataFrame
        The rows of ``datasets.csv`` for this case (empty for files read by
        :func:`casekit.read_case`).
    validation : casekit.ValidationReport or None
        The validation report of ratings, events and phases checked together (``None``
        when they were not validated).
    validated : bool
        True when the tables were validated together without problems.
    warnings : pandas.DataFrame
        The warnings found while reading and validating (``validation.warnings``; empty
        when none or not validated).
    sources : pandas.DataFrame
        ``table, file, sha256, kind``: one row per input table, for provenance. File names
        carry no folders.
    files : dict of str -> str or None
        Table name -> file name (without folders).
    checksums : dict of str -> str
        Table name -> SHA-256 hex digest of the input.
    """

    def __init__(self, case: str, tables: Mapping[str, pd.DataFrame], card: str | None = None,
                 index_rows: pd.DataFrame | None = None, *,
                 validation: ValidationReport | None = None,
                 sources: pd.DataFrame | Sequence[Mapping[Any, Any]] | None = None,
                 simulated: bool | None = None) -> None:
        self.case = case
        self.tables = dict(tables)
        self.card = card
        if index_rows is None:
            index_rows = pd.DataFrame(columns=[*INDEX_COLUMNS])
        self.entries = index_rows.reset_index(drop=True)
        self.simulated = bool(index_rows["simulated"].any()) if simulated is None \
            else bool(simulated)
        self.source = "; ".join(dict.fromkeys(index_rows["source"]))
        self.licence = "; ".join(dict.fromkeys(index_rows["licence"]))
        self.validation = validation
        self.sources = pd.DataFrame(sources if sources is not None else [],
                                    columns=[*SOURCE_COLUMNS])
        if not self.source and len(self.sources):
            self.source = "; ".join(f for f in self.sources["file"].dropna())

    @property
    def notice(self) -> str | None:
        return SIMULATION_NOTICE.format(source=self.source) if self.simulated else None

    @property
    def validated(self) -> bool:
        return self.validation is not None and bool(self.validation.ok)

    @property
    def warnings(self) -> pd.DataFrame:
        if self.validation is None:
            return pd.DataFrame(columns=["row", "column", "value", "problem", "warning"])
        return self.validation.warnings

    @property
    def files(self) -> dict[str, str | None]:
        return dict(zip(self.sources["table"], self.sources["file"], strict=True))

    @property
    def checksums(self) -> dict[str, str]:
        return dict(zip(self.sources["table"], self.sources["sha256"], strict=True))

    def __getattr__(self, name: str) -> Any:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        if name in _TIDY_TABLES:
            return None
        raise AttributeError(f"case {self.__dict__.get('case')!r} has no table {name!r}; "
                             f"tables: {', '.join(tables)}")

    def __getitem__(self, name: str) -> Any:
        return self.tables[name]

    def __dir__(self) -> Iterable[str]:
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        lines = [f"CaseData {self.case!r}"
                 + (" (SIMULATED)" if self.simulated else "")]
        for name, t in self.tables.items():
            lines.append(f"  {name}: {t.shape[0]} rows x {t.shape[1]} columns")
        if self.card is not None:
            lines.append(f"  card: {len(self.card.splitlines())} lines")
        if self.validation is not None:
            lines.append(f"  validation: {self.validation.n_problems} problems, "
                         f"{self.validation.n_warnings} warnings")
        lines.append(f"  source: {self.source}")
        if self.licence:
            lines.append(f"  licence: {self.licence}")
        return "\n".join(lines)


def sha256_of(path: str | os.PathLike[str]) -> str:
    """SHA-256 hex digest of a file's bytes (read in blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _find_card(folder: Path, case_id: str) -> str | None:
    """The data card of a case that the index does not list (see :func:`load_case`)."""
    slug = re.sub(r"[^a-z0-9]+", "_", case_id.lower()).strip("_")
    for name in (f"{slug}_card.md", f"{slug}.md", f"{case_id}.md"):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    readme = folder / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if case_id in text:
            return text
    return None


def load_case(case_id: str, folder: str | os.PathLike[str] | None = None, *,
              validate: bool = True) -> CaseData:
    """Load every bundled table of one case in one call.

    Parameters
    ----------
    case_id : str
        A ``case`` of :func:`list` (e.g. ``"SIM-NPD-01"``).
    folder : path, optional
        Data folder (default: :func:`data_dir`).
    validate : bool, default True
        Validate ratings, events and phases together (:func:`casekit.validate`: events on
        rated sessions, phases covering every session).

    Returns
    -------
    CaseData
        ``.ratings``, ``.events``, ``.phases`` (``None`` when absent), any other table by name,
        ``.card`` (data-card text or ``None``), ``.simulated``, ``.source``, ``.licence``,
        ``.notice``, ``.validation`` (the report, with ``validate=True``) and ``.sources``
        (file names and SHA-256 checksums, for provenance). The card is the index row with ``table = card`` (or a ``.md`` file), else
        the first of ``<slug>_card.md``, ``<slug>.md``, ``<case_id>.md`` in the data folder
        (slug: the id in lower case with ``_`` for other characters: ``sim_npd_01``), else the
        folder's ``README.md`` when it names the case.

    Raises
    ------
    ValueError
        For an unknown case id (the message lists the bundled cases) or a case with two
        tables of the same name.
    casekit.CaseDataError
        When the tables do not agree with each other (``validate=True``).
    """
    folder = Path(folder) if folder is not None else data_dir()
    index = _read_index(folder)
    rows = index[index["case"] == case_id]
    if rows.empty:
        cases = sorted(c for c in set(index["case"]) if c)
        raise ValueError(f"unknown case {case_id!r}; bundled cases: "
                         f"{', '.join(map(repr, cases)) or 'none'}")
    dup = rows["table"].duplicated(keep=False)
    if dup.any():
        raise ValueError(f"case {case_id!r} has several datasets for the tables "
                         f"{sorted(set(rows.loc[dup, 'table']))} ({INDEX_FILE})")
    tables, card, sources = {}, None, []
    for _, entry in rows.iterrows():
        obj = _load_entry(entry, folder)
        if isinstance(obj, str):
            card = obj
        else:
            tables[entry["table"]] = obj
            path = folder / entry["file"]
            sources.append({"table": entry["table"], "file": path.name,
                            "sha256": sha256_of(path), "kind": "file"})
    if card is None:
        card = _find_card(folder, case_id)
    report = None
    if validate and "ratings" in tables:
        report = validate_tables(tables["ratings"], events=tables.get("events"),
                                 phases=tables.get("phases"))
    return CaseData(case_id, tables, card, rows, validation=report, sources=sources)

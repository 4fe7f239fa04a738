"""A safe output folder for ``casekit report``: a manifest, refusals, and an atomic swap.

``casekit report DATA -o DIR --force`` replaces DIR. It must never delete anything but what an
earlier ``casekit report`` wrote (issue 13, item 3), so:

* every report folder holds :data:`MANIFEST` (``.casekit-manifest.json``): each file written,
  with its SHA-256 checksum;
* an existing non-empty DIR is replaced only with ``--force`` and only when every file in it is
  listed in its manifest with an unchanged checksum (a file added or edited since is the
  user's: refused, naming it);
* some folders are refused whatever the options: a symbolic link, ``/``, the home folder, the
  current folder or a folder above it, and a folder holding an input file (the data's own
  folder);
* the new report is built in a hidden sibling folder (``.casekit-report-*``, same file system)
  and moved into place by ``rename``; the old report is moved aside first and removed only
  after the new one is in place. A failure or an interrupt removes the temporary folder and
  leaves DIR as it was.

Every refusal is an :class:`OutputError` whose message names the folder and what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["MANIFEST", "OutputError", "check_outdir", "staging", "write_manifest",
           "read_manifest", "TEMP_PREFIX"]

#: Name of the manifest every report folder holds.
MANIFEST = ".casekit-manifest.json"
#: Prefix of the temporary sibling folders (removed on failure and on interrupt).
TEMP_PREFIX = ".casekit-report-"
_OLD_PREFIX = ".casekit-old-"
_WRITER = "casekit report"


class OutputError(Exception):
    """The output folder cannot be used (the message says why and what to do)."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_manifest(folder: Path, version: str) -> Path:
    """List every file under ``folder`` (but the manifest) with its SHA-256 in the manifest."""
    folder = Path(folder)
    files = {p.relative_to(folder).as_posix(): _sha256(p)
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}
    path = folder / MANIFEST
    path.write_text(json.dumps({"written_by": _WRITER, "casekit_version": version,
                                "files": files}, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8", newline="\n")
    return path


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder`` (``None`` when absent or not one casekit wrote)."""
    path = Path(folder) / MANIFEST
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("written_by") != _WRITER \
            or not isinstance(data.get("files"), dict):
        return None
    return data


def _inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or lies under it."""
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def _foreign(folder: Path, listed: dict[str, str]) -> list[str]:
    """Entries of ``folder`` that its manifest does not account for (relative paths)."""
    out: list[str] = []
    folders = {parent.as_posix() for rel in listed for parent in Path(rel).parents}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out.append(f"{rel} (a symbolic link)")
        elif p.is_dir():
            if rel not in folders:
                out.append(f"{rel}/ (a folder the earlier report did not make)")
        elif p.name == MANIFEST and p.parent == folder:
            continue
        elif rel not in listed:
            out.append(rel)
        elif _sha256(p) != listed[rel]:
            out.append(f"{rel} (changed since casekit wrote it)")
    return out


def check_outdir(output: str | os.PathLike[str], *,
                 inputs: Iterable[str | os.PathLike[str] | None] = (),
                 force: bool = False) -> Path:
    """Check that ``output`` may receive a report; return it as an absolute path.

    Parameters
    ----------
    output : str or path-like
        The folder asked for (``-o``).
    inputs : iterable of path-like
        The input files (ratings, events, phases, spec): a folder holding one is refused.
    force : bool
        Replace an existing report folder (``--force``).

    Raises
    ------
    OutputError
        With a message naming the folder, why it is refused and what to do.
    """
    given = Path(os.fspath(output)).expanduser()
    shown = os.fspath(output)
    if given.is_symlink():
        raise OutputError(f"{shown} is a symbolic link; casekit writes a report only into a "
                          "real folder (give the folder the link points to, or another name)")
    target = Path(os.path.abspath(given))
    # a real path for the checks below; the target itself does not have to exist yet
    real = target.parent.resolve() / target.name
    home = Path.home().resolve()
    cwd = Path.cwd().resolve()
    if real == Path(real.anchor):
        raise OutputError(f"{shown} is the root folder; choose a new folder for the report")
    if real == home:
        raise OutputError(f"{shown} is your home folder; choose a new folder for the report")
    if _inside(cwd, real):
        what = "the current folder" if cwd == real else "a folder above the current folder"
        raise OutputError(f"{shown} is {what}; choose a new folder for the report, e.g. "
                          "-o report")
    if _inside(home, real):
        raise OutputError(f"{shown} holds your home folder; choose a new folder for the report")
    for inp in inputs:
        if inp is None:
            continue
        where = Path(os.path.abspath(Path(os.fspath(inp)).expanduser())).resolve()
        if _inside(where, real):
            raise OutputError(f"{shown} holds the input file {where.name}; casekit does not "
                              "write a report where its data are (choose e.g. -o report)")
    parent = real.parent
    for up in [parent, *parent.parents]:
        if up.exists() and not up.is_dir():
            raise OutputError(f"{shown} lies under {up.name}, which is a file, not a folder")
    if real.exists() and not real.is_dir():
        raise OutputError(f"{shown} is a file, not a folder; choose a folder name for the "
                          "report")
    existing = next((p for p in [parent, *parent.parents] if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {existing}: permission denied (read-only "
                          "folder); choose a folder you can write to")
    if real.is_dir() and any(real.iterdir()):
        manifest = read_manifest(real)
        if not force:
            if manifest is None:
                raise OutputError(f"{shown} exists and holds files casekit did not write; "
                                  "choose a new folder for the report")
            raise OutputError(f"{shown} holds an earlier report; pass --force to replace it")
        if manifest is None:
            raise OutputError(f"{shown} exists and holds files casekit did not write (it has "
                              f"no {MANIFEST}); --force replaces only an earlier casekit "
                              "report: choose a new folder")
        foreign = _foreign(real, manifest["files"])
        if foreign:
            listing = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more"
                                                if len(foreign) > 5 else "")
            raise OutputError(f"{shown} holds files the earlier report did not write: "
                              f"{listing}; move them elsewhere, or choose a new folder")
        if not os.access(real, os.W_OK | os.X_OK):
            raise OutputError(f"cannot replace {shown}: permission denied")
    return real


@contextmanager
def staging(outdir: Path) -> Iterator[Path]:
    """Yield a temporary sibling folder of ``outdir``; on success move it into place.

    The caller fills the folder (and its manifest). On leaving the block without an error,
    an existing ``outdir`` (checked by :func:`check_outdir`) is renamed aside, the new folder
    renamed to ``outdir``, and the old one removed. On any exception, ``KeyboardInterrupt``
    and ``SystemExit`` included, the temporary folder is removed and ``outdir`` is untouched.
    """
    outdir = Path(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=outdir.parent))
    try:
        yield tmp
        _swap(tmp, outdir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(new: Path, outdir: Path) -> None:
    os.chmod(new, 0o777 & ~_umask())  # mkdtemp makes 0700; a report folder is ordinary
    if not outdir.exists():
        os.rename(new, outdir)
        return
    if not any(outdir.iterdir()):
        os.rmdir(outdir)
        os.rename(new, outdir)
        return
    old = Path(tempfile.mkdtemp(prefix=_OLD_PREFIX, dir=outdir.parent))
    os.rmdir(old)
    os.rename(outdir, old)
    try:
        os.rename(new, outdir)
    except BaseException:
        os.rename(old, outdir)  # put the earlier report back
        raise
    # only what check_outdir found listed in the old manifest is in `old`
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

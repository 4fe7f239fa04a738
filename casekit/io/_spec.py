"""Reading options bundled in one mapping (a TOML/JSON spec file of the command line)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..exceptions import ArgumentError

__all__ = ["SPEC_KEYS", "spec_options", "merge_spec", "load_spec"]

#: keys of a reading spec, each the read_sessions argument of the same name
SPEC_KEYS = ("measures", "pattern", "columns", "case", "layout", "sentinels", "na_values",
             "decimal", "date_format", "event_map", "event_pattern", "empty_blocks",
             "header_row", "skip_rows", "sheet", "sep", "encoding", "format")


def load_spec(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A spec file (.toml, .json, or .yaml with PyYAML) as a mapping, the same file the
    command line's ``--spec`` reads."""
    p = Path(path)
    if not p.is_file():
        raise ArgumentError(f"spec file {str(path)!r} not found", "spec")
    suffix = p.suffix.lower()
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ArgumentError(f"spec file {p.name!r} is not UTF-8 text", "spec") from None
    try:
        if suffix == ".json":
            spec = json.loads(text)
        elif suffix == ".toml":
            import tomllib  # lazy: only for spec files
            spec = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            import yaml  # lazy, optional (PyYAML)
            spec = yaml.safe_load(text)
        else:
            raise ArgumentError(f"a spec file must be .toml, .json or .yaml; got {p.name!r}",
                                "spec")
    except ArgumentError:
        raise
    except ImportError:
        raise ArgumentError("reading a .yaml spec needs PyYAML (pip install pyyaml); or "
                            "write the spec as .toml", "spec") from None
    except Exception as exc:  # tomllib.TOMLDecodeError, json.JSONDecodeError, yaml errors
        raise ArgumentError(f"spec file {p.name!r} is not valid "
                            f"{suffix.lstrip('.').upper()}: {exc}", "spec") from None
    if not isinstance(spec, dict):
        raise ArgumentError(f"spec file {p.name!r} must hold a table of keys "
                            "(docs/data-format.md)", "spec")
    return spec


def spec_options(spec: Mapping[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    """The options of a spec (a mapping, or the path of a spec file); a mapping with none of
    :data:`SPEC_KEYS` is ``measures``."""
    if isinstance(spec, (str, os.PathLike)):
        spec = load_spec(spec)
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a mapping or the path of a spec file; got "
                        f"{type(spec).__name__}")
    if not any(k in spec for k in SPEC_KEYS):
        return {"measures": dict(spec)}
    unknown = sorted(set(spec) - set(SPEC_KEYS))
    if unknown:
        raise ArgumentError(f"unknown spec keys {', '.join(map(repr, unknown))}; valid keys: "
                            f"{', '.join(SPEC_KEYS)}", "spec")
    return dict(spec)


def merge_spec(spec: Mapping[str, Any] | str | os.PathLike[str], given: dict[str, Any],
               defaults: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` (the call's arguments) completed by ``spec``; an option set in both raises.

    An argument counts as given when it differs from its default in ``defaults``.
    """
    opts = spec_options(spec)
    clash = [k for k in opts if k in given and given[k] is not defaults.get(k)
             and given[k] != defaults.get(k)]
    if clash:
        raise ArgumentError(f"{', '.join(clash)} given both in spec and as arguments",
                            ", ".join(clash))
    return {**given, **opts}

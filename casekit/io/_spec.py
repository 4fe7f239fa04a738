"""Reading options bundled in one mapping (a TOML/JSON spec file of the command line)."""

from __future__ import annotations

from collections.abc import Mapping

from ..exceptions import ArgumentError

__all__ = ["SPEC_KEYS", "spec_options", "merge_spec"]

#: keys of a reading spec, each the read_sessions argument of the same name
SPEC_KEYS = ("measures", "pattern", "columns", "case", "layout", "sentinels", "na_values",
             "decimal", "date_format", "event_map", "event_pattern", "empty_blocks",
             "header_row", "skip_rows", "sheet", "sep", "encoding", "format")


def spec_options(spec) -> dict:
    """The options of a spec; a mapping with none of :data:`SPEC_KEYS` is ``measures``."""
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a mapping; got {type(spec).__name__}")
    if not any(k in spec for k in SPEC_KEYS):
        return {"measures": dict(spec)}
    unknown = sorted(set(spec) - set(SPEC_KEYS))
    if unknown:
        raise ArgumentError(f"unknown spec keys {', '.join(map(repr, unknown))}; valid keys: "
                            f"{', '.join(SPEC_KEYS)}", "spec")
    return dict(spec)


def merge_spec(spec, given: dict, defaults: dict) -> dict:
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

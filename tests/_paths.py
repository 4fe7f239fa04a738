"""Paths shared by the tests (the project root, wherever a test file sits)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

"""Fixture files as test cases: each entry of each YAML list in a folder is one case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml


def yaml_cases(folder: Path, with_stem: bool = False) -> list:
    """``pytest.param(case)`` per entry, or ``(file stem, case)`` when the stem names what is tested."""
    out = []
    for f in sorted(folder.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8"))):
            values = (f.stem, case) if with_stem else (case,)
            out.append(pytest.param(*values, id=f"{f.stem}-{i}-{case['text'][:24]}"))
    return out

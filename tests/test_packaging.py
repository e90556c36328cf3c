"""What the package ships: every data file the code reads must be in the wheel.

setuptools' ``package-data`` patterns do not descend into folders (``data/*`` leaves out
``data/ui/`` and ``data/messages/``), so an installed verify — the GitHub action's, a
user's ``pip install`` — would miss its interface wording and its message catalogue.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_is_matched_by_package_data():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["verifier"]
    package = ROOT / "verifier"
    missing = []
    for folder in ("data", "examples"):
        for path in (package / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                rel = path.relative_to(package).as_posix()
                # a pattern's "*" matches within one folder only, as setuptools reads it
                if not any(fnmatch.fnmatch(rel, p) and rel.count("/") == p.count("/") for p in patterns):
                    missing.append(rel)
    assert not missing, missing

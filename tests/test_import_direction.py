"""The stages' direction, read from the package's imports: a stage never imports a later one.

Every ``import`` and ``from … import`` in ``verifier/``, at module level or
inside a function, is resolved to the stage it names. A module may import
its own stage, the shared base (models, errors, lexicons, the codes table,
the rounding arithmetic that the check rules and the source tables share),
and earlier stages only. ``normalise`` comes before ``extract`` here because
extraction already gives each figure its unit and printed interval
(``normalise.interval``, ``TIME_UNITS``); the pint conversion stays in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "verifier"

BASE = {"verifier", "__main__", "errors", "models", "codes", "lexicon", "lexmatch", "fold", "words", "aliases", "numfmt", "yamlread", "rounding", "messages", "tempfiles"}
STAGES = ["read", "normalise", "extract", "claims", "sources", "check", "pipeline", "ledger", "ledger_rules",
          "config", "report", "cli"]  # fmt: skip
SAME_STAGE = {"read_html": "read", "read_encoding": "read", "document": "read", "dask_run": "cli", "dask_preload": "cli", "batch": "cli"}  # the HTML reader is part of the read stage (they call each other)
RANK = {**{m: 0 for m in BASE}, **{s: i + 1 for i, s in enumerate(STAGES)}}
RANK["__main__"] = len(STAGES) + 1  # ``python -m verifier`` runs the command line


def stage_of(dotted: str) -> str:
    parts = dotted.split(".")
    stage = parts[1] if len(parts) > 1 else "verifier"
    return SAME_STAGE.get(stage, stage)


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, imported module) for every import of a verifier module in ``path``."""
    me = module_name(path, package)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "verifier"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                pkg = me.split(".")[: -node.level if path.name != "__init__.py" else len(me.split(".")) - node.level + 1]
                base = ".".join(pkg + ([base] if base else []))
            if base.split(".")[0] != "verifier":
                continue
            if base == "verifier":  # from verifier import ledger, codes, __version__
                out += [(node.lineno, f"verifier.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, base))
    return out


def test_every_module_belongs_to_a_known_stage():
    unknown = {stage_of(module_name(p)) for p in PACKAGE.rglob("*.py")} - RANK.keys()
    assert not unknown, f"add {sorted(unknown)} to BASE or STAGES in this test, in pipeline order"


def violations(package: Path = PACKAGE) -> list[str]:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        src = stage_of(module_name(path, package))
        for line, target in imports(path, package):
            dst = stage_of(target)
            if dst in RANK and RANK.get(src, 0) < RANK[dst]:
                wrong.append(f"{path.relative_to(package.parent)}:{line}: {src} imports {target} (a later stage)")
    return wrong


def test_no_stage_imports_a_later_one():
    wrong = violations()
    assert not wrong, "\n".join(wrong)


def test_a_lazy_or_relative_import_against_the_direction_is_caught(tmp_path):
    pkg = tmp_path / "verifier"
    (pkg / "check").mkdir(parents=True)
    (pkg / "config.py").write_text("def f():\n    from verifier.report.view import X\n", encoding="utf-8")
    (pkg / "check" / "__init__.py").write_text("from ..ledger import Entry\nfrom verifier import cli\nfrom verifier import models\n", encoding="utf-8")
    (pkg / "read.py").write_text("import verifier.claims.build\n", encoding="utf-8")
    assert violations(pkg) == [
        "verifier/check/__init__.py:1: check imports verifier.ledger (a later stage)",
        "verifier/check/__init__.py:2: check imports verifier.cli (a later stage)",
        "verifier/config.py:2: config imports verifier.report.view (a later stage)",
        "verifier/read.py:1: read imports verifier.claims.build (a later stage)",
    ]

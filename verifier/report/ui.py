"""The reports' own words (not the rules' messages): ``verifier/data/ui/<lang>.yaml``.

The terminal and the HTML page read their labels here, in the language the
messages are in: ``--lang``, else the article's own (``ArticleReport.language``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

LANGS = ("en", "zh-Hant", "zh-Hans")


@lru_cache(maxsize=None)
def words(lang: str = "en") -> dict:
    import yaml

    from verifier.yamlread import loader  # libyaml: each worker of a batch reads these too

    return yaml.load(resources.files("verifier").joinpath(f"data/ui/{lang}.yaml").read_text(encoding="utf-8"), Loader=loader())


def plural(kind: str, n: int, lang: str = "en") -> str:
    forms = words(lang)["count"][kind]
    return (forms["one"] if n == 1 else forms["other"]).format(n=f"{n:,}")

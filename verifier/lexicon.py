"""Loads the lexicon data files in ``verifier/data`` once per process.

Every stage reads words through here, so wording lives in data files with a
header that documents their columns, never as literals scattered in code.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def data_path(name: str):
    return resources.files("verifier") / "data" / name


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file, skipping ``#`` comments and blanks."""
    out = []
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(tuple(c.strip() for c in line.split("\t")))
    return tuple(out)


@lru_cache(maxsize=None)
def scales() -> dict[str, tuple[float, str]]:
    return {r[0]: (float(r[1]), r[2]) for r in rows("scales.tsv")}


@lru_cache(maxsize=None)
def currencies() -> dict[str, tuple[str, str]]:
    """surface (lower-cased for Latin) → (iso or "?", position)."""
    return {r[0].lower(): (r[1], r[2]) for r in rows("currencies.tsv")}


@lru_cache(maxsize=None)
def hedges() -> dict[tuple[str, str], str]:
    """(surface lower-cased, position) → hedge."""
    return {(r[0].lower(), r[2]): r[1] for r in rows("hedges.tsv")}


@lru_cache(maxsize=None)
def units() -> dict[str, tuple[str, bool]]:
    """surface → (pint unit, case-sensitive). Case-insensitive ones keyed lower-cased."""
    out = {}
    for surface, unit, case in rows("units.tsv"):
        cs = case == "cs"
        out[surface if cs else surface.lower()] = (unit, cs)
    return out


@lru_cache(maxsize=None)
def m_nouns() -> dict[str, str]:
    """word → "million" or "metre": what a glued m before it means."""
    return {r[0]: r[1] for r in rows("m_nouns.tsv")}


@lru_cache(maxsize=None)
@lru_cache(maxsize=1)
def margins() -> dict[str, str]:
    """margin metric → the profit metric it is of (data/margins.tsv)."""
    return {margin: profit for margin, profit in rows("margins.tsv")}


@lru_cache(maxsize=1)
def ratios() -> dict[str, tuple[str, str]]:
    """ratio metric → (numerator, denominator) metrics (data/ratios.tsv)."""
    return {ratio: (num, den) for ratio, num, den in rows("ratios.tsv")}


def words(name: str) -> frozenset[str]:
    """A one-column word list."""
    return frozenset(r[0] for r in rows(name))


_PAIRING_LANGS = ("en", "zh-Hant", "zh-Hans")  # the columns of data/pairing.tsv after ``how``


@lru_cache(maxsize=None)
def pairing_phrases(lang: str = "en") -> dict[str, str]:
    col = 1 + (_PAIRING_LANGS.index(lang) if lang in _PAIRING_LANGS else 0)
    return {r[0]: r[col] for r in rows("pairing.tsv")}


def pairing_text(pairing, lang: str = "en") -> str:
    """``stated together in one sentence; read from context: period Q3 of 18.35億元`` /
    ``同一句中一併寫出；由上下文推定：…`` (the guesses are already in the messages' language)."""
    if pairing is None:
        return ""
    p = pairing_phrases(lang)
    text = p.get(pairing.how, pairing.how)
    if pairing.guessed:
        from verifier import messages as msg

        with msg.language(lang):
            items = msg.join(pairing.guessed, "sep.figures")
        text = p["with_guessed"].format(how=text, guessed=p["guessed"], items=items)
    return text


@lru_cache(maxsize=1)
def partitions() -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    """(whole metric or *, the parts' spellings) from data/partitions.tsv."""
    return tuple((whole, tuple(frozenset(p.split("/")) for p in parts.split("|"))) for whole, parts in rows("partitions.tsv"))


@lru_cache(maxsize=None)
def wording(language: str) -> dict[str, tuple[str, ...]]:
    """role → surfaces of ``data/wording_<language>.tsv`` (the words code reads inside patterns)."""
    out = {}
    for role, surfaces in rows(f"wording_{language}.tsv"):
        if role in out:
            raise ValueError(f"wording_{language}.tsv: role {role!r} is listed twice")
        out[role] = tuple(s for s in surfaces.split("|") if s)
    return out


def alternation(language: str, role: str, space: str = r"\s+") -> str:
    """The role's surfaces as a regular expression alternation, longest first: English escaped
    (the caller sets case and word boundaries; a space in a surface matches ``space``, any run of
    spaces unless the pattern says otherwise: ``[\\s-]`` for one space or a hyphen), Chinese in
    either script (``fold.either_script``)."""
    import re

    from verifier.fold import either_script

    surfaces = sorted(wording(language)[role], key=len, reverse=True)
    if language == "zh":
        return "|".join(either_script(s) for s in surfaces)
    return "|".join(re.escape(s).replace(r"\ ", space) for s in surfaces)


def chars(language: str, role: str) -> str:
    """A ``_chars`` role's characters, escaped for a character class (``[...]``)."""
    import re

    return re.escape("".join(wording(language)[role]))

"""``--format claimreview``: schema.org ClaimReview JSON-LD for the figures an editor decided.

A fact-check desk publishes its verdicts where search engines and other
fact-checkers read them; verify's verdicts alone are a machine's, so only
findings an editor decided in the claims/ ledger are published: ``confirmed``
(the figure is wrong as printed) and ``accepted`` (it is right as printed).
A ``dismissed`` finding says verify was wrong, nothing about the claim, and
is left out. The rating comes from the decision and verify's verdict on the
scale in ``verifier/data/claimreview_ratings.tsv``; the ledger's reason is the
review body; the claim reviewed is the sentence (or sentences) that printed
the figures.

The article's address, which the review is about, comes from its own
metadata first (Markdown front matter ``url:``, an HTML page's canonical
link or ``og:url``), else the ``url`` setting, a template with ``{stem}``
and ``{path}``. An article with decided findings and no address is a usage
error: a ClaimReview that does not say where the claim appeared helps no one.
The review's date is today's (UTC), or ``SOURCE_DATE_EPOCH``'s for
reproducible output.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

from verifier.errors import UsageError
from verifier.report.json_report import _pieces
from verifier.report.view import ArticleReport

__all__ = ["dumps", "reviews", "rating"]


@lru_cache(maxsize=1)
def _scale() -> tuple[tuple[int, int], dict[tuple[str, str], tuple[int, str]]]:
    raw = resources.files("verifier").joinpath("data/claimreview_ratings.tsv").read_text("utf-8")
    scale, table = (1, 5), {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "scale":
            scale = (int(cols[1]), int(cols[2]))
        else:
            table[(cols[0], cols[1])] = (int(cols[2]), cols[3])
    return scale, table


def rating(decision: str, verdict: str) -> Optional[dict]:
    """The schema.org Rating for a decision and verdict; None when the scale publishes none."""
    (worst, best), table = _scale()
    hit = table.get((decision, verdict)) or table.get((decision, "*"))
    if hit is None:
        return None
    value, name = hit
    return {"@type": "Rating", "ratingValue": value, "bestRating": best, "worstRating": worst, "alternateName": name}


def _front_matter(text: str) -> dict:
    from verifier.read import _MD_PATTERNS
    import yaml

    from verifier.yamlread import YamlLimit, load

    m = _MD_PATTERNS[0].match(text)
    if not m:
        return {}
    body = text[m.start() : m.end()].split("\n", 1)[-1].rsplit("\n", 1)[0]
    try:
        data = load(body)
    except (YamlLimit, yaml.YAMLError):  # a malformed front matter is prose to the checker; here it gives nothing
        return {}
    return data if isinstance(data, dict) else {}


def article_meta(rep: ArticleReport) -> dict:
    """url, headline, author, date the article says of itself (front matter or HTML head)."""
    a = rep.result.article
    if a.origin is not None and a.origin.kind == "html":
        from verifier.read_html import page_meta

        try:
            data = Path(getattr(rep, "source_file", a.path)).read_bytes()
        except OSError:
            return {}
        return page_meta(data)
    fm = _front_matter(a.text)
    out = {}
    for key, names in (("url", ("url", "canonical_url", "permalink")), ("headline", ("title", "headline")),
                       ("author", ("author",)), ("date", ("date", "published", "datePublished"))):
        for n in names:
            v = fm.get(n)
            if isinstance(v, (dt.date, dt.datetime)):
                v = v.isoformat()
            if isinstance(v, list) and v and key == "author":
                v = ", ".join(str(x) for x in v)
            if isinstance(v, (str, int, float)) and str(v).strip():
                out[key] = str(v).strip()
                break
    return out


def _address(rep: ArticleReport, meta: dict, template: Optional[str]) -> str:
    if meta.get("url"):
        return meta["url"]
    if template:
        p = Path(getattr(rep, "source_file", rep.path))
        return template.format(stem=p.stem, path=Path(rep.path).as_posix())
    raise UsageError(f"--format claimreview: {rep.path} has decided findings but no address; "
                     "give it url: in its front matter (a canonical link in HTML) or set url in verify.toml")


def today() -> str:
    """The reviews' date: today's (UTC), or ``SOURCE_DATE_EPOCH``'s for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return when.date().isoformat()


def _claim_text(rep: ArticleReport, spans: list[tuple[int, int]]) -> str:
    """The sentences that printed the finding's figures, each once, in article order."""
    from verifier.document.sentences import sentences

    text = rep.text
    sents = sentences(text, rep.result.article.language)
    picked = []
    for start, _ in sorted(spans):
        s = next(((a, b) for a, b in sents if a <= start < b), None)
        if s and s not in picked:
            picked.append(s)
    parts = [re.sub(r"\s+", " ", text[a:b]).strip().lstrip("#-| ").strip() for a, b in picked]
    return " … ".join(p for p in parts if p)


def reviews(reports: list[ArticleReport], url: Optional[str] = None, reviewer: Optional[str] = None) -> list[dict]:
    """One ClaimReview per decided finding, articles in order, findings in article order."""
    day = today()
    return [item for rep in reports for item in _reviews(rep, url, reviewer, day)]


def _reviews(rep: ArticleReport, url: Optional[str], reviewer: Optional[str], day: str) -> list[dict]:
    out = []
    decided = [(f, rep.review(f)) for f in rep.findings() if rep.review(f) is not None]
    decided = [(f, e, rating(e.decision, f.verdict)) for f, e in decided]
    decided = [d for d in decided if d[2] is not None]
    if not decided:
        return out
    meta = article_meta(rep)
    appearance = {"@type": "CreativeWork", "url": _address(rep, meta, url)}
    if meta.get("headline"):
        appearance["headline"] = meta["headline"]
    for f, entry, rate in decided:
        by_id = rep.claims_by_id
        spans = [(by_id[c].start, by_id[c].end) for c in f.claims if c in by_id] or [(s.start, s.end) for s in f.spans]
        claim = {"@type": "Claim", "appearance": appearance}
        if meta.get("author"):
            claim["author"] = {"@type": "Person", "name": meta["author"]}
        if meta.get("date"):
            claim["datePublished"] = meta["date"]
        item = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": rep.fingerprints.get(f.id, ""),
            "claimReviewed": _claim_text(rep, spans),
            "itemReviewed": claim,
            "reviewRating": {**rate, "description": f.message},
            "reviewBody": entry.reason,
            "inLanguage": rep.result.article.language,
            "datePublished": day,
        }
        if reviewer:
            item["author"] = {"@type": "Organization", "name": reviewer}
        out.append(item)
    return out


def article_piece(rep: ArticleReport, url: Optional[str], reviewer: Optional[str], day: str) -> list[str]:
    """One article's reviews as they stand in the batch's list (one level's indent), so each is written as it comes."""
    return ["".join(_pieces(item, 1, "")) for item in _reviews(rep, url, reviewer, day)]


def dumps(reports: list[ArticleReport], url: Optional[str] = None, reviewer: Optional[str] = None) -> str:
    """A JSON array of ClaimReview objects, each with its own @context (ready for a <script type="application/ld+json">)."""
    from verifier.report.batch_out import json_list

    day = today()
    return json_list(item for rep in reports for item in article_piece(rep, url, reviewer, day))

"""The JSON report's shape as pydantic models, and the JSON Schema made from them.

Tools that read ``verify --format json`` validate against the shipped
``verifier/data/report.schema.json``; a test keeps that file equal to what
these models generate. Regenerate it with ``python -m verifier.report.schema``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from verifier.models import Severity, Verdict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleInfo(_Strict):
    path: str = Field(description="The article's path, relative to where verify ran when inside it.")
    sha256: str
    language: Literal["en", "zh-Hant", "zh-Hans"]
    encoding: str = Field(description="How the file's bytes were decoded (utf-8, or a detected encoding such as cp1252 or big5).")
    encoding_confidence: float = Field(ge=0, le=1, description="1 for UTF-8 and byte order marks; for a detected encoding, the detector's confidence; for UTF-8 with stray bytes, UTF-8's share of the non-ASCII characters.")


class Comparator(_Strict):
    relation: str
    target: str
    cue: str


class ReportClaim(_Strict):
    id: str
    start: int = Field(ge=0, description="Python str offset into the decoded article; text[start:end] is what it printed.")
    end: int = Field(ge=0)
    text: str
    value: float = Field(description="In the unit's base: USD not billions, percent as 24.0.")
    unit: str
    kind: str
    entity: Optional[str]
    metric: Optional[str]
    period: Optional[str]
    interval: tuple[Optional[float], Optional[float]] = Field(description="What the printing allows; null is unbounded.")
    precision: float
    hedge: Optional[str]
    low: Optional[float] = None
    high: Optional[float] = None
    forecast: Optional[bool] = None
    attribution: Optional[str] = None
    period_guessed: Optional[bool] = None
    entity_guessed: Optional[bool] = Field(default=None, description="The entity was carried over or taken from the article's main company.")
    subject: Optional[str] = Field(default=None, description="A word narrowing the metric as printed: 'gaming' revenue.")
    base_period: Optional[str] = Field(default=None, description="For a change: the period it is measured from.")
    change_basis: Optional[str] = Field(default=None, description="yoy, qoq, cagr, vs-estimate, vs-base, gap.")
    direction: Optional[str] = Field(default=None, description="up or down, for changes.")
    comparators: Optional[list[Comparator]] = None
    notes: Optional[list[str]] = None


class ReportSpan(_Strict):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Review(_Strict):
    decision: Literal["open", "accepted", "dismissed", "confirmed"]
    reason: str


class ReportPairing(_Strict):
    how: Literal["clause", "linked", "table", "matched", "source"] = Field(
        description="clause: stated together; linked: tied by explicit wording across sentences; "
        "table: laid out in one table's column, the relation confirmed by its other columns; "
        "matched: paired by entity, metric and period; source: against a source table row.")
    guessed: list[str] = Field(default_factory=list, description="What was read from context rather than printed.")


class ReportFinding(_Strict):
    id: str
    rule: str
    name: str
    severity: Severity
    verdict: Verdict
    message: str
    spans: list[ReportSpan]
    claims: list[str]
    evidence: dict[str, Any] = Field(description="formula, arithmetic, inputs, computed, tolerance, source, … as the rule gives them.")
    advice: Optional[str] = None
    pairing: Optional[ReportPairing] = Field(default=None, description="How the figures were paired; an error needs a firm pairing.")
    fingerprint: str = Field(description="From content (rule, figures, nearby words), not offsets; matches claims/ ledger entries.")
    review: Optional[Review] = Field(default=None, description="The claims/ ledger entry for this finding, if any.")


class Summary(_Strict):
    claims: int
    errors: int
    warnings: int
    infos: int


class UnusedEntry(_Strict):
    fingerprint: str
    rule: str
    figures: list[str]
    decision: Literal["open", "accepted", "dismissed", "confirmed"]
    reason: str


class Ledger(_Strict):
    path: str
    unused: list[UnusedEntry] = Field(description="Entries of rules that ran which match no current finding; the ledger stage's rules report them.")


class Report(_Strict):
    version: Literal["1"]
    article: ArticleInfo
    claims: list[ReportClaim]
    findings: list[ReportFinding]
    summary: Summary
    ledger: Optional[Ledger] = None


class ArticleFigure(_Strict):
    path: str
    claim: str
    start: int
    end: int
    text: str


class CrossFinding(_Strict):
    """A finding across articles of a batch (cross-article-conflict): it names two articles, not spans of one."""

    id: str
    rule: str
    name: str
    severity: Severity
    verdict: Verdict
    message: str
    articles: list[ArticleFigure]
    evidence: dict[str, Any]
    advice: Optional[str] = None


class Reports(_Strict):
    reports: list[Report]
    cross_article: Optional[list[CrossFinding]] = Field(default=None, description="Findings across the articles of the batch (cross-article-conflict).")


def generate() -> dict:
    schema = TypeAdapter(Union[Report, Reports]).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "verify JSON report",
        "description": "verify --format json: one article's report, or {\"reports\": [...]} for several.",
        **schema,
    }


def dumps_schema() -> str:
    return json.dumps(generate(), ensure_ascii=False, indent=2) + "\n"


def shipped() -> str:
    return resources.files("verifier").joinpath("data/report.schema.json").read_text(encoding="utf-8")


if __name__ == "__main__":
    print(dumps_schema(), end="")

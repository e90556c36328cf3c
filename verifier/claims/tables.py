"""Markdown tables are parsed by the read stage (``verifier/document/tables.py``); the name stays here for callers that import it."""

from verifier.document.tables import Column, Tables

__all__ = ["Column", "Tables"]

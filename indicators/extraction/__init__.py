"""Indicators of a report: numbers with units, their kind, qualifier and name. Django-free.

Entry point: `extract_indicators(doc)`, called by reports.pipeline.
"""
from .extract import extract_indicators

__all__ = ["extract_indicators"]

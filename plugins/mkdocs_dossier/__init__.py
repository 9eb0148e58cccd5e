"""Dossier: briefing sites built from small, reviewable YAML records.

The engine is a pipeline of plain functions, one module a stage:
load -> validate -> link -> render. Only ``plugin`` imports MkDocs.
"""

__version__ = "0.1.0"

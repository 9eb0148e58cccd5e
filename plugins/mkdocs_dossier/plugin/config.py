"""The plugin's options in ``mkdocs.yml``, checked when the config loads."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..kinds import OptionError, registry
from ..rules import RuleOptionError, levels
from ..search import SEARCH_MODES


class _Jobs(c.Type):
    """A count of processes: 0 (automatic) or more, and not a yes/no."""

    def __init__(self) -> None:
        super().__init__(int, default=0)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or (isinstance(value, int) and value < 0):
            raise base.ValidationError(
                f"expected 0 (one process per core), 1 (no workers) or more, not {value!r}"
            )
        return super().run_validation(value)


class _EntityTypes(c.Type):
    """Entity types a site adds: names, or mappings with a label and an icon."""

    def __init__(self) -> None:
        super().__init__(list, default=[])

    def run_validation(self, value: object) -> list[Any]:
        items = super().run_validation(value)
        try:
            registry(items)
        except OptionError as error:
            raise base.ValidationError(str(error)) from None
        return items


class _Rules(c.Type):
    """Severities of the whole-tree rules: rule id -> error, warning, info or off."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict[str, Any]:
        items = super().run_validation(value)
        try:
            levels(items)
        except RuleOptionError as error:
            raise base.ValidationError(str(error)) from None
        return items


class DossierConfig(base.Config):
    """Options of the ``dossier`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Folder of records, relative to ``mkdocs.yml``.
    content_dir = c.Type(str, default="content")
    #: Folder of Jinja templates overriding the packaged page templates.
    templates_dir = c.Optional(c.Type(str))
    #: Entity types a site adds to the built-in vocabulary.
    entity_types = _EntityTypes()
    #: Processes working on ``mkdocs build``, the build's own included: 2 or
    #: more render pages in the background; 0: one per core when the
    #: dossier is large enough to gain from it; 1: everything in one.
    jobs = _Jobs()
    #: Let the theme load web fonts from a third-party host (Material's
    #: Google Fonts); off, pages use the reader's system fonts.
    external_fonts = c.Type(bool, default=False)
    #: Severity of each whole-tree rule (``dossier validate --explain RULE``).
    rules = _Rules()
    #: Search engine: Material's ``lunr``, ``pagefind``, or ``auto``
    #: (Pagefind from ``search.PAGEFIND_THRESHOLD`` records on).
    search = c.Choice(SEARCH_MODES, default="auto")

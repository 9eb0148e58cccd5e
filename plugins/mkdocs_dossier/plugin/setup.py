"""A build from the plugin's options, and the site settings its pages need."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..build import SiteBuild, tags_listing_page
from ..kinds import registry
from ..project import web_address
from ..render.dialect import StashedHTML, StashingDialect
from ..rules import levels
from ..urls import Urls
from .config import DossierConfig

log = logging.getLogger("mkdocs.plugins.dossier")

#: Markdown extensions the generated pages rely on (tables on the claims page).
NEEDED_EXTENSIONS = ("tables", "toc")

#: What Material's search puts between the words it cuts Chinese text into.
WORD_BREAK = "\u200b"


def site_build(config: MkDocsConfig, options: DossierConfig, serving: bool) -> SiteBuild:
    """The engine's build for this site: folders resolved against ``mkdocs.yml``."""
    root = Path(config.config_file_path or ".").resolve().parent
    templates = options.templates_dir
    return SiteBuild(
        content_dir=(root / options.content_dir).resolve(),
        root=root,
        registry=registry(options.entity_types),
        template_dirs=[(root / templates).resolve()] if templates else [],
        jobs=options.jobs,
        serving=serving,
        defer_workers=not serving,
        urls=Urls(config.use_directory_urls, config.site_url or ""),
        dialect=StashingDialect(),
        site_name=config.site_name,
        repo_url=web_address(config.repo_url),
        rule_levels=levels(options.rules),
        search=options.search,
        site_description=config.site_description or "",
        home=Path(config.docs_dir, "index.md"),
        tags_page=tags_listing_page(Path(config.docs_dir)),
    )


def bring_what_pages_need(config: MkDocsConfig, build: SiteBuild, external_fonts: bool) -> None:
    """The stylesheets and script, the Markdown extensions the pages rely on,
    no third-party fonts unless asked for, and a warning without ``site_url``."""
    for name in reversed(build.stylesheets()):
        if name not in config.extra_css:
            config.extra_css.insert(0, name)
    if build.script() not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(build.script())
    for extension in NEEDED_EXTENSIONS:
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    if not any(isinstance(e, StashedHTML) for e in config.markdown_extensions):
        config.markdown_extensions.append(StashedHTML())
    if config.theme.name == "material" and not external_fonts:
        config.theme["font"] = False
    if not config.site_url:
        log.warning(
            "site_url is not set: the feed, canonical links and JSON-LD need absolute "
            'URLs; add site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"] to mkdocs.yml'
        )


def split_at_word_breaks(config: MkDocsConfig) -> None:
    """Make Material's search split words where it segmented Chinese text.

    With ``jieba`` installed, Material's search joins the words of every run
    of Chinese characters with zero-width spaces, but only its ``zh``
    separator splits there: an English site's Chinese titles and quotes would
    be indexed as unsearchable runs. Runs before the search plugin's own
    ``on_config``, which then keeps the separator it is given."""
    search = config.plugins.get("material/search")
    options = getattr(search, "config", None)
    if options is None or not options.get("enabled", True):
        return
    separator = options.get("separator") or _translated_separator(config)
    if separator is None or _splits_word_breaks(separator):
        return
    options["separator"] = f"[{WORD_BREAK}]+|{separator}" if separator else f"[{WORD_BREAK}]+"
    if "jieba" in sys.modules:  # it logs each dictionary load to stderr
        logging.getLogger("jieba").setLevel(logging.WARNING)


def _translated_separator(config: MkDocsConfig) -> str | None:
    """The separator Material's search takes from the theme's language."""
    try:
        template = config.theme.get_env().get_template(
            "partials/language.html", None, {"config": config}
        )
        return str(template.module.t("search.config.separator"))  # type: ignore[attr-defined]
    except Exception:  # not Material's templates: leave the search alone
        return None


def _splits_word_breaks(separator: str) -> bool:
    try:
        return re.search(separator, f"a{WORD_BREAK}b") is not None
    except re.error:  # a JavaScript-only expression: add the break in front
        return False

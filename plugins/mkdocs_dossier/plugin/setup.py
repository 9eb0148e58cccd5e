"""A build from the plugin's options, and the site settings its pages need."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..build import SiteBuild
from ..kinds import registry
from ..project import web_address
from ..rules import levels
from ..urls import Urls
from .config import DossierConfig

log = logging.getLogger("mkdocs.plugins.dossier")

#: Markdown extensions the generated pages rely on (tables on the claims page).
NEEDED_EXTENSIONS = ("tables", "toc")


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
        urls=Urls(config.use_directory_urls, config.site_url or ""),
        site_name=config.site_name,
        repo_url=web_address(config.repo_url),
        rule_levels=levels(options.rules),
        search=options.search,
        site_description=config.site_description or "",
        home=Path(config.docs_dir, "index.md"),
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
    if config.theme.name == "material" and not external_fonts:
        config.theme["font"] = False
    if not config.site_url:
        log.warning(
            "site_url is not set: the feed, canonical links and JSON-LD need absolute "
            'URLs; add site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"] to mkdocs.yml'
        )

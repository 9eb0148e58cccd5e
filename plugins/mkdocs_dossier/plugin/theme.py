"""Two of Material's templates, extended for record pages.

- ``partials/nav.html``: Material shows a page's table of contents in the
  phone's navigation drawer only under the page's own entry in the
  navigation; record pages are kept out of it, so on a phone they had none.
  The navigation gets one more entry at the top of its list: the current
  page and its table of contents, for pages outside the navigation, shown
  only while the navigation is a drawer.
- ``fragments/tags/default/listing.html``: the tags plugin lists the pages
  of a tag by title; each record's line adds its kind, date and badge.

Each is extended only where it is Material's own file, so a site that
overrides one in its ``custom_dir`` keeps its own, and only where it still
has the markup the addition goes after.

Under ``serve``, ``KeptTheme`` keeps the theme's compiled templates, and an
unchanged sitemap, from one reload to the next.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, DictLoader, Environment, TemplateNotFound
from markupsafe import Markup
from mkdocs.theme import Theme

from ..render.pages import CompiledTemplates

NAV = "partials/nav.html"
PAGE_TOC = "partials/dossier/page-toc.html"
TAG_LISTING = "fragments/tags/default/listing.html"

#: The template global giving a page's kind line (empty for other pages).
KIND_LINE = "dossier_kind_line"

#: The context variable that marks a page outside the navigation.
OUTSIDE_NAV = "dossier_outside_nav"

#: The entry for the current page, as Material renders the active page's
#: entry (``partials/nav-item.html``), its title escaped by the plugin.
PAGE_TOC_TEMPLATE = """\
{%- if dossier_outside_nav and page and page.toc
      and not (page.meta and page.meta.hide and "toc" in page.meta.hide) %}
  {%- set toc = page.toc %}
  {%- set first = toc | first %}
  {%- if first and first.level == 1 %}{% set toc = first.children %}{% endif %}
  {%- if toc %}
  <li class="md-nav__item md-nav__item--active dossier-page-toc">
    <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">
    <label class="md-nav__link md-nav__link--active" for="__toc">
      <span class="md-ellipsis">{{ page.title }}</span>
      <span class="md-nav__icon md-icon"></span>
    </label>
    <a href="{{ page.url | url }}" class="md-nav__link md-nav__link--active">
      <span class="md-ellipsis">{{ page.title }}</span>
    </a>
    {% include "partials/toc.html" %}
  </li>
  {%- endif %}
{%- endif %}
"""


def _material_templates() -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).resolve().parent / "templates"


def with_record_templates(env: Environment, kind_line: Callable[[str], str]) -> Environment:
    """``env`` with Material's navigation given the page's entry and its tags
    listing given each record's kind line (``kind_line`` of a source path)."""
    loader = env.loader
    material = _material_templates()
    if loader is None or material is None:
        return env
    ours: dict[str, str] = {}
    nav = _material_source(env, loader, material, NAV)
    start = nav.find("<ul")
    start = nav.find(">", start) + 1 if start >= 0 else 0
    if start > 0:
        ours[NAV] = f'{nav[:start]}\n{{% include "{PAGE_TOC}" %}}{nav[start:]}'
        ours[PAGE_TOC] = PAGE_TOC_TEMPLATE
    listing = _material_source(env, loader, material, TAG_LISTING)
    link = listing.find("</a>")
    if link >= 0:
        # The title's link ends at the title (not the template's line break),
        # then the kind line follows.
        title = listing[:link].rstrip()
        rest = listing[link + len("</a>") :]
        ours[TAG_LISTING] = f"{title}</a> {{{{ {KIND_LINE}(mapping.item) }}}}{rest}"

        def line(item: object) -> Markup:
            file = getattr(item, "file", None)  # a page; not a link to another site
            return Markup(kind_line(file.src_uri) if file is not None else "")

        env.globals[KIND_LINE] = line
    if ours:
        chosen: BaseLoader = DictLoader(ours)
        env.loader = ChoiceLoader([chosen, loader])
    return env


def _material_source(env: Environment, loader: BaseLoader, material: Path, name: str) -> str:
    """The source of template ``name`` if it is Material's own, else empty."""
    try:
        source, filename, _ = loader.get_source(env, name)
    except TemplateNotFound:
        return ""
    if filename is None or Path(filename).resolve() != material / name:
        return ""
    return source


#: The theme template that lists every page, rendered again only when the
#: pages change (``KeptTheme``).
SITEMAP = "sitemap.xml"


class KeptTheme:
    """What one ``serve`` keeps of the theme from one reload to the next.

    MkDocs makes a new theme environment for every reload, which compiles
    the theme's templates again for the pages it renders, and renders the
    sitemap of every page again, though an edit seldom adds or removes one.
    The compiled templates are kept (Jinja checks each one's source), and
    the sitemap is left as it was written while the site's pages are the same.
    """

    def __init__(self) -> None:
        self.templates = CompiledTemplates()
        self._pages: tuple[frozenset[str], tuple[Any, ...]] | None = None

    def reuse(
        self,
        env: Environment,
        theme: Theme,
        pages: Iterable[str],
        site_dir: Path,
        addresses: tuple[Any, ...] = (),
    ) -> None:
        """Keep the compiled templates, and the sitemap when ``pages`` (the
        site's files) and the ``addresses`` they are served at are the same."""
        env.bytecode_cache = self.templates
        key = (frozenset(pages), addresses)
        if key == self._pages and (site_dir / SITEMAP).is_file():
            theme.static_templates.discard(SITEMAP)
        self._pages = key

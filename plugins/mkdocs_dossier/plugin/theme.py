"""Material's navigation, given the page's table of contents on pages outside it.

Material shows a page's table of contents in the phone's navigation drawer
only under the page's own entry in the navigation; record pages are kept out
of it, so on a phone they had none. The build's template environment gets
Material's own ``partials/nav.html`` with one more entry at the top of its
list: the current page and its table of contents, for pages outside the
navigation, shown only while the navigation is a drawer. A site that
overrides ``partials/nav.html`` keeps its own.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, DictLoader, Environment, TemplateNotFound

NAV = "partials/nav.html"
PAGE_TOC = "partials/dossier/page-toc.html"

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


def with_page_toc(env: Environment) -> Environment:
    """``env`` with Material's navigation extended by the page's entry, unless
    the navigation template is not Material's own (a site's override, another
    theme) or no longer has the list the entry goes in."""
    loader = env.loader
    material = _material_templates()
    if loader is None or material is None:
        return env
    try:
        source, filename, _ = loader.get_source(env, NAV)
    except TemplateNotFound:
        return env
    if filename is None or Path(filename).resolve() != material / NAV:
        return env
    start = source.find("<ul")
    start = source.find(">", start) + 1 if start >= 0 else 0
    if start <= 0:
        return env
    patched = f'{source[:start]}\n{{% include "{PAGE_TOC}" %}}{source[start:]}'
    ours: BaseLoader = DictLoader({NAV: patched, PAGE_TOC: PAGE_TOC_TEMPLATE})
    env.loader = ChoiceLoader([ours, loader])
    return env

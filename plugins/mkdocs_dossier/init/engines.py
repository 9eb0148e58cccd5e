"""The site generators a new dossier can be built with.

``mkdocs`` (the default) runs the ``dossier`` plugin inside ``mkdocs build``.
``zensical`` does not run MkDocs plugins: ``dossier render`` writes the
generated pages into ``docs/`` first, the ``mkdocs_dossier.markdown_ext``
Markdown extension resolves wikilinks and markers in the hand-written pages,
and a theme override prints the feed link and JSON-LD in ``<head>``.
"""

from __future__ import annotations

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
#: The Zensical release the engine tests build with.
ZENSICAL_VERSION = "0.0.73"

#: Prints what the Markdown extension hands each page for ``<head>``; with the
#: plugin (MkDocs) the metadata is never set and this prints nothing.
HEAD_OVERRIDE = """\
{% extends "base.html" %}

{#- Without the plugin (Zensical), the dossier Markdown extension hands each
    page its feed link and JSON-LD as page metadata; with it, the plugin adds
    them itself and this prints nothing. -#}
{% block extrahead %}
  {{- super() }}
  {%- if page and page.meta and page.meta.dossier_head %}
{{ page.meta.dossier_head | safe }}
  {%- endif %}
{% endblock %}
"""

_PLUGIN_ENTRY = """\
  - dossier:
      content_dir: content # the records, one YAML file each
      # entity_types: [vessel] # entity types beyond the built-in ones
"""

_ZENSICAL_PLUGIN_ENTRY = (
    """\
  # Zensical skips this plugin; `dossier render` and the Markdown extension
  # below read its options.
"""
    + _PLUGIN_ENTRY
)

_ZENSICAL_EXTENSION = """\
markdown_extensions:
  # Wikilinks and markers in the hand-written pages, without the plugin.
  - mkdocs_dossier.markdown_ext:
      content_dir: content
"""

_ZENSICAL_ASSETS = """
# What the dossier plugin adds under MkDocs, written by `dossier render`.
extra_css:
  - assets/dossier/dossier.css
  - assets/dossier/vocabulary.css
extra_javascript:
  - assets/dossier/dossier.js
"""

_ZENSICAL_MAKEFILE = """\
# Build with Zensical: `dossier render` writes the generated pages into docs/
# first (only what changed), then Zensical builds the site into site/.
BIN := .venv/bin

.PHONY: build serve render validate

build:
\t$(BIN)/dossier render
\t$(BIN)/zensical build

serve:  ## re-run `make render` after changing a record
\t$(BIN)/dossier render
\t$(BIN)/zensical serve

render:
\t$(BIN)/dossier render

validate:
\t$(BIN)/dossier validate
"""

_MKDOCS_BUILD = "        run: .venv/bin/mkdocs build --strict\n"
_ZENSICAL_BUILD = (
    "        run: |\n          .venv/bin/dossier render\n          .venv/bin/zensical build\n"
)


class EngineError(ValueError):
    """An engine this package cannot set a site up for."""


def checked_engine(engine: str) -> str:
    if engine not in ENGINES:
        supported = ", ".join(ENGINES)
        raise EngineError(f"--engine {engine!r} is not supported; use one of: {supported}")
    return engine


def for_engine(files: dict[str, str], engine: str, generated: list[str]) -> dict[str, str]:
    """The files of a new dossier adapted to ``engine``; ``generated`` lists the
    docs paths ``dossier render`` writes (kept out of git under Zensical)."""
    checked_engine(engine)
    if engine == "mkdocs":
        return files
    files = dict(files)
    config = files["mkdocs.yml"]
    for old, new in (
        (_PLUGIN_ENTRY, _ZENSICAL_PLUGIN_ENTRY),
        ("markdown_extensions:\n", _ZENSICAL_EXTENSION),
        ("  font: false", "  custom_dir: overrides\n  font: false"),
    ):
        if old not in config:  # pragma: no cover - the packaged mkdocs.yml changed
            raise EngineError(f"mkdocs.yml: cannot adapt it for {engine}")
        config = config.replace(old, new, 1)
    files["mkdocs.yml"] = config + _ZENSICAL_ASSETS
    files["overrides/main.html"] = HEAD_OVERRIDE
    files["Makefile"] = _ZENSICAL_MAKEFILE
    workflow = files[".github/workflows/dossier.yml"]
    files[".github/workflows/dossier.yml"] = workflow.replace(_MKDOCS_BUILD, _ZENSICAL_BUILD)
    files["requirements.txt"] += f"zensical=={ZENSICAL_VERSION}\n"
    ignored = sorted(
        {f"docs/{path.split('/')[0]}/" if "/" in path else f"docs/{path}" for path in generated}
    )
    files[".gitignore"] += (
        "# Written by `dossier render` before every build.\n"
        "docs/.dossier-render.json\n" + "".join(f"{line}\n" for line in ignored)
    )
    files["README.md"] = files["README.md"].replace(
        ".venv/bin/mkdocs serve     # preview on http://127.0.0.1:8000",
        "make serve                 # dossier render, then zensical serve on :8000",
    )
    return dict(sorted(files.items()))

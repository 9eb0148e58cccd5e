"""Meta-tests: every field and option is documented for contributors."""

from __future__ import annotations

import re

from mkdocs_dossier.kinds import REGISTRY
from mkdocs_dossier.plugin import DossierConfig
from mkdocs_dossier.render.dictionary import data_dictionary

from .conftest import ROOT


def test_contribute_page_documents_every_field() -> None:
    page = (ROOT / "dossier/contribute.md").read_text(encoding="utf-8")
    for spec in REGISTRY:
        for field in spec.all_fields:
            assert f"`{field.name}`" in page, (spec.name, field.name)
        for value in (*[f.choices for f in spec.all_fields if f.choices],):
            for choice in value:
                assert choice in page, choice


def test_data_dictionary_lists_every_field_and_nested_value() -> None:
    dictionary = data_dictionary()
    for spec in REGISTRY:
        section = dictionary.split(f"### {spec.name.capitalize()} ")[1].split("\n### ")[0]
        for field in spec.all_fields:
            assert f"| `{field.name}` |" in section, (spec.name, field.name)
    for nested in ("Citation", "Participant", "Relation", "Correction"):
        assert f"### {nested}" in dictionary


def test_every_plugin_option_is_in_the_readme_or_contribute_page() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in DossierConfig().keys():  # noqa: SIM118 - Config is not a dict
        assert re.search(rf"\b{name}\b", text), name


def test_every_template_and_its_context_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- template-contexts -->", 1)[1].split("\n\n", 1)[0]
    templates = ROOT / "plugins" / "mkdocs_dossier" / "templates"
    for template in sorted(templates.glob("*.j2")):
        assert f"`{template.name}`" in table, template.name

"""rules: the whole-tree rules, their severities, the rules option and --explain."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mkdocs_dossier.cli import main
from mkdocs_dossier.engine import check_content
from mkdocs_dossier.problems import Severity
from mkdocs_dossier.project import ProjectError, load_project
from mkdocs_dossier.rules import DEFAULTS, RULES, RuleOptionError, explain, levels

from .conftest import FIXTURE_MKDOCS, build_site

CONFIRMED_FROM_ONE_ORIGIN = """\
title: The widget ships
date: 2024-10-06
status: confirmed
summary: The widget shipped.
sources: [daily-report, wire-copy]
"""

#: For each rule: content that breaks it (over MINI_DOSSIER) and the line it reports.
FAILING: dict[str, tuple[dict[str, str], str]] = {
    "unused-source": (
        {"sources/orphan.yml": "title: O\ntype: news\npublished: '2025'\n"},
        "content/sources/orphan.yml:1:1: {level}: source is not cited by any record",
    ),
    "sourced-too-early": (
        {
            "sources/old.yml": "title: Old\ntype: news\npublished: 2020-01-01\n",
            "events/later.yml": "title: L\ndate: 2024-05\nstatus: reported\nsummary: s\n"
            "sources: [old]\n",
        },
        "content/events/later.yml:5:1: {level}: every cited source was published before "
        "this event could have happened (2024-05); the latest, 2020-01-01, cannot report it: "
        "cite a source that does",
    ),
    "confirmed-needs-corroboration": (
        {"events/ships.yml": CONFIRMED_FROM_ONE_ORIGIN},
        'content/events/ships.yml:3:9: {level}: status "confirmed" needs two independent '
        "origins or a primary source, but its 2 sources come from one origin (Acme Corp): "
        "cite an independent or primary source, or choose another status",
    ),
    "relay-without-based-on": (
        {
            "sources/rewrite.yml": "title: Widget ships, According to  The Daily\ntype: news\n"
            "published: 2024-10-07\n",
            "statements/jane-ships.yml": "speaker: jane-doe\ndate: 2024-10-06\ntype: comment\n"
            "quote: Shipped.\nsources: [rewrite]\n",
        },
        'content/sources/rewrite.yml:1:8: {level}: title says "According to", but '
        "the source has no based_on: name the source it relays in based_on, so that both "
        "count as one origin",
    ),
}


def problems(content: Path, settings: dict[str, Severity | None] | None = None) -> list[str]:
    checked = check_content(content, content.parent, rule_levels=settings)
    return [p.format_text() for p in checked.problems]


def test_every_rule_has_an_id_a_severity_examples_and_a_failing_case() -> None:
    assert set(FAILING) == set(RULES)
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and rule.doc.startswith(f"{rule_id}: ")
        assert "Passing::" in rule.doc and "Failing::" in rule.doc
        assert rule.severity in Severity


def test_the_mini_dossier_breaks_no_rule(make_content: Callable[..., Path]) -> None:
    assert problems(make_content()) == []


@pytest.mark.parametrize("rule_id", sorted(FAILING))
@pytest.mark.parametrize("level", ["default", "error", "warning", "info", "off"])
def test_each_rule_at_each_severity(
    make_content: Callable[..., Path], rule_id: str, level: str
) -> None:
    files, expected = FAILING[rule_id]
    content = make_content(files)
    settings = dict(DEFAULTS)
    if level != "default":
        settings[rule_id] = None if level == "off" else Severity(level)
    found = problems(content, settings)
    shown = RULES[rule_id].severity.value if level == "default" else level
    if level == "off":
        assert not [line for line in found if _about(line, files)]
    else:
        assert expected.format(level=shown) in found


def _about(line: str, files: dict[str, str]) -> bool:
    """Whether a reported line is about one of a case's own files."""
    return any(line.startswith(f"content/{name}:") for name in files)


def test_the_text_a_rule_reads_is_matched_as_whole_words(
    make_content: Callable[..., Path],
) -> None:
    relay = "title: {title}\ntype: news\npublished: 2024-10-07\n"
    cite = "speaker: jane-doe\ndate: 2024-10-06\ntype: comment\nquote: q\nsources: [{src}]\n"
    files = {
        "sources/viaduct.yml": relay.format(title="The viaduct, exciting news"),
        "sources/reciting.yml": relay.format(title="Reciting the widget's history"),
        "sources/told.yml": relay.format(title="Jane told reporters about it"),
        "sources/based.yml": relay.format(title="Ships, via Wire") + "based_on: [daily-report]\n",
        "sources/desc.yml": relay.format(title="Widget")
        + "description: |\n  A brief\n  citing *Wire*.\n",
    }
    for name in list(files):
        stem = name.removeprefix("sources/").removesuffix(".yml")
        files[f"statements/cites-{stem}.yml"] = cite.format(src=stem)
    found = problems(make_content(files))
    assert found == [
        'content/sources/desc.yml:4:14: info: description says "citing", but the source has '
        "no based_on: name the source it relays in based_on, so that both count as one origin"
    ]


def test_a_confirmed_claim_with_a_primary_or_two_origins_passes(
    make_content: Callable[..., Path],
) -> None:
    independent = "title: Own report\ntype: news\npublished: 2024-10-06\n"
    two = CONFIRMED_FROM_ONE_ORIGIN.replace("wire-copy]", "own]")
    primary = CONFIRMED_FROM_ONE_ORIGIN.replace("summary", "participants: [acme]\nsummary")
    content = make_content(
        {"sources/own.yml": independent, "events/two.yml": two, "events/primary.yml": primary}
    )
    assert problems(content) == []


def test_levels_of_the_rules_option() -> None:
    assert levels(None) == DEFAULTS
    got = levels(
        {"unused-source": "error", "sourced-too-early": False, "relay-without-based-on": "off"}
    )
    assert got["unused-source"] is Severity.ERROR
    assert got["sourced-too-early"] is None and got["relay-without-based-on"] is None
    assert got["confirmed-needs-corroboration"] is Severity.WARNING
    with pytest.raises(RuleOptionError) as unknown:
        levels({"unused-sources": "error"})
    assert str(unknown.value) == (
        'no rule has the id "unused-sources" (did you mean "unused-source"?); the rules are '
        '"unused-source", "sourced-too-early", "confirmed-needs-corroboration", '
        '"relay-without-based-on"'
    )
    with pytest.raises(RuleOptionError) as bad:
        levels({"unused-source": "fatal"})
    assert str(bad.value) == (
        'rule unused-source: severity \'fatal\' is not one of "error", "warning", "info", "off"'
    )
    with pytest.raises(RuleOptionError, match="severity true is not one of"):
        levels({"unused-source": True})
    with pytest.raises(RuleOptionError, match="rules must be a mapping"):
        levels(["unused-source"])


def _project(tmp: Path, rules: str) -> Path:
    config = f"""
        site_name: S
        plugins:
          - dossier:
              content_dir: content
              rules: {rules}
    """
    (tmp / "mkdocs.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    return tmp


def _validate(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(project)
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("setting", "plain", "strict", "shown"),
    [
        ("{}", 0, 1, "warning"),
        ("{confirmed-needs-corroboration: error}", 1, 1, "error"),
        ("{confirmed-needs-corroboration: warning}", 0, 1, "warning"),
        ("{confirmed-needs-corroboration: info}", 0, 0, "info"),
        ("{confirmed-needs-corroboration: off}", 0, 0, None),
        ("{confirmed-needs-corroboration: 'off'}", 0, 0, None),
    ],
)
def test_the_cli_reads_the_rules_option(
    make_content: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    plain: int,
    strict: int,
    shown: str | None,
) -> None:
    content = make_content({"events/ships.yml": CONFIRMED_FROM_ONE_ORIGIN})
    project = _project(content.parent, setting)
    code, out, err = _validate(project, monkeypatch, capsys)
    assert code == plain
    if shown is None:
        assert out == ""
    else:
        assert out.startswith(f'content/events/ships.yml:3:9: {shown}: status "confirmed"')
    assert _validate(project, monkeypatch, capsys, "--strict")[0] == strict
    if shown == "info":
        assert err.endswith("0 error(s), 0 warning(s), 1 info\n")


def test_github_annotations_show_info_as_notices(
    make_content: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content = make_content({"events/ships.yml": CONFIRMED_FROM_ONE_ORIGIN})
    project = _project(content.parent, "{confirmed-needs-corroboration: info}")
    _, out, _ = _validate(project, monkeypatch, capsys, "--format", "github")
    assert out.startswith(
        "::notice file=content/events/ships.yml,line=3,col=9,"
        "title=dossier confirmed-needs-corroboration::"
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("{confirmed: error}", 'no rule has the id "confirmed"; the rules are "unused-source"'),
        ("{unused-source: loud}", "rule unused-source: severity 'loud' is not one of"),
        ("[unused-source]", "rules must be a mapping of rule ids to error or warning or info"),
    ],
)
def test_a_bad_rules_option_is_a_config_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    message: str,
) -> None:
    (tmp_path / "content").mkdir()
    project = _project(tmp_path, setting)
    with pytest.raises(ProjectError, match="dossier option rules: "):
        load_project(project / "mkdocs.yml")
    code, _, err = _validate(project, monkeypatch, capsys)
    assert code == 2
    assert err.startswith("dossier validate: error: mkdocs.yml: dossier option rules: ")
    assert message in err


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_explain_prints_the_rule_and_its_examples(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    rule_id: str,
) -> None:
    code, out, err = _validate(tmp_path, monkeypatch, capsys, "--explain", rule_id)
    assert code == 0 and err == ""
    assert out == explain(rule_id)
    assert out.startswith(f"{rule_id}: ")
    assert "\nPassing:\n" in out and "\nFailing:\n" in out and "``" not in out
    assert out.endswith(f"Default severity: {RULES[rule_id].severity.value}.\n")


def test_explain_of_an_unknown_rule_lists_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _validate(tmp_path, monkeypatch, capsys, "--explain", "unused-sorce")
    assert code == 2 and out == ""
    assert err == (
        'dossier validate: error: no rule has the id "unused-sorce" (did you mean '
        '"unused-source"?); the rules are "unused-source", "sourced-too-early", '
        '"confirmed-needs-corroboration", "relay-without-based-on"\n'
    )


def test_the_plugin_validates_its_rules_option() -> None:
    from mkdocs_dossier.plugin import DossierConfig

    config = DossierConfig()
    config.load_dict({"rules": {"unused-source": False, "sourced-too-early": "error"}})
    errors, _ = config.validate()
    assert errors == []
    config = DossierConfig()
    config.load_dict({"rules": {"unused-sourc": "error"}})
    errors, _ = config.validate()
    assert [str(e) for _, e in errors] == [
        'no rule has the id "unused-sourc" (did you mean "unused-source"?); the rules are '
        '"unused-source", "sourced-too-early", "confirmed-needs-corroboration", '
        '"relay-without-based-on"'
    ]


def test_a_rule_set_to_error_stops_the_build(make_site: Callable[..., Path]) -> None:
    config = FIXTURE_MKDOCS.replace(
        "content_dir: content",
        "content_dir: content\n      rules: {confirmed-needs-corroboration: error}",
    )
    project = make_site({"events/ships.yml": CONFIRMED_FROM_ONE_ORIGIN}, config=config)
    result = build_site(project, strict=False)
    assert result.returncode != 0
    assert 'content/events/ships.yml:3:9: error: status "confirmed" needs' in result.stderr
    assert "Traceback" not in result.stderr
    bad = config.replace("{confirmed-needs-corroboration: error}", "{confirmed: error}")
    (project / "mkdocs.yml").write_text(textwrap.dedent(bad), encoding="utf-8")
    result = build_site(project, strict=False)
    assert result.returncode != 0
    assert 'no rule has the id "confirmed"' in result.stderr
    assert "Traceback" not in result.stderr


def test_every_rule_is_in_the_readme() -> None:
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule_id, rule in RULES.items():
        assert f"| `{rule_id}` | {rule.severity.value} |" in readme, rule_id


def test_serve_checks_again_only_the_records_a_rule_reads_that_changed(
    make_content: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs_dossier.load import ParseCache
    from mkdocs_dossier.rules import base
    from mkdocs_dossier.validate import ValidationCache

    files = {name: text for case in FAILING.values() for name, text in case[0].items()}
    content = make_content(files)
    checked: list[tuple[str, str]] = []
    for rule in RULES.values():
        if rule.check_record is not None:
            inner = rule.check_record

            def counting(tree: base.Tree, rid: str, inner: Any = inner, name: str = rule.id) -> Any:
                checked.append((name, rid))
                return inner(tree, rid)

            monkeypatch.setitem(RULES, rule.id, dataclasses.replace(rule, check_record=counting))
    cache, validated = ParseCache(), ValidationCache()

    def lines() -> list[str]:
        found = check_content(content, content.parent, cache=cache, validated_cache=validated)
        return [p.format_text() for p in found.problems]

    first = lines()
    for rule_id, (_, expected) in FAILING.items():
        assert expected.format(level=RULES[rule_id].severity.value) in first
    assert checked
    checked.clear()
    assert lines() == first
    assert checked == []  # nothing changed, nothing checked again
    # The source an event cites is published later: only what reads it is checked.
    (content / "sources/old.yml").write_text(
        "title: Old\ntype: news\npublished: 2024-06-01\n", encoding="utf-8"
    )
    after = lines()
    assert {rid for _, rid in checked} == {"old", "later"}
    assert not any(line.startswith("content/events/later.yml") for line in after)
    fresh = check_content(content, content.parent)
    assert after == [p.format_text() for p in fresh.problems]
    # A source up a confirmed claim's chain no longer relays: two origins now.
    (content / "sources/wire-copy.yml").write_text(
        "title: Widget launch, as relayed\ntype: news\npublished: 2024-10-06\n", encoding="utf-8"
    )
    checked.clear()
    after = lines()
    assert ("confirmed-needs-corroboration", "ships") in checked
    assert not any(line.startswith("content/events/ships.yml") for line in after)
    assert after == [p.format_text() for p in check_content(content, content.parent).problems]
    # A rule turned off and on again is worked out afresh.
    off = dict(DEFAULTS, **{"sourced-too-early": None})
    check_content(content, content.parent, cache=cache, validated_cache=validated, rule_levels=off)
    (content / "sources/old.yml").write_text(
        "title: Old\ntype: news\npublished: 2020-01-01\n", encoding="utf-8"
    )
    again = lines()
    assert again == [p.format_text() for p in check_content(content, content.parent).problems]
    assert any(line.startswith("content/events/later.yml") for line in again)

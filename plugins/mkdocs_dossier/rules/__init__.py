"""The whole-tree rules, one module each, and the registry that lists them.

Each rule has an id, a default severity and a docstring saying what it
checks, with a passing and a failing example (``dossier validate --explain
RULE`` prints it). A site sets any rule's severity in ``mkdocs.yml``::

    plugins:
      - dossier:
          rules:
            confirmed-needs-corroboration: error   # error, warning, info or off

Adding a rule means a module here with ``ID``, ``SEVERITY``, a docstring and
``check(tree)``, and one line in ``RULES``. A rule that checks each record
on its own may give ``check_record(tree, id)`` and ``reads(tree, id)``
instead (``check = each_record(check_record)``), so that ``serve`` checks
again only the records whose reads changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from ..problems import Problem, Severity, did_you_mean, quoted_list
from . import (
    confirmed_needs_corroboration,
    relay_without_based_on,
    sourced_too_early,
    unused_source,
)
from .base import Rule, RuleMemo, Tree

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in map(
        Rule.of,
        (
            unused_source,
            sourced_too_early,
            confirmed_needs_corroboration,
            relay_without_based_on,
        ),
    )
}

OFF = "off"
#: What a site may set a rule to, from most to least severe.
LEVELS = (*(severity.value for severity in Severity), OFF)

#: A site's severity for each rule, None when it is off.
Levels = Mapping[str, Severity | None]
DEFAULTS: dict[str, Severity | None] = {rule_id: r.severity for rule_id, r in RULES.items()}


class RuleOptionError(ValueError):
    """A ``rules`` option the registry cannot accept, with the reason."""


def levels(options: object) -> dict[str, Severity | None]:
    """Every rule's severity: the defaults, with a site's ``rules`` option
    (rule id -> error, warning, info or off) applied. YAML reads an unquoted
    ``off`` as false, which means off too."""
    found = dict(DEFAULTS)
    if options is None:
        return found
    if not isinstance(options, Mapping):
        raise RuleOptionError(
            f"rules must be a mapping of rule ids to {' or '.join(LEVELS)}, "
            f"e.g. {{{next(iter(RULES))}: error}}"
        )
    for rule_id, level in options.items():
        if rule_id not in RULES:
            hint = did_you_mean(str(rule_id), RULES)
            raise RuleOptionError(
                f'no rule has the id "{rule_id}"{hint}; the rules are {quoted_list(RULES)}'
            )
        if level is False:
            level = OFF
        if not isinstance(level, str) or level not in LEVELS:
            shown = str(level).lower() if isinstance(level, bool) else repr(level)
            raise RuleOptionError(
                f"rule {rule_id}: severity {shown} is not one of {quoted_list(LEVELS)}"
            )
        found[rule_id] = None if level == OFF else Severity(level)
    return found


def run(
    tree: Tree, settings: Levels | None = None, memo: RuleMemo | None = None
) -> Iterable[Problem]:
    """Every rule's problems, at the severity the site sets (none when off).
    With a ``memo``, a per-record rule checks again only the records whose
    reads changed since the run that filled it."""
    settings = DEFAULTS if settings is None else settings
    ordered: list[str] | None = None
    for rule_id, rule in RULES.items():
        level = settings.get(rule_id, rule.severity)
        if level is None:
            continue
        found: Iterable[Problem]
        if memo is not None and rule.check_record is not None and rule.reads is not None:
            if ordered is None:
                ordered = sorted(tree.records)
            found = _remembered(tree, rule, ordered, memo)
        else:
            found = rule.check(tree)
        for problem in found:
            yield (
                problem
                if problem.severity is level
                else dataclasses.replace(problem, severity=level)
            )


def _remembered(tree: Tree, rule: Rule, ordered: list[str], memo: RuleMemo) -> list[Problem]:
    assert rule.check_record is not None and rule.reads is not None
    before = memo.get(rule.id, {})
    now: dict[str, tuple[tuple[Any, ...], list[Problem]]] = {}
    problems: list[Problem] = []
    for record_id in ordered:
        reads = rule.reads(tree, record_id)
        last = before.get(record_id)
        if last is not None and last[0] == reads:
            found = last[1]
        else:
            found = list(rule.check_record(tree, record_id))
        now[record_id] = (reads, found)
        problems.extend(found)
    memo[rule.id] = now
    return problems


def explain(rule_id: str) -> str:
    """What a rule checks, its default severity and its examples, as text."""
    rule = RULES[rule_id]
    doc = rule.doc.replace("::\n", ":\n").replace("``", "")
    return f"{doc}\n\nDefault severity: {rule.severity.value}.\n"


__all__ = [
    "DEFAULTS",
    "LEVELS",
    "OFF",
    "RULES",
    "Levels",
    "Rule",
    "RuleOptionError",
    "Tree",
    "explain",
    "levels",
    "run",
]

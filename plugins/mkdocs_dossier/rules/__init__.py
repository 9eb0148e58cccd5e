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
on its own may give ``check_record(tree, id)`` and ``depends(tree, id)``
(the other records it reads) instead (``check = each_record(check_record)``),
so that ``serve`` checks again only what an edit can change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from ..problems import Problem, Severity, did_you_mean, quoted_list
from . import (
    confirmed_needs_corroboration,
    relay_without_based_on,
    sourced_too_early,
    unused_source,
)
from .base import Outcomes, Rule, RuleMemo, Tree

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
    With a ``memo``, a per-record rule checks again only the records that
    changed since the run that filled it, and those that read one of them."""
    settings = DEFAULTS if settings is None else settings
    changed = _changed(tree, memo) if memo is not None else None
    try:
        yield from _run(tree, settings, memo, changed)
    except BaseException:
        if memo is not None:  # what it holds may be half updated
            memo.records = None
            memo.outcomes.clear()
        raise


def _run(
    tree: Tree, settings: Levels, memo: RuleMemo | None, changed: set[str] | None
) -> Iterable[Problem]:
    for rule_id, rule in RULES.items():
        level = settings.get(rule_id, rule.severity)
        if level is None:
            if memo is not None:
                memo.outcomes.pop(rule_id, None)
            continue
        found: Iterable[Problem]
        if memo is not None and rule.check_record is not None and rule.depends is not None:
            found = _remembered(tree, rule, memo, changed)
        else:
            found = rule.check(tree)
        for problem in found:
            yield (
                problem
                if problem.severity is level
                else dataclasses.replace(problem, severity=level)
            )


def _changed(tree: Tree, memo: RuleMemo) -> set[str] | None:
    """The records added, removed or changed since the memo's last run
    (None before its first), which the memo now holds."""
    last, memo.records = memo.records, tree.records
    if last is None:
        return None
    now = tree.records
    # An unchanged file keeps its document's result, the very object.
    changed = {
        rid
        for rid, entry in now.items()
        if (was := last.get(rid)) is None or was[1] is not entry[1]
    }
    changed.update(rid for rid in last if rid not in now)
    return changed


def _remembered(tree: Tree, rule: Rule, memo: RuleMemo, changed: set[str] | None) -> list[Problem]:
    assert rule.check_record is not None and rule.depends is not None
    outcomes = memo.outcomes.get(rule.id)
    if outcomes is None or changed is None:
        outcomes = memo.outcomes[rule.id] = Outcomes()
        todo: Iterable[str] = tree.records
    else:
        again = set(changed)
        for rid in changed:
            again.update(outcomes.users.get(rid, ()))
        todo = sorted(again)
    for rid in todo:
        for other in outcomes.depends.pop(rid, ()):
            users = outcomes.users.get(other)
            if users is not None:
                users.discard(rid)
        outcomes.problems.pop(rid, None)
        if rid not in tree.records:
            continue
        found = list(rule.check_record(tree, rid))
        if found:
            outcomes.problems[rid] = found
        depends = tuple(dict.fromkeys(o for o in rule.depends(tree, rid) if o != rid))
        if depends:
            outcomes.depends[rid] = depends
            for other in depends:
                outcomes.users.setdefault(other, set()).add(rid)
    return [p for rid in sorted(outcomes.problems) for p in outcomes.problems[rid]]


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

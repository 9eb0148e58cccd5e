"""YAML syntax errors as one-line messages, with the fix for common mistakes.

libyaml's messages describe the parser's state ("mapping values are not
allowed in this context"); a contributor needs the line rewritten. Each
explainer recognises one mistake from the error and the text around it and
says what to write instead:

* ``summary: He said: no`` -> quote the value: ``summary: "He said: no"``
* ``summary: 'It's fine'`` -> double the apostrophe or use double quotes
* ``tags: [#litigation]`` -> ``#`` starts a comment; quote it
"""

from __future__ import annotations

import re

import yaml

from .text import Lines

__all__ = ["explain_yaml_error"]


def explain_yaml_error(error: yaml.MarkedYAMLError, text: str = "") -> tuple[str, int | None]:
    """A one-line message for a YAML syntax error, with the fix for the usual
    newcomer mistakes, and the offset to report it at (``None``: the mark)."""
    mark = error.problem_mark
    index = mark.index if mark is not None and 0 <= mark.index <= len(text) else None
    if index is not None:
        for explain in (_colon_in_value, _apostrophe_in_quotes, _hash_in_flow):
            found = explain(error, text, index)
            if found is not None:
                return f"YAML syntax error: {found[0]}", found[1]
    return _yaml_message(error, text), None


def _line_around(text: str, index: int) -> tuple[int, str]:
    """The start offset and text (without its break) of the line holding ``index``."""
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    ends = [i for i in (text.find("\n", index), text.find("\r", index)) if i >= 0]
    return start, text[start : min(ends) if ends else len(text)]


def _double_quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_FIELD_LINE = re.compile(r"(\s*(?:-\s+)?)([^\s#'\"{\[][^:]*?):[ \t]+(.*?)[ \t]*")


def _colon_in_value(error: yaml.MarkedYAMLError, text: str, index: int) -> tuple[str, int] | None:
    # summary: He said: no  ->  libyaml: "mapping values are not allowed here"
    if "mapping values are not allowed" not in (error.problem or ""):
        return None
    start, line = _line_around(text, index)
    match = _FIELD_LINE.fullmatch(line)
    if match is None or index - start <= match.start(3):
        return None
    key, value = match.group(2), match.group(3)
    fix = f"{key}: {_double_quoted(value)}"
    return f'": " inside a value starts a new field; quote the value: {fix}', index


def _apostrophe_in_quotes(
    error: yaml.MarkedYAMLError, text: str, index: int
) -> tuple[str, int] | None:
    # summary: 'It's fine'  ->  the quote closes after "It"
    if index == 0 or text[index - 1] != "'" or not text[index : index + 1].isalnum():
        return None
    _, line = _line_around(text, index)
    match = _FIELD_LINE.fullmatch(line)
    if match is None or not match.group(3).startswith("'") or not match.group(3).endswith("'"):
        return None
    value = match.group(3)[1:-1]
    doubled = "'" + value.replace("''", "'").replace("'", "''") + "'"
    fix = f"{match.group(2)}: {_double_quoted(value.replace(chr(39) * 2, chr(39)))}"
    return (
        f"an apostrophe ends a single-quoted value; write it twice "
        f"({match.group(2)}: {doubled}) or use double quotes: {fix}",
        index - 1,
    )


_FLOW_HASH = re.compile(r"(?<=[\[{,])[ \t]*#|[ \t]#")


def _hash_in_flow(error: yaml.MarkedYAMLError, text: str, index: int) -> tuple[str, int] | None:
    # tags: [#litigation]  ->  "#" starts a comment, so "]" is never found
    if "flow" not in (error.context or ""):
        return None
    end = index
    for _ in range(50):  # the line of the "[" is at most a few lines above
        start, line = _line_around(text, end)
        opening = min((i for i in (line.find("["), line.find("{")) if i >= 0), default=-1)
        found = _FLOW_HASH.search(line, opening + 1) if opening >= 0 else None
        if found is not None:
            break
        if start == 0:
            return None
        end = start - 1
    else:
        return None
    hash_at = start + found.end() - 1
    items = re.sub(r"(?<=[\[{,])([ \t]*)(#[^,\]}]*?)(?=[ \t]*(?:[,\]}]|$))", r'\1"\2"', line)
    if not items.rstrip().endswith(("]", "}")):
        items = items.rstrip() + ("]" if line[opening] == "[" else "}")
    return (
        f'"#" starts a comment, so the rest of the line was not read; quote the value: '
        f"{items.strip()}",
        hash_at,
    )


def _yaml_message(error: yaml.MarkedYAMLError, text: str = "") -> str:
    problem = (error.problem or "invalid YAML").strip()
    context = (error.context or "").strip()
    message = f"YAML syntax error: {problem}"
    if context and context not in problem:
        context_mark = error.context_mark
        where = ""
        if context_mark is not None and 0 <= context_mark.index <= len(text):
            where = f" at line {Lines(text).position(context_mark.index).line}"
        elif context_mark is not None:
            where = f" at line {context_mark.line + 1}"
        message += f" ({context}{where})"
    mark = error.problem_mark
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "\\t" in problem:
        message += "; indent with spaces, not tabs"
    elif "\u2028" in text or "\u2029" in text:
        message += (
            "; the YAML parser reads U+2028 and U+2029 as line breaks, so a value "
            "holding one must be in double quotes"
        )
    return message

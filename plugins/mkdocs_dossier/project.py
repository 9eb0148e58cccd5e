"""The project a command works on: the nearest ``mkdocs.yml`` and the
``dossier`` plugin's options in it, read without MkDocs.

Every ``dossier`` command reads its options from here, so the CLI checks the
records with the same content folder and entity types as ``mkdocs build``.
The file is parsed with a safe YAML loader: MkDocs' own tags (``!ENV``,
``!relative``, ``!!python/name:…``) are kept as inert values, never resolved
by importing or running anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .kinds import OptionError
from .kinds import registry as site_registry
from .problems import Severity
from .rules import DEFAULTS, RuleOptionError, levels

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN_NAME = "dossier"
#: How deep ``INHERIT:`` chains may go before they are taken for a loop.
MAX_INHERIT = 10


class ProjectError(ValueError):
    """A missing or malformed ``mkdocs.yml``, described on one line."""


@dataclass(frozen=True, slots=True)
class Tagged:
    """A value under a YAML tag the CLI does not interpret (``!ENV``, ``!!python/…``)."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that keeps any other tag as a ``Tagged`` value."""


def _tagged(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("", _tagged)


@dataclass(frozen=True, slots=True)
class Project:
    """Where a dossier lives and how its plugin is configured."""

    #: Folder of ``mkdocs.yml``; the current folder when there is none.
    root: Path
    #: The ``mkdocs.yml`` read, or None when no file was found.
    config_file: Path | None
    #: The records folder, absolute (``content_dir``, relative to ``root``).
    content_dir: Path
    #: The site's own entity types, as written: names or mappings (``kinds.registry``).
    entity_types: tuple[Any, ...] = ()
    templates_dir: Path | None = None
    enabled: bool = True
    jobs: int = 0
    site_name: str = ""
    #: The repository's web address (``repo_url``), when it is http(s).
    repo_url: str = ""
    #: Every whole-tree rule's severity (``rules``), None when off.
    rules: dict[str, Severity | None] = field(default_factory=lambda: dict(DEFAULTS))
    #: The site's own pages, absolute (``docs_dir``, default ``docs``).
    docs_dir: Path | None = None
    #: ``site_url``, with an ``!ENV`` value looked up as MkDocs does ("" when unset).
    site_url: str = ""
    use_directory_urls: bool = True
    #: Every option given to the plugin, as written.
    options: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``mkdocs.yml`` in ``start`` (default: the current folder) or above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load_project(config_file: str | Path | None = None, start: Path | None = None) -> Project:
    """The project of ``config_file``, or of the nearest ``mkdocs.yml``.

    With no file found, the defaults apply with the current folder as root,
    as for a bare ``content/`` folder. Raises ``ProjectError`` on a file that
    cannot be read or options the plugin would refuse.
    """
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ProjectError(f"{path}: no such file")
    else:
        found = find_config(start)
        if found is None:
            root = (start or Path.cwd()).resolve()
            return Project(root, None, root / "content", docs_dir=root / "docs")
        path = found
    path = path.resolve()
    config = read_config(path)
    options = plugin_options(config, path)
    return _project(path, config, options)


def read_config(path: Path, depth: int = 0) -> dict[str, Any]:
    """The mapping in ``path``, with ``INHERIT:`` parents merged in as MkDocs does."""
    name = _shown(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ProjectError(f"{name}: cannot be read ({_reason(error)})") from None
    try:
        config = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = error.problem or error.context or "invalid YAML"
        raise ProjectError(f"{where}: {problem}") from None
    except yaml.YAMLError as error:
        raise ProjectError(f"{name}: invalid YAML ({error})") from None
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise ProjectError(f"{name}: expected a mapping of settings, not {_type(config)}")
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config
    if not isinstance(parent, str):
        raise ProjectError(f"{name}: INHERIT must be a file name, not {_type(parent)}")
    if depth >= MAX_INHERIT:
        raise ProjectError(f"{name}: INHERIT goes more than {MAX_INHERIT} files deep")
    parent_path = (path.parent / parent).resolve()
    if not parent_path.is_file():
        raise ProjectError(f"{name}: INHERIT names {parent}, which does not exist")
    return _merge(read_config(parent_path, depth + 1), config)


def plugin_options(config: dict[str, Any], path: Path) -> dict[str, Any]:
    """The options given to the ``dossier`` plugin in ``config`` ({} when it has none)."""
    name = _shown(path)
    plugins = config.get("plugins")
    if plugins is None:
        return {}
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = []
        for item in plugins:
            if isinstance(item, str):
                entries.append((item, None))
            elif isinstance(item, dict) and len(item) == 1:
                entries.append(next(iter(item.items())))
            else:
                raise ProjectError(
                    f"{name}: each plugin is a name or a single name: options mapping, "
                    f"not {_type(item)}"
                )
    else:
        raise ProjectError(f"{name}: plugins must be a list, not {_type(plugins)}")
    for plugin, options in entries:
        if plugin != PLUGIN_NAME:
            continue
        if options is None:
            return {}
        if not isinstance(options, dict):
            raise ProjectError(
                f"{name}: the {PLUGIN_NAME} plugin's options must be a mapping, "
                f"not {_type(options)}"
            )
        return options
    return {}


def _project(path: Path, config: dict[str, Any], options: dict[str, Any]) -> Project:
    name = _shown(path)

    def bad(option: str, expected: str, value: object) -> ProjectError:
        return ProjectError(
            f"{name}: {PLUGIN_NAME} option {option}: expected {expected}, not {_type(value)}"
        )

    root = path.parent
    content = options.get("content_dir", "content")
    if not isinstance(content, str) or not content.strip():
        raise bad("content_dir", "a folder name", content)
    templates = options.get("templates_dir")
    if templates is not None and (not isinstance(templates, str) or not templates.strip()):
        raise bad("templates_dir", "a folder name", templates)
    types = options.get("entity_types", [])
    if types is None:
        types = []
    if not isinstance(types, list):
        raise bad("entity_types", "a list of names, e.g. [vessel]", types)
    try:
        site_registry(types)
    except OptionError as error:
        raise ProjectError(f"{name}: {PLUGIN_NAME} option entity_types: {error}") from None
    enabled = options.get("enabled", True)
    if not isinstance(enabled, bool):
        raise bad("enabled", "true or false", enabled)
    jobs = options.get("jobs", 0)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise bad("jobs", "0 (one process per core), 1 (no workers) or more", jobs)
    try:
        rule_levels = levels(options.get("rules"))
    except RuleOptionError as error:
        raise ProjectError(f"{name}: {PLUGIN_NAME} option rules: {error}") from None
    site_name = config.get("site_name")
    docs = config.get("docs_dir", "docs")
    if not isinstance(docs, str) or not docs.strip():
        raise ProjectError(f"{name}: docs_dir: expected a folder name, not {_type(docs)}")
    site_url = env_value(config.get("site_url"))
    if site_url is not None and not isinstance(site_url, str):
        raise ProjectError(f"{name}: site_url: expected a URL, not {_type(site_url)}")
    directory_urls = config.get("use_directory_urls", True)
    if not isinstance(directory_urls, bool):
        raise ProjectError(
            f"{name}: use_directory_urls: expected true or false, not {_type(directory_urls)}"
        )
    return Project(
        root=root,
        config_file=path,
        content_dir=(root / content).resolve(),
        entity_types=tuple(types),
        templates_dir=(root / templates).resolve() if templates else None,
        enabled=enabled,
        jobs=jobs,
        site_name=site_name if isinstance(site_name, str) else "",
        repo_url=web_address(config.get("repo_url")),
        rules=rule_levels,
        docs_dir=(root / docs).resolve(),
        site_url=site_url or "",
        use_directory_urls=directory_urls,
        options=dict(options),
    )


def site_schemas(project: Project) -> dict[str, dict[str, Any]]:
    """The JSON Schemas of the records, with the site's own entity types allowed."""
    from .jsonschema import all_schemas

    return all_schemas(registry=site_registry(project.entity_types))


def entity_type_names(project: Project) -> tuple[str, ...]:
    """The values of the site's own entity types."""
    return tuple(t if isinstance(t, str) else str(t.get("value")) for t in project.entity_types)


def web_address(value: object) -> str:
    """``value`` when it is an http(s) address, else ``""``."""
    if not isinstance(value, str):
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def env_value(value: object) -> object:
    """A setting's value with MkDocs' ``!ENV`` resolved: ``!ENV NAME`` or
    ``!ENV [NAME, OTHER, default]`` (the first variable set, else the default)."""
    if not isinstance(value, Tagged) or value.tag != "!ENV":
        return value
    names = value.value if isinstance(value.value, list) else [value.value]
    if not names:
        return None
    *variables, default = names if len(names) > 1 else [*names, None]
    for variable in variables:
        if isinstance(variable, str) and variable in os.environ:
            return os.environ[variable]
    return default


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is below it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.as_posix()


def _type(value: object) -> str:
    if isinstance(value, Tagged):
        return f"a {value.tag} value"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return str(error)

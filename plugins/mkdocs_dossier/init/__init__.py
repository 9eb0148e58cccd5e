"""``dossier init``: a new dossier repository, ready to build and publish.

The static files live in ``files/`` (a leading dot is added on writing:
``github/`` becomes ``.github/``); what depends on the title, the package's
version or the record format (the methodology's vocabularies, the JSON
Schemas, the editor settings, the example records) is written from here.
Nothing is ever overwritten: an existing dossier or a folder with files in
it is refused before anything is written.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..kinds import REGISTRY
from .engines import DEFAULT_ENGINE, EngineError, checked_engine, for_engine

KINDS = REGISTRY.kinds
ENTITY_TYPES = KINDS["entity"].vocabulary("type").values
EVENT_STATUSES = KINDS["event"].vocabulary("status").values
STATEMENT_TYPES = KINDS["statement"].vocabulary("type").values
SOURCE_TYPES = KINDS["source"].vocabulary("type").values

FILES = Path(__file__).resolve().parent / "files"
DISTRIBUTION = "mkdocs-dossier"
#: The Material for MkDocs release this package is tested with (requirements.lock).
MATERIAL_VERSION = "9.8.2"
#: Folders of a story repository whose names start with a dot.
DOTTED = {"github": ".github", "gitignore": ".gitignore"}
#: The files in ``files/`` that hold ``@name@`` placeholders.
TEMPLATED = {"mkdocs.yml", "docs/index.md", "README.md"}
#: What a folder may already hold and still count as empty (a fresh clone).
IGNORED = {".git"}
TITLE_MAX = 200


class InitError(ValueError):
    """A refusal, with a message saying why nothing was written."""


@dataclass(slots=True)
class Written:
    root: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def init_project(target: Path, title: str, engine: str = DEFAULT_ENGINE) -> Written:
    """Write a new dossier repository into ``target`` and return what was written."""
    title = _checked_title(title)
    try:
        checked_engine(engine)
    except EngineError as error:
        raise InitError(str(error)) from None
    _check_target(target)
    files = project_files(title, engine=engine)
    root = target.resolve() if target.exists() else target.absolute()
    written = Written(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            written.files.append(path)
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise InitError(f"{target}: cannot write the dossier ({reason})") from None
    wheel = installed_wheel()
    version = package_version()
    if wheel is not None:
        copy = root / "wheels" / wheel.name
        shutil.copyfile(wheel, copy)
        written.files.append(copy)
    else:
        written.notes.append(
            f"{DISTRIBUTION} {version} is not on PyPI: put its wheel in wheels/ so that "
            f"`pip install -r requirements.txt` (and the workflow) can find it, e.g. "
            f"`pip wheel --no-deps -w wheels <a checkout of {DISTRIBUTION} {version}>`"
        )
    return written


def project_files(
    title: str, entity_types: tuple[str, ...] = (), engine: str = DEFAULT_ENGINE
) -> dict[str, str]:
    """Every file of a new dossier titled ``title``, built with ``engine``:
    relative path -> text."""
    from ..jsonschema import dumps
    from ..project import Project, site_schemas

    values = {
        "site_name": yaml_string(html_text(title)),
        "site_description": yaml_string(f"A sourced briefing: {html_text(title)}"),
        "title_markdown": markdown_text(title),
    }
    files: dict[str, str] = {}
    for path in sorted(p for p in FILES.rglob("*") if p.is_file()):
        relative = path.relative_to(FILES).as_posix()
        first, _, rest = relative.partition("/")
        relative = "/".join(filter(None, (DOTTED.get(first, first), rest)))
        text = path.read_text(encoding="utf-8")
        files[relative] = _fill(text, values, relative) if relative in TEMPLATED else text
    files["docs/about.md"] = methodology()
    files["requirements.txt"] = requirements()
    files["wheels/README.md"] = (
        f"The {DISTRIBUTION} wheel that `requirements.txt` pins is kept here,\n"
        "because the package is not published on PyPI.\n"
    )
    files.update(example_records())
    project = Project(Path("."), None, Path("content"), entity_types=entity_types)
    for kind, schema in site_schemas(project).items():
        files[f"schema/{kind}.json"] = dumps(schema)
    files[".vscode/settings.json"] = vscode_settings()
    return for_engine(dict(sorted(files.items())), engine, generated_paths())


def generated_paths() -> list[str]:
    """The docs paths ``dossier render`` writes (folders by one of their files)."""
    from ..build import FEED, SCRIPT
    from ..render import site_pages

    paths = [spec.uri for spec in site_pages(REGISTRY)]
    paths += [f"{spec.folder}/index.md" for spec in KINDS.values()]
    return sorted({*paths, SCRIPT, FEED, "data/dossier.json", "schema/entity.json"})


def package_version() -> str:
    return metadata.version(DISTRIBUTION)


def requirements() -> str:
    return (
        "# The tools that check and build this dossier, pinned so that every build agrees.\n"
        f"# {DISTRIBUTION} is not published on PyPI: pip finds its wheel in wheels/.\n"
        "--find-links wheels\n"
        f"{DISTRIBUTION}=={package_version()}\n"
        "mkdocs>=1.6,<2\n"
        f"mkdocs-material=={MATERIAL_VERSION}\n"
    )


def installed_wheel() -> Path | None:
    """The wheel this package was installed from, when pip recorded one that still exists."""
    try:
        raw = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return None
    if not raw:
        return None
    try:
        url = json.loads(raw).get("url", "")
    except (json.JSONDecodeError, AttributeError):
        return None
    parsed = urlparse(url)
    if parsed.scheme != "file" or not parsed.path.endswith(".whl"):
        return None
    path = Path(unquote(parsed.path))
    return path if path.is_file() else None


def methodology() -> str:
    """The methodology page, its lists generated from the vocabularies the validator uses."""
    out = [
        "# Methodology",
        "",
        "This dossier tells one story as small, sourced records. Each record says one",
        "thing: who someone is, what happened and when, what someone said, or where it",
        "was published. Every record has a page, and that page lists every record that",
        "points to it.",
        "",
        "| kind | what it holds |",
        "| --- | --- |",
    ]
    for spec in KINDS.values():
        out.append(f"| **{spec.name.capitalize()}** (`content/{spec.folder}/`) | {spec.doc} |")
    sections = [
        (
            "Event status",
            KINDS["event"].vocabulary("status"),
            "A status says how well established an event is, not whether anyone acted "
            "rightly. When unsure, choose the weaker status; an allegation stays `alleged` "
            "however often it is repeated, and a status changes only when a newly cited "
            "source justifies it.",
        ),
        (
            "Statement types",
            KINDS["statement"].vocabulary("type"),
            "A statement records what someone said, or that they said nothing, attributed "
            "the way the source attributes it. A `no-comment` or `no-response` neither "
            "confirms nor denies anything.",
        ),
        ("Entity types", KINDS["entity"].vocabulary("type"), "Each entity has one type."),
        ("Source types", KINDS["source"].vocabulary("type"), "Each source has one type."),
    ]
    for heading, vocabulary, intro in sections:
        out += ["", f"## {heading}", "", intro, ""]
        for term in vocabulary.terms:
            meaning = term.doc or "*define this value here*"
            out += [f"`{term.value}`", f":   {meaning[0].upper()}{meaning[1:]}.", ""]
        out.pop()
    out += [
        "",
        "## Sourcing",
        "",
        "Every event and statement cites at least one source, quotes are verbatim, and",
        "nothing is added that the cited sources do not support. A source's `based_on`",
        "names the sources it relays: ten outlets repeating one report are one report.",
        "",
        "## Corrections",
        "",
        "To report an error, open an issue naming the record and giving a source that",
        "shows what is wrong, or fix the record with a pull request (see",
        "[Contribute](contribute.md)).",
        "",
    ]
    return "\n".join(out)


def example_records() -> dict[str, str]:
    """One record of each kind, valid and citing one another, to copy and replace."""
    return {
        "content/entities/example-organization.yml": (
            "# An example record: replace it with a real one, or delete it.\n"
            "type: organization\n"
            "name: Example Organization\n"
            "summary: A placeholder organisation standing in for a real party to the story.\n"
            "website: https://example.org/\n"
            "sources: [example-source]\n"
        ),
        "content/sources/example-source.yml": (
            "# An example record: replace it with a real one, or delete it.\n"
            "title: Example Organization announces an example\n"
            "type: news\n"
            "publisher: example-organization\n"
            "authors: [A. Reporter]\n"
            "published: 2025-01-28\n"
            "url: https://example.org/news/example\n"
            "language: en\n"
        ),
        "content/events/example-event.yml": (
            "# An example record: replace it with a real one, or delete it.\n"
            "title: Example Organization announces an example\n"
            "date: 2025-01-28\n"
            "status: reported\n"
            "summary: A placeholder event, reported by the example source.\n"
            "participants:\n"
            "  - entity: example-organization\n"
            "    role: announcer\n"
            "sources:\n"
            "  - source: example-source\n"
            "    locator: para. 1\n"
            "    quote: Example Organization announced an example.\n"
        ),
        "content/statements/example-statement.yml": (
            "# An example record: replace it with a real one, or delete it.\n"
            "speaker: example-organization\n"
            "attribution: a spokesperson for Example Organization\n"
            "date: 2025-01-28\n"
            "type: comment\n"
            "quote: This is an example quote.\n"
            "about: [example-event]\n"
            "sources: [example-source]\n"
        ),
    }


def vscode_settings() -> str:
    """Editor settings: each kind's JSON Schema for its folder, and MkDocs' YAML tags."""
    schemas = {
        f"./schema/{kind}.json": [
            f"content/{spec.folder}/**/*.yml",
            f"content/{spec.folder}/**/*.yaml",
        ]
        for kind, spec in KINDS.items()
    }
    settings = {
        "yaml.schemas": schemas,
        "yaml.customTags": [
            "!ENV scalar",
            "!ENV sequence",
            "tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji",
            "tag:yaml.org,2002:python/name:material.extensions.emoji.to_svg",
        ],
        "files.insertFinalNewline": True,
        "files.trimTrailingWhitespace": True,
    }
    return json.dumps(settings, indent=2) + "\n"


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def html_text(text: str) -> str:
    """``text`` safe where Material's templates print ``site_name`` unescaped."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown: every ASCII punctuation mark as a character reference,
    so no emphasis, link, heading, attribute list, emoji shortcode or HTML can form."""
    return re.sub(r"[!-/:-@\[-`{-~]", lambda m: f"&#{ord(m.group())};", text)


def _checked_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise InitError("--title is empty; give the story's title")
    if len(title) > TITLE_MAX:
        raise InitError(f"--title is {len(title)} characters long; at most {TITLE_MAX}")
    for char in title:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise InitError(
                f"--title holds the control or invisible character U+{ord(char):04X}; "
                "give it as one line of plain text"
            )
    return title


def _check_target(target: Path) -> None:
    if target.is_symlink() and not target.exists():
        raise InitError(f"{target}: is a broken symbolic link")
    if not target.exists():
        return
    if not target.is_dir():
        raise InitError(f"{target}: exists and is not a folder")
    for marker in ("mkdocs.yml", "mkdocs.yaml", "content"):
        if (target / marker).exists():
            raise InitError(
                f"{target}: already holds a dossier ({marker} exists); "
                "dossier init never overwrites"
            )
    try:
        entries = sorted(p.name for p in target.iterdir() if p.name not in IGNORED)
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise InitError(f"{target}: cannot be read ({reason})") from None
    if entries:
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        raise InitError(
            f"{target}: is not empty ({shown}); dossier init writes only into a new or empty folder"
        )


def _fill(text: str, values: dict[str, str], name: str) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:  # pragma: no cover - a template bug
            raise KeyError(f"{name}: unknown placeholder @{key}@")
        return values[key]

    return re.sub(r"@([a-z_]+)@", value, text)

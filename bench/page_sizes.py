"""How large the generated pages that are not record pages grow.

``python bench/page_sizes.py DIR --records N`` writes a synthetic dossier
(``bench/generate.py``) with what the plain benchmark leaves out — a home
page with the at-a-glance block, a tags page, corrections on some records,
every view in the navigation — builds it with MkDocs and prints, for every
page that is not a record page, its size in bytes and its entries (the
distinct record pages it links to), largest first. The last line is
``records=N largest=<page> bytes=… entries=…`` for the page with the most
entries. ``--no-build`` measures a site already built in ``DIR/site``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from generate import KIND_FOLDERS, generate

HOME = """\
# Synthetic dossier

A generated dossier of {n} records, for measuring page sizes.

<!-- dossier:at-a-glance -->
"""
TAGS = "# Tags\n\n<!-- material/tags -->\n"
NAV = """\
nav:
  - Home: index.md
  - Timeline: events/index.md
  - Entities: entities/index.md
  - Graph: graph/index.md
  - Claims: claims/index.md
  - Statements: statements/index.md
  - Sources: sources/index.md
  - Tags: tags.md
  - Print: briefing/index.md
  - Corrections: corrections/index.md
"""
HREF = re.compile(r'href="([^"#?]*)')


def prepare(root: Path, n: int, seed: int) -> None:
    """The synthetic dossier, with a home page, tags page and corrections."""
    generate(root, n, seed)
    (root / "docs" / "index.md").write_text(HOME.format(n=n), encoding="utf-8")
    (root / "docs" / "tags.md").write_text(TAGS, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("nav:\n"), text.index("validation:")
    config.write_text(text[:start] + NAV + text[end:], encoding="utf-8")
    # One record in twenty carries a correction, dated over two years.
    for number, path in enumerate(sorted((root / "content").rglob("*.yml"))):
        if number % 20 == 0:
            month = number // 20 % 24
            day = f"{2025 + month // 12}-{month % 12 + 1:02d}-{number % 28 + 1:02d}"
            with path.open("a", encoding="utf-8") as file:
                file.write(f"corrections:\n  - date: {day}\n    note: Corrected entry {number}.\n")


def measure(site: Path, content: Path) -> list[tuple[str, int, int]]:
    """(page, bytes, entries) of every built page that is not a record page."""
    records = {
        (site / folder / path.stem).resolve()
        for folder in KIND_FOLDERS.values()
        for path in (content / folder).glob("*.yml")
    }
    rows = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" or page.parent.resolve() in records:
            continue
        html = page.read_text(encoding="utf-8")
        targets = {(page.parent / href).resolve() for href in HREF.findall(html) if href}
        targets = {t.parent if t.name == "index.html" else t for t in targets}
        rows.append((str(page.relative_to(site)), len(html.encode()), len(targets & records)))
    rows.sort(key=lambda row: (-row[2], -row[1]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if not args.no_build:
        prepare(args.out, args.records, args.seed)
        config = str(args.out / "mkdocs.yml")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config], check=True
        )
    rows = measure(args.out / "site", args.out / "content")
    print(f"{'page':<48} {'bytes':>12} {'entries':>8}")
    for page, size, entries in rows[: args.top]:
        print(f"{page:<48} {size:>12,} {entries:>8,}")
    print(f"... {len(rows)} pages that are not record pages")
    biggest = max(rows, key=lambda row: row[1])
    print(f"largest by bytes: {biggest[0]} bytes={biggest[1]} entries={biggest[2]}")
    page, size, entries = rows[0]
    print(f"records={args.records} largest={page} bytes={size} entries={entries}")


if __name__ == "__main__":
    main()

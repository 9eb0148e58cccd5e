"""Time one search on a built site in a cold Chromium: typing to first result.

``python bench/search_timer.py SITE_DIR QUERY`` serves SITE_DIR on a free
localhost port, opens its home page in a fresh browser context (empty cache),
waits for the page to load, clicks Material's search box, types QUERY and
waits for the first result in Material's result list. Prints one JSON line:

``seconds``
    from the first key press to the first result element in the list, both
    taken in the page's own clock (a ``keydown`` listener and a
    ``MutationObserver`` installed before typing), so Playwright's polling
    adds nothing.
``bytes``
    response bodies of the search's own requests started before that result:
    the search engine's files (``pagefind/…``, or lunr's ``search/…`` index,
    worker and language files), wherever they were asked for, page load
    included. What the page costs without searching is ``page_bytes``.
``page_bytes``, ``requests``
    every other response body up to the first result, and the number of
    requests of both kinds.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Installed before typing: the first key press and the first result, in
#: epoch milliseconds (``performance.timeOrigin + performance.now()``).
WATCH = """() => {
  window.__dossierBench = {key: null, result: null};
  const now = () => performance.timeOrigin + performance.now();
  const seen = () => {
    if (window.__dossierBench.result === null &&
        document.querySelector(".md-search-result__item:not(.dossier-search-more)")) {
      window.__dossierBench.result = now();
    }
  };
  document.addEventListener("keydown", () => {
    if (window.__dossierBench.key === null) window.__dossierBench.key = now();
  }, true);
  new MutationObserver(seen).observe(document.body, {subtree: true, childList: true});
}"""

BOX = "[data-md-component=search-query]"
RESULT = ".md-search-result__item:not(.dossier-search-more)"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def is_search_file(url: str) -> bool:
    """A search engine's own file: Pagefind's bundle or lunr's index, worker, languages."""
    path = urlsplit(url).path
    parts = path.strip("/").split("/")
    return (
        "pagefind" in parts
        or "search" in parts
        or "workers" in parts
        or "lunr" in parts
        or path.endswith("search-worker.js")
    )


def measure(site: Path, query: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_context().new_page()
            finished: list[object] = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(url, wait_until="load")
            page.evaluate(WATCH)
            page.click(BOX)
            page.type(BOX, query)
            page.wait_for_selector(RESULT, timeout=120_000)
            page.wait_for_function("window.__dossierBench.result !== null")
            marks = page.evaluate("window.__dossierBench")
            search = other = count = 0
            for request in finished:
                if request.timing["startTime"] > marks["result"]:  # type: ignore[attr-defined]
                    continue
                size = max(0, request.sizes()["responseBodySize"])  # type: ignore[attr-defined]
                count += 1
                if is_search_file(request.url):  # type: ignore[attr-defined]
                    search += size
                else:
                    other += size
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        "seconds": (marks["result"] - marks["key"]) / 1000,
        "bytes": search,
        "page_bytes": other,
        "requests": count,
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))

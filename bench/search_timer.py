"""Time one search on a built site in a cold Chromium: typing to first result.

``python bench/search_timer.py SITE_DIR QUERY`` serves SITE_DIR on a free
localhost port, opens its home page in a fresh browser context (empty cache),
waits for the page to load, types QUERY into Material's search box and waits
for the first result in Material's result list. Prints one JSON line:
``{"seconds": …, "bytes": …, "requests": …}``: seconds from typing to the first
result element, and the response body bytes of every request from opening the
page to that result (Playwright's ``request.sizes()``).
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

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


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site: Path, query: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context()
            page = context.new_page()
            finished: list[object] = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(url, wait_until="load")
            box = "[data-md-component=search-query]"
            page.click(box)
            began = time.perf_counter()
            page.type(box, query)
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
            seconds = time.perf_counter() - began
            total = sum(r.sizes()["responseBodySize"] for r in finished)  # type: ignore[attr-defined]
            count = len(finished)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"seconds": seconds, "bytes": total, "requests": count}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))

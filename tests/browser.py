"""Headless Chromium for the browser tests: Debian's build, driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def chromium_path() -> str:
    """Debian's Chromium; skip locally when missing, fail in CI."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests: apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    """A localhost port free now, for a site built with its own address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve a built site on localhost (a free port unless given); yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser() -> Iterator[object]:
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


#: In a page of a built site: Material's own search worker, set up with the
#: site's index, answering each query; the pages it finds, best first, as
#: the search box would list them (one entry a page, by its location).
LUNR_RESULTS = """async queries => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const base = new URL(config.base + '/', location.href);
  const index = await (await fetch(new URL('search/search_index.json', base))).json();
  const worker = new Worker(new URL(config.search, location.href));
  const ask = message => new Promise(done => {
    worker.onmessage = event => done(event.data);
    worker.postMessage(message);
  });
  await ask({type: 0, data: {...index, options: {suggest: false}}});
  const out = {};
  for (const query of queries) {
    const reply = await ask({type: 2, data: query});
    out[query] = reply.data.items.map(group => group[0].location.split('#')[0]);
  }
  worker.terminate();
  return out;
}"""


def lunr_results(page: Any, queries: list[str]) -> dict[str, list[str]]:
    """What Material's search finds for each query, on a page of a lunr site."""
    return dict(page.evaluate(LUNR_RESULTS, queries))

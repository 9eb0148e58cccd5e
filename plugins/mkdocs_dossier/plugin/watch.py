"""Watching the records folder under ``mkdocs serve``.

MkDocs watches with watchdog's polling observer: every half second it lists
and stats every file of each watched folder. For a records folder of 10,000
files that is a scan of about 65 ms twice a second, in the server's process
while it rebuilds, and a save is seen a quarter of a second late on average.
The records folder is watched with the system's own notifications instead
(inotify, FSEvents, ReadDirectoryChangesW: watchdog's ``Observer``), and a
change asks the server for a rebuild the way MkDocs' own watch does. Where
the system has none, or the server is not the one this was written for, the
folder is watched by MkDocs as before.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ..load import FileChanges

log = logging.getLogger("mkdocs.plugins.dossier")

#: Events of a file being read, not changed: a rebuild reads the files that
#: changed, and would otherwise ask for one more rebuild each time.
READ_ONLY_EVENTS = frozenset({EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE})


def watch_folder(server: Any, path: str, changes: FileChanges | None = None) -> BaseObserver | None:
    """Rebuild ``server``'s site when a file under ``path`` changes, noting
    each changed path in ``changes``; the observer started for it, or None
    when MkDocs' own watch was used (which does not say what changed)."""
    condition = getattr(server, "_rebuild_cond", None)
    if (
        not isinstance(condition, threading.Condition)
        or not hasattr(server, "_want_rebuild")
        or Observer is PollingObserver
    ):
        server.watch(path)
        return None
    wanted: threading.Condition = condition

    class Rebuild(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in READ_ONLY_EVENTS:
                return
            if changes is not None:
                if event.is_directory and event.event_type != EVENT_TYPE_MODIFIED:
                    changes.lose()  # a folder created, moved or removed: look again
                for changed in (event.src_path, getattr(event, "dest_path", "")):
                    if changed:
                        changes.note(os.fsdecode(changed))
            if event.is_directory:
                return
            log.debug(str(event))
            with wanted:
                server._want_rebuild = True
                wanted.notify_all()

    observer = Observer()
    try:
        observer.schedule(Rebuild(), path, recursive=True)
        observer.start()
    except OSError as error:  # e.g. out of inotify watches
        log.debug(f"watching {path} with the system's notifications failed: {error}")
        server.watch(path)
        return None
    log.info(f"Watching '{path}' for changes")
    return observer

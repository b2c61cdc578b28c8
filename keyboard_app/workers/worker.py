"""The base of the app's workers (the superqt pattern): a QObject on its own QThread that runs one job at a time
and reports every job the same way.

Signals: `started(job)`, `progress(object)`, `result(object)`, `error(job, exception)`, `finished(job)`; a job ends
with exactly one `result` or `error`, then `finished`. Cancelling is one Event: `cancel()` sets it, `stop_thread()`
sets it and ends the thread once the requests sent before it are done, a long job polls `cancelled()`, and
`allow_next_job()` clears it.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


class Worker(QObject):
    """Runs jobs on the QThread `thread` (named `name`); `set_up` runs there first, when the thread starts."""

    started = Signal(str)  # the job's name
    progress = Signal(object)  # what the job reports as it goes
    result = Signal(object)  # what the job returned
    error = Signal(str, object)  # the job's name and the exception that ended it
    finished = Signal(str)  # the job's name, after its result or error
    _quit_requested = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.thread = QThread()
        self.thread.setObjectName(name)
        self.moveToThread(self.thread)
        # A slot of this class, not the subclass's override: PySide6 runs an overridden slot connected here on the
        # GUI thread (measured), so `set_up` is called from this one.
        self.thread.started.connect(self._thread_started)
        self.thread.finished.connect(self.deleteLater)
        self._quit_requested.connect(self._quit)  # queued: after every request sent before it

    # ----- called from the GUI thread -----

    def start_thread(self) -> None:
        """Start the worker's thread (`set_up` runs on it first)."""
        self.thread.start()

    def stop_thread(self, timeout_ms: int = 30_000) -> bool:
        """Cancel any job, end the thread's event loop once the requests already sent are handled (text to learn
        is not lost at quitting), and wait; True when the thread has stopped."""
        self._cancel.set()
        if self.thread.isRunning():
            self._quit_requested.emit()
        return self.thread.wait(timeout_ms)

    def cancel(self) -> None:
        """Ask the running or requested job to stop (thread-safe)."""
        self._cancel.set()

    def allow_next_job(self) -> None:
        """Clear an earlier cancel; call it just before requesting a job (thread-safe)."""
        self._cancel.clear()

    # ----- run on the worker's thread -----

    @Slot()
    def _thread_started(self) -> None:
        self.set_up()

    @Slot()
    def _quit(self) -> None:
        self.thread.quit()

    def set_up(self) -> None:
        """What the thread does first (a subclass loads what its jobs need here); nothing by default."""

    def cancelled(self) -> bool:
        """Whether the running job should stop."""
        return self._cancel.is_set()

    def run_job(self, job: str, work: Callable[[], object]) -> None:
        """Run `work` on this thread: `started`, then `result` with its value or `error` with its exception,
        then `finished`. A failing job never ends the thread: the user keeps typing."""
        self.started.emit(job)
        try:
            value = work()
        except Exception as error:
            log.error("%s failed:\n%s", job, traceback.format_exc())
            self.error.emit(job, error)
        else:
            self.result.emit(value)
        finally:
            self.finished.emit(job)

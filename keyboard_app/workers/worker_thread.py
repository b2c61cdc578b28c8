"""A worker QObject on its own QThread, started and stopped as one (the prediction and learning workers)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread


class WorkerThread:
    """Moves `worker` to a new QThread named `name`; `worker.start` runs first on that thread.

    Stopping asks for interruption (a worker in a long loop polls `QThread.isInterruptionRequested`), quits
    the event loop and waits; the worker is deleted on its own thread when the thread finishes.
    """

    def __init__(self, worker: QObject, name: str) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(name)
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.start)
        self.thread.finished.connect(worker.deleteLater)

    def start(self) -> None:
        """Start the thread."""
        self.thread.start()

    def stop(self, timeout_ms: int = 30_000) -> bool:
        """Interrupt any long work, quit the event loop and wait; True when the thread has stopped."""
        self.thread.requestInterruption()
        self.thread.quit()
        return self.thread.wait(timeout_ms)

"""The worker base: set-up and jobs run on the worker's own thread, and each job reports the same way."""

import threading

from PySide6.QtCore import Signal, Slot

from keyboard_app.workers.worker import Worker


class RecordingWorker(Worker):
    """Records the threads its set-up and its jobs ran on; `go` runs two jobs, one of them failing."""

    go = Signal()

    def __init__(self) -> None:
        super().__init__("recording")
        self.threads: dict[str, int] = {}
        self.go.connect(self.work)

    def set_up(self) -> None:
        self.threads["set up"] = threading.get_ident()

    @Slot()
    def work(self) -> None:
        self.run_job("ok", lambda: self.threads.setdefault("job", threading.get_ident()))
        self.run_job("fails", lambda: 1 / 0)


def test_set_up_and_jobs_run_on_the_workers_thread_and_report_result_or_error(qtbot):
    worker = RecordingWorker()
    reports = []
    for name in ("started", "result", "error", "finished"):
        getattr(worker, name).connect(lambda *args, name=name: reports.append((name, args)))
    worker.start_thread()
    try:
        worker.go.emit()
        qtbot.waitUntil(lambda: len(reports) == 6, timeout=5_000)
    finally:
        assert worker.stop_thread()
    gui_thread = threading.get_ident()
    assert worker.threads["set up"] != gui_thread and worker.threads["job"] == worker.threads["set up"]
    assert [name for name, _ in reports] == ["started", "result", "finished", "started", "error", "finished"]
    job, error = reports[4][1]
    assert job == "fails" and isinstance(error, ZeroDivisionError)


def test_cancel_is_one_flag_that_stop_sets_and_the_next_job_clears(qtbot):
    worker = RecordingWorker()
    worker.start_thread()
    worker.cancel()
    assert worker.cancelled()
    worker.allow_next_job()
    assert not worker.cancelled()
    assert worker.stop_thread() and worker.cancelled()

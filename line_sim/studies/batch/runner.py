"""Running a batch: pending runs to an executor, whole runs to the store, clean stops."""

from __future__ import annotations

import dataclasses
import itertools
import signal
import sys
import time
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

from line_sim.store import ResultsStore
from line_sim.studies.batch.executors import ExecutorSpec, Finished
from line_sim.studies.batch.lease import batch_lease
from line_sim.studies.batch.plan import BatchPlan, RunTask

FLUSH_INTERVAL_S = 2.0
FLUSH_MAX_RUNS = 64
POLL_INTERVAL_S = 0.1
IN_FLIGHT_PER_SLOT = 4
MIN_IN_FLIGHT = 16
"""Tasks handed to an executor ahead of time: enough to keep every worker busy, few enough
that a stop cancels little and a large batch is not serialised all at once."""


# --------------------------------------------------------------------------- store writes


class StoreWriter:
    """Buffers finished runs and saves them every ``FLUSH_INTERVAL_S`` or ``FLUSH_MAX_RUNS``."""

    def __init__(self, store: ResultsStore, batch_id: str) -> None:
        self.store = store
        self.batch_id = batch_id
        self.n_saved = 0
        self._buffer: list[Finished] = []
        self._last_flush = time.monotonic()

    def add(self, finished: Sequence[Finished]) -> None:
        """Queue finished runs; save them when the buffer is due."""
        self._buffer.extend(finished)
        due = time.monotonic() - self._last_flush >= FLUSH_INTERVAL_S
        if due or len(self._buffer) >= FLUSH_MAX_RUNS:
            self.flush()

    def flush(self) -> None:
        """Save every queued run now."""
        if self._buffer:
            saved = self.store.save_many([run for _, run in self._buffer], self.batch_id,
                                         [task.key for task, _ in self._buffer])
            # a store that skips runs it already holds says how many it added
            self.n_saved += saved if isinstance(saved, int) else len(self._buffer)
            self._buffer = []
        self._last_flush = time.monotonic()


# --------------------------------------------------------------------------- running


class BatchInterruptedError(Exception):
    """A batch stopped by SIGINT or SIGTERM; finished runs are stored."""

    def __init__(self, signal_number: int, n_stored: int, n_total: int) -> None:
        name = signal.Signals(signal_number).name
        super().__init__(f"interrupted by {name}: {n_stored} of {n_total} runs of the batch are "
                         "stored; run the same command again to resume")
        self.exit_code = 128 + signal_number


class StopSignals:
    """Turns the first SIGINT or SIGTERM into a stop request; a second one acts at once.

    ``on_stop(frame)`` is called from the handler of the first signal (an executor that
    simulates in this process raises there to abandon the run in progress).
    """

    HANDLED = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, on_stop: Callable[[FrameType | None], None] | None = None) -> None:
        self.signal_number: int | None = None
        self._previous: dict[int, Any] = {}
        self._on_stop = on_stop

    def __enter__(self) -> StopSignals:
        if _in_main_thread():
            for number in self.HANDLED:
                self._previous[number] = signal.signal(number, self._request_stop)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _request_stop(self, number: int, frame: FrameType | None) -> None:
        self.signal_number = number
        for handled in self.HANDLED:
            signal.signal(handled, self._previous.get(handled, signal.SIG_DFL))
        if self._on_stop is not None:
            self._on_stop(frame)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


@dataclasses.dataclass(frozen=True)
class BatchRunReport:
    """What one invocation of :func:`run_batch` did."""

    batch_id: str
    n_runs: int
    n_skipped_existing: int
    n_simulated: int
    wall_time_s: float
    executor: str


ProgressFactory = Callable[[int, int], Any]
Preflight = Callable[[list[RunTask]], None]


def tqdm_progress(total: int, initial: int) -> Any:
    """A progress bar on stderr: runs done of total, rate and time left."""
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="run", file=sys.stderr, mininterval=0.5,
                smoothing=0.1, desc="batch", dynamic_ncols=True)


def run_batch(plan: BatchPlan, store: ResultsStore, executor: ExecutorSpec | None = None,
              progress: ProgressFactory | None = tqdm_progress,
              preflight: Preflight | None = None) -> BatchRunReport:
    """Simulate every run of ``plan`` not yet in ``store`` and save each as it finishes.

    The batch's lease on the store (:func:`~line_sim.studies.batch.lease.batch_lease`) is
    held from reading the stored runs to the last save, so the same batch never runs twice
    at once on one store.

    Parameters
    ----------
    plan : BatchPlan
        The runs (see :func:`plan_batch`).
    store : ResultsStore
        Where runs are saved; its runs of this batch are skipped.
    executor : ExecutorSpec, optional
        Where runs execute; default: one process per core.
    progress : callable, optional
        ``progress(total, initial)`` returning an object with ``update(n)`` and
        ``close()``; ``None`` for no progress display.
    preflight : callable, optional
        ``preflight(pending)`` is called with the runs left to simulate before any starts
        (e.g. to state an estimate, or to refuse by raising).

    Raises
    ------
    StoreError
        A ``store`` a save would trip on (not a drytwin store, read-only, ...), before any run.
    BatchRunningError
        The same batch is running on the same store in another process (before any run).
    BatchInterruptedError
        On SIGINT or SIGTERM, after the finished runs are saved and pending ones cancelled.
    InputError
        An unreachable scheduler (before any run starts).
    """
    started = time.perf_counter()
    spec = executor or ExecutorSpec()
    store.check_readable()
    with batch_lease(store.path, plan.batch_id, plan.source or None):
        stored = store.run_ids_for_batch(plan.batch_id)
        pending = [task for task in plan.tasks if task.key not in stored]
        n_skipped = len(plan.tasks) - len(pending)
        if pending and preflight is not None:
            preflight(pending)
        writer = StoreWriter(store, plan.batch_id)
        if pending:
            _execute(pending, spec, writer, progress, n_total=len(plan.tasks), n_skipped=n_skipped)
    return BatchRunReport(batch_id=plan.batch_id, n_runs=len(plan.tasks),
                          n_skipped_existing=n_skipped, n_simulated=writer.n_saved,
                          wall_time_s=time.perf_counter() - started, executor=spec.describe())


def _execute(pending: list[RunTask], spec: ExecutorSpec, writer: StoreWriter,
             progress: ProgressFactory | None, n_total: int, n_skipped: int) -> None:
    try:
        runner = spec.open()
    except KeyboardInterrupt:  # Ctrl-C while workers start (a LocalCluster takes seconds)
        raise BatchInterruptedError(signal.SIGINT, n_skipped, n_total) from None
    bar = None
    queue = iter(pending)
    try:
        with StopSignals(on_stop=runner.interrupt) as stop:
            bar = progress(n_total, n_skipped) if progress is not None else None
            in_flight = max(MIN_IN_FLIGHT, IN_FLIGHT_PER_SLOT * runner.slots())
            runner.submit(list(itertools.islice(queue, in_flight)))
            remaining = len(pending)
            while remaining and stop.signal_number is None:
                done = runner.finished(POLL_INTERVAL_S)
                runner.submit(list(itertools.islice(queue, len(done))))
                writer.add(done)
                remaining -= len(done)
                if bar is not None and done:
                    bar.update(len(done))
            if stop.signal_number is not None:
                runner.cancel()
                writer.flush()
                raise BatchInterruptedError(stop.signal_number, n_skipped + writer.n_saved, n_total)
    finally:
        writer.flush()
        if bar is not None:
            bar.close()
        runner.close()

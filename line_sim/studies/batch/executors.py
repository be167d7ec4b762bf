"""Executors: in-process, a local process pool, or Dask (a LocalCluster or a scheduler)."""

from __future__ import annotations

import collections
import contextlib
import ctypes
import dataclasses
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType
from typing import Any, Protocol

from line_sim.engine.run import simulate
from line_sim.errors import InputError
from line_sim.store import StoredRun, stored_run
from line_sim.studies.batch.lease import forget_inherited_leases
from line_sim.studies.batch.plan import RunTask

SCHEDULER_TIMEOUT_S = 5.0
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                                            "OPENBLAS_NUM_THREADS": 1},
}
"""Dask settings of the LocalCluster workers. Dask's default ``MALLOC_TRIM_THRESHOLD_=65536``
makes the allocation-heavy web computation about 1.8× slower, and its stack-sampling
profiler costs a pure-Python simulation further time; threads stay limited to one."""


# --------------------------------------------------------------------------- workers


def simulate_task(task: RunTask) -> StoredRun:
    """Simulate one run and return it compact: store rows without the segment table."""
    return stored_run(simulate(task.scenario, seed=task.seed, hours=task.hours))


PARENT_POLL_S = 0.5
"""How often a pool worker checks that its parent still lives (where ``prctl`` is missing)."""
WORKER_JOIN_S = 2.0
"""How long closing the pool waits for an idle worker to exit before killing it."""
RUNS_PER_WORKER = 2
"""Runs sent to a pool worker at once: the one it simulates and the next one."""
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
"""How pool workers start: as children of this process (a fork server would be their parent,
and they would not see this process die)."""
_PR_SET_PDEATHSIG = 1


def _ignore_interrupts() -> None:
    """Worker initialiser: the parent alone decides when a batch stops.

    Ctrl-C in a terminal signals the whole process group, so workers ignore SIGINT; SIGTERM
    gets its default action back (a forked worker inherits the parent's stop handler).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _die_with_parent(parent_pid: int) -> None:
    """Make this worker end when ``parent_pid`` ends, whatever ended it (even SIGKILL).

    On Linux the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
    the parent may have died before that call, so its pid is checked right after. Everywhere
    a daemon thread also polls the parent pid and exits the worker once it changed.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True,
                     name="drytwin-parent-watch").start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _worker_main(conn: multiprocessing.connection.Connection, parent_pid: int) -> None:
    """A pool worker: simulate each task received, send the run (or the error) back."""
    _ignore_interrupts()
    _die_with_parent(parent_pid)
    forget_inherited_leases()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply: tuple[str, Any] = ("done", simulate_task(task))
        except Exception as exc:
            reply = ("failed", exc)
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # a reply that does not pickle: send its text
            text = f"{type(reply[1]).__name__}: {reply[1]}" if reply[0] == "failed" else (
                f"cannot send run {task.key} back ({type(exc).__name__}: {exc})")
            conn.send(("failed", RuntimeError(text)))


Finished = tuple[RunTask, StoredRun]


class WorkerLostError(RuntimeError):
    """A pool worker ended while it was simulating (killed, e.g. by the out-of-memory killer)."""


class Executor(Protocol):
    """Runs tasks somewhere and hands back finished ones."""

    def slots(self) -> int:
        """Runs it can execute at once."""

    def submit(self, tasks: Sequence[RunTask]) -> None:
        """Queue tasks."""

    def finished(self, timeout_s: float) -> list[Finished]:
        """Tasks finished since the last call (waits at most ``timeout_s``)."""

    def interrupt(self, frame: FrameType | None) -> None:
        """Called from the handler of a stop signal; may raise to abandon a run in progress."""

    def cancel(self) -> None:
        """Drop queued tasks and stop running ones."""

    def close(self) -> None:
        """Release workers and connections."""


class StopNow(BaseException):
    """Raised by the stop-signal handler inside a run simulated in this process."""


class SerialExecutor:
    """Runs tasks one at a time in this process; a stop signal abandons the run in progress."""

    def __init__(self) -> None:
        self._queue: collections.deque[RunTask] = collections.deque()
        self._simulating = False
        self._stopped = False

    def slots(self) -> int:
        return 1

    def submit(self, tasks: Sequence[RunTask]) -> None:
        self._queue.extend(tasks)

    def finished(self, timeout_s: float) -> list[Finished]:
        if not self._queue:
            return []
        self._simulating = True
        try:
            if self._stopped:
                return []
            run = simulate_task(self._queue[0])
        except StopNow:
            return []
        finally:
            self._simulating = False
        return [(self._queue.popleft(), run)]

    def interrupt(self, frame: FrameType | None) -> None:
        """Stop now: raise inside the simulation, never in :meth:`finished` itself (a run
        that has just finished is kept)."""
        self._stopped = True
        if self._simulating and (frame is None or frame.f_code is not _FINISHED_CODE):
            raise StopNow

    def cancel(self) -> None:
        self._queue.clear()

    def close(self) -> None:
        self._queue.clear()


_FINISHED_CODE = SerialExecutor.finished.__code__


@dataclasses.dataclass
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    assigned: collections.deque[RunTask]


class ProcessExecutor:
    """Worker processes that live for the whole batch and die with this process.

    Each worker has its own pipe and holds at most ``RUNS_PER_WORKER`` runs (a few kB each,
    well within a pipe's buffer); the rest wait here, so a stop kills the workers and loses
    nothing but the runs in progress. On Linux the kernel kills the workers when the thread
    that started them ends: open, use and close the executor in one thread (as
    :func:`run_batch` does).
    """

    def __init__(self, workers: int) -> None:
        self._queue: collections.deque[RunTask] = collections.deque()
        self._workers: list[_Worker] = []
        context = multiprocessing.get_context(START_METHOD)
        try:
            for _ in range(workers):
                parent_end, child_end = context.Pipe()
                process = context.Process(target=_worker_main, args=(child_end, os.getpid()),
                                          daemon=True, name="drytwin-batch-worker")
                process.start()
                child_end.close()
                self._workers.append(_Worker(process, parent_end, collections.deque()))
        except BaseException:
            self.cancel()
            raise

    def slots(self) -> int:
        return len(self._workers)

    def pids(self) -> list[int]:
        """Process ids of the workers."""
        return [w.process.pid for w in self._workers]

    def submit(self, tasks: Sequence[RunTask]) -> None:
        self._queue.extend(tasks)
        self._feed()

    def _feed(self) -> None:
        for worker in self._workers:
            while self._queue and len(worker.assigned) < RUNS_PER_WORKER:
                task = self._queue.popleft()
                worker.assigned.append(task)
                try:
                    worker.conn.send(task)
                except OSError:
                    raise self._lost(worker) from None

    def finished(self, timeout_s: float) -> list[Finished]:
        busy = [w for w in self._workers if w.assigned]
        if not busy:
            return []
        ready = set(multiprocessing.connection.wait(
            [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout_s))
        done: list[Finished] = []
        for worker in busy:
            if worker.conn in ready:  # a reply first: a worker may end right after sending it
                try:
                    kind, payload = worker.conn.recv()
                except (EOFError, OSError):
                    raise self._lost(worker) from None
                task = worker.assigned.popleft()
                if kind == "failed":
                    raise payload
                done.append((task, payload))
            elif worker.process.sentinel in ready:
                raise self._lost(worker)
        self._feed()
        return done

    def _lost(self, worker: _Worker) -> WorkerLostError:
        worker.process.join(timeout=1.0)
        code = worker.process.exitcode
        how = (f"was killed by {signal.Signals(-code).name}" if code is not None and code < 0
               else f"exited with code {code}")
        key = worker.assigned[0].key if worker.assigned else "(none)"
        return WorkerLostError(f"batch worker process {worker.process.pid} {how} while "
                               f"simulating run {key} (out of memory?)")

    def interrupt(self, frame: FrameType | None) -> None:
        pass

    def cancel(self) -> None:
        """Kill every worker at once: runs in progress are not waited for (nor stored)."""
        self._queue.clear()
        for worker in self._workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                worker.process.kill()
        self._release()

    def close(self) -> None:
        """Let idle workers exit; kill those still simulating (nobody would collect them)."""
        self._queue.clear()
        for worker in self._workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                if worker.assigned:
                    worker.process.kill()
                else:
                    worker.conn.send(None)
        self._release()

    def _release(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                worker.process.join(timeout=WORKER_JOIN_S)
                if worker.process.exitcode is None:
                    worker.process.kill()
                    worker.process.join(timeout=WORKER_JOIN_S)
            with contextlib.suppress(OSError):
                worker.conn.close()
            with contextlib.suppress(ValueError, AttributeError):
                worker.process.close()
        self._workers = []


class DaskExecutor:
    """Tasks on a Dask distributed cluster: a new ``LocalCluster`` or an existing scheduler."""

    def __init__(self, local_workers: int | None = None, scheduler: str | None = None) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster = None
        if scheduler is None:
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = _connect_scheduler(Client, scheduler)
        self._futures: dict[Any, RunTask] = {}

    def slots(self) -> int:
        return max(1, sum(self._client.nthreads().values()))

    def submit(self, tasks: Sequence[RunTask]) -> None:
        for task in tasks:
            future = self._client.submit(simulate_task, task, pure=False)
            self._futures[future] = task

    def finished(self, timeout_s: float) -> list[Finished]:
        from distributed import wait

        if not self._futures:
            return []
        with contextlib.suppress(TimeoutError):
            wait(list(self._futures), timeout=timeout_s, return_when="FIRST_COMPLETED")
        done = [f for f in self._futures if f.done()]
        return [(self._futures.pop(f), f.result()) for f in done]

    def interrupt(self, frame: FrameType | None) -> None:
        pass

    def cancel(self) -> None:
        # a stop kills the workers: the connection errors Dask then logs (with tracebacks)
        # are expected, and the batch reports the stop itself
        for name in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        with contextlib.suppress(Exception):
            self._client.cancel(list(self._futures))
        self._futures.clear()
        if self._cluster is not None:
            self._kill_local_workers()

    def _kill_local_workers(self) -> None:
        """Kill the LocalCluster's worker processes rather than wait for their runs to end
        (those runs are dropped anyway); their nannies are told not to restart them."""
        from distributed.core import Status

        for nanny in list(getattr(self._cluster, "workers", {}).values()):
            with contextlib.suppress(Exception):
                pid = nanny.pid
                nanny.status = Status.closing_gracefully
                if pid:
                    os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()


def _connect_scheduler(client_type: Any, address: str) -> Any:
    try:
        return client_type(address, timeout=f"{SCHEDULER_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--scheduler {address}: cannot reach a Dask scheduler within "
                         f"{SCHEDULER_TIMEOUT_S:g} s ({type(exc).__name__}: {exc}); allowed: the "
                         "address of a running scheduler, e.g. tcp://10.0.0.5:8786") from None


@dataclasses.dataclass(frozen=True)
class ExecutorSpec:
    """Where runs execute: ``workers`` local processes (1: in this process), or Dask."""

    workers: int | None = None
    dask_local_workers: int | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        chosen = [name for name, value in (("--workers", self.workers),
                                           ("--dask-local", self.dask_local_workers),
                                           ("--scheduler", self.scheduler)) if value is not None]
        if len(chosen) > 1:
            raise InputError(f"{' and '.join(chosen)}: choose one executor; allowed: --workers N, "
                             "--dask-local N or --scheduler ADDRESS")
        for name, value in (("--workers", self.workers), ("--dask-local", self.dask_local_workers)):
            if value is not None and value < 1:
                raise InputError(f"{name} = {value}: allowed: 1 or more")

    def describe(self) -> str:
        """Short text naming the executor."""
        if self.scheduler is not None:
            return f"dask scheduler {self.scheduler}"
        if self.dask_local_workers is not None:
            return f"dask LocalCluster with {self.dask_local_workers} workers"
        workers = self.local_workers()
        return "in-process" if workers == 1 else f"{workers} worker processes"

    def planned_slots(self) -> int | None:
        """Runs executing at once, as far as known before the executor starts (None: the
        workers of a scheduler)."""
        if self.scheduler is not None:
            return None
        if self.dask_local_workers is not None:
            return self.dask_local_workers
        return self.local_workers()

    def local_workers(self) -> int:
        """Worker processes of the local pool (default: the usable cores)."""
        if self.workers is not None:
            return self.workers
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    def open(self) -> Executor:
        """Start the executor (a scheduler is reached here, before any run starts)."""
        if self.scheduler is not None or self.dask_local_workers is not None:
            return DaskExecutor(self.dask_local_workers, self.scheduler)
        workers = self.local_workers()
        return SerialExecutor() if workers == 1 else ProcessExecutor(workers)

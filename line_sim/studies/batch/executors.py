"""Executors: in-process, a local process pool, or Dask (a LocalCluster or a scheduler)."""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import dataclasses
import os
import signal
from collections.abc import Sequence
from typing import Any, Protocol

from line_sim.engine.run import simulate
from line_sim.errors import InputError
from line_sim.store import StoredRun, stored_run
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


def _ignore_interrupts() -> None:
    """Worker initialiser: the parent alone decides when a batch stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


Finished = tuple[RunTask, StoredRun]


class Executor(Protocol):
    """Runs tasks somewhere and hands back finished ones."""

    def slots(self) -> int:
        """Runs it can execute at once."""

    def submit(self, tasks: Sequence[RunTask]) -> None:
        """Queue tasks."""

    def finished(self, timeout_s: float) -> list[Finished]:
        """Tasks finished since the last call (waits at most ``timeout_s``)."""

    def cancel(self) -> None:
        """Drop queued tasks and stop running ones."""

    def close(self) -> None:
        """Release workers and connections."""


class SerialExecutor:
    """Runs tasks one at a time in this process."""

    def __init__(self) -> None:
        self._queue: collections.deque[RunTask] = collections.deque()

    def slots(self) -> int:
        return 1

    def submit(self, tasks: Sequence[RunTask]) -> None:
        self._queue.extend(tasks)

    def finished(self, timeout_s: float) -> list[Finished]:
        if not self._queue:
            return []
        task = self._queue.popleft()
        return [(task, simulate_task(task))]

    def cancel(self) -> None:
        self._queue.clear()

    def close(self) -> None:
        self._queue.clear()


class ProcessExecutor:
    """A pool of worker processes that live for the whole batch."""

    def __init__(self, workers: int) -> None:
        self._pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
        self._futures: dict[cf.Future[StoredRun], RunTask] = {}
        self._workers = workers

    def slots(self) -> int:
        return self._workers

    def submit(self, tasks: Sequence[RunTask]) -> None:
        for task in tasks:
            self._futures[self._pool.submit(simulate_task, task)] = task

    def finished(self, timeout_s: float) -> list[Finished]:
        if not self._futures:
            return []
        done, _ = cf.wait(self._futures, timeout=timeout_s, return_when=cf.FIRST_COMPLETED)
        return [(self._futures.pop(f), f.result()) for f in done]

    def cancel(self) -> None:
        running = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in running:  # runs in progress are not waited for: they are not stored
            process.terminate()
        self._futures.clear()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


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

    def cancel(self) -> None:
        with contextlib.suppress(Exception):
            self._client.cancel(list(self._futures))
        self._futures.clear()

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

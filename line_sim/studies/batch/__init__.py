"""Batches: scenarios × sweep points × replications, on local cores or a Dask cluster.

A batch file names scenarios, the replications of each, an optional horizon, a batch seed
and optional sweeps over any scenario field (by dotted key: grid values, or Latin hypercube /
Sobol' sampling over ranges). :func:`load_batch` validates it, :func:`plan_batch` expands
it into runs, :func:`run_batch` simulates the runs not yet stored and :func:`batch_statistics`
summarises every stored run of the batch.

Reproducibility
---------------
Every run draws from one ``SeedSequence`` built from the batch seed and the run's
coordinates, never from the order in which runs finish, so the serial, process-pool and
Dask executors store the same KPIs. With ``common_random_numbers = true`` (the default)
the coordinates are the replication index alone: replication *r* of every scenario and
sweep point sees the same random streams, which makes paired differences between scenarios
sharp. With ``false`` the scenario's hash and the sweep point join the coordinates.

Store and resume
----------------
Workers only simulate; the parent process alone writes the store. Runs are saved in
short transactions of one or more whole runs, each tagged with the batch id (a hash of the
batch definition, without the replication count) and a batch key (scenario, point and
replication). A rerun of the same batch skips the keys already stored; raising
``replications`` adds runs to the same batch. While it runs, a batch holds a lease on the
store (:mod:`~line_sim.studies.batch.lease`), so the same batch never runs twice at once.

Before running
--------------
:mod:`~line_sim.studies.batch.outputs` checks report and export targets,
:mod:`~line_sim.studies.batch.estimate` estimates the wall time and store growth from probe
runs. Pool workers (:mod:`~line_sim.studies.batch.executors`) die with their parent."""

from line_sim.studies.batch.definition import (  # noqa: F401
    BatchDefinition,
    BatchFile,
    BatchTable,
    Range,
    SensitivityTable,
    SweepTable,
    check_ranges,
    load_batch,
)
from line_sim.studies.batch.estimate import (  # noqa: F401
    CONFIRM_RUNS,
    CONFIRM_SECONDS,
    PROBE_LONG_HOURS,
    BatchEstimate,
    estimate_batch,
    format_bytes,
    format_duration,
    horizon_h,
)
from line_sim.studies.batch.executors import (  # noqa: F401
    LOCAL_CLUSTER_CONFIG,
    SCHEDULER_TIMEOUT_S,
    DaskExecutor,
    Executor,
    ExecutorSpec,
    Finished,
    ProcessExecutor,
    SerialExecutor,
    StopNow,
    WorkerLostError,
    simulate_task,
)
from line_sim.studies.batch.lease import (  # noqa: F401
    BatchRunningError,
    batch_lease,
    lease_path,
)
from line_sim.studies.batch.outputs import (  # noqa: F401
    EXPORT_FILES,
    check_export_target,
    check_report_target,
)
from line_sim.studies.batch.plan import (  # noqa: F401
    MAX_RUNS,
    NON_KPI_KEYS,
    PROBE_HOURS,
    BatchPlan,
    RunTask,
    batch_key,
    check_kpi_names,
    flat_kpis,
    group_labels,
    plan_batch,
    run_seed,
    sample_ranges,
    sweep_points,
)
from line_sim.studies.batch.runner import (  # noqa: F401
    FLUSH_INTERVAL_S,
    FLUSH_MAX_RUNS,
    IN_FLIGHT_PER_SLOT,
    MIN_IN_FLIGHT,
    POLL_INTERVAL_S,
    BatchInterruptedError,
    BatchRunReport,
    Preflight,
    ProgressFactory,
    StopSignals,
    StoreWriter,
    run_batch,
    tqdm_progress,
)
from line_sim.studies.batch.statistics import (  # noqa: F401
    CONFIDENCE_LEVEL,
    batch_runs,
    batch_statistics,
    describe,
    export_runs,
    group_statistics,
    group_table,
    kpi_columns,
    paired_differences,
)

"""The results store: every run kept in DuckDB, read while it is written; Parquet exports."""

from line_sim.store.export import (  # noqa: F401
    EXPORTED_TABLES,
    export_run,
)
from line_sim.store.results import (  # noqa: F401
    DEFAULT_DB_PATH,
    FRAME_TABLES,
    LOCK_POLL_S,
    LOCK_RETRY_S,
    STORED_TABLES,
    WRITE_ATTEMPTS,
    ResultsStore,
    StoredRun,
    flat_numbers,
    stored_run,
)
from line_sim.store.schema import (  # noqa: F401
    APPLICATION_ID,
    RUN_COLUMNS,
    SCHEMA_VERSION,
)

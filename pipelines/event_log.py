"""Dagster's SQLite event log, with its database connections kept open (dagster.yaml names this class).

Dagster 1.13's `SqliteEventLogStorage` makes a new SQLAlchemy engine and connection for every event it
stores and every query, and disposes of them after: a run of this job stores about 550 events, and that
set-up cost a `dg launch` 3.7 s of its 13, more than the work of many steps (measured: 6.8 ms an event).
This subclass keeps one connection open per database file (the index and the runs in use, at most `KEEP`)
and changes nothing else: same files, same schema, same transactions (one per event, committed and synced
as before), same locking between processes (SQLite's, held only inside a transaction).

It overrides a private method (`_connect`) of the Dagster version pinned in pyproject.toml;
tests/unit/test_event_log.py runs a job on it and fails if an upgrade changes what it relies on.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

TEMPORARY = "EUCP_DAGSTER_TEMPORARY_EVENTS"  # the events folder of a temporary instance, for child processes
KEEP = 4  # open databases: the index, the run being written, and a few being read (the UI)


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with one open connection per database, the least recently used closed first."""

    def __init__(self, base_dir: str, owned: bool = False, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._owned = owned  # a temporary folder this process made: removed when the storage is disposed
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls):
        return {"base_dir": dg.Field(dg.StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> PooledSqliteEventLogStorage:
        """`base_dir` defaults to where Dagster keeps its SQLite events: DAGSTER_HOME/history/runs. Without
        DAGSTER_HOME, Dagster makes a temporary instance, and this storage a temporary folder to match (see
        `_temporary`)."""
        if config_value.get("base_dir"):
            return cls(config_value["base_dir"], inst_data=inst_data)
        if os.environ.get("DAGSTER_HOME"):
            return cls(os.path.join(os.environ["DAGSTER_HOME"], "history", "runs"), inst_data=inst_data)
        return cls(*_temporary(), inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=StaticPool,  # one connection, reused; the storage's lock lets one thread use it at a time
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > KEEP:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def _close(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close()  # the run databases are deleted: no connection may outlive its file
        super().wipe()

    def dispose(self) -> None:
        self._close()
        super().dispose()
        if self._owned:
            shutil.rmtree(self._base_dir, ignore_errors=True)
            os.environ.pop(TEMPORARY, None)


def _temporary() -> tuple[str, bool]:
    """The events folder of a temporary instance (no DAGSTER_HOME): made in the working directory, where
    Dagster makes its own temporary instance folder (with its prefix, so .gitignore covers it), and named in
    the environment so that the processes `dagster dev` starts store their events in the same one."""
    if os.environ.get(TEMPORARY):
        return os.environ[TEMPORARY], False
    folder = tempfile.mkdtemp(prefix=".tmp_dagster_home_events_", dir=os.getcwd())
    os.environ[TEMPORARY] = folder
    return folder, True

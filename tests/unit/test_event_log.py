"""The event log storage dagster.yaml names keeps a connection per database open, and stores what Dagster's does.

It overrides a private method of the pinned Dagster; these tests fail if an upgrade changes what it relies on.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.events.log import EventLogEntry
from sqlalchemy import event
from sqlalchemy.pool import Pool

from pipelines.event_log import KEEP, TEMPORARY, PooledSqliteEventLogStorage
from tests.conftest import REPO


@pytest.fixture
def home(tmp_path, monkeypatch):
    (tmp_path / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def connections():
    """DBAPI connections opened and closed by any SQLAlchemy pool while the test runs."""
    counts = {"opened": 0, "closed": 0}

    def opened(*_):
        counts["opened"] += 1

    def closed(*_):
        counts["closed"] += 1

    event.listen(Pool, "connect", opened)
    event.listen(Pool, "close", closed)
    yield counts
    event.remove(Pool, "connect", opened)
    event.remove(Pool, "close", closed)


def _message(run_id: str, text: str) -> EventLogEntry:
    return EventLogEntry(error_info=None, level=logging.INFO, user_message=text, run_id=run_id, timestamp=time.time())


@dg.asset
def numbers() -> list[int]:
    return [1, 2, 3]


@dg.asset(check_specs=[dg.AssetCheckSpec("positive", asset="total", blocking=True)])
def total(numbers: list[int]):
    yield dg.Output(sum(numbers))
    yield dg.AssetCheckResult(check_name="positive", passed=sum(numbers) > 0)


def test_the_documented_instance_keeps_events_where_dagster_does(home):
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        assert storage.path_for_shard("index") == str(home / "history" / "runs" / "index.db")


def test_without_dagster_home_events_go_to_a_temporary_folder_shared_with_child_processes(tmp_path, monkeypatch):
    (tmp_path / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv(TEMPORARY, raising=False)
    monkeypatch.chdir(tmp_path)  # where Dagster makes its own temporary instance folder
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        folder = Path(instance.event_log_storage._base_dir)
        assert folder.parent == tmp_path and folder.name.startswith(".tmp_dagster_home_")
        assert os.environ[TEMPORARY] == str(folder)  # what `dagster dev`'s webserver and daemon inherit
        with dg.DagsterInstance.from_config(str(tmp_path)) as child:
            assert child.event_log_storage._base_dir == str(folder)
        assert folder.is_dir()  # a process that did not make it leaves it
    assert not folder.exists() and TEMPORARY not in os.environ


def test_a_run_is_stored_and_read_back_by_another_process_instance(home):
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = dg.materialize([numbers, total], instance=instance)
        assert result.success
        stored = len(instance.all_logs(result.run_id))
    with dg.DagsterInstance.from_config(str(home)) as again:  # as the UI or the daemon would read it
        assert again.get_run_by_id(result.run_id).status == dg.DagsterRunStatus.SUCCESS
        assert len(again.all_logs(result.run_id)) == stored > 10
        latest = again.get_latest_materialization_event(dg.AssetKey("total"))
        assert latest.run_id == result.run_id
        check = again.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("total"), "positive")]
        )
        assert check


def test_storing_events_reuses_one_connection_per_database(home, connections):
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        storage.store_event(_message("run-a", "first"))  # creates the run's database
        opened = connections["opened"]
        for n in range(50):
            storage.store_event(_message("run-a", f"event {n}"))
        assert connections["opened"] == opened  # Dagster's own storage opens 50 more here
        assert [e.user_message for e in storage.get_logs_for_run("run-a")][-1] == "event 49"


def test_at_most_keep_databases_stay_open_and_wipe_closes_them(home, connections):
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        for n in range(KEEP + 6):
            storage.store_event(_message(f"run-{n}", "hello"))
            assert connections["opened"] - connections["closed"] <= KEEP + 1  # + the index, opened at start
        storage.wipe()
        assert not list((home / "history" / "runs").glob("run-*.db"))
        storage.store_event(_message("run-0", "after the wipe"))  # a new file, a new connection
        assert [e.user_message for e in storage.get_logs_for_run("run-0")] == ["after the wipe"]

"""How far a projection has applied the log, with and without Kafka."""

from __future__ import annotations

from pathlib import Path

from projections.view import write_position
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.kafka.consumer import StoredOffsets
from services.kafka.envelope import TOPIC


def settings(tmp_path: Path, kafka: str | None) -> Settings:
    url = f"sqlite:///{tmp_path / 'pmr.sqlite'}"
    return Settings(
        env="test", database_url=url, data_dir=tmp_path, kafka_bootstrap=kafka
    )


def test_embedded_the_stored_position_is_the_mark(tmp_path: Path):
    container = bootstrap(settings(tmp_path, None), start_follower=False)
    try:
        before = container.applied("census_spike")
        with container.db.transaction() as cur:
            write_position(cur, "census_spike", 7)
        assert before == 0 and container.applied("census_spike") == 7
    finally:
        container.close()


def test_with_kafka_the_stored_offsets_are_the_mark(tmp_path: Path):
    container = bootstrap(settings(tmp_path, "127.0.0.1:1"), start_follower=False)
    try:
        assert container.applied("census_spike") == ()
        offsets = StoredOffsets(container.db, "pmr.census_spike", TOPIC)
        with container.db.transaction() as cur:
            offsets.put(cur, 1, 12, 40, 2)
        assert container.applied("census_spike") == ((1, 12),)
        with container.db.transaction() as cur:
            offsets.put(cur, 1, 13, 41, 2)
        assert container.applied("census_spike") == ((1, 13),)
    finally:
        container.close()

"""Composition root: builds every collaborator from Settings, once per process."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from events.clock import utc_now
from events.lawfulness import LawInForce
from events.registry import Registry
from projections import PROJECTIONS
from projections.runner import LogFollower
from projections.view import read_position
from services.app.config import Settings
from services.app.metrics import Metrics
from services.app.migrations import apply_immutability, apply_sqlite_immutability
from services.app.storage import (
    PostgresDatabase,
    SQLiteDatabase,
    bound_reconnects,
    open_database,
)
from services.privacy.access_log import AccessLog
from services.privacy.contact_attempts import ContactAttempts
from services.privacy.research_projects import ResearchProjects
from services.privacy.revoked_tokens import RevokedTokens
from services.privacy.vault import IdentityVault
from services.reference.census import CensusHeadcounts
from services.reference.providers import ProvidersReference
from services.reference.schools import SchoolsReference
from services.reference.term_dates import TermDatesReference


@dataclass
class Container:
    """Everything a pmr process uses, wired from one Settings object."""

    settings: Settings
    registry: Registry
    db: SQLiteDatabase | PostgresDatabase
    vault: IdentityVault
    schools: SchoolsReference
    access_log: AccessLog
    census: CensusHeadcounts
    follower: LogFollower
    providers: ProvidersReference
    term_dates: TermDatesReference
    metrics: Metrics = field(init=False)
    contact_attempts: ContactAttempts = field(init=False)  # first-contact limit
    revoked_tokens: RevokedTokens = field(init=False)  # signed out before expiry
    research_projects: ResearchProjects = field(init=False)  # approved research
    delivery: Any = None  # the webhook delivery thread, where this process runs one
    chain_watch: Any = None  # the event log's periodic verification, likewise
    processes: list[Any] = field(default_factory=list)  # embedded log processes

    def __post_init__(self) -> None:
        self.metrics = Metrics(self)
        self.contact_attempts = ContactAttempts(self.db)
        self.revoked_tokens = RevokedTokens(self.db)
        self.research_projects = ResearchProjects(self.db)

    def wait_for(self, position: int, pupil_key: str, timeout: float = 5.0) -> bool:
        """Until this child's history includes `position` (read-your-writes)."""
        if not self.settings.kafka_bootstrap:
            return self.follower.wait_for(position, timeout)
        # Projection workers own the views: wait on the child's partition.
        from services.kafka.consumer import StoredOffsets
        from services.kafka.envelope import TOPIC

        offsets = StoredOffsets(self.db, "pmr.pupil_history", TOPIC)
        deadline = time.monotonic() + timeout
        while offsets.applied_for_key(pupil_key) < position:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def applied(self, projection: str) -> Hashable:
        """How far a projection has applied the log; changes whenever it applies
        more, so derived figures cached under it are never stale."""
        if not self.settings.kafka_bootstrap:
            return read_position(self.db, projection)
        from services.kafka.consumer import StoredOffsets
        from services.kafka.envelope import TOPIC

        return StoredOffsets(self.db, f"pmr.{projection}", TOPIC).next_offsets()

    def close(self) -> None:
        for thread in (self.delivery, self.chain_watch, *self.processes):
            if thread is not None:
                thread.stop()
        self.follower.stop()
        self.registry.close()
        self.db.close()


def bootstrap(
    settings: Settings | None = None,
    clock: Callable[[], datetime] = utc_now,
    start_follower: bool = True,
    watch_chain: bool | None = None,
) -> Container:
    """Build the registry, read-model database, vault and projection follower."""
    settings = settings or Settings()
    with _schema_lock(settings):
        registry = Registry(
            env=settings.eventsourcing_env(),
            clock=clock,
            group_commit=settings.group_commit,
            law=LawInForce.with_overrides(settings.commencements),
        )
        if settings.is_postgres:  # the event store's own pool
            bound_reconnects(
                registry.recorder.datastore.pool,  # type: ignore[attr-defined]
                settings.postgres_connect_timeout,
            )
        db = open_database(
            _read_model_url(settings),
            settings.postgres_pool_size,
            settings.postgres_connect_timeout,
        )
        container = Container(
            settings=settings,
            registry=registry,
            db=db,
            vault=IdentityVault(db, settings.pseudonym_secret, settings.vault_key),
            schools=SchoolsReference(db),
            access_log=AccessLog(db, clock),
            census=CensusHeadcounts(db),
            follower=LogFollower(registry, db, [cls() for cls in PROJECTIONS.values()]),
            providers=ProvidersReference(db),
            term_dates=TermDatesReference(db),
        )
        # Every count of school days a rule makes uses the school's own calendar.
        registry.law = replace(
            registry.law, calendars=container.term_dates.calendar_for
        )
        container.follower.create_tables = settings.migrate_on_start
        if settings.migrate_on_start:
            _create_tables(container)
    if start_follower:
        from services.delivery.destinations import destination_policy
        from services.delivery.webhooks import Deliverer
        from services.processes.alert_raiser import AlertRaiser
        from services.processes.case_opener import CaseOpener
        from services.processes.delivery_worker import DeliveryWorker
        from services.processes.event_chain import EventChain
        from services.processes.process_thread import ProcessThread
        from services.statistics.census_inputs import warm_current_year

        # Embedded: cases open and alerts rise in this process, each process on its
        # own thread following the log, woken by every save as the projections are.
        opener = CaseOpener(registry, container.db)
        raiser = AlertRaiser(registry, container.db)
        for process in (opener, raiser):
            process.on_write = container.follower.wake
            thread = ProcessThread(process)
            container.follower.also_wake.append(thread.wake)
            container.processes.append(thread)
        chain = EventChain(
            registry, container.db, create_table=settings.migrate_on_start
        )
        container.follower.listeners.append(lambda _position: chain.follow())
        container.delivery = DeliveryWorker(
            Deliverer(
                container.db,
                clock,
                destination=destination_policy(settings),
            ),
            periodic=lambda: raiser.sweep(clock()),
        )
        container.delivery.start()

        container.follower.idle_listeners.append(lambda: warm_current_year(container))
        container.follower.start()  # makes the tables the processes read
        for thread in container.processes:
            thread.start()
    if (start_follower if watch_chain is None else watch_chain) and (
        settings.chain_verify_seconds > 0
    ):  # the serving process verifies the chain (with Kafka too)
        from services.processes.event_chain import ChainWatch, EventChain

        container.chain_watch = ChainWatch(
            EventChain(registry, container.db, create_table=False),
            settings.chain_verify_seconds,
            clock,
        )
        container.chain_watch.start()
    return container


def _create_tables(container: Container) -> None:
    from services.processes.event_chain import create_chain_tables

    create_chain_tables(container.db)
    from services.statistics.releases import create_tables as create_release_tables

    create_release_tables(container)
    container.vault.create_tables()
    container.schools.create_tables()
    container.access_log.create_tables()
    container.contact_attempts.create_tables()
    container.revoked_tokens.create_tables()
    container.research_projects.create_tables()
    container.census.create_tables()
    container.providers.create_tables()
    container.term_dates.create_tables()
    container.follower.setup()
    if container.settings.kafka_bootstrap:  # read by wait_for, /readyz and /metrics
        from services.kafka.consumer import OFFSETS_DDL

        with container.db.transaction() as cur:
            cur.execute(OFFSETS_DDL)
    url = container.settings.database_url
    if container.settings.is_postgres:
        apply_immutability(url)
    else:
        apply_sqlite_immutability(url.removeprefix("sqlite:///"))


SCHEMA_LOCK = 7_263_001  # pg_advisory_lock key: "creating the register's tables"


@contextmanager
def _schema_lock(settings: Settings) -> Iterator[None]:
    """One process at a time creates tables. The API, the relay and the projection
    workers start together (docker compose), and concurrent CREATE TABLE IF NOT
    EXISTS races in PostgreSQL's catalogue (duplicate pg_type, "tuple concurrently
    updated"); SQLite serialises DDL itself."""
    if not settings.is_postgres or not settings.migrate_on_start:
        yield
        return
    import psycopg

    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))


def _read_model_url(settings: Settings) -> str:
    if settings.database_url == "memory://":
        raise ValueError("memory:// is for unit tests of the domain only")
    return settings.database_url

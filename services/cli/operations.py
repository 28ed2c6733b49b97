"""`pmr` commands for operating the register: the processes that follow the log,
migrations, verification, rights and generated documentation."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from services.app.config import Settings


def docs(args: argparse.Namespace) -> int:
    from services.documents import alerts, casework, lawfulness

    modules = {"lawfulness": lawfulness, "casework": casework, "alerts": alerts}
    print(modules[args.topic].render(), end="")
    return 0


def open_cases(args: argparse.Namespace) -> int:
    """With Kafka the API runs no follower: this process opens the cases, as one
    member of the `pmr.case_opener` consumer group (run N of them), or following
    the log on its own (`--once`, or no broker)."""
    import time

    from services.app.bootstrap import bootstrap
    from services.processes.case_opener import CaseOpener
    from services.processes.event_chain import EventChain
    from services.processes.pipeline import run_process_group

    settings = Settings()
    if settings.kafka_bootstrap and not args.once:
        # The log's hash chain is kept by each instance (its rows are the same
        # whoever writes them first).
        return run_process_group(
            settings,
            lambda c: CaseOpener(c.registry, c.db),
            lambda c: EventChain(c.registry, c.db, create_table=False).catch_up,
        )
    container = bootstrap(settings, start_follower=False)
    opener = CaseOpener(container.registry, container.db)
    chain = EventChain(  # and the log's hash chain
        container.registry, container.db, create_table=settings.migrate_on_start
    )
    try:
        while True:
            read = opener.catch_up() + chain.catch_up()
            if args.once:
                print(f"read {read} events")
                return 0
            time.sleep(0.25 if read == 0 else 0)
    finally:
        container.close()


def alerts(args: argparse.Namespace) -> int:
    """With Kafka the API runs no follower: this process raises the alerts, as one
    member of the `pmr.alert_raiser` consumer group (run N of them); one instance
    also sweeps for what time brings and delivers webhooks (`--raise-only` for the
    others)."""
    import time

    from services.app.bootstrap import bootstrap
    from services.delivery.destinations import destination_policy
    from services.delivery.webhooks import Deliverer
    from services.processes.alert_raiser import AlertRaiser
    from services.processes.delivery_worker import DeliveryWorker
    from services.processes.pipeline import run_process_group

    def delivery(container: Any, raiser: Any) -> DeliveryWorker:
        return DeliveryWorker(
            Deliverer(
                container.db,
                container.registry.clock,
                destination=destination_policy(container.settings),
            ),
            periodic=lambda: raiser.sweep(container.registry.clock()),
        )

    settings = Settings()
    if settings.kafka_bootstrap and not args.once:
        return run_process_group(
            settings,
            lambda c: AlertRaiser(c.registry, c.db),
            background=None if args.raise_only else delivery,
        )
    container = bootstrap(settings, start_follower=False)
    raiser = AlertRaiser(container.registry, container.db)
    worker = delivery(container, raiser)
    try:
        if args.once:
            print(f"read {raiser.catch_up()} events")
            return 0
        worker.start()
        while True:
            time.sleep(0.25 if raiser.catch_up() == 0 else 0)
    finally:
        worker.stop()
        container.close()


def deliver(args: argparse.Namespace) -> int:
    """Webhook delivery alone, scaled by running more of it: the outbox's rows are
    claimed a few at a time under a lease (services/delivery/webhooks.py)."""
    from services.app.bootstrap import bootstrap
    from services.delivery.destinations import destination_policy
    from services.delivery.webhooks import Deliverer
    from services.processes.delivery_worker import DeliveryWorker
    from services.processes.pipeline import stop_on_signals

    container = bootstrap(Settings(), start_follower=False)
    deliverer = Deliverer(
        container.db,
        container.registry.clock,
        destination=destination_policy(container.settings),
    )
    try:
        if args.once:
            print(f"attempted {deliverer.deliver_due(limit=10_000)} deliveries")
            return 0
        stop = stop_on_signals()
        worker = DeliveryWorker(deliverer)
        worker.start()
        stop.wait()
        worker.stop()
    finally:
        container.close()
    return 0


def audit(args: argparse.Namespace) -> int:
    """Exit 0 when the access log's chain verifies, 1 (naming the entry) if not."""
    from services.app.bootstrap import bootstrap
    from services.processes.event_chain import EventChain

    settings = Settings()
    container = bootstrap(settings, start_follower=False)
    try:
        chain = EventChain(
            container.registry, container.db, create_table=settings.migrate_on_start
        )
        # Chain what is new, check everything, keep the result for the probes.
        events = chain.verify_and_keep(container.registry.clock().isoformat())
        result = container.access_log.verify()
    finally:
        container.close()
    print(
        f"event log: {events.checked} events chained, head {events.head[:16]}"
        + ("" if events.ok else f"; BROKEN at position {events.broken_at}")
    )
    print(
        f"access log: {result.checked} entries chained"
        + ("" if result.ok else f"; BROKEN at entry {result.broken_at}")
    )
    return 0 if events.ok and result.ok else 1


class CliError(Exception):
    """A failure the operator can put right, said in one line (exit status 1)."""


def subject_access(args: argparse.Namespace) -> int:
    """The pack an admin sends for a subject access request received offline: by
    pupil_key, or by the UPN and date of birth a paper request carries. A child the
    register does not hold is an error, and no read is logged."""
    import json

    from services.app.bootstrap import bootstrap
    from services.privacy.access_log import Access
    from services.privacy.subject_access import as_html, subject_pack

    container = bootstrap(Settings(), start_follower=False)
    try:
        pupil_key = _requested_child(container, args)
        container.access_log.record(
            Access(pupil_key, "admin", "cli", "subject_export", "subject access")
        )
        pack = subject_pack(
            container,
            pupil_key,
            container.registry.clock().date(),
            for_controller=True,
        )
    finally:
        container.close()
    print(as_html(pack) if args.html else json.dumps(pack, indent=1, default=str))
    return 0


def _requested_child(container: Any, args: argparse.Namespace) -> str:
    from events.errors import DomainError
    from events.identifiers import UPN
    from services.recording.service import find_child

    if args.upn:
        if not args.date_of_birth:
            raise CliError("--upn needs --date-of-birth (YYYY-MM-DD)")
        try:
            upn = UPN.parse(args.upn)
            born = date.fromisoformat(args.date_of_birth)
        except (DomainError, ValueError) as bad:
            raise CliError(f"not a UPN and date of birth: {bad}") from None
        key = find_child(container, upn)  # the one place identity is looked up
        identity = container.vault.identity(key) if key else None
        if identity is None or identity.date_of_birth != born:
            raise CliError(
                "the register holds no child with that UPN and date of birth"
            )
        return str(key)
    try:
        container.registry.get_pupil(args.pupil_key)
    except DomainError:
        raise CliError(
            f"the register holds no child with key {args.pupil_key}"
        ) from None
    return str(args.pupil_key)


def erase(args: argparse.Namespace) -> int:
    from services.app.bootstrap import bootstrap
    from services.privacy.erasure import erase

    container = bootstrap(Settings(), start_follower=False)
    try:
        erase(
            container,
            args.pupil_key,
            args.reason,
            {"kind": "admin", "urn": None, "la_code": "cli"},
        )
    finally:
        container.close()
    print(f"erased {args.pupil_key}")
    return 0


def retention(args: argparse.Namespace) -> int:

    from services.app.bootstrap import bootstrap
    from services.privacy.retention import apply_retention

    container = bootstrap(Settings(), start_follower=False)
    try:
        report = apply_retention(
            container, container.registry.clock().date(), args.dry_run
        )
    finally:
        container.close()
    verb = "erased" if report.erased else "would erase"
    print(f"{verb} {len(report.due)} children (last movement before {report.cutoff})")
    return 0


def migrate(args: argparse.Namespace) -> int:
    """Every table, index, trigger and grant, so serving processes run no DDL."""
    from services.app.bootstrap import bootstrap
    from services.app.migrations import grant_app_role
    from services.processes.event_chain import EventChain

    settings = Settings(migrate_on_start=True)
    container = bootstrap(settings, start_follower=False)
    try:
        EventChain(container.registry, container.db)  # its table
    finally:
        container.close()
    if settings.is_postgres:
        grant_app_role(settings.database_url)
    print("schema migrated")
    return 0


def export(args: argparse.Namespace) -> int:
    """`pmr export ees` or `pmr export cnis`."""
    if args.format == "ees":
        return export_ees(args)
    from events.errors import DomainError
    from events.identifiers import LACode
    from services.cnis.return_file import export_cnis

    if not args.la:
        raise CliError("pmr export cnis needs --la (the LA's 3-digit code)")
    try:
        code = str(LACode.parse(args.la, field="la"))
    except DomainError as bad:
        raise CliError(f"--la: {bad.message}") from None
    path, children = export_cnis(code, Path(args.out))
    print(f"{path}: {children} {'child' if children == 1 else 'children'}")
    return 0


def export_ees(args: argparse.Namespace) -> int:
    """The year's open-data files for Explore Education Statistics, screened."""

    from events.school_calendar import AcademicYear
    from services.app.bootstrap import bootstrap
    from services.statistics.ees_export import export
    from services.statistics.releases import regenerate

    if bool(args.release) == bool(args.academic_year):
        print("give --academic-year (now) or --release (as frozen), not both")
        return 2
    container = bootstrap(Settings(), start_follower=False)
    try:
        if args.release:
            written = regenerate(container, args.release, Path(args.out))
        else:
            year = AcademicYear.parse(args.academic_year)
            written = export(container, year, Path(args.out))
    finally:
        container.close()
    for path in written:
        print(path)
    return _screened(Path(args.out))


def _screened(folder: Path) -> int:
    """Each data file screened as DfE's screener would: one line per file, the
    failures in full; exit 1 when any file would be refused."""
    from services.statistics.ees_screener import screen_folder

    refused = 0
    for screening in screen_folder(folder):
        verdict = (
            "passes, suitable for the EES API" if screening.api_suitable
            else "passes (not suitable for the EES API: see the warnings)"
            if screening.passed else f"refused at {screening.stage}"
        )  # fmt: skip
        print(f"screener: {screening.data_file} {verdict}")
        for result in screening.failures() + screening.warnings():
            print(f"  {result.result} {result.check}: {result.message}")
        refused += not screening.passed
    return 1 if refused else 0

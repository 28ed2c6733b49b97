"""`pmr`: serve the API, run the pipeline and log-following processes, issue local
tokens, import reference data and simulations, operate (see cli_operations)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from services.access.tokens import Role, issue_token
from services.app.config import DEV_JWT_SECRET, Settings
from services.app.logs import configure
from services.cli import operations
from services.cli.progress import ProgressBar


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except operations.CliError as failed:
        print(f"pmr: {failed}", file=sys.stderr)
        return 1
    except FileNotFoundError as missing:
        print(f"pmr: no such file or folder: {missing.filename}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pmr", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="server processes")
    serve.set_defaults(handler=_serve)

    token = sub.add_parser("token", help="print a bearer token for local use")
    token.add_argument("--role", required=True, choices=[r.value for r in Role])
    token.add_argument("--urn")
    token.add_argument("--la")
    token.add_argument("--pupil-key")
    token.add_argument("--project", help="a researcher's approved project")
    token.add_argument("--sub", default="local-user")
    token.add_argument("--ttl", type=int, default=3600)
    token.set_defaults(handler=_token)

    relay = sub.add_parser("relay", help="publish the event log to Kafka")
    relay.add_argument(
        "--from",
        dest="from_position",
        type=int,
        default=None,
        help="republish everything after this log position (0 = all)",
    )
    relay.set_defaults(handler=lambda a: _pipeline("relay", a))

    opener = sub.add_parser(
        "open-cases", help="open and move on cases as movements are recorded"
    )
    opener.add_argument("--once", action="store_true", help="catch up, then stop")
    opener.set_defaults(handler=operations.open_cases)

    alerts = sub.add_parser(
        "alerts", help="raise and escalate alerts, and deliver their webhooks"
    )
    alerts.add_argument("--once", action="store_true", help="catch up, then stop")
    alerts.add_argument(
        "--raise-only",
        action="store_true",
        help="with Kafka: one more member of the raisers' consumer group (no sweep, "
        "no webhook delivery)",
    )
    alerts.set_defaults(handler=operations.alerts)

    deliver = sub.add_parser(
        "deliver",
        help="deliver due webhooks only; run any number (each claims rows for a "
        "lease, so no two send the same delivery)",
    )
    deliver.add_argument("--once", action="store_true", help="deliver what is due")
    deliver.set_defaults(handler=operations.deliver)

    project = sub.add_parser("project", help="run projection workers fed by Kafka")
    project.add_argument(
        "names", nargs="+", metavar="NAME", help="projection names or all"
    )
    project.set_defaults(handler=lambda a: _pipeline("project", a))

    migrate = sub.add_parser(
        "migrate", help="create or upgrade the schema (as the owner role)"
    )
    migrate.set_defaults(handler=operations.migrate)

    docs = sub.add_parser("docs", help="print generated documentation")
    docs.add_argument("topic", choices=["lawfulness", "casework", "alerts"])
    docs.set_defaults(handler=operations.docs)

    sar = sub.add_parser(
        "subject-access",
        help="print the subject access pack for a request made offline",
    )
    who = sar.add_mutually_exclusive_group(required=True)
    who.add_argument("--pupil-key")
    who.add_argument("--upn", help="with --date-of-birth, as a paper request gives")
    sar.add_argument("--date-of-birth", help="YYYY-MM-DD (with --upn)")
    sar.add_argument("--html", action="store_true", help="the readable page")
    sar.set_defaults(handler=operations.subject_access)

    erase = sub.add_parser("erase", help="erase a child's identity (crypto-shredding)")
    erase.add_argument("--pupil-key", required=True)
    erase.add_argument("--reason", required=True)
    erase.set_defaults(handler=operations.erase)

    retention = sub.add_parser(
        "retention", help="erase identities past their retention period"
    )
    retention.add_argument("--dry-run", action="store_true", help="report only")
    retention.set_defaults(handler=operations.retention)

    export = sub.add_parser(
        "export",
        help="write an open-data release (ees) or an LA's register of children "
        "not in school (cnis)",
    )
    export.add_argument("format", choices=["ees", "cnis"])
    export.add_argument("--academic-year", help="ees: e.g. 2025-26 (the current log)")
    export.add_argument("--release", help="ees: a release id, its files made again")
    export.add_argument("--la", help="cnis: the LA's 3-digit code")
    export.add_argument("--out", required=True, help="directory to write into")
    export.set_defaults(handler=operations.export)

    audit = sub.add_parser("audit", help="check the hash chain of the access log")
    audit.add_argument("action", choices=["verify"])
    audit.set_defaults(handler=operations.audit)

    rebuild = sub.add_parser("rebuild", help="rebuild projections from the store")
    rebuild.add_argument(
        "names", nargs="+", metavar="NAME", help="projection names or all"
    )
    rebuild.set_defaults(handler=lambda a: _pipeline("rebuild", a))

    sim = sub.add_parser("simulate", help="write deterministic synthetic data")
    sim.add_argument("out", type=Path, help="output directory")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument(
        "--las",
        default="801,202,330",
        help="comma-separated LA codes, or 'all' for every English LA",
    )
    sim.add_argument("--schools-per-la", type=int, default=10)
    sim.add_argument("--offrolling", type=int, default=3, help="schools to inject")
    sim.add_argument("--strength", type=float, default=4.0)
    sim.add_argument(
        "--mix",
        choices=("school_routes", "ordinary"),
        default="school_routes",
        help="grounds of the injected exits (see docs/census-spike-methodology.md)",
    )
    sim.add_argument("--years", default="2025-26", help="comma-separated years")
    sim.set_defaults(handler=_simulate)

    imp_sim = sub.add_parser("import", help="load `pmr simulate` output")
    imp_sim.add_argument("source", type=Path)
    imp_sim.set_defaults(handler=_import)

    schools = sub.add_parser("schools", help="the schools reference")
    schools_sub = schools.add_subparsers(required=True, metavar="ACTION")
    imp = schools_sub.add_parser("import", help="load a GIAS establishment CSV")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=_schools_import)
    return parser


def _serve(args: argparse.Namespace) -> int:
    """Serve the API and pages. uvicorn builds the app from the environment in each
    worker process (the CLI does not import the HTTP layer)."""
    import uvicorn

    settings = Settings()
    configure(settings.log_level)
    uvicorn.run(
        "services.api.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=False,  # our middleware logs route templates, not raw paths
    )
    return 0


def _pipeline(command: str, args: argparse.Namespace) -> int:
    from services.processes import pipeline

    settings = Settings()
    configure(settings.log_level)
    if command == "relay":
        return pipeline.run_relay(settings, args.from_position)
    if command == "project":
        return pipeline.run_projectors(settings, args.names)
    return pipeline.run_rebuild(settings, args.names)


def _token(args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.env == "production" and settings.jwt_secret == DEV_JWT_SECRET:
        print(
            "refusing to sign with the development secret in production",
            file=sys.stderr,
        )
        return 2
    try:
        token = issue_token(
            settings.jwt_secret,
            Role(args.role),
            sub=args.sub,
            urn=args.urn,
            la=args.la,
            pupil_key=args.pupil_key,
            project=args.project,
            ttl=args.ttl,
        )
    except Exception as error:  # TokenInvalid: a scope claim is missing
        print(f"pmr token: {error}", file=sys.stderr)
        return 2
    print(token)
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from events.identifiers import ENGLISH_LA_CODES
    from events.school_calendar import AcademicYear
    from services.simulation.simulate import SimulationConfig, simulate, write

    las = sorted(ENGLISH_LA_CODES) if args.las == "all" else args.las.split(",")
    config = SimulationConfig(
        seed=args.seed,
        la_codes=tuple(las),
        injection_mix=args.mix,
        schools_per_la=args.schools_per_la,
        offrolling_schools=args.offrolling,
        strength=args.strength,
        years=tuple(AcademicYear.parse(y) for y in args.years.split(",")),
    )
    sim = simulate(config)
    write(sim, args.out)
    print(
        f"{len(sim.schools)} schools, {len(sim.movements)} movements, "
        f"{len(sim.injected)} injected -> {args.out}"
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from services.app.bootstrap import bootstrap
    from services.recording.importer import import_simulation

    if not (Path(args.source) / "schools.json").is_file():
        raise operations.CliError(
            f"{args.source} is not a `pmr simulate` folder (no schools.json)"
        )
    progress = ProgressBar()
    container = bootstrap(Settings())
    try:
        outcomes = import_simulation(container, args.source, progress=progress.show)
        container.follower.catch_up()
    finally:
        container.close()
        progress.finish()
    for outcome, count in sorted(outcomes.items()):
        print(f"{outcome}: {count}")
    return 0


def _schools_import(args: argparse.Namespace) -> int:
    from services.app.bootstrap import bootstrap
    from services.reference.schools import import_gias

    if not Path(args.file).is_file():
        raise operations.CliError(f"no such file: {args.file}")

    progress = ProgressBar(unit="rows")
    container = bootstrap(Settings(), start_follower=False)
    try:
        report = import_gias(container.schools, args.file, progress.show)
    finally:
        container.close()
        progress.finish()
    print(f"imported {report.imported} schools, refused {len(report.rejected)}")
    for reason, count, lines in report.reasons():
        shown = ", ".join(str(n) for n in lines) + (
            ", ..." if count > len(lines) else ""
        )
        print(f"  {count} refused: {reason} (lines {shown})", file=sys.stderr)
    return 0 if report.imported else 1


if __name__ == "__main__":
    raise SystemExit(main())

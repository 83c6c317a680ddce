# SPDX-License-Identifier: EUPL-1.2
"""The ``clic`` command: database set-up, demo data, the development seal and audit checks."""

from __future__ import annotations

import argparse
import logging
import sys

from clic_app.services.audit import verify_chain
from clic_app.services.db import session_scope
from clic_app.services.demo_data import load_demo_data
from clic_app.services.migrations import upgrade_database
from clic_app.services.representation import expire_mandates
from clic_app.services.runtime import get_runtime
from clic_app.services.signing import ensure_seal

logger = logging.getLogger("clic_app.cli")


def _migrate(_args: argparse.Namespace) -> None:
    upgrade_database(get_runtime().settings.effective_database_url)


def _demo_data(args: argparse.Namespace) -> None:
    runtime = get_runtime()
    upgrade_database(runtime.settings.effective_database_url)
    with session_scope(runtime.engine) as session:
        summary = load_demo_data(session, runtime.settings.council, households=args.households)
    if summary.skipped:
        print("Demo data already loaded; nothing to do.")
    else:
        print(
            f"Demo town created: {summary.streets} streets, {summary.households} households, "
            f"{summary.inhabitants} inhabitants, {summary.accounts} accounts."
        )


def _seal(_args: argparse.Namespace) -> None:
    material = ensure_seal(get_runtime().settings)
    kind = "development seal (test documents)" if material.is_development else "configured seal"
    print(f"Seal ready: {kind} at {material.p12_path}")


def _setup(args: argparse.Namespace) -> None:
    _migrate(args)
    _seal(args)
    if not args.no_demo:
        _demo_data(args)


def _audit_verify(_args: argparse.Namespace) -> int:
    with session_scope(get_runtime().engine) as session:
        report = verify_chain(session)
    if report.intact:
        print(f"Audit chain intact: {report.events} events")
        if report.events:
            # Kept outside the database, this pair lets a later check show that the
            # whole chain was rewritten.
            print(f"Last event: sequence {report.events}, hash {report.head_hash}")
        return 0
    print(
        f"Audit chain broken at sequence {report.first_broken_sequence}: {report.reason} "
        f"({report.events} events read)",
        file=sys.stderr,
    )
    return 1


def _expire_mandates(_args: argparse.Namespace) -> int:
    with session_scope(get_runtime().engine) as session:
        count = expire_mandates(session)
    print(f"Mandates marked expired: {count}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clic", description="CLIC administration commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade the database schema").set_defaults(run=_migrate)
    demo = commands.add_parser("demo-data", help="load the synthetic demo town once (migrates first)")
    demo.add_argument("--households", type=int, default=2100, help="number of households (default 2100)")
    demo.set_defaults(run=_demo_data)
    commands.add_parser("seal", help="create the development seal if no CLIC_SEAL_P12 is set").set_defaults(
        run=_seal
    )
    setup = commands.add_parser("setup", help="migrate, prepare the seal and load the demo data")
    setup.add_argument("--no-demo", action="store_true", help="skip the demo data")
    setup.add_argument("--households", type=int, default=2100, help="number of demo households")
    setup.set_defaults(run=_setup)
    audit = commands.add_parser("audit", help="audit log commands")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_commands.add_parser(
        "verify", help="check the SHA-256 chain of the audit log; exit status 1 if it is broken"
    ).set_defaults(run=_audit_verify)
    mandates = commands.add_parser("mandates", help="mandate (apoderamiento) commands")
    mandate_commands = mandates.add_subparsers(dest="mandate_command", required=True)
    mandate_commands.add_parser(
        "expire", help="store the expired status of mandates past their end date (run daily)"
    ).set_defaults(run=_expire_mandates)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = build_parser().parse_args(argv)
    return args.run(args) or 0


if __name__ == "__main__":
    sys.exit(main())

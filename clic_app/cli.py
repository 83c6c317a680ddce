# SPDX-License-Identifier: EUPL-1.2
"""The ``clic`` command: database set-up, demo data and the development seal."""

from __future__ import annotations

import argparse
import logging
import sys

from clic_app.services.db import session_scope
from clic_app.services.demo_data import load_demo_data
from clic_app.services.migrations import upgrade_database
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
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = build_parser().parse_args(argv)
    args.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

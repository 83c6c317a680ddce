# SPDX-License-Identifier: EUPL-1.2
"""The procedures of the portal by stable code, as mandates name them in their scope."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from clic_app.services.errors import InvalidInput


class Procedure(StrEnum):
    """Procedures a mandate may cover, by stable code."""

    CENSUS_READ = "padron.consulta"
    """See the represented person's padron registration."""
    CENSUS_VOLANTE = "padron.volante"
    """Obtain volantes de empadronamiento about the represented person."""
    CENSUS_CONSENT = "padron.cesion"
    """Grant or revoke consent to other members of the household sheet."""

    @property
    def message_key(self) -> str:
        return f"procedure.{self.value}"

    @classmethod
    def parse_many(cls, codes: Iterable[str]) -> tuple[Procedure, ...]:
        """Return the procedures named by ``codes``, sorted and without repeats.

        Raises:
            InvalidInput: a code names no known procedure.
        """
        parsed = set()
        for code in codes:
            try:
                parsed.add(cls(code.strip()))
            except ValueError:
                raise InvalidInput("procedure_unknown", field="procedures", value=code) from None
        return tuple(sorted(parsed))

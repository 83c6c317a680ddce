# SPDX-License-Identifier: EUPL-1.2
"""Audit routes: who has read the caller's personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from clic_app.api.deps import ActorDep, LanguageDep, SessionDep
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.locales import translate
from clic_app.models import Role
from clic_app.services.audit import data_access_for

router = APIRouter(prefix="/audit", tags=["audit"])


class DataAccessPublic(BaseModel):
    """One read of the caller's data: when, and by which account with which roles (no names)."""

    occurred_at: datetime
    reader_account_id: int | None
    reader_roles: list[Role]
    reader_role_labels: list[str]
    by_staff: bool = Field(description="True for council staff, false for a representative of the caller")
    object_type: str = Field(examples=["account", "census_record"])


@router.get("/my-data-access", response_model=list[DataAccessPublic], responses=ERROR_RESPONSES)
def read_my_data_access(
    session: SessionDep,
    actor: ActorDep,
    language: LanguageDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most recent reads to return")] = 200,
) -> list[DataAccessPublic]:
    """List who read the caller's personal data and when, newest first."""
    return [
        DataAccessPublic(
            occurred_at=access.occurred_at,
            reader_account_id=access.reader_user_id,
            reader_roles=list(access.reader_roles),
            reader_role_labels=[translate(role.message_key, language) for role in access.reader_roles],
            by_staff=access.by_staff,
            object_type=access.object_type,
        )
        for access in data_access_for(session, actor, limit)
    ]

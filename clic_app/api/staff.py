# SPDX-License-Identifier: EUPL-1.2
"""Staff account routes for administrators: list, search, create, roles, enable and disable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from clic_app.api.deps import ActorDep, LanguageDep, RuntimeDep, SessionDep
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.locales import translate
from clic_app.models import AccountStatus, Role
from clic_app.services import staff
from clic_app.services.staff import NewStaffAccount, StaffAccount

router = APIRouter(prefix="/staff", tags=["staff"])

UserIdPath = Annotated[int, Path(ge=1, description="Account id")]
RolePath = Annotated[Role, Path(description="A staff role")]


class StaffAccountPublic(BaseModel):
    """An account as administrators see it; no password hash or session data."""

    id: int
    nif: str
    full_name: str
    email: str
    status: AccountStatus
    status_label: str
    roles: list[Role]
    role_labels: list[str]


class StaffAccountCreate(BaseModel):
    """A new staff account: who, which staff roles, and an initial password or an email for the link."""

    nif: str = Field(max_length=20, examples=["00000001R"])
    full_name: str = Field(max_length=200)
    email: str = Field(default="", max_length=254)
    roles: list[str] = Field(min_length=1, max_length=4, examples=[["registry_clerk"]])
    password: str = Field(
        default="",
        max_length=256,
        description="Initial password to pass on to the holder; empty sends the holder a link to choose one",
    )


class AccountSearch(BaseModel):
    """The NIF/NIE of the account to look up."""

    nif: str = Field(max_length=20)


def _public(account: StaffAccount, language: str) -> StaffAccountPublic:
    roles = sorted(account.roles)
    return StaffAccountPublic(
        id=account.user_id,
        nif=account.nif,
        full_name=account.full_name,
        email=account.email,
        status=account.status,
        status_label=translate(f"staff.status.{account.status.value}", language),
        roles=roles,
        role_labels=[translate(role.message_key, language) for role in roles],
    )


@router.get("/accounts", response_model=list[StaffAccountPublic], responses=ERROR_RESPONSES)
def list_accounts(session: SessionDep, actor: ActorDep, language: LanguageDep) -> list[StaffAccountPublic]:
    """List every account holding a staff role (administrators only)."""
    return [_public(account, language) for account in staff.list_staff_accounts(session, actor)]


@router.post("/accounts", response_model=StaffAccountPublic, status_code=201, responses=ERROR_RESPONSES)
def create_account(
    body: StaffAccountCreate, session: SessionDep, runtime: RuntimeDep, actor: ActorDep, language: LanguageDep
) -> StaffAccountPublic:
    """Create a staff account with its roles (administrators only).

    Without a password, the holder gets an email with a link to choose one.
    """
    new = NewStaffAccount(
        nif=body.nif,
        full_name=body.full_name,
        email=body.email,
        roles=staff.parse_roles(body.roles),
        password=body.password,
    )
    return _public(staff.create_staff_account(session, actor, new, runtime.settings, language), language)


# A POST keeps the NIF out of URLs, and so out of proxy and server access logs.
@router.post("/accounts/search", response_model=StaffAccountPublic, responses=ERROR_RESPONSES)
def search_account(
    body: AccountSearch, session: SessionDep, actor: ActorDep, language: LanguageDep
) -> StaffAccountPublic:
    """Find any account by NIF/NIE, staff or not (administrators only; the read is audited)."""
    return _public(staff.find_account(session, actor, body.nif), language)


@router.get("/accounts/{user_id}", response_model=StaffAccountPublic, responses=ERROR_RESPONSES)
def read_account(
    user_id: UserIdPath, session: SessionDep, actor: ActorDep, language: LanguageDep
) -> StaffAccountPublic:
    """Return one account (administrators only; the read is audited)."""
    return _public(staff.get_account(session, actor, user_id), language)


@router.put("/accounts/{user_id}/roles/{role}", response_model=StaffAccountPublic, responses=ERROR_RESPONSES)
def grant_role(
    user_id: UserIdPath, role: RolePath, session: SessionDep, actor: ActorDep, language: LanguageDep
) -> StaffAccountPublic:
    """Grant a staff role; granting a role the account holds changes nothing."""
    return _public(staff.grant_role(session, actor, user_id, role), language)


@router.delete("/accounts/{user_id}/roles/{role}", response_model=StaffAccountPublic, responses=ERROR_RESPONSES)
def revoke_role(
    user_id: UserIdPath, role: RolePath, session: SessionDep, actor: ActorDep, language: LanguageDep
) -> StaffAccountPublic:
    """Revoke a staff role; an administrator cannot revoke their own administrator role."""
    return _public(staff.revoke_role(session, actor, user_id, role), language)


@router.post("/accounts/{user_id}/disable", response_model=StaffAccountPublic, responses=ERROR_RESPONSES)
def disable_account(
    user_id: UserIdPath, session: SessionDep, actor: ActorDep, language: LanguageDep
) -> StaffAccountPublic:
    """Disable an account and end its sessions; nobody can disable their own account."""
    return _public(staff.set_account_enabled(session, actor, user_id, enabled=False), language)


@router.post("/accounts/{user_id}/enable", response_model=StaffAccountPublic, responses=ERROR_RESPONSES)
def enable_account(
    user_id: UserIdPath, session: SessionDep, actor: ActorDep, language: LanguageDep
) -> StaffAccountPublic:
    """Enable a disabled account again."""
    return _public(staff.set_account_enabled(session, actor, user_id, enabled=True), language)

# SPDX-License-Identifier: EUPL-1.2
"""Account routes: access requests, email confirmation, password reset, profile, staff decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from clic_app.api.deps import ActorDep, ClientDep, LanguageDep, RuntimeDep, SessionDep, oauth2_scheme
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.locales import translate
from clic_app.models import AccountStatus, Role
from clic_app.services import accounts, password_reset, profile
from clic_app.services.passwords import MAX_LENGTH as MAX_PASSWORD_LENGTH

router = APIRouter(prefix="/accounts", tags=["accounts"])

AccountIdPath = Annotated[int, Path(ge=1, description="Account id of the request")]
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


class Notice(BaseModel):
    """A message for the person, the same whatever happened behind it."""

    message: str


class RegistrationBody(BaseModel):
    """A request for access to the portal."""

    nif: str = Field(max_length=20, examples=["71234567W"])
    full_name: str = Field(max_length=400, examples=["Ana García López"])
    email: str = Field(max_length=254, examples=["ana.garcia@example.org"])
    password: str = Field(max_length=MAX_PASSWORD_LENGTH * 2, description="At least 12 characters, not a common one")
    accepted: bool = Field(description="The applicant accepts the terms of use and the data protection notice")


class TokenBody(BaseModel):
    """The token of a link sent by email."""

    token: str = Field(max_length=200)


class Confirmation(BaseModel):
    """Outcome of a confirmation link."""

    outcome: accounts.ConfirmationOutcome
    message: str


class ResetRequestBody(BaseModel):
    """The NIF/NIE of the account whose password is forgotten."""

    nif: str = Field(max_length=20)


class ResetBody(BaseModel):
    """A reset link's token and the new password."""

    token: str = Field(max_length=200)
    new_password: str = Field(max_length=MAX_PASSWORD_LENGTH * 2)


class ProfilePublic(BaseModel):
    """The caller's own account data; no password hash or session data."""

    nif: str
    full_name: str
    email: str | None
    email_confirmed: bool
    pending_email: str | None = Field(description="New address waiting for its confirmation link")
    phone: str = Field(description="E.164 form, empty when none")
    notify_by_email: bool
    notify_by_sms: bool
    status: AccountStatus
    roles: list[Role]


class ProfilePatch(BaseModel):
    """Fields to change; omitted fields stay as they are. A new email needs confirmation."""

    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=30, description="Empty string removes the phone")
    notify_by_email: bool | None = None
    notify_by_sms: bool | None = None


class ProfileChangeResult(BaseModel):
    """The profile after a change, the fields changed now, and whether a confirmation link was sent."""

    profile: ProfilePublic
    changed_fields: list[str]
    email_confirmation_sent: bool


class PasswordChangeBody(BaseModel):
    """The current password and the new one."""

    current_password: str = Field(max_length=MAX_PASSWORD_LENGTH * 2)
    new_password: str = Field(max_length=MAX_PASSWORD_LENGTH * 2)


class PasswordChanged(BaseModel):
    """How many other sessions were ended; the caller's own stays open."""

    sessions_ended: int


class AccountRequestPublic(BaseModel):
    """A pending access request as registry clerks and administrators see it."""

    account_id: int
    nif: str
    full_name: str
    email: str
    requested_at: datetime
    email_confirmed_at: datetime | None
    census_name: str | None = Field(description="Name in the census for the same document number, if any")


class DecisionBody(BaseModel):
    """Approve or reject; a rejection needs the reason sent to the applicant."""

    decision: Literal["approved", "rejected"]
    reason: str = Field(default="", max_length=2000)


class DecisionResult(BaseModel):
    account_id: int
    status: AccountStatus


@router.post("", response_model=Notice, status_code=202, responses=ERROR_RESPONSES)
def request_access(
    body: RegistrationBody, session: SessionDep, runtime: RuntimeDep, client: ClientDep, language: LanguageDep
) -> Notice:
    """Request an account; the response is the same whether or not the NIF already has one."""
    form = accounts.RegistrationForm(body.nif, body.full_name, body.email, body.password, body.accepted)
    accounts.request_account(session, runtime.settings, form, client, language)
    return Notice(message=translate("register.done", language))


@router.post("/confirmations", response_model=Confirmation, responses=ERROR_RESPONSES)
def confirm_email(body: TokenBody, session: SessionDep, client: ClientDep, language: LanguageDep) -> Confirmation:
    """Use an email confirmation link: finish an access request or a change of address."""
    outcome = accounts.confirm_email(session, body.token, client)
    return Confirmation(outcome=outcome, message=translate(f"confirm.{outcome}", language))


@router.post("/password-reset/request", response_model=Notice, status_code=202, responses=ERROR_RESPONSES)
def request_password_reset(
    body: ResetRequestBody, session: SessionDep, runtime: RuntimeDep, client: ClientDep, language: LanguageDep
) -> Notice:
    """Mail a reset link if the NIF has an active account; the response is the same either way."""
    password_reset.request_password_reset(session, runtime.settings, body.nif, client, language)
    return Notice(message=translate("recover.done", language))


@router.post("/password-reset", response_model=Notice, responses=ERROR_RESPONSES)
def reset_password(
    body: ResetBody, session: SessionDep, runtime: RuntimeDep, client: ClientDep, language: LanguageDep
) -> Notice:
    """Set a new password with a reset link; every session of the account ends."""
    password_reset.reset_password(session, runtime.settings, body.token, body.new_password, client, language)
    return Notice(message=translate("reset.done", language))


@router.get("/me", response_model=ProfilePublic, responses=ERROR_RESPONSES)
def read_profile(session: SessionDep, actor: ActorDep) -> ProfilePublic:
    """Return the caller's own account data."""
    return _profile_public(profile.profile_of(session, actor))


@router.patch("/me", response_model=ProfileChangeResult, responses=ERROR_RESPONSES)
def update_profile(
    body: ProfilePatch, session: SessionDep, runtime: RuntimeDep, actor: ActorDep, language: LanguageDep
) -> ProfileChangeResult:
    """Change phone and notification preferences; a new email takes effect once confirmed."""
    changes = profile.ProfileChanges(body.email, body.phone, body.notify_by_email, body.notify_by_sms)
    result = profile.update_profile(session, runtime.settings, actor, changes, language)
    return ProfileChangeResult(
        profile=_profile_public(profile.profile_of(session, actor)),
        changed_fields=list(result.changed_fields),
        email_confirmation_sent=result.email_confirmation_sent,
    )


@router.post("/me/password", response_model=PasswordChanged, responses=ERROR_RESPONSES)
def change_password(
    body: PasswordChangeBody,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: ActorDep,
    token: TokenDep,
    language: LanguageDep,
) -> PasswordChanged:
    """Replace the password; every other session and token of the account ends."""
    ended = profile.change_password(
        session, runtime.settings, actor, body.current_password, body.new_password, token, language
    )
    return PasswordChanged(sessions_ended=ended)


@router.get("/requests", response_model=list[AccountRequestPublic], responses=ERROR_RESPONSES)
def list_requests(session: SessionDep, actor: ActorDep) -> list[AccountRequestPublic]:
    """List access requests waiting for approval (registry clerks, administrators); each read is audited."""
    pending = accounts.list_pending_requests(session, actor)
    return [AccountRequestPublic.model_validate(request, from_attributes=True) for request in pending]


@router.post("/requests/{account_id}/decision", response_model=DecisionResult, responses=ERROR_RESPONSES)
def decide_request(
    account_id: AccountIdPath, body: DecisionBody, session: SessionDep, runtime: RuntimeDep, actor: ActorDep
) -> DecisionResult:
    """Approve or reject a pending request; the applicant receives the decision by email."""
    account = accounts.decide_request(
        session, runtime.settings, actor, account_id, body.decision == "approved", body.reason
    )
    return DecisionResult(account_id=account.id, status=account.status)


def _profile_public(shown: profile.Profile) -> ProfilePublic:
    return ProfilePublic(
        nif=shown.nif,
        full_name=shown.full_name,
        email=shown.email,
        email_confirmed=shown.email_confirmed,
        pending_email=shown.pending_email,
        phone=shown.phone,
        notify_by_email=shown.notify_by_email,
        notify_by_sms=shown.notify_by_sms,
        status=shown.status,
        roles=sorted(shown.roles),
    )

# SPDX-License-Identifier: EUPL-1.2
"""Authentication routes: the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from clic_app.api.deps import ClientDep, RuntimeDep, SessionDep
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.api.schemas import TokenResponse
from clic_app.services.errors import ClicError
from clic_app.services.identity import login

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse, responses=ERROR_RESPONSES)
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    runtime: RuntimeDep,
    client: ClientDep,
) -> TokenResponse:
    """Exchange a NIF/NIE (``username``) and password for a bearer token."""
    try:
        result = login(session, form.username, form.password, client, runtime.session_lifetime)
    except ClicError as error:
        # The service names the NIF field as the login form does; OAuth2 calls it username.
        if error.field == "nif":
            error.field = "username"
        raise
    return TokenResponse(access_token=result.token, expires_in=int(runtime.session_lifetime.total_seconds()))

# SPDX-License-Identifier: EUPL-1.2
"""Dependencies shared by the API routes: runtime, database session, caller, language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from clic_app.locales import DEFAULT_LANGUAGE, LANGUAGES
from clic_app.services.access import Actor
from clic_app.services.db import session_scope
from clic_app.services.identity import actor_for_token
from clic_app.services.runtime import Runtime

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime_provider()


# Every Depends(get_session) has scope="function": FastAPI then commits before it sends
# the response, so a client never receives a token or id that is not yet stored. The
# default scope ("request") runs the commit after the response is sent.
def get_session(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Iterator[Session]:
    with session_scope(runtime.engine) as session:
        yield session


def client_address(request: Request) -> str:
    # NOTE: behind a reverse proxy this is the proxy's address until trusted proxy
    # headers are configured, so limits then apply to all clients of that proxy together.
    return request.client.host if request.client else "unknown"


def current_actor(
    session: Annotated[Session, Depends(get_session, scope="function")],
    token: Annotated[str | None, Depends(oauth2_scheme)],
    client: Annotated[str, Depends(client_address)],
) -> Actor:
    """Return the caller with roles and represented party; services check permissions."""
    return actor_for_token(session, token, client)


def request_language(request: Request) -> str:
    """Return the first supported language of the Accept-Language header."""
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ClientDep = Annotated[str, Depends(client_address)]
LanguageDep = Annotated[str, Depends(request_language)]
ActorDep = Annotated[Actor, Depends(current_actor)]

# SPDX-License-Identifier: EUPL-1.2
"""Tests of one-time email links: hashed, expiring, usable once, newest only."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import select

from clic_app.models import OneTimeToken, TokenPurpose, UserAccount
from clic_app.services.db import session_scope
from clic_app.services.errors import InvalidInput
from clic_app.services.identity import create_account
from clic_app.services.tokens import consume_token, issue_token, pending_email

EMAIL = "lucia@example.org"
HOUR = timedelta(hours=1)


@pytest.fixture
def account(runtime) -> UserAccount:
    with session_scope(runtime.engine) as session:
        created = create_account(session, "71234567W", "correct horse battery staple")
        created.email = EMAIL
        return created


def _issue(runtime, account, purpose=TokenPurpose.PASSWORD_RESET, lifetime=HOUR, email=EMAIL) -> str:
    with session_scope(runtime.engine) as session:
        return issue_token(session, account, purpose, email, lifetime)


def _consume(runtime, token, purpose=TokenPurpose.PASSWORD_RESET) -> OneTimeToken:
    with session_scope(runtime.engine) as session:
        return consume_token(session, token, purpose)


def _rejection(runtime, token, purpose=TokenPurpose.PASSWORD_RESET) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        _consume(runtime, token, purpose)
    return caught.value


def test_token_works_once(runtime, account):
    token = _issue(runtime, account)

    row = _consume(runtime, token)
    second = _rejection(runtime, token)

    assert row.user_id == account.id
    assert row.used_at is not None
    assert second.code == "link_used"
    assert second.field == "token"


def test_only_hash_stored(runtime, account):
    token = _issue(runtime, account)

    with session_scope(runtime.engine) as session:
        [row] = session.exec(select(OneTimeToken)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash


def test_expired_token_rejected(runtime, account):
    token = _issue(runtime, account, lifetime=timedelta(seconds=-1))

    assert _rejection(runtime, token).code == "link_expired"


def test_unknown_token_rejected(runtime, account):
    assert _rejection(runtime, "not-a-token").code == "link_invalid"
    assert _rejection(runtime, "").code == "link_invalid"


def test_token_of_other_purpose_rejected(runtime, account):
    token = _issue(runtime, account, purpose=TokenPurpose.EMAIL_CONFIRMATION)

    assert _rejection(runtime, token, TokenPurpose.PASSWORD_RESET).code == "link_invalid"


def test_new_token_voids_older(runtime, account):
    older = _issue(runtime, account)
    newer = _issue(runtime, account)

    assert _rejection(runtime, older).code == "link_expired"
    assert _consume(runtime, newer).user_id == account.id


def test_tokens_of_other_purpose_kept(runtime, account):
    confirmation = _issue(runtime, account, purpose=TokenPurpose.EMAIL_CONFIRMATION)
    _issue(runtime, account, purpose=TokenPurpose.PASSWORD_RESET)

    assert _consume(runtime, confirmation, TokenPurpose.EMAIL_CONFIRMATION).user_id == account.id


def test_pending_email_is_unconfirmed_new_address(runtime, account):
    _issue(runtime, account, purpose=TokenPurpose.EMAIL_CONFIRMATION, email="nueva@example.org")

    with session_scope(runtime.engine) as session:
        assert pending_email(session, session.get(UserAccount, account.id)) == "nueva@example.org"


def test_pending_email_none_for_current_address(runtime, account):
    _issue(runtime, account, purpose=TokenPurpose.EMAIL_CONFIRMATION, email=EMAIL)

    with session_scope(runtime.engine) as session:
        assert pending_email(session, session.get(UserAccount, account.id)) is None

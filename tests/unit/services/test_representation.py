# SPDX-License-Identifier: EUPL-1.2
"""Tests of mandates: registering, proposing, requesting, accepting, revoking and expiry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from clic_app.models import AuditAction, AuditEvent, MandateOrigin, MandateStatus, PartyKind, Role, UserAccount
from clic_app.services.access import Actor, actor_for
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_STAFF_NIF
from clic_app.services.errors import InvalidInput, NotFound, PermissionDenied
from clic_app.services.identity import create_account
from clic_app.services.procedures import Procedure
from clic_app.services.representation import (
    MandateTerms,
    Party,
    accept_mandate,
    effective_status,
    expire_mandates,
    mandates_of,
    parse_date,
    procedures_of,
    propose_mandate,
    register_mandate,
    request_mandate,
    revoke_mandate,
    search_mandates,
    today_in_madrid,
)
from tests.representation_builders import COMPANY_CIF, OUTSIDER_NIF, add_mandate, outsider_account

TODAY = date(2026, 12, 4)


def _actor(session, nif: str, acting_for_nif: str | None = None) -> Actor:
    user = session.exec(select(UserAccount).where(UserAccount.nif == nif)).one()
    return actor_for(session, user, acting_for_nif=acting_for_nif)


@pytest.fixture
def staff(session, demo_town) -> Actor:
    return _actor(session, DEMO_STAFF_NIF)


@pytest.fixture
def citizen(session, demo_citizen) -> Actor:
    return _actor(session, DEMO_CITIZEN_NIF)


@pytest.fixture
def outsider(session, demo_citizen) -> Actor:
    # Depends on demo_citizen so that its login commits before this test's session writes.
    outsider_account(session)
    return _actor(session, OUTSIDER_NIF)


@pytest.fixture
def case_handler(session, demo_citizen) -> Actor:
    create_account(session, "22222222J", "handler-password", roles=[Role.CASE_HANDLER])
    return _actor(session, "22222222J")


def _audit_events(session, action: AuditAction) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_register_authorised_at_once(session, staff):
    represented = Party(DEMO_CITIZEN_NIF, "Lucía Fernández Núñez", PartyKind.PERSON)

    mandate = register_mandate(session, staff, OUTSIDER_NIF, represented, MandateTerms(), today=TODAY)

    assert mandate.status is MandateStatus.AUTHORISED
    assert mandate.origin is MandateOrigin.STAFF
    assert mandate.representative_nif == OUTSIDER_NIF
    assert mandate.represented_nif == DEMO_CITIZEN_NIF
    assert mandate.all_procedures is True
    assert mandate.decided_at is not None
    assert mandate.created_by_user_id == staff.user.id


def test_register_audited(session, staff):
    represented = Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON)

    mandate = register_mandate(session, staff, OUTSIDER_NIF, represented, MandateTerms(), today=TODAY)

    (event,) = _audit_events(session, AuditAction.MANDATE_CHANGED)
    assert event.actor_user_id == staff.user.id
    assert event.object_type == "mandate"
    assert event.object_id == str(mandate.id)
    assert '"event": "registered"' in event.details


def test_register_company_by_cif(session, staff):
    represented = Party("b-1234567-4", "Ejemplo Servicios SL", PartyKind.COMPANY)

    mandate = register_mandate(session, staff, OUTSIDER_NIF, represented, MandateTerms(), today=TODAY)

    assert mandate.represented_nif == COMPANY_CIF
    assert mandate.represented_kind is PartyKind.COMPANY


@pytest.mark.parametrize(
    ("nif", "kind", "code"),
    [
        ("B12345675", PartyKind.COMPANY, "company_cif_invalid"),
        ("12345678Z", PartyKind.COMPANY, "company_cif_invalid"),
        ("12345678A", PartyKind.PERSON, "document_number_invalid"),
        (COMPANY_CIF, PartyKind.PERSON, "document_number_invalid"),
    ],
)
def test_register_invalid_party(session, staff, nif, kind, code):
    with pytest.raises(InvalidInput) as caught:
        register_mandate(session, staff, OUTSIDER_NIF, Party(nif, "Nombre", kind), MandateTerms(), today=TODAY)

    assert caught.value.code == code
    assert caught.value.field == "represented_nif"


def test_register_invalid_representative(session, staff):
    with pytest.raises(InvalidInput) as caught:
        register_mandate(
            session, staff, "X0000000A", Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), MandateTerms(),
            today=TODAY,
        )

    assert caught.value.field == "representative_nif"


def test_register_name_required(session, staff):
    with pytest.raises(InvalidInput) as caught:
        register_mandate(
            session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "   ", PartyKind.PERSON), MandateTerms(), today=TODAY
        )

    assert caught.value.code == "represented_name_required"


@pytest.mark.parametrize("who", ["citizen", "outsider", "case_handler"])
def test_register_needs_clerk_or_administrator(session, request, who):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        register_mandate(
            session, actor, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), MandateTerms(),
            today=TODAY,
        )

    assert _audit_events(session, AuditAction.MANDATE_CHANGED) == []


def test_scope_list_stored(session, staff):
    terms = MandateTerms(all_procedures=False, procedures=("padron.volante", "padron.consulta", "padron.volante"))

    mandate = register_mandate(
        session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), terms, today=TODAY
    )

    assert mandate.all_procedures is False
    assert procedures_of(mandate) == ("padron.consulta", "padron.volante")


@pytest.mark.parametrize(
    ("procedures", "code"), [((), "mandate_scope_empty"), (("padron.baja",), "procedure_unknown")]
)
def test_scope_list_invalid(session, staff, procedures, code):
    terms = MandateTerms(all_procedures=False, procedures=procedures)

    with pytest.raises(InvalidInput) as caught:
        register_mandate(
            session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), terms, today=TODAY
        )

    assert caught.value.code == code
    assert caught.value.field == "procedures"


def test_period_defaults_to_five_years(session, staff):
    mandate = register_mandate(
        session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), MandateTerms(), today=TODAY
    )

    assert mandate.valid_from == TODAY
    assert mandate.valid_until == date(2031, 12, 4)


def test_period_registered_on_29_february(session, staff):
    mandate = register_mandate(
        session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), MandateTerms(),
        today=date(2028, 2, 29),
    )

    assert mandate.valid_until == date(2033, 2, 28)


def test_period_counts_from_registration(session, staff):
    terms = MandateTerms(valid_from=date(2027, 6, 1), valid_until=date(2032, 5, 31))

    with pytest.raises(InvalidInput) as caught:
        register_mandate(
            session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), terms, today=TODAY
        )

    assert caught.value.code == "mandate_period_too_long"


def test_period_started_before_registration(session, staff):
    terms = MandateTerms(valid_from=date(2025, 1, 1))

    mandate = register_mandate(
        session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), terms, today=TODAY
    )

    assert mandate.valid_from == date(2025, 1, 1)
    assert mandate.valid_until == date(2031, 12, 4)


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "code"),
    [
        (date(2027, 1, 10), date(2027, 1, 9), "mandate_period_invalid"),
        (date(2026, 1, 1), date(2026, 12, 3), "mandate_period_past"),
        (date(2026, 12, 4), date(2031, 12, 5), "mandate_period_too_long"),
    ],
)
def test_period_invalid(session, staff, valid_from, valid_until, code):
    terms = MandateTerms(valid_from=valid_from, valid_until=valid_until)

    with pytest.raises(InvalidInput) as caught:
        register_mandate(
            session, staff, OUTSIDER_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), terms, today=TODAY
        )

    assert caught.value.code == code
    assert caught.value.field == "valid_until"


def test_self_mandate_rejected(session, staff):
    with pytest.raises(InvalidInput) as caught:
        register_mandate(
            session, staff, DEMO_CITIZEN_NIF, Party(DEMO_CITIZEN_NIF, "Lucía", PartyKind.PERSON), MandateTerms(),
            today=TODAY,
        )

    assert caught.value.code == "mandate_self"


def test_propose_authorised_for_proposer(session, citizen):
    mandate = propose_mandate(session, citizen, OUTSIDER_NIF, MandateTerms(), today=TODAY)

    assert mandate.status is MandateStatus.AUTHORISED
    assert mandate.origin is MandateOrigin.PORTAL
    assert mandate.represented_nif == DEMO_CITIZEN_NIF
    assert mandate.represented_name == "Lucía Fernández Núñez"
    assert mandate.representative_nif == OUTSIDER_NIF


def test_propose_while_acting_for_other_denied(session, demo_citizen, outsider):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    acting = _actor(session, OUTSIDER_NIF, acting_for_nif=DEMO_CITIZEN_NIF)

    with pytest.raises(PermissionDenied) as caught:
        propose_mandate(session, acting, "22222222J", MandateTerms(), today=TODAY)

    assert caught.value.code == "representation_own_account_only"


def test_request_stays_pending(session, outsider, demo_citizen):
    mandate = request_mandate(session, outsider, DEMO_CITIZEN_NIF, "Lucía Fernández", MandateTerms(), today=TODAY)

    assert mandate.status is MandateStatus.PENDING
    assert mandate.origin is MandateOrigin.PORTAL
    assert mandate.representative_nif == OUTSIDER_NIF
    assert mandate.decided_at is None


def test_request_only_for_people(session, outsider):
    with pytest.raises(InvalidInput) as caught:
        request_mandate(session, outsider, COMPANY_CIF, "Ejemplo SL", MandateTerms(), today=TODAY)

    assert caught.value.code == "document_number_invalid"


def test_accept_by_represented(session, outsider, citizen):
    mandate = request_mandate(session, outsider, DEMO_CITIZEN_NIF, "Lucía", MandateTerms(), today=TODAY)

    accepted = accept_mandate(session, citizen, mandate.id, today=TODAY)

    assert accepted.status is MandateStatus.AUTHORISED
    assert accepted.decided_at is not None
    events = [event.details for event in _audit_events(session, AuditAction.MANDATE_CHANGED)]
    assert any('"event": "accepted"' in details for details in events)


def test_accept_by_representative_denied(session, outsider, demo_citizen):
    mandate = request_mandate(session, outsider, DEMO_CITIZEN_NIF, "Lucía", MandateTerms(), today=TODAY)

    with pytest.raises(PermissionDenied) as caught:
        accept_mandate(session, outsider, mandate.id, today=TODAY)

    assert caught.value.code == "mandate_accept_not_represented"
    assert mandate.status is MandateStatus.PENDING


def test_accept_by_stranger_not_found(session, demo_citizen, case_handler):
    stranger = _actor(session, DEMO_CITIZEN_NIF)
    mandate = add_mandate(session, OUTSIDER_NIF, "22222222J", status=MandateStatus.PENDING)

    with pytest.raises(NotFound) as caught:
        accept_mandate(session, stranger, mandate.id, today=TODAY)

    assert caught.value.code == "mandate_not_found"


def test_accept_twice_rejected(session, outsider, citizen):
    mandate = request_mandate(session, outsider, DEMO_CITIZEN_NIF, "Lucía", MandateTerms(), today=TODAY)
    accept_mandate(session, citizen, mandate.id, today=TODAY)

    with pytest.raises(InvalidInput) as caught:
        accept_mandate(session, citizen, mandate.id, today=TODAY)

    assert caught.value.code == "mandate_not_pending"


def test_accept_expired_request_rejected(session, citizen):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, status=MandateStatus.PENDING, expired=True)

    with pytest.raises(InvalidInput) as caught:
        accept_mandate(session, citizen, mandate.id)

    assert caught.value.code == "mandate_not_pending"


def test_revoke_by_represented(session, citizen):
    mandate = propose_mandate(session, citizen, OUTSIDER_NIF, MandateTerms(), today=TODAY)

    revoked = revoke_mandate(session, citizen, mandate.id, today=TODAY)

    assert revoked.status is MandateStatus.REVOKED
    assert revoked.revoked_at is not None


def test_revoke_by_staff(session, staff, demo_citizen):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)

    revoke_mandate(session, staff, mandate.id)

    assert mandate.status is MandateStatus.REVOKED


def test_representative_withdraws_pending_request(session, outsider, demo_citizen):
    mandate = request_mandate(session, outsider, DEMO_CITIZEN_NIF, "Lucía", MandateTerms(), today=TODAY)

    revoke_mandate(session, outsider, mandate.id, today=TODAY)

    assert mandate.status is MandateStatus.REVOKED


def test_representative_cannot_revoke_authorised(session, outsider, demo_citizen):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)

    with pytest.raises(PermissionDenied) as caught:
        revoke_mandate(session, outsider, mandate.id)

    assert caught.value.code == "mandate_revoke_denied"
    assert mandate.status is MandateStatus.AUTHORISED


def test_revoke_twice_rejected(session, citizen):
    mandate = propose_mandate(session, citizen, OUTSIDER_NIF, MandateTerms(), today=TODAY)
    revoke_mandate(session, citizen, mandate.id, today=TODAY)

    with pytest.raises(InvalidInput) as caught:
        revoke_mandate(session, citizen, mandate.id, today=TODAY)

    assert caught.value.code == "mandate_not_revocable"


def test_revoke_unknown_not_found(session, citizen):
    with pytest.raises(NotFound):
        revoke_mandate(session, citizen, 999_999)


def test_status_expired_when_read(session, demo_town):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, expired=True)

    assert mandate.status is MandateStatus.AUTHORISED
    assert effective_status(mandate) is MandateStatus.EXPIRED


def test_status_valid_through_last_day(session, demo_town):
    today = today_in_madrid()
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, valid_until=today)

    assert effective_status(mandate, today) is MandateStatus.AUTHORISED
    assert effective_status(mandate, today + timedelta(days=1)) is MandateStatus.EXPIRED


def test_revoked_stays_revoked_after_end(session, demo_town):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, status=MandateStatus.REVOKED, expired=True)

    assert effective_status(mandate) is MandateStatus.REVOKED


def test_expire_mandates_marks_stale(session, demo_town):
    stale = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, expired=True)
    stale_request = add_mandate(session, OUTSIDER_NIF, "22222222J", status=MandateStatus.PENDING, expired=True)
    live = add_mandate(session, OUTSIDER_NIF, "33333333P")

    count = expire_mandates(session)

    assert count == 2
    assert stale.status is MandateStatus.EXPIRED
    assert stale_request.status is MandateStatus.EXPIRED
    assert live.status is MandateStatus.AUTHORISED
    assert len(_audit_events(session, AuditAction.MANDATE_CHANGED)) == 2


def test_mandates_of_both_sides(session, citizen):
    given = propose_mandate(session, citizen, OUTSIDER_NIF, MandateTerms(), today=TODAY)
    held = add_mandate(session, DEMO_CITIZEN_NIF, "22222222J")
    add_mandate(session, OUTSIDER_NIF, "33333333P")

    lists = mandates_of(session, citizen)

    assert [m.id for m in lists.as_represented] == [given.id]
    assert [m.id for m in lists.as_representative] == [held.id]


def test_search_by_nif_for_staff(session, staff, demo_town):
    wanted = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    add_mandate(session, "22222222J", "33333333P")

    found = search_mandates(session, staff, " 12345678-z ")

    assert [m.id for m in found] == [wanted.id]
    (event,) = _audit_events(session, AuditAction.PERSONAL_DATA_READ)
    assert event.actor_user_id == staff.user.id
    assert event.object_type == "mandate_search"


def test_search_denied_to_citizen(session, citizen):
    with pytest.raises(PermissionDenied):
        search_mandates(session, citizen)


def test_procedure_parse_many():
    assert Procedure.parse_many([" padron.volante", "padron.consulta"]) == (
        Procedure.CENSUS_READ,
        Procedure.CENSUS_VOLANTE,
    )


@pytest.mark.parametrize(("text", "expected"), [("", None), ("  ", None), ("2027-03-01", date(2027, 3, 1))])
def test_parse_date(text, expected):
    assert parse_date(text, "valid_until") == expected


def test_parse_date_invalid():
    with pytest.raises(InvalidInput) as caught:
        parse_date("01/03/2027", "valid_until")

    assert caught.value.code == "date_invalid"
    assert caught.value.field == "valid_until"

# SPDX-License-Identifier: EUPL-1.2
"""Tests of household consent: who on a sheet may see whom, granting, revoking, and the minors rule."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from clic_app.models import AuditAction, AuditEvent, HouseholdConsent, HouseholdMembership, Person
from clic_app.services.access import Actor, actor_for
from clic_app.services.census import census_record_of
from clic_app.services.consent import age_on, consent_overview, grant_consent, is_adult, revoke_consent
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from clic_app.services.errors import InvalidInput, NotFound, PermissionDenied
from clic_app.services.representation import today_in_madrid
from tests.representation_builders import (
    OUTSIDER_NIF,
    Family,
    account_for,
    add_mandate,
    demo_family,
    neighbour_person,
    outsider_account,
)

TODAY = date(2026, 12, 4)


@pytest.fixture
def family(session, demo_citizen) -> Family:
    return demo_family(session)


def _actor_of(session, person: Person, acting_for_nif: str | None = None) -> Actor:
    return actor_for(session, account_for(session, person), acting_for_nif=acting_for_nif)


def _names(record) -> list[str]:
    return [member.person.full_name for member in record.members]


def _without_demo_consent(session, family: Family) -> None:
    consent = session.exec(select(HouseholdConsent).where(HouseholdConsent.grantor_person_id == family.stefan.id)).one()
    session.delete(consent)
    session.flush()


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(2008, 12, 4), date(2026, 12, 4), 18),
        (date(2008, 12, 5), date(2026, 12, 4), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age_on(born, today, age):
    assert age_on(born, today) == age


def test_martin_minor_others_adult(family):
    assert not is_adult(family.martin, TODAY)
    assert is_adult(family.lucia, TODAY)
    assert is_adult(family.stefan, TODAY)


def test_demo_consent_shows_whole_family(session, family):
    record = census_record_of(session, _actor_of(session, family.lucia), today=TODAY)

    assert _names(record) == ["Lucía Fernández Núñez", "Ștefan Ionuț Popescu", "Martín Popescu Fernández"]
    assert record.withheld == 0


def test_without_consent_adult_hidden(session, family):
    _without_demo_consent(session, family)

    record = census_record_of(session, _actor_of(session, family.lucia), today=TODAY)

    assert _names(record) == ["Lucía Fernández Núñez", "Martín Popescu Fernández"]
    assert record.withheld == 1


def test_consent_is_one_way(session, family):
    record = census_record_of(session, _actor_of(session, family.stefan), today=TODAY)

    assert _names(record) == ["Ștefan Ionuț Popescu", "Martín Popescu Fernández"]
    assert record.withheld == 1


def test_minor_sees_only_self(session, family):
    record = census_record_of(session, _actor_of(session, family.martin), today=TODAY)

    assert _names(record) == ["Martín Popescu Fernández"]
    assert record.withheld == 2


def test_minor_listed_until_eighteenth_birthday(session, family):
    day_before = date(2031, 6, 20)
    birthday = date(2031, 6, 21)
    _without_demo_consent(session, family)
    lucia = _actor_of(session, family.lucia)

    before = census_record_of(session, lucia, today=day_before)
    after = census_record_of(session, lucia, today=birthday)

    assert "Martín Popescu Fernández" in _names(before)
    assert "Martín Popescu Fernández" not in _names(after)
    assert after.withheld == 2


def test_grant_lets_grantee_see(session, family):
    lucia = _actor_of(session, family.lucia)

    consent = grant_consent(session, lucia, family.member_id(session, family.stefan), today=TODAY)

    record = census_record_of(session, _actor_of(session, family.stefan), today=TODAY)
    assert consent.grantor_person_id == family.lucia.id
    assert consent.grantee_person_id == family.stefan.id
    assert "Lucía Fernández Núñez" in _names(record)
    assert record.withheld == 0


def test_grant_idempotent(session, family):
    lucia = _actor_of(session, family.lucia)
    member_id = family.member_id(session, family.stefan)
    first = grant_consent(session, lucia, member_id, today=TODAY)

    second = grant_consent(session, lucia, member_id, today=TODAY)

    standing = session.exec(select(HouseholdConsent).where(HouseholdConsent.grantor_person_id == family.lucia.id)).all()
    assert second.id == first.id
    assert len(standing) == 1


def test_grant_audited(session, family):
    lucia = _actor_of(session, family.lucia)

    consent = grant_consent(session, lucia, family.member_id(session, family.stefan), today=TODAY)

    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.CONSENT_CHANGED)).all()
    assert event.actor_user_id == lucia.user.id
    assert event.object_id == str(consent.id)
    assert event.subject_person_id == family.lucia.id
    assert event.represented_nif is None
    assert '"event": "granted"' in event.details


def test_revoke_hides_grantor_again(session, family):
    stefan = _actor_of(session, family.stefan)

    revoked = revoke_consent(session, stefan, family.member_id(session, family.lucia), today=TODAY)

    record = census_record_of(session, _actor_of(session, family.lucia), today=TODAY)
    assert revoked.revoked_at is not None
    assert "Ștefan Ionuț Popescu" not in _names(record)
    assert record.withheld == 1
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.CONSENT_CHANGED)).all()
    assert '"event": "revoked"' in event.details


def test_grant_after_revoke(session, family):
    stefan = _actor_of(session, family.stefan)
    member_id = family.member_id(session, family.lucia)
    revoke_consent(session, stefan, member_id, today=TODAY)

    again = grant_consent(session, stefan, member_id, today=TODAY)

    record = census_record_of(session, _actor_of(session, family.lucia), today=TODAY)
    assert again.revoked_at is None
    assert "Ștefan Ionuț Popescu" in _names(record)


def test_revoke_without_consent_not_found(session, family):
    lucia = _actor_of(session, family.lucia)

    with pytest.raises(NotFound) as caught:
        revoke_consent(session, lucia, family.member_id(session, family.stefan), today=TODAY)

    assert caught.value.code == "consent_not_found"


def test_grant_to_minor_rejected(session, family):
    with pytest.raises(InvalidInput) as caught:
        grant_consent(session, _actor_of(session, family.lucia), family.member_id(session, family.martin), today=TODAY)

    assert caught.value.code == "consent_grantee_minor"


def test_minor_cannot_grant(session, family):
    with pytest.raises(PermissionDenied) as caught:
        grant_consent(session, _actor_of(session, family.martin), family.member_id(session, family.lucia), today=TODAY)

    assert caught.value.code == "consent_grantor_minor"


def test_grant_to_self_not_found(session, family):
    with pytest.raises(NotFound) as caught:
        grant_consent(session, _actor_of(session, family.lucia), family.member_id(session, family.lucia), today=TODAY)

    assert caught.value.code == "consent_member_not_found"


def test_grant_to_other_household_not_found(session, family):
    neighbour = neighbour_person(session, family)

    with pytest.raises(NotFound) as caught:
        grant_consent(session, _actor_of(session, family.lucia), family.member_id(session, neighbour), today=TODAY)

    assert caught.value.code == "consent_member_not_found"


def test_grant_to_former_member_not_found(session, family):
    membership = session.get(HouseholdMembership, family.member_id(session, family.stefan))
    member_id = membership.id
    membership.left_on = date(2026, 11, 30)
    session.flush()

    with pytest.raises(NotFound):
        grant_consent(session, _actor_of(session, family.lucia), member_id, today=TODAY)


def test_consent_from_earlier_stay_lapses(session, family):
    membership = session.get(HouseholdMembership, family.member_id(session, family.stefan))
    membership.joined_on = today_in_madrid()
    session.add(membership)
    session.flush()

    record = census_record_of(session, _actor_of(session, family.lucia), today=TODAY)
    overview = consent_overview(session, _actor_of(session, family.lucia), today=TODAY)

    assert "Ștefan Ionuț Popescu" not in _names(record)
    assert record.withheld == 1
    assert overview.housemates[0].received is False


def test_grant_again_after_new_stay(session, family):
    membership = session.get(HouseholdMembership, family.member_id(session, family.stefan))
    membership.joined_on = today_in_madrid()
    session.add(membership)
    session.flush()

    grant_consent(session, _actor_of(session, family.stefan), family.member_id(session, family.lucia), today=TODAY)

    record = census_record_of(session, _actor_of(session, family.lucia), today=TODAY)
    assert "Ștefan Ionuț Popescu" in _names(record)


def test_overview_of_adult(session, family):
    overview = consent_overview(session, _actor_of(session, family.lucia), today=TODAY)

    (stefan,) = overview.housemates
    assert overview.viewer_is_adult
    assert stefan.name == "Ștefan Ionuț Popescu"
    assert stefan.member_id == family.member_id(session, family.stefan)
    assert stefan.granted is False
    assert stefan.received is True


def test_overview_of_minor(session, family):
    overview = consent_overview(session, _actor_of(session, family.martin), today=TODAY)

    assert not overview.viewer_is_adult
    assert overview.housemates == ()


def test_neighbour_never_sees_family(session, family):
    neighbour = neighbour_person(session, family)
    actor = _actor_of(session, neighbour)

    record = census_record_of(session, actor, today=TODAY)
    overview = consent_overview(session, actor, today=TODAY)

    family_ids = {family.lucia.id, family.stefan.id, family.martin.id}
    assert family_ids.isdisjoint(member.person.id for member in record.members)
    assert record.sheet.id != family.sheet.id
    assert "Lucía Fernández Núñez" not in [housemate.name for housemate in overview.housemates]


def test_representative_grants_with_consent_scope(session, family):
    gestor = outsider_account(session)
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.cesion",))
    acting = actor_for(session, gestor, acting_for_nif=DEMO_CITIZEN_NIF)

    consent = grant_consent(session, acting, family.member_id(session, family.stefan), today=TODAY)

    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.CONSENT_CHANGED)).all()
    assert consent.grantor_person_id == family.lucia.id
    assert event.actor_user_id == gestor.id
    assert event.represented_nif == DEMO_CITIZEN_NIF


def test_representative_without_consent_scope_denied(session, family):
    gestor = outsider_account(session)
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.consulta", "padron.volante"))
    acting = actor_for(session, gestor, acting_for_nif=DEMO_CITIZEN_NIF)

    with pytest.raises(PermissionDenied) as caught:
        grant_consent(session, acting, family.member_id(session, family.stefan), today=TODAY)

    assert caught.value.code == "mandate_out_of_scope"

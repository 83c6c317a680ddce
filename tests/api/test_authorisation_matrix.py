# SPDX-License-Identifier: EUPL-1.2
"""Authorisation matrix: every API operation, called by every kind of caller, with the expected status.

MATRIX has one row per (method, path) of the API: every operation of the OpenAPI
schema, and the routes left out of it (docs page, browser redirects, the unknown-path
fallback) as well. The operations are read from the application's routes, so a route
added without a row fails ``test_every_route_classified``.

To classify a new route, add a ``Case`` saying how to call it and which status each
caller gets. Values the call needs (ids, codes) go into the ``world`` fixture or the
case's ``setup``.

Besides status codes, every response body is checked: citizen A, citizen B and the
company representative never receive the other citizens' NIF, full name or household
sheet number.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlmodel import col, select
from stdnum.es import dni

from clic_app.api import create_api
from clic_app.models import (
    AccountStatus,
    CertificateProfile,
    HouseholdMembership,
    HouseholdSheet,
    Person,
    Role,
    UserAccount,
    UserCertificate,
    utcnow,
)
from clic_app.services.access import actor_for
from clic_app.services.consent import grant_consent
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD
from clic_app.services.identity import create_account
from clic_app.services.representation import MandateTerms, propose_mandate, request_mandate

ANONYMOUS = "anonymous"
CITIZEN_A = "citizen A"
CITIZEN_B = "citizen B"
COMPANY = "company representative"
CLERK = "registry clerk"
HANDLER = "case handler"
SIGNER = "signer"
ADMIN = "administrator"
CALLERS = (ANONYMOUS, CITIZEN_A, CITIZEN_B, COMPANY, CLERK, HANDLER, SIGNER, ADMIN)
STAFF = (CLERK, HANDLER, SIGNER, ADMIN)
ACCOUNT_ROLES = {
    CITIZEN_B: Role.CITIZEN,
    COMPANY: Role.COMPANY,
    CLERK: Role.REGISTRY_CLERK,
    HANDLER: Role.CASE_HANDLER,
    SIGNER: Role.SIGNER,
    ADMIN: Role.ADMINISTRATOR,
}
PASSWORD = "matrix test password 2026"


def _dni(number: int) -> str:
    return f"{number:08d}{dni.calc_check_digit(f'{number:08d}')}"


# Accounts made for the matrix; none needs a census person behind its number.
ACCOUNT_NIFS = {caller: _dni(20000001 + index) for index, caller in enumerate((COMPANY, *STAFF))}
SPARE_STAFF_NIF = _dni(20000010)
NEW_STAFF_NIF = _dni(20000011)
UNKNOWN_NIF = _dni(20000012)
# People outside the demo town, named in mandates and access requests.
THIRD_NIF = _dni(20000013)
FOURTH_NIF = _dni(20000014)
REQUESTER_NIFS = {caller: _dni(20000020 + index) for index, caller in enumerate(CALLERS)}
NEW_PASSWORD = "changed matrix password 2026"


@dataclass
class World:
    """The accounts, their bearer tokens and the ids the calls use."""

    headers: dict[str, dict[str, str]]
    credentials: dict[str, tuple[str, str]]
    ids: dict[str, Any]
    private: dict[str, set[str]] = field(default_factory=dict)
    """For each caller, strings that must never appear in a response to it."""


Values = Callable[[World, str], dict[str, Any]]


def _no_values(_world: World, _caller: str) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    """How to call one operation, and the status code each caller must get."""

    expected: Mapping[str, int]
    path: Values = _no_values
    json: Values | None = None
    form: Values | None = None
    content: Callable[[World, str], bytes] | None = None
    setup: Callable[[Any, World], None] | None = None
    """Runs once before the calls with the test's runtime, to add rows the calls need."""
    discloses: str = ""
    """Why the body may hold another citizen's data by design; empty means it never may."""

    def __post_init__(self) -> None:
        assert set(self.expected) == set(CALLERS), f"expected statuses must name every caller: {self.expected}"


def everyone(status: int) -> dict[str, int]:
    return {caller: status for caller in CALLERS}


def signed_in(status: int, **others: int) -> dict[str, int]:
    """Anonymous callers get 401, every account ``status``, unless named in ``others``."""
    return everyone(status) | {ANONYMOUS: 401} | _named(others)


def only(*allowed: str, status: int = 200, denied: int = 403) -> dict[str, int]:
    """Callers in ``allowed`` get ``status``, other accounts ``denied``, anonymous callers 401."""
    return {caller: status if caller in allowed else denied for caller in CALLERS} | {ANONYMOUS: 401}


def _named(statuses: dict[str, int]) -> dict[str, int]:
    by_key = {caller.replace(" ", "_").lower(): caller for caller in CALLERS}
    return {by_key[key]: status for key, status in statuses.items()}


BY_CODE = "whoever holds a document's CSV may read the document"
MANDATE_PARTIES = "A and B are the two parties of the mandate and see each other's NIF and name"
NO_CENSUS = {"company_representative": 404, "registry_clerk": 404, "case_handler": 404, "signer": 404,
             "administrator": 404}

MATRIX: dict[tuple[str, str], Case] = {
    # Authentication: the credentials decide; anonymous callers send wrong ones.
    ("POST", "/api/v1/auth/token"): Case(
        signed_in(200), form=lambda w, caller: dict(zip(("username", "password"), w.credentials[caller]))
    ),
    # Certificate login: no trusted proxy stands before the test client, so no certificate
    # reaches CLIC and every caller gets 401 whatever headers it sends.
    ("POST", "/api/v1/auth/certificate"): Case(everyone(401)),
    # Certificates: one's own account only; the JSON body is no certificate (422).
    ("GET", "/api/v1/certificates"): Case(signed_in(200)),
    ("POST", "/api/v1/certificates"): Case(signed_in(422), json=lambda w, c: {"certificate": "none"}),
    # Census: one's own registration only; accounts without one get 404.
    ("GET", "/api/v1/census/me"): Case(signed_in(200, **NO_CENSUS)),
    ("POST", "/api/v1/census/volantes"): Case(signed_in(201, **NO_CENSUS), json=lambda w, c: {"kind": "household"}),
    # Public verification by CSV: whoever holds the code may read the document.
    ("GET", "/api/v1/verification/{csv}"): Case(
        everyone(200), path=lambda w, c: {"csv": w.ids["csv_a"]}, discloses=BY_CODE
    ),
    ("GET", "/api/v1/verification/{csv}/document"): Case(
        everyone(200), path=lambda w, c: {"csv": w.ids["csv_a"]}, discloses=BY_CODE
    ),
    # Who has read my data: every account, about its own person only.
    ("GET", "/api/v1/audit/my-data-access"): Case(signed_in(200)),
    # Staff accounts: administrators only.
    ("GET", "/api/v1/staff/accounts"): Case(only(ADMIN)),
    ("POST", "/api/v1/staff/accounts"): Case(
        only(ADMIN, status=201),
        json=lambda w, c: {"nif": NEW_STAFF_NIF, "full_name": "Nueva Persona", "roles": ["signer"],
                           "password": PASSWORD},
    ),
    ("POST", "/api/v1/staff/accounts/search"): Case(only(ADMIN), json=lambda w, c: {"nif": w.ids["citizen_b_nif"]}),
    ("GET", "/api/v1/staff/accounts/{user_id}"): Case(only(ADMIN),
                                                      path=lambda w, c: {"user_id": w.ids["citizen_b_user_id"]}),
    ("PUT", "/api/v1/staff/accounts/{user_id}/roles/{role}"): Case(
        only(ADMIN), path=lambda w, c: {"user_id": w.ids["spare_user_id"], "role": "signer"}
    ),
    ("DELETE", "/api/v1/staff/accounts/{user_id}/roles/{role}"): Case(
        only(ADMIN), path=lambda w, c: {"user_id": w.ids["spare_user_id"], "role": "case_handler"}
    ),
    ("POST", "/api/v1/staff/accounts/{user_id}/disable"): Case(
        only(ADMIN), path=lambda w, c: {"user_id": w.ids["spare_user_id"]}
    ),
    ("POST", "/api/v1/staff/accounts/{user_id}/enable"): Case(
        only(ADMIN), path=lambda w, c: {"user_id": w.ids["spare_user_id"]}
    ),
    # API description, and the JSON error for unknown /api paths.
    ("GET", "/api/docs"): Case(everyone(200)),
    **{
        (method, "/api/{path}"): Case(everyone(404), path=lambda w, c: {"path": "v1/no-such-route"})
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
    },
    # Access requests, email links and password reset are public and give every caller
    # the same response. Links with a wrong token are rejected for everyone.
    ("POST", "/api/v1/accounts"): Case(
        everyone(202),
        json=lambda w, c: {"nif": REQUESTER_NIFS[c], "full_name": "Persona Solicitante", "accepted": True,
                           "email": "solicitante@example.org", "password": PASSWORD},
    ),
    ("POST", "/api/v1/accounts/confirmations"): Case(everyone(422), json=lambda w, c: {"token": "not-a-token"}),
    ("POST", "/api/v1/accounts/password-reset/request"): Case(
        everyone(202), json=lambda w, c: {"nif": w.credentials[c][0]}
    ),
    ("POST", "/api/v1/accounts/password-reset"): Case(
        everyone(422), json=lambda w, c: {"token": "not-a-token", "new_password": NEW_PASSWORD}
    ),
    # The caller's own profile.
    ("GET", "/api/v1/accounts/me"): Case(signed_in(200)),
    ("PATCH", "/api/v1/accounts/me"): Case(signed_in(200), json=lambda w, c: {"notify_by_email": True}),
    ("POST", "/api/v1/accounts/me/password"): Case(
        signed_in(200), json=lambda w, c: {"current_password": w.credentials[c][1], "new_password": NEW_PASSWORD}
    ),
    # Deciding access requests: registry clerks and administrators.
    ("GET", "/api/v1/accounts/requests"): Case(only(CLERK, ADMIN)),
    ("POST", "/api/v1/accounts/requests/{account_id}/decision"): Case(
        only(CLERK, ADMIN),
        setup=lambda runtime, w: _pending_requests(runtime, w),
        path=lambda w, c: {"account_id": w.ids["pending_request"][c]},
        json=lambda w, c: {"decision": "approved"},
    ),
    # The browser's certificate login redirects everyone without a certificate back to
    # the login page. Removing a certificate works on one's own account only.
    ("GET", "/api/v1/auth/certificate/session"): Case(everyone(303)),
    ("DELETE", "/api/v1/certificates/{certificate_id}"): Case(
        signed_in(404, citizen_a=204),
        setup=lambda runtime, w: _certificate_of_a(runtime, w),
        path=lambda w, c: {"certificate_id": w.ids["certificate_of_a"]},
    ),
    # Household consent: the caller's own sheet only.
    ("GET", "/api/v1/census/consents"): Case(signed_in(200, **NO_CENSUS)),
    ("POST", "/api/v1/census/consents"): Case(
        signed_in(201, citizen_b=404, **NO_CENSUS), json=lambda w, c: {"member_id": w.ids["housemate_of_a"]}
    ),
    ("DELETE", "/api/v1/census/consents/{member_id}"): Case(
        signed_in(200, citizen_b=404, **NO_CENSUS),
        setup=lambda runtime, w: _consent_of_a(runtime, w),
        path=lambda w, c: {"member_id": w.ids["housemate_of_a"]},
    ),
    # Representation.
    ("GET", "/api/v1/representation/procedures"): Case(everyone(200)),
    ("GET", "/api/v1/representation/mandates"): Case(signed_in(200)),
    ("GET", "/api/v1/representation/parties"): Case(signed_in(200)),
    ("PUT", "/api/v1/representation/acting-for"): Case(signed_in(200), json=lambda w, c: {"nif": None}),
    ("POST", "/api/v1/representation/mandates/proposals"): Case(
        signed_in(201), json=lambda w, c: {"representative_nif": THIRD_NIF}
    ),
    ("POST", "/api/v1/representation/mandates/requests"): Case(
        signed_in(201), json=lambda w, c: {"represented_nif": THIRD_NIF, "represented_name": "Tercera Persona"}
    ),
    # Each caller gets a mandate of its own between A and B: only A, the represented
    # person, accepts; A and the staff who manage mandates may revoke; the rest do
    # not even learn that the mandate exists.
    ("POST", "/api/v1/representation/mandates/{mandate_id}/accept"): Case(
        signed_in(404, citizen_a=200, citizen_b=403, registry_clerk=403, administrator=403),
        setup=lambda runtime, w: _mandates(runtime, w, "requested_by_b"),
        path=lambda w, c: {"mandate_id": w.ids["requested_by_b"][c]},
        discloses=MANDATE_PARTIES,
    ),
    ("POST", "/api/v1/representation/mandates/{mandate_id}/revoke"): Case(
        signed_in(404, citizen_a=200, citizen_b=403, registry_clerk=200, administrator=200),
        setup=lambda runtime, w: _mandates(runtime, w, "proposed_by_a"),
        path=lambda w, c: {"mandate_id": w.ids["proposed_by_a"][c]},
        discloses=MANDATE_PARTIES,
    ),
    ("GET", "/api/v1/representation/staff/mandates"): Case(only(CLERK, ADMIN)),
    ("POST", "/api/v1/representation/staff/mandates"): Case(
        only(CLERK, ADMIN, status=201),
        json=lambda w, c: {"representative_nif": THIRD_NIF, "represented_nif": FOURTH_NIF,
                           "represented_name": "Cuarta Persona"},
    ),
}


def _api_operations() -> set[tuple[str, str]]:
    """Return (method, path) of every API route, whether or not the OpenAPI schema lists it."""
    app = create_api(lambda: None)
    operations = set()
    # FastAPI 0.165 includes routers lazily: app.routes holds the included routers, and
    # iter_route_contexts yields the routes inside them with their full paths.
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            operations |= {(method, context.path_format) for method in context.methods}
    return operations


API_OPERATIONS = _api_operations()



def _actor_of(session, nif: str):
    return actor_for(session, session.exec(select(UserAccount).where(UserAccount.nif == nif)).one())


def _pending_requests(runtime, world: World) -> None:
    """Give every caller an access request of its own to decide, so one decision cannot hide another."""
    with session_scope(runtime.engine) as session:
        world.ids["pending_request"] = {
            caller: create_account(session, _dni(20000040 + index), PASSWORD, roles=(Role.CITIZEN,),
                                   status=AccountStatus.PENDING_APPROVAL).id
            for index, caller in enumerate(CALLERS)
        }


def _certificate_of_a(runtime, world: World) -> None:
    """Associate a certificate row with citizen A; its content is never parsed on removal."""
    with session_scope(runtime.engine) as session:
        citizen_a = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_CITIZEN_NIF)).one()
        row = UserCertificate(
            user_id=citizen_a.id, fingerprint_sha256="ab" * 32, subject="CN=A", issuer="CN=Test CA", serial_number="1",
            not_before=utcnow(), not_after=utcnow() + timedelta(days=365), profile=CertificateProfile.PERSONA_FISICA,
            holder_nif=DEMO_CITIZEN_NIF, der=b"placeholder",
        )
        session.add(row)
        session.flush()
        world.ids["certificate_of_a"] = row.id


def _consent_of_a(runtime, world: World) -> None:
    with session_scope(runtime.engine) as session:
        grant_consent(session, _actor_of(session, DEMO_CITIZEN_NIF), world.ids["housemate_of_a"])


def _mandates(runtime, world: World, kind: str) -> None:
    """Make one mandate between A and B per caller: B asks to represent A, or A authorises B."""
    mandates = {}
    with session_scope(runtime.engine) as session:
        citizen_a, citizen_b = _actor_of(session, DEMO_CITIZEN_NIF), _actor_of(session, world.ids["citizen_b_nif"])
        for caller in CALLERS:
            if kind == "requested_by_b":
                mandate = request_mandate(session, citizen_b, DEMO_CITIZEN_NIF, "Ciudadana A", MandateTerms())
            else:
                mandate = propose_mandate(session, citizen_a, world.ids["citizen_b_nif"], MandateTerms())
            mandates[caller] = mandate.id
    world.ids[kind] = mandates


def _citizen_b(session, sheet_of_a: int) -> Person:
    adult_born_before = date.today() - timedelta(days=365 * 19)
    return session.exec(
        select(Person)
        .join(HouseholdMembership, col(HouseholdMembership.person_id) == Person.id)
        .where(HouseholdMembership.sheet_id != sheet_of_a, Person.birth_date < adult_born_before)
        .order_by(Person.id)
    ).first()


def _adult_housemate(session, person_id: int, sheet_id: int) -> int:
    """Return the membership id of an adult who shares the sheet of ``person_id``."""
    adult_born_before = date.today() - timedelta(days=365 * 19)
    return session.exec(
        select(HouseholdMembership.id)
        .join(Person, col(Person.id) == HouseholdMembership.person_id)
        .where(HouseholdMembership.sheet_id == sheet_id, HouseholdMembership.person_id != person_id,
               Person.birth_date < adult_born_before)
        .order_by(HouseholdMembership.id)
    ).first()


def _private_values(session, person: Person) -> set[str]:
    sheet = session.exec(
        select(HouseholdSheet)
        .join(HouseholdMembership, col(HouseholdMembership.sheet_id) == HouseholdSheet.id)
        .where(HouseholdMembership.person_id == person.id)
    ).one()
    return {person.document_number, person.full_name, sheet.number}


def _create_accounts(runtime) -> tuple[dict[str, tuple[str, str]], dict[str, Any], dict[str, set[str]]]:
    with session_scope(runtime.engine) as session:
        citizen_a = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_CITIZEN_NIF)).one()
        person_a = session.get(Person, citizen_a.person_id)
        sheet_of_a = session.exec(
            select(HouseholdMembership.sheet_id).where(HouseholdMembership.person_id == person_a.id)
        ).one()
        person_b = _citizen_b(session, sheet_of_a)
        citizen_b = create_account(session, person_b.document_number, PASSWORD, person_id=person_b.id)
        for caller, nif in ACCOUNT_NIFS.items():
            create_account(session, nif, PASSWORD, roles=(ACCOUNT_ROLES[caller],))
        spare = create_account(session, SPARE_STAFF_NIF, PASSWORD, roles=(Role.CASE_HANDLER,))

        credentials = {ANONYMOUS: (UNKNOWN_NIF, "wrong password"), CITIZEN_A: (DEMO_CITIZEN_NIF, DEMO_PASSWORD),
                       CITIZEN_B: (person_b.document_number, PASSWORD)}
        credentials |= {caller: (nif, PASSWORD) for caller, nif in ACCOUNT_NIFS.items()}
        ids = {"citizen_b_nif": person_b.document_number, "citizen_b_user_id": citizen_b.id,
               "spare_user_id": spare.id, "housemate_of_a": _adult_housemate(session, person_a.id, sheet_of_a)}
        private_a, private_b = _private_values(session, person_a), _private_values(session, person_b)
    private = {CITIZEN_A: private_b, CITIZEN_B: private_a, COMPANY: private_a | private_b}
    return credentials, ids, private


def _bearer(client, nif: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": nif, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def world(client, runtime) -> World:
    credentials, ids, private = _create_accounts(runtime)
    headers = {ANONYMOUS: {}} | {
        caller: _bearer(client, *credentials[caller]) for caller in CALLERS if caller != ANONYMOUS
    }
    volante = client.post("/api/v1/census/volantes", json={"kind": "individual"}, headers=headers[CITIZEN_A])
    assert volante.status_code == 201, volante.text
    ids["csv_a"] = volante.json()["csv"]
    return World(headers=headers, credentials=credentials, ids=ids, private=private)


def _call(client, world: World, operation: tuple[str, str], case: Case, caller: str):
    method, path = operation
    # Redirects are checked as answered, never followed to the addresses they name.
    request: dict[str, Any] = {"headers": world.headers[caller], "follow_redirects": False}
    if case.json is not None:
        request["json"] = case.json(world, caller)
    if case.form is not None:
        request["data"] = case.form(world, caller)
    if case.content is not None:
        request["content"] = case.content(world, caller)
    return client.request(method, path.format(**case.path(world, caller)), **request)


def _leaks(world: World, caller: str, response) -> list[str]:
    content_type = response.headers.get("content-type", "")
    if not (content_type.startswith("application/json") or content_type.startswith("text/")):
        return []
    return sorted(value for value in world.private.get(caller, ()) if value in response.text)


def _operation_id(operation: tuple[str, str]) -> str:
    return " ".join(operation)


@pytest.mark.parametrize("operation", sorted(API_OPERATIONS | set(MATRIX)), ids=_operation_id)
def test_operation_authorisation(client, runtime, world, operation):
    if operation not in API_OPERATIONS:
        pytest.fail(f"{_operation_id(operation)} has a MATRIX row but no route: remove the row")
    if operation not in MATRIX:
        pytest.fail(f"{_operation_id(operation)} is not classified: add a row to MATRIX")
    case = MATRIX[operation]
    if case.setup is not None:
        case.setup(runtime, world)

    mismatches = []
    for caller in CALLERS:
        response = _call(client, world, operation, case, caller)
        if response.status_code != case.expected[caller]:
            mismatches.append(
                f"{caller}: expected {case.expected[caller]}, got {response.status_code} {response.text[:300]}"
            )
        leaked = [] if case.discloses else _leaks(world, caller, response)
        if leaked:
            mismatches.append(f"{caller}: response contains another citizen's data {leaked}")

    assert mismatches == [], "\n".join(mismatches)


def test_every_route_classified():
    unclassified = sorted(API_OPERATIONS - set(MATRIX))

    assert unclassified == [], "operations missing from MATRIX:\n" + "\n".join(map(_operation_id, unclassified))


def test_matrix_has_no_stale_rows():
    stale = sorted(set(MATRIX) - API_OPERATIONS)

    assert stale == [], "MATRIX rows without a route:\n" + "\n".join(map(_operation_id, stale))


def test_staff_read_shown_to_subject_only(client, world):
    search = client.post("/api/v1/staff/accounts/search", json={"nif": world.ids["citizen_b_nif"]},
                         headers=world.headers[ADMIN])
    assert search.status_code == 200, search.text

    seen_by_a = client.get("/api/v1/audit/my-data-access", headers=world.headers[CITIZEN_A]).json()
    seen_by_b = client.get("/api/v1/audit/my-data-access", headers=world.headers[CITIZEN_B]).json()

    assert seen_by_a == []
    assert len(seen_by_b) == 1
    assert seen_by_b[0]["reader_roles"] == ["administrator"]
    assert seen_by_b[0]["by_staff"] is True
    assert set(seen_by_b[0]) == {"occurred_at", "reader_account_id", "reader_roles", "reader_role_labels",
                                 "by_staff", "object_type"}


def test_body_check_finds_other_citizen(client, world):
    """Guards the body check itself: a response about B, checked as if sent to A, is a leak."""
    response = client.post("/api/v1/staff/accounts/search", json={"nif": world.ids["citizen_b_nif"]},
                           headers=world.headers[ADMIN])

    assert world.ids["citizen_b_nif"] in _leaks(world, CITIZEN_A, response)
    assert _leaks(world, CITIZEN_B, response) == []


def test_matrix_rows_defined_once():
    """A dict literal silently keeps the last of two equal keys, so a second row would hide the first."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    [matrix] = [node.value for node in tree.body if isinstance(node, ast.AnnAssign) and node.target.id == "MATRIX"]
    keys = [ast.literal_eval(key) for key in matrix.keys if key is not None]

    duplicated = sorted({key for key in keys if keys.count(key) > 1})

    assert duplicated == [], f"MATRIX rows defined twice: {duplicated}"

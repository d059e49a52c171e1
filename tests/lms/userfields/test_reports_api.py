"""The report of users with their custom data, and the consents list: both scoped to portals."""

from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from lms.accounts.models import User
from tests.conftest import api_client_for
from tests.factories import PortalMembershipFactory, UserFactory
from tests.factories.userfields import CustomUserFieldFactory, CustomUserValueFactory, UserConsentFactory
from tests.lms.userfields.helpers import NOT_FOUND, UNAUTHENTICATED, UNAUTHORIZED, invalid, state

pytestmark = pytest.mark.django_db

REPORT_URL = "/api/v1/users/custom-data/"
CONSENTS_URL = "/api/v1/user-consents/"


def joined(user, *args):
    User.objects.filter(pk=user.pk).update(date_joined=datetime(*args, tzinfo=UTC))


@pytest.fixture
def members(portal_tree):
    """A learner of the first portal's sub-portal and one of the second portal."""
    ours = PortalMembershipFactory(portal=portal_tree["child"], user__email="ours@example.org").user
    theirs = PortalMembershipFactory(portal=portal_tree["second"], user__email="theirs@example.org").user
    return ours, theirs


ENDPOINTS = [
    ("report", REPORT_URL, "accounts.view_user"),
    ("consents", CONSENTS_URL, "userfields.view_userconsent"),
]


@pytest.mark.parametrize(
    ("url", "role", "status", "message"),
    [
        pytest.param(url, role, status, message, id=f"{name}-{role}")
        for name, url, _ in ENDPOINTS
        for role, status, message in [
            ("anonymous", 401, UNAUTHENTICATED),
            ("learner", 403, UNAUTHORIZED),
            ("staff_without_permissions", 403, UNAUTHORIZED),
        ]
    ],
)
def test_refused_callers(request, url, role, status, message):
    client = APIClient() if role == "anonymous" else api_client_for(request.getfixturevalue(role))
    before = state()

    response = client.get(url)

    assert response.status_code == status
    assert response.json() == message
    assert state() == before


@pytest.mark.parametrize(
    ("url", "permission"), [pytest.param(url, perm, id=name) for name, url, perm in ENDPOINTS]
)
def test_staff_with_the_permission_is_served(staff_api_with, url, permission):
    assert staff_api_with(permission).get(url).status_code == 200


@pytest.mark.parametrize("url", [REPORT_URL, CONSENTS_URL])
def test_a_portal_admin_asking_for_another_portal_gets_404(portal_admin, portal_tree, url):
    response = api_client_for(portal_admin).get(url, {"portalId": portal_tree["second"].pk})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


class TestCustomDataReport:
    def test_rows_carry_the_users_answers(self, owner_api):
        # Given two fields and a user who answered both, registered in 2023
        gender = CustomUserFieldFactory(key="gender", label="Gender", position=1)
        hobbies = CustomUserFieldFactory(
            key="hobbies", label="Hobbies", type="checkbox", options=["Chess", "Golf"], position=2
        )
        user = UserFactory(email="jane@example.org", first_name="Jane", last_name="Doe")
        joined(user, 2023, 5, 6, 10)
        CustomUserValueFactory(user=user, field=hobbies, value=["Chess", "Golf"])
        CustomUserValueFactory(user=user, field=gender, value="F")

        # When the owner asks for 2023's registrations as the seed does
        response = owner_api.get(
            REPORT_URL,
            {"page_size": 10, "page_number": 1, "registered_between": '["2023-01-01", "2023-12-31"]'},
        )

        # Then the user comes with their answers keyed by the fields' keys
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 1,
            "recordsFiltered": 1,
            "records": [
                {
                    "id": user.pk,
                    "email": "jane@example.org",
                    "first_name": "Jane",
                    "last_name": "Doe",
                    "registered_on": "2023-05-06",
                    "customData": {"gender": "F", "hobbies": "Chess, Golf"},
                }
            ],
        }

    def test_registered_between_bounds_the_dates(self, owner_api):
        early, inside, late = (UserFactory(email=f"{n}@example.org") for n in ("early", "inside", "late"))
        joined(early, 2022, 12, 31, 23)
        joined(inside, 2023, 6, 1)
        joined(late, 2024, 1, 1, 1)

        response = owner_api.get(REPORT_URL, {"registered_between": '["2023-01-01", "2023-12-31"]'})

        assert [row["email"] for row in response.json()["records"]] == ["inside@example.org"]

    @pytest.mark.parametrize(
        ("value", "errors"),
        [
            ("2023-01-01", ['Expected ["YYYY-MM-DD", "YYYY-MM-DD"].']),
            ('["2023-01-01"]', ['Expected ["YYYY-MM-DD", "YYYY-MM-DD"].']),
            ('["2023-13-01", ""]', ['Expected ["YYYY-MM-DD", "YYYY-MM-DD"].']),
            ('["2023-12-31", "2023-01-01"]', ["The start date must not be after the end date."]),
        ],
    )
    def test_a_bad_range_is_422(self, owner_api, value, errors):
        response = owner_api.get(REPORT_URL, {"registered_between": value})

        assert response.status_code == 422
        assert response.json() == invalid({"registered_between": errors})

    def test_a_portal_admin_sees_the_users_of_their_portals(self, portal_admin, members):
        ours, _theirs = members

        response = api_client_for(portal_admin).get(REPORT_URL, {"page_size": 50})

        assert response.status_code == 200
        assert sorted(row["email"] for row in response.json()["records"]) == sorted(
            [ours.email, portal_admin.email]
        )

    def test_the_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        fields = [CustomUserFieldFactory() for _ in range(2)]
        for index in range(12):
            user = UserFactory(email=f"u{index:02}@example.org", password=None)
            for field in fields:
                CustomUserValueFactory(user=user, field=field)
        owner_api.get(REPORT_URL, {"page_size": 1})

        one, small = count_queries(lambda: owner_api.get(REPORT_URL, {"page_size": 1}))
        fifty, large = count_queries(lambda: owner_api.get(REPORT_URL, {"page_size": 50}))

        assert len(one.json()["records"]) == 1
        assert len(fifty.json()["records"]) == User.objects.count() > 12
        assert small == large


class TestConsents:
    def test_the_seed_shape(self, owner_api):
        user = UserFactory(first_name="John", last_name="Doe")
        consent = UserConsentFactory(
            user=user,
            consent_id="CONSENT-XYZ123",
            country="US",
            ip_address="192.168.1.15",
            consent_date=datetime(2025, 4, 1, 14, 32, tzinfo=UTC),
        )

        response = owner_api.get(CONSENTS_URL, {"page_size": 10, "page_number": 1})

        assert response.status_code == 200
        body = response.json()
        created_at = body["userConsents"][0].pop("createdAt")
        assert created_at.endswith("Z")
        assert body == {
            "userConsents": [
                {
                    "id": consent.pk,
                    "consentDate": "2025-04-01T14:32:00Z",
                    "consentId": "CONSENT-XYZ123",
                    "country": "US",
                    "ipAddress": "192.168.1.15",
                    "status": "accepted",
                    "userId": user.pk,
                    "userName": "John Doe",
                }
            ],
            "total": 1,
            "recordsFiltered": 1,
        }

    def test_paging_newest_first(self, owner_api):
        for day in (1, 2, 3):
            UserConsentFactory(consent_id=f"C{day}", consent_date=datetime(2025, 4, day, tzinfo=UTC))

        pages = [owner_api.get(CONSENTS_URL, {"page_size": 2, "page_number": n}).json() for n in (1, 2)]

        assert [[row["consentId"] for row in page["userConsents"]] for page in pages] == [
            ["C3", "C2"],
            ["C1"],
        ]
        assert {page["total"] for page in pages} == {3}

    @pytest.mark.parametrize("params", [{"page_size": 0}, {"page_size": 201}, {"page_number": "x"}])
    def test_bad_paging_is_422(self, owner_api, params):
        response = owner_api.get(CONSENTS_URL, params)

        assert response.status_code == 422
        assert list(response.json()["errors"]) == list(params)

    def test_a_portal_admin_sees_their_users_consents(self, portal_admin, members):
        ours, theirs = members
        UserConsentFactory(user=ours, consent_id="OURS")
        UserConsentFactory(user=theirs, consent_id="THEIRS")

        response = api_client_for(portal_admin).get(CONSENTS_URL)

        assert [row["consentId"] for row in response.json()["userConsents"]] == ["OURS"]
        assert response.json()["total"] == 1

    def test_the_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        for _ in range(12):
            UserConsentFactory()
        owner_api.get(CONSENTS_URL, {"page_size": 1})

        one, small = count_queries(lambda: owner_api.get(CONSENTS_URL, {"page_size": 1}))
        fifty, large = count_queries(lambda: owner_api.get(CONSENTS_URL, {"page_size": 50}))

        assert (len(one.json()["userConsents"]), len(fifty.json()["userConsents"])) == (1, 12)
        assert small == large

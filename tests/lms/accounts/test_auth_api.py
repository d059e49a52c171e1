"""Signing in and out of the API (x_auth_login, x_auth_logout, x_auth_me)."""

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from lms.audit.models import Activity, ActivityAction
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/api/v1/auth/login/"
LOGOUT_URL = "/api/v1/auth/logout/"
ME_URL = "/api/v1/auth/me/"

UNAUTHENTICATED = {"message": "Unauthenticated."}
INVALID = "The given data was invalid."
BAD_CREDENTIALS = {
    "message": INVALID,
    "errors": {"email": ["These credentials do not match our records."]},
}


@pytest.fixture(autouse=True)
def fresh_login_throttle():
    """The login throttle counts in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jane():
    return UserFactory(email="jane@example.org", first_name="Jane", last_name="Doe")


def token_client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def log_in(email, password=PASSWORD):
    return APIClient().post(LOGIN_URL, {"email": email, "password": password}, format="json")


class TestLogin:
    def test_right_credentials_return_a_working_token(self, jane):
        # When Jane signs in
        response = log_in("jane@example.org")

        # Then she gets a token and her profile
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "user"}
        assert body["user"] == {
            "id": jane.pk,
            "email": "jane@example.org",
            "first_name": "Jane",
            "last_name": "Doe",
            "user_type": "general",
        }
        # And the token signs her in, and only its digest is stored
        me = token_client(body["token"]).get(ME_URL)
        assert (me.status_code, me.json()["id"]) == (200, jane.pk)
        stored = AuthToken.objects.get(user=jane)
        assert stored.digest != body["token"]

    def test_sign_in_is_logged(self, jane):
        log_in("jane@example.org")

        activity = Activity.objects.get()
        assert (
            activity.actor,
            activity.action,
            activity.subject_kind,
            activity.subject_id,
            activity.portal,
        ) == (jane, ActivityAction.LOGIN, "User", str(jane.pk), None)

    def test_email_is_matched_regardless_of_case_and_spaces(self, jane):
        response = log_in("  Jane@Example.ORG ")

        assert response.status_code == 200
        assert response.json()["user"]["id"] == jane.pk

    def test_each_sign_in_gets_its_own_token(self, jane):
        first = log_in("jane@example.org").json()["token"]
        second = log_in("jane@example.org").json()["token"]

        assert first != second
        assert AuthToken.objects.filter(user=jane).count() == 2

    def test_a_stale_token_header_does_not_block_signing_in(self, jane):
        # Given a client still sending a revoked token
        client = token_client("revoked-token-value")

        response = client.post(LOGIN_URL, {"email": "jane@example.org", "password": PASSWORD}, format="json")

        assert response.status_code == 200

    @pytest.mark.parametrize(
        ("email", "password"),
        [
            pytest.param("jane@example.org", "wrong-password", id="wrong-password"),
            pytest.param("nobody@example.org", PASSWORD, id="unknown-email"),
            pytest.param("jane@example.org", f" {PASSWORD}", id="password-is-not-trimmed"),
        ],
    )
    def test_wrong_credentials_are_422_and_issue_nothing(self, jane, email, password):
        response = log_in(email, password)

        assert response.status_code == 422
        assert response.json() == BAD_CREDENTIALS
        assert not AuthToken.objects.exists()
        assert not Activity.objects.exists()

    def test_an_inactive_user_cannot_sign_in(self, jane):
        jane.is_active = False
        jane.save()

        response = log_in("jane@example.org")

        assert response.status_code == 422
        assert response.json() == BAD_CREDENTIALS
        assert not AuthToken.objects.exists()

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            pytest.param(
                {},
                {"email": ["This field is required."], "password": ["This field is required."]},
                id="empty",
            ),
            pytest.param(
                {"email": "jane", "password": PASSWORD},
                {"email": ["Enter a valid email address."]},
                id="not-an-email",
            ),
        ],
    )
    def test_bad_input_is_422(self, jane, payload, errors):
        response = APIClient().post(LOGIN_URL, payload, format="json")

        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": errors}
        assert not AuthToken.objects.exists()

    def test_repeated_attempts_are_throttled(self, jane):
        # Given as many failed attempts as the login rate allows (20/min by default)
        allowed, _period = ScopedRateThrottle().parse_rate(api_settings.DEFAULT_THROTTLE_RATES["login"])
        for _ in range(allowed):
            assert log_in("jane@example.org", "guess").status_code == 422

        # When the right password follows
        response = log_in("jane@example.org")

        # Then it is refused until the window passes, and no token is issued
        assert response.status_code == 429
        assert response.json()["message"].startswith("Request was throttled.")
        assert not AuthToken.objects.exists()


class TestLogout:
    def test_logout_revokes_the_token_used(self, jane):
        # Given Jane signed in twice (say, two devices)
        token = log_in("jane@example.org").json()["token"]
        other_token = log_in("jane@example.org").json()["token"]

        # When she signs out with the first token
        response = token_client(token).post(LOGOUT_URL)

        # Then that token no longer works, and the other still does
        assert (response.status_code, response.json()) == (200, {"message": "Logged out successfully."})
        later = token_client(token).get(ME_URL)
        assert (later.status_code, later.json()) == (401, UNAUTHENTICATED)
        assert token_client(other_token).get(ME_URL).status_code == 200
        assert AuthToken.objects.filter(user=jane).count() == 1

    def test_a_revoked_token_cannot_log_out_again(self, jane):
        token = log_in("jane@example.org").json()["token"]
        token_client(token).post(LOGOUT_URL)

        response = token_client(token).post(LOGOUT_URL)

        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)

    def test_logout_ends_a_session(self, jane):
        # Given Jane signed in to the site (a session, no token)
        client = APIClient()
        client.force_login(jane)
        assert client.get(ME_URL).status_code == 200

        # When she signs out through the API
        response = client.post(LOGOUT_URL)

        # Then the session is over
        assert response.status_code == 200
        assert (client.get(ME_URL).status_code, client.get(ME_URL).json()) == (401, UNAUTHENTICATED)

    def test_anonymous_is_401_and_revokes_nothing(self, jane):
        log_in("jane@example.org")

        response = APIClient().post(LOGOUT_URL)

        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
        assert AuthToken.objects.filter(user=jane).count() == 1

    def test_an_unknown_token_is_401_and_revokes_nothing(self, jane):
        log_in("jane@example.org")

        response = token_client("not-a-real-token").post(LOGOUT_URL)

        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
        assert AuthToken.objects.filter(user=jane).count() == 1


class TestMe:
    def test_returns_the_signed_in_user(self, owner, owner_api):
        response = owner_api.get(ME_URL)

        assert response.status_code == 200
        assert response.json() == {
            "id": owner.pk,
            "email": "owner@example.org",
            "first_name": owner.first_name,
            "last_name": owner.last_name,
            "user_type": "owner",
        }

    def test_a_learner_sees_themself(self, learner, learner_api):
        response = learner_api.get(ME_URL)

        assert (response.status_code, response.json()["id"], response.json()["user_type"]) == (
            200,
            learner.pk,
            "general",
        )

    def test_a_deactivated_users_token_stops_working(self, jane):
        client = api_client_for(jane)
        jane.is_active = False
        jane.save()

        response = client.get(ME_URL)

        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)

    @pytest.mark.parametrize(
        "authorization",
        [None, "Token not-a-real-token", "Bearer something"],
        ids=["no-header", "unknown-token", "wrong-scheme"],
    )
    def test_unauthenticated_callers_are_401(self, authorization):
        client = APIClient()
        if authorization:
            client.credentials(HTTP_AUTHORIZATION=authorization)

        response = client.get(ME_URL)

        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)

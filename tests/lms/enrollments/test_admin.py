import pytest
from django.urls import reverse

from lms.audit.models import Activity
from lms.enrollments.models import AccessStatus, Enrollment, EnrollmentStatus
from lms.portals.models import PortalRole
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory
from tests.factories.portals import PortalMembershipFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enrollments_enrollment_changelist")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("revoke_access", "access", AccessStatus.REVOKED),
        ("grant_access", "access", AccessStatus.GRANTED),
        ("reset_progress", "status", EnrollmentStatus.NOT_STARTED),
    ],
)
def test_actions_use_the_services(owner_client, action, field, value):
    rows = [
        EnrollmentFactory(
            status=EnrollmentStatus.IN_PROGRESS,
            access=AccessStatus.REVOKED if "grant" in action else AccessStatus.GRANTED,
        )
        for _ in range(2)
    ]
    response = owner_client.post(CHANGELIST, {"action": action, "_selected_action": [row.pk for row in rows]})
    assert response.status_code == 302
    assert {getattr(row, field) for row in Enrollment.objects.all()} == {value}
    assert Activity.objects.filter(subject_kind="Enrollment").count() == 2


def test_add_and_change_go_through_the_services(owner_client):
    course, user = CourseFactory(), UserFactory()
    add = reverse("admin:enrollments_enrollment_add")
    response = owner_client.post(
        add,
        {"user": user.pk, "course": course.pk, "access": "granted", "expires_at_0": "", "expires_at_1": ""},
    )
    assert response.status_code == 302, response.content[:2000]
    enrollment = Enrollment.objects.get()
    response = owner_client.post(add, {"user": user.pk, "course": course.pk, "access": "granted"})
    assert response.status_code == 200 and Enrollment.objects.count() == 1  # already enrolled: refused
    change = reverse("admin:enrollments_enrollment_change", args=[enrollment.pk])
    data = {
        "access": "revoked",
        "expires_at_0": "2030-01-01",
        "expires_at_1": "10:00:00",
        "module_progress-TOTAL_FORMS": "0",
        "module_progress-INITIAL_FORMS": "0",
    }
    assert owner_client.post(change, data).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.access == AccessStatus.REVOKED and enrollment.expires_at.year == 2030


def test_portal_admin_sees_only_their_portals_enrolments(client, portal_tree):
    admin_user = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.ADMIN).user
    mine = EnrollmentFactory(course=CourseFactory(portal=portal_tree["child"]))
    theirs = EnrollmentFactory(course=CourseFactory(portal=portal_tree["second"]))
    client.force_login(admin_user)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    shown = {row.pk for row in page.context["cl"].queryset}
    assert mine.pk in shown and theirs.pk not in shown

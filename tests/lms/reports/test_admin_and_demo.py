import pytest
from django.core.management import call_command
from django.urls import reverse

from lms.audit.models import Activity
from lms.reports.demo import load_demo
from lms.reports.models import AutoEnrollCourse, CurrentPortal
from tests.factories.courses import CourseFactory
from tests.factories.reports import AutoEnrollCourseFactory

pytestmark = pytest.mark.django_db


def test_demo_creates_rows_once(settings, tmp_path, owner):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", verbosity=0)
    assert AutoEnrollCourse.objects.filter(course__slug="customer-service-foundations").exists()
    current = CurrentPortal.objects.select_related("portal", "user").get(user__email="learner@lectern.local")
    assert current.portal.name == "Acme Sales"
    assert load_demo(actor=owner, users={"learner@lectern.local": current.user}, portals={}) == 0


def test_admin_saves_through_the_services(client, owner):
    client.force_login(owner)
    course, other = CourseFactory(), CourseFactory()
    AutoEnrollCourseFactory(course=other)
    add = reverse("admin:reports_autoenrollcourse_add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"course": course.pk})
    assert response.status_code == 302, response.content[:500]
    row = AutoEnrollCourse.objects.get(course=course)
    assert Activity.objects.filter(subject_kind="Auto Enroll Course", subject_id=str(row.pk)).exists()
    assert client.post(add, {"course": other.pk}).status_code == 200  # refused: already listed
    assert AutoEnrollCourse.objects.count() == 2
    for name in ("changelist", "export"):
        assert client.get(reverse(f"admin:reports_autoenrollcourse_{name}")).status_code == 200
    for name in ("change", "history"):
        assert client.get(reverse(f"admin:reports_autoenrollcourse_{name}", args=[row.pk])).status_code == 200

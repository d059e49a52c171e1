import threading

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection

from lms.enrollments import services
from lms.enrollments.models import Enrollment, EnrollmentStatus, ModuleProgress
from lms.portals.models import PortalMembership, SeatAccess
from tests.factories.accounts import UserFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory
from tests.factories.enrollments import EnrollmentFactory
from tests.factories.portals import PortalFactory, PortalMembershipFactory


@pytest.mark.django_db
def test_members_of_the_portal_tree_take_no_new_seat(owner):
    parent = PortalFactory(seat_access=SeatAccess.LIMITED, total_seats=5)
    child = PortalFactory(parent=parent)
    member = PortalMembershipFactory(portal=child).user
    course = CourseFactory(portal=parent)
    created, _ = services.enrollments_enroll(actor=owner, course=course, users=[member])
    assert len(created) == 1
    assert not PortalMembership.objects.filter(portal=parent, user=member).exists()


@pytest.mark.django_db
def test_demo_enrols_the_demo_learner_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", verbosity=0)
    rows = Enrollment.objects.filter(user__email="learner@lectern.local").order_by("course__slug")
    assert [row.course.slug for row in rows] == [
        "customer-service-foundations",
        "getting-started-with-the-academy",
        "workplace-safety-essentials",
    ]
    assert [row.status for row in rows] == [
        EnrollmentStatus.NOT_STARTED,
        EnrollmentStatus.NOT_STARTED,
        EnrollmentStatus.IN_PROGRESS,
    ]
    from lms.enrollments.demo import load_demo

    owner = UserFactory(user_type="owner")
    assert load_demo(actor=owner, users={"learner@lectern.local": rows[0].user}, portals={}) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_mark_complete_completes_once_and_issues_one_certificate(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    rendered = []
    real_render = services.render_certificate_pdf

    def counting_render(**kwargs):
        rendered.append(1)
        return real_render(**kwargs)

    monkeypatch.setattr(services, "render_certificate_pdf", counting_render)
    course = CourseFactory()
    course.certificate_templates.add(CertificateTemplateFactory())
    row = CourseModuleFactory(course=course)
    enrollment = EnrollmentFactory(course=course)
    barrier = threading.Barrier(10)
    outcomes = []

    def complete():
        try:
            barrier.wait()
            _, done = services.module_mark_complete(actor=None, enrollment=enrollment, course_module=row)
            outcomes.append(done)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert sorted(outcomes) == [False] * 9 + [True]
    assert ModuleProgress.objects.filter(enrollment=enrollment).count() == 1
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.certificate_file
    assert len(rendered) == 1

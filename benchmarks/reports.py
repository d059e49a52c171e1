"""Staff reports at scale: the LMS overview report, the gradebook and the course detail report.

Builds a course of 50 modules with LEARNERS enrolled learners (default 1,000), each with progress on
some modules, then prints queries and median milliseconds for: the LMS overview report, the gradebook
of one learner (the API), the gradebook of the whole course (per learner x graded module, the selector)
and the course detail report at page sizes 10 and 100. Runs on its own database (a temporary SQLite
file unless BENCH_DATABASE_URL is set). Usage: `.venv/bin/python benchmarks/reports.py [learners]`.
"""

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'lectern-bench-reports.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from knox.models import AuthToken  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from lms.accounts.models import User  # noqa: E402
from lms.courses.models import Course, CourseModule, GradingRule  # noqa: E402
from lms.enrollments.models import Enrollment, EnrollmentStatus, ModuleProgress, ModuleProgressStatus  # noqa: E402
from lms.modules.models import Module, ModuleType, TextModule  # noqa: E402
from lms.reports.selectors import course_gradebook  # noqa: E402

LEARNERS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
MODULES = 50
REPEAT = 5
SLUG = "bench-reports-course"


def seed(owner) -> Course:
    """The course, its modules and LEARNERS enrolments with progress on the first modules, once."""
    course = Course.objects.filter(slug=SLUG).first()
    if course is None:
        course = Course.objects.create(
            name="Reports benchmark", slug=SLUG, author=owner, grading_rule=GradingRule.AVG_SPECIFIC_MODULES
        )
        modules = Module.objects.bulk_create(
            Module(name=f"Lesson {n}", slug=f"bench-reports-{n}", module_type=ModuleType.TEXT, author=owner)
            for n in range(MODULES)
        )
        TextModule.objects.bulk_create(TextModule(module=module) for module in modules)
        CourseModule.objects.bulk_create(
            CourseModule(course=course, module=module, order=n, is_graded=n % 5 == 0, points=10)
            for n, module in enumerate(modules)
        )
    have = Enrollment.objects.filter(course=course).count()
    if have < LEARNERS:
        users = User.objects.bulk_create(
            User(email=f"bench-learner-{n}@lectern.local", first_name="Learner", last_name=str(n))
            for n in range(have, LEARNERS)
        )
        statuses = [EnrollmentStatus.NOT_STARTED, EnrollmentStatus.IN_PROGRESS, EnrollmentStatus.COMPLETED]
        enrollments = Enrollment.objects.bulk_create(
            Enrollment(user=user, course=course, status=statuses[n % 3], progress_percent=n % 100)
            for n, user in enumerate(users)
        )
        rows = list(CourseModule.objects.filter(course=course).order_by("order")[:10])
        ModuleProgress.objects.bulk_create(
            ModuleProgress(
                enrollment=enrollment,
                course_module=row,
                status=ModuleProgressStatus.COMPLETED,
                score=Decimal(70 + n % 30),
                time_spent_seconds=60,
                times_accessed=1,
            )
            for n, enrollment in enumerate(enrollments)
            for row in rows
        )
    return course


def timed(action):
    """(queries of the last run, median ms over REPEAT runs)."""
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = action()
            timings.append((time.perf_counter() - start) * 1000)
        status = getattr(result, "status_code", 200)
        assert status == 200, result.content[:300]
    return len(queries.captured_queries), statistics.median(timings)


def main():
    call_command("migrate", verbosity=0)
    owner = User.objects.filter(email="bench@lectern.local").first() or User.objects.create_superuser(
        "bench@lectern.local", "bench"
    )
    course = seed(owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=owner)[1]}")
    enrollment = Enrollment.objects.filter(course=course).order_by("pk").first()

    print(f"{LEARNERS} learners, {MODULES} modules, median of {REPEAT} runs, database: {connection.vendor}")
    print(f"{'operation':<62} {'queries':>8} {'ms':>9}")

    def report(label, action):
        queries, ms = timed(action)
        print(f"{label:<62} {queries:>8} {ms:>9.2f}")

    report("LMS Overview Report", lambda: client.post("/api/v1/reports/lms-overview/", {}, format="json"))
    report(
        "Gradebook Data (one learner)",
        lambda: client.get(f"/api/v1/reports/gradebook/{enrollment.pk}/", {"userId": enrollment.user_id}),
    )
    report(
        f"Course gradebook, {LEARNERS} learners x graded modules (selector)",
        lambda: course_gradebook(course, Enrollment.objects.filter(course=course)),
    )
    for page_size in (10, 100):
        body = {"course_ids": [course.pk], "page_size": page_size, "page_number": 2}
        report(
            f"Course Detail Report, page {page_size}",
            lambda body=body: client.post("/api/v1/reports/course-detail/", body, format="json"),
        )


if __name__ == "__main__":
    main()

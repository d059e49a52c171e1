"""The learner side and the staff reports at scale: queries and time must not grow with the data.

Builds, once, on its own database (a temporary SQLite file unless BENCH_DATABASE_URL is set):
- a course of 50 modules (text, video and PDF in turn) with LEARNERS enrolled learners (default 5,000),
  a third not started, a third in progress (10 modules done), a third completed (every module done);
- two courses of 5 and 100 modules whose learners are the first 10 of them, so the first learners
  have 3 courses;
- a busy learner enrolled in 30 more courses.

Prints, per operation, the queries of the last run and the median milliseconds of REPEAT runs: the
launch (with and without `info`), the course information, the player page and the course gradebook
at 5, 50 and 100 modules; the gradebook of one learner and of the whole course for 10 and for all
learners; the course detail report at page sizes 10 and 100 and for a course of 10 learners against
the big one; the LMS overview report; the learner dashboard (statistics, enrolled courses, the page)
for a learner of 3 courses and one of 30. A "floor" row reads the same rows with bare querysets.
Where the queries of one operation differ between sizes it prints a WARNING line; a page not built
yet prints "not built yet".

Usage: `.venv/bin/python benchmarks/learning.py [learners]`.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'lectern-bench-learning.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from knox.models import AuthToken  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from lms.accounts.models import User  # noqa: E402
from lms.courses.models import Course, CourseModule, CourseStatus, GradingRule  # noqa: E402
from lms.enrollments.models import Enrollment, EnrollmentStatus, ModuleProgress, ModuleProgressStatus  # noqa: E402
from lms.modules.models import Module, ModuleType, PdfModule, TextModule, VideoModule  # noqa: E402
from lms.reports.selectors import course_gradebook  # noqa: E402

LEARNERS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
MODULES = 50
SCALING_MODULES = (5, MODULES, 100)
SMALL_CLASS = 10
BUSY_COURSES = 30
DONE_IN_PROGRESS = 10
REPEAT = 5
PREFIX = "bench-learning"
DETAILS = {
    ModuleType.TEXT: lambda module: TextModule(module=module),
    ModuleType.VIDEO: lambda module: VideoModule(module=module, url="https://youtu.be/dQw4w9WgXcQ"),
    ModuleType.PDF: lambda module: PdfModule(module=module, url="https://example.com/lesson.pdf"),
}
LABEL_WIDTH = 72


# --- Seed ------------------------------------------------------------------------------------------


def seed_modules(owner) -> list[Module]:
    """max(SCALING_MODULES) modules of the three types in turn, shared by every course."""
    wanted = max(SCALING_MODULES)
    modules = list(Module.objects.filter(slug__startswith=f"{PREFIX}-").order_by("pk"))
    if len(modules) >= wanted:
        return modules[:wanted]
    types = list(DETAILS)
    created = Module.objects.bulk_create(
        Module(
            name=f"Lesson {n}",
            slug=f"{PREFIX}-{n}",
            module_type=types[n % len(types)],
            content=f"<p>Lesson {n}.</p>",
            author=owner,
        )
        for n in range(len(modules), wanted)
    )
    for module_type, detail in DETAILS.items():
        model = type(detail(created[0]))
        model.objects.bulk_create(detail(module) for module in created if module.module_type == module_type)
    return modules + created


def seed_course(owner, slug: str, modules: list[Module]) -> Course:
    """A published course with `modules` in order, every fifth graded."""
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        course = Course.objects.create(
            name=slug.replace("-", " ").capitalize(),
            slug=slug,
            author=owner,
            status=CourseStatus.PUBLISHED,
            grading_rule=GradingRule.AVG_SPECIFIC_MODULES,
        )
        CourseModule.objects.bulk_create(
            CourseModule(course=course, module=module, order=n, is_graded=n % 5 == 0, points=10)
            for n, module in enumerate(modules)
        )
    return course


def seed_users(emails: list[str]) -> list[User]:
    """The users of `emails` in that order, the missing ones created."""
    existing = {user.email: user for user in User.objects.filter(email__startswith=f"{PREFIX}-")}
    User.objects.bulk_create(
        User(email=email, first_name="Learner", last_name=email.split("@")[0].rsplit("-", 1)[-1])
        for email in emails
        if email not in existing
    )
    existing = {user.email: user for user in User.objects.filter(email__startswith=f"{PREFIX}-")}
    return [existing[email] for email in emails]


def enrol(course: Course, users: list[User]) -> None:
    """Enrols the users not enrolled yet, by thirds: not started, in progress, completed, with their
    progress rows (bulk, so that thousands of learners take seconds)."""
    enrolled = set(Enrollment.objects.filter(course=course).values_list("user_id", flat=True))
    now = timezone.now()
    statuses = [EnrollmentStatus.NOT_STARTED, EnrollmentStatus.IN_PROGRESS, EnrollmentStatus.COMPLETED]
    new = [(n, user) for n, user in enumerate(users) if user.pk not in enrolled]
    enrollments = Enrollment.objects.bulk_create(
        (
            Enrollment(
                user=user,
                course=course,
                status=statuses[n % 3],
                progress_percent=(0, 20, 100)[n % 3],
                enrolled_at=now - timedelta(days=30, minutes=n),
                started_at=None if n % 3 == 0 else now - timedelta(days=20),
                completed_at=now - timedelta(days=1) if n % 3 == 2 else None,
                last_accessed_at=None if n % 3 == 0 else now - timedelta(hours=n % 48),
                time_spent_seconds=(0, 1800, 7200)[n % 3],
            )
            for n, user in new
        ),
        batch_size=1000,
    )
    rows = list(CourseModule.objects.filter(course=course).order_by("order", "pk"))
    done = {EnrollmentStatus.NOT_STARTED: 0, EnrollmentStatus.IN_PROGRESS: DONE_IN_PROGRESS}
    ModuleProgress.objects.bulk_create(
        (
            ModuleProgress(
                enrollment=enrollment,
                course_module=row,
                status=ModuleProgressStatus.COMPLETED,
                first_accessed_at=now - timedelta(days=20),
                last_accessed_at=now - timedelta(days=2),
                completed_at=now - timedelta(days=2),
                score=Decimal(60 + (enrollment.user_id + row.order) % 40),
                time_spent_seconds=300,
                times_accessed=1,
            )
            for enrollment in enrollments
            for row in rows[: done.get(enrollment.status, len(rows))]
        ),
        batch_size=2000,
    )


@transaction.atomic
def seed(owner) -> dict:
    """Every course and learner, once; later runs only add what a larger LEARNERS needs."""
    modules = seed_modules(owner)
    courses = {
        size: seed_course(owner, f"{PREFIX}-{size}-modules", modules[:size]) for size in SCALING_MODULES
    }
    learners = seed_users([f"{PREFIX}-learner-{n}@lectern.local" for n in range(LEARNERS)])
    enrol(courses[MODULES], learners)
    for size in SCALING_MODULES:
        if size != MODULES:
            enrol(courses[size], learners[:SMALL_CLASS])
    busy = seed_users([f"{PREFIX}-busy-learner@lectern.local"])[0]
    for n in range(BUSY_COURSES):
        enrol(seed_course(owner, f"{PREFIX}-busy-course-{n}", modules[:5]), [busy])
    learner = learners[1]  # in progress in the three courses
    return {
        "courses": courses,
        "learner": learner,
        "busy": busy,
        "registrations": {
            size: Enrollment.objects.get(course=course, user=learner) for size, course in courses.items()
        },
    }


# --- Measure ---------------------------------------------------------------------------------------


def timed(action):
    """(queries of the last run, median ms over REPEAT runs)."""
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = action()
            timings.append((time.perf_counter() - start) * 1000)
        status = getattr(result, "status_code", 200)
        assert status == 200, (status, result.content[:300])
    return len(queries.captured_queries), statistics.median(timings)


def row(label, action) -> int:
    queries, ms = timed(action)
    print(f"{label:<{LABEL_WIDTH}} {queries:>8} {ms:>10.2f}")
    return queries


def same_queries(name, cases) -> None:
    """Runs (label, action) cases of one operation; warns when their queries differ."""
    counts = {label: row(f"{name}, {label}", action) for label, action in cases}
    if len(set(counts.values())) > 1:
        detail = ", ".join(f"{label}: {queries}" for label, queries in counts.items())
        print(f"WARNING: {name}: queries differ between sizes ({detail})")


def page_url(name, **kwargs) -> str | None:
    """The learner site's page, or None while it is not built."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def not_built(label) -> None:
    print(f"{label:<{LABEL_WIDTH}} {'not built yet':>19}")


# --- Floors: bare querysets that read the same rows -------------------------------------------------


def launch_floor(registration_id: int):
    enrollment = Enrollment.objects.select_related("course", "user").get(pk=registration_id)
    rows = list(
        CourseModule.objects.filter(course_id=enrollment.course_id)
        .select_related("module__text", "module__video", "module__pdf")
        .order_by("order")
    )
    return enrollment, rows, list(ModuleProgress.objects.filter(enrollment=enrollment))


def gradebook_floor(course: Course):
    rows = list(CourseModule.objects.filter(course=course).select_related("module").order_by("order"))
    learners = list(Enrollment.objects.filter(course=course))
    return rows, learners, list(ModuleProgress.objects.filter(enrollment__course=course))


# --- Main ------------------------------------------------------------------------------------------


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


def main():
    call_command("migrate", verbosity=0)
    owner = User.objects.filter(email="bench@lectern.local").first() or User.objects.create_superuser(
        "bench@lectern.local", "bench"
    )
    start = time.perf_counter()
    data = seed(owner)
    seeded = time.perf_counter() - start
    courses, registrations = data["courses"], data["registrations"]
    big = courses[MODULES]
    learners = Enrollment.objects.filter(course=big).count()
    staff, learner, busy = api_client(owner), api_client(data["learner"]), api_client(data["busy"])
    pages = {"learner": Client(), "busy": Client()}
    pages["learner"].force_login(data["learner"])
    pages["busy"].force_login(data["busy"])

    print(
        f"{learners} learners, {MODULES} modules, median of {REPEAT} runs, "
        f"database: {connection.vendor}, seeding: {seeded:.1f} s"
    )
    print(f"{'operation':<{LABEL_WIDTH}} {'queries':>8} {'ms':>10}")

    same_queries(
        "Launch ?info (read only)",
        [
            (
                f"{size} modules",
                lambda pk=registrations[size].pk: learner.get(f"/api/v1/courses/launch/{pk}/?info"),
            )
            for size in SCALING_MODULES
        ],
    )
    same_queries(
        "Launch (starts or resumes)",
        [
            (
                f"{size} modules",
                lambda pk=registrations[size].pk: learner.get(f"/api/v1/courses/launch/{pk}/"),
            )
            for size in SCALING_MODULES
        ],
    )
    same_queries(
        "Launch floor (bare querysets)",
        [(f"{size} modules", lambda pk=registrations[size].pk: launch_floor(pk)) for size in SCALING_MODULES],
    )
    same_queries(
        "Course information",
        [
            (
                f"{size} modules",
                lambda pk=courses[size].pk: learner.get(
                    "/api/v1/courses/course-information/", {"courseId": pk}
                ),
            )
            for size in SCALING_MODULES
        ],
    )
    player_cases = [
        (size, page_url("learner:course", registration_id=registrations[size].pk)) for size in SCALING_MODULES
    ]
    if all(url for _, url in player_cases):
        same_queries(
            "Player page /learn/<registrationId>/",
            [(f"{size} modules", lambda url=url: pages["learner"].get(url)) for size, url in player_cases],
        )
    else:
        not_built("Player page /learn/<registrationId>/")

    same_queries(
        "Gradebook Data, one learner (API)",
        [
            (
                f"{size} modules",
                lambda pk=registrations[size].pk: staff.get(
                    f"/api/v1/reports/gradebook/{pk}/", {"userId": data["learner"].pk}
                ),
            )
            for size in SCALING_MODULES
        ],
    )
    same_queries(
        f"Course gradebook (selector), {MODULES} modules",
        [
            (
                f"{SMALL_CLASS} learners",
                lambda: course_gradebook(
                    big, Enrollment.objects.filter(course=big).order_by("pk")[:SMALL_CLASS]
                ),
            ),
            (f"{learners} learners", lambda: course_gradebook(big, Enrollment.objects.filter(course=big))),
        ],
    )
    row(f"Course gradebook floor (bare querysets), {learners} learners", lambda: gradebook_floor(big))

    def detail_report(course, page_size):
        body = {"course_ids": [course.pk], "page_size": page_size, "page_number": 1}
        return lambda: staff.post("/api/v1/reports/course-detail/", body, format="json")

    same_queries(
        f"Course Detail Report, {learners} learners",
        [(f"page {size}", detail_report(big, size)) for size in (10, 100)],
    )
    same_queries(
        "Course Detail Report, page 10",
        [
            (f"course of {SMALL_CLASS} learners", detail_report(courses[100], 10)),
            (f"course of {learners} learners", detail_report(big, 10)),
        ],
    )
    row("LMS Overview Report", lambda: staff.post("/api/v1/reports/lms-overview/", {}, format="json"))

    learner_ids = {"learner": data["learner"].pk, "busy": data["busy"].pk}
    clients = {"learner": learner, "busy": busy}
    sizes = {"learner": f"{len(SCALING_MODULES)} courses", "busy": f"{BUSY_COURSES} courses"}
    same_queries(
        "Dashboard statistics (API)",
        [
            (
                sizes[who],
                lambda who=who: clients[who].get(
                    "/api/v1/reports/dashboard-statistics/", {"user_id": learner_ids[who]}
                ),
            )
            for who in clients
        ],
    )
    same_queries(
        "Enrolled courses (API), page 50",
        [
            (
                sizes[who],
                lambda who=who: clients[who].get("/api/v1/users/enrolled-courses/", {"page_size": 50}),
            )
            for who in clients
        ],
    )
    dashboard = page_url("learner:dashboard")
    if dashboard:
        same_queries(
            "Dashboard page /dashboard/",
            [(sizes[who], lambda who=who: pages[who].get(dashboard)) for who in pages],
        )
    else:
        not_built("Dashboard page /dashboard/")


if __name__ == "__main__":
    main()

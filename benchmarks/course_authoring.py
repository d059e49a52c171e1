"""Course authoring at scale: saving a large curriculum, and the lists that mix module types.

Prints queries and median milliseconds for: Save Course with N modules (create, then reorder), Retrieve
Course Details and Curriculum of that course, the modules list (text, video, PDF and PowerPoint mixed)
and the courses list at page sizes 10 and 100. Runs on its own database (a temporary SQLite file unless
BENCH_DATABASE_URL is set). Usage: `.venv/bin/python benchmarks/course_authoring.py [modules]`.
"""

import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'lectern-bench-courses.sqlite3'}"
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
from lms.courses.models import Course  # noqa: E402
from lms.modules.models import Module, ModuleType, PdfModule, PowerPointModule, TextModule, VideoModule  # noqa: E402

MODULES = int(sys.argv[1]) if len(sys.argv) > 1 else 200
COURSES = 500
REPEAT = 10
DETAILS = {
    ModuleType.TEXT: lambda module: TextModule(module=module),
    ModuleType.VIDEO: lambda module: VideoModule(module=module, url="https://youtu.be/dQw4w9WgXcQ"),
    ModuleType.PDF: lambda module: PdfModule(module=module, url="https://example.com/a.pdf"),
    ModuleType.POWERPOINT: lambda module: PowerPointModule(module=module, url="https://example.com/a.pptx"),
}


def seed(owner):
    """MODULES modules of the four types in turn, and COURSES draft courses, once."""
    if Module.objects.count() < MODULES:
        types = list(DETAILS)
        modules = Module.objects.bulk_create(
            Module(name=f"Module {n}", slug=f"bench-module-{n}", module_type=types[n % 4], author=owner)
            for n in range(MODULES)
        )
        for module_type, detail in DETAILS.items():
            detail_model = type(detail(modules[0]))
            detail_model.objects.bulk_create(detail(m) for m in modules if m.module_type == module_type)
    if Course.objects.count() < COURSES:
        Course.objects.bulk_create(
            Course(name=f"Course {n}", slug=f"bench-course-{n}", author=owner) for n in range(COURSES)
        )
    return list(Module.objects.order_by("pk").values_list("pk", flat=True)[:MODULES])


def timed(action):
    """(queries of the last run, median ms over REPEAT runs)."""
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = action()
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 201), response.content[:300]
    return len(queries.captured_queries), statistics.median(timings)


def curriculum(module_ids):
    return [{"module_id": pk, "drip_rules": "immediately"} for pk in module_ids]


def main():
    call_command("migrate", verbosity=0)
    owner = User.objects.filter(email="bench@lectern.local").first() or User.objects.create_superuser(
        "bench@lectern.local", "bench"
    )
    module_ids = seed(owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=owner)[1]}")

    print(f"{MODULES} modules, {COURSES} courses, median of {REPEAT} requests, database: {connection.vendor}")
    print(f"{'operation':<62} {'queries':>8} {'ms':>9}")

    def report(label, action):
        queries, ms = timed(action)
        print(f"{label:<62} {queries:>8} {ms:>9.2f}")

    def save(ids, course_id=None):
        body = {"name": "Benchmark course", "status": "draft", "modules": curriculum(ids)}
        if course_id:
            body["id"] = course_id
        return client.post("/api/v1/courses/save/", body, format="json")

    report(f"Save Course, new, {MODULES} modules", lambda: save(module_ids))
    course_id = Course.objects.filter(name="Benchmark course").order_by("-pk").values_list("pk", flat=True)[0]
    orders = itertools.cycle([module_ids[::-1], module_ids])  # each run really reorders every row
    report(f"Save Course, same course, {MODULES} modules reordered", lambda: save(next(orders), course_id))
    report("Retrieve Course Details", lambda: client.get(f"/api/v1/courses/{course_id}/"))
    report(
        "Retrieve Course Curriculum Details",
        lambda: client.get("/api/v1/courses/curriculum/", {"courseIds": f"[{course_id}]"}),
    )
    for page_size in (10, 100):
        page = {"page_size": page_size, "page_number": 2}
        report(
            f"Modules Tabular List (four types), page {page_size}",
            lambda page=page: client.get("/api/v1/modules/", page),
        )
        report(
            f"Courses Tabular List, page {page_size}", lambda page=page: client.get("/api/v1/courses/", page)
        )


if __name__ == "__main__":
    main()

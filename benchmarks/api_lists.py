"""Query counts and latency of the main tabular lists, beside a bare Django view reading the same rows.

Runs on its own database (a temporary SQLite file unless BENCH_DATABASE_URL is set), so it never
touches your data. Usage: `make bench` or `.venv/bin/python benchmarks/api_lists.py [rows]`.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'lectern-bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings")
os.environ.setdefault("LOGIN_THROTTLE_RATE", "100000/min")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from knox.models import AuthToken  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from lms.accounts.models import User  # noqa: E402
from lms.audit.models import Activity  # noqa: E402
from lms.categories.models import Category  # noqa: E402
from lms.locations.models import Location  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
REPEAT = 20


def seed():
    call_command("migrate", verbosity=0)
    owner = User.objects.filter(email="bench@lectern.local").first() or User.objects.create_superuser(
        "bench@lectern.local", "bench"
    )
    if Location.objects.count() < ROWS:
        Location.objects.bulk_create(Location(name=f"Location {i}", city="City") for i in range(ROWS))
        Category.objects.bulk_create(Category(name=f"Category {i}", type="course") for i in range(ROWS))
        Activity.objects.bulk_create(
            Activity(actor=owner, action="created", subject_kind="Location", subject_label=f"L{i}")
            for i in range(ROWS)
        )
    return owner


def measure(client, url):
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries), statistics.median(timings)


def bare_floor(page_size):
    """The floor: a count and one page of rows straight from the ORM, no DRF."""
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        Location.objects.count()
        list(Location.objects.order_by("-created_at", "-pk").values()[:page_size])
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main():
    owner = seed()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=owner)[1]}")
    month = time.strftime("%m-%Y")
    print(f"{ROWS} rows per table, median of {REPEAT} requests, database: {connection.vendor}")
    print(f"{'endpoint':<58} {'page':>5} {'queries':>8} {'ms':>8}")
    for page_size in (10, 100):
        for url in (
            "/api/v1/locations/",
            "/api/v1/categories/course/",
            f"/api/v1/audit/activities/?selectedMonth={month}",
        ):
            sep = "&" if "?" in url else "?"
            queries, ms = measure(client, f"{url}{sep}page_size={page_size}&page_number=2")
            print(f"{url:<58} {page_size:>5} {queries:>8} {ms:>8.2f}")
        print(
            f"{'floor: bare ORM count + page of locations':<58} {page_size:>5} {2:>8} {bare_floor(page_size):>8.2f}"
        )


if __name__ == "__main__":
    main()

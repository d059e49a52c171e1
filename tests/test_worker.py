"""A real Celery worker on the configured broker runs a real task (the `worker` marker)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from website.tasks import ping

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def celery_worker_process():
    command = [sys.executable, "-m", "celery", "-A", "website", "worker", "--pool=solo", "--loglevel=warning"]
    worker = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.worker
def test_a_worker_runs_a_task_through_the_broker(celery_worker_process):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    deadline = time.monotonic() + 60
    result = ping.delay("lectern")
    while not result.ready() and time.monotonic() < deadline:
        assert celery_worker_process.poll() is None, "the worker exited"
        time.sleep(0.2)
    assert result.get(timeout=1) == "pong:lectern"


def test_without_a_broker_tasks_run_eagerly(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert ping.apply(args=["eager"]).get() == "pong:eager"

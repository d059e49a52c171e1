"""Junk input never makes the API fail: every operation of the generated schema, as the owner and a learner.

Our rule: bad input gets a clear 4xx (422 with field errors, 404 for what the caller may not see).
What passes: any status below 500, and 502/503/504, which our code answers when an outside service
(Mux, Bunny) cannot be reached; here they all point at http://127.0.0.1:9, where nothing listens.
What fails: a 500, any other 5xx, an exception escaping a view, or a connection to any address but
the loopback (and our own database, cache and broker hosts): no request may leave the machine.

The probes are fixed (see `tests/contract/junk.py`): no randomness, so a failure replays. Each request
runs in a savepoint rolled back afterwards, with the cache cleared, so every probe meets the same world
whatever ran before it. An operation's failures are reported together, one line each.

A 500 found here is fixed in the app, not hidden: until then its operation and probe labels sit in
KNOWN_SERVER_ERRORS, which marks the case xfail(strict=True): it fails again as soon as the bug is
fixed (remove the entry then) or as soon as a 500 that is not listed appears.
"""

import ipaddress
import logging
import socket
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction

from tests.contract import junk

ROOT = str(Path(__file__).resolve().parents[2]) + "/"
UNREACHABLE = "http://127.0.0.1:9"
OUTSIDE_SERVICE_UNAVAILABLE = {502, 503, 504}


@pytest.fixture(autouse=True)
def offline(settings, tmp_path):
    """Uploads land in a temporary folder; Mux and Bunny are configured but unreachable, so calls fail fast."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MUX_BASE_URL = f"{UNREACHABLE}/mux"
    settings.MUX_TOKEN_ID, settings.MUX_TOKEN_SECRET = "mux-id", "mux-secret"
    settings.BUNNY_API_BASE_URL = f"{UNREACHABLE}/bunny-api"
    settings.BUNNY_STREAM_BASE_URL = f"{UNREACHABLE}/bunny-stream"
    settings.BUNNY_API_KEY, settings.BUNNY_LIBRARY_ID, settings.BUNNY_LIBRARY_API_KEY = "key", "4242", "key"
    settings.LECTERN_MEDIA_PROVIDER_TIMEOUT = 2
    cache.clear()


def _own_hosts() -> set[str]:
    """Hosts of our own infrastructure (database, cache, broker), which tests may reach."""
    urls = [
        getattr(django_settings, "REDIS_CACHE_URL", ""),
        django_settings.CELERY_BROKER_URL,
        django_settings.CELERY_RESULT_BACKEND,
    ]
    hosts = {urlsplit(url).hostname for url in urls if url}
    hosts |= {database.get("HOST") for database in django_settings.DATABASES.values()}
    return {host for host in hosts if host} | {"localhost"}


def _is_local(host) -> bool:
    if not isinstance(host, str) or host in _own_hosts():
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def outbound(monkeypatch) -> list[str]:
    """Connections and name lookups for hosts outside the machine, refused and recorded."""
    attempts: list[str] = []
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        if isinstance(address, tuple) and not _is_local(address[0]):
            attempts.append(f"connect {address!r}")
            raise OSError("the junk sweep refuses connections outside the machine")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host.decode() if isinstance(host, bytes) else host):
            attempts.append(f"lookup {host!r}")
            raise socket.gaierror("the junk sweep refuses name lookups outside the machine")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def _is_app_code(filename: str) -> bool:
    return (
        filename.startswith(ROOT) and "/.venv/" not in filename and not filename.endswith(Path(__file__).name)
    )


def send(client, probe: junk.Probe):
    """(status, body excerpt), or (None, the exception and where it was raised) when the view raised."""
    headers = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in probe.headers.items()}
    try:
        with transaction.atomic():
            try:
                if probe.body is not None:
                    response = client.generic(
                        probe.method, probe.path, probe.body, probe.content_type, **headers
                    )
                else:
                    response = client.generic(probe.method, probe.path, **headers)
            finally:
                transaction.set_rollback(True)
    except Exception as exc:  # an exception escaping a view is what the sweep reports
        frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if _is_app_code(frame.filename)]
        where = " <- ".join(
            f"{frame.filename.removeprefix(ROOT)}:{frame.lineno}" for frame in frames[::-1][:3]
        )
        return None, f"{type(exc).__name__}: {str(exc)[:300]} at {where}"
    finally:
        cache.clear()
    if response.streaming:
        return response.status_code, "<streamed>"
    return response.status_code, response.content[:300].decode("utf-8", "replace")


def sweep(operation: junk.Operation, probes: list[tuple[str, object, junk.Probe]], outbound):
    """Send every (role, client, probe); fail with all the unexpected server errors at once."""
    known = KNOWN_SERVER_ERRORS.get(operation.operation_id)
    failures = []
    for role, client, probe in probes:
        status, excerpt = send(client, probe)
        if status is None or (status >= 500 and status not in OUTSIDE_SERVICE_UNAVAILABLE):
            label = f"{role}: {probe.label}"
            payload = f" body {probe.body[:120]!r}" if probe.body else ""
            line = f"{operation.operation_id} {probe.method} {probe.path[:160]}{payload} [{label}] -> {status}: {excerpt}"
            failures.append((label, line))
    unexpected = [line for label, line in failures if known is None or label not in known.labels]
    unexpected += [
        f"{operation.operation_id}: tried to reach {attempt}" for attempt in dict.fromkeys(outbound)
    ]
    fixed = sorted(known.labels - {label for label, _line in failures}) if known else []
    unexpected += [
        f"{operation.operation_id} [{label}] no longer fails: remove it from KNOWN_SERVER_ERRORS"
        for label in fixed
    ]
    if unexpected:
        pytest.fail(f"{len(unexpected)} failure(s):\n" + "\n".join(unexpected), pytrace=False)
    if failures:
        raise KnownServerErrors("\n".join(line for _label, line in failures))


@dataclass(frozen=True)
class Known:
    """500s already reported: the probe labels that still fail, and why."""

    labels: frozenset[str]
    reason: str


# The 500s a sweep finds and that are not fixed yet: {operation id: Known(labels, reason)}. The first
# sweep found 86 (overflowing ids and page offsets, blank integers, page content that is not a list of
# objects); all are fixed, and this stays empty unless a new one must wait for its fix.
KNOWN_SERVER_ERRORS: dict[str, Known] = {}


class KnownServerErrors(AssertionError):
    """Only the listed 500s happened: the case stays xfail until they are fixed."""


def cases() -> list:
    """One case per operation, so xdist spreads them; a listed 500 marks its case xfail(strict=True)."""
    params = []
    for operation in junk.operations():
        known = KNOWN_SERVER_ERRORS.get(operation.operation_id)
        marks = (
            [pytest.mark.xfail(strict=True, raises=KnownServerErrors, reason=known.reason)] if known else []
        )
        params.append(pytest.param(operation, id=operation.operation_id, marks=marks))
    return params


@pytest.mark.parametrize("operation", cases())
def test_junk_input_gets_no_server_error(
    db, operation, owner, owner_api, learner, learner_api, outbound, caplog
):
    """The full sweep as the owner, then a lighter one as a learner, over one world."""
    caplog.set_level(logging.ERROR, logger="django.request")  # 4xx warnings are expected by the thousand
    world = junk.build_world(owner=owner, learner=learner, pages=junk.needs_pages(operation))
    probes = [("owner", owner_api, probe) for probe in junk.owner_probes(operation, world)]
    probes += [
        ("learner", learner_api, probe) for probe in junk.learner_probes(operation, junk.as_learner(world))
    ]
    sweep(operation, probes, outbound)


def test_every_path_parameter_names_a_row_of_the_world():
    """A new path parameter needs its row in junk.ROW_FOR_RESOURCE or ROW_FOR_NAME, or the sweep only tries unknown ids."""
    unnamed = [
        f"{operation.method} {operation.path} {{{param['name']}}}"
        for operation in junk.operations()
        for param in operation.params("path")
        if junk.row_for(operation.path, param["name"]) is None
    ]
    assert unnamed == []

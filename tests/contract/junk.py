"""Junk inputs for every API operation, derived from the schema the code generates.

`operations()` walks the generated OpenAPI schema; `owner_probes()` and `learner_probes()` turn one
operation into a fixed, ordered list of requests (no randomness), filled with the ids of `build_world()`.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

from lms.courses.models import CourseStatus
from lms.media.models import UploadSession
from lms.portals.models import PortalRole
from lms.userfields.models import UserUpload
from tests.factories import (
    BadgeFactory,
    CategoryFactory,
    LocationFactory,
    PortalFactory,
    PortalMembershipFactory,
    StaffFactory,
    TierFactory,
)
from tests.factories.accounts import AddressFactory
from tests.factories.announcements import AnnouncementFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.cms import make_layout, make_menu, make_page, make_snippet
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory, ModuleProgressFactory
from tests.factories.media import BunnyVideoFactory, MediaFileFactory, MuxVideoFactory
from tests.factories.player import playable_course
from tests.factories.ratings import CourseRatingFactory
from tests.factories.reports import AutoEnrollCourseFactory, CurrentPortalFactory
from tests.factories.userfields import CustomUserFieldFactory, CustomUserValueFactory, UserConsentFactory
from website.api.views import TabularListView

API_PREFIX = "/api/v1/"
UNKNOWN_ID = 999999
HUGE = 10**30
UNICODE_TEXT = "ü漢字🙂\u202e\u0000\ufffe"
NESTED = {"junk": {"deep": [1, {"x": None}, [HUGE]]}}

# The same junk, sent as every documented body field at once.
UNIFORM_VALUES = [
    ("text", "junk"),
    ("empty string", ""),
    ("null", None),
    ("huge int", HUGE),
    ("negative", -1),
    ("unicode and NUL", UNICODE_TEXT),
    ("list of junk", ["junk", HUGE, None, {"a": []}]),
    ("nested object", NESTED),
    ("broken JSON text", '{"a": [1, '),
    ("list text with junk", '[1, "x", null, {"a": 1}]'),
]

# The same junk, sent as every documented query (or header) parameter at once.
QUERY_VALUES = [
    ("text", "junk"),
    ("empty", ""),
    ("negative", "-1"),
    ("huge int", str(HUGE)),
    ("Infinity", "Infinity"),
    ("empty list", "[]"),
    ("empty object", "{}"),
    ("long text", "x" * 5_000),
    ("unicode and NUL", UNICODE_TEXT),
    ("nested object", json.dumps(NESTED)),
    ("list of junk", '[1, "a", null, {"field": [], "value": {}}]'),
    ("broken JSON", '{"colName": '),
]

# One query parameter at a time (the others plausible), so a 422 elsewhere does not hide it.
SINGLE_QUERY_VALUES = [("huge int", str(HUGE)), ("negative", "-1"), ("nested object", json.dumps(NESTED))]

# Each documented search_param key of a tabular list at once, set to these.
SEARCH_VALUES = [
    ("text", "junk"),
    ("negative", -1),
    ("huge int", HUGE),
    ("big float", 1.5e308),
    ("null", None),
    ("list", [1, "x", None]),
    ("object", {"a": {"b": 1}}),
    ("unicode and NUL", UNICODE_TEXT),
    ("impossible date", "2024-02-30"),
    ("date range junk", ["2024-02-30", {"x": 1}]),
]

RAW_BODIES = [
    ("invalid JSON", b'{"oops": ', "application/json"),
    ("JSON list", b"[]", "application/json"),
    ("JSON string", b'"text"', "application/json"),
    ("JSON null", b"null", "application/json"),
    ("plain text", b"junk", "text/plain"),
]


@dataclass(frozen=True)
class Probe:
    """One request: `path` already holds the query string."""

    label: str
    method: str
    path: str
    body: bytes | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    parameters: tuple[dict, ...]
    body_schema: dict | None
    content_types: tuple[str, ...]

    def __str__(self):
        return self.operation_id

    def params(self, location: str) -> list[dict]:
        return [param for param in self.parameters if param["in"] == location]

    @property
    def body_fields(self) -> dict[str, dict]:
        return (self.body_schema or {}).get("properties", {})

    @property
    def view_class(self):
        concrete = re.sub(r"\{[^}]+\}", "1", self.path)
        return getattr(resolve(concrete).func, "view_class", None)


@cache
def schema() -> dict:
    """The schema the code generates (not the committed copy), so a new operation is swept at once."""
    return SchemaGenerator().get_schema(request=None, public=True)


def resolved(node: Any, depth: int = 0) -> Any:
    """The node with every $ref replaced by its component (recursive schemas stop at depth 6)."""
    if isinstance(node, dict):
        if "$ref" in node:
            if depth > 6:
                return {}
            name = node["$ref"].rsplit("/", 1)[-1]
            return resolved(schema()["components"]["schemas"][name], depth + 1)
        return {key: resolved(value, depth) for key, value in node.items()}
    if isinstance(node, list):
        return [resolved(item, depth) for item in node]
    return node


@cache
def operations() -> tuple[Operation, ...]:
    """Every path and method, sorted by operationId so every xdist worker collects the same cases."""
    found = []
    for path, item in schema()["paths"].items():
        for method, spec in item.items():
            content = spec.get("requestBody", {}).get("content", {})
            body_schema = next(
                (resolved(content[kind]["schema"]) for kind in content if kind != "multipart/form-data"),
                resolved(content["multipart/form-data"]["schema"])
                if "multipart/form-data" in content
                else None,
            )
            found.append(
                Operation(
                    operation_id=spec["operationId"],
                    method=method.upper(),
                    path=path,
                    parameters=tuple(resolved(spec.get("parameters", []))),
                    body_schema=body_schema,
                    content_types=tuple(content),
                )
            )
    return tuple(sorted(found, key=lambda operation: operation.operation_id))


# Which world row a path parameter names. `{id}` is named by the resource before it.
ROW_FOR_RESOURCE = {
    "announcements": "announcement",
    "badges": "badge",
    "categories": "category",
    "certificates/templates": "certificate_template",
    "courses": "course",
    "locations": "location",
    "menus": "menu",
    "pages": "page",
    "pdf-modules": "pdf_module",
    "portals/pages": "portal_page",
    "powerpoint-modules": "powerpoint_module",
    "reports/gradebook": "course",
    "staff": "staff",
    "text-modules": "text_module",
    "users": "learner",
    "users/addresses": "address",
    "users/bulk-upload": "user_upload",
    "video-modules": "video_module",
}
ROW_FOR_NAME = {
    "course_id": "course",
    "registration_id": "enrollment",
    "portalId": "portal",
    "portal_id": "portal",
    "userId": "portal_admin",
    "user_ref": "learner",
}


def row_for(path: str, name: str) -> str | None:
    """The world key of path parameter `name` in `path`, or None when nobody said which row it is."""
    if name == "id":
        return ROW_FOR_RESOURCE.get(path.removeprefix(API_PREFIX).split("/{id}", 1)[0])
    if name == "module_id":
        resource = path.removeprefix(API_PREFIX).split("/", 1)[0]
        return f"{resource.removesuffix('-modules')}_module" if resource.endswith("-modules") else None
    return ROW_FOR_NAME.get(name)


# Plausible values by name, so one junk field at a time reaches past the others' validation.
NAME_HINTS = [
    ("patch", "upload_session"),
    ("statusrow", "progress"),
    ("registration", "enrollment"),
    ("enrollment", "enrollment"),
    ("template", "certificate_template"),
    ("badge", "badge"),
    ("categor", "category"),
    ("course", "course"),
    ("module", "text_module"),
    ("portal", "portal"),
    ("page", "page"),
    ("media", "media"),
    ("menu", "menu"),
    ("location", "location"),
    ("address", "address"),
    ("user", "learner"),
    ("student", "learner"),
    ("staff", "staff"),
    ("author", "staff"),
]


PLAUSIBLE_NUMBERS = {"page_size": 10, "page_number": 1}


def plausible_id(name: str, world: dict[str, Any]) -> Any:
    if name in PLAUSIBLE_NUMBERS:
        return PLAUSIBLE_NUMBERS[name]
    lowered = name.lower()
    for hint, key in NAME_HINTS:
        if hint in lowered and key in world:
            return world[key]
    return 1


def plausible(name: str, spec: dict, world: dict[str, Any]) -> Any:
    """A value of the documented type (not necessarily accepted): the base a single junk field varies."""
    if spec.get("enum"):
        return next((choice for choice in spec["enum"] if choice not in (None, "")), spec["enum"][0])
    for alternative in ("oneOf", "anyOf", "allOf"):
        if spec.get(alternative):
            return plausible(name, spec[alternative][0], world)
    kind, form = spec.get("type"), spec.get("format")
    if kind == "integer":
        return plausible_id(name, world)
    if kind == "number":
        return 10.5
    if kind == "boolean":
        return True
    if kind == "array":
        items = spec.get("items", {})
        return [plausible(name, items, world)] if items else []
    if kind == "object":
        return {key: plausible(key, sub, world) for key, sub in spec.get("properties", {}).items()}
    if not form and (name == "patch" or name.lower().endswith(("id", "ids"))):
        return str(plausible_id(name, world))
    return {
        "email": "sweep@example.org",
        "date": "2024-01-31",
        "date-time": "2024-01-31T10:00:00Z",
        "uri": "https://example.org/sweep",
        "decimal": "10.50",
    }.get(form, "Sweep")


def wrong_shape(spec: dict) -> Any:
    """A value of the wrong JSON type for `spec`."""
    kind = spec.get("type")
    if kind == "array":
        return {"junk": [1]}
    if kind == "object":
        return [1, "x", None]
    return {"junk": [1, None]}


def extreme(spec: dict) -> Any:
    """A value of the right JSON type at or past its limits."""
    kind, form = spec.get("type"), spec.get("format")
    if spec.get("enum"):
        return "not-a-choice"
    if kind == "integer":
        return HUGE
    if kind == "number":
        return 1.5e308
    if kind == "boolean":
        return "maybe"
    if kind == "array":
        items = spec.get("items", {})
        return [HUGE, -1, 0] if items.get("type") == "integer" else [{}, None, extreme(items)]
    if kind == "object":
        return {"colName": {"x": 1}, "direction": [], "": None, "junk": NESTED}
    return {
        "email": "a@" + "b" * 300 + ".org",
        "date": "2024-02-30",
        "date-time": "9999-12-31T23:59:59-14:00",
        "uri": "javascript:alert(1)",
        "decimal": "1e400",
    }.get(form, "ü" * 10_000)


def _json(label: str, method: str, path: str, payload: Any) -> Probe:
    return Probe(label, method, path, json.dumps(payload).encode(), "application/json")


BOUNDARY = "JunkSweepBoundary"


def multipart(label: str, method: str, path: str, parts: list[tuple[str, Any]]) -> Probe:
    """A multipart body written by hand, so file names may be empty or climb out of folders."""
    body = b""
    for name, value in parts:
        if isinstance(value, tuple):
            filename, content, kind = value
            head = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: {kind}'
        else:
            head, content = f'Content-Disposition: form-data; name="{name}"', value.encode()
        body += f"--{BOUNDARY}\r\n{head}\r\n\r\n".encode() + content + b"\r\n"
    body += f"--{BOUNDARY}--\r\n".encode()
    return Probe(label, method, path, body, f"multipart/form-data; boundary={BOUNDARY}")


def _query(path: str, params: dict[str, Any]) -> str:
    return f"{path}?{urlencode(params, doseq=True)}" if params else path


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class ProbeBuilder:
    """The probes of one operation at one concrete path, from its schema and the world's ids."""

    def __init__(self, operation: Operation, path: str, world: dict[str, Any]):
        self.operation, self.path, self.world = operation, path, world
        self.method = operation.method
        self.fields = operation.body_fields
        self.query_params = operation.params("query")
        self.header_params = operation.params("header")

    def plausible_query(self) -> dict[str, str]:
        values = {}
        for param in self.query_params:
            spec = param.get("schema", {})
            if spec.get("type") == "object" or param["name"] in ("order_by", "search_param"):
                continue
            value = plausible(param["name"], spec, self.world)
            values[param["name"]] = value[0] if isinstance(value, list) and value else _text(value)
        return values

    def plausible_body(self) -> dict[str, Any]:
        return {
            name: plausible(name, spec, self.world)
            for name, spec in self.fields.items()
            if spec.get("format") != "binary"
        }

    def query_probes(self) -> list[Probe]:
        if not self.query_params:
            return [Probe("junk query parameter", self.method, _query(self.path, {"junk": "1"}))]
        names = [param["name"] for param in self.query_params]
        base = self.plausible_query()
        probes = [Probe("plausible query", self.method, _query(self.path, base))]
        probes += [
            Probe(
                f"every query parameter = {label}",
                self.method,
                _query(self.path, dict.fromkeys(names, value)),
            )
            for label, value in QUERY_VALUES
        ]
        probes += [
            Probe(f"query {name} = {label}", self.method, _query(self.path, {**base, name: value}))
            for name in names
            for label, value in SINGLE_QUERY_VALUES
        ]
        probes.append(
            Probe(
                "every query parameter repeated",
                self.method,
                _query(self.path, {name: ["1", "junk"] for name in names}),
            )
        )
        return probes

    def tabular_probes(self) -> list[Probe]:
        view = self.operation.view_class
        if not (isinstance(view, type) and issubclass(view, TabularListView)):
            return []
        column = next(iter(sorted(view.order_columns)), "id")
        orderings = [
            ("order_by junk direction", {"colName": column, "direction": {"x": 1}}),
            ("order_by colName object", {"colName": {"x": 1}, "direction": "asc"}),
            ("order_by colName list", {"colName": [column], "direction": "desc"}),
            ("order_by nulls", {"colName": None, "direction": None}),
            ("order_by as a list", [column, "asc"]),
        ]
        probes = [
            Probe(label, self.method, _query(self.path, {"order_by": json.dumps(value)}))
            for label, value in orderings
        ]
        keys = sorted(view.search_filters)
        probes += [
            Probe(
                f"every search_param key = {label}",
                self.method,
                _query(self.path, {"search_param": json.dumps(dict.fromkeys(keys, value))}),
            )
            for label, value in SEARCH_VALUES
        ]
        probes += [
            Probe(
                f"search_param {key} = {label}",
                self.method,
                _query(self.path, {"search_param": json.dumps({key: value})}),
            )
            for key in keys
            for label, value in (("object", {"a": 1}), ("huge int", HUGE))
        ]
        probes.append(
            Probe(
                "deep page",
                self.method,
                _query(self.path, {"page_size": "200", "page_number": str(10**18)}),
            )
        )
        return probes

    def header_probes(self) -> list[Probe]:
        names = [param["name"] for param in self.header_params]
        return [
            Probe(
                f"every header = {label}",
                self.method,
                self.path,
                b"junk",
                self.body_type(),
                dict.fromkeys(names, value),
            )
            for label, value in QUERY_VALUES[:8]
        ]

    def body_type(self) -> str:
        types = self.operation.content_types
        return "application/json" if not types or "application/json" in types else types[0]

    def body_probes(self) -> list[Probe]:
        method, path = self.method, self.path
        probes = [_json("empty object", method, path, {})]
        probes += [Probe(label, method, path, raw, kind) for label, raw, kind in RAW_BODIES]
        if self.body_type() != "application/json":
            return probes + [Probe("raw junk bytes", method, path, b"\x00\xffjunk", self.body_type())]
        names = list(self.fields) or ["id", "ids", "portalId"]
        base = self.plausible_body()
        probes.append(
            _json("plausible body with unknown fields", method, path, {**base, "junk_field": NESTED})
        )
        probes += [
            _json(
                f"every field = {label}", method, path, {**dict.fromkeys(names, value), "junk_field": value}
            )
            for label, value in UNIFORM_VALUES
        ]
        probes.append(
            _json(
                "every field the wrong type",
                method,
                path,
                {n: wrong_shape(s) for n, s in self.fields.items()},
            )
        )
        probes.append(
            _json("every field extreme", method, path, {n: extreme(s) for n, s in self.fields.items()})
        )
        for name, spec in self.fields.items():
            probes.append(_json(f"{name} the wrong type", method, path, {**base, name: wrong_shape(spec)}))
            probes.append(_json(f"{name} extreme", method, path, {**base, name: extreme(spec)}))
        probes += self.form_probes(names)
        return probes

    def form_probes(self, names: list[str]) -> list[Probe]:
        binary = [name for name, spec in self.fields.items() if spec.get("format") == "binary"]
        text_fields = [name for name in names if name not in binary]
        junk_file = ("../../junk.exe", b"\x00\xffMZjunk", "application/octet-stream")
        fake_png = ("picture.png", b"\x89PNG\r\n\x1a\njunk", "image/png")
        nameless = ("", b"", "application/octet-stream")
        form = urlencode(dict.fromkeys(names, "junk")).encode()
        return [
            Probe("form fields = junk", self.method, self.path, form, "application/x-www-form-urlencoded"),
            multipart(
                "multipart fields = JSON junk",
                self.method,
                self.path,
                [(name, '{"a": [1, ') for name in text_fields] + [(name, junk_file) for name in binary],
            ),
            multipart(
                "multipart with files everywhere",
                self.method,
                self.path,
                [(name, fake_png) for name in names] + [("file", nameless), ("file", junk_file)],
            ),
        ]

    def full(self) -> list[Probe]:
        probes = self.query_probes() + self.tabular_probes()
        if self.header_params:
            probes += self.header_probes()
        if self.method != "GET":
            probes += self.body_probes()
        return probes

    def light(self, label: str) -> list[Probe]:
        probes = [Probe(f"{label}: no input", self.method, self.path)]
        if self.method != "GET":
            probes.append(_json(f"{label}: plausible body", self.method, self.path, self.plausible_body()))
            wrong = {name: wrong_shape(spec) for name, spec in self.fields.items()} or {"id": NESTED}
            probes.append(_json(f"{label}: every field the wrong type", self.method, self.path, wrong))
        elif self.query_params:
            probes.append(
                Probe(f"{label}: plausible query", self.method, _query(self.path, self.plausible_query()))
            )
        return probes


def fill_path(operation: Operation, world: dict[str, Any], *, default: Any = None, **overrides) -> str | None:
    """The operation's path with its parameters filled from the world (None if a row is unknown)."""
    path = operation.path
    for param in operation.params("path"):
        name = param["name"]
        key = row_for(operation.path, name)
        value = overrides.get(name, default if default is not None else world.get(key))
        if value is None:
            return None
        path = path.replace("{" + name + "}", str(value))
    return path


def owner_probes(operation: Operation, world: dict[str, Any]) -> list[Probe]:
    """Everything at the world's own rows; the lighter set at unknown, huge and non-numeric ids."""
    existing = fill_path(operation, world)
    probes = ProbeBuilder(operation, existing, world).full() if existing else []
    if not operation.params("path"):
        return probes
    probes += ProbeBuilder(operation, fill_path(operation, world, default=UNKNOWN_ID), world).light(
        "unknown id"
    )
    probes += ProbeBuilder(operation, fill_path(operation, world, default=HUGE), world).light("huge id")
    text_params = {
        p["name"]: "junk%00ü" for p in operation.params("path") if p["schema"].get("type") == "string"
    }
    if text_params and existing:
        junk_path = fill_path(operation, world, **text_params)
        probes += ProbeBuilder(operation, junk_path, world).light("non-numeric id")
    return probes


def learner_probes(operation: Operation, world: dict[str, Any]) -> list[Probe]:
    """The lighter pass: no input, a plausible and a wrongly typed body, junk query values."""
    probes = []
    existing = fill_path(operation, world)
    if existing:
        builder = ProbeBuilder(operation, existing, world)
        probes += builder.light("own rows")
        names = [param["name"] for param in operation.params("query")]
        if names:
            probes.append(
                Probe(
                    "every query parameter = junk",
                    operation.method,
                    _query(existing, dict.fromkeys(names, "junk")),
                )
            )
    if operation.params("path"):
        probes += ProbeBuilder(operation, fill_path(operation, world, default=UNKNOWN_ID), world).light(
            "unknown id"
        )
    return probes


def needs_pages(operation: Operation) -> bool:
    """Wagtail pages cost most of the world: only operations on pages and menus get them."""
    return "/pages" in operation.path or "/menus" in operation.path


def build_world(*, owner, learner, pages: bool) -> dict[str, Any]:
    """A small academy with a row of each kind the API names by id. `enrollment` is the caller's own:
    the owner's here, the learner's after `as_learner`."""
    portal = PortalFactory(name="Acme")
    child = PortalFactory(name="Acme Sales", parent=portal)
    portal.refresh_from_db()
    admin = PortalMembershipFactory(portal=portal, role=PortalRole.ADMIN).user
    PortalMembershipFactory(portal=portal, user=learner)
    staff = StaffFactory()
    template = CertificateTemplateFactory()
    course = CourseFactory(
        name="Junk Course",
        status=CourseStatus.PUBLISHED,
        portal=portal,
        enable_course_rating=True,
        author=staff,
    )
    course.certificate_templates.add(template)
    enrollment, rows = playable_course(course=course, user=learner)
    progress = ModuleProgressFactory(enrollment=enrollment, course_module=rows[0])
    modules = {row.module.module_type: row.module.pk for row in rows}
    field = CustomUserFieldFactory()
    CustomUserValueFactory(user=learner, field=field)
    UserConsentFactory(user=learner)
    CourseRatingFactory(course=course, user=learner)
    AutoEnrollCourseFactory(course=CourseFactory(status=CourseStatus.PUBLISHED))
    CurrentPortalFactory(user=learner, portal=portal)
    world = {
        "portal": portal.pk,
        "child_portal": child.pk,
        "portal_admin": admin.pk,
        "owner": owner.pk,
        "learner": learner.pk,
        "staff": staff.pk,
        "course": course.pk,
        "text_module": modules["text"],
        "video_module": modules["video"],
        "pdf_module": modules["pdf"],
        "powerpoint_module": modules["powerpoint"],
        "enrollment": EnrollmentFactory(course=course, user=owner).pk,
        "learner_enrollment": enrollment.pk,
        "progress": progress.pk,
        "certificate_template": template.pk,
        "announcement": AnnouncementFactory(users=[learner], courses=[course], portals=[portal]).pk,
        "badge": BadgeFactory().pk,
        "category": CategoryFactory().pk,
        "location": LocationFactory().pk,
        "tier": TierFactory().pk,
        "media": MediaFileFactory(portal=portal).pk,
        "mux_video": MuxVideoFactory(portal=portal).pk,
        "bunny_video": BunnyVideoFactory(portal=portal).pk,
        "address": AddressFactory(user=learner).pk,
        "user_upload": UserUpload.objects.create(created_by=owner, portal=portal, total_rows=1).pk,
        "upload_session": UploadSession.objects.create(owner=owner, name="lecture.mp4", total_size=1024).pk,
        "custom_field": field.pk,
    }
    if pages:
        page = make_page(title="Junk page")
        portal_page = make_page(title="Junk portal page", portal=portal)
        make_layout()
        make_snippet()
        menu = make_menu(items=[{"label": "Home", "link_page": page}])
        make_menu(
            name="Portal menu", portal=portal, items=[{"label": "Portal home", "link_page": portal_page}]
        )
        world.update(page=page.pk, portal_page=portal_page.pk, menu=menu.pk)
    return world


def as_learner(world: dict[str, Any]) -> dict[str, Any]:
    return {**world, "enrollment": world["learner_enrollment"]}

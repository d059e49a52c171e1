"""Load the demo academy from fixtures/demo_academy.json. Idempotent: what exists is left as it is."""

import json
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from lms.accounts import services as account_services
from lms.accounts.models import Address, User
from lms.categories import services as category_services
from lms.categories.models import Category
from lms.gamification import services as gamification_services
from lms.gamification.models import Badge, Tier
from lms.locations import services as location_services
from lms.locations.models import Location
from lms.notifications.models import OutboxEmail
from lms.portals.models import Portal, PortalMembership
from lms.userfields import demo as userfields_demo

# The people's own demos run above, from the file's sections.
PEOPLE_APPS = {"lms.accounts", "lms.userfields"}


def content_demos():
    """Each other app's `demo` module (`load_demo(*, actor, users, portals)`), in INSTALLED_APPS order,
    so content follows what it builds on (files, certificate templates, modules, courses, pages); the
    command imports no app it does not own by name, cms included."""
    for config in apps.get_app_configs():
        if config.name not in PEOPLE_APPS and module_has_submodule(config.module, "demo"):
            yield import_module(f"{config.name}.demo")


DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_academy.json"

# Used when the demo file names no addresses: the first learner's billing and shipping addresses.
DEFAULT_ADDRESSES = [
    {
        "type": "billing",
        "is_default": True,
        "full_name": "Demo Learner",
        "org_name": "Acme Corp",
        "address_line1": "1 Boring Street",
        "zipcode": "10001",
        "city": "New York",
        "state": "NY",
        "country": "US",
    },
    {
        "type": "shipping",
        "is_default": True,
        "full_name": "Demo Learner",
        "address_line1": "1 Boring Street",
        "zipcode": "10001",
        "city": "New York",
        "state": "NY",
        "country": "US",
    },
]


class Command(BaseCommand):
    help = "Load the demo academy (users, portals, categories, badges, tiers, locations); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE))

    @transaction.atomic
    def handle(self, *args, file, **options):
        demo = json.loads(Path(file).read_text())
        created = 0
        groups = {name: self._group(name, perms) for name, perms in demo["staff_groups"].items()}
        users = {}
        for spec in demo["users"]:
            spec = dict(spec)
            password, group = spec.pop("password"), spec.pop("group", None)
            user = User.objects.filter(email=spec["email"]).first()
            if user is None:
                user = User.objects.create_user(password=password, **spec)
                created += 1
                if group:
                    user.groups.add(groups[group])
            users[user.email] = user
        owner = users[demo["users"][0]["email"]]
        portals = {}
        for spec in demo["portals"]:
            created += self._portal(spec, None, portals)
        for spec in demo["memberships"]:
            _, made = PortalMembership.objects.get_or_create(
                user=users[spec["email"]], portal=portals[spec["portal"]], defaults={"role": spec["role"]}
            )
            created += made
        for spec in demo["categories"]:
            if not Category.objects.filter(name=spec["name"], type=spec["type"]).exists():
                category_services.category_create(actor=owner, **spec)
                created += 1
        for spec in demo["badges"]:
            if not Badge.objects.filter(title=spec["title"]).exists():
                gamification_services.badge_create(actor=owner, **spec)
                created += 1
        for spec in demo["tiers"]:
            if not Tier.objects.filter(name=spec["name"]).exists():
                gamification_services.tier_create(actor=owner, **spec)
                created += 1
        for spec in demo["locations"]:
            if not Location.objects.filter(name=spec["name"]).exists():
                location_services.location_create(actor=owner, **spec)
                created += 1
        created += self._addresses_and_welcome(demo, users, owner)
        created += userfields_demo.load_demo(
            actor=owner, section=demo.get("userfields", {}), users=users, portals=portals
        )
        for app_demo in content_demos():
            created += app_demo.load_demo(actor=owner, users=users, portals=portals)
        self.stdout.write(f"Demo academy loaded ({created} new records).")
        self.stdout.write("Sign in at http://127.0.0.1:8000/admin/ and /cms/ with:")
        for spec in demo["users"]:
            self.stdout.write(f"  {spec['user_type']:<8} {spec['email']:<28} password: {spec['password']}")

    def _addresses_and_welcome(self, demo, users, owner) -> int:
        """The first learner's addresses, and their new account e-mail (through the outbox), once."""
        learner = next((users[u["email"]] for u in demo["users"] if u["user_type"] == "general"), None)
        if learner is None:
            return 0
        made = 0
        if not Address.objects.filter(user=learner).exists():
            for spec in demo.get("addresses", DEFAULT_ADDRESSES):
                account_services.address_create(actor=owner, user=learner, **spec)
                made += 1
        if not OutboxEmail.objects.filter(to=learner.email, template="new_account").exists():
            account_services.user_send_new_account_email(user=learner)
            made += 1
        return made

    def _group(self, name, permissions) -> Group:
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return group

    def _portal(self, spec, parent, portals) -> int:
        siblings = parent.get_children() if parent else Portal.get_root_nodes()
        portal = siblings.filter(name=spec["name"]).first()
        made = portal is None
        if made:
            portal = parent.add_child(name=spec["name"]) if parent else Portal.add_root(name=spec["name"])
        portals[portal.name] = portal
        for child in spec.get("children", []):
            portal.refresh_from_db()
            made += self._portal(child, portal, portals)
        return int(made)

"""The announcements admin saves through the services; the demo is idempotent."""

import pytest
from django.core.management import call_command

from lms.accounts.models import User
from lms.announcements import demo
from lms.announcements.models import Announcement, SendingRule
from lms.audit.models import Activity, ActivityAction
from lms.portals.models import Portal
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/announcements/announcement/add/"


def test_adding_in_the_admin_sanitises_audits_and_keeps_only_the_rules_recipients(client, owner):
    client.force_login(owner)
    learner = UserFactory()

    response = client.post(
        ADD_URL,
        {
            "heading": "Hello",
            "content": "<p>Hi</p><script>alert(1)</script>",
            "sending_rule": SendingRule.ALL,
            "users": [learner.pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    announcement = Announcement.objects.get()
    assert announcement.content == "<p>Hi</p>"
    assert announcement.author == owner
    assert not announcement.users.exists()  # "all" reads no recipient list
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(announcement.pk)).exists()


def test_the_demo_creates_its_announcements_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", verbosity=0)
    assert Announcement.objects.count() == len(demo.DEMO_ANNOUNCEMENTS)
    users = {user.email: user for user in User.objects.all()}
    portals = {portal.name: portal for portal in Portal.objects.all()}
    owner = users["admin@lectern.local"]
    assert demo.load_demo(actor=owner, users=users, portals=portals) == 0
    assert Announcement.objects.count() == len(demo.DEMO_ANNOUNCEMENTS)

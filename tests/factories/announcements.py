import factory

from lms.announcements.models import Announcement, SendingRule
from tests.factories.accounts import UserFactory


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """`users=[...]`, `courses=[...]`, `portals=[...]` set the recipients."""

    class Meta:
        model = Announcement
        skip_postgeneration_save = True

    heading = factory.Sequence(lambda n: f"Announcement {n}")
    content = "<p>News</p>"
    sending_rule = SendingRule.ALL
    author = factory.SubFactory(UserFactory, first_name="John", last_name="Doe")

    @factory.post_generation
    def users(self, create, extracted, **kwargs):
        if create and extracted:
            self.users.set(extracted)

    @factory.post_generation
    def courses(self, create, extracted, **kwargs):
        if create and extracted:
            self.courses.set(extracted)

    @factory.post_generation
    def portals(self, create, extracted, **kwargs):
        if create and extracted:
            self.portals.set(extracted)

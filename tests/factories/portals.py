import factory

from lms.portals.models import Portal, PortalMembership, PortalRole


class PortalFactory(factory.django.DjangoModelFactory):
    """A root portal; pass `parent=` for a sub-portal."""

    class Meta:
        model = Portal

    name = factory.Sequence(lambda n: f"Portal {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return parent.add_child(**kwargs) if parent is not None else model_class.add_root(**kwargs)


class PortalMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortalMembership

    portal = factory.SubFactory(PortalFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    role = PortalRole.LEARNER

import factory

from lms.accounts.models import User, UserType

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A learner (user type general) with PASSWORD as password."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    user_type = UserType.GENERAL
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def permissions(self, create, codenames, **kwargs):
        """`permissions=["locations.add_location", ...]` grants Django permissions."""
        from django.contrib.auth.models import Permission

        self.save()
        for dotted in codenames or []:
            app_label, codename = dotted.split(".")
            self.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class StaffFactory(UserFactory):
    user_type = UserType.STAFF


class AddressFactory(factory.django.DjangoModelFactory):
    """A billing address (not the default unless `is_default=True`)."""

    class Meta:
        model = "accounts.Address"

    user = factory.SubFactory(UserFactory)
    type = "billing"
    full_name = "John Doe"
    address_line1 = "Boring Street"
    address_line2 = "Awesome Colony"
    zipcode = "123456"
    city = "Mumbai"
    state = "MH"
    country = "IN"

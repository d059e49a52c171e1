"""The user: signs in with an e-mail address; the seed's user types decide staff and owner rights."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UserType(models.TextChoices):
    ADMIN = "admin", "Admin"
    OWNER = "owner", "Owner"
    STAFF = "staff", "Staff"
    GENERAL = "general", "General"


STAFF_TYPES = frozenset({UserType.OWNER, UserType.ADMIN, UserType.STAFF})


class UserSource(models.TextChoices):
    """How a user came to the academy. The order is the sources' public id: append, never reorder."""

    DEFAULT = "default", "Default"
    ADMIN = "admin", "Admin"
    REGISTRATION = "registration", "Registration"
    IMPORT = "import", "Import"
    API = "api", "API"


USER_SOURCE_DESCRIPTIONS = {
    UserSource.DEFAULT: "Default source of users.",
    UserSource.ADMIN: "Created by an administrator in the admin site.",
    UserSource.REGISTRATION: "Signed up on the learner site.",
    UserSource.IMPORT: "Imported from a CSV or spreadsheet file.",
    UserSource.API: "Created through the API.",
}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(user_type=UserType.OWNER, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Owner: everything (superuser). Admin and staff: the admin site, by their permissions.
    General: learners (and, through portal memberships, portal admins)."""

    email = models.EmailField(
        "e-mail address", max_length=254, unique=True, help_text="Stored in lower case."
    )
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    user_type = models.CharField(max_length=16, choices=UserType.choices, default=UserType.GENERAL)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, editable=False, help_text="Derived from the user type.")
    date_joined = models.DateTimeField(default=timezone.now)
    source = models.CharField(
        max_length=32, choices=UserSource.choices, default=UserSource.DEFAULT, help_text="How the user came."
    )
    internal_note = models.TextField(blank=True, help_text="Seen by administrators only.")
    categories = models.ManyToManyField(
        "categories.Category",
        blank=True,
        related_name="users",
        limit_choices_to={"type": "user", "deleted_at__isnull": True},
        help_text="User categories.",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.is_staff = self.user_type in STAFF_TYPES
        if self.user_type == UserType.OWNER:
            self.is_superuser = True
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name


class AddressType(models.TextChoices):
    BILLING = "billing", "Billing"
    SHIPPING = "shipping", "Shipping"


class Address(models.Model):
    """A user's billing or shipping address; at most one default per user and type."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    type = models.CharField(max_length=16, choices=AddressType.choices)
    is_default = models.BooleanField(default=False)
    full_name = models.CharField(max_length=255)
    org_name = models.CharField("organisation name", max_length=255, blank=True)
    org_vat_id = models.CharField("organisation VAT id", max_length=64, blank=True)
    address_line1 = models.CharField(max_length=255)
    address_line2 = models.CharField(max_length=255, blank=True)
    zipcode = models.CharField(max_length=32)
    city = models.CharField(max_length=255)
    state = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=255)
    billing_address = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a shipping address: the billing address it was entered with.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "addresses"
        ordering = ["-is_default", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "type"],
                condition=models.Q(is_default=True),
                name="accounts_one_default_address_per_type",
            )
        ]

    def __str__(self):
        return f"{self.full_name}, {self.address_line1}, {self.city} ({self.get_type_display()})"

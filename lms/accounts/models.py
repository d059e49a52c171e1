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

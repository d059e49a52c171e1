"""Who may see a page or a menu item: the seed's restriction kinds, on top of Wagtail's own privacy.

none: everyone · logged_in: signed-in users · user_category: signed-in users in one of the categories
(lms.categories, type user) · user_type: signed-in users of one of the user types. Academy staff see
everything (they edit it).
"""

from django import forms
from django.apps import apps
from django.db import models
from django.utils.text import capfirst

from lms.accounts.models import UserType


class Restriction(models.TextChoices):
    NONE = "none", "No restriction"
    LOGGED_IN = "logged_in", "Logged-in users"
    USER_CATEGORY = "user_category", "Restrict by user categories"
    USER_TYPE = "user_type", "Restrict by user types"


def user_category_choices():
    Category = apps.get_model("categories", "Category")
    return list(Category.objects.filter(type="user").order_by("name").values_list("pk", "name"))


class UserTypeListField(models.JSONField):
    """A list of user types (lms.accounts UserType values), edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=UserType.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class UserCategoryListField(models.JSONField):
    """A list of user category ids (lms.categories, type user), edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=user_category_choices,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


def user_category_ids(user) -> frozenset[int]:
    """The user's categories, read once per user object."""
    cached = getattr(user, "_cms_category_ids", None)
    if cached is None:
        cached = (
            frozenset(user.categories.values_list("pk", flat=True)) if user.is_authenticated else frozenset()
        )
        user._cms_category_ids = cached
    return cached


def may_view(user, *, restriction: str, categories, user_types) -> bool:
    if restriction in (Restriction.NONE, "", None):
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    if restriction == Restriction.USER_CATEGORY:
        return bool(user_category_ids(user) & {int(pk) for pk in categories or []})
    if restriction == Restriction.USER_TYPE:
        return user.user_type in set(user_types or [])
    return True  # logged_in

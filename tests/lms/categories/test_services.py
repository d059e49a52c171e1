"""Categories below the API: the usage registry, the selector's counts, soft delete and the name rule."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.audit.models import Activity, ActivityAction
from lms.categories import selectors, services
from lms.categories import usage as usage_registry
from lms.categories.models import Category, CategoryType
from lms.categories.usage import CategoryUsage, register_category_usage, usages_for
from tests.factories import CategoryFactory, StaffFactory
from tests.lms.categories import test_api

pytestmark = pytest.mark.django_db

# The throwaway item model that uses categories, and the fast password hasher, shared with the API tests.
usage_items = test_api.usage_items
use_categories = test_api.use_categories


# --- The usage registry ------------------------------------------------------------------------


def test_usages_are_registered_once_and_read_by_type(monkeypatch):
    # Given an empty registry
    monkeypatch.setattr(usage_registry, "_usages", [])
    quiz = CategoryUsage("question", "quizzes", "dynamic quiz", blocks_delete=True)
    course = CategoryUsage("course", "courses", "course")

    # When usages are registered, one of them twice (an AppConfig.ready() may run again)
    register_category_usage(quiz)
    register_category_usage(course)
    register_category_usage(CategoryUsage("question", "quizzes", "dynamic quiz", blocks_delete=True))

    # Then each type reads its own usages, once each
    assert usages_for("question") == [quiz]
    assert usages_for("course") == [course]
    assert usages_for("product") == []


def test_the_table_selector_counts_items_of_the_type_only(use_categories):
    # Given a question usage, a question category used twice, and a course category held by the
    # same relation (which no course usage declares)
    items = use_categories(CategoryType.QUESTION)
    question = CategoryFactory(name="q", type=CategoryType.QUESTION)
    course = CategoryFactory(name="c", type=CategoryType.COURSE)
    items.objects.create(name="quiz 1", category=question)
    items.objects.create(name="quiz 2", category=question)
    items.objects.create(name="quiz 3", category=course)

    # When each type's table is read
    questions = {c.name: c.item_count for c in selectors.category_table(CategoryType.QUESTION)}
    courses = {c.name: c.item_count for c in selectors.category_table(CategoryType.COURSE)}

    # Then the question category counts its two quizzes, and the course category nothing
    assert questions == {"q": 2}
    assert courses == {"c": 0}


# --- Soft delete -------------------------------------------------------------------------------


def test_category_delete_keeps_the_row_marked_and_logged():
    # Given a category and a staff member
    actor = StaffFactory(password=None)
    category = CategoryFactory(name="Category-1")
    Category.all_objects.filter(pk=category.pk).update(updated_at=timezone.now() - timedelta(days=1))
    category.refresh_from_db()
    updated_before = category.updated_at

    # When the staff member deletes it
    services.category_delete(actor=actor, category=category)

    # Then the row stays, out of the live manager, with who and when
    stored = Category.all_objects.get(pk=category.pk)
    assert stored.deleted_by == actor
    assert stored.deleted_at is not None
    assert stored.updated_at > updated_before
    assert not Category.objects.filter(pk=category.pk).exists()

    # And the history and the audit log both saw it
    assert stored.history.first().deleted_at == stored.deleted_at
    activity = Activity.objects.get()
    assert (activity.action, activity.actor, activity.subject_id) == (
        ActivityAction.DELETED,
        actor,
        str(category.pk),
    )


def test_bulk_delete_reports_kept_categories_per_blocking_usage(use_categories):
    # Given two blocking usages of question categories and a category held by each
    items = use_categories(CategoryType.QUESTION, "usage_items", noun="dynamic quiz")
    use_categories(CategoryType.QUESTION, "usage_extras", noun="survey")
    by_quiz = CategoryFactory(name="by quiz", type=CategoryType.QUESTION)
    by_survey = CategoryFactory(name="by survey", type=CategoryType.QUESTION)
    free = CategoryFactory(name="free", type=CategoryType.QUESTION)
    items.objects.create(name="Quiz", category=by_quiz)
    items.objects.create(name="Survey", category=free, extra_category=by_survey)
    actor = StaffFactory(password=None)

    # When the by-quiz and by-survey categories are deleted
    outcome = services.categories_bulk_delete(
        actor=actor, category_type=CategoryType.QUESTION, ids=[by_quiz.pk, by_survey.pk]
    )

    # Then both are kept, each reported under its own usage
    assert outcome.deleted_ids == []
    assert outcome.kept_ids == sorted([by_quiz.pk, by_survey.pk])
    assert outcome.message == (
        "0 category(s) deleted. "
        "1 category(s) not deleted as it is used in dynamic quiz(s). "
        "Please remove the category from the dynamic quiz and try again. "
        "1 category(s) not deleted as it is used in survey(s). "
        "Please remove the category from the survey and try again."
    )
    assert outcome.used_in_places == [
        {"by quiz": [{"id": items.objects.get(name="Quiz").pk, "name": "Quiz"}]},
        {"by survey": [{"id": items.objects.get(name="Survey").pk, "name": "Survey"}]},
    ]
    assert Category.objects.count() == 3


# --- Names -------------------------------------------------------------------------------------


def test_the_database_refuses_two_live_categories_with_one_name_per_type():
    # Given a live course category "Category-1"
    CategoryFactory(name="Category-1", type=CategoryType.COURSE)

    # When another live course category "category-1" is saved past the service
    # Then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(name="category-1", type=CategoryType.COURSE)


def test_the_database_allows_a_name_again_once_the_holder_is_deleted():
    # Given a soft-deleted course category "Category-1"
    gone = CategoryFactory(name="Category-1", type=CategoryType.COURSE)
    Category.all_objects.filter(pk=gone.pk).update(deleted_at=timezone.now())

    # When a new course category "Category-1" is saved
    Category.objects.create(name="Category-1", type=CategoryType.COURSE)

    # Then both rows exist
    assert Category.all_objects.filter(name="Category-1").count() == 2


def test_an_update_that_changes_nothing_logs_nothing():
    # Given a category
    actor = StaffFactory(password=None)
    category = CategoryFactory(name="Category-1", type=CategoryType.COURSE)

    # When it is "updated" to the same name and type
    services.category_update(actor=actor, category=category, name="Category-1", type=CategoryType.COURSE)

    # Then the audit log stays empty
    assert not Activity.objects.exists()

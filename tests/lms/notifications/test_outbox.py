"""The e-mail outbox: a row in the causing transaction, sent after commit, once; retried; swept."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from lms.notifications import services
from lms.notifications.models import OutboxEmail, OutboxStatus
from lms.notifications.tasks import send_outbox_email, sweep_outbox
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"set_password_url": "http://example.test/accounts/reset/x/y/", "link_days": 3}


def enqueue(**overrides):
    user = UserFactory(first_name="Ann", email="ann@example.org")
    return services.email_enqueue(
        to=user.email, template="new_account", context={"user": user, **CONTEXT, **overrides}
    )


def test_the_row_is_written_now_and_sent_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = enqueue()
    assert mail.outbox == []
    assert email.status == OutboxStatus.PENDING
    assert "Hello Ann" in email.body_text and "<a href=" in email.body_html
    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutboxStatus.SENT, 1, "")
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Your Lectern Academy account" or "account" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue()
        raise RuntimeError("the change failed")
    assert OutboxEmail.objects.count() == 0
    assert mail.outbox == []


def test_a_sent_row_is_never_sent_twice():
    email = enqueue()
    assert send_outbox_email.delay(email.pk).get() is True
    assert send_outbox_email.delay(email.pk).get() is True
    assert services.outbox_email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_failure_is_recorded_with_backoff_then_retried_by_the_sweep():
    email = enqueue()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")):
        assert send_outbox_email.delay(email.pk).get() is False
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutboxStatus.PENDING, 1, "OSError: SMTP down")
    assert email.next_attempt_at > timezone.now()
    # Not due yet: the sweep leaves it.
    assert sweep_outbox.delay().get() == 0
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert sweep_outbox.delay().get() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_backoff_grows_and_a_row_fails_after_the_last_attempt():
    assert [services.backoff_seconds(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    email = enqueue()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("no")):
        for _attempt in range(services.MAX_ATTEMPTS):
            services.outbox_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.FAILED, services.MAX_ATTEMPTS)
    assert services.outbox_email_send(email_id=email.pk) is False
    assert mail.outbox == []


def test_the_sweep_picks_up_rows_whose_dispatch_was_lost():
    email = enqueue()  # no on_commit callback ran: as if the broker had been down
    assert sweep_outbox.delay().get() == 0  # still within the grace time of its own task
    OutboxEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert sweep_outbox.delay().get() == 1
    assert len(mail.outbox) == 1


def test_a_broker_outage_does_not_fail_the_request(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(send_outbox_email, "delay", side_effect=ConnectionError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = enqueue()
    email.refresh_from_db()
    assert email.status == OutboxStatus.PENDING

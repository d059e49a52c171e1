"""The e-mail outbox: a message is a row first (in the transaction that caused it), sent after commit."""

from django.db import models


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxEmail(models.Model):
    """One e-mail to deliver. `pending` rows are (re)sent by the task and the periodic sweep until they
    are `sent`, or `failed` after MAX_ATTEMPTS. A sent row is never sent again."""

    to = models.EmailField(max_length=254)
    template = models.CharField(max_length=100, help_text="The template under templates/emails/.")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outbox e-mail"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} -> {self.to} ({self.get_status_display()})"

"""Signals of the people app: other apps listen to them, so accounts imports none of those apps."""

from django.dispatch import Signal

# Sent by `services.user_create` inside its transaction, with `user` and `actor`.
user_created = Signal()

from django.apps import AppConfig


class LearnerConfig(AppConfig):
    """The learner site: sign-in, the dashboard and the course player's pages (no models of its own)."""

    name = "lms.learner"
    label = "learner"
    verbose_name = "Learner site"

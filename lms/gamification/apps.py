from django.apps import AppConfig


class GamificationConfig(AppConfig):
    name = "lms.gamification"
    label = "gamification"
    verbose_name = "Badges and leaderboard"

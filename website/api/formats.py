"""Dates as the seed's samples write them, in the current time zone (the portal's, once it has one)."""

from rest_framework import serializers

MONTH_FIRST = "%b %d, %Y %I:%M %p"  # "Aug 10, 2020 12:43 PM"
DAY_FIRST = "%d %b %Y %I:%M %p"  # "13 Apr 2025 02:45 PM"
TIMESTAMP = "%Y-%m-%d %H:%M:%S"  # "2020-08-10 12:43:12"
DATE = "%Y-%m-%d"  # "2020-08-03"


class MonthFirstDateTimeField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        super().__init__(format=MONTH_FIRST, **kwargs)


class DayFirstDateTimeField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        super().__init__(format=DAY_FIRST, **kwargs)


class TimestampField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        super().__init__(format=TIMESTAMP, **kwargs)

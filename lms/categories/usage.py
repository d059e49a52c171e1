"""Where categories are used: apps that attach categories to their items register here.

The category lists count items through these relations, and deleting a category that a blocking
usage still holds is refused. A new kind of item registers in its AppConfig.ready(); nothing in this
app changes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryUsage:
    category_type: str
    related_name: str  # the reverse relation from Category, e.g. "courses"
    noun: str  # how the seed's messages name the item, e.g. "dynamic quiz"
    blocks_delete: bool = False


_usages: list[CategoryUsage] = []


def register_category_usage(usage: CategoryUsage) -> None:
    if usage not in _usages:
        _usages.append(usage)


def usages_for(category_type: str) -> list[CategoryUsage]:
    return [usage for usage in _usages if usage.category_type == category_type]

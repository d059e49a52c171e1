from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template (the curriculum's progress and availability are keyed by row id)."""
    return mapping.get(key) if mapping else None


@register.filter
def minutes_seconds(seconds) -> str:
    seconds = int(seconds or 0)
    return f"{seconds // 60}:{seconds % 60:02d}"

"""How the seed shows people: initials avatars and relative times such as "2 days ago"."""

from html import escape

from django.utils import timezone
from django.utils.timesince import timesince

AVATAR_COLOURS = ("#03A9F4", "#E91E63", "#9C27B0", "#3F51B5", "#009688", "#4CAF50", "#FF9800", "#795548")


def initials(user) -> str:
    letters = (user.first_name[:1] + user.last_name[:1]) or user.email[:1]
    return letters.upper()


def avatar_svg(user, size: int = 40) -> str:
    """An SVG circle with the user's initials (escaped), coloured by the user's id."""
    half = size // 2
    font = round(size * 0.35) if size <= 40 else round(size * 0.4)
    colour = AVATAR_COLOURS[(user.pk or 0) % len(AVATAR_COLOURS)]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">'
        f'<circle cx="{half}" cy="{half}" r="{half}" stroke="background" stroke-width="0" fill="{colour}"/>'
        f'<text x="{half}" y="{half}" font-size="{font}" fill="#FFFFFF" alignment-baseline="middle" '
        f'text-anchor="middle" dominant-baseline="central">{escape(initials(user))}</text></svg>'
    )


def relative_time(moment) -> str:
    """ "2 days ago", "Just now" or "Never"."""
    if moment is None:
        return "Never"
    if (timezone.now() - moment).total_seconds() < 60:
        return "Just now"
    return f"{timesince(moment, depth=1)} ago".replace("\xa0", " ")

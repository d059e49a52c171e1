"""YouTube and Vimeo addresses: only the real URL shapes are accepted, and the video id is kept."""

import re
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{1,12}$")

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
YOUTUBE_SHORT_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
VIMEO_PLAYER_HOSTS = {"player.vimeo.com"}

# Path shapes on youtube.com whose second segment is the id.
YOUTUBE_ID_PATHS = {"embed", "shorts", "live", "v", "e"}


def _split(url: str):
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    if parts.port not in (None, 80, 443):
        return None
    return parts


def youtube_video_id(url: str) -> str | None:
    """The 11-character id of a YouTube address (watch, youtu.be, embed, shorts, live), else None."""
    parts = _split(url)
    if parts is None:
        return None
    host = parts.hostname.lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = None
    if host in YOUTUBE_SHORT_HOSTS:
        candidate = segments[0] if len(segments) == 1 else None
    elif host in YOUTUBE_HOSTS | YOUTUBE_NOCOOKIE_HOSTS:
        if segments == ["watch"] and host in YOUTUBE_HOSTS:
            values = parse_qs(parts.query).get("v", [])
            candidate = values[0] if len(values) == 1 else None
        elif len(segments) == 2 and segments[0] in YOUTUBE_ID_PATHS:
            candidate = segments[1]
    if candidate and YOUTUBE_ID.match(candidate):
        return candidate
    return None


def vimeo_video_id(url: str) -> str | None:
    """The numeric id of a Vimeo address (vimeo.com/<id>[/<hash>], channels, groups, showcases,
    player.vimeo.com/video/<id>), else None."""
    parts = _split(url)
    if parts is None:
        return None
    host = parts.hostname.lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = None
    if host in VIMEO_PLAYER_HOSTS:
        if len(segments) == 2 and segments[0] == "video":
            candidate = segments[1]
    elif host in VIMEO_HOSTS:
        if len(segments) in (1, 2) and VIMEO_ID.match(segments[0]):
            # vimeo.com/<id> or vimeo.com/<id>/<unlisted hash>
            if len(segments) == 1 or re.match(r"^[0-9a-f]{6,20}$", segments[1]):
                candidate = segments[0]
        elif len(segments) == 3 and segments[0] in ("channels", "showcase", "album"):
            candidate = segments[2]
        elif len(segments) == 4 and segments[0] == "groups" and segments[2] == "videos":
            candidate = segments[3]
    if candidate and VIMEO_ID.match(candidate):
        return candidate
    return None


def embed_url(provider: str, video_id: str) -> str:
    if provider == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if provider == "vimeo":
        return f"https://player.vimeo.com/video/{video_id}"
    return ""

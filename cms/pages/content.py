"""The API's page `content` (a JSON list of typed blocks) <-> the page body StreamField.

    [{"type": "text", "text": "<p>Hi</p>"}, {"type": "image", "image_id": 4},
     {"type": "video", "url": "https://..."}, {"type": "call_to_action", "title": ..., "text": ...,
     "button_label": ..., "url": ...}, {"type": "course_list", "heading": ..., "limit": 6},
     {"type": "columns", "columns": [[<text | rich_text | image blocks>], ...]}]

Unknown types and invalid values are a 422 (Unprocessable); every HTML value is sanitised (nh3).
"""

import json

from django.core.exceptions import ValidationError

from cms.pages.blocks import ColumnContentBlock, PageBodyBlock
from website.api.errors import Unprocessable
from website.html import plain_text, sanitise_html

BODY_BLOCK = PageBodyBlock()
HTML_TYPES = ("text", "html", "rich_text")
STRUCT_KEYS = {
    "call_to_action": ("title", "text", "button_label", "url"),
    "course_list": ("heading", "limit"),
}
SUMMARY_LENGTH = 200


def _raw_value(item: dict, allowed: dict, where: str, errors: dict):
    kind = item.get("type") if isinstance(item, dict) else None
    if kind not in allowed:
        errors[where] = [f"Unknown block type {kind!r}; use one of: {', '.join(allowed)}."]
        return None
    if kind in HTML_TYPES:
        html = item.get("text", item.get("html", ""))
        if not isinstance(html, str):
            errors[where] = ["The block's text must be HTML text."]
            return None
        return sanitise_html(html)
    if kind == "image":
        return item.get("image_id")
    if kind == "video":
        return item.get("url", "")
    if kind == "columns":
        columns = item.get("columns")
        if not isinstance(columns, list) or not all(isinstance(column, list) for column in columns):
            errors[where] = ["columns must be a list of lists of blocks."]
            return None
        inner = dict.fromkeys(ColumnContentBlock.base_blocks)
        return {
            "columns": [
                [
                    {
                        "type": child.get("type"),
                        "value": _raw_value(child, inner, f"{where}.columns.{c}.{i}", errors),
                    }
                    for i, child in enumerate(column)
                ]
                for c, column in enumerate(columns)
            ]
        }
    return {key: item.get(key) for key in STRUCT_KEYS[kind] if item.get(key) is not None}


def content_to_stream(content) -> list[dict]:
    """The StreamField's raw data for the API's `content` (a list, or that list as JSON text)."""
    if content in (None, ""):
        return []
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except ValueError as exc:
            raise Unprocessable({"content": ["The content must be a JSON list of blocks."]}) from exc
    if not isinstance(content, list) or not all(isinstance(item, dict) for item in content):
        raise Unprocessable({"content": ["The content must be a JSON list of blocks."]})
    errors: dict[str, list[str]] = {}
    allowed = dict.fromkeys(BODY_BLOCK.child_blocks)
    raw = [
        {"type": item.get("type"), "value": _raw_value(item, allowed, f"content.{index}", errors)}
        for index, item in enumerate(content)
        if isinstance(item, dict) or errors.setdefault(f"content.{index}", ["Each block is a JSON object."])
    ]
    if errors:
        raise Unprocessable(errors)
    try:
        BODY_BLOCK.clean(BODY_BLOCK.to_python(raw))
    except ValidationError as exc:
        raise Unprocessable({"content": _messages(exc)}) from exc
    return raw


def _messages(exc: ValidationError) -> list[str]:
    data = exc.as_json_data() if hasattr(exc, "as_json_data") else {"messages": exc.messages}
    return [json.dumps(data)] if not isinstance(data, list) else [str(message) for message in data]


def _content_item(kind: str, value) -> dict:
    if kind in HTML_TYPES:
        return {"type": kind, "text": value or ""}
    if kind == "image":
        return {"type": kind, "image_id": value}
    if kind == "video":
        return {"type": kind, "url": value or ""}
    if kind == "columns":
        columns = []
        for column in (value or {}).get("columns", []):
            blocks = column.get("value", []) if isinstance(column, dict) and "value" in column else column
            columns.append([_content_item(child["type"], child.get("value")) for child in blocks])
        return {"type": kind, "columns": columns}
    return {"type": kind, **(value or {})}


def stream_to_content(body) -> list[dict]:
    """The API's `content` for a StreamField value (from its stored data: no queries)."""
    return [_content_item(block["type"], block.get("value")) for block in body.raw_data]


def stream_summary(body, length: int = SUMMARY_LENGTH) -> str:
    """The text of the body's HTML blocks, for list rows."""
    texts = [block.get("value") or "" for block in body.raw_data if block["type"] in HTML_TYPES]
    text = plain_text(" ".join(texts))
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"

"""Staff and marketer HTML, sanitised on save: one allow-list for modules, pages, snippets and the rest.

nh3 keeps formatting, headings, lists, tables, figures, links and images; it drops scripts, styles,
event handlers, `javascript:` links and anything else that could run in a learner's browser.
"""

import html as html_lib

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "target", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "ol": {"start", "type"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitise_html(html: str | None) -> str:
    """The safe subset of `html` (blank for None). Links get rel="noopener noreferrer"."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain_text(html: str | None) -> str:
    """The text of `html` without any tags (for list rows and e-mails)."""
    return " ".join(html_lib.unescape(nh3.clean(str(html or ""), tags=set())).split())

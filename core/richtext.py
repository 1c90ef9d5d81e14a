"""Rich text for texts the coordinator writes in the admin.

The coordinator is not a programmer, so plain text is the main format: a blank line starts a
new paragraph, lines starting with "- " or "• " form a bulleted list, "1. " a numbered list and
"## " a heading. Simple HTML (links, emphasis) is also accepted. Whatever comes in is sanitised
with nh3 before it reaches a page, so stored text can never inject script.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

RICH_TEXT_HELP = _(
    "Plain text. A blank line starts a new paragraph; lines starting with “- ” become a "
    "bulleted list, “1. ” a numbered list, and “## ” a heading. Links may be written as "
    # Escaped: the admin shows a help text as HTML, and this one shows the syntax itself.
    '<code>&lt;a href="https://…"&gt;text&lt;/a&gt;</code>.'
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}}
_BLOCK_HTML = re.compile(r"<(p|ul|ol|h2|h3|blockquote)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-•*]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")
_BLOCK_END = re.compile(r"<(?:/p|br|/li|/h[23]|/blockquote)\s*/?>", re.IGNORECASE)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def _block(block: str) -> str:
    # Inline HTML the coordinator typed (a link, <strong>) is kept; sanitize() decides.
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    if all(_BULLET.match(line) for line in lines):
        items = "".join(f"<li>{_BULLET.sub('', line)}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if all(_NUMBER.match(line) for line in lines):
        items = "".join(f"<li>{_NUMBER.sub('', line)}</li>" for line in lines)
        return f"<ol>{items}</ol>"
    if len(lines) == 1 and lines[0].startswith("### "):
        return f"<h3>{lines[0][4:]}</h3>"
    if len(lines) == 1 and lines[0].startswith("## "):
        return f"<h2>{lines[0][3:]}</h2>"
    return "<p>" + "<br>".join(lines) + "</p>"


def render(text: str | None) -> SafeString:
    """Turn stored text into safe HTML."""
    if not text:
        return mark_safe("")
    if _BLOCK_HTML.search(text):
        html = text
    else:
        blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
        html = "".join(_block(block) for block in blocks)
    return mark_safe(sanitize(html))  # noqa: S308 - sanitised above


def plain_lines(text: str | None) -> str:
    """The text without markup, one line per paragraph or list item: plain text, not HTML.

    No character is escaped here: whoever writes it out escapes it once for its format (the
    template's autoescaping, the feed's XML, none in iCalendar).
    """
    if not text:
        return ""
    # Block ends become line breaks, so paragraphs stay separate words once tags go.
    rendered = _BLOCK_END.sub("\n", str(render(text)))
    lines = html.unescape(nh3.clean(rendered, tags=set())).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def plain(text: str | None) -> str:
    """The text without any markup on one line, for meta descriptions, feeds and calendars.

    Plain text, not HTML: see ``plain_lines``.
    """
    return " ".join(plain_lines(text).split())

"""The words a person sees on a page: text outside scripts, styles and user content."""

from __future__ import annotations

from html.parser import HTMLParser

SKIP = {"script", "style", "noscript", "template"}
USER_CONTENT = {"text", "idea-text", "comment", "response", "area-list"}  # data, not our words


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            attrs_d = dict(attrs)
            for name in ("alt", "placeholder", "aria-label", "title"):
                if attrs_d.get(name):
                    self.parts.append(attrs_d[name])
            return
        classes = set((dict(attrs).get("class") or "").split())
        inherited = bool(self.stack) and self.stack[-1]
        hidden = tag in SKIP or bool(classes & USER_CONTENT) or inherited
        self.stack.append(hidden)
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "placeholder") and value and not hidden:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)

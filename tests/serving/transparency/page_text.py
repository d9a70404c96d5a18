"""Reading a rendered page back: the text of elements by their data attributes, and every visible text."""

from __future__ import annotations

from html.parser import HTMLParser

_VOID = {"br", "meta", "link", "input", "img", "line", "hr", "rect"}


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str], list[str]]] = []
        self.found: list[tuple[str, dict[str, str], str]] = []
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title") and not self.open:
            self.skipping += 1
        attributes = {k: v or "" for k, v in attrs}
        if tag not in _VOID:
            self.open.append((tag, attributes, []))
        else:
            self.found.append((tag, attributes, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.open:
            name, attributes, parts = self.open.pop()
            text = "".join(parts).strip()
            self.found.append((name, attributes, text))
            if self.open:
                self.open[-1][2].append(text)
            if name == tag:
                break
        if tag in ("style", "title") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)
        if data.strip() and not self.skipping and not any(name == "style" for name, _, _ in self.open):
            self.texts.append(data.strip())


def scan(html: str) -> _Scan:
    parser = _Scan()
    parser.feed(html)
    parser.close()
    return parser


def texts_by(html: str, attribute: str) -> dict[str, str]:
    """The text of every element carrying `attribute`, by the attribute's value (the first wins)."""
    out: dict[str, str] = {}
    for _, attributes, text in scan(html).found:
        if attribute in attributes:
            out.setdefault(attributes[attribute], text)
    return out


def chart_cells(html: str, chart_id: str) -> dict[str, str]:
    """The data table behind a chart: key → shown text."""
    start = html.index(f'id="{chart_id}"')
    end = html.index("</figure>", start)
    return texts_by(html[start:end], "data-key")


def elements(html: str) -> list[tuple[str, dict[str, str], str]]:
    """Every element: tag, attributes and text."""
    return scan(html).found


def visible_texts(html: str) -> list[str]:
    """Every text node outside <style> and the document <title>."""
    return scan(html).texts

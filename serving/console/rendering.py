"""Rendering console pages: one Jinja environment per language, on the public pages' message catalogue.

Built once when the app starts (the console router's lifespan). The stylesheet is inlined, as on the public pages,
so a page is one response that loads nothing else; the Content-Security-Policy forbids every script.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from serving.console import labels
from serving.transparency.rendering import DEFAULT_LANG, LANGS, STATIC, TEMPLATES, load_translations

# As on the public pages: nothing but the page itself and its inline styles; forms post only to this site.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # household data: never kept by a browser or proxy
}


def lang_of(value: object) -> str:
    """The page language asked for in `?lang=` (zh-CN unless it is exactly a known other language)."""
    return value if isinstance(value, str) and value in LANGS else DEFAULT_LANG


def switch_href(request: Request, lang: str) -> str:
    """The same page in the other language (its other query parameters kept)."""
    other = next(code for code in LANGS if code != lang)
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "recorded")]
    return f"{request.url.path}?{urlencode([*params, ('lang', other)])}"


def _linker(lang: str) -> Callable[..., str]:
    """`link(path, **query)` for templates: drops empty values and keeps the page language."""

    def link(path: str, **query: object) -> str:
        params = {k: v for k, v in query.items() if v is not None and v != ""}
        if lang != DEFAULT_LANG:
            params["lang"] = lang
        return f"{path}?{urlencode(params)}" if params else path

    return link


def _environment(lang: str, css: Markup) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    env.install_gettext_translations(load_translations(lang), newstyle=True)  # type: ignore[attr-defined]
    other = next(code for code in LANGS if code != lang)
    env.globals.update(css=css, labels=labels, lang=lang, other_lang=other, link=_linker(lang))
    return env


@dataclass(frozen=True)
class ConsoleRenderer:
    """Renders the console's templates (serving/templates/console/) in either language."""

    environments: dict[str, Environment]

    @classmethod
    def load(cls) -> ConsoleRenderer:
        """Read the templates, catalogues and stylesheet."""
        css = Markup((STATIC / "console.css").read_text(encoding="utf-8"))
        return cls({lang: _environment(lang, css) for lang in LANGS})

    def render(self, lang: str, template: str, **context: Any) -> str:
        """One page as HTML text."""
        return self.environments[lang].get_template(f"console/{template}").render(**context)

    def response(
        self, request: Request, lang: str, template: str, status: int = 200, headers: Mapping[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:  # fmt: skip
        """One page as a response with the console's security headers and a link to it in the other language."""
        body = self.render(lang, template, switch_href=switch_href(request, lang), **context)
        return HTMLResponse(body, status, headers={**SECURITY_HEADERS, "Content-Language": lang, **(headers or {})})

"""Rendering the public pages: one Jinja environment per language, with that language's message catalogue.

Built once when the app starts (serving.routers.public's lifespan), never at import. Templates live in
serving/templates, catalogues in serving/locales (Babel .po, compiled to .mo), the stylesheet in serving/static;
it is inlined so a page is one self-contained response that needs nothing else, online or off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from scoring.transparency.formatting import tolerance_text
from scoring.transparency.page_model import TransparencyPage
from serving.transparency import labels
from serving.transparency.overview import OverviewPage
from serving.transparency.page_view import community_charts

Lang = Literal["zh-CN", "en"]
LANGS: dict[str, str] = {"zh-CN": "zh_CN", "en": "en"}
"""Page language (the `lang` query value and the HTML lang attribute) → catalogue locale."""
DEFAULT_LANG: Lang = "zh-CN"

SERVING = Path(__file__).resolve().parent.parent
TEMPLATES, LOCALES, STATIC = SERVING / "templates", SERVING / "locales", SERVING / "static"


def load_translations(lang: str) -> NullTranslations:
    """The compiled catalogue of a page language; fails loudly when it is missing."""
    locale = LANGS[lang]
    if not (LOCALES / locale / "LC_MESSAGES" / "messages.mo").is_file():
        raise FileNotFoundError(f"no compiled catalogue for {locale} under {LOCALES}; run pybabel compile")
    return Translations.load(str(LOCALES), [locale], domain="messages")


def _environment(lang: str, css: Markup) -> tuple[Environment, NullTranslations]:
    translations = load_translations(lang)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    other = next(code for code in LANGS if code != lang)
    env.globals.update(css=css, labels=labels, lang=lang, other_lang=other, tolerance_text=tolerance_text)
    return env, translations


@dataclass(frozen=True)
class PageRenderer:
    """Renders the overview, the community pages and the not-found page in either language."""

    environments: dict[str, Environment]
    translations: dict[str, NullTranslations]

    @classmethod
    def load(cls) -> PageRenderer:
        """Read the templates, catalogues and stylesheet."""
        css = Markup((STATIC / "transparency.css").read_text(encoding="utf-8"))
        built = {lang: _environment(lang, css) for lang in LANGS}
        return cls({k: env for k, (env, _) in built.items()}, {k: t for k, (_, t) in built.items()})

    def _render(self, lang: str, template: str, **context: Any) -> str:
        return self.environments[lang].get_template(template).render(**context)

    def overview(self, lang: str, view: OverviewPage) -> str:
        """The district overview page."""
        return self._render(lang, "overview.html", view=view)

    def community(self, lang: str, page: TransparencyPage) -> str:
        """A community's page."""
        gettext = self.translations[lang].gettext
        missing = [gettext(labels.TABLES.get(table, table)) for table in page.missing_tables]
        return self._render(lang, "community.html", page=page, charts=community_charts(page, gettext), missing=missing)

    def not_found(self, lang: str, community_id: str) -> str:
        """The page for an unknown community."""
        return self._render(lang, "not_found.html", community_id=community_id)

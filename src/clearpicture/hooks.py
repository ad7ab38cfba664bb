"""MkDocs glue, kept thin: everything here delegates to the package. Wires quiz validation
before the build, the CSP into every page, and the Pyodide runtime into the built site.
The plugin (plugin.py, `plugins: [clearpicture]`) runs every `on_*` event defined here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import templates

from clearpicture import citations, csp, feed, finish, previews, sources, strings
from clearpicture.links.build import StableLinks
from clearpicture.links.published import read_page
from clearpicture.markdown import ledger_path, library_for, strings_for
from clearpicture.problems import QuizError

if TYPE_CHECKING:  # mkdocs.livereload (its server, watchdog) is 0.17 s to import: `serve` only
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.hooks.clearpicture")

EXTENSION = "clearpicture.markdown"


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The extension resolves paths against the working directory by default; pin them to the
    # project so `mkdocs build -f elsewhere/mkdocs.yml` behaves the same.
    root = _root(config)
    if EXTENSION in config.markdown_extensions:
        options = config.mdx_configs.setdefault(EXTENSION, {})
        options.setdefault("quizzes_dir", str(root / "quizzes"))
        options.setdefault("docs_dir", str(Path(config.docs_dir).resolve()))
        options.setdefault("sources", str(Path(config.docs_dir).resolve() / "sources.yml"))
        # The quiz interface speaks the theme's language (strings/).
        options.setdefault("language", config.theme.get("language") or strings.DEFAULT)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    # Every quiz is checked before MkDocs cleans or writes anything: a mistake leaves the last
    # good site in place and names file, line and fix, all of them at once.
    if EXTENSION not in config.markdown_extensions:
        return
    options = config.mdx_configs[EXTENSION]
    # The extension's own library: what is checked here is what the pages then render from.
    library = library_for(
        Path(options["quizzes_dir"]).resolve(), Path(options["docs_dir"]).resolve()
    )
    try:
        library.load_all()
    except QuizError as error:
        raise PluginError("quizzes have problems:\n" + "\n".join(error.errors)) from error
    # The claims ledger and every page's citations, checked the same way (citations.py).
    try:
        ledger = sources.cached(ledger_path(options["sources"], options["docs_dir"]))
        problems = citations.scan_docs(Path(options["docs_dir"]), ledger).errors
    except sources.SourcesError as error:
        problems = error.errors
    if problems:
        raise PluginError("sources have problems:\n" + "\n".join(problems))
    try:
        site_strings(config)
    except strings.StringsError as error:
        raise PluginError(f"mkdocs.yml: {EXTENSION} has problems:\n{error}") from error


def site_strings(config: MkDocsConfig) -> strings.Strings:
    options = config.mdx_configs.get(EXTENSION, {})
    language = options.get("language") or config.theme.get("language") or strings.DEFAULT
    return strings_for(language, options.get("strings"))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(_root(config) / "quizzes"))
    # MkDocs adds an inline live-reload script to every page it serves, which the page's CSP
    # refuses; serve pages whose policy allows exactly that script, by its hash. Only here: a
    # built page never carries the script nor its hash (tests/build/test_output.py).
    inject: Callable[[bytes, int], bytes] = server._inject_js_into_html

    def inject_allowed(content: bytes, epoch: int) -> bytes:
        return csp.reapply(inject(content, epoch).decode("utf-8")).encode("utf-8")

    server._inject_js_into_html = inject_allowed  # type: ignore[method-assign]
    return server


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    try:
        return csp.apply(output)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # Theme templates rendered outside the page loop (404.html) need the same policy.
    if template_name.endswith(".html") and csp.PLACEHOLDER in output_content:
        return csp.apply(output_content)
    return output_content


def on_post_build(config: MkDocsConfig) -> None:
    # The runtime, what it weighs and the service worker (finish.py: `finish` does the same).
    try:
        finish.post_build(Path(config.site_dir), _root(config))
    except finish.FinishError as error:
        raise PluginError(str(error)) from error


# Stable links (links/; dev/decisions/stable-links.md): alias ids, redirect pages, the link kit.
_links = StableLinks()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The scripts' words (i18n.js imports strings.js): the table of the site's language, on
    # every site these hooks build, with or without quizzes (links.js speaks through it too).
    files.append(File.generated(config, strings.SCRIPT, content=site_strings(config).script()))
    return _links.on_files(files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if EXTENSION in config.markdown_extensions:
        # The "Your progress" list follows the navigation's order of guides.
        options = config.mdx_configs[EXTENSION]
        library = library_for(
            Path(options["quizzes_dir"]).resolve(), Path(options["docs_dir"]).resolve()
        )
        library.page_order = [page.file.src_uri for page in nav.pages]
    return _links.on_nav(nav)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _links.on_page_content(html, page)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Once every page is rendered: the guides' front matter checked, then the pages made from
    # them (finish.py, which `python -m clearpicture finish` runs too): the link kit's list,
    # redirect pages (links/build.py) and the feed.
    try:
        made = finish.site_pages(
            config,
            finish.guide_pages(_links.pages(files)),
            lambda page: read_page(page.content or "").sections,
            _links.redirects,
            lambda src: file.page if (file := files.get_file_from_path(src)) else None,
            _links.kit_url(files),
        )
    except finish.FinishError as error:
        raise PluginError(str(error)) from error
    _links.on_env(config, files, made)
    files.append(File.generated(config, feed.FEED, content=made.feed_xml))
    _cache_script_tags(env)
    return env


def _cache_script_tags(env: Environment) -> None:
    """MkDocs' `script_tag` filter, written without `Markup.format`: the engine adds five scripts
    to every page, and formatting each tag through markupsafe's escaping formatter was most of
    the filter's cost (1,000 pages: 1.2 of its 1.9 profiled seconds). The same tag: the address
    from MkDocs' own `url` filter and the script's type, each escaped as `Markup.format` escapes
    a field, then ` defer` and ` async` (tests/unit/test_script_tags.py). Left alone when the
    filter is not MkDocs' own."""
    if env.filters.get("script_tag") is not templates.script_tag_filter:
        return
    url: Callable[[Any, str], str] = templates.url_filter

    @pass_context
    def script_tag(context: Context, extra_script: Any) -> Markup:
        tag = '<script src="' + str(escape(url(context, str(extra_script)))) + '"'
        if not isinstance(extra_script, str):
            if extra_script.type:
                tag += ' type="' + str(escape(extra_script.type)) + '"'
            if extra_script.defer:
                tag += " defer"
            if extra_script.async_:
                tag += " async"
        return Markup(tag + "></script>")

    env.filters["script_tag"] = script_tag


# Previews (previews.py): the meta tags theme/main.html prints on every page and on 404.html.
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["cp_preview_meta"] = previews.preview_of(page, config).meta()
    return context


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    context["cp_preview_meta"] = previews.preview_of(None, config).meta()
    return context

"""The MkDocs plugin: `plugins: [search, clearpicture]` gives a site the quiz and checklist engine.

One entry does what a site needs: the Markdown extension (`/// quiz | ID`), the theme template
with the CSP placeholder (theme/main.html), the engine's scripts and styles (from the site's own
docs when it has them, else from the package), and every build duty in hooks.py (quiz check,
CSP, Pyodide runtime, link kit, feed, previews). The events forward to hooks.py, which keeps
the work; this file only adds the configuration and what an outside site cannot provide."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from clearpicture import hooks, runtime, search_stash

if TYPE_CHECKING:  # mkdocs.livereload (its server, watchdog) is 0.17 s to import: `serve` only
    from mkdocs.livereload import LiveReloadServer

HERE = Path(__file__).resolve().parent
THEME_DIR = HERE / "theme"
# The engine's browser files a wheel carries (prepared by build_backend/ at wheel build time);
# in a source checkout they are this repository's own docs/assets.
BUNDLE_DIR = HERE / "bundle"
CHECKOUT_DOCS = HERE.parent.parent / "docs"

# The scripts each page loads (ES modules; they import the rest) and the engine's styles.
SCRIPTS = (
    "assets/javascripts/quiz.js",
    "assets/javascripts/checklist.js",
    "assets/javascripts/links.js",
    "assets/javascripts/offline.js",
    "assets/javascripts/progress.js",
)
# The theme's main.html loads it in place of Material's bundle, which it starts on the reader's
# first interaction: every site gets it, one that lists its own scripts (assets: false) too.
MATERIAL_START = "assets/javascripts/material-start.js"
STYLES = (
    "assets/stylesheets/quiz.css",
    "assets/stylesheets/checklist.css",
    "assets/stylesheets/links.css",
)


# mkdocs' Config declares __init_subclass__ without types.
class ClearPictureConfig(base.Config):  # type: ignore[no-untyped-call]
    """`plugins: - clearpicture:` options. Paths are relative to mkdocs.yml."""

    quizzes_dir = c.Type(str, default="quizzes")
    """Folder of the quiz YAML files (quizzes/ID.yml)."""
    sources = c.Optional(c.Type(str))
    """The claims ledger `[@id]` cites (default: DOCS_DIR/sources.yml; none needed)."""
    assets = c.Type(bool, default=True)
    """Add the engine's scripts and styles to every page (off: list them yourself)."""


class ClearPicturePlugin(BasePlugin[ClearPictureConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self._stash = search_stash.Stash()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        if hooks.EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(hooks.EXTENSION)
        options = config.mdx_configs.setdefault(hooks.EXTENSION, {})
        options.setdefault("quizzes_dir", str(root / self.config.quizzes_dir))
        if self.config.sources:
            options.setdefault("sources", str(root / self.config.sources))
        # The CSP placeholder's template, after the site's custom_dir (which stays first) and
        # before the theme's own templates.
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if self.config.assets:
            self._add_assets(config)
        checkout_fallback()
        return hooks.on_config(config)

    @staticmethod
    def _add_assets(config: MkDocsConfig) -> None:
        listed = {str(script) for script in config.extra_javascript}
        for path in SCRIPTS:
            if path not in listed:
                script = c.ExtraScriptValue(path)
                script.type = "module"
                config.extra_javascript.append(script)
        for path in STYLES:
            if path not in config.extra_css:
                config.extra_css.append(path)

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        return hooks.on_serve(server, config, builder)

    # Late, so a site's own files (docs/assets/…) are known before the package's fill the gaps.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        source = assets_source()
        for rel in engine_assets(source) if self.config.assets else [MATERIAL_START]:
            if files.get_file_from_path(rel) is None:
                files.append(File(rel, str(source), config.site_dir, config.use_directory_urls))
        return hooks.on_files(files, config)

    # Material's search plugin reads each page between these two (search_stash.py): it is shown
    # the quiz forms without the inside of what it leaves out anyway.
    @event_priority(100)
    def _hide_from_search(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        if _only_search_between(config, self):
            self._stash.hide(page)

    @event_priority(-100)
    def _page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        self._stash.restore(page)
        return hooks.on_page_context(context, page, config, nav)

    on_page_context = CombinedEvent(_hide_from_search, _page_context)


def _only_search_between(config: MkDocsConfig, plugin: ClearPicturePlugin) -> bool:
    """Whether Material's search plugin, enabled, is all that runs between the plugin's two
    page_context steps: no other plugin ever sees a page emptied."""
    try:
        from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]
    except ImportError:
        return False
    owners = [getattr(method, "__self__", None) for method in config.plugins.events["page_context"]]
    if owners.count(plugin) != 2:
        return False
    first = owners.index(plugin)
    between = owners[first + 1 : owners.index(plugin, first + 1)]
    return len(between) == 1 and isinstance(between[0], SearchPlugin) and between[0].config.enabled


def checkout_fallback() -> None:
    """Installed from a source checkout: its node_modules serve a site that has none."""
    if (CHECKOUT_DOCS.parent / runtime.PYODIDE_DIR).is_dir():
        runtime.FALLBACK_ROOT = CHECKOUT_DOCS.parent


def assets_source() -> Path:
    """Where the engine's scripts and styles come from: the wheel's bundle, or the checkout."""
    return BUNDLE_DIR if (BUNDLE_DIR / "assets").is_dir() else CHECKOUT_DOCS


def engine_assets(source: Path) -> list[str]:
    """The engine's scripts (every module the entry scripts may import) and its styles, as
    site paths under source."""
    scripts = sorted((source / "assets/javascripts").glob("*.js"))
    found = [p.relative_to(source).as_posix() for p in scripts]
    return found + [rel for rel in STYLES if (source / rel).is_file()]


def _forward(name: str) -> Callable[..., Any]:
    hook = getattr(hooks, name)

    def event(self: ClearPicturePlugin, *args: Any, **kwargs: Any) -> Any:
        return hook(*args, **kwargs)

    event.__name__ = event.__qualname__ = name
    return event


# Every other hooks.py event, forwarded as it is: a duty added to hooks.py runs in the plugin too.
for _name in dir(hooks):
    if _name.startswith("on_") and _name not in vars(ClearPicturePlugin):
        setattr(ClearPicturePlugin, _name, _forward(_name))

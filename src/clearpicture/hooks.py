"""MkDocs glue, kept thin: everything here delegates to the package. Wires quiz validation
before the build, the CSP into every page, and the Pyodide runtime into the built site."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from clearpicture import csp

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
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(_root(config) / "quizzes"))
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

"""The engine's `script_tag` filter (hooks._cache_script_tags) writes exactly the tag MkDocs' own
filter writes: every kind of extra_javascript entry, on pages at every depth and on a page-less
template, with addresses that need escaping."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.config import config_options as c
from mkdocs.utils import templates

from clearpicture import hooks

TEMPLATE = "{% for s in scripts %}{{ s | script_tag }}\n{% endfor %}"


def scripts() -> list[object]:
    out: list[object] = ["assets/a.js", "https://example.org/x.js?a=1&b=<2>", "/root.js"]
    for type_, defer, async_ in [
        ("module", False, False),
        ("", True, False),
        ("text/javascript", False, True),
        ('mod"ule', True, True),
    ]:
        value = c.ExtraScriptValue("assets/javascripts/quiz.js")
        value.type, value.defer, value.async_ = type_, defer, async_
        out.append(value)
    return out


def render(env: jinja2.Environment, page: object, base_url: str) -> str:
    return env.from_string(TEMPLATE).render(scripts=scripts(), page=page, base_url=base_url)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True)
    env.filters["url"] = templates.url_filter
    env.filters["script_tag"] = templates.script_tag_filter
    return env


@pytest.mark.parametrize(
    ("url", "base_url"),
    [
        ("", "."),
        ("guides/", ".."),
        ("guides/topic-00/page-0000/", "../../.."),
        ("assets/javascripts/", "../.."),
        ("a&b/", ".."),
        (None, "../x"),
    ],
)
def test_the_tags_are_mkdocs_own(url: str | None, base_url: str) -> None:
    page = None if url is None else SimpleNamespace(url=url)
    env = environment()
    theirs = render(env, page, base_url)
    hooks._cache_script_tags(env)
    assert env.filters["script_tag"] is not templates.script_tag_filter
    assert render(env, page, base_url) == theirs
    assert theirs.count("<script") == len(scripts())


def test_another_filter_is_left_alone() -> None:
    env = environment()
    env.filters["script_tag"] = own = lambda value: value
    hooks._cache_script_tags(env)
    assert env.filters["script_tag"] is own

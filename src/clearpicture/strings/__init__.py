"""The words the quiz and checklist show a reader, one table per language (en.json, es.json beside
this file): render.py writes the build-time ones into the page, and the build writes the table of
the site's language (`theme.language`), with the author's overrides from mkdocs.yml, as
assets/javascripts/strings.js for the scripts (i18n.js reads it). Why: dev/decisions/strings.md.

Placeholders are `{name}`; a key ending in `.one` / `.other` (and any other plural category of
the language) is a plural, chosen by the count `{n}`."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clearpicture.problems import nearest

HERE = Path(__file__).parent
DEFAULT = "en"
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
# Languages that write a decimal comma (2,5).
DECIMAL_MARK = {"es": ","}
# Where the scripts find the table in the built site.
SCRIPT = "assets/javascripts/strings.js"


class StringsError(ValueError):
    """An override in mkdocs.yml the build cannot use: the message names the key and the fix."""


def languages() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in HERE.glob("*.json")))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise StringsError(f"keys listed twice: {', '.join(repeated)}")
    return dict(pairs)


@functools.cache
def table(language: str) -> Mapping[str, str]:
    """The shipped table of one language (a file beside this module)."""
    text = (HERE / f"{language}.json").read_text(encoding="utf-8")
    loaded: dict[str, str] = json.loads(text, object_pairs_hook=_unique_keys)
    return loaded


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER_RE.findall(text))


def base_key(key: str) -> str:
    """The key without its plural category: 'quiz.not_answered.one' -> 'quiz.not_answered'."""
    stem, _, last = key.rpartition(".")
    return stem if last in PLURAL_FORMS else key


PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def shipped_language(language: str) -> str | None:
    """The table for a theme.language such as 'es' or 'es-MX' ('es'), or None."""
    tag = (language or DEFAULT).replace("_", "-").lower()
    for candidate in (tag, tag.split("-")[0]):
        if candidate in languages():
            return candidate
    return None


@dataclass(frozen=True)
class Strings:
    """The words of one site: a language's table with the author's overrides on top."""

    language: str
    words: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        return _fill(self.words[key], values)

    def count(self, key: str, n: int, **values: object) -> str:
        """A plural: English and Spanish say 'one' for 1 and 'other' for every other count."""
        form = "one" if n == 1 else "other"
        chosen = f"{key}.{form}" if f"{key}.{form}" in self.words else f"{key}.other"
        return _fill(self.words[chosen], {"n": n, **values})

    def number(self, value: float) -> str:
        """A number as the site's language writes it: 2.5, or 2,5 in Spanish."""
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        return text.replace(".", DECIMAL_MARK.get(self.language, "."))

    def script(self) -> str:
        """assets/javascripts/strings.js: the table as an ES module for i18n.js."""
        data = {"lang": self.language, "strings": dict(sorted(self.words.items()))}
        body = json.dumps(data, ensure_ascii=False, indent=1)
        return (
            "// Written by the build from src/clearpicture/strings/ and mkdocs.yml: do not edit.\n"
            f"export default {body};\n"
        )


def _fill(text: str, values: Mapping[str, object]) -> str:
    return PLACEHOLDER_RE.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def resolve(language: str, overrides: Mapping[str, Any] | None = None) -> Strings:
    """The words for a site in `language` (theme.language; English when there is no table for
    it), with `overrides` from mkdocs.yml. An override of an unknown key, one that is not text or
    one that drops or adds a placeholder raises StringsError listing every problem."""
    chosen = shipped_language(language) or DEFAULT
    words = dict(table(chosen))
    problems = []
    for key, value in (overrides or {}).items():
        if key not in words:
            near = nearest(str(key), list(words))
            hint = f"did you mean '{near}'?" if near else "see src/clearpicture/strings/en.json"
            problems.append(f"strings: unknown key '{key}' — {hint}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"strings: '{key}' must be text, not {value!r}")
        elif placeholders(value) != placeholders(words[key]):
            wanted = ", ".join(f"{{{p}}}" for p in sorted(placeholders(words[key]))) or "none"
            problems.append(
                f"strings: '{key}' must use the same placeholders as the original ({wanted}), "
                f"not {value!r}"
            )
        else:
            words[key] = value
    if problems:
        raise StringsError("\n".join(problems))
    return Strings(chosen, words)

"""`python -m clearpicture new DIR`: a minimal site that uses the engine the way any site does
(`plugins: [search, clearpicture]`): one guide placing a quiz, one checklist page, and the
privacy settings (no web fonts, local search, the CSP from the plugin). It builds strict as
written; `mkdocs build` and `mkdocs serve` in DIR are all a site author needs next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

MKDOCS_YML = """\
# A site built with the Clear Picture engine (https://clearpicture.example.org/, README: "Use
# the engine in your own site"). The plugin adds the quiz Markdown, the engine's scripts, the
# Pyodide runtime that scores on the reader's device, and a Content-Security-Policy on every page.
site_name: My household guides
site_description: Plain guides with private self-checks, scored on the reader's own device.
# Canonical links, link previews and the feed need the address the site will live at.
site_url: https://example.org/
strict: true
use_directory_urls: true

theme:
  name: material
  language: en
  # No web fonts: nothing is loaded from another host (the CSP would refuse it anyway).
  font: false

plugins:
  # Local search: the index is a file of this site, searched in the reader's browser.
  - search
  - clearpicture

markdown_extensions:
  - attr_list
  - toc:
      permalink: true

validation:
  links:
    anchors: warn
    # Quiz links are written from the docs root (guides/x.md#id), wherever the quiz is placed.
    absolute_links: relative_to_docs

nav:
  - Home: index.md
  - Checklist: checklist.md
  - Guides:
      - guides/first-steps.md
  - Link kit: link-kit.md
"""

INDEX_MD = """\
# My household guides

Short guides for keeping a home's accounts and devices in order, each ending with a quiz.
Quizzes and the checklist are scored by Python running in your own browser: your answers
never leave this page.

- Start with [First steps](guides/first-steps.md).
- Then take the [household checklist](checklist.md).
"""

GUIDE_MD = """\
---
title: First steps
description: Three habits that keep a household's accounts safer, and a short quiz.
reviewed: {today}
---

# First steps {{#top}}

Three small habits go a long way. Each takes a few minutes, and none needs special tools.

## Use a password manager {{#passwords}}

A password manager remembers a different strong password for every account. You only
remember one. Reusing a password means one leak can open many doors.

## Turn on two-step sign-in {{#two-step}}

Two-step sign-in asks for a code or a tap on your phone after the password. Someone who
learns your password still cannot get in.

## Update your devices {{#updates}}

Updates fix holes that attackers already know about. Turn on automatic updates for phones,
computers and the home router.

## Check your understanding {{#quiz}}

/// quiz | first-steps
///
"""

CHECKLIST_MD = """\
# Household checklist

Answer for yourself or for someone you help. The score and the plan are worked out on this
device; nothing you pick is sent anywhere.

/// quiz | household
///
"""

QUIZ_YML = """\
id: first-steps
kind: quiz
title: Check your understanding
intro: Three quick questions. Your answers are scored on your own device.
page: guides/first-steps.md
questions:
  - id: manager
    type: single
    prompt: What does a password manager do for you?
    options:
      - id: remembers
        text: It remembers a different strong password for every account.
        correct: true
        explain: Right. You remember one password; it keeps the rest.
      - id: shares
        text: It lets every account use the same password.
        correct: false
        explain: The opposite. A different password for each account keeps a leak small.
    link: guides/first-steps.md#passwords
  - id: second-step
    type: multiple
    prompt: Which of these can be a second step when you sign in? Choose all that apply.
    options:
      - id: code
        text: A code sent to your phone
        correct: true
        explain: Yes. A code only your phone receives.
      - id: tap
        text: A tap on a prompt in an app on your phone
        correct: true
        explain: Yes. A tap works like a code.
      - id: birthday
        text: Your birthday
        correct: false
        explain: No. A birthday is easy for others to find out.
    link: guides/first-steps.md#two-step
  - id: updates
    type: truefalse
    prompt: Updates mostly change how an app looks, so they can wait.
    options:
      - id: "true"
        text: "True"
        correct: false
        explain: Updates often fix security holes that are already known.
      - id: "false"
        text: "False"
        correct: true
        explain: Right. Many updates fix holes that attackers already know about.
    link: guides/first-steps.md#updates
bands:
  - id: again
    min: 0
    label: Worth another read
    meaning: Read [the three habits](guides/first-steps.md#top) again, then try once more.
  - id: ready
    min: 67
    label: Ready to start
    meaning: You know the three habits. Pick one and do it today.
"""

CHECKLIST_YML = """\
id: household
kind: checklist
title: Your household checklist
intro: Pick **Not sure** when you do not know; your plan will say how to find out.
page: checklist.md
scale:
  - {id: "yes", label: "Yes"}
  - {id: "no", label: "No"}
  - {id: unsure, label: "Not sure", unsure: true}
unsure_risk: 0.5
areas:
  - {id: accounts, title: Accounts and devices, link: guides/first-steps.md#top}
items:
  - id: manager
    area: accounts
    prompt: Does everyone at home use a password manager?
    risk: {"yes": 0, "no": 1}
    likelihood: 4
    impact: 3
    rationale: >-
      Likely, since reused passwords are common. Serious, since one leak opens many accounts.
    action:
      text: Choose a password manager and move your main email password into it first.
      minutes: 20
      link: guides/first-steps.md#passwords
    find_out:
      text: Ask each person how they keep track of their passwords.
      minutes: 5
      link: guides/first-steps.md#passwords
  - id: two-step
    area: accounts
    prompt: Is two-step sign-in on for your main email account?
    risk: {"yes": 0, "no": 1}
    likelihood: 3
    impact: 4
    rationale: >-
      Common, since it is often off by default. Grave, since email resets every other password.
    action:
      text: Turn on two-step sign-in in your email account's security settings.
      minutes: 10
      link: guides/first-steps.md#two-step
    find_out:
      text: Open your email account's security settings and look for two-step sign-in.
      minutes: 3
      link: guides/first-steps.md#two-step
bands:
  - id: low
    min: 0
    label: Well covered
    meaning: Keep the habits going.
  - id: some
    min: 30
    label: Some gaps
    meaning: Start with the first step in your plan.
  - id: high
    min: 60
    label: Wide open
    meaning: Do the first two steps of your plan this week.
"""


def files(today: dt.date | None = None) -> dict[str, str]:
    """The starter's files by path relative to the site folder."""
    reviewed = (today or dt.date.today()).isoformat()
    return {
        "mkdocs.yml": MKDOCS_YML,
        "docs/index.md": INDEX_MD,
        "docs/guides/first-steps.md": GUIDE_MD.format(today=reviewed),
        "docs/checklist.md": CHECKLIST_MD,
        "quizzes/first-steps.yml": QUIZ_YML,
        "quizzes/household.yml": CHECKLIST_YML,
    }


def write(target: Path) -> list[Path]:
    """Write the starter into target (created; refused if it holds anything)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty: give a new folder")
    written = []
    for rel, text in files().items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

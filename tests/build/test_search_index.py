"""What Material's search index holds of a quiz (dev/decisions/quiz-search.md): its title and
question stems, so a reader searching lands on the quiz's section, but never an option, an
explanation, an answer or a score band's meaning (they would show in the results, and they were
a third of the index). Material's own parser let every band after the first through
(dev/decisions/search-stash.md)."""

from __future__ import annotations

import html
import json

from clearpicture import model
from clearpicture.load import load_all
from tests.conftest import ROOT, BuiltSite


def test_the_search_index_has_question_stems_but_no_options_explanations_or_bands(
    site: BuiltSite,
) -> None:
    index = json.loads((site.root / "search/search_index.json").read_text(encoding="utf-8"))
    text = html.unescape(" ".join(f"{doc['title']} {doc['text']}" for doc in index["docs"]))
    quizzes = [
        quiz
        for quiz in load_all(ROOT / "quizzes", ROOT / "docs").values()
        if isinstance(quiz, model.Quiz)
    ]
    assert quizzes
    stems = [q.prompt for quiz in quizzes for q in quiz.questions if not _marked(q.prompt)]
    hidden = [
        said
        for quiz in quizzes
        for q in quiz.questions
        for said in (*(o.explain for o in q.options), q.explain or "")
        if len(said) > 40 and not _marked(said)
    ]
    hidden += [
        band.meaning
        for quiz in quizzes
        for band in quiz.bands
        if band.meaning and len(band.meaning) > 40 and not _marked(band.meaning)
    ]
    assert stems and hidden
    assert [stem for stem in stems if stem not in text] == []
    assert [said for said in hidden if said in text] == []


def _marked(text: str) -> bool:
    """Markdown marks the index would show rendered or escaped differently."""
    return any(mark in text for mark in "*_`[]<>&\\\n")

"""The quizzes of one quizzes folder as the Markdown extension and the build use them: found by
id, checked once with all their placements, and kept until their file changes."""

from __future__ import annotations

from pathlib import Path

from clearpicture import model
from clearpicture.docs_index import DocsIndex
from clearpicture.load import load_all, load_quiz
from clearpicture.problems import QuizError, display_path
from clearpicture.quiz_text import QuizText
from clearpicture.yaml_reader import ID_RE


class Library:
    """The quizzes of one quizzes folder, found by id, loaded on first use and kept until their
    file changes (modification time): what the Markdown extension renders from."""

    def __init__(self, quizzes_dir: Path, docs_dir: Path) -> None:
        self.quizzes_dir = Path(quizzes_dir)
        self.docs = DocsIndex(Path(docs_dir))
        self.checks = QuizText(self.docs)
        self._cache: dict[str, tuple[int, model.AnyQuiz]] = {}
        # Docs pages in the site's navigation order (the build sets it: hooks.on_nav), so the
        # "Your progress" list follows the order a reader meets the guides in.
        self.page_order: list[str] = []

    def known(self) -> list[str]:
        return sorted(path.stem for path in self.quizzes_dir.glob("*.yml"))

    def load_all(self) -> dict[str, model.AnyQuiz]:
        """Check every quiz and every placement (`load_all`) through this library's docs
        index, and keep the quizzes read, so pages placing them later read nothing again."""
        mtimes = {path.stem: path.stat().st_mtime_ns for path in self.quizzes_dir.glob("*.yml")}
        quizzes = load_all(self.quizzes_dir, self.docs.docs_dir, self.checks)
        for quiz_id, quiz in quizzes.items():
            self._cache[quiz_id] = (mtimes[quiz_id], quiz)
        return quizzes

    def get(self, quiz_id: str) -> model.AnyQuiz:
        path = self.quizzes_dir / f"{quiz_id}.yml"
        if not ID_RE.fullmatch(quiz_id) or not path.is_file():
            known = ", ".join(self.known()) or "none yet"
            raise QuizError(
                [
                    f"quiz '{quiz_id}' does not exist — create {display_path(path)} or fix the "
                    f"id (known quizzes: {known})"
                ]
            )
        mtime = path.stat().st_mtime_ns
        cached = self._cache.get(quiz_id)
        if cached is None or cached[0] != mtime:
            cached = (mtime, load_quiz(path, self.docs.docs_dir, self.checks))
            self._cache[quiz_id] = cached
        return cached[1]

    def progress_entries(self) -> list[tuple[model.Quiz, str]]:
        """Every quiz (not the checklist) with the title of the page placing it, in the
        navigation's order of pages (then by page path, for pages not in it)."""
        order = {page: index for index, page in enumerate(self.page_order)}
        quizzes = [self.get(quiz_id) for quiz_id in self.known()]
        entries = [
            (quiz, self._title(quiz.page)) for quiz in quizzes if isinstance(quiz, model.Quiz)
        ]
        return sorted(entries, key=lambda e: (order.get(e[0].page, len(order)), e[0].page))

    def _title(self, page: str) -> str:
        found = self.docs.page(page)
        return (found.title if found else None) or page

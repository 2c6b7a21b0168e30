"""Score the assistant on a question file (the format of ``shared/eval/dev_qa.jsonl``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer import Answer
from corpus.errors import ArticleError

METRICS = ("hit1", "hit3", "mrr", "speaker", "abstain", "false_abstentions", "followup", "verbatim", "article")


@dataclass(frozen=True)
class Question:
    """One line of a question file."""

    id: str
    type: str
    q: str
    history: tuple[str, ...] = ()
    gold_any: tuple[str, ...] = ()
    gold_all: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    article: str | None = None

    @property
    def answerable(self) -> bool:
        """False for questions the corpus does not answer."""
        return self.type != "unanswerable"


@dataclass(frozen=True)
class Outcome:
    """How one answer fared."""

    question: Question
    answer: Answer
    rank: int | None
    complete: bool
    speaker_ok: bool | None
    article_ok: bool | None
    verbatim: int

    @property
    def correct(self) -> bool:
        """Right behaviour: abstained when it should, otherwise gold first with the right speaker."""
        if not self.question.answerable:
            return self.answer.abstained
        return self.rank == 1 and self.complete and self.speaker_ok is not False and self.article_ok is not False


@dataclass
class Report:
    """Aggregate metrics over a question file."""

    outcomes: list[Outcome] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """Hit@1, Hit@3, MRR, speaker accuracy, abstention accuracy, false abstentions, follow-ups, verbatim."""
        answerable = [o for o in self.outcomes if o.question.answerable]
        unanswerable = [o for o in self.outcomes if not o.question.answerable]
        attributed = [o for o in answerable if o.speaker_ok is not None]
        followups = [o for o in self.outcomes if o.question.type == "followup"]
        located = [o for o in answerable if o.article_ok is not None]
        cited = sum(len(o.answer.citations) for o in self.outcomes)

        def share(items: list[Outcome], test: Callable[[Outcome], bool]) -> float:
            return sum(1 for o in items if test(o)) / len(items) if items else 1.0

        return {
            "questions": len(self.outcomes),
            "hit1": share(answerable, lambda o: o.rank == 1 and o.complete),
            "hit3": share(answerable, lambda o: o.rank is not None and o.rank <= 3 and o.complete),
            "mrr": sum(1 / o.rank for o in answerable if o.rank) / len(answerable) if answerable else 1.0,
            "speaker": share(attributed, lambda o: bool(o.speaker_ok)),
            "abstain": share(unanswerable, lambda o: o.answer.abstained),
            "false_abstentions": sum(1 for o in answerable if o.answer.abstained),
            "followup": share(followups, lambda o: o.correct),
            "verbatim": sum(o.verbatim for o in self.outcomes) / cited if cited else 1.0,
            "article": share(located, lambda o: bool(o.article_ok)),
        }

    def failures(self) -> list[Outcome]:
        """Outcomes that were not fully right."""
        return [o for o in self.outcomes if not o.correct]


def read_questions(path: Path) -> list[Question]:
    """Parse a question file; raises :class:`ArticleError` naming the bad line."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw: dict[str, Any] = json.loads(line)
            questions.append(
                Question(
                    id=str(raw.get("id", number)),
                    type=str(raw.get("type", "fact")),
                    q=raw["q"],
                    history=tuple(raw.get("history") or ()),
                    gold_any=tuple(raw.get("gold_any") or ()),
                    gold_all=tuple(raw.get("gold_all") or ()),
                    speaker=tuple(raw.get("speaker") or ()),
                    article=raw.get("article"),
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise ArticleError(str(path), f"not a question record ({err})", line=number) from err
    return questions


def judge(question: Question, answer: Answer, article_texts: dict[str, str], article_stems: dict[str, str]) -> Outcome:
    """Compare one answer with the question's gold strings and speakers."""
    golds = question.gold_any + question.gold_all
    rank = (
        next(
            (c.n for c in answer.citations if any(g in c.text for g in golds)),
            None,
        )
        if golds and not answer.abstained
        else None
    )
    complete = all(any(g in c.text for c in answer.citations) for g in question.gold_all)
    if question.gold_all and not question.gold_any and complete and not answer.abstained:
        # "What did X say": every sentence asked for is cited, and the answer may open with
        # another sentence of the same statement; its speaker is still checked below.
        rank = 1
    speaker_ok: bool | None = None
    article_ok: bool | None = None
    if rank is not None:
        hit = answer.citations[rank - 1]
        if question.speaker:
            said = (hit.speaker or "").lower()
            speaker_ok = any(s.lower() in said for s in question.speaker)
        if question.article:
            article_ok = article_stems.get(hit.article) == question.article
    elif question.answerable:
        speaker_ok = False if question.speaker else None
        article_ok = False if question.article else None
    verbatim = sum(1 for c in answer.citations if article_texts.get(c.article, "")[c.start : c.end] == c.text)
    return Outcome(question, answer, rank, complete, speaker_ok, article_ok, verbatim)


def evaluate(ask: Callable[[str, list[str]], Answer], questions: Iterable[Question], articles: Iterable[Any]) -> Report:
    """Ask every question (with its history) and judge the answers."""
    articles = list(articles)
    texts = {a.id: a.text for a in articles}
    stems = {a.id: Path((a.path or "").split(":")[0]).stem for a in articles}
    report = Report()
    for question in questions:
        answer = ask(question.q, list(question.history))
        report.outcomes.append(judge(question, answer, texts, stems))
    return report

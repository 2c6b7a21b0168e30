"""A follow-up read with the turn before it: "What else did they report?", "To whom?".

Pronouns stand for the previous answer's speaker ("she" never for someone the articles call
"he"), or for the person a "Who is X?" asked about; an elliptical question continues the one
before it; "did anyone deny it" looks for someone other than who was just quoted.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Protocol

from assistant.facts import parse
from assistant.history import Turn, user_questions
from assistant.places import country_of
from assistant.question import (
    REASON_WORDS,
    RESPONSE_NOUNS,
    STANCE_VERBS,
    STATEMENT_NOUNS,
    SUBJECT_PRONOUNS,
    WH_WORDS,
    QuestionInfo,
    analyze_question,
)
from assistant.sources import name_words, names_of, rows_of_source, source_matches
from corpus.claims import REPORTING_VERBS
from corpus.nlp import load_nlp
from corpus.references import ORGANISATION_NOUNS, PERSON_ROLES
from index.store import SentenceIndex

# Entity labels that never name a speaker: places, times and numbers.
NOT_SPEAKERS = frozenset(
    {"GPE", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LANGUAGE", "LAW"}
)
# "Her group": the pronoun the possessive stands for.
POSSESSIVES = {"his": "he", "her": "she", "their": "they"}
# Verbs whose subject is a source ("what else did they say", "when did she speak").
SPEECH_VERBS = REPORTING_VERBS | STANCE_VERBS | {"speak", "talk"}
INDEFINITE_PEOPLE = frozenset({"anyone", "anybody", "someone", "somebody"})


class Answered(Protocol):
    """What a follow-up needs of the answer before it: the rows it quoted, best first."""

    @property
    def rows(self) -> tuple[int, ...]: ...


@dataclass(frozen=True)
class Context:
    """The question as understood in its conversation."""

    query: str
    info: QuestionInfo
    content: tuple[str, ...]
    exclude: frozenset[int]
    source_words: tuple[str, ...]
    either_way: bool = False
    quoted_before: frozenset[int] = frozenset()
    other_than: str | None = None  # "did anyone contradict her": a speaker other than her
    article: str | None = None  # a follow-up's: the article the previous answer quoted


def read_in_context(
    index: SentenceIndex,
    question: str,
    info: QuestionInfo,
    turns: Sequence[Turn],
    answer_of: Callable[[str, list[Turn]], tuple[QuestionInfo, Answered]],
) -> Context:
    """Resolve pronouns and ellipsis from the previous user turn and what it was answered with.

    ``answer_of(question, earlier turns)`` gives an earlier question's analysis and the rows its
    answer quoted.
    """
    asked = user_questions(turns)
    if asked and _described(info.source_words) and not (info.refers_back or info.elliptical):
        # "Did Brennley ignore complaints?" then "what's the firm's side?": the firm is Brennley,
        # when no one in that story speaks as "the firm" and Brennley's people do.
        previous_info, previous = answer_of(asked[-1], [Turn("user", q) for q in asked[-3:-1]])
        article = _story(index, previous)
        named = _named_instead(index, info.source_words, previous_info, article) if article else None
        if named:
            content = tuple(dict.fromkeys(info.content + previous_info.content + named))
            return Context(f"{asked[-1]} {question}", info, content, frozenset(), named, article=article)
    if not asked or not (info.refers_back or info.elliptical):
        return Context(question, info, info.content, frozenset(), info.source_words)
    previous_question = asked[-1]
    combined = f"{previous_question} {question}"
    if info.elliptical:
        # "To whom?", "When?": the previous question, continued.
        merged = analyze_question(combined, load_nlp())
        if info.wh != "why":
            return Context(combined, merged, merged.content, frozenset(), merged.source_words)
        # "Why?": the reason given for what was just quoted, not the sentence the user has just read ...
        _, previous = answer_of(previous_question, [Turn("user", q) for q in asked[-3:-1]])
        article = _story(index, previous)
        just_read = frozenset(previous.rows[:1])
        # ... unless that sentence gives a reason itself ("... because of an unpaid debt").
        if any(REASON_WORDS & set(re.findall(r"\w+", index.sentences[row].text.lower())) for row in just_read):
            just_read = frozenset()
        return Context(combined, merged, merged.content, just_read, merged.source_words, article=article)
    earlier = [Turn("user", q) for q in asked[-3:-1]]
    previous_info, previous = answer_of(previous_question, earlier)
    article = _story(index, previous)
    source_words, either_way = info.source_words, False
    query = question if info.wants_more else combined
    content = info.content if info.wants_more else tuple(dict.fromkeys(info.content + previous_info.content))
    words = re.findall(r"\w+", question.lower())
    pronoun = next((w for w in words if w in SUBJECT_PRONOUNS), None)
    possessive = (info.source or "").split(" ")[0].lower()
    speaker = _antecedent(index, previous.rows, pronoun, _subject_words(previous_question))
    if previous_info.wh == "who" and previous.rows and index.claims[previous.rows[0]].speaker is None:
        # "Which company operates the plane?" answered by a sentence that credits no one, then
        # "what did they say?": they are the company the sentence names.
        speaker = _answered_name(index, previous.rows[0], previous_question) or speaker
    people = _people_asked_about(index, previous_question)
    if not people and len(asked) >= 2 and pronoun in {"he", "she"} and previous_info.refers_back:
        # "Who is Ann Roe?", "When did she find out?", then "what does she say she did?": she is
        # still the person asked about two turns back.
        people = _people_asked_about(index, asked[-2])
    if pronoun in {"he", "she"} and len(people) == 1:
        # "Who is Ann Roe?" then "what is she warning about?": she is the person asked about.
        speaker = people[0]
    if speaker is None and pronoun in {"he", "she", "they"} and previous_info.names:
        # The previous answer credits no one ("A and B held a call on Monday"): the pronoun stands
        # for the names the previous question asked about.
        speaker = " ".join(previous_info.names)
    # Parsed again only when a possessive pronoun is there to find.
    statement = _own_statement(question) if POSSESSIVES.keys() & set(words) else None
    if statement is not None and not source_words:
        # "What's her complaint about the inspectors?": what she says, as "what does she say".
        owner = _antecedent(index, previous.rows, POSSESSIVES[statement], _subject_words(previous_question))
        if owner is not None:
            source_words, either_way = tuple(name_words(owner)), True
            content = tuple(dict.fromkeys(info.content + source_words))
    elif possessive in POSSESSIVES:
        # "What does her group want?": the organisation named where she is quoted.
        owner = _antecedent(index, previous.rows, POSSESSIVES[possessive])
        organisation = _affiliation(index, owner) if owner else None
        if organisation is not None:
            source_words = tuple(name_words(organisation))
            content = tuple(dict.fromkeys(info.content + source_words))
    if _described(source_words) and article is not None:
        # "Is Tessaro using patients ...?" then "what does the company say about that": Tessaro.
        source_words = _named_instead(index, source_words, previous_info, article) or source_words
    if info.subject_pronoun and not source_words and speaker:
        # "When did they speak?": they = whoever the previous answer quoted first. Only a speech
        # verb makes them the source: "how badly was she injured" is about her, not by her.
        # The person's name reads best in the question: "Ann Roe", not "Its lawyer, Ann Roe".
        short = _short_name(speaker)
        query = _replace_subject_pronoun(question, short)
        if not info.predicates or any(p in SPEECH_VERBS for p in info.predicates) or _intention(info, words):
            source_words, either_way = tuple(name_words(speaker)), True
            content = tuple(dict.fromkeys(info.content + source_words))
        else:
            content = tuple(dict.fromkeys(info.content + tuple(name_words(short))))
    exclude = frozenset(previous.rows) if info.wants_more else frozenset()
    if info.wants_more and len(asked) >= 2:
        # "What else does he want to know?" after "Who is X?" and "Is he convinced?": neither answer again.
        _, before = answer_of(asked[-2], [Turn("user", q) for q in asked[-4:-2]])
        exclude |= frozenset(before.rows)
    same_source = False
    if previous.rows and source_words:
        same_source = source_matches(source_words, names_of(index.claims[previous.rows[0]]), either_way=True)
    # The same source asked about again: not the sentence that answered last time. Those quoted
    # after it may answer the new question ("who does he think will pay first?").
    quoted_before = frozenset(previous.rows[:1]) if same_source else frozenset()
    # "Who is Ann Roe?" then "what happened when she got hurt?": not the sentence that introduced her.
    about_her = bool(previous.rows and pronoun in {"he", "she"} and speaker)
    if not quoted_before and about_her:
        first = names_of(index.claims[previous.rows[0]])
        if source_matches(name_words(speaker or ""), first, either_way=True):
            quoted_before = frozenset(previous.rows[:1])
    # "Did anyone contradict her?", "did anyone deny it?": someone other than who was just quoted.
    someone = bool(INDEFINITE_PEOPLE & set(words))
    other_than = speaker if (info.object_pronoun or someone) and not info.subject_pronoun else None
    return Context(query, info, content, exclude, source_words, either_way, quoted_before, other_than, article)


def _intention(info: QuestionInfo, words: list[str]) -> bool:
    """Whether a yes/no question asks what someone will do ("will he accept the result?", "is she going to
    resign?"): their own statements say, as with a speech verb."""
    if info.wh != "yesno" or not words:
        return False
    return words[0] in {"will", "would"} or (words[0] in {"is", "are"} and "going" in words[1:4])


def _people_asked_about(index: SentenceIndex, question: str) -> list[str]:
    """The people a question names, or describes by their post ("the health minister"), whom the articles quote."""
    doc = parse(question)
    # The small model also tags "the Slovak minister"'s "Slovak" PERSON.
    asked_about = {e.text: name_words(e.text) for e in doc.ents if e.label_ == "PERSON"}
    if not asked_about:
        posts = [chunk for chunk in doc.noun_chunks if chunk.root.lemma_.lower() in PERSON_ROLES]
        asked_about = {chunk.text: name_words(chunk.text) for chunk in posts if len(name_words(chunk.text)) > 1}
    return [
        name
        for name, words in asked_about.items()
        if not all(map(country_of, words)) and any(source_matches(words, names) for names in index.speakers())
    ]


def _answered_name(index: SentenceIndex, row: int, question: str) -> str | None:
    """The speaker named in a "who" / "which N" question's answer sentence that the question did not name."""
    asked = set(name_words(question))
    for ent in parse(index.sentences[row].text).ents:
        words = name_words(ent.text)
        # Any name that may speak (the small model tags some companies PRODUCT), not a place or a number.
        if ent.label_ in NOT_SPEAKERS or not words or set(words) <= asked:
            continue
        if any(source_matches(words, names) for names in index.speakers()):
            return ent.text
    return None


def _affiliation(index: SentenceIndex, person: str) -> str | None:
    """The speaking organisation named in a person's own sentences ("X, who chairs the Y Initiative, said")."""
    speakers = index.speakers()
    rows = [row for names, found in speakers.items() if names and names[0] == person for row in found]
    if not rows:
        return None
    article = index.sentences[rows[0]].article_id
    said = " ".join(index.sentences[row].text for row in rows)
    for names, others in speakers.items():
        if not names or names[0] == person or index.sentences[others[0]].article_id != article:
            continue
        if names[0][:1].isupper() and names[0] in said and names[0] not in person:
            return names[0]
    return None


def _short_name(speaker: str) -> str:
    """The person's name, which reads best in a question: "Ann Roe", not "Its lawyer, Ann Roe"."""
    named = [e.text for e in parse(speaker).ents if e.label_ == "PERSON"]
    return named[0] if named else speaker.split(",")[0].strip()


def _subject_words(question: str) -> set[str]:
    """Words naming the subject a question asks about: "did the council's staff ignore ..."."""
    doc = parse(question)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or any(t.lower_ in WH_WORDS for t in doc[: root.i]):
        return set()  # "who ignored ...": the subject is what was asked
    before = list(doc[: root.i])
    if root.i == 0:
        # "Is the Polish health ministry ignoring ...": the small model makes "Is" the root and the
        # subject the noun after it, with the verb hung from it; its head and what comes before it.
        subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        before = [t for t in subject.subtree if t.i <= subject.i] if subject is not None else []
    # The nouns before the verb: the parse of a long subject is often wrong, its extent rarely.
    return {w for t in before if t.pos_ in {"NOUN", "PROPN"} for w in name_words(t.text)}


def _own_statement(question: str) -> str | None:
    """The possessive of "her complaint", "his explanation", "their position": what someone says."""
    for token in parse(question):
        statement = token.head.lemma_.lower() in STATEMENT_NOUNS | RESPONSE_NOUNS and token.head.pos_ == "NOUN"
        if token.dep_ == "poss" and token.lower_ in POSSESSIVES and statement:
            return token.lower_
    return None


def _story(index: SentenceIndex, answered: Answered) -> str | None:
    """The article an answer's first quote comes from, if it quoted anything."""
    return index.sentences[answered.rows[0]].article_id if answered.rows else None


def _described(source_words: Sequence[str]) -> bool:
    """Whether a source is only an organisation's description: "the firm", "the company"."""
    return bool(source_words) and set(source_words) <= ORGANISATION_NOUNS


def _named_instead(
    index: SentenceIndex, described: tuple[str, ...], previous: QuestionInfo, article: str
) -> tuple[str, ...] | None:
    """The name the previous question gave the organisation now only described, if it speaks there."""

    def rows_in_story(words: tuple[str, ...]) -> set[int]:
        rows = rows_of_source(index, words, previous)
        return {row for row in rows if index.sentences[row].article_id == article}

    if rows_in_story(described):
        return None
    # The small model tags few one-word names in a question; a capital after the first word marks them.
    capitalised = [w for w in re.findall(r"[\w'’-]+", previous.text)[1:] if w[:1].isupper()]
    for name in (*previous.names, *capitalised):
        # "The company" is never a country ("Poland" in "a better price out of Poland").
        words = tuple(w for w in name_words(name) if country_of(w) is None)
        if words and rows_in_story(words):
            return words
    return None


def _antecedent(
    index: SentenceIndex, rows: Sequence[int], pronoun: str | None, asked: AbstractSet[str] = frozenset()
) -> str | None:
    """The speaker a pronoun in a follow-up stands for: the previous answer's first speaker, or
    for *he*/*she* its first speaker who is a person (not "the union" the answer opened with).

    A speaker named like the subject ``asked`` of the previous question comes first: after "did
    the council ignore the complaints?", answered by the victims' criticism and then a council
    spokeswoman's denial, "they" is the council.
    """
    speakers = [s for s in (index.claims[row].speaker for row in rows) if s]
    speakers.sort(key=lambda s: not asked & set(name_words(s)))
    if pronoun in {"he", "she"}:
        # A person by the small model's tag, or by the article calling them "he" or "she" (it tags
        # few Spanish names: "Rodrigo Maldonado Quiroz").
        called = _pronouns_used(index)
        people = [s for s in speakers if called.get(s) or any(e.label_ == "PERSON" for e in parse(s).ents)]
        # The article's own pronouns tell *he* from *she*: never someone it calls the other.
        other = {"he": "she", "she": "he"}[pronoun]
        people = [s for s in people if other not in called.get(s, ())] or people
        speakers = people or speakers
    return speakers[0] if speakers else None


# The last index's table (an index is not hashable; the weak reference tells a new one from it).
_PRONOUNS_USED: list[tuple[weakref.ref[SentenceIndex], dict[str, set[str]]]] = []


def _pronouns_used(index: SentenceIndex) -> dict[str, set[str]]:
    """For each speaker, the pronouns the articles refer to them by ("she" for "she said"); kept per index."""
    kept = _PRONOUNS_USED[0] if _PRONOUNS_USED else None
    if kept is not None and kept[0]() is index:
        return kept[1]
    used: dict[str, set[str]] = {}
    for names in index.speakers():
        if names:
            used.setdefault(names[0], set()).update(a.lower() for a in names[1:] if a.lower() in {"he", "she"})
    _PRONOUNS_USED[:] = [(weakref.ref(index), used)]
    return used


def _replace_subject_pronoun(question: str, speaker: str) -> str:
    """The question with its subject pronoun replaced by the speaker's name."""
    doc = load_nlp()(question)
    parts = []
    for token in doc:
        is_subject = token.dep_ in {"nsubj", "nsubjpass"} and token.lower_ in {"they", "he", "she", "it"}
        parts.append((speaker if is_subject else token.text) + token.whitespace_)
    return "".join(parts)

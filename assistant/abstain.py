"""Whether the corpus answers a question at all.

Every signal here generalises across articles: how close the best sentence is, whether the
names and the noun asked about occur (in another form or other words), whether a source the
question names ever speaks, and about the topic asked, and whether a close sentence holds the
kind of fact asked for, tied to what was asked.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import numpy as np

from assistant.facts import PEOPLE_WORDS, counts_directly, parse, word_stems
from assistant.places import country_of, country_words
from assistant.question import MONEY_LABELS, STANCE_VERBS, QuestionInfo
from assistant.sources import NAME_SEARCH_DEPTH
from index.embedder import Embedder
from index.store import SentenceIndex

if TYPE_CHECKING:
    from assistant.followup import Context
    from assistant.select import Scored

# Calibrated on our own question sets (tests/data/questions).
MIN_SIMILARITY = 0.30
STRONG_SIMILARITY = 0.7
# MiniLM cosine of the source's closest statement with "what did X say about Y" when none uses Y's
# words: 0.62 for a statement on Y in other words, at most 0.47 on our unanswerable questions.
TOPIC_SIMILARITY = 0.55
# Words that only call a topic a story: "the Cyclia case", "the port affair".
STORY_NOUNS = word_stems("case affair matter issue story situation saga episode")
# How much nearer the topic a yes/no question's source may be when it uses the verb asked (or its opposite).
CUED_LEEWAY = 0.1
MIN_COVERAGE = 0.5
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})
# Best-scored sentences searched for the date or number a question asks for.
FACT_CANDIDATES = 3
# MiniLM cosine above which the closest sentence, holding the kind of fact asked for, answers even
# when the parse does not tie the fact to the question's words. On our sets: answered questions
# 0.64-0.76, the closest unanswerable one 0.59.
CLOSE_FACT = 0.62
# A noun asked about that no sentence uses may still be named in other words by the best
# candidates: cosine of their noun phrases with it (MiniLM: "raise"/"pay rise" 0.69,
# "population"/"people" 0.53, "pilot"/"jet" 0.56).
FOCUS_CANDIDATES = 10
SAME_THING = 0.65
PHRASE_BATCH = 4
MAX_PHRASE_VECTORS = 20_000
# Phrase vectors per embedder (a test's fake embedder and the real model may share a process).
_PHRASE_VECTORS: weakref.WeakKeyDictionary[Embedder, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()


def abstain_reason(
    index: SentenceIndex,
    embedder: Embedder,
    context: Context,
    scored: list[Scored],
    source_rows: set[int],
    fact_check: Callable[[Scored], bool],
    *,
    source_cued: bool = False,
) -> str | None:
    """Why the corpus does not answer, or ``None`` when it does.

    ``source_cued``: some sentence of the source asked about is credited with the verb asked
    ("did the ministry deny ...": a denial by the ministry).
    """
    info = context.info
    vocabulary = index.lexical.retriever.vocab_dict
    best = max(s.dense for s in scored)
    content = word_stems(" ".join(context.content))
    top = scored[0]
    top_stems = word_stems(index.sentences[top.row].text)
    in_top = len(content & top_stems) / len(content) if content else 0.0
    if best < MIN_SIMILARITY and in_top < MIN_COVERAGE and not source_rows:
        return "no sentence is close to the question"
    if info.source_is_name and context.source_words and not source_rows:
        return "the source it names never speaks in the articles"
    # The source as the chat resolved it: "the firm" after a question on Brennley is Brennley.
    source_forms = " ".join(form for word in context.source_words for form in country_words(word))
    # "Her group", "its ministry": a reference back to someone named, not a name to look for.
    refers_back = (info.source or "").split(" ")[0].lower() in POSSESSIVE_PRONOUNS
    if context.source_words and not refers_back and not (word_stems(source_forms) & vocabulary.keys()):
        return f"the articles never mention {info.source or ' '.join(context.source_words)}"
    missing_names = [
        name
        for name in info.names
        if not _mentioned(index, name) and not _spelled_out(index, name, [s.row for s in scored])
    ]
    if missing_names:
        return f"the articles never mention {missing_names[0]}"
    strict = info.wants if info.exact else frozenset()
    # "How much money", "what payout" are answered by an amount, whatever it is called; other nouns asked about
    # ("the population", "the pilot", "how many soldiers") must occur somewhere.
    focus_stems = word_stems(info.focus) if info.focus else set()
    if (
        focus_stems
        and not info.asks_speaker
        and not _kind_asked(info)
        and not (focus_stems & vocabulary.keys())
        and best < STRONG_SIMILARITY
        and info.wh != "how much"
        and info.wants != MONEY_LABELS
        and not focus_stems <= PEOPLE_WORDS  # "how many people": patients or residents count (see _fact_attached)
        and not _said_otherwise(index, embedder, info.focus or "", scored[:FOCUS_CANDIDATES])
    ):
        return f"the articles never mention any {info.focus}"
    if source_rows and info.topic:
        topic = word_stems(" ".join(info.topic))
        # The source may speak of the topic in other words ("the dispute" for a strike): a
        # statement this close to the question counts.
        closest = max((s.dense for s in scored if s.row in source_rows), default=0.0)
        words = any(_shares_word(topic, word_stems(index.sentences[row].text)) for row in source_rows)
        # "Does he admit he was told about the suspension?": his denial, in other words, is near enough.
        near = TOPIC_SIMILARITY - (CUED_LEEWAY if source_cued and info.wh == "yesno" else 0.0)
        if topic and not words and closest < near and not headline_topic(index, topic, source_rows):
            return "the source it names says nothing about that"
    opinion = info.wh == "yesno" and bool(info.predicates) and all(p in STANCE_VERBS for p in info.predicates)
    if opinion and source_rows and not source_cued and not _stance_on(index, context, scored, source_rows):
        return "the source it names says nothing about that"
    if not content:
        return None
    counted = word_stems(" ".join(info.counted))
    if (
        strict
        and not any(map(fact_check, scored[:FACT_CANDIDATES]))
        and not _closest_has_fact(index, scored, strict, counted)
        # "How many ballots were thrown out as invalid": "214 ballots were declared void" counts the very
        # thing asked, though it says what happened to them in other words.
        and not counts_directly(index, scored[0].row, counted)
    ):
        return "no close sentence gives the kind of fact asked for"
    return None


def _shares_word(topic: AbstractSet[str], stems: AbstractSet[str]) -> bool:
    """Whether a sentence uses a topic word, or a longer word built on it ("voters" for "vote")."""
    return any(t == w or (len(t) >= 4 and w.startswith(t)) for t in topic for w in stems)


def _stance_on(index: SentenceIndex, context: Context, scored: Sequence[Scored], rows: set[int]) -> bool:
    """Whether the source asked about speaks to the topic of an opinion asked for, in its words or close to it.

    "Does the seismologist think the permit should be withdrawn?", when she only speaks of
    tremors and drilling: none of her sentences holds half the question's own words (beyond her
    name and the verb asked), and none is as close as a statement on the topic in other words.
    """
    info = context.info
    asked = word_stems(" ".join((*context.source_words, *info.predicates, *info.names)))
    topic = word_stems(" ".join(context.content)) - asked
    if not topic:
        return True
    covered = max(len(topic & word_stems(index.sentences[row].text)) for row in rows)
    closest = max((s.dense for s in scored if s.row in rows), default=0.0)
    return 2 * covered >= len(topic) or closest >= TOPIC_SIMILARITY


# Sentences after the headline that state what a story is about.
LEDE_SENTENCES = 2
SENTENCE_ENDS = frozenset('.!?"”’')


def headline_topic(index: SentenceIndex, topic: AbstractSet[str], rows: AbstractSet[int]) -> set[str]:
    """The articles the source speaks in whose story is ``topic``: their headline or lede has every topic
    word, besides words that only say it is a story ("the Cyclia case").

    "What does the expert say about the fire blight outbreak", in an article headlined "Fire blight
    outbreak forces ...": all the expert says there is about it, in whatever words. So for "the zoo"
    in a story that opens "A privately owned zoo ... has been given 28 days", though its people
    speak of "the park". The lede is the first two whole sentences after the headline.
    """
    telling = frozenset(topic) - STORY_NOUNS
    found = set()
    for article in {index.sentences[row].article_id for row in rows} if telling else ():
        rows_of_article = index.article_sentences(article)
        headline = [row for row in rows_of_article[:1] if index.sentences[row].headline]
        # Whole sentences: not a byline or a standfirst ("Park given 28 days to fix welfare failures").
        body = [
            row
            for row in rows_of_article
            if not index.sentences[row].headline and index.sentences[row].text.rstrip()[-1:] in SENTENCE_ENDS
        ][:LEDE_SENTENCES]
        if any(telling <= word_stems(index.sentences[row].text) for row in headline + body):
            found.add(article)
    return found


def _closest_has_fact(
    index: SentenceIndex, scored: Sequence[Scored], wanted: frozenset[str], counted: frozenset[str]
) -> bool:
    """Whether the sentence closest to the question of all holds the kind of fact asked for, and is very close.

    The parse check reads words: "how many pictures" is not tied to "400 photographs". A sentence
    this close that holds a number is taken to answer in other words; not one that uses the very
    words counted, whose number the check found to count something else ("return 29.4 million
    dollars and pay the legal costs").
    """
    closest = max(scored, key=lambda s: (s.dense, -s.row))
    sentence = index.sentences[closest.row]
    if counted and counted <= word_stems(sentence.text):
        return False
    return closest.dense >= CLOSE_FACT and bool(wanted & set(sentence.entities))


def _kind_asked(info: QuestionInfo) -> bool:
    """Whether the noun asked about is the kind of source wanted ("which group wants ..."), named any way.

    "Who was the pilot" still needs a pilot in the articles.
    """
    focus = (info.focus or "").split(" ")[-1]
    if info.wh != "who" or not focus:
        return False
    return re.search(rf"\b(?:which|what)\s+{re.escape(focus)}\b", info.text.lower()) is not None


def _said_otherwise(index: SentenceIndex, embedder: Embedder, noun: str, scored: Sequence[Scored]) -> bool:
    """Whether the best candidates name ``noun`` in other words ("a pay rise" for "raise").

    The common nouns heading the candidates' noun phrases, alone and with the word before them
    ("pay rise"), are compared with the noun by embedding; a close one counts as a mention.
    Names are left out: the noun asked about is a kind of thing, not a name. Phrase vectors are
    kept, since the same candidates come back.
    """
    phrases: set[str] = set()
    for item in scored:
        for chunk in parse(index.sentences[item.row].text).noun_chunks:
            if chunk.root.pos_ != "NOUN":
                continue
            words = [t.text.lower() for t in chunk if t.dep_ in {"compound", "amod"} or t.i == chunk.root.i]
            phrases.update(" ".join(words[-n:]) for n in (2, 1))
    if not phrases:
        return False
    wanted = [noun.lower(), *sorted(phrases)]
    known = _PHRASE_VECTORS.setdefault(embedder, {})
    missing = [text for text in wanted if text not in known]
    if len(known) + len(missing) > MAX_PHRASE_VECTORS:
        known.clear()
        missing = wanted
    # A few at a time: short batches run on one thread (see Embedder.encode).
    for at in range(0, len(missing), PHRASE_BATCH):
        batch = missing[at : at + PHRASE_BATCH]
        known.update(zip(batch, embedder.encode(batch), strict=True))
    target = known[wanted[0]]
    return any(float(known[p] @ target) >= SAME_THING for p in wanted[1:])


ACRONYM = re.compile(r"[A-Z]{2,6}")
# Capitalised words, with the small words a name may hold ("Organisation for Security and Co-operation").
NAME_RUN = re.compile(r"[A-Z][\w-]*(?:\s+(?:(?:of|for|and|the|on|in|de)\s+)*[A-Z][\w-]*)*")


def _spelled_out(index: SentenceIndex, name: str, rows: Sequence[int]) -> bool:
    """Whether an acronym the question uses ("AU") is written out in a candidate ("African Union")."""
    if not ACRONYM.fullmatch(name):
        return False
    for row in rows:
        for run in NAME_RUN.findall(index.sentences[row].text):
            initials = "".join(word[0] for word in run.split() if word[0].isupper())
            if name in initials:
                return True
    return False


def _mentioned(index: SentenceIndex, name: str) -> bool:
    """Whether some sentence contains every word of ``name`` ("European Union", not just "union").

    A word may occur in a related form ("Dravonian" for "Dravonia", see :func:`related_words`).
    """
    stems = word_stems(name)
    if not stems:
        return True
    forms = {stem: _forms(index, stem) | _country_forms(index, stem) for stem in stems}
    if not all(forms.values()):
        return False
    _, rows = index.lexical.search_stems(sorted({f for found in forms.values() for f in found}), NAME_SEARCH_DEPTH)
    for row in rows:
        words = word_stems(index.sentences[int(row)].text)
        if all(words & found for found in forms.values()):
            return True
    return False


def _forms(index: SentenceIndex, stem: str) -> set[str]:
    """The lexical index's words that are ``stem`` or a related form of it."""
    vocabulary = index.lexical.retriever.vocab_dict
    found = {stem} & vocabulary.keys()
    # Shorter forms ("dravonia" for "dravonian") and longer ones ("russian" for "russia").
    found.update(stem[:n] for n in range(4, len(stem)) if stem[:n] in vocabulary)
    if len(stem) > 2 and stem.endswith("s") and stem[:-1] in vocabulary:
        found.add(stem[:-1])  # the plural of a short name: "S3s", "SUVs"
    ordered = _sorted_vocabulary(index)
    at = bisect.bisect_left(ordered, stem)
    while at < len(ordered) and ordered[at].startswith(stem) and len(stem) >= 4:
        found.add(ordered[at])
        at += 1
    return found


def _country_forms(index: SentenceIndex, stem: str) -> set[str]:
    """The lexical index's words for the country ``stem`` names under another name ("greec" for "greek")."""
    if country_of(stem) is None:
        return set()
    return {found for form in country_words(stem) for other in word_stems(form) for found in _forms(index, other)}


_SORTED: list[tuple[object, list[str]]] = []


def _sorted_vocabulary(index: SentenceIndex) -> list[str]:
    """The lexical vocabulary in sorted order, kept for the last index asked (for prefix lookups)."""
    if not _SORTED or _SORTED[0][0] is not index.lexical:
        _SORTED[:] = [(index.lexical, sorted(index.lexical.retriever.vocab_dict))]
    return _SORTED[0][1]

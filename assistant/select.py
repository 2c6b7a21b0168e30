"""Choose the sentences that answer a question, or decide that the corpus does not answer it.

Candidates come from hybrid retrieval (FAISS + BM25). Each is then scored with what the
question asks for: the source it names ("what did X say" keeps X's sentences, all of them),
a credited speaker for who-questions, the predicate among the sentence's cue and words, and the
entity type that when / where / how-many questions want. Abstention is decided from signals
that do not depend on any one article: how similar the best sentence is, how many of the
question's words the corpus and the best sentence contain, whether the names and the noun it
asks about occur at all, and whether a source it names ever speaks (about the topic asked).
"""

from __future__ import annotations

import bisect
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

import numpy as np

from assistant.facts import PEOPLE_WORDS, fact_attached, parse, word_stems
from assistant.history import Turn, user_questions
from assistant.places import country_of, country_words, same_country
from assistant.question import (
    LIGHT_VERBS,
    MONEY_LABELS,
    STANCE_VERBS,
    SUBJECT_PRONOUNS,
    QuestionInfo,
    analyze_question,
)
from assistant.retrieve import hybrid_search
from corpus.claims import REPORTING_VERBS
from corpus.nlp import load_nlp
from corpus.records import Claim, Sentence
from corpus.references import PERSON_ROLES
from index.embedder import Embedder
from index.store import SentenceIndex

SEARCH_DEPTH = 50
# Sentences searched for all the words of a name the question mentions.
NAME_SEARCH_DEPTH = 20
MAX_SOURCE_ROWS = 2000
# Score parts, on the scale of cosine similarity (0..1).
LEXICAL_WEIGHT = 0.2
SOURCE_MATCH = 0.25
SOURCE_MISMATCH = -0.3
CUE_MATCH = 0.25
PREDICATE_IN_SENTENCE = 0.1
GENERIC_CUE_MATCH = 0.05
SPEAKER_FOR_WHO = 0.1
ENTITY_MATCH = 0.25
ENTITY_MISSING = -0.2
# "Why" is answered by a sentence that gives a reason: a causal connective, or an actor's stated
# grounds ("acquitted him, saying the evidence was thin").
REASON_WORDS = frozenset({"because", "due", "owing", "order", "reason", "therefore", "citing", "saying", "arguing"})
REASON_MATCH = 0.15
# A follow-up about the same source prefers what the previous answer did not already quote.
ALREADY_QUOTED = -0.3
# A follow-up continues the story the previous answer quoted.
OTHER_ARTICLE = -0.2
INDEFINITE_PEOPLE = frozenset({"anyone", "anybody", "someone", "somebody"})
# "Who accused X": X's own sentences ("X rejected the accusations") are not the answer.
TARGET_SPEAKER = -0.3
# A headline compresses the story into few words and so sits close to many questions; the body
# sentence that says the same thing in full is the better quote.
HEADLINE = -0.25
# Further quotes join the best one when they score within this margin of it.
MARGIN = 0.1
AGGREGATE_MARGIN = 0.35
# Abstention thresholds, calibrated on our own question sets (tests/data/questions).
MIN_SIMILARITY = 0.30
STRONG_SIMILARITY = 0.7
# MiniLM cosine of the source's closest statement with "what did X say about Y" when none uses Y's
# words: 0.62 for a statement on Y in other words, at most 0.47 on our unanswerable questions.
TOPIC_SIMILARITY = 0.55
MIN_COVERAGE = 0.5
# Best-scored sentences searched for the date or number a question asks for.
FACT_CANDIDATES = 3
# A noun asked about that no sentence uses may still be named in other words by the best
# candidates: cosine of their noun phrases with it (MiniLM: "raise"/"pay rise" 0.69,
# "population"/"people" 0.53, "pilot"/"jet" 0.56).
FOCUS_CANDIDATES = 10
SAME_THING = 0.65
PHRASE_BATCH = 4
MAX_PHRASE_VECTORS = 20_000
# Phrase vectors per embedder (a test's fake embedder and the real model may share a process).
_PHRASE_VECTORS: weakref.WeakKeyDictionary[Embedder, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()
# Best-scored sentences whose date or number is checked against the parse before answering.
FACT_RERANK = 5
# Words for someone's position that an article may word differently ("chief" / "Secretary-General").
ROLE_WORDS = frozenset({"chief", "head", "leader", "boss", "official", "representative", "spokesman", "spokeswoman"})
# Verbs whose subject is a source ("what else did they say", "when did she speak").
SPEECH_VERBS = REPORTING_VERBS | STANCE_VERBS | {"speak", "talk"}
# Directive speech acts: asking about one of them asks about all ("call for" / "urged").
DIRECTIVES = frozenset({"call", "urge", "demand", "appeal", "press", "request", "ask"})
# Reporting verbs that do the same thing: "did he admit anything" is answered by "he conceded".
CUE_CLASSES = (
    DIRECTIVES,
    frozenset({"admit", "concede", "acknowledge", "confess"}),
    frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute", "contradict"}),
    frozenset({"warn", "caution"}),
    frozenset({"allege", "assert", "insist", "maintain", "contend", "argue"}),
    frozenset({"promise", "pledge", "vow", "guarantee"}),
    frozenset({"accuse", "blame"}),
    frozenset({"criticise", "criticize", "condemn", "denounce", "decry", "deplore"}),
    frozenset({"predict", "forecast", "expect", "project"}),
    frozenset({"praise", "welcome", "hail"}),
    frozenset({"challenge", "contest"}),
)
# Predicates that say nothing about *what* was said: "what did X say" wants all of X's claims.
GENERIC_PREDICATES = frozenset({"say", "tell", "report", "state", "claim", "add", "write"}) | LIGHT_VERBS


@dataclass(frozen=True)
class Scored:
    """A candidate row with its final score and the parts that explain it."""

    row: int
    score: float
    dense: float
    source_match: bool


@dataclass(frozen=True)
class Selection:
    """Rows chosen as the answer (best first), the lead speaker if who-shaped, or an abstention."""

    rows: tuple[int, ...]
    scores: tuple[float, ...]
    abstained: bool
    related: tuple[int, ...] = ()
    lead: str | None = None
    reason: str | None = None


def related_words(a: str, b: str) -> bool:
    """Same word, the same stem written longer ("Russia"/"Russian", "Armenia"/"Armenians"), or
    one country under another name ("Greece"/"Greek", "Uzbekistan"/"Tashkent")."""
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return (len(shorter) >= 4 and longer.startswith(shorter)) or same_country(a, b)


def name_words(name: str) -> list[str]:
    """Lower-cased words of a name, without possessive endings, punctuation or stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    # A double-barrelled name is two words, as the question's parse has it ("Ostermeyer-Kolb").
    words = (w.strip(".,'’\"()").removesuffix("'s").removesuffix("’s") for w in re.split(r"[\s-]+", name.lower()))
    return [w for w in words if w and w not in STOP_WORDS]


def source_matches(source_words: Sequence[str], names: Sequence[str], *, either_way: bool = False) -> bool:
    """Whether a speaker (its ``names``) is the source named: each source word matches a name word.

    With ``either_way``, a speaker whose words all match the source counts too (for a source
    carried over from an earlier answer, "Danae Korvath" then "Korvath").
    """
    for name in names:
        words = name_words(name)
        if words and all(any(related_words(s, w) for w in words) for s in source_words):
            return True
        if either_way and words and all(any(related_words(w, s) for s in source_words) for w in words):
            return True
    return False


def _names(claim: Claim) -> tuple[str, ...]:
    """A claim's speaker and the references resolved to it."""
    return (claim.speaker, *claim.aliases) if claim.speaker else ()


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


def _context(
    index: SentenceIndex, embedder: Embedder, question: str, info: QuestionInfo, turns: Sequence[Turn], k: int
) -> Context:
    """Resolve pronouns and ellipsis from the previous user turn and what it was answered with."""
    asked = user_questions(turns)
    if not asked or not (info.refers_back or info.elliptical):
        return Context(question, info, info.content, frozenset(), info.source_words)
    previous_question = asked[-1]
    combined = f"{previous_question} {question}"
    if info.elliptical:
        # "To whom?", "When?": the previous question, continued.
        merged = analyze_question(combined, load_nlp())
        return Context(combined, merged, merged.content, frozenset(), merged.source_words)
    earlier = [Turn("user", q) for q in asked[-3:-1]]
    previous_info, previous = _previous_answer(index, embedder, previous_question, earlier, k)
    source_words, either_way = info.source_words, False
    query = question if info.wants_more else combined
    content = info.content if info.wants_more else tuple(dict.fromkeys(info.content + previous_info.content))
    pronoun = next((w for w in re.findall(r"\w+", question.lower()) if w in SUBJECT_PRONOUNS), None)
    speaker = _antecedent(index, previous.rows, pronoun)
    # A person the articles quote: the small model also tags "the Slovak minister"'s "Slovak" PERSON.
    people = [
        e.text
        for e in parse(previous_question).ents
        if e.label_ == "PERSON"
        and not all(map(country_of, name_words(e.text)))
        and any(source_matches(name_words(e.text), names) for names in index.speakers())
    ]
    if pronoun in {"he", "she"} and len(people) == 1:
        # "Who is Ann Roe?" then "what is she warning about?": she is the person asked about.
        speaker = people[0]
    if speaker is None and pronoun in {"he", "she", "they"} and previous_info.names:
        # The previous answer credits no one ("A and B held a call on Monday"): the pronoun stands
        # for the names the previous question asked about.
        speaker = " ".join(previous_info.names)
    if info.subject_pronoun and not source_words and speaker:
        # "When did they speak?": they = whoever the previous answer quoted first. Only a speech
        # verb makes them the source: "how badly was she injured" is about her, not by her.
        # The person's name reads best in the question: "Ann Roe", not "Its lawyer, Ann Roe".
        named = [e.text for e in parse(speaker).ents if e.label_ == "PERSON"]
        short = named[0] if named else speaker.split(",")[0].strip()
        query = _replace_subject_pronoun(question, short)
        if not info.predicates or any(p in SPEECH_VERBS for p in info.predicates):
            source_words, either_way = tuple(name_words(speaker)), True
            content = tuple(dict.fromkeys(info.content + source_words))
        else:
            content = tuple(dict.fromkeys(info.content + tuple(name_words(short))))
    exclude = frozenset(previous.rows) if info.wants_more else frozenset()
    same_source = False
    if previous.rows and source_words:
        same_source = source_matches(source_words, _names(index.claims[previous.rows[0]]), either_way=True)
    quoted_before = frozenset(previous.rows) if same_source else frozenset()
    # "Did anyone contradict her?", "did anyone deny it?": someone other than who was just quoted.
    someone = bool(INDEFINITE_PEOPLE & set(re.findall(r"\w+", question.lower())))
    other_than = speaker if (info.object_pronoun or someone) and not info.subject_pronoun else None
    article = index.sentences[previous.rows[0]].article_id if previous.rows else None
    return Context(query, info, content, exclude, source_words, either_way, quoted_before, other_than, article)


# The last few questions' analyses and selections, per index: a follow-up re-reads the turn
# before it, which the same chat has usually just asked.
# Held by weak reference: an index replaced by adding articles is not kept alive by this.
_ANSWERED: OrderedDict[
    tuple[int, str, tuple[str, ...], int], tuple[weakref.ref[SentenceIndex], QuestionInfo, Selection]
] = OrderedDict()
ANSWERED_KEPT = 64
_ANSWERED_LOCK = threading.Lock()


def _previous_answer(
    index: SentenceIndex, embedder: Embedder, question: str, earlier: list[Turn], k: int
) -> tuple[QuestionInfo, Selection]:
    """The analysis and selection of an earlier question, reused when this index answered it last."""
    key = (id(index), question, tuple(t.content for t in earlier), k)
    with _ANSWERED_LOCK:
        kept = _ANSWERED.get(key)
    if kept is not None and kept[0]() is index:
        return kept[1], kept[2]
    info = analyze_question(question, load_nlp())
    selection = _select(index, embedder, question, info, earlier, k)
    _remember(index, key, info, selection)
    return info, selection


def _remember(
    index: SentenceIndex, key: tuple[int, str, tuple[str, ...], int], info: QuestionInfo, selection: Selection
) -> None:
    """Keep a question's analysis and selection for the follow-ups that may come."""
    with _ANSWERED_LOCK:
        _ANSWERED[key] = (weakref.ref(index), info, selection)
        _ANSWERED.move_to_end(key)
        while len(_ANSWERED) > ANSWERED_KEPT:
            _ANSWERED.popitem(last=False)


def _antecedent(index: SentenceIndex, rows: Sequence[int], pronoun: str | None) -> str | None:
    """The speaker a pronoun in a follow-up stands for: the previous answer's first speaker, or
    for *he*/*she* its first speaker who is a person (not "the union" the answer opened with)."""
    speakers = [s for s in (index.claims[row].speaker for row in rows) if s]
    if pronoun in {"he", "she"}:
        people = [s for s in speakers if any(e.label_ == "PERSON" for e in parse(s).ents)]
        # The article's own pronouns tell *he* from *she*: never someone it calls the other.
        other = {"he": "she", "she": "he"}[pronoun]
        called = _pronouns_used(index)
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


def _source_rows(index: SentenceIndex, context: Context) -> set[int]:
    """Rows whose credited speaker is the source the question names."""
    if not context.source_words:
        return set()
    rows: set[int] = set()
    for names, rows_of_speaker in index.speakers().items():
        if source_matches(context.source_words, names, either_way=context.either_way):
            rows.update(rows_of_speaker)
    if not rows:
        rows = _role_in_article(index, context.source_words) or _placed_rows(index, context.source_words)
    # "The agency chief", "the union leader": a role word the article may put differently
    # ("Secretary-General") need not match when the rest of a longer source does.
    kept = tuple(w for w in context.source_words if w not in ROLE_WORDS)
    if not rows and kept and len(kept) < len(context.source_words):
        return _source_rows(index, replace(context, source_words=kept))
    if rows and len(context.source_words) > 1:
        rows |= _affiliated_rows(index, context.source_words[-1], rows)
    if not rows and context.info.source_is_organisation:
        rows = _introduced_rows(index, context.info.names)
    if not rows and not context.info.source_is_name and len(context.source_words) >= 3:
        rows = _closest_described(index, context.source_words)
    return rows


def _role_in_article(index: SentenceIndex, source_words: Sequence[str]) -> set[int]:
    """The speakers with the role asked for in the articles naming its owner ("Kessling's spokeswoman")."""
    *owner, role = source_words
    if not owner or role not in ROLE_WORDS | PERSON_ROLES:
        return set()
    _, hits = index.lexical.search(" ".join(owner), NAME_SEARCH_DEPTH)
    owner_stems = word_stems(" ".join(owner))
    articles = {
        index.sentences[int(r)].article_id for r in hits if owner_stems <= word_stems(index.sentences[int(r)].text)
    }
    return {
        row
        for names, rows_of_speaker in index.speakers().items()
        if source_matches((role,), names)
        for row in rows_of_speaker
        if index.sentences[row].article_id in articles
    }


def _placed_rows(index: SentenceIndex, source_words: Sequence[str]) -> set[int]:
    """Rows of the source described without its country, in the articles naming that country.

    "Croatia's foreign minister Ann Roe" is "Foreign Minister Ann Roe" in a report on Croatia;
    "Tajik prosecutors" are "the Prosecutor General's Office" in one on Tajikistan. A speaker
    named after another country ("the Serbian Foreign Ministry") is not the one asked about.
    """
    countries = {country_of(word) for word in source_words} - {None}
    rest = [word for word in source_words if country_of(word) is None]
    if not countries or not rest:
        return set()
    forms = word_stems(" ".join(form for word in source_words for form in country_words(word) if country_of(word)))
    found: set[int] = set()
    for names, rows_of_speaker in index.speakers().items():
        if not source_matches(rest, names):
            continue
        if {country_of(word) for name in names for word in name_words(name)} - {None} - countries:
            continue
        found.update(row for row in rows_of_speaker if forms & _article_words(index, index.sentences[row].article_id))
    return found


# The words of each article asked about, for the last index (see _placed_rows).
_ARTICLE_WORDS: list[tuple[weakref.ref[SentenceIndex], dict[str, frozenset[str]]]] = []


def _article_words(index: SentenceIndex, article_id: str) -> frozenset[str]:
    """The stems of every sentence of one article, kept per index."""
    if not _ARTICLE_WORDS or _ARTICLE_WORDS[0][0]() is not index:
        _ARTICLE_WORDS[:] = [(weakref.ref(index), {})]
    kept = _ARTICLE_WORDS[0][1]
    if article_id not in kept:
        rows = index.article_sentences(article_id)
        kept[article_id] = word_stems(" ".join(index.sentences[row].text for row in rows))
    return kept[article_id]


def _closest_described(index: SentenceIndex, source_words: Sequence[str]) -> set[int]:
    """Rows of the speakers whose phrase holds most of a described source's words.

    "The councillor in charge of housing" is "Councillor Ann Roe, the council's cabinet member
    for housing": two of its three words, where "opposition councillors" has one. Only for a
    source described in common nouns; a named person must be named.
    """
    best, found = 0, set()
    for names, rows_of_speaker in index.speakers().items():
        words = name_words(" ".join(names))
        overlap = sum(any(related_words(s, w) for w in words) for s in source_words)
        if overlap > best:
            best, found = overlap, set(rows_of_speaker)
        elif overlap == best:
            found |= set(rows_of_speaker)
    return found if best >= 2 and 2 * best >= len(source_words) else set()


def _introduced_rows(index: SentenceIndex, names: Sequence[str]) -> set[int]:
    """Rows of a person introduced as acting for a named source that never speaks under its own name.

    "Ann Roe, who headed the OSCE mission, noted that ..." speaks for the OSCE: the sentence
    names the source and opens with its speaker. All of that speaker's rows in the article count.
    """
    wanted = [stems for stems in map(word_stems, names) if stems]
    if not wanted:
        return set()
    _, hits = index.lexical.search(" ".join(names), NAME_SEARCH_DEPTH)
    found: set[int] = set()
    for row in (int(r) for r in hits):
        claim, sentence = index.claims[row], index.sentences[row]
        opening = (claim.speaker or "").split(",")[0].strip()
        if not opening or not sentence.text.startswith(opening):
            continue
        # The source must be named in the speaker's own phrase, not in what the speaker says.
        doc = parse(sentence.text)
        root = next(iter(doc.sents)).root
        subject = next((t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            continue
        words = word_stems(doc[subject.left_edge.i : subject.right_edge.i + 1].text)
        if all(stems <= words for stems in wanted):
            rows = index.article_sentences(sentence.article_id)
            found.update(r for r in rows if index.claims[r].speaker == claim.speaker)
    return found


def _affiliated_rows(index: SentenceIndex, head: str, rows: set[int]) -> set[int]:
    """Rows of people who speak for the source, in an article where the source itself speaks.

    "Henrik Salo, the federation's director general" or "a spokeswoman for the federation"
    speaks for the federation that the same article names in full.
    """
    word = re.escape(head)
    speaks_for = re.compile(rf"\b(?:the|its) {word}(?:'s|’s)\s|\b(?:of|at|for) the {word}\b", re.IGNORECASE)
    articles = {index.sentences[row].article_id for row in rows}
    found: set[int] = set()
    for names, rows_of_speaker in index.speakers().items():
        if names and speaks_for.search(names[0]):
            found.update(row for row in rows_of_speaker if index.sentences[row].article_id in articles)
    return found


def select(index: SentenceIndex, embedder: Embedder, question: str, turns: Sequence[Turn], k: int) -> Selection:
    """Rank the corpus for ``question`` (with ``turns`` as chat history) and pick the answer."""
    info = analyze_question(question, load_nlp())
    selection = _select(index, embedder, question, info, turns, k)
    earlier = [Turn("user", q) for q in user_questions(turns)[-2:]]
    _remember(index, (id(index), question, tuple(t.content for t in earlier), k), info, selection)
    return selection


def _select(
    index: SentenceIndex, embedder: Embedder, question: str, info: QuestionInfo, turns: Sequence[Turn], k: int
) -> Selection:
    """:func:`select` for a question already analysed."""
    context = _context(index, embedder, question, info, turns, k)
    info = context.info
    # Who-said questions compare the reported words alone with the sentences.
    dense_query = info.claim_text if info.claim_text and context.query == question else context.query
    vector = embedder.encode([dense_query])[0]
    hits = hybrid_search(index, vector, context.query, min(SEARCH_DEPTH, len(index.sentences)))
    dense = {h.row: h.dense for h in hits}
    lexical = {h.row: h.lexical for h in hits}
    source_rows = _source_rows(index, context)
    # A prolific source in a large archive: score only its first MAX_SOURCE_ROWS sentences not yet retrieved.
    missing = sorted(row for row in source_rows if row not in dense)[:MAX_SOURCE_ROWS]
    if missing:
        vectors = index.dense.vectors(missing)
        dense.update(zip(missing, (float(v) for v in vectors @ vector), strict=True))
    source_rows &= dense.keys()
    candidates = [row for row in dense if row not in context.exclude]
    if not candidates:
        return Selection((), (), True, (), reason="nothing left to quote")

    max_lexical = max(lexical.values(), default=0.0) or 1.0
    specific = [p for p in info.predicates if p not in GENERIC_PREDICATES]
    # "What did X call for": X's urging and demanding are calls too; so for the other cue classes.
    asked = {next((c for c in CUE_CLASSES if p in c), frozenset({p})) for p in specific}
    predicate_stems = word_stems(" ".join(word for group in asked for word in sorted(group)))
    directive = DIRECTIVES in asked
    generic_stems = word_stems(" ".join(p for p in info.predicates if p in GENERIC_PREDICATES))
    # The words naming the one acted on, without its country ("the Greek minister").
    target = [w for w in info.target if country_of(w) is None] or list(info.target)
    scored = []
    for row in candidates:
        sentence, claim = index.sentences[row], index.claims[row]
        score = dense[row] + LEXICAL_WEIGHT * lexical.get(row, 0.0) / max_lexical
        matched = row in source_rows
        if source_rows:
            score += SOURCE_MATCH if matched else SOURCE_MISMATCH
        if source_rows and generic_stems and claim.cue and generic_stems & word_stems(claim.cue):
            score += GENERIC_CUE_MATCH
        if predicate_stems:
            if _cue_matches(index, row, predicate_stems):
                # "What did she demand": her call is the answer; her quotes only surround it.
                score += CUE_MATCH * (2 if directive and matched else 1)
            elif not directive and predicate_stems & word_stems(sentence.text):
                # A quote that uses the word ("they are asking students to pay") is not the source asking.
                score += PREDICATE_IN_SENTENCE
        if info.asks_speaker:
            score += SPEAKER_FOR_WHO if claim.speaker else -SPEAKER_FOR_WHO
            if target and source_matches(target, _names(claim)):
                score += TARGET_SPEAKER
        if info.wants:
            # A date or a number is the answer itself; a place is often a plain noun ("its website").
            weight = 1.0 if info.exact else 0.5
            score += weight * (ENTITY_MATCH if info.wants & set(sentence.entities) else ENTITY_MISSING)
        if info.wh == "why" and REASON_WORDS & set(re.findall(r"\w+", sentence.text.lower())):
            score += REASON_MATCH
        if row in context.quoted_before:
            score += ALREADY_QUOTED
        if context.other_than and claim.speaker == context.other_than:
            score += ALREADY_QUOTED
        if _headline(sentence):
            score += HEADLINE
        if context.article and sentence.article_id != context.article:
            score += OTHER_ARTICLE
        scored.append(Scored(row, score, dense[row], matched))
    scored.sort(key=lambda s: (-s.score, s.row))
    # One memoised parse check serves both the re-ranking and the abstention decision.
    fact_check = _fact_check(index, context)
    if info.wants and info.exact:
        scored = _rerank_facts(index, context, scored, fact_check)

    reason = _abstain_reason(index, embedder, context, scored, source_rows, fact_check)
    if reason:
        related = tuple(s.row for s in sorted(scored, key=lambda s: (-s.dense, s.row))[:2])
        return Selection((), (), True, related, reason=reason)

    # "What did X call for" returns every call X made, however it scored.
    matching = {
        row
        for row in source_rows
        if predicate_stems
        and (_cue_matches(index, row, predicate_stems) or predicate_stems & word_stems(index.sentences[row].text))
    }
    # "How did X assess the vote": when X never uses the verb asked, all X said is the answer;
    # "what did X announce in its statement": the whole statement.
    aggregate = bool(source_rows) and (len(specific) != 1 or not matching or info.asks_document)
    topic = word_stems(" ".join(info.topic)) if aggregate else set()
    if aggregate and not specific and not topic:
        # "What did X say": all of X's statements, best first, up to k.
        matching = set(source_rows)
    chosen = _choose(index, scored, source_rows, k, aggregate, topic, matching)
    lead = index.claims[chosen[0].row].speaker if info.asks_speaker else None
    return Selection(tuple(s.row for s in chosen), tuple(s.dense for s in chosen), False, (), lead)


def _headline(sentence: Sentence) -> bool:
    """Whether the sentence is its article's headline: the first line, without closing punctuation."""
    return sentence.index == 0 and not sentence.text.rstrip().endswith((".", "!", "?", '"', "”", "'", "’"))


def _cue_matches(index: SentenceIndex, row: int, stems: AbstractSet[str]) -> bool:
    """Whether the sentence's cue is the predicate asked about, or the cue that announced its quote.

    "A spokeswoman denied that any closure was planned. 'There is no plan,' she said." - the
    quotation is the denial, though its own cue is *said*.
    """
    claim = index.claims[row]
    if claim.cue and stems & word_stems(claim.cue):
        return True
    if row == 0 or claim.kind != "direct" or claim.speaker is None:
        return False
    before = index.claims[row - 1]
    same_article = index.sentences[row - 1].article_id == index.sentences[row].article_id
    return same_article and before.speaker == claim.speaker and bool(before.cue and stems & word_stems(before.cue))


def _fact_check(index: SentenceIndex, context: Context, *, beyond_names: bool = False) -> Callable[[Scored], bool]:
    """A test of whether a candidate gives the date or number the question asks for (memoised).

    With ``beyond_names``, the fact must attach to a word of the question other than its names:
    "how much did Veltacom's shares fall" is not answered by "Veltacom agreed to be bought for
    6.8 billion euros", though the amount sits next to the name.
    """
    info = context.info
    content = word_stems(" ".join(context.content))
    if beyond_names:
        content = (content - word_stems(" ".join(info.names))) or content
    counted = word_stems(" ".join(info.counted))
    predicates = word_stems(" ".join(p for p in info.predicates if p not in GENERIC_PREDICATES))
    memo: dict[int, bool] = {}

    def check(item: Scored) -> bool:
        if item.row not in memo:
            memo[item.row] = fact_attached(
                index,
                item.row,
                info.wants,
                content,
                item.source_match,
                counted,
                info.wh == "when",
                predicates,
                stretch=info.wh == "how long",
            )
        return memo[item.row]

    return check


def _rerank_facts(
    index: SentenceIndex, context: Context, scored: list[Scored], check: Callable[[Scored], bool]
) -> list[Scored]:
    """Among the best candidates, a date or number that belongs to something else earns nothing.

    Scoring gave every sentence with an entity of the wanted kind a bonus; for the first few we
    look at the parse ("the 71-year-old nurse" is an age, not when she died) and take it back,
    and half of it when the fact only sits next to a name the question uses.
    """
    strong = _fact_check(index, context, beyond_names=True)

    def penalty(item: Scored) -> float:
        if not context.info.wants & set(index.sentences[item.row].entities):
            return 0.0
        if not check(item):
            return ENTITY_MATCH
        return 0.0 if strong(item) else ENTITY_MATCH / 2

    head = [replace(item, score=item.score - penalty(item)) for item in scored[:FACT_RERANK]]
    return sorted(head + scored[FACT_RERANK:], key=lambda s: (-s.score, s.row))


def _statement(index: SentenceIndex, row: int) -> list[int]:
    """The row and the sentences right after it that continue the same speaker's statement."""
    run = [row]
    first = index.claims[row]
    article = index.sentences[row].article_id
    following = row + 1
    while following < len(index.sentences) and index.sentences[following].article_id == article:
        claim = index.claims[following]
        if claim.speaker != first.speaker or claim.speaker is None:
            break
        run.append(following)
        following += 1
    return run


def _choose(
    index: SentenceIndex,
    scored: list[Scored],
    source_rows: set[int],
    k: int,
    aggregate: bool,
    topic: AbstractSet[str],
    matching: frozenset[int] | set[int] = frozenset(),
) -> list[Scored]:
    """The best sentence and those close behind it; for "what did X say", X's whole statements.

    A sentence that only announces a quotation ("X said in a statement:") gives way to the
    quoted sentences that follow it. Rows in ``matching`` (the source's sentences with the
    predicate asked about) join however far behind they score. With a topic ("what did X say about Y"), statements from
    other articles than the best sentence's must mention it.
    """
    top = scored[0]
    by_row = {s.row: s for s in scored}
    margin = AGGREGATE_MARGIN if aggregate else MARGIN
    chosen: list[Scored] = []
    seen_rows: set[int] = set()
    seen_texts: set[str] = set()

    def take(row: int) -> None:
        text = index.sentences[row].text
        if row in seen_rows or text in seen_texts or len(chosen) >= k:
            return
        seen_rows.add(row)
        seen_texts.add(text)
        chosen.append(by_row.get(row) or Scored(row, top.score - margin, 0.0, row in source_rows))

    for item in scored:
        if len(chosen) >= k:
            break
        if item.score < top.score - margin and item.row not in matching:
            continue
        if source_rows and not item.source_match:
            continue
        text = index.sentences[item.row].text
        other_article = index.sentences[item.row].article_id != index.sentences[top.row].article_id
        if topic and other_article and not topic & word_stems(text):
            continue
        run = _statement(index, item.row) if aggregate or text.rstrip().endswith(":") else [item.row]
        if text.rstrip().endswith(":") and len(run) > 1:
            run = run[1:]
        for row in run:
            take(row)
    return chosen or [top]


def _abstain_reason(
    index: SentenceIndex,
    embedder: Embedder,
    context: Context,
    scored: list[Scored],
    source_rows: set[int],
    fact_check: Callable[[Scored], bool],
) -> str | None:
    """Why the corpus does not answer, or ``None`` when it does."""
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
    source_forms = " ".join(form for word in info.source_words for form in country_words(word))
    if info.source_words and not (word_stems(source_forms) & vocabulary.keys()):
        return f"the articles never mention {info.source}"
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
        words = any(topic & word_stems(index.sentences[row].text) for row in source_rows)
        if topic and not words and closest < TOPIC_SIMILARITY:
            return "the source it names says nothing about that"
    if not content:
        return None
    if strict and not any(map(fact_check, scored[:FACT_CANDIDATES])):
        return "no close sentence gives the kind of fact asked for"
    return None


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
    _, rows = index.lexical.search(" ".join(sorted({f for found in forms.values() for f in found})), NAME_SEARCH_DEPTH)
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

"""Choose the sentences that answer a question.

Candidates come from hybrid retrieval (FAISS + BM25). Each is then scored with what the
question asks for: the source it names ("what did X say" keeps X's sentences, all of them; see
:mod:`assistant.sources`), a credited speaker for who-questions, the predicate among the
sentence's cue and words, and the entity type that when / where / how-many questions want.
A follow-up is read with the turn before it. Whether to answer at all is decided in
:mod:`assistant.abstain`.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from assistant.abstain import abstain_reason, headline_topic
from assistant.facts import fact_attached, parse, word_stems
from assistant.followup import Context, read_in_context
from assistant.history import Turn, user_questions
from assistant.places import country_of
from assistant.question import (
    LIGHT_VERBS,
    MEASURE_LABELS,
    REASON_WORDS,
    QuestionInfo,
    analyze_question,
)
from assistant.retrieve import hybrid_search
from assistant.sources import name_words, names_in_article, names_of, rows_of_source, source_matches
from corpus.nlp import load_nlp
from corpus.references import ORGANISATION_NOUNS, PERSON_ROLES
from index.embedder import Embedder
from index.store import SentenceIndex

SEARCH_DEPTH = 50
MAX_SOURCE_ROWS = 2000
# Score parts, on the scale of cosine similarity (0..1).
LEXICAL_WEIGHT = 0.2
SOURCE_MATCH = 0.25
SOURCE_MISMATCH = -0.3
CUE_MATCH = 0.25
PREDICATE_IN_SENTENCE = 0.1
GENERIC_CUE_MATCH = 0.05
SPEAKER_FOR_WHO = 0.1
# "Which party wants ...": a speaker called a party ("the opposition party Popular Renewal"); "which
# country": a speaker that is, or speaks for, a country.
SPEAKER_KIND = 0.1
COUNTRY_KINDS = word_stems("country nation state government")
ENTITY_MATCH = 0.25
ENTITY_MISSING = -0.2
# "Why" is answered by a sentence that gives a reason: a causal connective, or an actor's stated
# grounds ("acquitted him, saying the evidence was thin").
REASON_MATCH = 0.15
# "Who leads / heads / runs X", "who is the leader of X": a sentence naming a person with a word for
# leading ("Forward leader Matthias Brenn", "Ann Roe, who chairs the Residents' Initiative").
LEADING = word_stems(
    "lead leader head chair chairman chairwoman chairperson president director chief boss run founder own owner "
    "manage manager"
)
LEADER_NAMED = 0.35
# A follow-up about the same source prefers what the previous answer did not already quote.
ALREADY_QUOTED = -0.3
# A follow-up continues the story the previous answer quoted.
OTHER_ARTICLE = -0.2
# Sources asked about by description alone: "the company", "the spokeswoman".
DESCRIPTIONS = ORGANISATION_NOUNS | PERSON_ROLES
# "Who accused X": X's own sentences ("X rejected the accusations") are not the answer.
TARGET_SPEAKER = -0.3
# A headline compresses the story into few words and so sits close to many questions; the body
# sentence that says the same thing in full is the better quote.
HEADLINE = -0.25
# Further quotes join the best one when they score within this margin of it.
MARGIN = 0.1
AGGREGATE_MARGIN = 0.35
# "Between which dates", "from when to when": a stretch of time, as "how long" asks for.
SPAN_ASKED = re.compile(r"\bbetween (?:which|what)\b|\bfrom when\b", re.IGNORECASE)
# The measure a "how" question asks for, not a word to search for.
HOW_DEGREE = re.compile(
    r"\bhow\s+(?:old|big|large|long|far|high|tall|deep|wide|heavy|fast|often|soon|late|early|bad|badly|"
    r"severe|seriously|serious|strong|close|expensive|much|many)\b",
    re.IGNORECASE,
)
# Best-scored sentences whose date or number is checked against the parse before answering.
FACT_RERANK = 5
# Directive speech acts: asking about one of them asks about all ("call for" / "urged").
DIRECTIVES = frozenset({"call", "urge", "demand", "appeal", "press", "request", "ask", "push", "pressure", "lobby"})
ADMITTING = frozenset({"admit", "concede", "acknowledge", "confess"})
DENYING = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute", "contradict"})
# Reporting verbs that do the same thing: "did he admit anything" is answered by "he conceded".
CUE_CLASSES = (
    DIRECTIVES,
    ADMITTING,
    DENYING,
    frozenset({"warn", "caution"}),
    frozenset({"allege", "assert", "insist", "maintain", "contend", "argue"}),
    frozenset({"promise", "pledge", "vow", "guarantee"}),
    frozenset({"accuse", "blame"}),
    frozenset({"criticise", "criticize", "condemn", "denounce", "decry", "deplore"}),
    frozenset({"predict", "forecast", "expect", "project"}),
    frozenset({"praise", "welcome", "hail"}),
    frozenset({"challenge", "contest"}),
)
# A yes/no question with one of these verbs is answered by the other: admitting by denying.
OPPOSITES = {ADMITTING: DENYING, DENYING: ADMITTING}
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
    context = read_in_context(
        index, question, info, turns, lambda asked, earlier: _previous_answer(index, embedder, asked, earlier, k)
    )
    info = context.info
    # Who-said questions compare the reported words alone with the sentences.
    dense_query = info.claim_text if info.claim_text and context.query == question else context.query
    vector = embedder.encode([dense_query])[0]
    # "How old were they": "old" asks for an age; as a search word it finds "an old drug".
    lexical_query = HOW_DEGREE.sub("how", context.query)
    hits = hybrid_search(index, vector, lexical_query, min(SEARCH_DEPTH, len(index.sentences)))
    dense = {h.row: h.dense for h in hits}
    lexical = {h.row: h.lexical for h in hits}
    source_rows = rows_of_source(index, context.source_words, info, either_way=context.either_way)
    if context.article and context.source_words and set(context.source_words) <= DESCRIPTIONS:
        # "Did the company deny it?" after a question on one story: that story's company, not
        # another article's. If the story's company never speaks as "the company", no source is asked.
        source_rows = {row for row in source_rows if index.sentences[row].article_id == context.article}
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
    if info.wh == "yesno":
        # "Does he admit he was told?": "He denied that he had received the notice" answers no.
        asked |= {OPPOSITES[group] for group in asked if group in OPPOSITES}
    predicate_stems = word_stems(" ".join(word for group in asked for word in sorted(group)))
    directive = DIRECTIVES in asked
    generic_stems = word_stems(" ".join(p for p in info.predicates if p in GENERIC_PREDICATES))
    # The words naming the one acted on, without its country ("the Greek minister").
    target = [w for w in info.target if country_of(w) is None] or list(info.target)
    kind = word_stems(info.focus) if info.asks_speaker and info.focus else frozenset()
    # "Who leads X": a person named with a word for leading, in a sentence that names X.
    led = word_stems(" ".join(context.content)) - LEADING
    asks_leader = info.wh == "who" and not info.asks_speaker and bool(led)
    asks_leader = asks_leader and bool(LEADING & word_stems(" ".join((*info.predicates, info.focus or ""))))
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
            elif predicate_stems & word_stems(sentence.text):
                if not directive:
                    score += PREDICATE_IN_SENTENCE
                elif _asks_itself(index, row, predicate_stems):
                    # A quote that uses the word ("they are asking students to pay") is not the source
                    # asking; one where the source makes the call ("The Uzbek side ... calls on") is.
                    score += CUE_MATCH
        if info.asks_speaker:
            score += SPEAKER_FOR_WHO if claim.speaker else -SPEAKER_FOR_WHO
            if target and source_matches(target, names_of(claim)):
                score += TARGET_SPEAKER
            if kind and claim.speaker and _speaker_is_kind(claim.speaker, kind):
                score += SPEAKER_KIND
        if info.wants:
            # A date or a number is the answer itself; a place is often a plain noun ("its website").
            weight = 1.0 if info.exact else 0.5
            score += weight * (ENTITY_MATCH if info.wants & set(sentence.entities) else ENTITY_MISSING)
        named = asks_leader and "PERSON" in sentence.entities and bool(led & word_stems(sentence.text))
        if named and _leader_named(sentence.text):
            score += LEADER_NAMED
        if info.wh == "why" and REASON_WORDS & set(re.findall(r"\w+", sentence.text.lower())):
            score += REASON_MATCH
        if row in context.quoted_before:
            score += ALREADY_QUOTED
        if context.other_than and claim.speaker == context.other_than:
            score += ALREADY_QUOTED
        if sentence.headline:
            score += HEADLINE
        if context.article and sentence.article_id != context.article:
            score += OTHER_ARTICLE
        scored.append(Scored(row, score, dense[row], matched))
    scored.sort(key=lambda s: (-s.score, s.row))
    # One memoised parse check serves both the re-ranking and the abstention decision.
    fact_check = _fact_check(index, context)
    if info.wants and info.exact:
        scored = _rerank_facts(index, context, scored, fact_check)

    # The source's sentences credited with the verb asked ("did they deny ...": its denials).
    cued = {row for row in source_rows if predicate_stems and _cue_matches(index, row, predicate_stems)}
    reason = abstain_reason(index, embedder, context, scored, source_rows, fact_check, source_cued=bool(cued))
    if reason:
        related = tuple(s.row for s in sorted(scored, key=lambda s: (-s.dense, s.row))[:2])
        return Selection((), (), True, related, reason=reason)

    # "What did X call for" returns every call X made, however it scored.
    matching = cued | {
        row for row in source_rows if predicate_stems and predicate_stems & word_stems(index.sentences[row].text)
    }
    # "How did X assess the vote": when X never uses the verb asked, all X said is the answer;
    # "what did X announce in its statement": the whole statement.
    aggregate = bool(source_rows) and (len(specific) != 1 or not matching or info.asks_document)
    topic = word_stems(" ".join(info.topic)) if aggregate else set()
    if aggregate and not specific and not topic:
        # "What did X say": all of X's statements, best first, up to k.
        matching = set(source_rows)
    stories = headline_topic(index, topic, source_rows) if aggregate and not specific and topic else set()
    if stories:
        # "What is the group saying about the Cyclia case", with the Cyclia story's headline: all it says there.
        matching = {row for row in source_rows if index.sentences[row].article_id in stories}
    if specific and matching and not aggregate:
        # "Did they deny anything?": the source's denial leads, before its other statements.
        scored = sorted(scored, key=lambda s: s.row not in cued)
    chosen = _choose(index, scored, source_rows, k, aggregate, topic, matching, context.exclude)
    lead = index.claims[chosen[0].row].speaker if info.asks_speaker else None
    return Selection(tuple(s.row for s in chosen), tuple(s.dense for s in chosen), False, (), lead)


def _speaker_is_kind(speaker: str, kind: AbstractSet[str]) -> bool:
    """Whether the speaker is of the kind a "which N" question asks for (its words, or a country)."""
    if kind & word_stems(speaker):
        return True
    return bool(kind & COUNTRY_KINDS) and any(
        country_of(word) is not None for word in re.findall(r"[\w-]+", speaker.lower())
    )


def _leader_named(text: str) -> bool:
    """Whether a person is named with a word for leading: "Forward leader Matthias Brenn", "Ann Roe, who
    chairs the initiative", "its president, Ann Roe", "led by Ann Roe"."""
    doc = parse(text)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        near = [t for c in root.children if c.dep_ in {"compound", "appos", "relcl"} for t in c.subtree]
        if root.dep_ == "appos":
            near.extend(t for t in root.head.subtree if t.i < ent.start)
        if root.head.dep_ == "agent":  # "the party is led by Ann Roe"
            near.append(root.head.head)
        if LEADING & word_stems(" ".join(t.text for t in near if not (ent.start <= t.i < ent.end))):
            return True
    return False


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


def _asks_itself(index: SentenceIndex, row: int, stems: AbstractSet[str]) -> bool:
    """Whether the sentence's speaker makes the call in its own words: "we urge", "the Uzbek side calls on"."""
    names = names_of(index.claims[row])
    if not names:
        return False
    for token in parse(index.sentences[row].text):
        if token.pos_ != "VERB" or not stems & word_stems(token.lemma_):
            continue
        # A conjoined verb shares a subject up its chain ("The side considers X to be Y and calls on ...").
        subjects, holder = [], token
        for _ in range(3):
            subjects += [c for c in holder.children if c.dep_ == "nsubj"]
            if holder.dep_ not in {"conj", "xcomp", "ccomp"} or holder.head.i == holder.i:
                break
            holder = holder.head
        for subject in subjects:
            if subject.lower_ in {"we", "i"}:
                return True
            words = [w for w in name_words(" ".join(t.text for t in subject.subtree)) if w != "side"]
            if words and source_matches(words, names):
                return True
    return False


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
    named_in: dict[str, bool] = {}  # per article: whether it names everyone the question does
    amount_of = word_stems(info.focus) if info.wh == "how much" and info.focus else frozenset()

    def check(item: Scored) -> bool:
        if item.row not in memo:
            # "How much will Tiefwerk pay": not from an article that never names Tiefwerk.
            article = index.sentences[item.row].article_id
            if article not in named_in:
                named_in[article] = names_in_article(index, article, info.names)
            memo[item.row] = named_in[article] and fact_attached(
                index,
                item.row,
                info.wants,
                content,
                item.source_match,
                counted,
                info.wh == "when",
                predicates,
                stretch=info.wh == "how long" or SPAN_ASKED.search(info.text) is not None,
                amount_of=amount_of,
                measure=info.wants == MEASURE_LABELS,
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


def _announces(index: SentenceIndex, row: int) -> bool:
    """Whether the sentence only announces the statement quoted from the next paragraph on: "The
    ministry issued a statement after the hearing." followed by the statement's words, but not "The
    operator said in a statement that it had ordered checks.", which reports some of it."""
    claim, sentence = index.claims[row], index.sentences[row]
    if claim.kind == "direct" or claim.speaker is None or row + 1 >= len(index.sentences):
        return False
    following, quoted = index.sentences[row + 1], index.claims[row + 1]
    return (
        following.article_id == sentence.article_id
        and following.paragraph != sentence.paragraph
        and quoted.kind == "direct"
        and (quoted.speaker, quoted.cue) == (claim.speaker, claim.cue)
        and not any(token.dep_ == "ccomp" for token in parse(sentence.text))
    )


def _choose(
    index: SentenceIndex,
    scored: list[Scored],
    source_rows: set[int],
    k: int,
    aggregate: bool,
    topic: AbstractSet[str],
    matching: frozenset[int] | set[int] = frozenset(),
    exclude: AbstractSet[int] = frozenset(),
) -> list[Scored]:
    """The best sentence and those close behind it; for "what did X say", X's whole statements.

    A sentence that only announces a quotation ("X said in a statement:") gives way to the
    quoted sentences that follow it. Rows in ``matching`` (the source's sentences with the
    predicate asked about) join however far behind they score. With a topic ("what did X say about Y"), statements from
    other articles than the best sentence's must mention it. A statement's sentences in ``exclude``
    ("what else did she say": those quoted already) stay out.
    """
    top = scored[0]
    by_row = {s.row: s for s in scored}
    margin = AGGREGATE_MARGIN if aggregate else MARGIN
    chosen: list[Scored] = []
    seen_rows: set[int] = set()
    seen_texts: set[str] = set()

    def take(row: int) -> None:
        text = index.sentences[row].text
        if row in seen_rows or row in exclude or text in seen_texts or len(chosen) >= k:
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
        if len(run) > 1 and (text.rstrip().endswith(":") or (aggregate and _announces(index, item.row))):
            run = run[1:]
        for row in run:
            take(row)
    return chosen or [top]

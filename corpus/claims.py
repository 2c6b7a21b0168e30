"""Who said what: the source each sentence is credited to, read from spaCy's dependency parse.

For every sentence we look for a reporting cue (a reporting verb such as *said*, *claims*,
*accused*, *called on*, or the phrase *according to*) outside quotation marks, and take its
grammatical subject (or the object of *according to*) as the speaker. Then, in article order:

- pronouns and short definite references (*they*, *the Ministry*, *the spokesman*) are resolved
  to the nearest earlier speaker that fits (person, group, organisation, same head noun);
- sentences inside an open quotation inherit the speaker of the quotation, including a
  statement announced with a colon ("X said in a statement:") and quoted in the next paragraph;
- unnamed sources ("officials said", "a spokeswoman said") are flagged as anonymous;
- sentences with no cue keep no speaker: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from corpus.records import Article, Claim
from corpus.segment import ParsedSentence

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Lemmas of verbs that report speech, claims or stances (Bergler's reporting verbs and the like).
REPORTING_VERBS = frozenset(
    (
        "accuse acknowledge add admit agree allege announce argue ask assert assure blame call charge claim "
        "comment complain concede condemn confirm contend counter criticise criticize declare demand deny "
        "describe disclose dismiss dispute emphasise emphasize estimate explain express indicate insist issue "
        "maintain mention note observe order pledge point post predict promise propose publish question recommend "
        "reiterate reject release remark repeat reply report respond reveal say signal state stress suggest tell "
        "testify threaten underline urge voice vow warn welcome write "
    ).split()
)
# Verbs whose particle or preposition belongs to the cue ("called on", "pointed out").
PHRASAL = {"call": {"on", "for", "upon"}, "point": {"out"}}
# Verbs whose object names the stance ("expressed concern").
WITH_OBJECT = frozenset({"express", "voice", "issue"})
# Clauses that hang off a subject without being part of its name.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})
DASHES = frozenset({"-", "–", "—", "--"})
OPENERS = "“«‘"
CLOSERS = "”»’"
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them"})
THING_PRONOUNS = frozenset({"it"})


@dataclass(frozen=True)
class Speaker:
    """A speaker mention and what kind of antecedent it can stand for."""

    name: str
    head: str
    person: bool
    plural: bool
    anonymous: bool = False


@dataclass(frozen=True)
class Found:
    """A cue found in one sentence: the speaker phrase, its head token and the cue words."""

    phrase: str
    head: Token
    cue: str


def _quote_mask(text: str) -> list[bool]:
    """For each character, whether it lies inside quotation marks (straight or curly)."""
    mask = [False] * len(text)
    inside = False
    for i, ch in enumerate(text):
        if ch in OPENERS:
            inside = True
        elif ch in CLOSERS and ch != "’":
            inside = False
        elif ch == '"':
            before = text[i - 1] if i else " "
            inside = before.isspace() or before in "([{—–-:" if not inside else False
        mask[i] = inside
    return mask


def _opens_quote(text: str) -> bool:
    """True when ``text`` leaves a quotation open at its end."""
    mask = _quote_mask(text)
    return bool(mask) and mask[-1]


def _subtree_phrase(head: Token) -> str:
    """The noun phrase headed by ``head``, without relative clauses, dateline or edge punctuation."""
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ in CLAUSE_DEPS:
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    # A wire dateline ("ASTREL, Velmora, March 5 (Meridian) - Velmora's minister ...") is not part
    # of the name: keep what follows the dash.
    dash = max((n for n, t in enumerate(tokens) if t.text in DASHES and n < len(tokens) - 1), default=-1)
    if dash >= 0:
        tokens = tokens[dash + 1 :]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return head.text
    return head.doc[tokens[0].i : tokens[-1].i + 1].text


def _cue_words(verb: Token) -> str:
    """The reporting verb with its particle ("called on") or stance object ("expresses deep concern")."""
    words = [verb]
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in {"prt", "prep"} and child.lower_ in PHRASAL.get(lemma, ()):
            words.append(child)
        if lemma in WITH_OBJECT and child.dep_ == "dobj":
            words.extend(t for t in child.subtree if t.i <= child.i)
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def _subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``, borrowed from the verb it is conjoined to or modifies."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        subjects = [child for child in current.children if child.dep_ == "nsubj"]
        if subjects:
            # Nearest to the verb: a wire dateline ("PARIS, May 2 -") can be parsed as a second subject.
            position = current.i
            return min(subjects, key=lambda child: abs(child.i - position))
        if current.dep_ in {"conj", "advcl", "xcomp"} and current.head is not current:
            current = current.head
        else:
            return None
    return None


def _depth(token: Token) -> int:
    """Distance from the sentence root."""
    depth = 0
    while token.head is not token and depth < 50:
        token = token.head
        depth += 1
    return depth


def find_cue(span: Span, quoted: list[bool]) -> Found | None:
    """The sentence's main reporting cue outside quotation marks, with its speaker phrase."""
    start = span.start_char

    def outside(token: Token) -> bool:
        offset = token.idx - start
        return 0 <= offset < len(quoted) and not quoted[offset]

    for token in span:
        if token.lower_ == "according" and outside(token):
            for prep in token.children:
                if prep.lower_ == "to":
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    if (
                        objects
                        and objects[0].pos_ in {"PROPN", "NOUN"}
                        and not objects[0].lower_.startswith("information")
                    ):
                        return Found(_subtree_phrase(objects[0]), objects[0], "according to")
    candidates = []
    for token in span:
        if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING_VERBS or not outside(token):
            continue
        if any(child.dep_ == "neg" for child in token.children):
            continue  # "did not respond", "declined to say": no claim is made
        subject = _subject_of(token)
        if subject is None or not outside(subject) or subject.lower_ in {"who", "which", "that"}:
            continue
        candidates.append((_depth(token), token.i, token, subject))
    if not candidates:
        return None
    _, _, verb, subject = min(candidates, key=lambda c: (c[0], c[1]))
    return Found(_subtree_phrase(subject), subject, _cue_words(verb))


def _describe(found: Found) -> Speaker:
    """Classify a speaker phrase: person, plural group, anonymous source."""
    head = found.head
    tokens = list(head.subtree)
    ents = {e.label_ for e in head.doc.ents if e.start <= head.i < e.end or any(e.start <= t.i < e.end for t in tokens)}
    has_conj = any(t.dep_ == "conj" and t.head.i == head.i for t in head.children) or any(
        t.dep_ == "conj" for t in head.subtree if t.head.i == head.i
    )
    # "Dravik Chemicals" (NNPS) is one organisation; "officials" (NNS) or "A and B" are several.
    plural = has_conj or head.tag_ == "NNS" or head.lower_ in GROUP_PRONOUNS
    person = "PERSON" in ents and not has_conj
    named = any(t.pos_ == "PROPN" for t in tokens) or bool(ents & {"PERSON", "ORG", "GPE", "NORP"})
    determiners = {t.lower_ for t in head.children if t.dep_ in {"det", "nummod", "quantmod"}}
    indefinite = not determiners or bool(determiners & {"a", "an", "some", "several", "two", "three", "many", "few"})
    anonymous = (
        head.pos_ == "NOUN"
        and not named
        and indefinite
        and found.cue != "according to"
        and not any(t.dep_ == "poss" for t in head.children)
    )
    return Speaker(found.phrase, head.lemma_.lower(), person, plural, anonymous)


def _resolve(found: Found, speaker: Speaker, earlier: list[Speaker], previous: Speaker | None = None) -> Speaker:
    """Replace a pronoun or short definite reference by the nearest earlier speaker that fits.

    ``previous`` is the speaker of the sentence just before, if it had one: "Dravik rejected
    that account. '...,' a company spokeswoman said." credits the quote to Dravik.
    """
    head = found.head
    word = head.lower_
    recent = list(reversed(earlier))
    organisation = previous is not None and not (previous.person or previous.plural or previous.anonymous)
    determiners = {t.lower_ for t in head.children if t.dep_ in {"det", "predet"}}
    role_of = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "NOUN"]
    if organisation and determiners & {"a", "an"} and role_of and head.pos_ == "NOUN":
        assert previous is not None
        return previous
    if head.pos_ == "PRON":
        if word in PERSON_PRONOUNS:
            match = next((s for s in recent if s.person), None)
        elif word in GROUP_PRONOUNS:
            match = next((s for s in recent if s.plural and not s.anonymous), None)
        elif word in THING_PRONOUNS:
            match = next((s for s in recent if not s.person and not s.plural), None)
        else:
            match = None
        return match or speaker
    if {"both", "all"} & determiners and head.tag_ in {"NNS", "NNPS"}:
        match = next((s for s in recent if s.plural and not s.anonymous and s.head != speaker.head), None)
        return match or speaker
    definite = bool(determiners & {"the", "this", "that"}) or any(
        t.dep_ == "poss" and t.pos_ == "PRON" for t in head.children
    )
    short = len(found.phrase.split()) <= 4
    if definite and short:
        proper_names = [t for t in head.subtree if t.pos_ == "PROPN" and t.i != head.i]
        if not proper_names:
            match = next((s for s in recent if s.head == speaker.head and s.name != speaker.name), None)
            if match is None:
                match = next(
                    (s for s in recent if speaker.head in s.name.lower().split() and s.name != speaker.name), None
                )
            return match or speaker
    return speaker


def _clean_name(name: str) -> str:
    """Drop a leading article so the same source reads the same everywhere."""
    for article in ("the ", "The "):
        if name.startswith(article) and len(name) > len(article):
            return name[len(article) :]
    return name


def _kind(span: Span, quoted: list[bool]) -> str:
    """``direct`` when the sentence carries at least three quoted words, else ``indirect``."""
    inside = "".join(ch if q else " " for ch, q in zip(span.text, quoted, strict=False))
    return "direct" if len(inside.split()) >= 3 else "indirect"


def attribute(article: Article, sentences: Iterable[ParsedSentence]) -> list[Claim]:
    """One claim record per sentence, in order (see the module docstring for the rules)."""
    parsed = list(sentences)
    claims: list[Claim] = []
    earlier: list[Speaker] = []
    previous_speaker: Speaker | None = None  # the speaker of the sentence just before, if any
    open_quote: Claim | None = None  # claim of a quotation still open at the previous sentence's end
    announced: Claim | None = None  # "X said in a statement:" waiting for its quote
    pending: list[int] = []  # continuation sentences waiting for a speaker named later in the quote
    for item in parsed:
        sentence, span = item.sentence, item.span
        quoted = _quote_mask(span.text)
        starts_inside = open_quote is not None or (sentence.text[:1] in OPENERS + '"' and announced is not None)
        new_paragraph = bool(claims) and sentence.paragraph != parsed[len(claims) - 1].sentence.paragraph
        if announced is not None and new_paragraph and sentence.text[:1] not in OPENERS + '"':
            announced = None
        found = find_cue(span, quoted)
        claim: Claim
        if found is not None:
            speaker = _describe(found)
            resolved = _resolve(found, speaker, earlier, previous_speaker)
            aliases = (found.phrase,) if resolved.name != speaker.name else ()
            name = _clean_name(resolved.name)
            claim = Claim(
                article.id,
                sentence.index,
                name,
                found.cue,
                "direct" if open_quote is not None else _kind(span, quoted),
                anonymous=resolved.anonymous,
                aliases=aliases,
            )
            earlier.append(resolved)
            previous_speaker = resolved
            for waiting in pending:
                claims[waiting] = replace(claim, sentence=claims[waiting].sentence, kind="direct", cue=claim.cue)
            pending = []
            announced = claim if sentence.text.rstrip().endswith(":") else None
        elif starts_inside:
            source = open_quote or announced
            assert source is not None  # starts_inside implies one of them
            claim = replace(source, sentence=sentence.index, kind="direct")
        elif sentence.text[:1] in OPENERS + '"':
            # A quotation whose speaker is named later ('"It is over. We won," the minister said.').
            claim = Claim(article.id, sentence.index, None, None, "narration")
            pending.append(len(claims))
        else:
            claim = Claim(article.id, sentence.index, None, None, "narration")
            pending = []
        claims.append(claim)
        if found is None:
            previous_speaker = None
        still_open = _continues_open(span.text) if open_quote is not None else _opens_quote(span.text)
        open_quote = claim if still_open and claim.speaker else None
        if not still_open:
            pending = []  # the quotation closed without naming its speaker
    return claims


def _continues_open(text: str) -> bool:
    """For a sentence that starts inside a quotation: is it still open at the end?"""
    mask = _quote_mask('"' + text)
    return bool(mask) and mask[-1]

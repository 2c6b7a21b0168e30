"""Who said what: the source each sentence is credited to, read from spaCy's dependency parse.

For every sentence we look for a reporting cue (a reporting verb such as *said*, *claims*,
*accused*, *called on*, or the phrase *according to*) outside quotation marks, and take its
grammatical subject (or the object of *according to*) as the speaker. Then, in article order:

- pronouns are resolved to the nearest earlier speaker that fits (person, group, organisation),
  else to the nearest earlier person (or organisation, for *it*) named as a grammatical subject;
  a pronoun with nothing to stand for leaves the speaker unknown, never the pronoun itself;
- short definite references (*the Ministry*, *the spokesman*, *the judge*) go to the nearest
  earlier speaker with the same head noun, else to an earlier name carrying that title
  ("Judge Ann Roe", "Ann Roe, the director");
- a bare short name (*Roe said*) takes the full earlier mention it belongs to, a speaker or a
  PERSON/ORG name ("prosecutor Ann Roe"), so one source reads the same everywhere;
- documents (*the statement*, *the report*) are not sources: they are credited to whoever issued
  them, named in the phrase ("a statement from the ministry") or the nearest earlier speaker,
  preferably one whose sentence mentions that document;
- sentences inside an open quotation inherit the speaker of the quotation, including a
  statement announced with a colon ("X said in a statement:") and quoted in the next paragraph,
  and a quotation following an attributed quote in the same paragraph ('"A," X said. "B."');
- unnamed sources ("officials said", "a spokeswoman said") are flagged as anonymous;
- sentences with no cue keep no speaker: nothing is guessed.

The phrase a source was first named by stays in the claim's ``aliases``.
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
# Verbs that take back the reporting verb they govern ("declined to comment").
REFUSALS = frozenset({"decline", "refuse", "fail"})
# Clauses that hang off a subject without being part of its name.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})
DASHES = frozenset({"-", "–", "—", "--"})
OPENERS = "“«‘"
CLOSERS = "”»’"
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "both"})
THING_PRONOUNS = frozenset({"it"})
# Entity labels of names that can speak, and of places (a country is not a short form of its ministry).
NAME_LABELS = frozenset({"PERSON", "ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Roles whose whole noun phrase names a mention ("Ann Roe, the director"); elsewhere the name alone.
PHRASE_DEPS = SUBJECT_DEPS | {"attr", "appos"}
# Documents that "say" things on behalf of whoever issued them.
DOCUMENT_NOUNS = frozenset(
    (
        "statement communique communiqué commentary report letter document memo memorandum note release "
        "declaration notice bulletin editorial article post message email e-mail tweet transcript filing "
        "ruling verdict indictment complaint lawsuit decree order study survey paper text resolution"
    ).split()
)
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True)
class Name:
    """A PERSON or ORG name inside a speaker phrase, as words ("Ann Roe" in "prosecutor Ann Roe")."""

    label: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Speaker:
    """A speaker mention and what kind of antecedent it can stand for.

    ``names`` are the PERSON/ORG names inside ``name``, ``titles`` the role nouns it carries
    ("judge", "director") and ``context`` the noun lemmas of the sentence it was found in.
    """

    name: str
    head: str
    person: bool
    plural: bool
    anonymous: bool = False
    names: tuple[Name, ...] = ()
    titles: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mention:
    """A PERSON or ORG name met in the text, spoken or not, for resolving later references."""

    speaker: Speaker
    subject: bool


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


def _is_dateline_dash(token: Token) -> bool:
    """A dash with space on both sides ("PARIS - ..."); "Secretary-General" is one word."""
    return token.text in DASHES and bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def _phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``, without relative clauses, dateline or edge punctuation."""
    skip: set[int] = set()
    for token in head.subtree:
        # A relative clause is never part of a name, wherever it hangs ("X, director of Y, who ...").
        if token.dep_ == "relcl" or (token.head.i == head.i and token.i != head.i and token.dep_ in CLAUSE_DEPS):
            skip.update(t.i for t in token.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    # A wire dateline ("ASTREL, Velmora, March 5 (Meridian) - Velmora's minister ...") is not part
    # of the name: keep what follows the dash.
    dash = max((n for n, t in enumerate(tokens) if _is_dateline_dash(t) and n < len(tokens) - 1), default=-1)
    if dash >= 0:
        tokens = tokens[dash + 1 :]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        if tokens[-1].text in ")]" and any(t.text in "([" for t in tokens):
            break  # "Global Health Agency (GHA)" keeps its closing bracket
        tokens = tokens[:-1]
    return tokens or [head]


def _subtree_phrase(head: Token) -> str:
    """The noun phrase headed by ``head`` as text (see :func:`_phrase_tokens`)."""
    tokens = _phrase_tokens(head)
    return head.doc[tokens[0].i : tokens[-1].i + 1].text


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words without a leading article or edge punctuation."""
    words = tuple(w.strip(",;:()[]") for w in text.split())
    words = tuple(w for w in words if w)
    return words[1:] if len(words) > 1 and words[0].lower() == "the" else words


def _names_in(tokens: list[Token]) -> tuple[Name, ...]:
    """The PERSON and ORG entities lying inside ``tokens``."""
    first, last = tokens[0].i, tokens[-1].i
    doc = tokens[0].doc
    return tuple(
        Name(e.label_, _words(e.text))
        for e in doc.ents
        if e.label_ in NAME_LABELS and e.start >= first and e.end <= last + 1
    )


def _titles(root: Token, tokens: list[Token]) -> frozenset[str]:
    """Role nouns a name carries: "judge" in "Judge Ann Roe", "director" in "Ann Roe, the director"."""
    titles = {t.lemma_.lower() for t in tokens if t.i < root.i and t.pos_ in {"NOUN", "PROPN"} and not t.ent_type_}
    if root.pos_ == "NOUN":
        titles.add(root.lemma_.lower())
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            titles.add(child.lemma_.lower())
    return frozenset(titles)


def _context(span: Span) -> frozenset[str]:
    """Lemmas of the nouns in a sentence ("statement" for "... rejected that in a statement")."""
    return frozenset(t.lemma_.lower() for t in span if t.pos_ == "NOUN")


def _mentions(span: Span, quoted: list[bool], before: int) -> list[Mention]:
    """PERSON and ORG names outside quotation marks in ``span`` that end before token ``before``."""
    found: list[Mention] = []
    context = _context(span)
    for ent in span.ents:
        offset = ent.start_char - span.start_char
        if ent.label_ not in NAME_LABELS or ent.end > before or not 0 <= offset < len(quoted) or quoted[offset]:
            continue
        root = ent.root
        # "Ann Roe" in "the firm's lawyer, Ann Roe, said" is named by the whole apposition.
        anchor = root.head if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"} else root
        conjoined = any(c.dep_ == "conj" for c in anchor.children)
        tokens = _phrase_tokens(anchor) if anchor.dep_ in PHRASE_DEPS and not conjoined else list(ent)
        if tokens[0].lower_ == "the" and len(tokens) > 1:
            tokens = tokens[1:]
        person = ent.label_ == "PERSON"
        speaker = Speaker(
            span.doc[tokens[0].i : tokens[-1].i + 1].text,
            root.lemma_.lower(),
            person,
            False,
            names=_names_in(tokens) or (Name(ent.label_, _words(ent.text)),),
            titles=_titles(root, tokens) | _titles(anchor, tokens),
            context=context,
        )
        found.append(Mention(speaker, anchor.dep_ in SUBJECT_DEPS))
    return found


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
        if any(child.dep_ == "neg" for child in token.children) or (
            token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSALS
        ):
            continue  # "did not respond", "declined to say": no claim is made
        subject = _subject_of(token)
        if subject is None or not outside(subject) or subject.lower_ in {"who", "which", "that"}:
            continue
        candidates.append((_depth(token), token.i, token, subject))
    if not candidates:
        return None
    _, _, verb, subject = min(candidates, key=lambda c: (c[0], c[1]))
    return Found(_subtree_phrase(subject), subject, _cue_words(verb))


def _describe(found: Found, context: frozenset[str] = frozenset()) -> Speaker:
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
    phrase = _phrase_tokens(head)
    return Speaker(
        found.phrase,
        head.lemma_.lower(),
        person,
        plural,
        anonymous,
        names=_names_in(phrase),
        titles=_titles(head, phrase),
        context=context,
    )


def _short_name(found: Found) -> tuple[str, ...] | None:
    """The words of a bare one- or two-word proper name ("Roe", "Acme"), else None."""
    tokens = [t for t in _phrase_tokens(found.head) if not t.is_punct]
    words = _words(found.phrase)
    # The tagger sometimes reads a surname as a common noun; the entity recogniser still knows it.
    proper = all(t.pos_ == "PROPN" or (t.ent_type_ in NAME_LABELS and t.text[:1].isupper()) for t in tokens)
    if not tokens or len(words) > 2 or not proper:
        return None
    if found.head.ent_type_ in PLACE_LABELS:
        return None  # a country is its own source, not a short form of "Freedonia's Foreign Ministry"
    return words


def _full_name(found: Found, candidates: list[Speaker]) -> Speaker | None:
    """The nearest candidate with a longer name that ends with (else contains) the short name.

    ``candidates`` are earlier speakers then earlier mentions, each nearest first. A name whose
    entity label disagrees (a PERSON "Roe" and an ORG "Roe Holdings") only matches by its ending.
    """
    words = _short_name(found)
    if words is None:
        return None
    size = len(words)
    label = found.head.ent_type_

    def fits(name: Name, any_label: bool) -> bool:
        return any_label or not label or label not in NAME_LABELS or name.label == label

    def ends(name: Name, any_label: bool) -> bool:
        return len(name.words) > size and name.words[-size:] == words and fits(name, any_label)

    def contains(name: Name, any_label: bool) -> bool:
        inner = (name.words[i : i + size] for i in range(len(name.words) - size + 1))
        return len(name.words) > size and words in inner and fits(name, any_label)

    usable = [c for c in candidates if not c.plural and not c.anonymous and _words(c.name) != words]
    for test, any_label in ((ends, False), (contains, False), (ends, True)):
        match = next((c for c in usable if any(test(n, any_label) for n in c.names)), None)
        if match is not None:
            return match
    return None


def _issuer(head: Token) -> Token | None:
    """Who a document names as its author: "the ministry's statement", "a letter from the union"."""
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
            # "of" names an author only when a name follows: "the statement of the Foreign Ministry",
            # not "a study of 500 patients".
            kinds = {"PROPN"} if child.lower_ == "of" else {"NOUN", "PROPN"}
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in kinds]
            if objects:
                return objects[0]
    return None


def _document_source(found: Found, earlier: list[Speaker], mentions: list[Mention]) -> Speaker | None:
    """Whoever issued the document a cue is credited to ("the statement said"), if it is one."""
    head = found.head
    if head.pos_ != "NOUN" or head.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    issuer = _issuer(head)
    if issuer is not None:
        tokens = [t for t in _phrase_tokens(issuer) if not (t.dep_ == "case" and t.head.i == issuer.i)]
        owner = Found(head.doc[tokens[0].i : tokens[-1].i + 1].text, issuer, found.cue)
        return _resolve(owner, _describe(owner), earlier, mentions)
    determiners = {t.lower_ for t in head.children if t.dep_ in {"det", "poss"}}
    if not determiners & (DEFINITE | {"its", "their"}):
        return None
    sources = [s for s in reversed(earlier) if not s.anonymous]
    noun = head.lemma_.lower()
    return next((s for s in sources if noun in s.context), None) or next(iter(sources), None)


def _carries(mention: Speaker, noun: str) -> bool:
    """True when a name carries the role noun as a title or ends with it ("Harbour Court")."""
    return noun in mention.titles or any(n.words and n.words[-1].lower() == noun for n in mention.names)


def _resolve(
    found: Found,
    speaker: Speaker,
    earlier: list[Speaker],
    mentions: list[Mention],
    previous: Speaker | None = None,
) -> Speaker | None:
    """Replace a pronoun, short name or short definite reference by the earlier source it stands for.

    ``earlier`` are the speakers so far and ``mentions`` the PERSON/ORG names so far, both in
    article order. ``previous`` is the speaker of the sentence just before, if it had one:
    "Dravik rejected that account. '...,' a company spokeswoman said." credits the quote to
    Dravik. None means a pronoun with nothing to stand for.
    """
    head = found.head
    word = head.lower_
    recent = list(reversed(earlier))
    named = [m.speaker for m in reversed(mentions)]
    subjects = [m.speaker for m in reversed(mentions) if m.subject]
    organisation = previous is not None and not (previous.person or previous.plural or previous.anonymous)
    determiners = {t.lower_ for t in head.children if t.dep_ in {"det", "predet"}}
    role_of = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "NOUN"]
    if organisation and determiners & {"a", "an"} and role_of and head.pos_ == "NOUN":
        assert previous is not None
        return previous
    if head.pos_ == "PRON":
        if word in PERSON_PRONOUNS:
            return next((s for s in recent + subjects if s.person), None)
        if word in GROUP_PRONOUNS:
            return next((s for s in recent if s.plural and not s.anonymous), None)
        if word in THING_PRONOUNS:
            return next((s for s in recent + subjects if not s.person and not s.plural), None)
        return None
    document = _document_source(found, earlier, mentions)
    if document is not None:
        return document
    full = _full_name(found, recent + named)
    if full is not None:
        return full
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
            if match is None:
                # "The judge said" after "Judge Ann Roe found ...", "the court" after "the Harbour Court".
                match = next((s for s in named if _carries(s, speaker.head)), None)
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


def _continues_open(text: str) -> bool:
    """For a sentence that starts inside a quotation: is it still open at the end?"""
    mask = _quote_mask('"' + text)
    return bool(mask) and mask[-1]


def _all_quoted(text: str) -> bool:
    """True when every word of ``text`` lies inside quotation marks that it opens."""
    if text[:1] not in OPENERS + '"':
        return False
    return all(inside for ch, inside in zip(text, _quote_mask(text), strict=True) if ch.isalnum())


def _quotes_something(text: str, quoted: list[bool]) -> bool:
    """True when some word of the sentence lies inside quotation marks."""
    return any(inside and ch.isalnum() for ch, inside in zip(text, quoted, strict=True))


def attribute(article: Article, sentences: Iterable[ParsedSentence]) -> list[Claim]:
    """One claim record per sentence, in order (see the module docstring for the rules)."""
    parsed = list(sentences)
    claims: list[Claim] = []
    earlier: list[Speaker] = []
    mentions: list[Mention] = []  # PERSON and ORG names in the sentences so far
    previous_speaker: Speaker | None = None  # the speaker of the sentence just before, if any
    was_open = False  # whether the previous sentence left a quotation open
    open_quote: Claim | None = None  # claim of a quotation still open at the previous sentence's end
    announced: Claim | None = None  # "X said in a statement:" waiting for its quote
    pending: list[int] = []  # quoted sentences waiting for a speaker named later in the quote
    previous_quotes = False  # whether the previous sentence quoted anyone
    for item in parsed:
        sentence, span = item.sentence, item.span
        quoted = _quote_mask(span.text)
        starts_inside = open_quote is not None or (sentence.text[:1] in OPENERS + '"' and announced is not None)
        new_paragraph = bool(claims) and sentence.paragraph != parsed[len(claims) - 1].sentence.paragraph
        if announced is not None and new_paragraph and sentence.text[:1] not in OPENERS + '"':
            announced = None
        context = _context(span)
        found = find_cue(span, quoted)
        resolved: Speaker | None = None
        claim: Claim
        if found is not None:
            speaker = _describe(found, context)
            before = _mentions(span, quoted, found.head.left_edge.i)
            resolved = _resolve(found, speaker, earlier, mentions + before, previous_speaker)
            kind = "direct" if open_quote is not None else _kind(span, quoted)
            if resolved is None:  # a pronoun with nothing to stand for: the speaker is unknown
                claim = Claim(article.id, sentence.index, None, found.cue, kind)
            else:
                resolved = replace(resolved, context=context)
                aliases = (found.phrase,) if resolved.name != speaker.name else ()
                claim = Claim(
                    article.id,
                    sentence.index,
                    _clean_name(resolved.name),
                    found.cue,
                    kind,
                    anonymous=resolved.anonymous,
                    aliases=aliases,
                )
                earlier.append(resolved)
            for waiting in pending:
                claims[waiting] = replace(claim, sentence=claims[waiting].sentence, kind="direct", cue=claim.cue)
            pending = []
            announced = claim if sentence.text.rstrip().endswith(":") else None
        elif starts_inside:
            source = open_quote or announced
            assert source is not None  # starts_inside implies one of them
            claim = replace(source, sentence=sentence.index, kind="direct")
        elif (
            claims
            and not new_paragraph
            and previous_quotes
            and claims[-1].speaker is not None
            and _all_quoted(sentence.text)
        ):
            # '"A," X said. "B."': B goes on quoting X, unless the quotation names someone else later.
            claim = replace(claims[-1], sentence=sentence.index, kind="direct")
            pending.append(len(claims))
        elif sentence.text[:1] in OPENERS + '"' or was_open:
            # A quotation whose speaker is named later ('"It is over. We won," the minister said.').
            claim = Claim(article.id, sentence.index, None, None, "narration")
            pending.append(len(claims))
        else:
            claim = Claim(article.id, sentence.index, None, None, "narration")
            pending = []
        claims.append(claim)
        mentions.extend(_mentions(span, quoted, span.end))
        previous_speaker = resolved
        previous_quotes = _quotes_something(span.text, _quote_mask('"' + span.text)[1:] if was_open else quoted)
        was_open = _continues_open(span.text) if was_open else _opens_quote(span.text)
        open_quote = claim if was_open and claim.speaker else None
        if not was_open:
            pending = []  # the quotation closed without naming its speaker
    return claims

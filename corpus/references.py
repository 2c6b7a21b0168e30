"""What a speaker phrase stands for: the source behind a pronoun, a short name, a title or a document.

:mod:`corpus.claims` finds a reporting cue and its speaker phrase; this module reads the phrase
(person or organisation, one or several, named or anonymous) and replaces a reference by the
earlier source it stands for:

- pronouns go to the nearest fitting antecedent, by position in the article, among the earlier
  speakers and the PERSON (or, for *it*, ORG) names met as grammatical subjects. *he*/*she* fit
  a person, a named one or one whose head noun is a person role (*spokesman*, *minister*);
  *they* fits a group, *officials* included; a pronoun with nothing to stand for leaves the
  speaker unknown, never the pronoun itself;
- short definite references (*the Ministry*, *the spokesman*, *the judge*) go to the nearest
  earlier speaker with the same head noun, else to an earlier name carrying that title
  ("Judge Ann Roe", "Ann Roe, the director"); an organisation noun (*the company*, *the
  union*) then goes to the nearest earlier name containing that noun, else to the nearest
  earlier organisation, spoken or named;
- a bare short name (*Roe said*) takes the full earlier mention it belongs to, a speaker or a
  PERSON/ORG name ("prosecutor Ann Roe"), so one source reads the same everywhere; an
  organisation named inside a person's phrase ("Acme's chief, Ann Roe") stands alone;
- documents (*the statement*, *the report*) are not sources: they are credited to whoever issued
  them, named in the phrase ("a statement from the ministry", "according to the union's
  figures") or the nearest earlier speaker, preferably one whose sentence mentions that document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Clauses that hang off a subject without being part of its name.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})
DASHES = frozenset({"-", "–", "—", "--"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Role nouns marked for sex ("spokeswoman", "chairman"): "he" never stands for a spokeswoman.
GENDERED_ROLES = frozenset(
    f"{role}{sex}"
    for role in ("spokes", "chair", "business", "congress", "council", "police", "sales", "")
    for sex in ("man", "woman")
)
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
        "ruling verdict indictment complaint lawsuit decree order study survey paper text resolution "
        "decision judgment judgement website"
    ).split()
)
# Numbers someone published: a source only with their owner named ("the union's estimate").
FIGURE_NOUNS = frozenset("estimate figure data forecast projection calculation count tally analysis result".split())
# Head nouns of a person's role: "a spokesman" can be "he", "officials" can be "they".
# Short on purpose: a role noun that also names a body ("board") belongs to neither list.
PERSON_ROLES = frozenset(
    (
        "spokesman spokeswoman spokesperson official minister director secretary chairman chairwoman chair "
        "president lawyer attorney prosecutor judge analyst doctor economist researcher scientist expert "
        "witness source leader chief mayor governor executive officer investigator inspector manager "
        "diplomat ambassador senator lawmaker legislator deputy councillor councilor commissioner adviser advisor aide "
        "negotiator"
    ).split()
)
# Titles before a surname in a short reference: "Mrs Doyle", "Ms Drummond", "Dr Roe".
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
# Head nouns of an organisation: "the company" is the nearest organisation named before it.
ORGANISATION_NOUNS = frozenset(
    (
        "company firm group operator party agency authority union government commission board council "
        "institute federation ministry department alliance association organisation organization "
        "bank regulator court office committee movement coalition corporation body watchdog charity "
        "foundation league society"
    ).split()
)
# Forces that speak as institutions with no article: "police said", "the army said".
FORCES = frozenset({"police", "army", "military", "navy", "coastguard"})
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
    ("judge", "director"), ``context`` the noun lemmas of the sentence it was found in and
    ``at`` where it was last met (sentence index, token index in the sentence), so that the
    nearest antecedent can be chosen.
    """

    name: str
    head: str
    person: bool
    plural: bool
    anonymous: bool = False
    names: tuple[Name, ...] = ()
    titles: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    at: tuple[int, int] = (0, 0)


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


def _is_dateline_dash(token: Token) -> bool:
    """A dash with space on both sides ("PARIS - ..."); "Secretary-General" is one word."""
    return token.text in DASHES and bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``, without relative clauses, dateline or edge punctuation."""
    skip: set[int] = set()
    for token in head.subtree:
        # A relative clause is never part of a name, wherever it hangs ("X, director of Y, who ...").
        if token.dep_ == "relcl" or (token.head.i == head.i and token.i != head.i and token.dep_ in CLAUSE_DEPS):
            skip.update(t.i for t in token.subtree)
        # "The regulator on Thursday ordered": a date the parser hung on the subject is not its name.
        dated = any(c.ent_type_ in {"DATE", "TIME"} for c in token.children)
        if token.head.i == head.i and token.dep_ == "prep" and dated:
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


def subtree_phrase(head: Token) -> str:
    """The noun phrase headed by ``head`` as text (see :func:`phrase_tokens`)."""
    tokens = phrase_tokens(head)
    return head.doc[tokens[0].i : tokens[-1].i + 1].text


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words without a leading article or edge punctuation."""
    words = tuple(w.strip(",;:()[]") for w in text.split())
    words = tuple(w for w in words if w)
    return words[1:] if len(words) > 1 and words[0].lower() == "the" else words


def _entity(ent: Span) -> Span:
    """An entity without its possessive ending ("Acme" in "Acme's")."""
    return ent[:-1] if len(ent) > 1 and ent[-1].tag_ == "POS" else ent


def _name(ent: Span) -> Name:
    """The words of a PERSON or ORG entity."""
    return Name(ent.label_, _words(_entity(ent).text))


def _names_in(tokens: list[Token]) -> tuple[Name, ...]:
    """The PERSON and ORG entities lying inside ``tokens``."""
    first, last = tokens[0].i, tokens[-1].i
    doc = tokens[0].doc
    return tuple(_name(e) for e in doc.ents if e.label_ in NAME_LABELS and e.start >= first and e.end <= last + 1)


def _titles(root: Token, tokens: list[Token]) -> frozenset[str]:
    """Role nouns a name carries: "judge" in "Judge Ann Roe", "director" in "Ann Roe, the director"."""
    # Not an owner: "the party's chairman" is a chairman, not a party.
    titles = {
        t.lemma_.lower()
        for t in tokens
        if t.i < root.i and t.pos_ in {"NOUN", "PROPN"} and not t.ent_type_ and t.dep_ != "poss"
    }
    if root.pos_ == "NOUN":
        titles.add(root.lemma_.lower())
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            titles.add(child.lemma_.lower())
    return frozenset(titles)


def _preceding_titles(root: Token, tokens: list[Token]) -> frozenset[str]:
    """Role nouns written before a name that the name's phrase left out: "minister" in "a plan by
    Education Minister Ann Roe", where only the name itself is kept as the mention."""
    first = tokens[0].i
    return frozenset(
        c.lemma_.lower()
        for c in root.children
        if c.dep_ == "compound" and c.i < first and c.pos_ in {"NOUN", "PROPN"} and not c.ent_type_
    )


def personal(token: Token) -> bool:
    """True when a noun names a person: part of a PERSON name, or a person's role ("spokesman")."""
    return token.ent_type_ == "PERSON" or (token.pos_ == "NOUN" and token.lemma_.lower() in PERSON_ROLES)


def context_of(span: Span) -> frozenset[str]:
    """Lemmas of the nouns in a sentence ("statement" for "... rejected that in a statement")."""
    return frozenset(t.lemma_.lower() for t in span if t.pos_ == "NOUN")


def mentions_in(span: Span, quoted: list[bool], before: int, sentence: int) -> list[Mention]:
    """PERSON and ORG names outside quotation marks in ``span`` that end before token ``before``."""
    found: list[Mention] = []
    context = context_of(span)
    for ent in span.ents:
        offset = ent.start_char - span.start_char
        if ent.label_ not in NAME_LABELS or ent.end > before or not 0 <= offset < len(quoted) or quoted[offset]:
            continue
        root = ent.root
        # "Ann Roe" in "the firm's lawyer, Ann Roe, said" is named by the whole apposition.
        anchor = root.head if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"} else root
        conjoined = any(c.dep_ == "conj" for c in anchor.children)
        tokens = phrase_tokens(anchor) if anchor.dep_ in PHRASE_DEPS and not conjoined else list(_entity(ent))
        if tokens[0].lower_ == "the" and len(tokens) > 1:
            tokens = tokens[1:]
        speaker = Speaker(
            span.doc[tokens[0].i : tokens[-1].i + 1].text,
            root.lemma_.lower(),
            ent.label_ == "PERSON",
            False,
            names=_names_in(tokens) or (_name(ent),),
            titles=_titles(root, tokens) | _titles(anchor, tokens) | _preceding_titles(root, tokens),
            context=context,
            at=(sentence, root.i - span.start),
        )
        found.append(Mention(speaker, anchor.dep_ in SUBJECT_DEPS))
        if conjoined and anchor.dep_ in SUBJECT_DEPS:
            # "Minister A and her counterpart B met ...": together they are what "they" or
            # "the two ministers" stands for.
            tokens = phrase_tokens(anchor)
            group = [t for t in tokens if t.i == anchor.i or t.dep_ == "conj"]
            found.append(
                Mention(
                    replace(
                        speaker,
                        name=span.doc[tokens[0].i : tokens[-1].i + 1].text,
                        plural=True,
                        names=_names_in(tokens),
                        titles=frozenset().union(*(_titles(t, tokens) | _preceding_titles(t, tokens) for t in group)),
                    ),
                    True,
                )
            )
    return found


def describe(found: Found, context: frozenset[str] = frozenset()) -> Speaker:
    """Classify a speaker phrase: person, plural group, anonymous source."""
    head = found.head
    tokens = list(head.subtree)
    ents = {e.label_ for e in head.doc.ents if e.start <= head.i < e.end or any(e.start <= t.i < e.end for t in tokens)}
    has_conj = any(t.dep_ == "conj" and t.head.i == head.i for t in head.children) or any(
        t.dep_ == "conj" for t in head.subtree if t.head.i == head.i
    )
    # "Dravik Chemicals" (NNPS) is one organisation; "officials" (NNS) or "A and B" are several.
    plural = has_conj or head.tag_ == "NNS" or head.lower_ in GROUP_PRONOUNS
    phrase = phrase_tokens(head)
    titles = _titles(head, phrase)
    # A common noun is a person by its role or the person it names after it ("resident Ann Roe"),
    # not by a modifier before it ("the Tajik government", whatever the small model tags "Tajik");
    # a name is, when tagged PERSON or titled like one ("Deputy Minister X").
    if head.pos_ == "PROPN":
        name_person = "PERSON" in ents or bool(titles & PERSON_ROLES) or _speaks_of_self(head)
    else:
        name_person = any(t.ent_type_ == "PERSON" and t.i > head.i for t in phrase)
    person = (personal(head) or name_person) and not has_conj
    # "A source familiar with Dashpail's finances" is unnamed: the name is what the source knows about.
    knows_about = {t.i for c in head.children if c.dep_ in {"amod", "acl"} and c.i > head.i for t in c.subtree}
    naming = [t for t in tokens if t.i not in knows_about]
    named_ents = {e.label_ for e in head.doc.ents if any(e.start <= t.i < e.end for t in naming)}
    named = any(t.pos_ == "PROPN" for t in naming) or bool(named_ents & {"PERSON", "ORG", "GPE", "NORP"})
    determiners = {t.lower_ for t in head.children if t.dep_ in {"det", "nummod", "quantmod"}}
    indefinite = not determiners or bool(determiners & {"a", "an", "some", "several", "two", "three", "many", "few"})
    anonymous = (
        head.pos_ == "NOUN"
        and not named
        and indefinite
        and found.cue != "according to"
        and not any(t.dep_ == "poss" for t in head.children)
        and head.lemma_.lower() not in FORCES  # "police said" credits the police, not someone unnamed
    )
    return Speaker(
        found.phrase,
        head.lemma_.lower(),
        person,
        plural,
        anonymous,
        names=_names_in(phrase),
        titles=titles,
        context=context,
    )


def named_organisation(speaker: Speaker, mentions: list[Mention]) -> Speaker:
    """``speaker`` as an organisation when its one-word name began an organisation's name before.

    The small model tags "Lumora" PERSON in '"...," Lumora said' though it tagged "doorbell maker
    Lumora Home" ORG: it is that company, so "the company" can stand for it.
    """
    if not speaker.person or speaker.titles or len(speaker.names) != 1 or len(speaker.names[0].words) != 1:
        return speaker
    word = speaker.names[0].words[0]
    # Named in full as an organisation and never as a person: bare mentions tagged PERSON do not outweigh that.
    full = [n for m in mentions for n in m.speaker.names if word in n.words and len(n.words) > 1]
    if any(n.label == "ORG" and n.words[0] == word for n in full) and all(n.label == "ORG" for n in full):
        return replace(speaker, person=False)
    return speaker


def _speaks_of_self(head: Token) -> bool:
    """Whether a name reports what "he" or "she" did: "X told the paper that he had worked ...".

    The small model tags some people's names ORG; one who speaks of himself is a person.
    """
    return any(
        clause.dep_ == "ccomp" and any(c.dep_ == "nsubj" and c.lower_ in {"he", "she"} for c in clause.children)
        for clause in head.head.children
    )


def _capitalised_noun(token: Token) -> bool:
    """A capitalised word the tagger reads as a common noun, and no role or body ("Officials")."""
    return (
        token.pos_ == "NOUN"
        and token.text[:1].isupper()
        and not token.ent_type_
        and token.lemma_.lower() not in PERSON_ROLES | ORGANISATION_NOUNS | FORCES
    )


def _short_name(found: Found) -> tuple[str, ...] | None:
    """The words of a bare one- or two-word proper name ("Roe", "Acme"), else None."""
    tokens = [t for t in phrase_tokens(found.head) if not t.is_punct]
    words = _words(found.phrase)
    # The tagger sometimes reads a surname as a common noun; the entity recogniser still knows it.
    proper = all(t.pos_ == "PROPN" or (t.ent_type_ in NAME_LABELS and t.text[:1].isupper()) for t in tokens)
    if not tokens or len(words) > 2 or not proper:
        return None
    if found.head.ent_type_ in PLACE_LABELS:
        return None  # a country is its own source, not a short form of "Freedonia's Foreign Ministry"
    if len(words) == 2 and words[0].rstrip(".").lower() in HONORIFICS:
        return words[1:]  # "Mrs Doyle" is the "Margaret Doyle" named before
    return words


def _name_alone(name: Name, at: tuple[int, int]) -> Speaker:
    """A speaker made of one name, for an organisation named inside a person's phrase."""
    return Speaker(" ".join(name.words), name.words[-1].lower(), name.label == "PERSON", False, names=(name,), at=at)


def _full_name(words: tuple[str, ...], label: str, candidates: list[Speaker]) -> Speaker | None:
    """The nearest candidate with a longer name that ends with (else contains) the short name ``words``.

    ``candidates`` are earlier speakers then earlier mentions, each nearest first. A name whose
    entity label disagrees (a PERSON "Roe" and an ORG "Roe Holdings") only matches by its ending.
    A name whose kind disagrees with its phrase ("Acme" in "Acme's chief, Ann Roe") is taken alone.
    """
    size = len(words)

    def fits(name: Name, any_label: bool) -> bool:
        return any_label or not label or label not in NAME_LABELS or name.label == label

    def ends(name: Name, any_label: bool) -> bool:
        return len(name.words) > size and name.words[-size:] == words and fits(name, any_label)

    def contains(name: Name, any_label: bool) -> bool:
        inner = (name.words[i : i + size] for i in range(len(name.words) - size + 1))
        return len(name.words) > size and words in inner and fits(name, any_label)

    usable = [c for c in candidates if not c.plural and not c.anonymous and _words(c.name) != words]
    for test, any_label in ((ends, False), (contains, False), (ends, True)):
        for candidate in usable:
            name = next((n for n in candidate.names if test(n, any_label)), None)
            if name is None:
                continue
            if (name.label == "PERSON") != candidate.person:
                return _name_alone(name, candidate.at)
            return candidate
    return None


def expand(mention: Mention, earlier: list[Speaker], mentions: list[Mention]) -> Mention:
    """A mention by a bare short name ("Roe visited ...") with the full earlier name it belongs to."""
    speaker = mention.speaker
    words = _words(speaker.name)
    if len(speaker.names) != 1 or speaker.names[0].words != words or len(words) > 2:
        return mention
    candidates = list(reversed(earlier)) + [m.speaker for m in reversed(mentions)]
    full = _full_name(words, speaker.names[0].label, candidates)
    return mention if full is None else Mention(replace(full, at=speaker.at), mention.subject)


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
        if child.dep_ == "acl" and child.tag_ == "VBN":
            # "results published by the election commission", "a report released by the agency".
            agents = [o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
            if agents:
                return agents[0]
        if child.dep_ == "relcl" and any(c.dep_ == "dobj" and c.tag_ in {"WDT", "WP"} for c in child.children):
            # "the engineering report, which the council released on Monday".
            subjects = [c for c in child.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]
            if subjects:
                return subjects[0]
    return None


def _document_source(found: Found, earlier: list[Speaker], mentions: list[Mention]) -> Speaker | None:
    """Whoever issued the document a cue is credited to ("the statement said"), if it is one."""
    head = found.head
    noun = head.lemma_.lower()
    if head.pos_ != "NOUN" or noun not in DOCUMENT_NOUNS | FIGURE_NOUNS:
        return None
    issuer = _issuer(head)
    if issuer is not None:
        tokens = [t for t in phrase_tokens(issuer) if not (t.dep_ == "case" and t.head.i == issuer.i)]
        owner = Found(head.doc[tokens[0].i : tokens[-1].i + 1].text, issuer, found.cue)
        return resolve(owner, describe(owner), earlier, mentions)
    determiners = {t.lower_ for t in head.children if t.dep_ in {"det", "poss"}}
    if noun not in DOCUMENT_NOUNS or not determiners & (DEFINITE | {"its", "their"}):
        return None
    sources = [s for s in reversed(earlier) if not s.anonymous]
    return next((s for s in sources if noun in s.context), None) or next(iter(sources), None)


def _carries(mention: Speaker, noun: str) -> bool:
    """True when a name carries the role noun as a title or ends with it ("Harbour Court")."""
    return noun in mention.titles or any(n.words and n.words[-1].lower() == noun for n in mention.names)


def _nearest(candidates: Iterable[Speaker], fits: Callable[[Speaker], bool]) -> Speaker | None:
    """The candidate met last that fits; on a tie the one listed first (speakers before names)."""
    best: Speaker | None = None
    for candidate in candidates:
        if fits(candidate) and (best is None or candidate.at > best.at):
            best = candidate
    return best


def _pronoun(word: str, earlier: list[Speaker], mentions: list[Mention]) -> Speaker | None:
    """The nearest earlier speaker or subject a pronoun can stand for, else None."""
    subjects = [m.speaker for m in mentions if m.subject]
    # A document or a figure is never what a pronoun stands for: it is credited to its issuer.
    earlier = [s for s in earlier if s.head not in DOCUMENT_NOUNS | FIGURE_NOUNS]
    if word in PERSON_PRONOUNS:
        # "He" is never "a spokeswoman", nor "she" "the chairman".
        other = "man" if word in {"she", "her"} else "woman"
        return _nearest(
            earlier + subjects,
            lambda s: s.person and not s.plural and not any(_gendered(t, other) for t in s.titles),
        )
    if word in GROUP_PRONOUNS:
        # "A and B held talks in Riga. They stressed ...": the pair need not have spoken before; "Two
        # people familiar with the matter gave a different account. They said ...": nor be named.
        return _nearest(earlier + subjects, lambda s: s.plural)
    if word in THING_PRONOUNS:
        return _nearest(earlier + subjects, lambda s: not s.person and not s.plural)
    return None


def _gendered(word: str, ending: str) -> bool:
    """Whether a role noun is marked for one sex: "spokeswoman" is a woman, "chairman" a man.

    Only role nouns count: a surname may end in "man" too ("Rahlman").
    """
    if word not in GENDERED_ROLES:
        return False
    if ending == "man":
        return word.endswith("man") and not word.endswith("woman")
    return word.endswith("woman")


def _organisation(noun: str, earlier: list[Speaker], mentions: list[Mention]) -> Speaker | None:
    """The organisation "the company" stands for: a name with that noun in it, else the nearest one."""
    names = [m.speaker for m in mentions if not m.speaker.person]
    match = _nearest(names, lambda s: noun in (w.lower() for n in s.names for w in n.words))
    if match is not None:
        return match
    # The company a sentence is about is its subject: in "A agreed to buy B, the company said" A.
    subjects = [m.speaker for m in mentions if m.subject and not m.speaker.person]
    # A name the small model tagged ORG is still no company once it has spoken as a person
    # ("Declan Moor, the union's general secretary").
    people = {n.words for s in earlier if s.person for n in s.names}
    return _nearest(
        earlier + (subjects or names),
        lambda s: (
            not (
                s.person
                or s.plural
                or s.anonymous
                or s.head in DOCUMENT_NOUNS | FIGURE_NOUNS
                or any(n.words in people for n in s.names)
            )
        ),
    )


def _definite(found: Found, speaker: Speaker, earlier: list[Speaker], mentions: list[Mention]) -> Speaker:
    """The earlier source a short definite reference ("the ministry", "the judge") stands for."""
    head = found.head
    if any(t.pos_ == "PROPN" and t.i != head.i for t in head.subtree):
        return speaker
    if speaker.plural:
        # "The two ministers" stands for a group of ministers met before, never for one of them;
        # "the regulators" for the unnamed "State environmental regulators" too.
        groups = earlier + [m.speaker for m in mentions if m.subject]
        match = _nearest(
            groups,
            lambda s: s.plural and (s.head == speaker.head or (not s.anonymous and speaker.head in s.titles)),
        )
        return match or speaker
    # "The party" is never a person of the party ("the party's deputy chairman"), nor "the judge" a court.
    recent = [s for s in reversed(earlier) if s.person == speaker.person]
    match = next((s for s in recent if s.head == speaker.head and s.name != speaker.name), None)
    if match is None:
        match = next((s for s in recent if speaker.head in s.name.lower().split() and s.name != speaker.name), None)
    if match is None:
        # "The judge said" after "Judge Ann Roe found ...", "the court" after "the Harbour Court".
        match = next(
            (
                m.speaker
                for m in reversed(mentions)
                if m.speaker.person == speaker.person and _carries(m.speaker, speaker.head)
            ),
            None,
        )
    # "The company" or "the American company" is the company met before; "the regional
    # authority" is described anew.
    bare = not any(t.dep_ in {"amod", "compound"} and t.ent_type_ not in PLACE_LABELS for t in head.children)
    if match is None and speaker.head in ORGANISATION_NOUNS and not speaker.plural and bare:
        match = _organisation(speaker.head, earlier, mentions)
    return match or speaker


def resolve(
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
    # "Dravik rejected that. '...,' a company spokeswoman said": the spokeswoman speaks for a named organisation.
    organisation = (
        previous is not None
        and not (previous.person or previous.plural or previous.anonymous or previous.head in DOCUMENT_NOUNS)
        and any(n.label == "ORG" for n in previous.names)
    )
    determiners = {t.lower_ for t in head.children if t.dep_ in {"det", "predet"}}
    role_of = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "NOUN"]
    if organisation and determiners & {"a", "an"} and role_of and head.pos_ == "NOUN":
        assert previous is not None
        return previous
    if head.pos_ == "PRON":
        return _pronoun(head.lower_, earlier, mentions)
    member = _member_of(found, earlier)
    if member is not None:
        return member
    document = _document_source(found, earlier, mentions)
    if document is not None:
        return document
    words = _short_name(found)
    if words is not None:
        candidates = list(reversed(earlier)) + [m.speaker for m in reversed(mentions)]
        full = _full_name(words, found.head.ent_type_, candidates)
        if full is not None:
            return full
    elif len(found.phrase.split()) == 1 and (
        (found.head.ent_type_ in PLACE_LABELS and found.head.pos_ == "PROPN") or _capitalised_noun(found.head)
    ):
        # "Hedlund said", tagged a place, or "Valdivieso denied", tagged a plural noun: the surname of
        # a person named before ("Linnea Hedlund", "Patricio Valdivieso"), if any.
        candidates = list(reversed(earlier)) + [m.speaker for m in reversed(mentions)]
        person = _full_name((found.phrase,), "PERSON", [c for c in candidates if c.person])
        if person is not None:
            return person
    if {"both", "all"} & determiners and head.tag_ in {"NNS", "NNPS"}:
        match = next((s for s in reversed(earlier) if s.plural and not s.anonymous and s.head != speaker.head), None)
        return match or speaker
    definite = bool(determiners & {"the", "this", "that"}) or any(
        t.dep_ == "poss" and t.pos_ == "PRON" for t in head.children
    )
    if definite and len(found.phrase.split()) <= 4:
        match = _definite(found, speaker, earlier, mentions)
        # "His lawyer" or "his lawyer, Harish Menezes" is never the "he" quoted just before.
        owned = any(t.dep_ == "poss" and t.pos_ == "PRON" for t in head.children)
        if (
            match is speaker
            and previous is not None
            and not owned
            and not speaker.names
            and _same_person(speaker, previous)
        ):
            # "Member of the Mazhilis Kanat Yessenov called on ... '...,' the deputy said.": a role
            # no one before was given is the person just quoted, unless they hold another role.
            return previous
        return match
    return speaker


def _same_person(role: Speaker, previous: Speaker) -> bool:
    """Whether a person named only by a role can be the person quoted just before."""
    if not (role.person and previous.person) or role.plural or previous.plural or previous.anonymous:
        return False
    other_roles = (previous.titles & PERSON_ROLES) - {role.head}
    return previous.name != role.name and not other_roles


def _member_of(found: Found, earlier: list[Speaker]) -> Speaker | None:
    """The group that "one of the people" / "one of the officials" / "one of them" belongs to, if named before."""
    head = found.head
    if head.pos_ != "NUM" and head.lower_ not in {"one", "some", "several", "most"}:
        return None
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        if any(c.dep_ == "pobj" and c.lower_ in {"them", "those"} for c in prep.children):
            # "According to one of them": the group met last.
            return _nearest(earlier, lambda s: s.plural)
        for noun in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
            if not any(t.lower_ in DEFINITE for t in noun.children if t.dep_ == "det"):
                continue
            lemma = noun.lemma_.lower()
            group = _nearest(earlier, lambda s: s.plural and s.head == lemma)  # noqa: B023 - used at once
            if group is not None:
                return group
    return None


def clean_name(name: str) -> str:
    """Drop a leading article so the same source reads the same everywhere."""
    for article in ("the ", "The "):
        if name.startswith(article) and len(name) > len(article):
            return name[len(article) :]
    return name

"""Which speakers a question's source stands for.

"What did Russia say" keeps the sentences of the Russian Foreign Ministry; "Croatia's foreign
minister" is the foreign minister of a report on Croatia; "the councillor in charge of housing"
is the speaker whose phrase holds most of those words. Names match word by word, allowing a
longer form ("Russia"/"Russian") and a country's other names ("Greek", "Tashkent").
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from assistant.facts import parse, word_stems
from assistant.places import country_of, country_words, same_country
from assistant.question import QuestionInfo
from corpus.records import Claim
from corpus.references import ORGANISATION_NOUNS, PERSON_ROLES
from index.store import SentenceIndex

# Sentences searched for all the words of a name the question mentions.
NAME_SEARCH_DEPTH = 20
# The parts of a government that speak for it.
GOVERNMENT_BODIES = ("ministry", "minister", "cabinet", "department")
# Words for someone's position that an article may word differently ("chief" / "Secretary-General").
ROLE_WORDS = frozenset("chief head leader boss official representative spokesman spokeswoman expert specialist".split())
# People who stand for a campaigning group: "the privacy campaigners" are a privacy group ("Privacy First").
GROUP_PEOPLE = frozenset("campaigner campaigners activist activists advocate advocates".split())


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


def names_of(claim: Claim) -> tuple[str, ...]:
    """A claim's speaker and the references resolved to it."""
    return (claim.speaker, *claim.aliases) if claim.speaker else ()


def _described_as(source_words: Sequence[str], names: Sequence[str], info: QuestionInfo) -> bool:
    """Whether an unnamed speaker is the source asked about: asked for by description ("what did
    officials say"), or every word of it is in the source carried over ("a federation employee")."""
    if not info.source_is_name and info.source_words:
        return True
    words = name_words(names[0]) if names else []
    return bool(words) and all(any(related_words(w, s) for s in source_words) for w in words)


def rows_of_source(
    index: SentenceIndex, source_words: Sequence[str], info: QuestionInfo, *, either_way: bool = False
) -> set[int]:
    """Rows whose credited speaker is the source the question names (in ``source_words``)."""
    if not source_words:
        return set()
    rows: set[int] = set()
    for names, rows_of_speaker in index.speakers().items():
        if source_matches(source_words, names, either_way=either_way):
            # "A source familiar with Dashpail's finances" does not speak for Dashpail; "officials" are
            # the officials asked about.
            rows.update(
                row
                for row in rows_of_speaker
                if not index.claims[row].anonymous or _described_as(source_words, names, info)
            )
    if not rows:
        rows = _role_in_article(index, source_words, info.source or "") or _placed_rows(index, source_words)
    # "The agency chief", "the union leader": a role word the article may put differently
    # ("Secretary-General") need not match when the rest of a longer source does.
    kept = tuple(w for w in source_words if w not in ROLE_WORDS)
    if not rows and kept and len(kept) < len(source_words):
        return rows_of_source(index, kept, info, either_way=either_way)
    # So may the kind of body: "Sweden's medicines agency" is the Swedish Medicines Board, "the
    # consumer group" the Consumer Alliance and "the privacy campaigners" Privacy First, when a word
    # besides a country's matches too ("the Greek government" is not any Greek who speaks).
    kept = tuple(w for w in source_words if w not in ORGANISATION_NOUNS | GROUP_PEOPLE)
    telling = [w for w in kept if country_of(w) is None]
    if not rows and telling and len(kept) < len(source_words):
        return rows_of_source(index, kept, info, either_way=either_way)
    if not rows and "government" in source_words:
        # "The Faroese government": its ministries and ministers speak for it ("the Faroese fisheries
        # ministry"), though not any Faroese who speaks.
        for body in GOVERNMENT_BODIES:
            rows |= rows_of_source(
                index, tuple(body if w == "government" else w for w in source_words), info, either_way=either_way
            )
    if rows and len(source_words) > 1:
        rows |= _affiliated_rows(index, source_words[-1], rows)
    for body in _bodies(index, rows) - set(source_words):
        # "Did North Macedonia deny it?": its foreign ministry's spokesman speaks for the ministry too.
        rows |= _affiliated_rows(index, body, rows)
    if not rows and info.source_is_organisation:
        rows = _introduced_rows(index, info.names)
    if not rows and not info.source_is_name and len(source_words) >= 3:
        rows = _closest_described(index, source_words, info.names)
    return rows


def _role_in_article(index: SentenceIndex, source_words: Sequence[str], described: str) -> set[int]:
    """The speakers with the role asked for in the articles naming its owner.

    "Kessling's spokeswoman", "the mayor of Wendelsroth": the spokeswoman or mayor of an
    article that names Kessling or Wendelsroth. A role any position may fill ("the union
    leader") is whoever speaks for the owner there ("the union's general secretary").
    """
    role = source_words[-1]
    if role not in ROLE_WORDS | PERSON_ROLES:
        # "The mayor of X", but not "Minister Jonas Albrecht".
        role = source_words[0]
        if role not in ROLE_WORDS | PERSON_ROLES or not re.search(rf"\b{re.escape(role)} of\b", described.lower()):
            return set()
    owner = [word for word in source_words if word != role]
    if not owner:
        return set()
    _, hits = index.lexical.search(" ".join(owner), NAME_SEARCH_DEPTH)
    owner_stems = word_stems(" ".join(owner))
    articles = {
        index.sentences[int(r)].article_id for r in hits if owner_stems <= word_stems(index.sentences[int(r)].text)
    }
    found = {
        row
        for names, rows_of_speaker in index.speakers().items()
        if source_matches((role,), names)
        for row in rows_of_speaker
        if index.sentences[row].article_id in articles
    }
    if not found and role in ROLE_WORDS:
        found = _affiliated_rows(index, owner[-1], articles=articles)
    return found or _titled_rows(index, role, articles)


def _titled_rows(index: SentenceIndex, role: str, articles: AbstractSet[str]) -> set[int]:
    """Rows of a speaker the article gives the role in a sentence of its own.

    "A vote on whether to re-elect the chairman, Rowan Kettleby-Vosper" makes the later "Kettleby-Vosper
    denied ..." the chairman's denial: the role, then the name within a few words, or the name, then
    its role ("Kettleby-Vosper, the company's chairman").
    """
    found: set[int] = set()
    texts: dict[str, str] = {}
    role = re.escape(role)
    for names, rows_of_speaker in index.speakers().items():
        rows = [row for row in rows_of_speaker if index.sentences[row].article_id in articles]
        if not names or not rows or index.claims[rows[0]].anonymous:
            continue
        name = re.escape(names[0])
        titled = re.compile(
            rf"\b{role}s?,?\s+(?:[\w'’-]+\s+){{0,2}}?{name}\b|\b{name},\s+(?:[\w'’-]+\s+){{0,3}}?{role}\b",
            re.IGNORECASE,
        )
        for article in {index.sentences[row].article_id for row in rows}:
            if article not in texts:
                texts[article] = " ".join(index.sentences[r].text for r in index.article_sentences(article))
            if titled.search(texts[article]):
                found.update(row for row in rows if index.sentences[row].article_id == article)
    return found


def _placed_rows(index: SentenceIndex, source_words: Sequence[str]) -> set[int]:
    """Rows of the source described without its country, in the articles naming that country.

    "Croatia's foreign minister Ann Roe" is "Foreign Minister Ann Roe" in a report on Croatia;
    "Tajik prosecutors" are "the Prosecutor General's Office" in one on Tajikistan. A speaker
    named after another country ("the Serbian Foreign Ministry") is not the one asked about.
    """
    placed = {word: country_of(word) for word in source_words}
    countries = set(placed.values()) - {None}
    rest = [word for word, country in placed.items() if country is None]
    if not countries or not rest:
        return set()
    forms = word_stems(" ".join(form for word, country in placed.items() if country for form in country_words(word)))
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


def names_in_article(index: SentenceIndex, article_id: str, names: Sequence[str]) -> bool:
    """Whether the article uses every word of each name, in some form ("Russian" for "Russia", "Greek" for "Greece")."""
    words = _article_words(index, article_id)
    for name in names:
        for stem in word_stems(name):
            forms = word_stems(" ".join(country_words(stem))) | {stem}
            found = (form in words or any(related_words(form, w) for w in words if w[:3] == form[:3]) for form in forms)
            if not any(found):
                return False
    return True


def _closest_described(
    index: SentenceIndex, source_words: Sequence[str], question_names: Sequence[str] = ()
) -> set[int]:
    """Rows of the speakers whose phrase holds most of a described source's words.

    "The councillor in charge of housing" is "Councillor Ann Roe, the council's cabinet member
    for housing": two of its three words, where "opposition councillors" has one. Only for a
    source described in common nouns; a named person must be named.
    """
    best, found = 0, set()
    # "The North Macedonian ambassador" is not North Macedonia's ministry: a country alone does not describe.
    placed = {w for name in question_names for w in name_words(name) if any(country_of(v) for v in name_words(name))}
    described = [s for s in source_words if country_of(s) is None and s not in placed]
    for names, rows_of_speaker in index.speakers().items():
        words = name_words(" ".join(names))
        if not any(related_words(s, w) for s in described for w in words):
            continue
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


def _affiliated_rows(
    index: SentenceIndex,
    head: str,
    rows: AbstractSet[int] = frozenset(),
    *,
    articles: AbstractSet[str] = frozenset(),
) -> set[int]:
    """Rows of people who speak for the source, in an article where the source itself speaks (``rows``).

    "Henrik Salo, the federation's director general" or "a spokeswoman for the federation"
    speaks for the federation that the same article names in full. ``articles`` may be given instead.
    """
    word = re.escape(head)
    # The speaker phrase may have lost its article: "authority's chief executive, Martin Ellery".
    speaks_for = re.compile(rf"(?:^|\b(?:the|its) ){word}(?:'s|’s)\s|\b(?:of|at|for) the {word}\b", re.IGNORECASE)
    # "said Fenna Bos, who heads the alliance's digital rights team", for a kind of body only: "who chairs
    # the Tollbridge Residents' Group" does not make her Tollbridge's.
    post = (
        re.compile(rf",\s+(?:who\s+\w+\s+)?(?:the|its)\s+{word}(?:'s|’s)?\b", re.IGNORECASE)
        if head.lower() in ORGANISATION_NOUNS
        else None
    )
    articles = articles or {index.sentences[row].article_id for row in rows}
    found: set[int] = set()
    for names, rows_of_speaker in index.speakers().items():
        if names and (speaks_for.search(names[0]) or _introduced_as(index, names[0], post, rows_of_speaker)):
            found.update(row for row in rows_of_speaker if index.sentences[row].article_id in articles)
        elif names and names[0].lower().startswith("its "):
            # "The association demanded ... '...,' said its chair, Birgit Roe.": its is the source's,
            # in the article where she speaks right after it.
            after = {index.sentences[row].article_id for row in rows_of_speaker if _follows(index, row, rows)}
            found.update(row for row in rows_of_speaker if index.sentences[row].article_id in after)
    return found


def _introduced_as(index: SentenceIndex, name: str, post: re.Pattern[str] | None, rows: Sequence[int]) -> bool:
    """Whether the speaker's first sentence follows their name with the ``post`` in a body: "said Fenna Bos,
    who heads the alliance's digital rights team"."""
    if post is None or not rows:
        return False
    text = index.sentences[rows[0]].text
    lowered, wanted = text.lower(), name.lower()
    at = lowered.find(wanted)
    while at >= 0:
        if post.match(text, at + len(wanted)):
            return True
        at = lowered.find(wanted, at + 1)
    return False


def _bodies(index: SentenceIndex, rows: AbstractSet[int]) -> set[str]:
    """The kinds of body that speak in ``rows``: "ministry" for "Ministry of Foreign Affairs of X"."""
    found = set()
    for speaker in {index.claims[row].speaker for row in rows}:
        # The head of the name comes before any "of": "Dutch Consumer Alliance", "Ministry of ...".
        words = (speaker or "").lower().split(" of ")[0].split()
        if words and words[-1] in ORGANISATION_NOUNS:
            found.add(words[-1])
    return found


def _follows(index: SentenceIndex, row: int, rows: AbstractSet[int]) -> bool:
    """Whether the sentence before ``row``, in the same article, is one of ``rows``."""
    return row - 1 in rows and index.sentences[row - 1].article_id == index.sentences[row].article_id

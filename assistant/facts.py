"""Whether a sentence's date or number belongs to what a question asks ("when did X happen").

Scoring gives every sentence with an entity of the wanted kind a bonus; these checks read the
parse to see whether the entity hangs from the question's words ("the 71-year-old nurse" is an
age, not when she died; "85,000 households" is not what extending a scheme would cost).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import TYPE_CHECKING

from corpus.nlp import load_nlp
from corpus.references import PERSON_ROLES
from corpus.segment import dateline_end, story_entities
from index.lexical import tokenize
from index.store import SentenceIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# "For 10 years", "three months": a stretch of time, not the point in time "when" asks for.
DURATION = re.compile(
    r"^(?:about |some |up to |more than |nearly |almost |over |at least )?"
    r"[\w.,-]+ (?:year|month|week|day|hour|minute)s?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=65_536)
def word_stems(text: str) -> frozenset[str]:
    """Stemmed, stop-worded tokens, as the lexical index sees them (kept: candidates recur)."""
    return frozenset(tokenize([text])[0])


@lru_cache(maxsize=4096)
def parse(text: str) -> Doc:
    """A sentence's spaCy parse, kept: the same best candidates come back question after question."""
    return load_nlp()(text)


def _noun_phrase(token: Token) -> list[str]:
    """Words of the noun phrase headed by ``token``: its modifiers and "of" complements, no clauses."""
    words = [token.text]
    for child in token.children:
        if child.dep_ in {"det", "amod", "compound", "nummod", "quantmod", "poss", "nmod", "appos"}:
            words.extend(_noun_phrase(child))
        elif child.dep_ == "prep" and child.lower_ in {"of", "in"}:
            # "residents of eleven villages in the Achaia region"
            words.extend(w for grandchild in child.children for w in _noun_phrase(grandchild))
    return words


def _bare(ent: Span) -> bool:
    """Whether a number stands alone, with no noun of its own: "at about 12,000", not "12,000 people"."""
    root = ent.root
    if any(t.pos_ in {"NOUN", "PROPN"} for t in ent) or any(c.pos_ in {"NOUN", "PROPN"} for c in root.children):
        return False
    head = root.head.head if root.head.pos_ == "ADP" else root.head
    return head.i == root.i or head.pos_ not in {"NOUN", "PROPN"}


# "How many people": any count of persons (these nouns, and the person roles) may answer (see fact_attached).
PEOPLE_WORDS = word_stems("people person individuals")
PEOPLE_NOUNS = (
    frozenset(
        (
            "patient resident worker employee student civilian soldier troop guard passenger fisherman voter child "
            "woman man member refugee migrant victim protester demonstrator tourist customer pupil teacher nurse "
            "police officer firefighter rescuer miner farmer citizen inhabitant villager evacuee survivor prisoner "
            "detainee hostage athlete fan spectator participant delegate volunteer staff crew pilgrim user subscriber "
            "reader viewer listener consumer shopper client tenant homeowner borrower investor shareholder driver "
            "commuter motorist cyclist pedestrian traveller traveler visitor guest player supporter parent pensioner "
            "retiree taxpayer"
        ).split()
    )
    | PERSON_ROLES
)


def _noun_tokens(ent: Span) -> list[Token]:
    """The nouns an entity counts: its own and the one it modifies ("310,000 patients")."""
    nouns = [t for t in ent if t.pos_ == "NOUN"]
    if ent.root.head.pos_ == "NOUN":
        nouns.append(ent.root.head)
    return nouns


def _measured(ent: Span) -> list[str]:
    """What an amount or measure is said to be of, as the subject of its verb: "the costs came to 1.2 million".

    Empty for counts: in "soldiers killed 12 civilians" the 12 are not soldiers.
    """
    if ent.label_ not in {"MONEY", "QUANTITY", "PERCENT"}:
        return []
    verb = ent.root.head.head if ent.root.head.pos_ == "ADP" else ent.root.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return []
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return [t.text for subject in subjects for t in subject.subtree]


PEOPLE_STEMS = word_stems(" ".join(PEOPLE_NOUNS))


def counts_directly(index: SentenceIndex, row: int, counted: AbstractSet[str]) -> bool:
    """Whether the sentence gives a count of the very thing asked: "214 ballots" for "how many ballots"."""
    if not counted:
        return False
    for ent in story_entities(parse(index.sentences[row].text)[:]):
        if ent.label_ == "CARDINAL" and counted <= word_stems(" ".join(t.text for t in _noun_tokens(ent))):
            return True
    return False


def _person_noun(token: Token) -> bool:
    """Whether a noun names people ("patients", "guards", "spokesmen")."""
    return token.lemma_.lower() in PEOPLE_NOUNS


def fact_attached(
    index: SentenceIndex,
    row: int,
    labels: frozenset[str],
    content: AbstractSet[str],
    by_source: bool,
    counted: AbstractSet[str],
    point: bool = False,
    predicates: AbstractSet[str] = frozenset(),
    stretch: bool = False,
    amount_of: AbstractSet[str] = frozenset(),
    measure: bool = False,
) -> bool:
    """Whether the sentence has a date / number that belongs to what the question is about.

    "When did the fighting begin?" is not answered by "During a call on September 30, they
    stressed ...": the date belongs to the call. From each wanted entity we climb the parse to
    the verb that governs it and look for the question's words around that verb, in the noun
    phrase the entity sits in, and (when the sentence is by the source asked about) its speaker.
    For "how many N" (or "the name of N"), every word of N must be in the entity's noun phrase.
    With ``point`` ("when"), a duration ("for 10 years") is not an answer; with ``stretch``
    ("how long"), a date or time must be one. With ``amount_of`` ("how much compensation"), a
    count of something else the question names ("140 households") is not the amount. With
    ``measure`` ("how fast", "how deep"), a count of people ("143 passengers") is no measure.
    """
    text = index.sentences[row].text
    doc = parse(text)
    speaker = index.claims[row].speaker if by_source else None
    story_line = dateline_end(text)
    lemmas = {t.text: t.lemma_ for t in doc if t.pos_ in {"VERB", "AUX", "NOUN"}}
    for ent in story_entities(doc[:]):
        if ent.label_ not in labels or content & word_stems(ent.text) or ent.start_char < story_line:
            continue  # not the kind asked for, what the question already names, or the dateline's date
        # "Within 60 days", "in two weeks" is when, as a deadline; "for 10 years" is how long.
        deadline = ent.start > 0 and doc[ent.start - 1].lower_ in {"within", "in"}
        if point and DURATION.match(ent.text) and not deadline:
            continue
        if measure and ent.label_ == "CARDINAL" and any(map(_person_noun, _noun_tokens(ent))):
            continue
        if amount_of and ent.label_ == "CARDINAL":
            counts = word_stems(" ".join(t.text for t in _noun_tokens(ent)))
            if counts & content and not counts & amount_of:
                continue
        until = ent.start > 0 and doc[ent.start - 1].lower_ in {"until", "till", "through"}
        if stretch and ent.label_ in {"DATE", "TIME"} and not DURATION.match(ent.text) and not until:
            continue  # "how long": "on Wednesday" is when, not how long; "until 30 June" is
        # The noun phrase the entity belongs to ("9,000 tonnes of acrylonitrile", "the nurse's
        # death on 3 June"), not a whole clause.
        words = _noun_phrase(ent.root)
        # Up through the nouns it hangs from: "a net loss of [38.2 million] euros".
        noun = ent.root
        for _ in range(3):
            above = noun.head.head if noun.head.pos_ == "ADP" else noun.head
            if above.i == noun.i or above.pos_ not in {"NOUN", "PROPN"}:
                break
            noun = above
            words.extend(_noun_phrase(noun))
        # "The fund's legal costs came to 1.2 million dollars": the amount is the subject's.
        words.extend(_measured(ent))
        wanted = content
        if counted:
            # A bare number ("estimated the crowd at about 12,000") may count what was asked.
            found = word_stems(" ".join(words or [ent.text]))
            # "How many people": patients, guards or residents are people too, but then what was
            # asked of them ("take the drug", "were arrested") must be said of them.
            people = counted <= PEOPLE_WORDS and any(_person_noun(t) for t in _noun_tokens(ent))
            # And "how many patients were left off": "1,740 people who were left out" counts them.
            people = people or (counted <= PEOPLE_STEMS and bool(found & PEOPLE_WORDS))
            if not _bare(ent) and not counted <= found and not people:
                continue
            # "How many people were arrested": "thousands of people" must also have been arrested.
            wanted = content - counted
            if people and not counted <= found and predicates:
                wanted = predicates
            if not wanted:
                return True
            # "the three people who died": what the counted noun did.
            words.extend(t.text for t in ent.root.head.children if t.dep_ == "relcl")
        token = ent.root
        for _ in range(12):
            if token.head.i == token.i:
                break
            token = token.head
            words.append(token.text)
            if token.pos_ in {"VERB", "AUX"}:
                words.extend(child.text for child in token.children)
                # "convicted of accepting 1.4 million in bribes": the objects of its prepositions,
                # and the verb a non-finite one depends on.
                words.extend(o.text for c in token.children if c.dep_ == "prep" for o in c.children)
                if token.dep_ in {"pcomp", "xcomp", "acl", "advcl"} and token.tag_ in {"VBG", "VBN", "VB"}:
                    continue
                # "the board approved it at a meeting that lasted 25 minutes": the clause describes
                # the meeting, which belongs to the verb above.
                if token.dep_ == "relcl":
                    continue
                break
        if speaker:
            words.append(speaker)
        # "How many were left off": "1,740 people who were left out" has the verb as "left", not "leave".
        words.extend([lemmas[w] for w in words if w in lemmas])
        if wanted & word_stems(" ".join(words)):
            return True
    return False

"""What a question asks for, read from its spaCy parse.

The analysis is deliberately generic: wh-word, predicates, the source it names ("what did X
say", "according to X"), the topic ("about X"), the entity type it wants (a date for *when*, a
place for *where*, a number for *how many*), the noun it asks about, its content words, and
whether it leans on the previous turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.claims import REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

TIME_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART"})
WANTS = {
    "when": TIME_LABELS,
    "where": PLACE_LABELS,
    "how many": NUMBER_LABELS,
    "how much": NUMBER_LABELS,
    "how long": TIME_LABELS | {"QUANTITY"},  # a duration, or a date it lasts until
}
# "How big was the loss", "how high is the toll": a measure is a number, as with "how much".
MEASURE_ADJECTIVES = frozenset(
    {"big", "large", "small", "high", "low", "heavy", "deep", "wide", "tall", "costly", "expensive", "fast", "far"}
)
# Measures of the physical world: "how fast was the ferry going" wants a speed, never money.
PHYSICAL_ADJECTIVES = frozenset({"fast", "far", "deep", "wide", "tall"})
MEASURE_LABELS = frozenset({"QUANTITY", "PERCENT", "CARDINAL"})
# "At what time", "on which day", "in what city": a wh-determiner on these nouns asks for a time or place.
TIME_NOUNS = frozenset({"time", "date", "day", "year", "month", "hour", "week"})
# "What percentage", "what share of the vote", "what amount": the answer is a number.
NUMBER_NOUNS = frozenset({"percentage", "percent", "share", "proportion", "number", "amount", "sum", "total", "rate"})
# "What percentage of the vote": a share, not a count of seats.
PERCENT_NOUNS = frozenset({"percentage", "percent", "share", "proportion"})
PLACE_NOUNS = frozenset(
    {
        "place", "city", "town", "village", "country", "region", "province", "district", "state", "county",
        "capital", "area", "location", "site", "venue", "port", "river", "island", "street", "border",
    }
)  # fmt: skip
# Nouns for what a source issued: "what did X's statement say" asks what X said.
DOCUMENT_NOUNS = frozenset(
    {"statement", "report", "letter", "communique", "commentary", "comment", "remark", "release", "announcement"}
)
# "How much would it cost", "how much will families be paid": the answer is an amount of money.
MONEY_WORDS = frozenset(
    {"cost", "pay", "spend", "worth", "money", "fee", "fine", "charge", "salary", "budget", "compensation",
     "payout", "afford", "owe", "debt", "fund", "funding", "invest", "investment", "loan", "damages"}
)  # fmt: skip
# A CARDINAL stays: an unfamiliar currency ("340 million florins") is often not tagged MONEY.
MONEY_LABELS = frozenset({"MONEY", "CARDINAL"})
# Nouns for what someone said or what follows from it: "what evidence has X given", "what
# consequences did X warn of" are answered by statements, whatever words they use.
STATEMENT_NOUNS = frozenset(
    {"evidence", "argument", "reason", "explanation", "response", "reaction", "position", "view", "opinion",
     "stance", "message", "concern", "demand", "proposal", "promise", "warning", "criticism", "accusation",
     "allegation", "claim", "assessment", "conclusion", "consequence", "impact", "effect", "step", "measure",
     "action", "solution", "condition", "point", "justification", "excuse", "objection", "complaint", "plan"}
)  # fmt: skip
# "What was X's reaction to Y": X is the source, Y the topic; "the firm's side of the story" too.
RESPONSE_NOUNS = frozenset(
    {"reaction", "response", "position", "view", "stance", "comment", "assessment", "opinion", "answer", "reply",
     "side", "account", "version", "explanation", "defence", "defense"}
)  # fmt: skip
# "Who called the claim absurd": calling something a name is saying it.
EVALUATIVE_VERBS = frozenset({"call", "describe", "label", "dub", "brand", "term"})
# "When is X going to be sentenced", "when are the talks supposed to take place": the verb that
# follows carries the meaning.
CATENATIVE_VERBS = frozenset({"go", "suppose", "expect", "plan", "schedule", "due", "set", "intend"})
WH_WORDS = frozenset({"who", "whom", "whose", "what", "which", "when", "where", "why", "how"})
SUBJECT_PRONOUNS = frozenset({"they", "he", "she", "it"})
REFERRING_WORDS = frozenset({"they", "them", "he", "she", "him", "her", "it", "its", "their", "his", "hers", "theirs"})
DEMONSTRATIVES = frozenset({"that", "this", "those", "these"})
# Verbs that carry no content of their own in a question ("what did X do", "what is").
LIGHT_VERBS = frozenset({"be", "do", "have", "happen", "make", "get"})
# "The woman speaking for Ridgeway" is Ridgeway's spokeswoman; the small parser makes "speaking" the verb.
SPEAKING_FOR = re.compile(r"\b(wo)?(man|person)\s+(?:who\s+(?:speaks|spoke)|speaking)\s+(?:for|on\s+behalf\s+of)\b")
# Words that give a reason: "why" prefers sentences with them.
REASON_WORDS = frozenset({"because", "due", "owing", "order", "reason", "therefore", "citing", "saying", "arguing"})
# Verbs of stance: "who believes / wants / fears X" also asks for a source.
STANCE_VERBS = frozenset(
    {"believe", "think", "want", "hope", "fear", "worry", "expect", "consider", "wish", "feel", "assess",
     "view", "evaluate", "regard", "see", "react", "reckon", "suspect", "doubt", "anticipate"}
)  # fmt: skip
# Attitudes stated with "be", by the stance verb they amount to: "who is worried that ...".
ATTITUDES = {
    "worried": "worry",
    "concerned": "worry",
    "alarmed": "worry",
    "anxious": "worry",
    "confident": "believe",
    "convinced": "believe",
    "optimistic": "hope",
    "hopeful": "hope",
    "pessimistic": "fear",
    "sceptical": "doubt",
    "skeptical": "doubt",
}
# Verbs of pressing someone: "who is pushing the bank to cut rates" asks who urged it.
PRESSING_VERBS = frozenset({"push", "press", "pressure", "lobby"})
# Verbs of making a case: "how is the ministry justifying the levy" asks what it said for it.
ARGUING_VERBS = frozenset({"justify", "defend"})
# Verbs whose subject is the source asked about, or a source in a who-question.
SOURCE_VERBS = REPORTING_VERBS | STANCE_VERBS | PRESSING_VERBS | ARGUING_VERBS
# Verbs whose subject is a source only when named: "how did China react" asks what China said,
# "how did markets react" asks what prices did.
NAMED_SOURCE_VERBS = frozenset({"react"})


@dataclass(frozen=True)
class QuestionInfo:
    """The parts of a question that steer retrieval, abstention and composition."""

    text: str
    wh: str
    predicates: tuple[str, ...]
    asks_speaker: bool
    source: str | None
    source_words: tuple[str, ...]
    source_is_name: bool
    source_is_organisation: bool
    topic: tuple[str, ...]
    focus: str | None
    counted: tuple[str, ...]
    claim_text: str | None
    wants: frozenset[str]
    exact: bool  # the answer is the entity itself (a date, a number, a name), not just near one
    content: tuple[str, ...]
    names: tuple[str, ...]
    subject_pronoun: bool
    object_pronoun: bool  # "did anyone contradict her": someone other than her
    refers_back: bool
    elliptical: bool
    wants_more: bool
    asks_document: bool  # "what did X announce in its statement": the whole statement
    target: tuple[str, ...] = ()  # "who accused X", "who called on X to ...": X, never the speaker asked for

    @property
    def predicate(self) -> str | None:
        """The main predicate, if any."""
        return self.predicates[0] if self.predicates else None


def _wh(doc: Doc) -> str:
    """The question word, normalised ("how many", "who", ...), or "yesno"/"other"."""
    words = [t.lower_ for t in doc]
    for i, word in enumerate(words):
        if word == "how" and i + 1 < len(words) and words[i + 1] in {"many", "much", "long"}:
            return f"how {words[i + 1]}"
        if word == "how" and i + 1 < len(words) and words[i + 1] in MEASURE_ADJECTIVES:
            return "how much"
        if word == "according" and "whom" in words[i : i + 3]:
            return "who"
        if word in WH_WORDS:
            return "who" if word in {"whom", "whose"} else word
    if doc and doc[0].pos_ == "AUX":
        return "yesno"
    return "other"


def _according_to_whom(doc: Doc) -> Token | None:
    """The "according" of "according to whom ...", if the question asks that."""
    return next((t for t in doc if t.lower_ == "according" and "whom" in {c.lower_ for c in t.subtree}), None)


def _asked_subject(doc: Doc) -> Token | None:
    """The noun of "which N" / "what N" when it is the subject: "which official warned ..." asks who warned."""
    for token in doc:
        if token.lower_ in {"which", "what"} and token.dep_ == "det" and token.head.dep_ in {"nsubj", "nsubjpass"}:
            noun = token.head
            # "Which academic accused ...": the small model may tag the noun as anything but a pronoun or verb.
            nominal = noun.pos_ not in {"PRON", "VERB", "AUX"}
            if nominal and noun.lemma_.lower() not in TIME_NOUNS | NUMBER_NOUNS | MONEY_WORDS:
                return noun
    return None


def _wanted(doc: Doc, wh: str) -> frozenset[str]:
    """Entity labels a good answer carries: "when", "how many", "at what time", "in which city",
    "what is the name of"."""
    if wh == "how much" and any(t.lemma_.lower() in MONEY_WORDS for t in doc):
        return MONEY_LABELS
    if wh == "how much" and any(t.lower_ == "how" and t.head.lower_ in PHYSICAL_ADJECTIVES for t in doc):
        return MEASURE_LABELS
    # "What is the strike costing the company"; "what did the dam cost", where the small model
    # takes "cost" for a noun, as the root all the same.
    if wh == "what" and any(t.lemma_.lower() == "cost" and (t.pos_ == "VERB" or t.dep_ == "ROOT") for t in doc):
        return MONEY_LABELS
    if wh in WANTS:
        return WANTS[wh]
    if _named(doc) is not None:
        return NAME_LABELS
    for token in doc:
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if token.lower_ in {"what", "which"} and following is not None and following.lower_.rstrip("s") in TIME_NOUNS:
            return TIME_LABELS  # "between which dates", even where the parser takes "dates" for a verb
        if token.lower_ in {"what", "which"} and token.dep_ == "det":
            if token.head.lemma_.lower() in TIME_NOUNS:
                return TIME_LABELS
            if token.head.lemma_.lower() in PLACE_NOUNS:
                return PLACE_LABELS
            if token.head.lemma_.lower() in PERCENT_NOUNS:
                return frozenset({"PERCENT"})
            if token.head.lemma_.lower() in NUMBER_NOUNS:
                return NUMBER_LABELS
            if token.head.lemma_.lower() in MONEY_WORDS:
                return MONEY_LABELS
    return frozenset()


def _named(doc: Doc) -> Token | None:
    """In "what is the name of the captain", the noun whose name is asked for."""
    for token in doc:
        if token.lemma_.lower() == "name" and token.pos_ == "NOUN":
            for prep in token.children:
                if prep.lower_ == "of":
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    return None


def _source(doc: Doc) -> Token | None:
    """The source a question restricts to: "what did X say", "according to X"."""
    for token in doc:
        if token.lower_ == "according":
            for prep in token.children:
                objects = [c for c in prep.children if c.dep_ == "pobj" and c.lower_ not in WH_WORDS]
                if objects:
                    return objects[0]
    # "Has China responded to the ban?" asks of China as "how did China respond" does.
    if not any(t.lower_ in WH_WORDS for t in doc) and not (doc and doc[0].pos_ == "AUX"):
        return None
    if _according_to_whom(doc) is not None:
        return None  # "according to whom was X warned": the source is what is asked
    # Only a speech or stance verb makes its subject a source: in "what did X promise" X speaks,
    # in "where did X move them" X is part of the content.
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    # The main verb, or the verb under a light one the parser took for the root ("how many cases
    # have X reported" read as "have" + "reported"); never a verb inside the reported clause.
    # "What did X have to say": "say" under "have", with X the subject of "have".
    verbs = [root] + [c for c in root.children if c.dep_ in {"ccomp", "xcomp"}] * (root.lemma_.lower() in LIGHT_VERBS)
    for verb in verbs:
        if verb.lemma_.lower() not in SOURCE_VERBS or verb.pos_ not in {"VERB", "NOUN"}:
            continue
        passive = verb.tag_ in {"VBN", "VBD"} and any(
            c.dep_ in {"aux", "auxpass"} and c.lemma_ == "be" for c in verb.children
        )
        if passive or any(c.dep_ == "auxpass" for c in verb.children):
            continue  # "what was X told": X is told, not telling
        subjects = list(verb.children) + (list(root.children) if verb.dep_ == "xcomp" else [])
        for child in subjects:
            asked = any(t.lower_ in WH_WORDS for t in child.subtree)  # "which official warned": the unknown
            # "How did markets react": prices, not a source; "the federation's sponsor" is one.
            owned = any(c.dep_ == "poss" for c in child.children)
            named = child.pos_ == "PROPN" or owned or verb.lemma_.lower() not in NAMED_SOURCE_VERBS
            if child.dep_ == "nsubj" and not asked and child.pos_ != "PRON" and named:
                return child
    return None


def _target_tokens(doc: Doc) -> list[Token]:
    """Words of whom the asked-for speaker acts on: "who accused X", "who called on X", "who wants X to quit".

    A "that" clause's subject is not one: in "who denied that X sent troops" X may be the one denying.
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB":
        return []
    for child in root.children:
        if child.dep_ == "dobj" and child.lower_ not in WH_WORDS:
            return list(child.subtree)
        if child.dep_ == "prep" and child.lower_ in {"on", "upon", "against"}:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return list(objects[0].subtree)
        if child.dep_ in {"ccomp", "xcomp"} and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children):
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return list(subject.subtree)
    return []


def _source_tokens(doc: Doc) -> list[Token]:
    """Words of the source a question names, without the document it speaks through.

    "What did X's statement say" names X. When the parse finds no subject, the do-support frame
    "what did <X> say/call for" is read off the word order instead (the small parser sometimes
    takes "call" in "what did the agency chief call for" for a noun).
    """
    source = _source(doc)
    if source is not None:
        # "The company that put the rocket together": the company; the clause only tells which one.
        tokens = _without_clauses(list(source.subtree), source.children)
        if source.lemma_.lower() in DOCUMENT_NOUNS and len(tokens) > 1:
            owner = next((c for c in source.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
            if owner is not None:
                # "The port authority's statement on Monday night": the authority, not when it spoke.
                tokens = list(owner.subtree)
            tokens = [t for t in tokens if t.i != source.i and t.dep_ not in {"det", "case"}]
        return tokens
    response = _response(doc)
    if response is not None:
        owner = next(c for c in response.children if c.dep_ == "poss")
        return [t for t in owner.subtree if t.dep_ != "case"]
    words = [t.lower_ for t in doc]
    # "what's X said": "'s" is "has"; "what is X saying" asks the same.
    auxiliary = len(doc) > 1 and (doc[1].lemma_.lower() in {"do", "have", "will", "be"} or words[1] in {"'s", "’s"})
    if len(doc) < 4 or words[0] not in WH_WORDS or not auxiliary:
        return []
    verb = next((t for t in doc[3:] if t.lemma_.lower() in SOURCE_VERBS), None)
    if verb is None or (words[1] in {"is", "are", "was", "were"} and verb.tag_ != "VBG"):
        return []  # "what were the residents warned about": they are told, not telling
    # "The detective who ran the investigation": the source is the detective.
    before = list(doc[2 : verb.i])
    tokens = _without_clauses(before, before)
    # Only a noun phrase: in "when will X be able to see him" X does not see anything said.
    if any(t.pos_ in {"AUX", "VERB"} for t in tokens):
        return []
    if verb.lemma_.lower() in NAMED_SOURCE_VERBS and not any(t.pos_ == "PROPN" for t in tokens):
        return []
    return tokens if any(t.pos_ in {"NOUN", "PROPN"} for t in tokens) else []


def _without_clauses(tokens: list[Token], modifiers: Iterable[Token]) -> list[Token]:
    """``tokens`` without the relative and participle clauses among ``modifiers``, which only tell which one."""
    described = {t.i for c in modifiers if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    return [t for t in tokens if t.i not in described]


def _response(doc: Doc) -> Token | None:
    """The noun of "X's reaction / response / position", when X is named."""
    for token in doc:
        named = any(c.dep_ == "poss" and c.pos_ != "PRON" for c in token.children)
        # "Who rejected Farrow's account": an object is what someone else answered.
        subject = token.dep_ in {"nsubj", "nsubjpass", "attr", "ROOT"}
        if token.pos_ == "NOUN" and token.lemma_.lower() in RESPONSE_NOUNS and named and subject:
            return token
    return None


def _focus(doc: Doc, wh: str) -> Token | None:
    """The noun the question asks about: "how many N", "which N", "what is the N of ..."."""
    for token in doc:
        asks = token.lower_ in {"many", "much", "which", "what", "whose"} and token.head is not token
        # "What does the group want": a verb the small model tagged as a noun has a subject.
        verb = any(c.dep_ in {"nsubj", "aux"} for c in token.head.children)
        if (
            asks
            and not verb
            and token.head.pos_ == "NOUN"
            and token.head.lemma_.lower() not in TIME_NOUNS | PLACE_NOUNS | NUMBER_NOUNS
        ):
            return token.head
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    # "What is the population of X", "who was the pilot": the noun is what is asked for. In "when
    # are the talks", "how big was the loss" it only names the event or the measure.
    if wh not in {"what", "which", "who"}:
        return None
    if root is not None and root.lemma_.lower() == "be":
        response = _response(doc)
        for child in root.children:
            # "What is the walkout costing X", misread as "the walkout (that is) costing": the noun
            # does something; the answer is what it costs, not a walkout.
            doing = any(c.dep_ == "acl" and c.tag_ == "VBG" for c in child.children)
            # "What is the firm's side of the story": the firm's statements, whatever they speak of.
            if child.dep_ in {"attr", "nsubj"} and child.pos_ == "NOUN" and not doing and child != response:
                return child
    return None


def _counted(doc: Doc, wh: str, focus: Token | None) -> tuple[str, ...]:
    """Words the answer's entity must sit with: N in "how many N", the captain in "the name of the captain"."""
    named = _named(doc)
    if named is not None:
        return (named.lower_,)
    if wh == "how many" and focus is not None:
        # The noun and its adjectives, not its complements: "seats" in "how many seats in parliament". A
        # noun before it is often put another way ("baby seats" for "infant car seats"), so it may differ.
        kept = [t for t in focus.children if t.dep_ == "amod"] + [focus]
        return _words([t for t in kept if t.lower_ not in WH_WORDS | {"many", "much"}])
    # "How big was the company's loss", "how much were the legal costs": the amount must be the loss's,
    # as in "a loss of 38 million", not another amount in a sentence about the company.
    measure = next(
        (t for t in doc if t.lower_ in MEASURE_ADJECTIVES | {"much"} and t.i > 0 and doc[t.i - 1].lower_ == "how"),
        None,
    )
    if measure is not None and measure.head.lemma_.lower() == "be":
        # Not "how much is the company worth" (the amount is its worth), nor "how much was he convicted of
        # taking" or "how much is the recall expected to cost" (the amount is what a verb says).
        other = any(
            (c.dep_ in {"acomp", "attr"} or c.pos_ in {"VERB", "AUX"}) and c.i != measure.i
            for c in measure.head.children
        )
        subject = next((c for c in measure.head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
        # The parser reads "was the commissioner convicted of" as a noun with a participle.
        participle = subject is not None and any(c.dep_ == "acl" for c in subject.children)
        if subject is not None and not other and not participle:
            return (subject.lower_,)
    return ()


def _presses(token: Token) -> bool:
    """Whether a verb presses someone to act: "pushing the bank to cut rates", "pushed for a cut",
    not "pushed the car"."""
    if token.lemma_.lower() not in PRESSING_VERBS:
        return False
    return any(c.dep_ in {"xcomp", "ccomp"} or (c.dep_ == "prep" and c.lower_ == "for") for c in token.children)


def _words(tokens: list[Token]) -> tuple[str, ...]:
    """Lower-cased content words among ``tokens``."""
    return tuple(t.lower_ for t in tokens if t.pos_ in {"PROPN", "NOUN", "ADJ"} and not t.is_stop and t.is_alpha)


def analyze_question(text: str, nlp: Language) -> QuestionInfo:
    """Parse ``text`` and describe what it asks."""
    text = SPEAKING_FOR.sub(lambda m: f"spokes{m[1] or ''}{m[2]} for", text)
    doc = nlp(text)
    wh = _wh(doc)
    if wh in {"which", "what"} and _asked_subject(doc) is not None:
        wh = "who"
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    main = root
    if root is not None and root.lemma_.lower() in CATENATIVE_VERBS:
        main = next((c for c in root.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), root)
    # "Who called the claim absurd?": the verb only says that something was said about it.
    evaluation = None
    if main is not None and main.lemma_.lower() in EVALUATIVE_VERBS:
        evaluation = next((c for c in main.children if c.dep_ == "oprd"), None)
    predicate_tokens: list[Token] = []
    if main is not None and main.pos_ == "VERB" and main.lemma_.lower() not in LIGHT_VERBS and evaluation is None:
        predicate_tokens.append(main)
        predicate_tokens.extend(t for t in main.conjuncts if t.pos_ == "VERB")
    # "Who told the court the cracks were superficial": the small model may hang "told" under the
    # reported clause; its subject is still the one asked for.
    asked_by = {t.head.i for t in doc if t.lower_ in {"who", "whom"} and t.dep_ == "nsubj"}
    predicate_tokens.extend(
        t
        for t in doc
        if t.lemma_.lower() in REPORTING_VERBS
        and t.pos_ in {"VERB", "NOUN"}
        and (t.dep_ in {"ROOT", "conj"} or t.i in asked_by)
        and t not in predicate_tokens
    )
    # "Who was worried that ...", "who is confident ...": an attitude stated with "be".
    attitudes = []
    if main is not None and main.lemma_.lower() == "be" and main.i in asked_by:
        attitudes = [c for c in main.children if c.dep_ == "acomp" and c.lower_ in ATTITUDES]
    predicate_tokens.extend(attitudes)
    if evaluation is not None:
        predicate_tokens = [t for t in predicate_tokens if main is None or t.i != main.i]
    predicates = tuple(
        dict.fromkeys(ATTITUDES[t.lower_] if t in attitudes else t.lemma_.lower() for t in predicate_tokens)
    )
    if evaluation is not None:
        predicates = ("say", *predicates)
    # "Who accused X?" asks for the source; "Who is accused of X?" asks for the target.
    passive_who = any(t.lower_ in {"who", "whom"} and t.dep_ == "nsubjpass" for t in doc)
    sourced = any(p in REPORTING_VERBS | STANCE_VERBS | ARGUING_VERBS for p in predicates)
    sourced = sourced or any(map(_presses, predicate_tokens))
    # "Who does he think will pay first?", "whom did Russia accuse?": the verb has its speaker;
    # who is someone else.
    sourced = sourced and not any(
        c.dep_ == "nsubj" and not any(w.lower_ in WH_WORDS for w in c.subtree)
        for t in predicate_tokens
        for c in t.children
    )
    asks_speaker = (wh == "who" and not passive_who and sourced) or _according_to_whom(doc) is not None
    # "Who said the situation was under control?": the reported words, without "who said".
    claim_text = None
    according = _according_to_whom(doc)
    if according is not None:
        # "According to whom was X warned ...": the rest is the claim; its verb is not the cue.
        kept = [t for t in doc if t.i not in {c.i for c in according.subtree} and not t.is_punct]
        claim_text = " ".join(t.text for t in kept) or None
        predicates = ()
    elif asks_speaker:
        clauses = [c for t in predicate_tokens for c in t.children if c.dep_ in {"ccomp", "xcomp"}]
        if clauses:
            claim_text = doc[clauses[0].left_edge.i : clauses[0].right_edge.i + 1].text
        elif evaluation is not None and main is not None:
            called = [c for c in main.children if c.dep_ == "dobj"] + [evaluation]
            claim_text = doc[min(c.left_edge.i for c in called) : evaluation.right_edge.i + 1].text
    source_tokens = _source_tokens(doc)
    topic_tokens = [t for token in doc if token.lower_ == "about" for t in token.subtree if t is not token]
    response = _response(doc)
    if response is not None:
        # "X's reaction to the ruling": the ruling is the topic.
        preps = [c for c in response.children if c.dep_ == "prep" and c.lower_ in {"to", "on"}]
        topic_tokens += [t for prep in preps for t in prep.subtree if t is not prep]
    focus = _focus(doc, wh)
    wants = _wanted(doc, wh)
    content = tuple(
        t.lower_
        for t in doc
        if t.is_alpha
        and not t.is_stop
        and t.lower_ not in WH_WORDS
        and t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
        and t.lemma_.lower() not in LIGHT_VERBS
    )
    labels = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT"}
    # A name is written with a capital ("fed" is not the Fed).
    names = tuple(
        dict.fromkeys(
            " ".join(t.text for t in e if t.lower_ not in WH_WORDS)
            for e in doc.ents
            if e.label_ in labels and any(t.text[:1].isupper() and t.lower_ not in WH_WORDS for t in e)
        )
    )
    main_verbs = [root, *root.conjuncts] if root is not None else []
    subject_pronoun = any(
        t.lower_ in SUBJECT_PRONOUNS and t.dep_ in {"nsubj", "nsubjpass"} and t.head in main_verbs for t in doc
    )
    object_pronoun = any(t.lower_ in {"her", "him", "them"} and t.dep_ in {"dobj", "pobj", "dative"} for t in doc)
    refers_back = (
        subject_pronoun
        or any(t.lower_ in REFERRING_WORDS for t in doc)
        or any(t.lower_ in DEMONSTRATIVES and t.dep_ in {"det", "nsubj", "nsubjpass", "dobj", "pobj"} for t in doc)
        or any(t.lower_ in {"other", "same"} for t in doc)
    )
    nouns = [t for t in doc if t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in WH_WORDS]
    elliptical = not nouns and (root is None or root.pos_ != "VERB" or len(doc) <= 3)
    wants_more = any(t.lower_ in {"else", "more", "other"} for t in doc) and refers_back
    return QuestionInfo(
        text=text,
        wh=wh,
        predicates=predicates,
        asks_speaker=asks_speaker,
        source=" ".join(t.text for t in source_tokens) or None,
        source_words=_words(source_tokens),
        source_is_name=any(t.pos_ == "PROPN" for t in source_tokens),
        source_is_organisation=any(t.ent_type_ == "ORG" for t in source_tokens),
        topic=_words(topic_tokens),
        focus=" ".join([*(t.lower_ for t in focus.lefts if t.dep_ == "compound"), focus.lower_])
        if focus is not None and focus.lemma_.lower() not in STATEMENT_NOUNS
        else None,
        claim_text=claim_text,
        counted=_counted(doc, wh, focus),
        wants=wants,
        exact=wants != PLACE_LABELS and bool(wants),
        content=content,
        names=names,
        subject_pronoun=subject_pronoun,
        object_pronoun=object_pronoun,
        refers_back=refers_back,
        elliptical=elliptical,
        wants_more=wants_more,
        asks_document=any(t.lemma_.lower() in DOCUMENT_NOUNS and t not in source_tokens for t in doc),
        target=_words(_target_tokens(doc)) if asks_speaker else (),
    )

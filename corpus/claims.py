"""Who said what: the source each sentence is credited to, read from spaCy's dependency parse.

For every sentence we look for a reporting cue (a reporting verb such as *said*, *claims*,
*accused*, *called on*, or the phrase *according to*) outside quotation marks, and take its
grammatical subject (or the object of *according to*) as the speaker; a relative pronoun
("pollsters, most of whom predicted") gives way to the noun its clause modifies. Then, in
article order:

- pronouns, short names, short definite references and documents are replaced by the earlier
  source they stand for (see :mod:`corpus.references`);
- sentences inside an open quotation inherit the speaker of the quotation, including a
  statement announced with a colon ("X said in a statement:") and quoted in the next paragraph,
  and a quotation following an attributed quote in the same paragraph ('"A," X said. "B."');
  such a sentence is read as if a quotation mark opened it, so the quoted words never give
  the cue ('...they told us," she said.' is said by *she*);
- unnamed sources ("officials said", "a spokeswoman said") are flagged as anonymous;
- sentences with no cue keep no speaker: nothing is guessed.

The phrase a source was first named by stays in the claim's ``aliases``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from corpus.records import Article, Claim
from corpus.references import (
    Found,
    Mention,
    Speaker,
    clean_name,
    context_of,
    describe,
    expand,
    mentions_in,
    named_organisation,
    personal,
    phrase_tokens,
    resolve,
    subtree_phrase,
)
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
        "testify threaten underline urge voice vow warn welcome write caution forecast reaffirm inform advise "
        "denounce decry deplore praise hail retort "
    ).split()
)
# Documents whose words may follow in the next paragraph: "X welcomed the move in a statement."
ANNOUNCING_NOUNS = frozenset(
    {
        "statement", "communique", "communiqué", "declaration", "letter", "message", "release",
        "warning", "notice", "advisory", "bulletin", "ruling", "judgment", "judgement", "verdict",
        "advice", "guidance", "guideline", "recommendation", "appeal",
    }
)  # fmt: skip
# "Two people familiar with the matter gave a different account": they speak, and "they said" is them.
ACCOUNT_NOUNS = frozenset({"account", "version"})
# Verbs that put out a statement: "The company distributed a statement", "the ministry issued a communique".
ISSUING_VERBS = frozenset({"issue", "release", "distribute", "publish", "circulate", "post", "send", "put"})
# Dependencies of a clause's subject.
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Verbs that report only with a clause of what was found: "a report found that ...", not "rescuers found two bodies".
CLAUSE_VERBS = frozenset({"find", "show", "conclude"})
# Verbs whose particle or preposition belongs to the cue ("called on", "pointed out").
PHRASAL = {"call": {"on", "for", "upon"}, "point": {"out"}}
# Verbs whose object names the stance ("expressed concern").
WITH_OBJECT = frozenset({"express", "voice", "issue", "give"})
# Verbs that take back the reporting verb they govern ("declined to comment").
REFUSALS = frozenset({"decline", "refuse", "fail"})
OPENERS = "“«‘"
CLOSERS = "”»’"
# Relative pronouns that can head a speaker phrase ("who said", "most of whom predicted").
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})


# Modals that make a reporting verb a duty or a possibility rather than something said.
OBLIGATIONS = frozenset({"must", "should", "ought", "may", "might"})


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


def _opens_at(text: str, i: int) -> bool:
    """True when the quotation mark at ``i`` opens a quotation (“, or " after a space and before a word)."""
    if text[i] in "“«":
        return True
    return text[i] == '"' and (i == 0 or text[i - 1].isspace()) and text[i + 1 : i + 2].isalnum()


def _sentence_mask(text: str, starts_inside: bool) -> list[bool]:
    """The quote mask of a sentence, read as if a quotation mark opened it when it starts inside one.

    A sentence whose first double quotation mark opens a quotation did not start inside one: the
    quotation before it was left unclosed by the writer.
    """
    first = next((i for i, ch in enumerate(text) if ch in '"“”«»'), None)
    if starts_inside and (first is None or not _opens_at(text, first)):
        return _quote_mask('"' + text)[1:]
    return _quote_mask(text)


def _cue_words(verb: Token) -> str:
    """The reporting verb with its particle ("called on") or stance object ("expresses deep concern")."""
    words = [verb]
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in {"prt", "prep"} and child.lower_ in PHRASAL.get(lemma, ()) and not _when(child):
            words.append(child)
        if lemma in WITH_OBJECT and child.dep_ == "dobj":
            words.extend(t for t in child.subtree if t.i <= child.i)
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def _purpose_in_relative_clause(verb: Token) -> bool:
    """Whether the verb is an infinitive of purpose inside a relative clause ("the calls he made to ask")."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return verb.head.dep_ == "relcl"


def _when(preposition: Token) -> bool:
    """Whether a preposition only says when: "called the strike on Sunday" is no call on anyone."""
    return any(o.dep_ == "pobj" and o.ent_type_ in {"DATE", "TIME"} for o in preposition.children)


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
        if current.dep_ in {"conj", "advcl", "xcomp"} and current.head.i != current.i:
            current = current.head
        elif current.dep_ == "acl" and current.head.dep_ == "ROOT" and current.head.i < current.i:
            # "The initiative called on ...", misread as a noun with a participle: a sentence has
            # a verb, so the noun is its subject.
            head = current.head
            return head if head.pos_ in {"NOUN", "PROPN"} and current.tag_ == "VBD" else None
        else:
            return _stranded_subject(current) if current.dep_ == "ROOT" else None
    return None


def _postposed_subject(verb: Token) -> Token | None:
    """The speaker of a sentence-final "..., the press service of the ministry reported." that the
    parser joined to the main verb (and so to its subject) instead of giving it its own."""
    doc = verb.doc
    sentence = verb.sent
    if any(not t.is_punct for t in doc[verb.i + 1 : sentence.end]):
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return None
    start = verb.i - 1
    while start >= sentence.start and doc[start].text != ",":
        start -= 1
    phrase = doc[start + 1 : verb.i]
    if start < sentence.start or not any(t.pos_ in {"NOUN", "PROPN"} for t in phrase):
        return None
    # The one word of the phrase whose head lies outside it: the phrase's own head.
    heads = [t for t in phrase if not phrase.start <= t.head.i < phrase.end or t.head.i == t.i]
    return heads[0] if len(heads) == 1 and heads[0].pos_ in {"NOUN", "PROPN"} else None


def _stranded_subject(verb: Token) -> Token | None:
    """The name written just before a subjectless verb: the small parser hangs "resident Ann Roe, 71,"
    in "In the village of X, resident Ann Roe, 71, said ..." on the place instead of on "said"."""
    token = verb.doc[verb.i - 1] if verb.i > 0 else None
    while token is not None and (token.is_punct or token.pos_ == "NUM") and token.i > 0:
        token = token.doc[token.i - 1]
    if token is None or token.pos_ != "PROPN" or token.ent_type_ != "PERSON":
        return None
    # "resident Ann Roe": the apposition the name belongs to.
    if token.dep_ == "appos" and token.head.pos_ == "NOUN" and token.head.i < token.i:
        return token.head
    return token


def _depth(token: Token) -> int:
    """Distance from the sentence root."""
    depth = 0
    while token.head.i != token.i and depth < 50:  # spaCy makes a new Token on each access: compare indices
        token = token.head
        depth += 1
    return depth


def _relative(subject: Token) -> bool:
    """True for a subject that is or is headed by a relative pronoun ("who", "most of whom")."""
    if subject.tag_ in {"WP", "WDT"} and subject.lower_ in RELATIVE_PRONOUNS:
        return True
    return any(
        child.dep_ == "prep" and child.lower_ == "of" and any(g.tag_ in {"WP", "WDT"} for g in child.children)
        for child in subject.children
    )


def _aside(verb: Token, antecedent: Token) -> bool:
    """Whether a relative clause's cue is an aside about someone the sentence does not report.

    "A judge blocked the demolition, handing a victory to tenants who accuse the owner of ..."
    reports the judge's act, not the tenants' claim. Under a copula ("the witness is Ivo Brand,
    who testified ...") or on the main subject ("Ann Roe, who said ...") the clause is the claim.
    """
    root = verb.sent.root
    if verb.dep_ != "relcl" or root.lemma_.lower() == "be" or root.pos_ != "VERB":
        return False
    node = antecedent
    while node.head.i != node.i and node.dep_ not in {"nsubj", "nsubjpass"}:
        node = node.head
    return not (node.dep_ in {"nsubj", "nsubjpass"} and node.head.i == root.i)


def _antecedent(subject: Token) -> Token | None:
    """The noun a relative clause modifies: "pollsters" for "pollsters, most of whom predicted".

    The parser hangs "who" on the nearest noun, often an organisation after "of"; the person is
    the one that noun belongs to: "Ann Roe, director of Acme Ltd, who said" is Ann Roe.
    """
    clause = subject.head
    noun = clause.head
    if clause.dep_ != "relcl" or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    if subject.lower_ in {"who", "whom"} or any(t.lower_ in {"who", "whom"} for t in subject.subtree):
        while not personal(noun) and noun.dep_ == "pobj" and noun.head.lower_ == "of":
            noun = noun.head.head
        if noun.dep_ == "appos" and noun.head.pos_ in {"NOUN", "PROPN"}:
            noun = noun.head
    return noun


def _as_stated_in(verb: Token) -> Token | None:
    """The document of "as stated in the resolution, ...": it, not the main clause's subject, is the source."""
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}]
            if objects:
                return objects[0]
    return None


def _according_phrase(source: Token, clause: Token) -> str:
    """The source of "according to <source>, <clause>", without the clause's subject.

    "According to Professor X, a pathologist at Y, a wet spell allowed ...": the parser hangs the
    clause's subject on the source as a last appositive and leaves the clause without one.
    """
    subjectless = clause.pos_ in {"VERB", "AUX"} and not any(c.dep_ in SUBJECTS for c in clause.children)
    appositives = [c for c in source.children if c.dep_ == "appos" and c.right_edge.i < clause.i]
    if not subjectless or not appositives:
        return subtree_phrase(source)
    tokens = [t for t in phrase_tokens(source) if t.i < appositives[-1].left_edge.i]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return source.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else subtree_phrase(source)


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
                        and (objects[0].pos_ in {"PROPN", "NOUN", "PRON"} or objects[0].lower_ == "one")
                        and not objects[0].lower_.startswith("information")
                    ):
                        return Found(_according_phrase(objects[0], token.head), objects[0], "according to")
    candidates = []
    for token in span:
        lemma = token.lemma_.lower()
        reports = (
            lemma in REPORTING_VERBS
            or (lemma in CLAUSE_VERBS and any(c.dep_ == "ccomp" and c.i > token.i for c in token.children))
            or (lemma in ISSUING_VERBS and any(_is_announcement(c) for c in token.children))
            or (lemma == "give" and any(c.dep_ == "dobj" and c.lemma_.lower() in ACCOUNT_NOUNS for c in token.children))
        )
        if token.pos_ != "VERB" or not reports or not outside(token):
            continue
        if _not_said(token) or any(_not_said(a) for a in token.ancestors if a.lemma_.lower() in REPORTING_VERBS):
            continue  # "did not respond", "declined to say", "has not said whether it will add": no claim is made
        if lemma == "add" and any(c.dep_ == "dobj" for c in token.children):
            continue  # "will add sailings", "added 200 jobs": no words are added
        if any(child.dep_ == "aux" and child.lower_ in OBLIGATIONS for child in token.children):
            continue  # "companies must report breaches": a duty, not a report
        document = _as_stated_in(token)
        if document is not None and outside(document):
            candidates.append((_depth(token), token.i, token, document))
            continue
        subject = _postposed_subject(token) or _subject_of(token)
        if token.dep_ == "relcl" and subject is not None and not _relative(subject):
            continue  # "a tower whose tenants accuse its owner": background, not the sentence's claim
        if _purpose_in_relative_clause(token):
            continue  # "every call he made to ask when ...": background too
        if subject is not None and _relative(subject):
            subject = _antecedent(subject)
            if subject is not None and _aside(token, subject):
                continue
        if subject is None or not outside(subject) or subject.lower_ in RELATIVE_PRONOUNS:
            continue  # no subject, a quoted one, or "that" pointing back at a whole sentence
        candidates.append((_depth(token), token.i, token, subject))
    if not candidates:
        return None
    _, _, verb, subject = min(candidates, key=lambda c: (c[0], c[1]))
    return Found(subtree_phrase(subject), subject, _cue_words(verb))


def _not_said(verb: Token) -> bool:
    """Whether a reporting verb is negated or refused: "did not say", "declined to comment"."""
    return any(child.dep_ == "neg" for child in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSALS
    )


def _is_announcement(token: Token) -> bool:
    """Whether the verb's object is a statement, communique, letter ... ("issued a statement")."""
    return token.dep_ == "dobj" and token.pos_ == "NOUN" and token.lemma_.lower() in ANNOUNCING_NOUNS


def _kind(span: Span, quoted: list[bool]) -> str:
    """``direct`` when the sentence carries at least three quoted words, else ``indirect``."""
    inside = "".join(ch if q else " " for ch, q in zip(span.text, quoted, strict=False))
    return "direct" if len(inside.split()) >= 3 else "indirect"


def _all_quoted(text: str) -> bool:
    """True when every word of ``text`` lies inside quotation marks that it opens."""
    if text[:1] not in OPENERS + '"':
        return False
    return all(inside for ch, inside in zip(text, _quote_mask(text), strict=True) if ch.isalnum())


def _quotes_something(text: str, quoted: list[bool]) -> bool:
    """True when some word of the sentence lies inside quotation marks."""
    return any(inside and ch.isalnum() for ch, inside in zip(text, quoted, strict=True))


def _announces(item: ParsedSentence, parsed: list[ParsedSentence], at: int, quoted: list[bool]) -> bool:
    """Whether a credited sentence announces a quotation to come.

    "X said in a statement:" does; so does "X welcomed the move in a statement." closing its
    paragraph with nothing quoted. The quotation must then open the next sentence or paragraph
    (see :func:`attribute`), or the announcement lapses.
    """
    text = item.sentence.text.rstrip()
    if text.endswith(":"):
        return True
    following = parsed[at + 1].sentence if at + 1 < len(parsed) else None
    if following is None or following.paragraph == item.sentence.paragraph or _quotes_something(text, quoted):
        return False
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in ANNOUNCING_NOUNS for t in item.span)


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
        number = sentence.index
        quoted = _sentence_mask(span.text, was_open)
        starts_inside = open_quote is not None or (sentence.text[:1] in OPENERS + '"' and announced is not None)
        new_paragraph = bool(claims) and sentence.paragraph != parsed[len(claims) - 1].sentence.paragraph
        if announced is not None and new_paragraph and sentence.text[:1] not in OPENERS + '"':
            announced = None
        context = context_of(span)
        found = find_cue(span, quoted)
        resolved: Speaker | None = None
        claim: Claim
        if found is not None:
            speaker = describe(found, context)
            before = [expand(m, earlier, mentions) for m in mentions_in(span, quoted, found.head.left_edge.i, number)]
            resolved = resolve(found, speaker, earlier, mentions + before, previous_speaker)
            kind = "direct" if open_quote is not None else _kind(span, quoted)
            if resolved is None:  # a pronoun with nothing to stand for: the speaker is unknown
                claim = Claim(article.id, sentence.index, None, found.cue, kind)
            else:
                resolved = named_organisation(resolved, mentions)
                resolved = replace(resolved, context=context, at=(number, found.head.i - span.start))
                aliases = (found.phrase,) if resolved.name != speaker.name else ()
                claim = Claim(
                    article.id,
                    sentence.index,
                    clean_name(resolved.name),
                    found.cue,
                    kind,
                    anonymous=resolved.anonymous,
                    aliases=aliases,
                )
                earlier.append(resolved)
            for waiting in pending:
                claims[waiting] = replace(claim, sentence=claims[waiting].sentence, kind="direct", cue=claim.cue)
            pending = []
            announced = claim if _announces(item, parsed, len(claims), quoted) else None
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
        mentions += [expand(m, earlier, mentions) for m in mentions_in(span, quoted, span.end, number)]
        previous_speaker = resolved
        previous_quotes = _quotes_something(span.text, quoted)
        was_open = bool(quoted) and quoted[-1]
        open_quote = claim if was_open and claim.speaker else None
        if not was_open:
            pending = []  # the quotation closed without naming its speaker
    return claims

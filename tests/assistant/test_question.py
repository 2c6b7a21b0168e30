"""Question analysis: what a question asks for, from its parse."""

from __future__ import annotations

import pytest

from assistant.question import MEASURE_LABELS, MONEY_LABELS, NUMBER_LABELS, TIME_LABELS, analyze_question
from corpus.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize(
    ("question", "wh", "asks_speaker", "source_words"),
    [
        ("Who claimed that the dam was unsafe?", "who", True, ()),
        ("Who shot down the jet?", "who", False, ()),
        ("Who is accused of shelling the port?", "who", False, ()),
        ("What did the Freedonian Foreign Ministry call for?", "what", False, ("freedonian", "foreign", "ministry")),
        ("What did Sylvania promise to do?", "what", False, ("sylvania",)),
        ("How many ships sank, according to the Port Authority?", "how many", False, ("port", "authority")),
        ("According to whom did the river rise?", "who", True, ()),
        ("Where did Sylvania move the troops?", "where", False, ()),
        # An opinion or a pressing is credited to someone like a statement is.
        ("who reckons the main rate will be down to 4% by the end of the year", "who", True, ()),
        ("Who is pushing the central bank to cut rates more quickly?", "who", True, ()),
        ("Who pushed for a smaller cut?", "who", True, ()),
        ("Who pushed the car into the river?", "who", False, ()),
        ("What did the exporters push for?", "what", False, ("exporters",)),
        ("What has the detective who ran the investigation said?", "what", False, ("detective",)),
        ("What is Sweden's medicines agency saying about the study?", "what", False, ("sweden", "medicines", "agency")),
        ("How is Tanzania's trade ministry justifying the levy?", "how", False, ("tanzania", "trade", "ministry")),
        ("Who defended the decision?", "who", True, ()),
        # The verb has its speaker: who is someone else.
        ("and who does he think will pay the price first?", "who", False, ()),
        ("Whom did Russia accuse of sending fighters?", "who", False, ("russia",)),
        ("Which official warned that the dam could fail?", "who", True, ()),
        # What the small model misparses: "academic" tagged an adverb, "told" hung under the reported clause.
        ("Which academic accused the central bank of having been complacent?", "who", True, ()),
        ("Who told the court the cracks in the concrete were mostly superficial?", "who", True, ()),
        # An attitude stated with "be" is a stance.
        ("Who was worried that the line had become fuzzy?", "who", True, ()),
        ("Who was injured in the attack?", "who", False, ()),
    ],
)
def test_wh_speaker_and_source(nlp, question, wh, asks_speaker, source_words):
    info = analyze_question(question, nlp)
    assert info.wh == wh
    assert info.asks_speaker is asks_speaker
    assert info.source_words == source_words


@pytest.mark.parametrize(
    ("question", "wants"),
    [
        ("When did the talks start?", TIME_LABELS),
        ("At what time did the leak start?", TIME_LABELS),
        ("How many people were evacuated?", NUMBER_LABELS),
        ("Who called for calm?", frozenset()),
        ("Between which dates were the hackers inside the database?", TIME_LABELS),  # "dates" parsed as a verb
        ("What is the walkout costing the company every day?", MONEY_LABELS),
        ("what did the Lao dam cost to build", MONEY_LABELS),  # "cost" tagged a noun, but the root
        ("How fast was the ferry going when it hit the pier?", MEASURE_LABELS),  # a speed, never money
        ("How big was the loss?", NUMBER_LABELS),
    ],
)
def test_wanted_entity_types(nlp, question, wants):
    assert analyze_question(question, nlp).wants == wants


def test_follow_up_markers(nlp):
    more = analyze_question("What else did they report?", nlp)
    assert more.subject_pronoun and more.refers_back and more.wants_more
    assert analyze_question("To whom?", nlp).elliptical
    plain = analyze_question("Who accused Sylvania of shelling the port?", nlp)
    assert not (plain.refers_back or plain.elliptical or plain.subject_pronoun)
    object_pronoun = analyze_question("How many of them went home?", nlp)
    assert object_pronoun.refers_back and not object_pronoun.subject_pronoun


def test_a_noun_doing_something_is_not_the_focus(nlp):
    # Parsed as "the walkout (that is) costing ...": the answer is an amount, not a walkout.
    assert analyze_question("What is the walkout costing the company every day?", nlp).focus is None
    assert analyze_question("What is the population of Armenia?", nlp).focus == "population"
    # The small model tags "want" a noun here; with a subject and "does" it is the verb.
    assert analyze_question("What does the heart patients' group want, and why?", nlp).focus is None


def test_focus_and_topic(nlp):
    assert analyze_question("What is the population of Freedonia?", nlp).focus == "population"
    assert analyze_question("How many crew members were aboard?", nlp).focus == "crew members"
    assert analyze_question("What did the mayor say about the flood barriers?", nlp).topic == ("flood", "barriers")


@pytest.mark.parametrize(
    ("question", "predicates", "source_words", "wants"),
    [
        # "going to" / "supposed to" carry no meaning of their own: the next verb does.
        ("When is the mayor going to be questioned?", ("question",), (), TIME_LABELS),
        # Calling something a name is saying it; the complement is the claim.
        ("Who called the verdict unfair?", ("say",), (), frozenset()),
        # A measure adjective asks for a number, and so does a number noun.
        ("How big was the harbour's deficit?", (), (), NUMBER_LABELS),
        ("What percentage of the vote did the Greens get?", (), (), frozenset({"PERCENT"})),
        ("How many seats did the Greens win?", (), (), NUMBER_LABELS),
        # Money: an amount, possibly in a currency the tagger does not know.
        ("How much would it cost to extend the scheme?", ("cost",), (), frozenset({"MONEY", "CARDINAL"})),
        ("What payout will families get?", (), (), frozenset({"MONEY", "CARDINAL"})),
        # "According to whom": no source, and the claim's verb is not a cue.
        ("According to whom was the town warned three times?", (), (), frozenset()),
        # A passive subject is told, not telling.
        ("What were the residents warned about?", ("warn",), (), frozenset()),
        # A passive verb is no attitude: "is he convinced" is not "does he believe".
        ("Is he convinced by the stroke findings?", ("convince",), (), frozenset()),
        # "X's statement" speaks for X.
        ("What did the Ruritanian embassy's statement say?", ("say",), ("ruritanian", "embassy"), frozenset()),
    ],
)
def test_predicates_sources_and_wanted_types(nlp, question, predicates, source_words, wants):
    info = analyze_question(question, nlp)
    assert info.predicates == predicates
    assert info.source_words == source_words
    assert info.wants == wants


def test_a_lower_case_word_is_not_a_name(nlp):
    info = analyze_question("Who said the figures were fed into the system late?", nlp)
    assert all(name[:1].isupper() for name in info.names)


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How big was the company's loss?", ("loss",)),
        ("How much were the pension fund's legal costs that Harlow has to cover?", ("costs",)),
        ("How much is the company worth?", ()),  # its worth, not a company
        ("How much was the former commissioner convicted of taking in bribes?", ()),
        ("How much is the recall expected to cost the drugmaker?", ()),
    ],
)
def test_how_big_or_how_much_is_asks_for_the_subjects_amount(nlp, question, counted):
    assert analyze_question(question, nlp).counted == counted


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("Who accused Belgrade of treating the reporter as a pawn?", ("belgrade",)),
        ("Who called on Russia to withdraw its troops?", ("russia",)),
        ("Which party wants the Greek minister to quit?", ("greek", "minister")),
        # In a "that" clause the subject may be the one asked for: Turkey may deny it.
        ("Who denied that Turkey sent fighters?", ()),
        ("What did Russia call for?", ()),  # not a who-question
    ],
)
def test_the_one_acted_on_is_not_the_speaker_asked_for(nlp, question, target):
    assert analyze_question(question, nlp).target == target


@pytest.mark.parametrize(
    ("question", "source_words"),
    [
        ("Has China responded to the export ban?", ("china",)),  # a yes/no question names its source too
        ("How did China react to the ban?", ("china",)),
        ("How did markets react to the rate announcement?", ()),  # prices react; no one speaks
        ("Has the federation's main sponsor reacted to the ruling?", ("federation", "main", "sponsor")),
        ("When will Croatian diplomats be able to see him?", ()),  # "see" is not said by them
        ("What did the couriers' union leader have to say about the verdict?", ("couriers", "union", "leader")),
        ("what's the mayor of Tollbridge said about the plant?", ("mayor", "tollbridge")),  # "'s" is "has"
        # The clause tells which company; the company is the source.
        ("What has the company that put the rocket together said about the failure?", ("company",)),
        # A statement's owner is the source, not the time it was issued.
        ("What did the port authority's statement on Monday night say?", ("port", "authority")),
    ],
)
def test_sources_of_yes_no_and_reaction_questions(nlp, question, source_words):
    assert analyze_question(question, nlp).source_words == source_words


@pytest.mark.parametrize(
    ("question", "source_words"),
    [
        ("What did the woman speaking for Ridgeway say?", ("spokeswoman", "ridgeway")),
        ("what did the man who spoke on behalf of the ministry tell reporters", ("spokesman", "ministry")),
    ],
)
def test_someone_speaking_for_a_body_is_its_spokesperson(nlp, question, source_words):
    assert analyze_question(question, nlp).source_words == source_words

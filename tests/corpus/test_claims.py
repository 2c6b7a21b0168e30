"""Who said what, on short texts written for each attribution pattern."""

from __future__ import annotations

import pytest

from corpus.analysis import analyze
from corpus.loaders import article_from_text, load_corpus


def claims_of(text: str):
    """(sentence text, claim) pairs for an article made of ``text``."""
    (analyzed,) = analyze([article_from_text(text)])
    return list(zip([s.text for s in analyzed.sentences], analyzed.claims, strict=True))


# (article text, sentence number, speaker or None, cue, kind, anonymous)
CASES = [
    ("Talks\nArmenia claims that Turkey moved troops to the border.", 1, "Armenia", "claims", "indirect", False),
    ("Talks\nFreedonia accused Sylvania of shelling the port.", 1, "Freedonia", "accused", "indirect", False),
    (
        'Storm\n"We will rebuild every house," the Interior Ministry said in a statement on Monday.',
        1,
        "Interior Ministry",
        "said",
        "direct",
        False,
    ),
    (
        "Storm\nAccording to the Port Authority, 40 ships were damaged.",
        1,
        "Port Authority",
        "according to",
        "indirect",
        False,
    ),
    ("Storm\nGideon Farrow told Reuters that the valve was sound.", 1, "Gideon Farrow", "told", "indirect", False),
    ("Storm\nOfficials said the road would stay closed.", 1, "Officials", "said", "indirect", True),
    (
        "Storm\nTwo officials who asked not to be named said the dam leaked.",
        1,
        "Two officials",
        "said",
        "indirect",
        True,
    ),
    ("Storm\nThe river rose by two metres on Monday.", 1, None, None, "narration", False),
    ("Storm\nThe company did not respond to requests for comment.", 1, None, None, "narration", False),
    (
        "Storm\nPARIS, May 2 (Wire) - Health Minister Ana Ruiz said on Monday that clinics were full.",
        1,
        "Health Minister Ana Ruiz",
        "said",
        "indirect",
        False,
    ),
    (
        "Aid\nThe French and German leaders called on both parties to stop.",
        1,
        "French and German leaders",
        "called on",
        "indirect",
        False,
    ),
    (
        "Aid\nThe ministry expressed deep concern about the fighting.",
        1,
        "ministry",
        "expressed deep concern",
        "indirect",
        False,
    ),
]


@pytest.mark.parametrize(("text", "number", "speaker", "cue", "kind", "anonymous"), CASES)
def test_attribution_patterns(text, number, speaker, cue, kind, anonymous):
    _, claim = claims_of(text)[number]
    assert claim.speaker == speaker
    assert claim.cue == cue
    assert claim.kind == kind
    assert claim.anonymous is anonymous


def test_pronouns_and_short_references_resolve_to_earlier_speakers():
    pairs = claims_of(
        "Flood talks\n"
        "Maria Lopez, the mayor, said the port was closed. She added that it would reopen on Friday.\n"
        "The Foreign Ministry of Freedonia said the flood was natural. The ministry also urged calm.\n"
        "Freedonia and Sylvania blamed each other for the flood. Both sides rejected the accusations.\n"
        "The two leaders met on Monday. They stressed that talks would continue."
    )
    speakers = [claim.speaker for _, claim in pairs]
    assert speakers[2] == speakers[1] == "Maria Lopez, the mayor"
    assert speakers[4] == speakers[3] == "Foreign Ministry of Freedonia"
    assert pairs[4][1].aliases == ("The ministry",)
    assert speakers[6] == speakers[5] == "Freedonia and Sylvania"
    assert speakers[7] is None
    assert speakers[8] == "Freedonia and Sylvania"  # nearest earlier group that spoke


def test_unnamed_spokesperson_of_the_organisation_just_quoted():
    pairs = claims_of('Leak\nAcme Chemicals rejected that account. "Our pipes are fine," a company spokeswoman said.')
    claim = pairs[2][1]
    assert claim.speaker == "Acme Chemicals" and claim.aliases == ("a company spokeswoman",)


def test_quotes_carry_their_speaker_across_sentences_and_paragraphs():
    pairs = claims_of(
        'Statement\n"It is over. We won," the coach said.\n'
        "The club said in a statement:\n"
        '"We did nothing wrong. We will cooperate fully."\n'
        "The weather was fine."
    )
    by_text = {text: claim for text, claim in pairs}
    assert by_text['"It is over.'].speaker == "coach"
    assert by_text['We won," the coach said.'].speaker == "coach"
    assert by_text['"We did nothing wrong.'].speaker == "club"
    assert by_text['"We did nothing wrong.'].kind == "direct"
    assert by_text['We will cooperate fully."'].speaker == "club"
    assert by_text["The weather was fine."].speaker is None


def test_bundled_article_who_said_what():
    (analyzed,) = analyze(load_corpus().articles)
    speakers = [c.speaker for c in analyzed.claims]
    assert speakers[2] == speakers[3] == speakers[4] == "Russian Foreign Ministry"
    assert speakers[6] == "Armenia" and analyzed.claims[6].cue == "claims"
    assert speakers[7] == "Azerbaijan"
    assert speakers[8] == "Armenia and Azerbaijan"  # "Both sides"
    assert speakers[10] == "Turkey"
    assert "Macron" in speakers[12] and speakers[13] == speakers[12]  # "they stressed"
    assert analyzed.claims[2].kind == "direct"

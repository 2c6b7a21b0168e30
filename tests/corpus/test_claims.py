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
    # "On Sunday" says when: no call on anyone.
    (
        "Strike\nThe dockers' union called the strike on Sunday after talks failed.",
        1,
        "dockers' union",
        "called",
        "indirect",
        False,
    ),
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
        "Storm\nThe captain was tested for alcohol and the result was negative, police said.",
        1,
        "police",
        "said",
        "indirect",
        False,
    ),
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


def test_a_statement_closing_its_paragraph_is_quoted_in_the_next():
    pairs = claims_of(
        "Statement\n"
        "The Economy Ministry welcomed the move in a statement issued on Tuesday.\n"
        '"Lower borrowing costs will support hiring. We will not loosen spending."\n'
        "The board meets again in April.\n"
        "The union said on Monday it would strike.\n"
        '"Nobody expected this."'
    )
    by_text = {text: claim for text, claim in pairs}
    assert by_text['"Lower borrowing costs will support hiring.'].speaker == "Economy Ministry"
    assert by_text['"Lower borrowing costs will support hiring.'].kind == "direct"
    assert by_text['We will not loosen spending."'].speaker == "Economy Ministry"
    assert by_text["The board meets again in April."].speaker is None
    # A credited sentence that announces no statement: the untagged quotation after it is not guessed.
    assert by_text['"Nobody expected this."'].speaker is None


def test_a_statement_put_out_by_a_body_is_quoted_in_the_next_paragraph():
    pairs = claims_of(
        "Rocket lost\n"
        "The Orbex company, which assembled the rocket, distributed a statement on Thursday evening.\n"
        '"The engine passed all ground tests in full.\n'
        'Orbex is cooperating with the commission."\n'
        "The company denied reports that the engine had failed a test in July.\n"
        "Rescuers received a letter from the governor."
    )
    by_text = {text: claim for text, claim in pairs}
    assert "Orbex" in by_text['"The engine passed all ground tests in full.'].speaker
    assert "Orbex" in by_text['Orbex is cooperating with the commission."'].speaker
    assert "Orbex" in by_text["The company denied reports that the engine had failed a test in July."].speaker
    # Receiving a letter is not issuing one.
    assert by_text["Rescuers received a letter from the governor."].speaker is None


def test_the_plural_body_named_again_is_the_unnamed_body_met_before():
    pairs = claims_of(
        "Plant review\n"
        "State environmental regulators announced on Tuesday that they would open a review.\n"
        '"Every plant must have a plan," the regulators said in their statement.'
    )
    by_text = {text: claim for text, claim in pairs}
    assert by_text['"Every plant must have a plan," the regulators said in their statement.'].speaker == (
        "State environmental regulators"
    )


def test_a_role_no_one_was_given_is_the_person_just_quoted_unless_they_hold_another():
    pairs = claims_of(
        "Audit call\n"
        "Member of parliament Kanat Yessenov called on the government to audit space spending.\n"
        '"Taxpayers have the right to know the result," the deputy said.\n'
        "Defence lawyer Ann Roe said her client was innocent.\n"
        '"The case is closed," the judge said.'
    )
    by_text = {text: claim for text, claim in pairs}
    assert "Yessenov" in by_text['"Taxpayers have the right to know the result," the deputy said.'].speaker
    assert by_text['"The case is closed," the judge said.'].speaker == "judge"


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


def test_quotation_after_an_attributed_quote_goes_on_quoting_the_same_speaker():
    pairs = claims_of(
        "Ferry strike\n"
        '"The boats will stay in port," union chief Ada Holm said. "Nobody sails until we get a deal."\n'
        '"We are ready to talk," Holm said. "The offer is poor. It insults us," the secretary Piet Dorn said.\n'
        "The ferries carry 9,000 passengers a day.\n"
        '"Nobody sails."'
    )
    by_text = {text: claim for text, claim in pairs}
    continued = by_text['"Nobody sails until we get a deal."']
    assert continued.speaker == "union chief Ada Holm" and continued.kind == "direct"
    # The quotation names its own speaker when it closes: that wins over the one before it.
    assert by_text['"The offer is poor.'].speaker == "secretary Piet Dorn"
    assert by_text["The ferries carry 9,000 passengers a day."].speaker is None
    assert by_text['"Nobody sails."'].speaker is None  # a new paragraph with nobody named


def test_short_names_and_titles_take_the_full_earlier_mention():
    pairs = claims_of(
        "Mine safety\n"
        "Mining Minister Olga Brenn said the shaft was safe. Brenn added that inspections would double. "
        "She also promised new funds.\n"
        "The inquiry is led by Tobias Kell, a retired engineer. Kell said the shaft had been neglected.\n"
        "Velta Mining opened a new shaft on Monday. Velta said the shaft was safe.\n"
        "Judge Hanna Solberg of the Eastfield District Court jailed the mine manager for six years. "
        "The judge said the crime had endangered lives."
    )
    claims = [claim for _, claim in pairs]
    assert [c.speaker for c in claims[1:4]] == ["Mining Minister Olga Brenn"] * 3
    assert claims[2].aliases == ("Brenn",) and claims[3].aliases == ("She",)
    assert claims[5].speaker == "Tobias Kell" and claims[5].aliases == ("Kell",)  # named, never a speaker
    assert claims[7].speaker == "Velta Mining" and claims[7].aliases == ("Velta",)
    assert claims[9].speaker == "Judge Hanna Solberg of the Eastfield District Court"
    assert claims[9].aliases == ("The judge",)


def test_a_surname_the_model_takes_for_a_place_is_the_person_named_before():
    pairs = claims_of(
        "Stroke study\n"
        '"For an old and very cheap medicine, that is a big effect," said Professor Linnea Hedlund, the cardiologist '
        "who led the study.\n"
        "Hedlund said the team would next look at patients over 90.\n"
        "Georgia said the border would stay open."
    )
    claims = [claim for _, claim in pairs]
    assert claims[2].speaker == claims[1].speaker
    assert "Linnea Hedlund" in claims[2].speaker
    assert claims[3].speaker == "Georgia"  # a country named by no one before is itself


def test_a_surname_after_a_courtesy_title_is_the_person_named_before():
    pairs = claims_of(
        "Builder jailed\n"
        "Margaret Doyle, 74, who paid the builder for a kitchen, said she had lost her savings.\n"
        '"I trusted him because he had a van with his name on it," Mrs Doyle said.'
    )
    claims = [claim for _, claim in pairs]
    assert claims[2].speaker == claims[1].speaker == "Margaret Doyle, 74"
    assert claims[2].aliases == ("Mrs Doyle",)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Dam row\nRosa Lind, a dam engineer, inspected the site on Monday. She said the dam was failing.",
            "Rosa Lind, a dam engineer",
        ),
        ("Dam row\nThe court heard from Tom Rye on Monday. He said the dam was failing.", None),
        ("Dam row\nHe said the vote was rigged.", None),
        ("Dam row\nThey said the vote was rigged.", None),
    ],
)
def test_pronouns_stand_for_an_earlier_subject_or_for_nobody(text, speaker):
    claim = claims_of(text)[-1][1]
    assert claim.speaker == speaker
    assert claim.cue == "said"  # the sentence still reports speech, by whoever it was


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"We are worried," said Lena Brook, a senior port-safety engineer at Moss Partners.',
            "Lena Brook, a senior port-safety engineer at Moss Partners",
        ),
        (
            "The Director-General of the Harbour Agency, Piotr Sand, warned that more collapses were likely.",
            "Director-General of the Harbour Agency, Piotr Sand",
        ),
        (
            "Kai Moss, head of the Dock Union, which represents 400 workers, said the port was unsafe.",
            "Kai Moss, head of the Dock Union",
        ),
        ("The Northern Water Authority (NWA) said the river was clean.", "Northern Water Authority (NWA)"),
        ("The mine owner declined to comment.", None),
        # Asking inside a relative clause is the story's background, not a claim.
        (
            "For 26 months, Trevor Wendell kept a notebook, logging every call he made to ask when he would get "
            "the surgery he needed.",
            None,
        ),
    ],
)
def test_speaker_phrases(text, speaker):
    assert claims_of("Port safety\n" + text)[1][1].speaker == speaker


def test_documents_are_credited_to_whoever_issued_them():
    pairs = claims_of(
        "Dam row\n"
        "The Harbour Board replied in a letter on Monday. The Water Ministry said the dam was strong. "
        '"The dam is failing," the letter said. It urged an evacuation.\n'
        "A statement from the Transport Ministry said the port would reopen."
    )
    claims = [claim for _, claim in pairs]
    # The letter's author is the speaker whose sentence mentions a letter, not the nearest one.
    assert claims[3].speaker == claims[4].speaker == "Harbour Board"
    assert claims[3].aliases == ("the letter",)
    assert claims[5].speaker == "Transport Ministry"


def test_a_sentence_inside_an_open_quotation_takes_its_cue_outside_the_quote():
    pairs = claims_of(
        "Port strike\n"
        "Harbour chief Lena Marsh told workers on Friday that the port would stay shut. "
        '"The cranes have stopped. Yesterday they told us to wait," she said.'
    )
    for _, claim in pairs[2:4]:
        assert claim.speaker == "Harbour chief Lena Marsh"
        assert claim.cue == "said" and claim.kind == "direct"


def test_a_quotation_left_open_by_the_writer_does_not_swallow_the_next_sentence():
    pairs = claims_of(
        "Port strike\n"
        'The Dock Board voiced concern about the strike, which "could spread to every port.\n'
        'The Dock Board called on both sides to "return to talks at once."'
    )
    claim = pairs[2][1]
    assert claim.speaker == "Dock Board" and claim.cue == "called on"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A person named as the subject of the sentence just before is nearer than an older speaker.
        (
            "River warden Tomas Ek said the levee held. Mayor Piet Dahl toured the shelters on Monday.",
            "Mayor Piet Dahl",
        ),
        # And a speaker nearer than the subject wins.
        (
            "Mayor Piet Dahl toured the shelters on Monday. River warden Tomas Ek said the levee held.",
            "River warden Tomas Ek",
        ),
    ],
)
def test_pronouns_take_the_nearest_fitting_antecedent(text, speaker):
    claim = claims_of("Flood\n" + text + " He promised new pumps.")[-1][1]
    assert claim.speaker == speaker and claim.aliases == ("He",)


def test_person_roles_are_persons_for_pronouns():
    pairs = claims_of(
        "Grain deal\n"
        "Farm economist Rolf Aune said grain prices would rise. A trade ministry spokesman denied that. "
        '"Prices will stay flat," he said.\n'
        "Two customs officials said the crates were empty. They added that the port was calm."
    )
    claims = [claim for _, claim in pairs]
    assert claims[3].speaker == "A trade ministry spokesman" and claims[3].anonymous
    assert claims[5].speaker == "Two customs officials" and claims[5].aliases == ("They",)


def test_a_definite_organisation_noun_takes_the_nearest_organisation():
    pairs = claims_of(
        "Mill closure\n"
        "Kessel Steel Ltd closed its last mill on Friday. In a letter to staff, the firm said demand had collapsed.\n"
        "The Dock Workers Federation warned of job losses. "
        "According to the federation's own figures, 900 jobs are at risk."
    )
    claims = [claim for _, claim in pairs]
    assert claims[2].speaker == "Kessel Steel Ltd" and claims[2].aliases == ("the firm",)
    assert claims[4].speaker == "Dock Workers Federation" and claims[4].cue == "according to"


def test_a_report_is_credited_to_who_released_it_in_a_relative_clause():
    pairs = claims_of(
        "Bridge shut\n"
        "Tarlow Shire Council closed the bridge on Friday. "
        '"I will not gamble with lives," said Ian Keogh, the mayor of Tarlow. '
        "According to the engineering report, which the council released on Monday, repairs will cost "
        "4.8 million dollars."
    )
    claims = [claim for _, claim in pairs]
    assert claims[3].speaker == "Tarlow Shire Council" and claims[3].cue == "according to"


def test_according_to_a_described_source_stops_before_the_clause_subject():
    # The parser hangs "a wet spell" on the professor as a second appositive; it is what "allowed".
    pairs = claims_of(
        "Orchard disease\n"
        "According to Professor Ada Lorne, a plant pathologist at the University of Zelm, a warm and wet spell "
        "in May allowed the bacteria to spread. According to Ann Roe, a spokeswoman, prices rose."
    )
    claims = [claim for _, claim in pairs]
    assert claims[1].speaker == "Professor Ada Lorne, a plant pathologist at the University of Zelm"
    assert claims[2].speaker == "Ann Roe, a spokeswoman"


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("The count was a shock to analysts, most of whom had predicted a landslide.", "analysts", "predicted"),
        (
            "The key witness is Ivo Brand, the former director of Brand Shipping, who testified against his partners.",
            "Ivo Brand, the former director of Brand Shipping",
            "testified",
        ),
        ("Those who predicted a landslide were wrong.", None, None),
    ],
)
def test_a_relative_pronoun_speaker_is_the_noun_its_clause_modifies(text, speaker, cue):
    claim = claims_of("Vote\n" + text)[1][1]
    assert claim.speaker == speaker and claim.cue == cue


def test_claims_keeps_the_names_other_stages_import():
    from corpus import claims

    assert callable(claims.attribute) and callable(claims.find_cue) and "say" in claims.REPORTING_VERBS


def test_a_relative_clause_about_someone_the_sentence_does_not_report_is_no_cue():
    claim = claims_of(
        "Tower\nA judge on Wednesday blocked the demolition of the tower, handing a victory to tenants "
        "who accuse its owner of exaggerating safety problems."
    )[1][1]
    assert claim.speaker is None and claim.kind == "narration"


def test_a_title_written_before_a_name_lets_the_title_stand_for_the_person():
    pairs = claims_of(
        "Cuts\nStudents marched against a plan by Education Minister Halvard Senn to cut funding. "
        "The minister rejected suggestions that fees would rise."
    )
    assert pairs[2][1].speaker == "Halvard Senn" and pairs[2][1].aliases == ("The minister",)


def test_an_unnamed_official_after_a_document_is_not_the_document():
    claim = claims_of(
        "Fees\nAccording to an internal ministry paper, officials modelled higher fees. "
        "A senior ministry official said the paper was one of several options."
    )[2][1]
    assert claim.speaker == "A senior ministry official" and claim.anonymous


def test_two_people_named_together_are_the_group_a_later_reference_stands_for():
    pairs = claims_of(
        "Border\nForeign Minister Grace Otieno and her counterpart Samuel Byaruhanga held a call on Monday. "
        "The two ministers expressed serious concern. They urged both sides to investigate."
    )
    group = "Foreign Minister Grace Otieno and her counterpart Samuel Byaruhanga"
    assert pairs[2][1].speaker == group and pairs[2][1].aliases == ("The two ministers",)
    assert pairs[3][1].speaker == group and pairs[3][1].aliases == ("They",)


def test_according_to_a_pronoun():
    pairs = claims_of(
        "Floods\nGovernor Yerlan Temirbulatov denied that warnings were ignored. "
        "According to him, evacuation plans were drawn up in March."
    )
    assert pairs[2][1].cue == "according to" and pairs[2][1].speaker == "Governor Yerlan Temirbulatov"


def test_results_published_by_a_body_are_that_body_s_and_a_date_is_not_part_of_a_name():
    pairs = claims_of(
        "Vote\nAccording to preliminary results published by the Election Commission, the ruling party won."
    )
    assert pairs[1][1].speaker == "Election Commission"
    assert claims_of("Pills\nThe Medicines Agency on Thursday ordered a recall.")[1][1].speaker == "Medicines Agency"


def test_one_of_a_group_named_before_speaks_for_the_group():
    pairs = claims_of(
        "Breach\nPeople familiar with the investigation said the hackers used a stolen login. "
        "One of the people said the account had no second password."
    )
    claim = pairs[2][1]
    assert claim.speaker == "People familiar with the investigation" and claim.anonymous
    assert claim.aliases == ("One of the people",)


def test_a_plural_reference_takes_a_group_of_its_kind_only():
    pairs = claims_of(
        "Talks\nPresidents Anna Berg and Olav Strand called for restraint. The officials said talks would resume."
    )
    assert pairs[2][1].speaker == "officials"


def test_a_pair_named_before_they_spoke_is_they():
    pairs = claims_of(
        "Cable talks\n"
        "Latvian Foreign Minister Dace Ozola and Estonian Foreign Minister Margo Tammik held talks in Riga. "
        "They stressed that undersea cables must be protected."
    )
    claim = pairs[2][1]
    assert "Ozola" in (claim.speaker or "") and "Tammik" in (claim.speaker or "") and claim.aliases == ("They",)


def test_a_modifier_tagged_as_a_person_does_not_make_an_organisation_one():
    pairs = claims_of(
        "Water talks\n"
        "The Tajik government has repeatedly accused Bishkek of holding back water. "
        "Deputy Minister Nurlan Tokbaev told journalists that the talks had failed. "
        "According to him, the Tajik side demanded twice the agreed volume."
    )
    assert pairs[3][1].speaker == "Deputy Minister Nurlan Tokbaev"


def test_the_company_said_after_a_sentence_about_a_deal_is_its_subject():
    pairs = claims_of(
        "Takeover\n"
        "Corvell Batteries has agreed to buy Swedish battery maker Nordvik Energi for 1.9 billion dollars, "
        "the American company said on Monday. The company said the deal would close next year."
    )
    assert [claim.speaker for _, claim in pairs[1:]] == ["Corvell Batteries", "Corvell Batteries"]


def test_the_party_is_never_a_person_of_the_party():
    pairs = claims_of(
        "Party banned\n"
        "The Party of Civic Unity was banned in June. The party's deputy chairman, Ali Rahimov, has been held "
        "since August. Since then 14 activists have been questioned, the party said."
    )
    assert pairs[3][1].speaker == "Party of Civic Unity"


def test_what_a_report_found_and_what_a_resolution_stated_are_credited_to_their_authors():
    pairs = claims_of(
        "Staffing\n"
        "A report published in May by the Penwick Institute, a think tank, found that the trust was short of "
        "nurses. The report said agency spending had doubled."
    )
    claims = [claim for _, claim in pairs]
    assert "Penwick Institute" in claims[1].speaker and "Penwick Institute" in claims[2].speaker
    pairs = claims_of(
        "Cable damage was deliberate, Latvian parliament says\n"
        "The Latvian parliament on Tuesday adopted a resolution on the cable. As stated in the resolution, "
        "the damage was deliberate."
    )
    assert pairs[2][1].speaker == "Latvian parliament" and pairs[2][1].aliases == ("the resolution",)
    # Finding things is not reporting them.
    assert claims_of("Search\nRescuers found two bodies near the bridge.")[1][1].speaker is None


def test_a_name_the_parser_left_without_its_verb_still_speaks():
    pairs = claims_of(
        "Wildfire\nIn the village of Ano Rodini, resident Georgia Kotsira, 71, said she had left with her cat. "
        '"The sky turned black," she said.'
    )
    assert pairs[1][1].speaker == "resident Georgia Kotsira, 71"
    assert pairs[2][1].speaker == "resident Georgia Kotsira, 71"


def test_a_sentence_final_speaker_is_not_the_main_clause_s_subject():
    pairs = claims_of(
        "Ambassador summoned\n"
        "ZAGREB, September 18 - Croatia on Wednesday summoned the Serbian ambassador over the detention of a "
        "journalist in the town of Sremska Mitrovica, the press service of the Croatian Foreign Ministry reported."
    )
    assert pairs[1][1].speaker == "press service of the Croatian Foreign Ministry"


def test_the_company_is_never_a_person_the_model_tagged_as_an_organisation():
    # The small model tags "Declan Moor" ORG; he has spoken as the union's general secretary.
    claims = claims_of(
        "Couriers win case\n"
        '"This is the day the algorithm got a boss," said Declan Moor, the union\'s general secretary. '
        "The company said it would appeal."
    )
    assert claims[1][1].speaker.startswith("Declan Moor")
    assert claims[2][1].speaker == "company"


def test_a_name_tagged_org_that_speaks_of_himself_is_a_person_for_he():
    claims = claims_of(
        "Couriers win case\n"
        "A spokeswoman said the company would keep operating. "
        "Tomasz Wielgosz, one of the couriers named in the claim, told the Examiner that he had worked "
        'through the winter without sick pay. "When I broke my wrist, the app gave my orders to someone else," '
        "he said."
    )
    assert claims[3][1].speaker.startswith("Tomasz Wielgosz")


def test_he_is_never_a_spokeswoman():
    claims = claims_of(
        "Strike\nA spokeswoman said the plant would stay shut. "
        'Union leader Piet Vos said the talks had failed. "We will not give in," he said. '
        '"We will win," the spokeswoman said. "We are ready," he said.'
    )
    assert claims[5][1].speaker == "Union leader Piet Vos"


def test_a_noun_misread_as_having_a_participle_is_the_subject_of_its_verb():
    # The small parser reads "The initiative called on ..." as a noun with a participle.
    claims = claims_of(
        "Drilling halted\n"
        "Hedwig Dann, who chairs the Wendel Residents' Initiative, said walls had cracked. "
        "The initiative called on the state government to revoke the drilling permit altogether."
    )
    assert claims[2][1].speaker == "Wendel Residents' Initiative"
    assert claims[2][1].cue == "called on"


def test_a_source_familiar_with_a_named_company_is_still_unnamed():
    claims = claims_of("Couriers\nA source familiar with Dashpail's finances said the company had set money aside.")
    assert claims[1][1].anonymous


def test_a_duty_to_report_is_not_a_report():
    claims = claims_of(
        "Breach\nCompanies must report breaches within 72 hours, and Commissioner Lea Farrokh said the "
        "operator had notified her office on September 23."
    )
    assert claims[1][1].speaker == "Commissioner Lea Farrokh"


def test_a_surname_the_tagger_reads_as_a_plural_noun_is_the_person_named_before():
    # The small model tags a sentence-initial "Valdivieso" NNS: a plural common noun, unnamed.
    claims = claims_of(
        "Recount\nThe court ordered a recount after the sitting mayor, Patricio Valdivieso, won by 37 votes.\n\n"
        "Valdivieso denied that any ballots had been mishandled."
    )
    assert claims[2][1].speaker.endswith("Patricio Valdivieso")
    assert not claims[2][1].anonymous


def test_a_group_that_gave_an_account_is_they_and_one_of_them():
    claims = claims_of(
        "Recall\nThe chief executive said the first reports reached the company in late August.\n\n"
        "Two people familiar with the matter gave a different account. They said engineers had found cracks "
        "in June. According to one of them, a proposal to halt sales was turned down."
    )
    assert [c.speaker for _, c in claims[2:]] == ["Two people familiar with the matter"] * 3
    assert all(c.anonymous for _, c in claims[2:])


@pytest.mark.parametrize(
    "announcement",
    [
        "The safety board issued a warning to riders on Monday evening.",
        "The court announced its decision in a short ruling published on Wednesday.",
        "The Association of Paediatric Nurses issued advice for families on Thursday morning.",
    ],
)
def test_a_warning_or_ruling_announced_is_credited_with_the_quote_that_follows(announcement):
    claims = claims_of(
        f"Recall\n{announcement}\n\n"
        '"Riders should stop using the scooter immediately. Do not try to repair the hinge yourself."'
    )
    issuer = claims[1][1].speaker
    assert issuer is not None
    assert [(c.speaker, c.kind) for _, c in claims[2:]] == [(issuer, "direct")] * 2


def test_a_verb_inside_what_was_not_said_claims_nothing():
    # "add" reports words only with a clause: "will add sailings" is a timetable.
    claims = claims_of(
        "Ferries\nThe minister said the routes would be put out to tender.\n\n"
        "Rival operator Galini Ferries has not said whether it will add sailings to cover the gap."
    )
    assert claims[2][1].speaker is None
    assert claims[2][1].kind == "narration"


def test_according_to_a_decision_credits_its_issuer_and_the_company_is_no_decision():
    claims = claims_of(
        "Fine\nThe Data Rights Authority said on Thursday it had fined doorbell maker Lumora Home 38 million euros. "
        "The authority found that Lumora kept clips for years.\n\n"
        "According to the decision, around 380,000 clips were viewed by outside contractors.\n\n"
        '"We disagree with the size of the penalty," Lumora said in a statement. '
        "The company said it had already cut the storage period to 14 days."
    )
    assert [c.speaker for _, c in claims[1:4]] == ["Data Rights Authority"] * 3
    # The small model tags the bare "Lumora" PERSON; it was named in full as an organisation.
    assert [c.speaker for _, c in claims[4:]] == ["Lumora"] * 2


def test_his_lawyer_is_never_the_man_quoted_just_before():
    claims = claims_of(
        "Chess\nThe federation suspended grandmaster Kunal Rathore for six months on Wednesday.\n\n"
        '"I have never seen that phone in my life," Rathore said. His lawyer, Harish Menezes, said the '
        "washroom was shared by 40 players. The lawyer denied that Rathore had left the board more often."
    )
    assert claims[2][1].speaker == "Rathore"
    assert [c.speaker for _, c in claims[3:]] == ["His lawyer, Harish Menezes"] * 2

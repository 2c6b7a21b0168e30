"""Selection details that the question sets do not isolate."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import HashEmbedder as CountingEmbedder

import assistant.abstain as abstain_module
import assistant.facts as facts_module
import assistant.followup as followup_module
import assistant.select as select_module
import assistant.sources as sources_module
from assistant import Assistant, Settings
from assistant.question import analyze_question
from corpus.nlp import load_nlp


@pytest.mark.slow
def test_a_follow_up_reuses_the_answer_just_given(tmp_path):
    emb = CountingEmbedder()
    bot = Assistant.load(None, Settings(cache_dir=tmp_path, progress=False), embedder=emb)
    first = "Who claimed that Turkey sent radical Islamists from northern Syria?"
    follow_up = "What else did they report?"
    select_module._ANSWERED.clear()
    cold = bot.ask(follow_up, history=[first])  # the previous turn is selected again
    bot.ask(first)
    before = emb.embedded
    warm = bot.ask(follow_up, history=[first])
    assert emb.embedded == before + 1  # only the follow-up itself is embedded
    assert warm.to_dict() == cold.to_dict()


@pytest.mark.slow
def test_a_changed_index_does_not_reuse_old_selections(tmp_path):
    emb = CountingEmbedder()
    settings = Settings(cache_dir=tmp_path, progress=False)
    bot = Assistant.load(None, settings, embedder=emb)
    other = Assistant.load(None, settings, embedder=emb)
    question = "What did Russia call for?"
    bot.ask(question)
    before = emb.embedded
    other.ask("What else did they say?", history=[question])
    assert emb.embedded >= before + 2  # the other index selects the previous turn itself


@pytest.mark.parametrize(
    ("text", "duration"),
    [("10 years", True), ("up to three months", True), ("two weeks", True), ("March 14", False), ("2019", False)],
)
def test_a_stretch_of_time_is_not_a_point_in_time(text, duration):
    assert bool(facts_module.DURATION.match(text)) is duration


@pytest.mark.slow
def test_people_who_speak_for_a_source_are_quoted_with_it(tmp_path, embedder):
    article = tmp_path / "levy.txt"
    article.write_text(
        "Makers attack levy\n\n"
        "The Orland Widget Makers' Federation said on Monday that the levy would cost jobs.\n\n"
        '"This plan moves factories abroad," said Ida Brun, the federation\'s director general.\n\n'
        "The Orland Chamber of Trade said it would study the plan.\n"
    )
    bot = Assistant.load([article], Settings(cache_dir=tmp_path, progress=False), embedder=embedder)
    answer = bot.ask("What did the Orland Widget Makers' Federation say?")
    speakers = {c.speaker for c in answer.citations}
    assert any("Ida Brun" in (s or "") for s in speakers), answer.answer
    assert not any("Chamber" in (s or "") for s in speakers), answer.answer


def _bot(tmp_path, embedder, text: str) -> Assistant:
    article = tmp_path / "article.txt"
    article.write_text(text)
    return _bot_of(tmp_path, embedder, article)


def _bot_of(tmp_path, embedder, article: Path) -> Assistant:
    return Assistant.load([article], Settings(cache_dir=tmp_path, progress=False), embedder=embedder)


@pytest.mark.slow
def test_a_headline_gives_way_to_the_body_sentence_that_says_it_in_full(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Valdorian bank lifts rates to 6.25 percent\n\n"
        "The Reserve Bank of Valdoria raised its benchmark rate by half a point to 6.25 percent on Tuesday.\n",
    )
    answer = bot.ask("What is the Valdorian bank's benchmark rate now?")
    assert answer.citations[0].sentence == 1, answer.answer


@pytest.mark.slow
def test_an_organisation_speaks_through_the_person_introduced_with_it(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Vote disputed\n\n"
        "International observers gave a mixed assessment. Johanna Vesterlund, who headed the observation "
        "mission of the OSCE, noted that voting had been calm. She also expressed concern about pressure "
        "on public employees.\n",
    )
    answer = bot.ask("How did the OSCE observer mission assess the election?")
    assert not answer.abstained, answer.answer
    assert {c.sentence for c in answer.citations} >= {2, 3}
    assert all("Vesterlund" in (c.speaker or "") for c in answer.citations)


@pytest.mark.slow
def test_an_acronym_counts_as_mentioned_when_spelled_out(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Pipeline attack\n\n"
        "The African Union's Peace and Security Council is expected to discuss the attack at a closed "
        "meeting on Thursday, diplomats said.\n",
    )
    answer = bot.ask("When will the AU's Peace and Security Council discuss the attack?")
    assert not answer.abstained and answer.citations[0].sentence == 1, answer.answer
    assert bot.ask("When will NATO discuss the attack?").abstained


@pytest.mark.slow
def test_he_after_a_question_about_one_person_stands_for_that_person(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Pill recall\n\n"
        "Pharmacists warned of shortages. Konrad Bielsa, president of the Pharmacists' Guild, said supplies "
        "of other versions would not last. He warned that patients could be left without treatment.\n",
    )
    answer = bot.ask("What is he warning about?", history=["Who is Konrad Bielsa?"])
    assert "Bielsa" in (answer.citations[0].speaker or ""), answer.answer


@pytest.mark.slow
def test_how_many_people_is_answered_by_a_count_of_patients_who_did_what_was_asked(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Pill recall\n\n"
        "About 310,000 patients in Ostrevia take the drug, according to health ministry figures. "
        "About 800 fishermen marched through the town on Friday. Police said no arrests were made.\n",
    )
    answer = bot.ask("How many people in the country take the drug?")
    assert not answer.abstained and answer.citations[0].sentence == 1, answer.answer
    assert bot.ask("How many people were arrested at the march?").abstained


@pytest.mark.slow
def test_a_described_source_is_the_speaker_whose_phrase_holds_most_of_its_words(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Tower row\n\n"
        "Councillor Neil Aduba, the council's cabinet member for housing, admitted that the city had not "
        "inspected the tower for six years. Opposition councillors argued that the city could not be trusted.\n",
    )
    answer = bot.ask("What has the councillor in charge of housing said about the tower?")
    assert "Aduba" in (answer.citations[0].speaker or ""), answer.answer


@pytest.mark.slow
def test_an_organisation_named_only_in_what_someone_says_does_not_speak(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Data breach\n\n"
        "People familiar with the investigation said the hackers had used the login of an employee at "
        "Norrvik Systems.\n",
    )
    assert bot.ask("What did Norrvik Systems say about the login?").abstained


@pytest.mark.slow
def test_they_after_an_answer_that_credits_no_one_stands_for_the_names_asked_about(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Border attack\n\n"
        "Kenyan Foreign Minister Grace Otieno and her Ugandan counterpart Samuel Byaruhanga discussed the "
        "attack by phone on Monday. The two ministers expressed serious concern over the escalation. They "
        "urged Sudan and South Sudan to set up a joint investigation into the incident.\n",
    )
    answer = bot.ask(
        "Did they ask the two neighbours to do anything?",
        history=["What did the Kenyan and Ugandan foreign ministers talk about on the phone?"],
    )
    assert "joint investigation" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_an_owner_s_spokeswoman_and_anyone_contradicting_her(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Pill recall\n\n"
        'Kessling Pharma said the batches were made by a contractor. "No tablets made at our own plant are '
        'affected," spokeswoman Ines Valgren wrote in an email. She denied that the company had ignored '
        "warnings about the supplier. An employee in Kessling's quality department disputed that account.\n",
    )
    first = "What did Kessling's spokeswoman say about warnings over the supplier?"
    answer = bot.ask(first)
    assert "Valgren" in (answer.citations[0].speaker or ""), answer.answer
    follow_up = bot.ask("Did anyone contradict her?", history=[first])
    assert "employee" in (follow_up.citations[0].speaker or ""), follow_up.answer


@pytest.mark.slow
def test_who_accused_x_is_not_answered_by_x_rejecting_it(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Reporter held\n\n"
        'Foreign Minister Ana Ruvic told reporters that Belgrade was "using a journalist as a bargaining '
        'chip". Belgrade rejected the accusations.\n',
    )
    answer = bot.ask("Who accused Belgrade of treating the reporter as a pawn?")
    assert "Ruvic" in (answer.citations[0].speaker or ""), answer.answer


@pytest.mark.slow
def test_a_country_under_its_people_s_name_and_its_minister_without_it(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Wildfire in western Greece\n\n"
        "A wildfire forced the evacuation of eleven villages in western Greece on Monday. Minister for "
        "Civil Protection Nikos Pappas-Lindt rejected the criticism as unfair. The opposition party "
        "Popular Dawn called on Pappas-Lindt to resign.\n",
    )
    said = bot.ask("What did Greece's civil protection minister say?")
    assert not said.abstained and "Pappas-Lindt" in (said.citations[0].speaker or ""), said.answer
    # "Greek" is Greece; the minister is the one acted on, not the party asked for.
    party = bot.ask("Which party wants the Greek minister to quit?")
    assert "Popular Dawn" in (party.citations[0].speaker or ""), party.answer
    # A double-barrelled name is found by its parts.
    assert not bot.ask("what did Pappas-Lindt say").abstained


@pytest.mark.slow
def test_how_long_wants_a_stretch_of_time_not_the_dateline_s_day(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Reporter detained\n\n"
        "ZAGREB, September 18 - Croatia on Wednesday protested that its reporter was being kept in "
        "detention in Serbia. A court had ordered him kept in detention for 30 days.\n",
    )
    answer = bot.ask("How long will the reporter be kept in detention?")
    assert "30 days" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_a_follow_up_stays_in_the_article_it_follows(tmp_path, embedder):
    (tmp_path / "fire.txt").write_text(
        "Wildfire\n\n"
        "Two mayors accused the authorities of reacting too slowly to the fire. The civil protection "
        "minister rejected the criticism as unfair.\n"
    )
    (tmp_path / "party.txt").write_text(
        "Party ban\n\nOfficials have repeatedly denied that the ban on the party was political.\n"
    )
    bot = Assistant.load(
        [tmp_path / "fire.txt", tmp_path / "party.txt"], Settings(cache_dir=tmp_path, progress=False), embedder=embedder
    )
    answer = bot.ask("Did anyone deny it?", history=["Who complained that the authorities responded too slowly?"])
    assert "rejected the criticism" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_the_mayor_of_a_place_is_the_mayor_in_the_article_naming_it(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Drilling halted\n\n"
        "Ada Kell, who chairs the Tollbridge Residents' Group, said the tremors had cracked walls. "
        "Mayor Jonas Brekke said the town still supported the geothermal plant but wanted answers.\n",
    )
    answer = bot.ask("What has the mayor of Tollbridge said about the plant?")
    assert {c.speaker for c in answer.citations} == {"Mayor Jonas Brekke"}, answer.answer
    # A title before a name is not "the minister of" anything: no other minister stands in.
    assert bot.ask("What did Finance Minister Ola Grett say about the plant?").abstained


@pytest.mark.slow
def test_a_leader_of_an_owner_is_whoever_speaks_for_it(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Couriers win case\n\n"
        "The case was brought by the Couriers and Van Drivers' Union on behalf of riders in four cities. "
        '"This is the day the algorithm got a boss," said Declan Moor, the union\'s general secretary. '
        "He added that 1,900 other couriers were likely to lodge claims. The company said it would appeal.\n",
    )
    answer = bot.ask("What did the couriers' union leader say?")
    assert [c.text.split()[0] for c in answer.citations] == ['"This', "He"], answer.answer
    assert all("Moor" in (c.speaker or "") for c in answer.citations), answer.answer


@pytest.mark.parametrize(
    ("speaker", "kind", "fits"),
    [
        ("opposition party Popular Renewal", "party", True),
        ("the Armenian Foreign Ministry", "country", True),  # speaks for a country
        ("Fire Service", "party", False),
        ("Ann Roe, a cardiologist", "country", False),
    ],
)
def test_which_n_asks_for_a_speaker_of_that_kind(speaker, kind, fits):
    assert select_module._speaker_is_kind(speaker, facts_module.word_stems(kind)) is fits


@pytest.mark.slow
def test_a_very_close_sentence_with_the_number_answers_in_other_words(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Reporter held\n\n"
        "A Croatian reporter was detained in Serbia on Tuesday. More than 400 photographs of military "
        "facilities were found on the journalist's devices, prosecutors said. His lawyer denied any crime.\n",
    )
    # "pictures" is not "photographs" to the parse check; the sentence is still the answer.
    answer = bot.ask("How many pictures of military sites were found on the journalist's devices?")
    assert not answer.abstained and "400 photographs" in answer.citations[0].text, answer.answer
    assert bot.ask("How many years in prison does the reporter face?").abstained


@pytest.mark.slow
def test_how_much_n_is_not_answered_by_a_count_of_something_else_or_from_another_story(tmp_path, embedder):
    quake = tmp_path / "quake.txt"
    quake.write_text(
        "Drilling halted\n\n"
        "Tiefwerk suspended drilling near the town after small earthquakes. Ada Kell told the local "
        "paper that at least 140 households had reported damage. The mayor asked Tiefwerk to pay for an "
        "independent assessor.\n"
    )
    sponsor = tmp_path / "sponsor.txt"
    sponsor.write_text(
        "Padel vote annulled\n\n"
        "Brisamar Seguros, the federation's main sponsor, pays it about 1.1 million euros a year.\n"
    )
    bot = Assistant.load([quake, sponsor], Settings(cache_dir=tmp_path, progress=False), embedder=embedder)
    answer = bot.ask("How much compensation will Tiefwerk pay the households whose homes were damaged?")
    assert answer.abstained, answer.answer
    assert not bot.ask("How many households reported damage?").abstained


@pytest.mark.slow
def test_a_follow_up_about_the_person_asked_about_is_not_the_sentence_that_introduced_her(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Vote disputed\n\n"
        "Nomin Altan, the opposition leader, rejected the results of Sunday's presidential vote as rigged. "
        "She said she would challenge them in the Constitutional Court. "
        "The election commission rejected her claims.\n",
    )
    answer = bot.ask("Where is she going to contest the results?", history=["Who is Nomin Altan?"])
    assert "Constitutional Court" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_her_group_is_the_organisation_named_where_she_is_quoted(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Drilling halted\n\n"
        "Hedwig Dann, who chairs the Wendel Residents' Initiative, said that at least 140 households had "
        "reported cracked walls. The initiative called on the state government to revoke the drilling permit. "
        "Mayor Otto Brenn said the town still supported the plant.\n",
    )
    first = "Who is Hedwig Dann?"
    assert "Hedwig Dann" in (bot.ask(first).citations[0].speaker or "")
    answer = bot.ask("What does her group want the government to do?", history=[first])
    assert answer.citations[0].speaker == "Wendel Residents' Initiative", answer.answer


@pytest.mark.slow
def test_they_after_which_company_is_the_company_that_answered(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Crew held\n\n"
        "The Foreign Ministry expressed deep concern over the detention of seven crew members in Kenya. "
        "It was noted that Turon Sky Cargo has operated regular flights to Kenya since 2016. "
        "The company Turon Sky Cargo said all permits for the flight had been obtained.\n",
    )
    first = "Which company operates the cargo plane held in Kenya?"
    assert "Turon Sky Cargo has operated" in bot.ask(first).citations[0].text
    answer = bot.ask("What did they say about it?", history=[first])
    assert "Turon Sky Cargo" in (answer.citations[0].speaker or ""), answer.answer


@pytest.mark.parametrize(
    ("question", "span"),
    [("Between which dates were they inside?", True), ("From when to when did it run?", True), ("When?", False)],
)
def test_between_which_dates_asks_for_a_stretch_of_time(question, span):
    assert (select_module.SPAN_ASKED.search(question) is not None) is span


@pytest.mark.slow
def test_a_denial_leads_and_an_anonymous_source_on_the_company_is_not_the_company(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Couriers win case\n\n"
        "A labour court ruled that 212 couriers were employees of the Dashpail app. "
        'Dashpail said in a statement: "We are disappointed by this decision and will appeal it." '
        "Dashpail denied that riders had ever been suspended for refusing orders. "
        "A source familiar with Dashpail's finances said the company had set aside 5 million euros.\n",
    )
    first = "Is Dashpail going to challenge the ruling?"
    answer = bot.ask("Did they deny anything the judge found?", history=[first])
    assert answer.citations[0].text.startswith("Dashpail denied"), answer.answer
    said = bot.ask("What did Dashpail say?")
    assert said.citations and all("source familiar" not in (c.speaker or "") for c in said.citations), said.answer


@pytest.mark.slow
def test_a_call_made_in_the_speakers_own_words_answers_who_is_demanding(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Crew held\n\n"
        "According to a source in diplomatic circles, the two sides are discussing the possibility of "
        "releasing the crew while the aircraft remains at the airport. "
        "The Ministry of Foreign Affairs of Uzbekistan issued a statement. "
        '"The Uzbek side considers the detention to be unjustified and calls on the Kenyan authorities to '
        'ensure the immediate release of the crew," the statement said.\n',
    )
    answer = bot.ask("Who is demanding that the detained airmen be let go straight away?")
    assert "calls on the Kenyan authorities" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_an_expert_described_by_institution_speaks_on_the_story_of_the_headline(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Fire blight outbreak forces destruction of orchards\n\n"
        "Inspectors ordered the destruction of 40,000 apple trees on Tuesday. "
        "According to Professor Ada Lorne, a plant pathologist at the University of Zelm, a wet spell in May "
        "allowed the bacteria to spread. She warned that trees without symptoms could carry the disease "
        "through the winter. The farm ministry said compensation would cover 70 percent of the loss.\n",
    )
    # "Expert" is a role the article words differently ("pathologist"); the outbreak is the story her
    # sentences are part of, though she never says "outbreak".
    answer = bot.ask("What does the university expert say about the fire blight outbreak?")
    assert not answer.abstained, answer.answer
    assert {c.text.split()[0] for c in answer.citations} == {"According", "She"}, answer.answer
    # A topic that is not the headline's story still needs her words or a close statement.
    assert bot.ask("What does the university expert say about the ministry's compensation?").abstained


@pytest.mark.slow
def test_a_role_given_where_the_person_does_not_speak_still_finds_them(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Court cancels share issue\n\n"
        "A judge cancelled a share issue by Harlow Foods weeks before a vote on whether to re-elect the chairman, "
        "Rowan Vosk. The fund said the issue was unlawful. Vosk denied that the timing had anything to do with "
        "the vote.\n",
    )
    answer = bot.ask("Does Harlow's chairman deny that the shares were timed to swing the vote?")
    assert not answer.abstained, answer.answer
    assert answer.citations[0].text.startswith("Vosk denied"), answer.answer
    # A role the article never gives anyone is still nobody's.
    assert bot.ask("What did Harlow's treasurer say?").abstained


@pytest.mark.slow
def test_how_much_were_the_costs_wants_the_costs_not_another_amount(tmp_path, embedder):
    text = (
        "Court cancels share issue\n\n"
        "The judge ordered Harlow Foods to return 29.4 million dollars to the buyer and to pay the fund's legal "
        "costs. Shares in the company fell 6 percent on Tuesday.\n"
    )
    bot = _bot(tmp_path, embedder, text)
    assert bot.ask("How much were the fund's legal costs that Harlow has to cover?").abstained
    (tmp_path / "told").mkdir()
    told = _bot(tmp_path / "told", embedder, text + "\nThe fund's legal costs came to 1.2 million dollars.\n")
    answer = told.ask("How much were the fund's legal costs that Harlow has to cover?")
    assert not answer.abstained and "1.2 million" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_a_duration_in_a_relative_clause_belongs_to_the_verb_above(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Court cancels share issue\n\n"
        "According to court documents, the board approved the issue at a meeting that lasted 25 minutes.\n",
    )
    row = next(r for r, s in enumerate(bot.index.sentences) if "25 minutes" in s.text)
    labels = frozenset({"DATE", "TIME", "QUANTITY"})

    def attached(question_words: str) -> bool:
        content = facts_module.word_stems(question_words)
        return facts_module.fact_attached(bot.index, row, labels, content, False, frozenset(), stretch=True)

    assert attached("board sign")  # the board approved it at that meeting
    assert not attached("fund sign")  # nothing there is the fund's


@pytest.mark.slow
def test_a_country_alone_does_not_make_a_described_source(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Bulgaria protests to North Macedonia\n\n"
        "The Bulgarian Foreign Ministry on Wednesday handed a note of protest to the Ambassador of North Macedonia. "
        "The Ministry of Foreign Affairs of North Macedonia rejected the accusations.\n",
    )
    answer = bot.ask("What did the North Macedonian ambassador say when he was handed the note?")
    # The ambassador never speaks; the ministry's rejection is not his.
    assert all("Ministry of Foreign Affairs" not in (c.speaker or "") for c in answer.citations), answer.answer


@pytest.mark.slow
def test_an_opinion_the_source_never_gives_is_not_answered(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Tremors halt drilling\n\n"
        "A geothermal company suspended drilling near Welden after two small earthquakes. "
        '"Small induced tremors are a known risk of deep drilling," said Ann Roe, a seismologist. '
        "She said the company should publish its monitoring data. "
        "The residents' initiative called on the state to revoke the drilling permit.\n",
    )
    assert bot.ask("Does the seismologist think the drilling permit should be withdrawn?").abstained
    # The opinion she does give is answered.
    answer = bot.ask("Does the seismologist think the company should publish its monitoring data?")
    assert not answer.abstained and answer.citations[0].text.startswith("She said"), answer.answer


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Forward leader Matthias Brenn has promised to cut income tax.", True),
        ("Hedwig Dannacker, who chairs the Residents' Initiative, told the Bote that homes were damaged.", True),
        ("Its president, Ann Roe, said the deal was fair.", True),
        ("Ann Roe said the leader of the party had resigned.", False),  # she is not the leader
    ],
)
def test_a_leader_is_a_person_named_with_a_word_for_leading(text, named):
    assert select_module._leader_named(text) is named


@pytest.mark.slow
def test_who_leads_x_is_answered_by_the_sentence_naming_its_leader(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Coalition talks\n\n"
        "The Homeland Party won 58 seats, while Forward came second with 31. "
        "Forward leader Matthias Brenn has promised to cut income tax for small businesses. "
        "Turnout was 63 percent.\n",
    )
    answer = bot.ask("Who leads the Forward movement?")
    assert answer.citations[0].text.startswith("Forward leader"), answer.answer
    follow_up = bot.ask("What has he promised?", history=["Who leads the Forward movement?"])
    assert follow_up.citations[0].text.startswith("Forward leader"), follow_up.answer


@pytest.mark.slow
def test_a_count_of_residents_in_a_named_region_answers_how_many_people_there(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Wildfire forces evacuations\n\n"
        "ATHENS, July 23 - More than 3,200 residents of eleven villages in the Achaia region were evacuated "
        "overnight as a wildfire spread, the Fire Service reported on Tuesday.\n",
    )
    row = next(r for r, s in enumerate(bot.index.sentences) if "3,200" in s.text)
    counted = facts_module.word_stems("people")
    wanted = frozenset({"CARDINAL"})

    def attached(question_words: str) -> bool:
        content = facts_module.word_stems(question_words)
        return facts_module.fact_attached(bot.index, row, wanted, content, False, counted)

    assert attached("people leave homes fire achaia")  # the residents are in the Achaia region
    assert not attached("people leave homes fire thessaly")


@pytest.mark.slow
def test_they_after_a_yes_no_question_is_its_subject_among_those_quoted(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Builder jailed\n\n"
        "Victims have criticised the county council's trading standards service, which received its first "
        "complaint about the builder in October 2021. A council spokeswoman denied that the warnings had been "
        "ignored, saying officers had visited the business twice and passed their file to the police in July "
        "2022.\n",
    )
    first = "Did the council's trading standards people ignore complaints about the builder?"
    assert followup_module._subject_words(first) == {"council", "trading", "standards", "people"}
    assert followup_module._subject_words("Who ignored the complaints?") == set()
    # The answer quoted the victims first, then the council's spokeswoman: "they" are the council.
    quoted = [1, 2]
    assert [bot.index.claims[row].speaker for row in quoted] == ["Victims", "A council spokeswoman"]
    they = followup_module._antecedent(bot.index, quoted, "they", followup_module._subject_words(first))
    assert they == "A council spokeswoman"
    assert followup_module._antecedent(bot.index, quoted, "they") == "Victims"


@pytest.mark.slow
def test_a_source_described_by_what_it_did_or_by_another_kind_of_body(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Stroke study\n\n"
        "Detective Constable Sarah Kettle, who led the investigation, said the case had taken 14 months. "
        "The Swedish Medicines Board said it would review its guidance for older patients. "
        '"A change to national guidance will take at least six months," the board said. '
        "Professor Linnea Hedlund, who led the study, said the effect was large.\n",
    )
    answer = bot.ask("What has the detective who ran the investigation said?")
    assert {c.speaker for c in answer.citations} == {"Detective Constable Sarah Kettle"}, answer.answer
    answer = bot.ask("What is Sweden's medicines agency saying about the study?")
    assert len(answer.citations) == 2, answer.answer
    assert {c.speaker for c in answer.citations} == {"Swedish Medicines Board"}, answer.answer


@pytest.mark.parametrize(
    ("topic", "text", "shared"),
    [
        ("vote", "Voters in the provinces were offered cash", True),
        ("election", "These elections were neither free nor fair", True),
        ("vote", "The polls closed at eight", False),
        ("tax", "Taxis were banned from the centre", False),  # too short a word to build on
    ],
)
def test_a_topic_word_counts_in_the_longer_words_built_on_it(topic, text, shared):
    assert abstain_module._shares_word(facts_module.word_stems(topic), facts_module.word_stems(text)) is shared


@pytest.mark.slow
def test_what_else_quotes_neither_of_the_last_two_answers_again(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Stroke study\n\n"
        "A cheap blood pressure pill cut the risk of stroke by 18 percent in people over 70, a study found.\n\n"
        "Mattias Ekberg, a professor of geriatric medicine at Malmby University, said the trial had left out "
        'people with dementia. "These results are encouraging, but they come from a fairly healthy group," '
        "Ekberg told the newspaper. He said he also wanted to see how many patients had stopped taking the "
        "tablets.\n",
    )
    history = ["Who is Mattias Ekberg?", "Is he convinced by the stroke findings?"]
    first = bot.ask(history[0]).citations[0].text
    second = bot.ask(history[1], history=history[:1]).citations[0].text
    answer = bot.ask("what else does he want to know", history=history)
    quoted = [c.text for c in answer.citations]
    assert first not in quoted and second not in quoted, (first, second, answer.answer)
    assert "stopped taking" in quoted[0], answer.answer


def test_the_measure_a_how_question_asks_for_is_not_a_search_word():
    assert select_module.HOW_DEGREE.sub("how", "How old were they?") == "how were they?"
    assert select_module.HOW_DEGREE.sub("how", "how long was the strike") == "how was the strike"
    assert select_module.HOW_DEGREE.sub("how", "Who runs the old mill?") == "Who runs the old mill?"


@pytest.mark.slow
def test_its_chair_speaks_for_the_group_quoted_just_before(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Pill recall\n\n"
        "The regulator recalled the pills on Monday. The Heart Patients' Association demanded that patients be "
        'spared the prescription charge for replacement packs. "People should not pay twice for a medicine that '
        'was faulty in the first place," said its chair, Birgit Sollenau.\n',
    )
    answer = bot.ask("What does the heart patients' group want, and why?")
    quoted = [c.text for c in answer.citations]
    assert len(quoted) == 2 and "pay twice" in quoted[1], answer.answer


@pytest.mark.slow
def test_users_are_people_and_a_consumer_group_is_the_consumer_alliance(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "App fined\n\n"
        "The Data Protection Board fined the app 4 million euros on Thursday. The board said the app had shared "
        "data from about 380,000 users with three advertising networks. The Dutch Consumer Alliance said it "
        "would publish the names of the networks. A Greek official said nothing.\n",
    )
    row = next(r for r, s in enumerate(bot.index.sentences) if "380,000" in s.text)
    people = facts_module.word_stems("people")
    content = facts_module.word_stems("people data passed app")
    assert facts_module.fact_attached(bot.index, row, frozenset({"CARDINAL"}), content, False, people)

    def speakers(*source_words: str) -> set[str | None]:
        info = analyze_question("What did they say?", load_nlp())
        rows = sources_module.rows_of_source(bot.index, source_words, info)
        return {bot.index.claims[row].speaker for row in rows}

    assert speakers("consumer", "group") == {"Dutch Consumer Alliance"}
    assert speakers("greek", "ministry") == set()  # a country alone does not make the source


@pytest.mark.slow
def test_a_count_of_people_is_no_speed(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Ferry crash\n\n"
        "The ferry was carrying 143 passengers when it hit the pier. It was going at 12 knots when it hit the pier.\n",
    )
    content = facts_module.word_stems("ferry going hit pier")

    def attached(text: str, measure: bool) -> bool:
        row = next(r for r, s in enumerate(bot.index.sentences) if text in s.text)
        labels = frozenset({"QUANTITY", "PERCENT", "CARDINAL"})
        return facts_module.fact_attached(bot.index, row, labels, content, False, frozenset(), measure=measure)

    assert attached("143 passengers", measure=False)  # how many were aboard
    assert not attached("143 passengers", measure=True)  # how fast it was going
    assert attached("12 knots", measure=True)


@pytest.mark.slow
def test_a_sentence_quoted_after_the_last_answer_may_answer_the_next_question(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Dairy levy\n\n"
        "Kenya threatened retaliation over Tanzania's 25 percent levy on dairy imports.\n\n"
        "The association's chairman, Peter Kiprono, urged both governments to settle the dispute through the "
        "community's trade committee rather than at the border. He said farmers would feel the cost first, "
        "because processors would have to cut the price they paid for raw milk.\n",
    )
    history = ["Who is Peter Kiprono?", "what does he want the two governments to do"]
    before = bot.ask(history[1], history=history[:1])
    assert [c.text[:20] for c in before.citations] == ["The association's ch", "He said farmers woul"]
    answer = bot.ask("and who does he think will pay the price first?", history=history)
    assert "farmers would feel the cost first" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_the_company_in_a_follow_up_is_the_company_of_the_story_it_follows(tmp_path, embedder):
    (tmp_path / "ferry.txt").write_text(
        "Ferry hits pier\n\n"
        "Crew members had reported problems with the ferry's steering twice since January, two people "
        "familiar with the matter said.\n\n"
        "Nordby Line chief executive Ola Dahl denied that the company had ignored warnings from its crews.\n"
    )
    (tmp_path / "app.txt").write_text(
        "App fined\n\n"
        "The regulator fined the fitness app Pulsa for sharing users' health data with advertisers.\n\n"
        "The company's chief executive, Mark Veen, denied that the company had been paid for the data.\n"
    )
    bot = Assistant.load(
        [tmp_path / "ferry.txt", tmp_path / "app.txt"], Settings(cache_dir=tmp_path, progress=False), embedder=embedder
    )
    answer = bot.ask("Did the company deny it?", history=["Who says the crew had complained about the steering?"])
    assert not answer.abstained, answer.answer
    assert all("Veen" not in c.text for c in answer.citations), answer.answer
    assert any("ignored warnings" in c.text for c in answer.citations), answer.answer


@pytest.mark.slow
def test_a_boss_of_a_body_is_who_speaks_for_it_even_when_the_phrase_drops_its_article(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Health authority kept a second waiting list\n\n"
        "An audit found that the Aspen Plains Regional Health Authority kept a second list of patients. "
        "The authority's chief executive, Martin Ellery, said on Wednesday that he had not known the list existed. "
        '"I want to apologise to every patient," Ellery said. '
        "Nurses said they had raised the list with managers in 2023.\n",
    )
    answer = bot.ask("What has the health authority's boss said about the hidden list?")
    assert {c.speaker for c in answer.citations} == {"authority's chief executive, Martin Ellery"}, answer.answer
    assert len(answer.citations) == 2, answer.answer


@pytest.mark.slow
def test_why_after_a_call_is_the_reason_given_not_the_call_again(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Audit call\n\n"
        "The rocket was lost 94 seconds into its flight on Thursday. "
        "Member of parliament Kanat Yessenov called on the government to conduct an independent audit of space "
        "spending. "
        '"Billions have been spent on space projects, and taxpayers have the right to know the result," '
        "the deputy said.\n\n"
        "Uzbekistan cut gas supplies to its neighbour because of an unpaid debt, the ministry said.\n",
    )
    answer = bot.ask("why?", history=["What did Kanat Yessenov ask the government to do?"])
    assert "taxpayers have the right" in answer.citations[0].text, answer.answer
    # A sentence that gives its reason itself answers "why?" again.
    answer = bot.ask("Why?", history=["Which country cut gas supplies to its neighbour?"])
    assert "unpaid debt" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_people_counted_with_the_verb_asked_answer_how_many_of_a_kind_of_people(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Hidden waiting list\n\n"
        "The health authority kept a second surgical list, an audit found. "
        "About 4,200 nurses walked out, according to the union, while the authority put the figure at 3,100. "
        "At its peak the list held 1,740 people who were left out of the waiting times the authority reported, "
        "the auditors wrote. Nineteen patients on the second list died before they were offered an operation.\n",
    )
    answer = bot.ask("At the worst point, how many patients were left off the official waiting figures?")
    assert "1,740 people who were left out" in answer.citations[0].text, answer.answer


@pytest.mark.slow
def test_he_two_turns_after_the_question_naming_him_is_still_that_person(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Hidden waiting list\n\n"
        "For 26 months, Trevor Wendell kept a notebook, logging every call he made to ask when he would get "
        "his surgery. Each time, the 54-year-old carpenter was told he was on the waiting list.\n\n"
        'Wendell learned in March that he had been on a second list. "I did everything they asked," he said. '
        '"I went to physiotherapy twice a week and I waited my turn."\n',
    )
    history = ["Who is Trevor Wendell?", "When did he find out he wasn't really on the list?"]
    answer = bot.ask("what does he say he did while he was waiting", history=history)
    assert {c.speaker for c in answer.citations} == {"Trevor Wendell"}, answer.answer
    assert "physiotherapy" in answer.citations[0].text or "everything they asked" in answer.citations[0].text


@pytest.mark.slow
def test_a_country_speaks_through_its_ministry_s_spokesman_too(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Protest note\n\n"
        "Bulgaria handed a protest note to the ambassador of North Macedonia after a cultural centre was vandalised. "
        "The Ministry of Foreign Affairs of North Macedonia rejected the accusations. "
        "The ministry's spokesman, Goran Lalev, said the police had opened an investigation. "
        "He denied that the authorities had ignored the earlier threats against the centre.\n",
    )
    answer = bot.ask("What did North Macedonia say?")
    speakers = {c.speaker for c in answer.citations}
    assert "ministry's spokesman, Goran Lalev" in speakers, answer.answer


STATEMENT = (
    "Trawler trial\n\n"
    "The captain told the court he had fished in good faith.\n\n"
    "The Faroese fisheries ministry issued a statement in Torshavn after the hearing.\n\n"
    '"Iceland has no right to tear up a signed agreement by sending an email. Our vessels fished in good faith '
    'and within the quota we set for them. We urge Iceland to release the catch."\n'
)


@pytest.mark.slow
def test_a_government_speaks_through_its_ministry_and_a_bare_announcement_gives_way_to_the_statement(
    tmp_path, embedder
):
    bot = _bot(tmp_path, embedder, STATEMENT)
    answer = bot.ask("What did the Faroese government say in its statement?", k=3)
    texts = [c.text for c in answer.citations]
    assert {c.speaker for c in answer.citations} == {"Faroese fisheries ministry"}, answer.answer
    assert not any("issued a statement" in t for t in texts), answer.answer
    assert any("tear up a signed agreement" in t for t in texts) and any("release the catch" in t for t in texts)


TRIAL = (
    "Trawler trial\n\n"
    "Jogvan Ellefsen, master of the trawler Sulubrim, is charged with fishing in Icelandic waters after the quota "
    "was suspended.\n\n"
    "Prosecutor Sigrun Haraldsdottir said notice of the suspension had been published on September 1.\n\n"
    "Ellefsen denied that he had ever received the notice. He told the court the ship's satellite link had "
    "failed.\n\n"
    "Health Minister Raul Amaral said the S3 patrol boats would stay in port. The minister denied that the "
    "coastguard had been told to look away.\n\n"
    "The coastguard union said the health minister had offered its officers a 5 percent pay rise.\n"
)


@pytest.mark.slow
def test_a_yes_no_question_on_admitting_is_answered_by_the_denial(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, TRIAL)
    answer = bot.ask("Does he admit he was told about the suspension?", history=["Who is Jogvan Ellefsen?"])
    assert not answer.abstained, answer.answer
    assert "denied that he had ever received the notice" in answer.citations[0].text


@pytest.mark.slow
def test_a_plural_of_a_short_name_is_mentioned_by_the_name(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, TRIAL)
    answer = bot.ask("Who said the S3s would not leave port?")
    assert not answer.abstained, answer.answer
    assert answer.citations[0].speaker == "Health Minister Raul Amaral"


@pytest.mark.slow
def test_he_after_a_question_on_the_minister_is_the_minister(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, TRIAL)
    history = ["What has the health minister offered the coastguard officers?"]
    answer = bot.ask("and did he deny anything?", history=history)
    assert answer.citations and answer.citations[0].speaker == "Health Minister Raul Amaral", answer.answer
    assert "denied" in answer.citations[0].text


@pytest.mark.slow
def test_a_count_of_the_very_thing_asked_answers_though_its_verb_differs(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Recount ordered\n\n"
        "The mayor won by 37 votes, according to the official count. A total of 214 ballots were declared void, "
        "more than twice as many as at the previous election.\n",
    )
    answer = bot.ask("how many ballots were thrown out as invalid")
    assert not answer.abstained, answer.answer
    assert "214 ballots" in answer.citations[0].text
    assert bot.ask("How many voters were turned away?").abstained


@pytest.mark.slow
def test_will_he_after_a_question_on_him_is_answered_by_what_he_said_he_would_do(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Recount ordered\n\n"
        "The regional electoral court has ordered a full recount of the votes after the mayor, Patricio Valdivieso, "
        "won by 37 votes.\n\n"
        "Valdivieso denied that any ballots had been mishandled. He added that he would accept the outcome of the "
        "recount and urged his supporters to stay calm.\n",
    )
    history = ["Who is Patricio Valdivieso?"]
    answer = bot.ask("will he go along with whatever the recount shows", history=history)
    assert {c.speaker for c in answer.citations} == {"Patricio Valdivieso"}, answer.answer
    assert any("accept the outcome" in c.text for c in answer.citations), answer.answer


CYCLIA = (
    "Period-tracking app Cyclia fined 4.2 million euros for sharing users' data\n\n"
    "The data protection board fined the app maker Cyclia on Wednesday for passing users' data to advertisers.\n\n"
    "The Dutch Consumer Alliance called on the board to publish the names of the three advertising networks. "
    "According to the alliance, more than 2,000 users had contacted it by Thursday evening.\n\n"
    '"People shared this information with an app they trusted, not with the advertising industry," said Fenna '
    "Bos, who heads the alliance's digital rights team.\n"
)


@pytest.mark.slow
def test_a_speaker_introduced_with_a_post_in_a_body_speaks_for_it_and_the_story_is_its_topic(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, CYCLIA)
    answer = bot.ask("what's the consumer group saying and doing about the Cyclia case")
    texts = " ".join(c.text for c in answer.citations)
    assert "called on the board" in texts and "2,000 users" in texts, answer.answer
    assert "not with the advertising industry" in texts, answer.answer


@pytest.mark.slow
def test_a_topic_named_as_a_case_is_the_story_its_headline_names(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, CYCLIA)
    index = bot.index
    rows = set(range(len(index.sentences)))
    article = index.sentences[0].article_id
    assert abstain_module.headline_topic(index, {"cyclia", "case"}, rows) == {article}
    assert abstain_module.headline_topic(index, {"cyclia", "fine", "appeal"}, rows) == set()
    assert abstain_module.headline_topic(index, {"case"}, rows) == set()


SEATS = (
    "Brennley recalls 61,000 infant car seats over faulty buckle\n\n"
    "Brennley Juvenile is recalling about 61,000 infant car seats sold in Canada, the federal safety office said.\n\n"
    "Chief investigator Tove Lindahl said on Tuesday that the office's early findings pointed to a weak spring. "
    '"The buckle opened for around 40 seconds during the test," Lindahl told a news conference. '
    '"The backup strap did not hold either. By the time it did, the seat had moved too far." '
    "She added that the office expected to publish a preliminary report within 30 days.\n\n"
    "Brennley's president, Bruce Kinsella, denied that the company had sat on complaints for months. "
    "He said the first report of a buckle opening reached the company in July.\n\n"
    "Laos rejected a request from the office to stop selling the seat there.\n"
)


@pytest.mark.slow
def test_what_else_never_quotes_again_a_sentence_of_the_statement_already_quoted(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, SEATS)
    first = "Who said the buckle stopped working during the test?"
    quoted = {c.sentence for c in bot.ask(first).citations}
    answer = bot.ask("What else did she say?", history=[first])
    assert answer.citations and {c.speaker for c in answer.citations} == {"Chief investigator Tove Lindahl"}
    assert not quoted & {c.sentence for c in answer.citations}, answer.answer


@pytest.mark.slow
def test_the_firm_s_side_is_the_side_of_the_company_the_previous_question_named(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, SEATS)
    history = ["Did Brennley ignore complaints about the buckle for months?"]
    answer = bot.ask("What's the firm's side of the story?", history=history)
    assert not answer.abstained, answer.answer
    assert answer.citations[0].speaker == "Brennley's president, Bruce Kinsella", answer.answer
    assert "denied" in answer.citations[0].text


@pytest.mark.slow
def test_the_lao_side_is_laos(tmp_path, embedder):
    answer = _bot(tmp_path, embedder, SEATS).ask("How did the Lao side respond to the office?")
    assert not answer.abstained, answer.answer
    assert answer.citations[0].speaker == "Laos"


@pytest.mark.slow
def test_how_many_counts_the_noun_asked_whatever_noun_comes_before_it(tmp_path, embedder):
    bot = _bot(tmp_path, embedder, SEATS)
    answer = bot.ask("How many baby seats does the recall cover?")
    assert not answer.abstained, answer.answer
    assert any("61,000 infant car seats" in c.text for c in answer.citations), answer.answer
    assert bot.ask("How many strollers does the recall cover?").abstained


@pytest.mark.slow
def test_campaigners_are_the_campaigning_group_their_cause_names(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Regulator fines doorbell maker\n\n"
        "The Data Rights Authority fined doorbell maker Lumora Home 38 million euros on Thursday.\n\n"
        "Privacy First Ireland, a consumer group, welcomed the ruling in a statement. "
        "It said every owner of a smart doorbell should check how long their videos are kept.\n\n"
        "Analysts said the ruling could push rival camera makers to shorten how long they keep recordings.\n\n"
        '"We disagree with the ruling on privacy and will appeal," Lumora said.\n',
    )
    answer = bot.ask("What did the privacy campaigners say about the ruling?")
    assert not answer.abstained, answer.answer
    assert {c.speaker for c in answer.citations} == {"Privacy First Ireland, a consumer group"}, answer.answer


FRESH26 = Path(__file__).resolve().parents[1] / "data" / "fresh26"


@pytest.mark.slow
def test_he_is_the_man_the_article_calls_he_though_the_model_tags_no_person(tmp_path, embedder):
    # The small model tags no PERSON in "company's chief executive, Rodrigo Maldonado Quiroz".
    bot = _bot_of(tmp_path, embedder, FRESH26 / "01_mexico_toll_road_price_rise.txt")
    history = ["Why did the road operator put the tolls up by 14 percent?"]
    answer = bot.ask("What else did he say?", history=history)
    assert answer.citations and all("Maldonado" in (c.speaker or "") for c in answer.citations), answer.answer


@pytest.mark.slow
def test_the_company_after_a_question_naming_it_and_a_country_is_the_company(tmp_path, embedder):
    bot = _bot_of(tmp_path, embedder, FRESH26 / "04_poland_drug_price_dispute.html")
    history = ["Is Tessaro using patients to squeeze a better price out of Poland?"]
    answer = bot.ask("what does the company say about that", history=history)
    assert answer.citations and all("Tessaro" in (c.speaker or "") for c in answer.citations), answer.answer
    # Not "Poland": Tessaro's general manager for Poland speaks, but the company is never a country.
    asked = analyze_question(history[0], load_nlp())
    story = bot.index.sentences[0].article_id
    assert followup_module._named_instead(bot.index, ("company",), asked, story) == ("tessaro",)


def test_the_subject_of_a_question_opening_with_its_auxiliary():
    assert followup_module._subject_words("Is the Polish health ministry ignoring Tessaro's letters?") == {
        "health",
        "ministry",
    }
    assert followup_module._subject_words("Who ignored the letters?") == set()


@pytest.mark.slow
def test_a_topic_the_lede_names_is_what_the_story_s_sources_speak_of(tmp_path, embedder):
    # Byline and standfirst come first; the lede calls it a zoo, the minister "the park".
    bot = _bot_of(tmp_path, embedder, FRESH26 / "02_australia_zoo_welfare_inspection.md")
    first = "What has the state agriculture minister said about the zoo?"
    answer = bot.ask(first)
    assert not answer.abstained, answer.answer
    assert {c.speaker for c in answer.citations} == {"Agriculture Minister Georgina Durrant"}
    # "Her complaint" is what she says.
    answer = bot.ask("and what's her complaint about the inspectors", history=[first])
    assert answer.citations and answer.citations[0].speaker == "Agriculture Minister Georgina Durrant", answer.answer
    assert "earlier warnings" in answer.citations[0].text or "no penalty" in answer.citations[0].text


@pytest.mark.slow
def test_within_so_many_days_answers_when(tmp_path, embedder):
    bot = _bot(
        tmp_path,
        embedder,
        "Chess federation suspends grandmaster\n\n"
        "The federation suspended grandmaster Kunal Rathore for six months on Wednesday.\n\n"
        "The federation said its inquiry panel, headed by a retired judge, would report within 60 days.\n",
    )
    answer = bot.ask("when is the inquiry panel expected to finish its work")
    assert not answer.abstained, answer.answer
    assert "within 60 days" in answer.citations[0].text


@pytest.mark.slow
def test_the_arbiters_body_is_the_arbiters_collegium(tmp_path, embedder):
    bot = _bot_of(tmp_path, embedder, FRESH26 / "03_india_chess_cheating_inquiry.jsonl")
    answer = bot.ask("What did the arbiters' body say in its statement?")
    texts = " ".join(c.text for c in answer.citations)
    assert answer.citations[0].speaker == "Chess Arbiters' Collegium of India", answer.answer
    assert "every step" in texts and "evidence bag" in texts and "stop abusing" in texts, answer.answer

"""Selection details that the question sets do not isolate."""

from __future__ import annotations

import pytest
from fakes import HashEmbedder as CountingEmbedder

import assistant.select as select_module
from assistant import Assistant, Settings


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
    assert bool(select_module.DURATION.match(text)) is duration


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

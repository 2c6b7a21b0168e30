"""The chat's callbacks called directly, then the launched app through ``gradio_client`` and MCP.

Real model, real articles, real server on a loopback port; no mocks.
"""

from __future__ import annotations

import ast
import asyncio
import re
import shutil
from pathlib import Path

import gradio as gr
import httpx
import pytest

from ui import render
from ui.app import ALL_SPEAKERS, EMPTY_QUESTION_REPLY, SEED_EXAMPLES, ChatApp, build_app

pytestmark = pytest.mark.slow

WIRE = Path(__file__).resolve().parents[1] / "data" / "wire"
TURKEY = "Who claimed that Turkey sent radical Islamists from northern Syria?"
CONTRACT = {"question", "answer", "abstained", "citations"}
CITATION = {"n", "article", "title", "sentence", "text", "start", "end", "speaker", "cue", "score"}
NEW_ARTICLE = (
    "Harbour board approves the Quillon dredging plan\n"
    "The Corvale harbour board approved a plan on Monday to dredge the Quillon channel by June.\n"
    '"The channel will be open to larger ships before the summer," board chairwoman Mirela Tansk said.\n'
)


def check_contract(answer: dict, articles: dict) -> None:
    """The answer contract, each quote exactly its article's text at its offsets."""
    assert set(answer) >= CONTRACT
    for c in answer["citations"]:
        assert set(c) == CITATION
        assert articles[c["article"]].text[c["start"] : c["end"]] == c["text"]


def ids_in(html_text: str) -> set[str]:
    """Element ids in some HTML."""
    return set(re.findall(r'\bid="([^"]+)"', html_text))


@pytest.fixture(scope="module")
def fresh_bot(embedder, session_cache):
    """An assistant of this module's own, since adding articles changes it."""
    from assistant import Assistant, Settings

    return Assistant.load(None, Settings(cache_dir=session_cache, progress=False), embedder=embedder)


# -- callbacks, without launching ---------------------------------------------------------


def test_examples_offer_the_seed_questions(seed_bot):
    assert ChatApp(seed_bot).examples()[:2] == list(SEED_EXAMPLES)


def test_chat_answer_is_quoted_attributed_and_highlighted_beside_it(seed_bot):
    chat, turns, answer, sources, box = ChatApp(seed_bot).respond(TURKEY, [], [])
    assert box == "" and [m["role"] for m in chat] == ["user", "assistant"]
    check_contract(answer, seed_bot.index.articles)
    assert not answer["abstained"] and answer["citations"]
    shown = chat[1]["content"]
    assert "Armenia claims that Turkey has moved 4,000 radical Islamists" in shown and "Armenia" in shown
    # Each [n] links to a sentence of the panel, and those sentences are the highlighted ones.
    targets = re.findall(r'class="nq-cite" href="#([^"]+)"', shown)
    assert targets and set(targets) <= ids_in(sources)
    assert set(re.findall(r'class="nq-s nq-cited" id="([^"]+)"', sources)) == set(targets)
    assert turns == [{"role": "user", "content": TURKEY}, {"role": "assistant", "content": answer["answer"]}]


def test_follow_up_sends_the_sessions_history(seed_bot):
    app = ChatApp(seed_bot)
    chat, turns, _, _, _ = app.respond("What did Russia call for?", [], [])
    chat, turns2, answer, _, _ = app.respond("Who said so?", chat, turns)
    assert len(chat) == 4 and [t["content"] for t in turns2[::2]] == ["What did Russia call for?", "Who said so?"]
    assert answer == seed_bot.ask("Who said so?", history=turns).to_dict()


def test_empty_question_gets_a_friendly_reply(seed_bot):
    chat, turns, answer, _, _ = ChatApp(seed_bot).respond("   ", [], [{"role": "user", "content": "earlier"}])
    assert chat == [{"role": "assistant", "content": render.render_reply(EMPTY_QUESTION_REPLY)}]
    assert answer is None and turns == [{"role": "user", "content": "earlier"}]


def test_ask_returns_the_contract_and_refuses_empty_questions(seed_bot):
    app = ChatApp(seed_bot)
    check_contract(app.ask("What did Russia call for?", []), seed_bot.index.articles)
    with pytest.raises(gr.Error, match="please type a question"):
        app.ask("", [])


def test_claim_table_and_speakers(seed_bot):
    app = ChatApp(seed_bot)
    choices = app.speaker_choices()
    assert choices[0] == ("All speakers", ALL_SPEAKERS)
    names = [value for _, value in choices[1:]]
    assert "Armenia" in names
    table = app.claims("Armenia")
    assert "Armenia claims that Turkey has moved" in table
    assert set(re.findall(r'data-nq-target="([^"]+)"', table)) <= ids_in(app.sources(None))


def test_uploads_report_each_file_and_are_searchable_at_once(fresh_bot, tmp_path):
    good = tmp_path / "quillon.txt"
    good.write_text(NEW_ARTICLE, encoding="utf-8")
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text('{"text": "Lone line\\nA minister said hi."}\n{broken\n', encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    shutil.copy(good, tmp_path / "again.txt")
    names = ["quillon.txt", "empty.md", "batch.jsonl", "notes.pdf", "again.txt"]
    app = ChatApp(fresh_bot)
    outcomes, total = app.add_files([str(tmp_path / n) for n in names])
    assert [o.name for o in outcomes] == names
    assert [o.status for o in outcomes] == ["added", "rejected", "partial", "rejected", "duplicate"]
    assert total == 3
    message = render.render_upload(outcomes, total)
    assert "is empty" in message and "line 2: invalid JSON" in message and "unsupported file type" in message
    _, _, answer, sources, _ = app.respond("When will the Quillon channel be dredged?", [], [])
    check_contract(answer, fresh_bot.index.articles)
    assert any("Quillon channel by June" in c["text"] for c in answer["citations"])
    assert "Harbour board approves the Quillon dredging plan" in sources


def test_served_on_loopback_by_default():
    import inspect

    from ui import app, cli

    assert inspect.signature(app.serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(app.launch).parameters["host"].default == "127.0.0.1"
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.mcp) == ("127.0.0.1", 7860, False)


def test_the_app_exposes_only_ask(seed_bot):
    demo = build_app(seed_bot)
    info = demo.get_api_info()
    assert list(info["named_endpoints"]) == ["/ask"]
    assert [p["parameter_name"] for p in info["named_endpoints"]["/ask"]["parameters"]] == ["question", "history"]


# -- the launched app ---------------------------------------------------------------------


def test_ask_endpoint_with_gradio_client(server):
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    answer = client.predict(question="What did Russia call for?", history=[], api_name="/ask")
    check_contract(answer, server.bot.index.articles)
    assert not answer["abstained"] and answer["citations"]
    follow = client.predict(
        question="Who said that?",
        history=[{"role": "user", "content": "What did Russia call for?"}, {"role": "assistant", "content": "…"}],
        api_name="/ask",
    )
    check_contract(follow, server.bot.index.articles)
    with pytest.raises(Exception, match="please type a question"):
        client.predict(question="  ", history=[], api_name="/ask")


def test_ask_is_an_mcp_tool(server):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    async def call() -> tuple[list[str], str]:
        async with (
            streamablehttp_client(f"{server.url}/gradio_api/mcp/") as (read, write, _),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            tools = await session.list_tools()
            result = await session.call_tool("ask", {"question": TURKEY, "history": []})
            return [t.name for t in tools.tools], result.content[0].text

    names, text = asyncio.run(call())
    assert names == ["ask"]
    answer = ast.literal_eval(text)  # Gradio's MCP server sends a dict result as its Python repr
    check_contract(answer, server.bot.index.articles)
    assert any("Armenia claims" in c["text"] for c in answer["citations"])


def test_page_loads_nothing_from_the_web(server):
    page = httpx.get(server.url + "/", timeout=30).text
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!127\.0\.0\.1)""", page)
    assert "newsqa" in page and "data-nq-target" in page  # our inline script is in the page
    config = httpx.get(server.url + "/config", timeout=30).json()
    assert config["analytics_enabled"] is False
    theme_css = httpx.get(server.url + "/theme.css", timeout=30).text
    assert "googleapis" not in theme_css and "@import" not in theme_css and "system-ui" in theme_css

"""The Gradio chat: a thin adapter over :class:`assistant.Assistant`.

One :class:`ChatApp` holds the shared assistant (the corpus is shared by every browser tab;
uploads add to it for everyone). What belongs to one conversation (its messages, the history
sent back with each question, the latest answer) lives in Gradio session state, never here.

Importing this module imports Gradio; the CLI imports it only for ``newsqa serve``.

Offline by default: system fonts in the theme, analytics off, no share link, loopback only,
and the only script is :file:`ui/static/newsqa.js`, inlined into the page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from ui import render

if TYPE_CHECKING:
    from fastapi import FastAPI

    from assistant import Assistant

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".jsonl"]
SEED_EXAMPLES = ("Who claimed that Turkey sent radical Islamists from northern Syria?", "What did Russia call for?")
ALL_SPEAKERS = ""
EMPTY_QUESTION_REPLY = "Please type a question about the article, for example “What did Russia call for?”"
# Questions from the chat, its examples and the API share one concurrency group.
ASK_GROUP = "ask"


class ChatApp:
    """Callbacks of the chat over one assistant.

    Args:
        bot: the loaded assistant; its corpus is shared by every session.
    """

    def __init__(self, bot: Assistant) -> None:
        self.bot = bot
        # Uploads extend the index in place; renders and uploads take this lock so a page never
        # sees an article whose sentences are half added.
        self._lock = threading.RLock()

    # -- the API ------------------------------------------------------------------------

    def ask(self, question: str, history: list[str | dict[str, str]] | None = None) -> dict[str, Any]:
        """Answer a question about the loaded news articles with verbatim sentences, each cited and attributed.

        Args:
            question: the question about the articles, in plain words.
            history: earlier turns, oldest first: question strings or {"role", "content"} messages (for follow-ups).

        Returns:
            The answer contract: question, answer (Markdown with [n] markers), abstained, citations (n, article, title, sentence, text, start, end, speaker, cue, score), related, notice.
        """  # noqa: E501 - Gradio's MCP schema takes each description from a single line
        from corpus.errors import QuestionError

        try:
            return self.bot.ask(question, history=_clean_history(history)).to_dict()
        except QuestionError as err:
            raise gr.Error(str(err)) from err

    # -- the chat -----------------------------------------------------------------------

    def respond(
        self, message: str, chat: list[dict[str, Any]] | None, turns: list[dict[str, str]] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]], dict[str, Any] | None, str, str]:
        """Answer one chat message.

        Returns:
            The chat messages, the history to send with the next question, the latest answer
            contract, the sources panel and an empty input box.
        """
        from corpus.errors import QuestionError

        chat = list(chat or [])
        turns = list(turns or [])
        text = message if isinstance(message, str) else ""
        try:
            answer = self.bot.ask(text, history=turns).to_dict()
        except QuestionError:
            if text.strip():
                chat.append({"role": "user", "content": render.render_question(text)})
            chat.append({"role": "assistant", "content": render.render_reply(EMPTY_QUESTION_REPLY)})
            return chat, turns, None, self.sources(None), ""
        with self._lock:
            shown = render.render_answer(answer, self.bot.index.articles)
        chat += [
            {"role": "user", "content": render.render_question(text)},
            {"role": "assistant", "content": shown},
        ]
        turns += [{"role": "user", "content": text}, {"role": "assistant", "content": answer["answer"]}]
        return chat, turns, answer, self.sources(answer), ""

    def sources(self, answer: dict[str, Any] | None) -> str:
        """The sources panel, highlighting what ``answer`` cites."""
        with self._lock:
            index = self.bot.index
            return render.render_sources(index.articles, list(index.sentences), render.Highlight.of(answer))

    def claims(self, speaker: str | None) -> str:
        """The who-said-what table, for one speaker or (empty) all."""
        with self._lock:
            index = self.bot.index
            return render.render_claims(index.articles, list(index.sentences), list(index.claims), speaker or None)

    def speaker_choices(self) -> list[tuple[str, str]]:
        """Dropdown entries: all speakers, then each named speaker with its sentence count."""
        with self._lock:
            counted = render.speakers(list(self.bot.index.claims))
        return [("All speakers", ALL_SPEAKERS), *((f"{name} ({count})", name) for name, count in counted)]

    def examples(self) -> list[str]:
        """Questions offered on an empty chat: the seed questions, or ones about the main speakers."""
        from corpus.loaders import bundled_article_path, load_text_file

        with self._lock:
            ids = set(self.bot.index.articles)
            counted = render.speakers(list(self.bot.index.claims))
        seed_id = load_text_file(bundled_article_path()).id
        questions = list(SEED_EXAMPLES) if seed_id in ids else []
        for name, _ in counted:
            if len(questions) >= 3:
                break
            question = f"What did {name} say?"
            if question not in questions:
                questions.append(question)
        return questions

    # -- adding articles ----------------------------------------------------------------

    def add_files(
        self, files: Sequence[Any] | None, progress: gr.Progress | None = None
    ) -> tuple[list[render.FileOutcome], int]:
        """Add uploaded files one by one; returns what became of each and the new article count."""
        paths = [Path(_file_path(f)) for f in files or []]
        outcomes: list[render.FileOutcome] = []
        for number, path in enumerate(paths):
            if progress is not None:
                progress((number, len(paths)), desc=f"Reading and indexing {path.name}", unit="files")
            with self._lock:
                result = self.bot.add([path])
            outcomes.append(render.FileOutcome(path.name, result.added, result.errors))
        with self._lock:
            total = len(self.bot.index.articles)
        return outcomes, total


def _file_path(item: Any) -> str:
    """Path of an uploaded file, whatever Gradio passed (a path string or a file object)."""
    return str(getattr(item, "path", None) or getattr(item, "name", None) or item)


def _clean_history(history: Any) -> list[str | dict[str, Any]]:
    """Only the history items the assistant understands; anything else is dropped."""
    if not isinstance(history, list | tuple):
        return []
    return [h for h in history if isinstance(h, str) or (isinstance(h, dict) and isinstance(h.get("content"), str))]


# -- building and launching -------------------------------------------------------------


def theme() -> gr.themes.Base:
    """Gradio's Soft theme with system fonts, so the page fetches no web fonts."""
    return gr.themes.Soft(
        font=[gr.themes.Font("system-ui"), gr.themes.Font("-apple-system"), "Segoe UI", "Roboto", "sans-serif"],
        font_mono=[gr.themes.Font("ui-monospace"), "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )


def page_head() -> str:
    """The inline script for citation clicks (no external scripts)."""
    script = (STATIC / "newsqa.js").read_text(encoding="utf-8")
    return f"<script>{script}</script>"


def page_css() -> str:
    """The app's stylesheet."""
    return (STATIC / "newsqa.css").read_text(encoding="utf-8")


_SCROLL_TO_CITED = """
const scrollToCited = () => {
  const body = element.querySelector('.nq-sources-body');
  const first = element.querySelector('.nq-cited');
  if (body && first) body.scrollTo({ top: Math.max(0, first.offsetTop - 24), behavior: 'smooth' });
};
watch('value', scrollToCited);
"""


def build_app(bot: Assistant) -> gr.Blocks:
    """The chat, the sources panel, the who-said-what table and the upload tab, over ``bot``."""
    app = ChatApp(bot)
    with gr.Blocks(title="newsqa", analytics_enabled=False, fill_width=True) as demo:
        turns = gr.State([])
        last_answer = gr.State(None)
        gr.Markdown(
            "## newsqa\nAnswers are **verbatim sentences from the articles**, each numbered [n] and "
            "attributed to whoever said it. When the articles do not say, newsqa tells you so.",
            elem_id="nq-intro",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=6, min_width=360), gr.Tabs():
                with gr.Tab("Chat", id="chat"):
                    chatbot = gr.Chatbot(
                        label="Chat",
                        elem_id="nq-chat",
                        height=560,
                        buttons=[],
                        feedback_options=None,
                        latex_delimiters=[],
                        examples=[{"text": q} for q in app.examples()],
                        placeholder="Ask about the article, or pick an example question.",
                    )
                    with gr.Row():
                        question = gr.Textbox(
                            placeholder="Ask a question about the article…",
                            show_label=False,
                            elem_id="nq-question",
                            scale=8,
                            max_length=bot.settings.max_question_chars * 2,
                            submit_btn="Ask",
                            autofocus=True,
                        )
                with gr.Tab("Who said what", id="claims"):
                    speaker = gr.Dropdown(
                        choices=app.speaker_choices(),
                        value=ALL_SPEAKERS,
                        label="Speaker",
                        elem_id="nq-speaker",
                        filterable=True,
                    )
                    claims_table = gr.HTML(app.claims(None), elem_id="nq-claims")
                with gr.Tab("Add articles", id="add"):
                    gr.Markdown(
                        "Upload `.txt`, `.md`, `.html` or `.jsonl` files. They are indexed on this "
                        "machine and can be asked about as soon as they are added."
                    )
                    uploads = gr.File(
                        label="Articles",
                        file_count="multiple",
                        file_types=UPLOAD_TYPES,
                        elem_id="nq-upload",
                    )
                    upload_status = gr.HTML("", elem_id="nq-upload-status")
            with gr.Column(scale=5, min_width=320):
                sources = gr.HTML(app.sources(None), elem_id="nq-sources", js_on_load=_SCROLL_TO_CITED)

        def on_submit(
            message: str, chat: list[dict[str, Any]], history: list[dict[str, str]]
        ) -> tuple[list[dict[str, Any]], list[dict[str, str]], dict[str, Any] | None, str, str]:
            return app.respond(message, chat, history)

        def on_example(
            event: gr.SelectData, chat: list[dict[str, Any]], history: list[dict[str, str]]
        ) -> tuple[list[dict[str, Any]], list[dict[str, str]], dict[str, Any] | None, str, str]:
            value = event.value if isinstance(event.value, dict) else {}
            return app.respond(str(value.get("text") or ""), chat, history)

        def on_clear() -> tuple[list[dict[str, str]], None, str]:
            return [], None, app.sources(None)

        def on_speaker(name: str | None) -> str:
            return app.claims(name)

        def on_upload(
            files: list[Any] | None,
            answer: dict[str, Any] | None,
            name: str | None,
            progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio finds its progress bar by this default
        ) -> tuple[str, str, str, Any, None]:
            outcomes, total = app.add_files(files, progress)
            choices = app.speaker_choices()
            keep = name if name in {value for _, value in choices} else ALL_SPEAKERS
            return (
                render.render_upload(outcomes, total),
                app.sources(answer),
                app.claims(keep),
                gr.update(choices=choices, value=keep),
                None,
            )

        chat_outputs = [chatbot, turns, last_answer, sources, question]
        question.submit(
            on_submit,
            [question, chatbot, turns],
            chat_outputs,
            api_visibility="private",
            concurrency_id=ASK_GROUP,
        )
        chatbot.example_select(
            on_example, [chatbot, turns], chat_outputs, api_visibility="private", concurrency_id=ASK_GROUP
        )
        chatbot.clear(on_clear, None, [turns, last_answer, sources], api_visibility="private")
        speaker.change(on_speaker, speaker, claims_table, api_visibility="private")
        uploads.upload(
            on_upload,
            [uploads, last_answer, speaker],
            [upload_status, sources, claims_table, speaker, uploads],
            api_visibility="private",
            concurrency_limit=1,
            show_progress="full",
            show_progress_on=uploads,
        )
        gr.api(app.ask, api_name="ask", concurrency_id=ASK_GROUP)
    # Two workers: asks are mostly serialized by the assistant's lock; a second lets a render
    # or a quick reply proceed while one question is being answered, on a 2-core machine.
    demo.queue(default_concurrency_limit=2, max_size=64)
    return demo


def launch(
    demo: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int | None = 7860,
    mcp: bool = False,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
    max_file_bytes: int = 5_000_000,
) -> tuple[FastAPI, str, str | None]:
    """Start the server: offline-safe settings, never a share link.

    Args:
        demo: the app from :func:`build_app`.
        host: address to bind; loopback unless the user asks otherwise.
        port: TCP port (``None``: the first free one from 7860).
        mcp: also serve the ``ask`` function as an MCP tool.
        prevent_thread_lock: return at once instead of blocking (tests).
        quiet: print nothing on start.
        max_file_bytes: article size limit; uploads far beyond it are refused by the server.

    Returns:
        The FastAPI app, the local URL and the share URL (always ``None``).
    """
    app, url, share_url = demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        inbrowser=False,
        mcp_server=mcp,
        prevent_thread_lock=prevent_thread_lock,
        quiet=quiet,
        show_error=True,
        theme=theme(),
        css=page_css(),
        head=page_head(),
        footer_links=["api", "settings"],
        enable_monitoring=False,
        run_history=False,
        ssr_mode=False,
        pwa=False,
        # Over-limit files still upload so the loader can say why they are rejected; only far
        # larger ones are refused at the door.
        max_file_size=max_file_bytes * 4,
    )
    return app, url, share_url


def serve(bot: Assistant, host: str = "127.0.0.1", port: int = 7860, mcp: bool = False) -> None:
    """Open the chat over ``bot`` and block until interrupted.

    Args:
        bot: the loaded assistant.
        host: address to bind (loopback by default).
        port: TCP port.
        mcp: also expose the assistant as an MCP tool.
    """
    # Answer one question before opening the door: the model and parsers load lazily, and the
    # first user should not wait for them.
    bot.ask("What happened?")
    demo = build_app(bot)
    _, url, _ = launch(
        demo,
        host=host,
        port=port,
        mcp=mcp,
        prevent_thread_lock=True,
        quiet=True,
        max_file_bytes=bot.settings.max_file_bytes,
    )
    url = url.rstrip("/")
    print(f"newsqa: chat on {url} (Ctrl+C to stop)", flush=True)
    if mcp:
        print(f"newsqa: MCP tool 'ask' at {url}/gradio_api/mcp/", flush=True)
    demo.block_thread()

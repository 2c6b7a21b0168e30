"""The chat in a real headless Chromium (Debian's, driven by Playwright): what a user sees and clicks.

Every page records the requests it makes; none may leave loopback (no web fonts, scripts or
analytics), and no script error may occur.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS  # tests/browser.py

from ui.app import SEED_EXAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAIT_MS = 90_000  # a question on a busy 2-core machine; normally a second or two
TURKEY_QUOTE = "Armenia claims that Turkey has moved 4,000 radical Islamists from northern Syria to the South Caucasus."
LOCAL = re.compile(r"^(https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:|about:)")


@dataclass
class Session:
    """One browser tab on the app, with what it fetched from elsewhere and its script errors."""

    page: Any
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def ask(self, question: str) -> Any:
        """Type a question, press Enter and return the new answer bubble once it is shown."""
        answers = self.page.locator("#nq-chat .nq-answer")
        before = answers.count()
        self.page.locator("#nq-question textarea").fill(question)
        self.page.locator("#nq-question textarea").press("Enter")
        self.page.wait_for_function(
            f"document.querySelectorAll('#nq-chat .nq-answer').length > {before}", timeout=WAIT_MS
        )
        return answers.last

    def check_clean(self) -> None:
        """Nothing fetched beyond loopback, no script errors."""
        assert self.external == []
        assert self.errors == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); scripts/test.sh installs it")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)  # assertions wait like actions do (the default is 5 s)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def session(browser, server) -> Iterator[Session]:
    """A fresh tab (a new Gradio session) on the app, the chat ready."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    tab = Session(page)
    page.on("request", lambda request: None if LOCAL.match(request.url) else tab.external.append(request.url))
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    page.goto(server.url)
    page.wait_for_selector("#nq-question textarea")
    yield tab
    context.close()


def sentence_of(page: Any, link: Any) -> Any:
    """The sources-panel sentence a citation link points at."""
    target = link.get_attribute("href")
    assert target and target.startswith("#nq-")
    return page.locator(f"[id='{target[1:]}']")


def test_ask_see_a_quoted_attributed_answer_click_the_citation_see_the_sentence(session):
    from playwright.sync_api import expect

    page = session.page
    for example in SEED_EXAMPLES:  # offered on first open
        expect(page.get_by_role("button", name=example)).to_be_visible()
    answer = session.ask("Who claimed that Turkey sent radical Islamists from northern Syria?")
    expect(answer).to_contain_text(f"“{TURKEY_QUOTE}”")
    expect(answer).to_contain_text("Armenia")
    expect(answer.locator(".nq-cite").first).to_have_text("[1]")
    # The cited sentence is highlighted beside the chat...
    expect(page.locator("#nq-sources .nq-cited").filter(has_text=TURKEY_QUOTE)).to_have_count(1)
    # ...and clicking [1] scrolls to it and marks it.
    link = answer.locator(".nq-cite").filter(has_text="[1]").first
    sentence = sentence_of(page, link)
    page.locator("#nq-sources .nq-sources-body").evaluate("body => body.scrollTo(0, body.scrollHeight)")
    link.click()
    expect(sentence).to_have_class(re.compile(r"\bnq-focus\b"))
    expect(sentence).to_contain_text(TURKEY_QUOTE)
    expect(sentence).to_be_in_viewport()
    assert page.evaluate("location.hash") == ""  # handled in place, no navigation
    session.check_clean()


def test_example_question_is_answered_on_click(session):
    from playwright.sync_api import expect

    page = session.page
    # A new tab starts a new conversation: earlier tests' questions are not in it.
    expect(page.locator("#nq-chat .nq-answer")).to_have_count(0)
    page.get_by_role("button", name="What did Russia call for?").click()
    answer = page.locator("#nq-chat .nq-answer").last
    expect(answer.locator(".nq-cite").first).to_be_visible()
    expect(answer).to_contain_text("Russia")
    expect(page.locator("#nq-chat")).to_contain_text("What did Russia call for?")
    expect(page.locator("#nq-sources .nq-cited").first).to_be_visible()
    # Clearing the chat forgets the conversation and its highlights.
    page.locator("#nq-chat").get_by_role("button", name=re.compile("clear", re.IGNORECASE)).click()
    expect(page.locator("#nq-chat .nq-answer")).to_have_count(0)
    expect(page.locator("#nq-sources .nq-cited")).to_have_count(0)
    session.check_clean()


def test_abstention_looks_different_and_typed_html_stays_text(session):
    from playwright.sync_api import expect

    page = session.page
    answer = session.ask("What is the capital of Peru?")
    expect(answer.locator(".nq-abstain")).to_be_visible()
    expect(answer).to_contain_text("Not in the article")
    expect(answer.locator(".nq-cite")).to_have_count(0)
    typed = '<img src=x onerror="window.nqPwned=1"> <b>bold?</b>'
    session.ask(typed)
    expect(page.locator("#nq-chat .nq-question").last).to_have_text(typed)
    assert page.evaluate("window.nqPwned") is None
    assert page.locator("#nq-chat img[src='x'], #nq-chat b").count() == 0
    session.check_clean()


def test_who_said_what_filters_by_speaker_and_a_row_leads_to_the_sentence(session):
    from playwright.sync_api import expect

    page = session.page
    page.get_by_role("tab", name="Who said what").click()
    page.locator("#nq-speaker input").click()
    page.get_by_role("option", name=re.compile(r"^Armenia \(\d+\)$")).click()
    expect(page.locator("#nq-claims caption")).to_contain_text("credited to Armenia")
    rows = page.locator("#nq-claims .nq-claim-row")
    expect(rows.first).to_be_visible()
    for speaker in rows.locator("td:first-child").all_inner_texts():
        assert speaker.startswith("Armenia")
    row = rows.filter(has_text="Turkey has moved").first
    target = row.get_attribute("data-nq-target")
    row.click()
    sentence = page.locator(f"[id='{target}']")
    expect(sentence).to_have_class(re.compile(r"\bnq-focus\b"))
    expect(sentence).to_contain_text(TURKEY_QUOTE)
    expect(sentence).to_be_in_viewport()
    session.check_clean()


def test_upload_an_article_and_ask_about_it(session, tmp_path):
    from playwright.sync_api import expect

    page = session.page
    article = tmp_path / "ferry.txt"
    article.write_text(
        "Ostrava ferry line to resume after winter storms\n"
        "The Ostrava ferry line will resume sailings on April 12, port director Lina Barak said on Friday.\n"
        "Storm damage to the northern pier has been repaired, she said.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "blank.txt"
    empty.write_text("\n\n", encoding="utf-8")
    page.get_by_role("tab", name="Add articles").click()
    page.locator("#nq-upload input[type=file]").set_input_files([str(article), str(empty)])
    status = page.locator("#nq-upload-status .nq-upload")
    expect(status).to_be_visible()
    expect(status.locator(".nq-file-added")).to_contain_text("ferry.txt")
    expect(status.locator(".nq-file-added")).to_contain_text("Ostrava ferry line to resume after winter storms")
    expect(status.locator(".nq-file-rejected")).to_contain_text("blank.txt")
    expect(status.locator(".nq-file-rejected")).to_contain_text("empty")
    expect(page.locator("#nq-sources")).to_contain_text("Ostrava ferry line to resume after winter storms")

    page.get_by_role("tab", name="Chat").click()
    answer = session.ask("When will the Ostrava ferry line resume sailings?")
    expect(answer).to_contain_text("The Ostrava ferry line will resume sailings on April 12")
    # Several articles now: the citation names its article.
    expect(answer.locator(".nq-source-list")).to_contain_text("Ostrava ferry line to resume after winter storms")
    link = answer.locator(".nq-quotes .nq-cite").first
    sentence = sentence_of(page, link)
    link.click()
    expect(sentence).to_have_class(re.compile(r"\bnq-focus\b"))
    expect(sentence).to_be_in_viewport()
    session.check_clean()

#!/usr/bin/env python3
"""Regenerate docs/screenshot.png from the real app.

Starts ``newsqa serve`` on a free loopback port, opens it in Debian's headless Chromium
(driven by Playwright, no browser download), asks a question, clicks its first citation and
saves the page.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshot.png] [--question "..."] [--corpus PATH ...]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the browser tests' launch, one definition)

QUESTION = "Who claimed that Turkey sent radical Islamists from northern Syria?"


def free_port() -> int:
    """A loopback TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float) -> None:
    """Poll the app until it answers, failing early if the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"newsqa serve exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/config", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"newsqa serve did not answer at {url} within {timeout:.0f} s")


def capture(url: str, out: Path, question: str, chromium: str, width: int, height: int) -> None:
    """Ask ``question`` in the browser, click [1] and save a screenshot of the page."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        page.set_default_timeout(300_000)  # generous: the machine may be busy
        expect.set_options(timeout=300_000)
        page.goto(url)
        box = page.locator("#nq-question textarea")
        box.fill(question)
        box.press("Enter")
        answer = page.locator("#nq-chat .nq-answer").last
        link = answer.locator(".nq-cite").first
        expect(link).to_be_visible()
        link.click()
        page.wait_for_timeout(1200)  # let the smooth scroll and the highlight settle
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def main() -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--corpus", nargs="+", metavar="PATH", help="articles to serve (default: the bundled one)")
    parser.add_argument("--cache-dir", metavar="DIR", help="index cache for the server (default: the user cache)")
    parser.add_argument("--chromium", default=str(CHROMIUM), help="Chromium executable (Debian's by default)")
    parser.add_argument("--size", default="1400x900", help="viewport, WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.lower().split("x"))

    port = free_port()
    command = [sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--quiet"]
    if args.corpus:
        command += ["--corpus", *args.corpus]
    if args.cache_dir:
        command += ["--cache-dir", args.cache_dir]
    server = subprocess.Popen(command, cwd=ROOT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, server, timeout=300)
        capture(url, args.out.resolve(), args.question, args.chromium, width, height)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

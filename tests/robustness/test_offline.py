"""No network: model loading, indexing, answering and serving all work with only loopback.

The whole run happens in a subprocess whose every non-loopback connection is refused (and
recorded) by a ``sitecustomize`` socket guard, inside a fresh network namespace that has only
``lo`` when ``unshare`` is allowed here. The test passes only if the run succeeds and nothing
even tried to reach beyond loopback.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GUARD = '''
"""Refuse and record every connection that is not to loopback (injected via PYTHONPATH)."""
import ipaddress, os, socket

_LOG = os.environ["NEWSQA_NET_LOG"]


def _loopback(address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what, address):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{what} {address!r}\\n")
    raise OSError(101, f"network blocked by test guard: {address!r}")


_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
_sendto = socket.socket.sendto


def connect(self, address):
    if self.family != socket.AF_UNIX and not _loopback(address):
        _refuse("connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    if self.family != socket.AF_UNIX and not _loopback(address):
        _refuse("connect_ex", address)
    return _connect_ex(self, address)


def sendto(self, data, *args):
    address = args[-1]
    if self.family != socket.AF_UNIX and not _loopback(address):
        _refuse("sendto", address)
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _loopback(host):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo = getaddrinfo
'''

RUN = """
import json, sys, urllib.request
from pathlib import Path
from assistant import Assistant, Settings
from ui.app import build_app, launch

cache = Path(sys.argv[1])
bot = Assistant.load(None, Settings(cache_dir=cache, progress=False))      # model loading + indexing
answer = bot.ask("What did Russia call for?").to_dict()                      # answering
demo = build_app(bot)                                                        # serving
_, url, share = launch(demo, port=None, prevent_thread_lock=True, quiet=True)
with urllib.request.urlopen(url, timeout=30) as page:
    html = page.read().decode("utf-8")
# The /ask API over plain HTTP (gradio_client itself would look up huggingface.co for its headers).
call = urllib.request.Request(
    url + "gradio_api/call/ask",
    data=json.dumps({"data": ["What did Russia call for?", []]}).encode(),
    headers={"Content-Type": "application/json"},
)
with urllib.request.urlopen(call, timeout=30) as response:
    event = json.loads(response.read())["event_id"]
with urllib.request.urlopen(f"{url}gradio_api/call/ask/{event}", timeout=120) as response:
    stream = response.read().decode("utf-8")
served = json.loads([line for line in stream.splitlines() if line.startswith("data:")][-1][5:])[0]
demo.close()
print(json.dumps({"built": bot.built, "answer": answer, "served": served, "share": share, "page": "newsqa" in html}))
"""


def _isolation() -> list[str]:
    """A command prefix giving the run its own network namespace with only loopback, if allowed."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return []
    for flags in (["-n"], ["-r", "-n"]):
        probe = subprocess.run(["unshare", *flags, "ip", "link", "set", "lo", "up"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", *flags, "sh", "-c", 'ip link set lo up && exec "$@"', "offline"]
    return []


@pytest.mark.slow
def test_model_indexing_answering_and_serving_work_without_network(tmp_path, python, subprocess_env, seed_bot, request):
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(textwrap.dedent(GUARD), encoding="utf-8")
    net_log = tmp_path / "network.log"
    net_log.touch()
    env = dict(subprocess_env)
    env["PYTHONPATH"] = f"{guard}:{env['PYTHONPATH']}"
    env["NEWSQA_NET_LOG"] = str(net_log)
    # No proxy or offline hints beyond what the app itself sets: the guard is the proof.
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "GRADIO_ANALYTICS_ENABLED", "http_proxy", "https_proxy"):
        env.pop(key, None)
    prefix = _isolation()
    request.node.user_properties.append(("network namespace", bool(prefix)))
    done = subprocess.run(
        [*prefix, python, "-c", RUN, str(tmp_path / "fresh-cache")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["built"], "the index must be built from scratch inside the offline run"
    assert result["answer"] == seed_bot.ask("What did Russia call for?").to_dict()
    assert result["served"] == result["answer"] and result["page"] and result["share"] is None
    assert net_log.read_text(encoding="utf-8") == "", "something tried to reach beyond loopback"


def test_the_guard_really_refuses_outside_connections(tmp_path, python, subprocess_env):
    """The guard used above is not a no-op: an outside connection fails and is recorded."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(textwrap.dedent(GUARD), encoding="utf-8")
    net_log = tmp_path / "network.log"
    env = dict(subprocess_env, PYTHONPATH=f"{guard}:{subprocess_env['PYTHONPATH']}", NEWSQA_NET_LOG=str(net_log))
    probe = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=2)\nexcept OSError as e:\n"
    probe += "    print(e)"
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert "network blocked by test guard" in done.stdout
    assert "192.0.2.1" in net_log.read_text(encoding="utf-8")

"""Nothing is lost: interrupted builds, internal errors and huge inputs leave the site and content intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing.build.write import remove_stale_temps
from tests.conftest import ROOT, Run, snapshot, spawn


def write_sections(project: Path, count: int, marker: str = "") -> None:
    """A site big enough that a build takes a while: `count` aligned sections."""
    content = project / "content"
    for path in content.glob("*.md"):
        path.unlink()
    para_zh = "加强对困难群众的兜底保障是民政工作的永恒主题。" * 12
    para_en = "Strengthening the basic safety net for people in difficulty is an enduring theme. " * 8
    for n in range(1, count + 1):
        for lang, para, title in (("zh", para_zh, f"第{n}节"), ("en", para_en, f"Section {n}")):
            body = "\n\n".join(f"{para}{marker}{i}" for i in range(8))
            text = f"---\nid: s{n}\norder: {n}\ntitle: {title}\n---\n{body}\n\n## {title}\n\n{para}\n"
            (content / f"{n:03d}-s{n}.{lang}.md").write_text(text, encoding="utf-8")


def start_build(project: Path) -> subprocess.Popen[str]:
    return spawn(
        [sys.executable, str(ROOT / "build.py"), "build"], project, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def wait_for_temp_folder(project: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not list(project.glob(".briefing-tmp-*")):
        assert process.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.002)


@pytest.mark.parametrize("how", ["kill", "interrupt"])
def test_an_interrupted_build_leaves_the_old_site_or_the_complete_new_one(
    mini: Path, run_cli: Callable[..., Run], how: str
) -> None:
    write_sections(mini, 150)
    assert run_cli(mini, "build").code == 0
    before = snapshot(mini / "site")
    write_sections(mini, 150, marker="。")
    assert run_cli(mini, "build", "--out", str(mini.parent / "complete")).code == 0
    after = snapshot(mini.parent / "complete")
    assert after != before

    process = start_build(mini)
    wait_for_temp_folder(mini, process)
    process.send_signal(signal.SIGKILL if how == "kill" else signal.SIGINT)
    process.wait(timeout=30)

    # The signal may land before the new site is swapped in, or just after: either site, never a mix.
    seen = snapshot(mini / "site")
    assert seen in (before, after)
    if how == "interrupt" and seen == before:
        assert process.returncode == 130
        assert "the previous site is unchanged" in (process.stderr.read() if process.stderr else "")
        assert not list(mini.glob(".briefing-tmp-*"))
    result = run_cli(mini, "build")
    assert result.code == 0
    assert not list(mini.glob(".briefing-tmp-*"))
    assert snapshot(mini / "site") == after


def test_an_internal_error_asks_for_a_report(
    mini: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: MarkdownIt, src: str, env: object = None) -> list[object]:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(MarkdownIt, "parse", broken)
    result = run_cli(mini, "build")
    assert result.code == 2
    assert "internal error: RuntimeError('parser exploded')" in result.err
    assert "please report this" in result.err and "Traceback" not in result.err
    debug = run_cli(mini, "--debug", "build")
    assert debug.code == 2 and "Traceback" in debug.err


def test_a_ten_megabyte_section_is_handled(mini: Path, run_cli: Callable[..., Run]) -> None:
    paragraph = "民政工作。" * 400
    body = "\n\n".join(paragraph for _ in range(1700))
    for lang in ("zh", "en"):
        (mini / "content" / f"03-big.{lang}.md").write_text(
            f"---\nid: big\norder: 3\ntitle: 大\n---\n{body}\n", encoding="utf-8"
        )
    assert (mini / "content" / "03-big.zh.md").stat().st_size > 10_000_000
    before = snapshot(mini / "content")
    measure = (
        "import resource, sys; from briefing.cli import main; code = main(['build']); "
        "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)"
    )
    process = subprocess.run(
        [sys.executable, "-c", measure], cwd=mini, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}
    )
    assert process.returncode == 0, process.stderr
    peak_mb = int(process.stdout.split("peak")[1]) / 1024
    assert peak_mb < 400, f"peak memory {peak_mb:.0f} MB"
    assert (mini / "site" / "zh" / "big" / "index.html").stat().st_size > 10_000_000
    assert snapshot(mini / "content") == before


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_old_site_caught_mid_swap_is_put_back(mini: Path, run_cli: Callable[..., Run]) -> None:
    """A build killed between moving the old site aside and moving the new one in leaves no site; the next
    build restores the old one before anything else, and leftovers of other killed builds are removed."""
    assert run_cli(mini, "build").code == 0
    before = snapshot(mini / "site")
    pid = dead_pid()
    (mini / "site").rename(mini / f".briefing-tmp-{pid}-old-site-k2j4m8q1")
    (mini / f".briefing-tmp-{pid}-old-site-2-ab12cd34").mkdir()  # another output's, not this one's
    (mini / f".briefing-tmp-{pid}-a1b2c3").mkdir()
    remove_stale_temps(mini / "site")
    assert snapshot(mini / "site") == before
    assert not list(mini.glob(".briefing-tmp-*"))


def test_an_old_site_is_put_back_even_when_the_next_build_fails(mini: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(mini, "build").code == 0
    before = snapshot(mini / "site")
    (mini / "site").rename(mini / f".briefing-tmp-{dead_pid()}-old-site-k2j4m8q1")
    path = mini / "content" / "01-intro.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 1", "order: first"), encoding="utf-8")
    assert run_cli(mini, "build").code == 1
    assert snapshot(mini / "site") == before


def test_a_site_folder_that_is_a_link_stays_a_link(mini: Path, tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    """Publishing often links the output to the web server's folder; builds update the folder it points to."""
    served = tmp_path / "www" / "briefing"
    served.parent.mkdir()
    (mini / "site").symlink_to(served, target_is_directory=True)
    assert run_cli(mini, "build").code == 0
    (mini / "content" / "01-intro.en.md").write_text(
        (mini / "content" / "01-intro.en.md").read_text(encoding="utf-8").replace("Comrades,", "Dear comrades,"),
        encoding="utf-8",
    )
    assert run_cli(mini, "build").code == 0
    assert (mini / "site").is_symlink()
    assert "Dear comrades," in (served / "en" / "intro" / "index.html").read_text(encoding="utf-8")


def test_a_file_someone_put_into_the_site_is_never_deleted(mini: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(mini, "build").code == 0
    (mini / "site" / "zh" / "notes.txt").write_text("minutes of the meeting", encoding="utf-8")
    (mini / "site" / ".DS_Store").write_bytes(b"\0")
    before = snapshot(mini / "site")
    section = mini / "content" / "01-intro.en.md"
    section.write_text(section.read_text(encoding="utf-8").replace("Comrades", "Friends"), encoding="utf-8")

    result = run_cli(mini, "build")

    assert result.code == 1
    assert "site/zh/notes.txt: was not made by Briefing; a build would delete it" in result.err
    assert ".DS_Store" not in result.err
    assert snapshot(mini / "site") == before
    (mini / "site" / "zh" / "notes.txt").unlink()
    assert run_cli(mini, "build").code == 0


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="permissions do not stop the superuser")
def test_an_old_site_made_read_only_is_removed_after_the_swap(mini: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(mini, "build").code == 0
    for folder in sorted((mini / "site").rglob("*"), reverse=True):
        if folder.is_dir():
            folder.chmod(0o555)
    section = mini / "content" / "01-intro.en.md"
    section.write_text(section.read_text(encoding="utf-8").replace("Comrades", "Friends"), encoding="utf-8")
    result = run_cli(mini, "build")
    assert result.code == 0, result.err
    assert not list(mini.glob(".briefing-tmp-*"))
    assert "Friends" in (mini / "site" / "en" / "intro" / "index.html").read_text(encoding="utf-8")

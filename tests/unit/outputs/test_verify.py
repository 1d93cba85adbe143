"""The output check catches outside requests, broken links and anchors, and pages without a language."""

from __future__ import annotations

from collections.abc import Callable

from briefing.errors import Problem
from briefing.model import OutputFile
from briefing.outputs.verify import Checker, finish_checks, page_ids


def verify_output(
    files: list[OutputFile], all_paths: set[str], read_kept: Callable[[str], bytes], where: str
) -> list[Problem]:
    """Check files as a build does: each on its own, then links into other pages against their ids."""
    checker = Checker(all_paths)
    checks = {f.path: checker.check_file(f) for f in files}
    return finish_checks(checks, lambda path: page_ids(read_kept(path)), where)


HEAD = '<!doctype html><html lang="en"><head><link rel="stylesheet" href="../static/style.css"></head><body>'


def check(*files: tuple[str, str], kept: dict[str, bytes] | None = None) -> list[str]:
    outputs = [OutputFile(path, text.encode()) for path, text in files]
    kept = kept or {}
    paths = {f.path for f in outputs} | set(kept) | {"static/style.css"}
    return [p.message for p in verify_output(outputs, paths, lambda path: kept[path], "site")]


def test_a_good_page_passes() -> None:
    page = HEAD + '<p id="p1"><a href="index.html#p1">x</a> <a href="https://example.org/">out</a></p>'
    assert check(("zh/index.html", page)) == []


def test_outside_requests_are_caught() -> None:
    page = HEAD + '<script src="https://cdn.example.org/x.js"></script><link rel="icon" href="//cdn.example.org/i.png">'
    found = check(("zh/index.html", page))
    assert sorted(found) == [
        "loads //cdn.example.org/i.png from another host",
        "loads https://cdn.example.org/x.js from another host",
    ]


def test_requests_are_found_however_the_attribute_is_written() -> None:
    page = HEAD + (
        "<img src=//a.example/1.png><IMG SRC='//b.example/2.png'><video poster=\"&#47;&#47;c.example/3.png\">"
        '<p title="x>y" data-x=1 src=//d.example/4.png><img alt=a srcset="../static/style.css 1x, //e.example/5.png 2x">'
    )
    assert sorted(check(("zh/index.html", page))) == [
        f"loads //{host}.example/{n}.png from another host" for n, host in enumerate("abcde", start=1)
    ]


def test_a_refresh_or_base_element_is_caught() -> None:
    page = (
        HEAD + '<span lang="x"><meta http-equiv=Refresh content="0;url=//evil.example"><base href="https://x.example/">'
    )
    assert sorted(check(("zh/index.html", page))) == [
        "page changes the base of its links (<base>)",
        "page sends the reader elsewhere (<meta http-equiv=refresh>)",
    ]


def test_tags_in_comments_and_script_text_are_not_read_as_markup() -> None:
    page = HEAD + '<!-- <img src="//a.example/x.png"> --><script>let s = "<img src=//b.example/y.png>";</script>'
    assert check(("zh/index.html", page)) == []


def test_canonical_links_to_the_published_address_are_not_requests() -> None:
    page = HEAD + '<link rel="canonical" href="https://intra.example/b/zh/index.html">'
    assert check(("zh/index.html", page)) == []


def test_broken_links_folders_and_anchors_are_caught() -> None:
    page = HEAD + '<a href="../en/index.html">a</a><a href="../en/">b</a><a href="other.html#nope">c</a>'
    found = check(("zh/index.html", page), ("zh/other.html", HEAD + '<p id="p1"></p>'))
    assert sorted(found) == [
        "link to ../en/: no such file in the site",
        "link to ../en/index.html: no such file in the site",
        "link to other.html#nope: no element with id 'nope' there",
    ]


def test_anchors_in_unchanged_pages_are_read_from_the_old_site() -> None:
    page = HEAD + '<a href="../en/x/index.html#care">a</a>'
    kept = {"en/x/index.html": b'<html lang="en"><h2 id="care">'}
    assert check(("zh/index.html", page), kept=kept) == []
    assert check(("zh/index.html", page.replace("#care", "#gone")), kept=kept) == [
        "link to ../en/x/index.html#gone: no element with id 'gone' there"
    ]


def test_pages_need_a_language() -> None:
    assert check(("index.html", "<!doctype html><html><body></body></html>")) == ["page has no language (<html lang>)"]


def test_stylesheets_and_scripts_may_not_reach_out() -> None:
    found = check(
        ("static/a.css", "body{background:url(https://x.example/b.png)}"),
        ("static/b.js", 'fetch("https://api.example.com/q")'),
        ("static/c.js", 'const ns = "http://www.w3.org/2000/svg";'),
    )
    assert found == ["stylesheet loads a file from another host", "script refers to another host (api.example.com/q)"]


def test_links_leaving_the_site_are_caught() -> None:
    page = HEAD + '<a href="../../../etc/passwd">x</a>'
    assert check(("zh/index.html", page)) == ["link to ../../../etc/passwd: leaves the site"]


def test_links_to_folders_queries_and_root_escapes_are_judged_by_what_they_open() -> None:
    sub = '<!doctype html><html lang="en"><body><p id="p1"><a href="../">up</a> <a href="./">here</a> <a href="?q=1#p1">same</a> <a href="?q#nope">x</a></p>'
    assert check(("zh/a/index.html", sub), ("zh/index.html", HEAD)) == [
        "link to ../: no such file in the site",
        "link to ./: no such file in the site",
        "link to ?q#nope: no element with id 'nope' there",
    ]
    # A ../ link checked sound on a first-level page still leaves the site from the top-level page.
    first = HEAD + '<a href="../x.html">x</a>'
    top = '<!doctype html><html lang="en"><body><a href="../x.html">x</a></body></html>'
    found = check(("zh/index.html", first), ("index.html", top), ("x.html", top.replace("../x.html", "x.html")))
    assert found == ["link to ../x.html: leaves the site"]


def test_a_link_shared_by_pages_of_one_folder_is_judged_on_each_page() -> None:
    """Pages of a view share their ../ links; each page's own copy is still checked, itself included."""
    link = '<a href="../a/index.html#x">a</a> <a href="../b/index.html#y">b</a>'
    head = HEAD.replace("../static", "../../static")
    found = check(
        ("zh/a/index.html", head + f'<p id="y">{link}</p>'),
        ("zh/b/index.html", head + f'<p id="x">{link}</p>'),
        ("zh/c/index.html", head + f'<p id="z">{link}</p>'),
    )
    assert sorted(found) == [
        "link to ../a/index.html#x: no element with id 'x' there",
        "link to ../a/index.html#x: no element with id 'x' there",
        "link to ../a/index.html#x: no element with id 'x' there",
        "link to ../b/index.html#y: no element with id 'y' there",
        "link to ../b/index.html#y: no element with id 'y' there",
        "link to ../b/index.html#y: no element with id 'y' there",
    ]
    assert (
        check(("zh/a/index.html", head + f'<p id="x">{link}</p>'), ("zh/b/index.html", head + f'<p id="y">{link}</p>'))
        == []
    )


def test_the_same_link_from_different_folders_is_judged_from_each() -> None:
    """`../x.html#f` leaves the site from the top folder but not from zh/; `../b/index.html#y` from zh/a and en/a
    points into different folders."""
    top = '<!doctype html><html lang="en"><head></head><body><a href="../x.html#f">x</a></body></html>'
    inner = HEAD + '<p id="f"><a href="../x.html#f">x</a></p>'
    kept = {"x.html": b'<p id="f"></p>'}
    for pages in [(("index.html", top), ("zh/index.html", inner)), (("zh/index.html", inner), ("index.html", top))]:
        assert check(*pages, kept=kept) == ["link to ../x.html#f: leaves the site"]
    head = HEAD.replace("../static", "../../static")
    link = '<a href="../b/index.html#y">b</a>'
    found = check(
        ("zh/a/index.html", head + link),
        ("zh/b/index.html", head + '<p id="y">b</p>'),
        ("en/a/index.html", head + link),
        ("en/b/index.html", head + '<p id="z">b</p>'),
    )
    assert found == ["link to ../b/index.html#y: no element with id 'y' there"]

"""Fixture libraries for tests: a few small briefings of made-up text, written into a temporary project."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

CONFIG = """title:
  zh: 测试讲话库
  en: Test Library
languages:
  - code: zh
    tag: zh-Hans
    name: 中文
  - code: en
    tag: en
    name: English
content: content
templates: templates
output: site
search: false
pdf: false
tags:
  care:
    zh: 养老
    en: Elderly care
  aid:
    zh: 救助
    en: Assistance
organisations:
  office:
    zh: 测试办公室
    en: Test Office
"""


@dataclass(frozen=True)
class Spec:
    """A briefing to write: its folder, date, titles and what its text is about."""

    slug: str
    date: str
    zh: str
    en: str
    topic_zh: str = "社区养老服务"
    topic_en: str = "community elderly care"
    tags: tuple[str, ...] = ()
    organisation: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


SPECS = (
    Spec(
        "2023-spring-meeting",
        "2023-03-10",
        "春季工作会议讲话",
        "Spring Meeting Speech",
        "农村留守老人关爱",
        "care for rural elders left behind",
        ("care",),
    ),
    Spec(
        "2024-annual-conference",
        "2024-01-15",
        "年度工作会议讲话",
        "Annual Conference Speech",
        "社会救助兜底",
        "the social assistance safety net",
        ("aid", "care"),
        "office",
    ),
    Spec(
        "2024-midyear-meeting",
        "2024-07-02",
        "年中工作会议讲话",
        "Mid-year Meeting Speech",
        "儿童福利保障",
        "child welfare",
        ("aid",),
    ),
)
"""Three briefings of two sections, over two years; listed newest first they run 2024-07, 2024-01, 2023-03."""


def make_library(root: Path, specs: tuple[Spec, ...] = SPECS) -> Path:
    """A project with `specs` as briefing folders, the bundled templates and a config without search or PDFs."""
    root.mkdir(parents=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "config.yaml").write_text(CONFIG, encoding="utf-8")
    for spec in specs:
        write_briefing(root / "content", spec)
    return root


def write_briefing(content: Path, spec: Spec) -> Path:
    """A briefing folder: briefing.yaml and two sections in Chinese and English, block for block alike."""
    folder = content / spec.slug
    folder.mkdir(parents=True)
    about = [
        f"title:\n  zh: {spec.zh}\n  en: {spec.en}",
        f"event:\n  zh: {spec.zh.removesuffix('讲话')}\n  en: {spec.en.removesuffix(' Speech')}",
        f"date: {spec.date}",
        f"tags: [{', '.join(spec.tags)}]",
        f"summary:\n  zh: 讲话谈到{spec.topic_zh}。\n  en: The speech covers {spec.topic_en}.",
    ]
    if spec.organisation:
        about.append(f"organisation: {spec.organisation}")
    about += [f"{key}: {value}" for key, value in spec.extra.items()]
    (folder / "briefing.yaml").write_text("\n".join(about) + "\n", encoding="utf-8")
    sections = {
        "01-opening": (
            ("开场", "Opening"),
            (f"同志们:今天的会议讨论{spec.topic_zh}。", f"Comrades, today's meeting discusses {spec.topic_en}."),
        ),
        "02-tasks": (
            ("重点工作", "Key Tasks"),
            (f"要把{spec.topic_zh}做实做细。", f"We must make {spec.topic_en} solid and thorough."),
        ),
    }
    for order, (stem, ((title_zh, title_en), (text_zh, text_en))) in enumerate(sections.items(), start=1):
        section_id = stem.split("-", 1)[1]
        for lang, title, text in (("zh", title_zh, text_zh), ("en", title_en, text_en)):
            front = f"---\nid: {section_id}\norder: {order}\ntitle: {title}\n---\n"
            (folder / f"{stem}.{lang}.md").write_text(front + text + "\n", encoding="utf-8")
    return folder

"""A seeded, block-aligned Chinese/English library of B briefings of N sections in all, written as a complete
Briefing project."""

from __future__ import annotations

import argparse
import datetime
import functools
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .text import ENGLISH_ORDINALS, Vocabulary, Writer, chinese_numeral, read_vocabulary, roman_numeral

ROOT = Path(__file__).resolve().parents[1]
"""The repository: its content/ gives the vocabulary, its config.yaml and templates/ the project's shape."""
DEFAULT_SECTIONS = 1000
DEFAULT_BRIEFINGS = 100
DEFAULT_SEED = 8
FIRST_DAY = datetime.date(2016, 1, 4)
"""The oldest briefing's date; each later one comes 23 days after the one before."""
TAGS = {
    "work-conference": {"zh": "工作会议", "en": "Work conferences"},
    "social-assistance": {"zh": "社会救助", "en": "Social assistance"},
    "elderly-care": {"zh": "养老服务", "en": "Elderly care"},
    "child-welfare": {"zh": "儿童福利", "en": "Child welfare"},
    "governance": {"zh": "基层治理", "en": "Local governance"},
}
"""Topics the corpus's briefings are tagged with, two or three each."""
ZH_CHARS = 1500
"""Chinese characters per section, roughly."""
EN_WORDS = 600
"""English words per section, roughly."""
PART_EVERY = 20
"""A new part (`part:` label) starts every this many sections."""
_RESERVED = re.compile(r"^(p|h)\d+$|^fn")


@dataclass(frozen=True)
class Corpus:
    """A generated project and how big it is."""

    root: Path
    config: Path
    sections: int
    files: int
    briefings: int
    """Briefing folders in content/."""
    zh_chars: int
    """Chinese characters in all Chinese section bodies."""
    en_words: int
    """Words in all English section bodies."""


@dataclass
class _Section:
    """One section being written: its Markdown per language and the anchors others may link to."""

    stem: str
    zh: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    def add(self, zh: str, en: str) -> None:
        """Append one block in both languages."""
        self.zh.append(zh)
        self.en.append(en)


def generate_corpus(
    folder: Path,
    sections: int = DEFAULT_SECTIONS,
    seed: int = DEFAULT_SEED,
    source: Path = ROOT,
    briefings: int = DEFAULT_BRIEFINGS,
) -> Corpus:
    """Write config.yaml, templates/ and content/ for `sections` sections shared out over `briefings` briefings
    (one folder each in content/) into an empty or new `folder`."""
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty; the corpus is written into a new folder")
    briefings = max(1, min(briefings, sections))
    content = folder / "content"
    content.mkdir(parents=True)
    shutil.copytree(source / "templates", folder / "templates")
    config = write_config(source / "config.yaml", folder / "config.yaml")
    vocabulary = read_vocabulary(source / "content")
    zh_chars = en_words = 0
    for index in range(briefings):
        count = sections // briefings + (index < sections % briefings)
        chars, words = write_briefing(content, index, count, seed, vocabulary)
        zh_chars, en_words = zh_chars + chars, en_words + words
    # The speech's glossary applies to text drawn from it: section pages then mark terms as real ones do.
    shutil.copyfile(source / "content" / "glossary.yaml", content / "glossary.yaml")
    record_reviews(config)
    return Corpus(folder, config, sections, 2 * sections + briefings, briefings, zh_chars, en_words)


def write_briefing(
    content: Path, index: int, sections: int, seed: int, vocabulary: Vocabulary | None = None
) -> tuple[int, int]:
    """Write the `index`-th briefing of a corpus (its folder, briefing.yaml and sections); returns its Chinese
    characters and English words. The same index and seed give the same bytes."""
    vocabulary = vocabulary or read_vocabulary(ROOT / "content")
    rng = random.Random(f"{seed}:briefing:{index}")
    writer = Writer(vocabulary, rng)
    date = FIRST_DAY + datetime.timedelta(days=23 * index)
    folder = content / f"{date.isoformat()}-{'-'.join(writer.english_phrase(2).split())}"
    folder.mkdir()
    (folder / "briefing.yaml").write_text(make_about(writer, date), encoding="utf-8")
    width = max(2, len(str(sections)))
    written: list[_Section] = []
    used_ids: set[str] = set()
    zh_chars = en_words = 0
    for order in range(1, sections + 1):
        section_rng = random.Random(f"{seed}:{index}:{order}")
        zh, en, section = make_section(order, width, Writer(vocabulary, section_rng), written, used_ids)
        (folder / f"{section.stem}.zh.md").write_text(zh, encoding="utf-8")
        (folder / f"{section.stem}.en.md").write_text(en, encoding="utf-8")
        zh_chars += len(re.findall(r"[\u4e00-\u9fff]", zh.split("\n---\n", 1)[1]))
        en_words += len(re.findall(r"[A-Za-z]+", en.split("\n---\n", 1)[1]))
        written.append(section)
    return zh_chars, en_words


def make_about(writer: Writer, date: datetime.date) -> str:
    """briefing.yaml: title, event and summary in both languages, the date, two or three tags."""
    tags = sorted(writer.rng.sample(sorted(TAGS), writer.rng.randint(2, 3)))
    about = {
        "title": {"zh": writer.chinese_sentence(1).rstrip("。"), "en": writer.title_words(writer.rng.randint(5, 9))},
        "event": {
            "zh": f"{date.year}年{writer.clause()}会议",
            "en": f"The {date.year} {writer.title_words(4)} Meeting",
        },
        "date": date.isoformat(),
        "tags": tags,
        "summary": {"zh": writer.chinese_sentence(2), "en": writer.english_sentence(16)},
    }
    return yaml.safe_dump(about, allow_unicode=True, sort_keys=False)


def record_reviews(config: Path) -> None:
    """Record every translation as reviewed, as a finished archive would have it (no drift warnings)."""
    from briefing.config import load_config
    from briefing.load.drift import LOCK_NAME, lock_text, record_reviewed
    from briefing.load.library import load_library

    loaded = load_config(config)
    library, _ = load_library(loaded)
    for briefing in library.briefings:
        lock = record_reviewed({}, briefing.sections, loaded.source_language.code, None).lock
        (briefing.folder / LOCK_NAME).write_text(lock_text(lock), encoding="utf-8")


def write_config(source: Path, target: Path) -> Path:
    """The repository's config.yaml with an archive title and the default folders."""
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    config["title"] = {"zh": "民政工作讲话汇编", "en": "Collected Speeches on Civil Affairs"}
    config["tags"] = TAGS
    config.update({"base_url": None, "content": "content", "templates": "templates", "output": "site"})
    # The HTML build is what the targets are about; search and PDF are measured on their own.
    config.update({"search": False, "pdf": False})
    header = '# A generated benchmark corpus; keys are documented in README.md ("config.yaml").\n'
    target.write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def make_section(
    order: int, width: int, writer: Writer, earlier: Sequence[_Section], used_ids: set[str]
) -> tuple[str, str, _Section]:
    """The Chinese and English files of one section, block for block alike."""
    rng = writer.rng
    section_id = make_id(writer, used_ids, order)
    section = _Section(f"{order:0{width}d}-{section_id}")
    kinds = plan_blocks(rng)
    paragraphs = kinds.count("p") + kinds.count("list") + 1
    headings = len(kinds) + 1 - paragraphs
    # About one character in twelve is punctuation; headings take about 15 words each of the English budget.
    zh_size, en_size = ZH_CHARS * 13 // 12 // paragraphs, (EN_WORDS - 15 * headings) // paragraphs
    section.add(writer.chinese_text(zh_size), writer.english_text(en_size))
    counts = {"h2": 0, "bold": 0}
    for kind in kinds:
        if kind in ("h2", "h3"):
            add_heading(section, writer, kind, counts)
        elif kind == "list":
            add_list(section, writer, zh_size, en_size)
        elif rng.random() < 0.25 and counts["bold"] < len(ENGLISH_ORDINALS):
            counts["bold"] += 1
            add_bold_paragraph(section, writer, counts["bold"], zh_size, en_size)
        else:
            section.add(writer.chinese_text(zh_size), writer.english_text(en_size))
    if earlier and rng.random() < 0.15:
        add_link(section, writer, rng.choice(earlier))
    if rng.random() < 0.1:
        add_note(section, writer)
    section.en = [with_renderings(zh, en) for zh, en in zip(section.zh, section.en, strict=True)]
    zh_head, en_head = make_front_matter(order, section_id, writer)
    return zh_head + "\n\n".join(section.zh) + "\n", en_head + "\n\n".join(section.en) + "\n", section


@functools.cache
def glossary_terms() -> tuple[tuple[tuple[str, ...], str], ...]:
    """The bundled glossary's terms: their Chinese forms and English rendering."""
    data = yaml.safe_load((ROOT / "content" / "glossary.yaml").read_text(encoding="utf-8"))
    return tuple(((t["zh"], *t.get("also", ())), t["en"]) for t in data["terms"])


def with_renderings(zh: str, en: str) -> str:
    """The English block with the renderings of the glossary terms its Chinese uses, as a translator keeps them
    (the phrases are drawn apart, so they would otherwise be missing)."""
    missing = [en_form for forms, en_form in glossary_terms() if any(f in zh for f in forms) and en_form not in en]
    return f"{en} ({'; '.join(missing)})" if missing else en


def make_id(writer: Writer, used: set[str], order: int) -> str:
    """Two English words as a unique, URL-safe section id."""
    section_id = "-".join(writer.english_phrase(2).split())
    if section_id in used:
        section_id = f"{section_id}-{order}"
    used.add(section_id)
    return section_id


def plan_blocks(rng: random.Random) -> list[str]:
    """Kinds of the blocks after the opening paragraph: 'p', 'list', 'h2', 'h3'."""
    body = ["p"] * (rng.randint(6, 12) - 1) + ["list"] * rng.choice((0, 1, 1, 2))
    rng.shuffle(body)
    for _ in range(rng.randint(1, 4)):
        body.insert(rng.randrange(len(body)), "h3")
    kinds: list[str] = []
    seen_h2 = False
    for kind in body:
        if kind == "h3" and (not seen_h2 or rng.random() < 0.4):
            kind = "h2"
        seen_h2 = seen_h2 or kind == "h2"
        if not (kind.startswith("h") and kinds and kinds[-1].startswith("h")):
            kinds.append(kind)
    return kinds if not kinds[-1].startswith("h") else [*kinds, "p"]


def add_heading(section: _Section, writer: Writer, kind: str, counts: dict[str, int]) -> None:
    """`##` or `###` with an `{#anchor}` line, worded like the speech's numbered points."""
    anchor = "-".join(writer.english_phrase(2).split())
    if _RESERVED.match(anchor):
        anchor = f"on-{anchor}"
    if anchor in section.anchors:
        anchor = f"{anchor}-{len(section.anchors) + 1}"
    section.anchors.append(anchor)
    if kind == "h2":
        counts["h2"] += 1
        number = counts["h2"]
        ordinal = ENGLISH_ORDINALS[(number - 1) % len(ENGLISH_ORDINALS)]
        zh = f"## {chinese_numeral(number)}要{writer.chinese_sentence(2)}"
        en = f"## {ordinal}, we must {writer.english_phrase(writer.rng.randint(6, 14))}."
    else:
        zh = f"### 要在{writer.clause()}上下功夫。"
        en = f"### We must work hard on {writer.english_phrase(writer.rng.randint(4, 9))}."
    section.add(f"{{#{anchor}}}\n{zh}", f"{{#{anchor}}}\n{en}")


def add_list(section: _Section, writer: Writer, zh_size: int, en_size: int) -> None:
    """A bullet list of three to five points."""
    items = writer.rng.randint(3, 5)
    # One sentence per point, so a list is about as long as a paragraph.
    zh = [f"- {writer.chinese_sentence(max(1, zh_size // items // 12))}" for _ in range(items)]
    en = [f"- {writer.english_sentence(max(6, en_size // items))}" for _ in range(items)]
    section.add("\n".join(zh), "\n".join(en))


def add_bold_paragraph(section: _Section, writer: Writer, number: int, zh_size: int, en_size: int) -> None:
    """A paragraph led by a bold point: `**一是……。**后文` and `**First, ….** Then …`."""
    lead_zh = f"**{chinese_numeral(number)}是{writer.chinese_sentence(2)}**"
    sentence = writer.english_sentence(10)
    lead_en = f"**{ENGLISH_ORDINALS[number - 1]}, {sentence[0].lower()}{sentence[1:]}**"
    section.add(lead_zh + writer.chinese_text(zh_size), lead_en + " " + writer.english_text(en_size))


def add_link(section: _Section, writer: Writer, target: _Section) -> None:
    """Turn the end of one paragraph into a link to a heading of an earlier section."""
    if not target.anchors:
        return
    anchor = writer.rng.choice(target.anchors)
    index = next(i for i, block in enumerate(section.zh) if not block.startswith(("{#", "- ")))
    href = f"{target.stem}.md#{anchor}"
    section.zh[index] += f"详见[{writer.clause()}]({href})。"
    section.en[index] += f" See [{writer.english_phrase(4)}]({href})."


def add_note(section: _Section, writer: Writer) -> None:
    """An editor's footnote on the first paragraph."""
    first_zh, first_en = section.zh[0], section.en[0]
    cut = first_zh.index("。") if "。" in first_zh else len(first_zh)
    section.zh[0] = first_zh[:cut] + "[^note]" + first_zh[cut:]
    cut = first_en.index(".") if "." in first_en else len(first_en)
    section.en[0] = first_en[:cut] + "[^note]" + first_en[cut:]
    section.add(f"[^note]: 编者注:{writer.chinese_sentence(2)}", f"[^note]: Editor's note: {writer.english_sentence()}")


def make_front_matter(order: int, section_id: str, writer: Writer) -> tuple[str, str]:
    """Front matter per language: id, order, title, a part label on every PART_EVERY-th, sometimes a summary."""
    zh: dict[str, object] = {"id": section_id, "order": order}
    en: dict[str, object] = {"id": section_id, "order": order}
    if order % PART_EVERY == 1:
        number = order // PART_EVERY + 1
        zh["part"], en["part"] = f"{chinese_numeral(number)}、", f"{roman_numeral(number)}."
    zh["title"] = writer.chinese_sentence(writer.rng.randint(1, 2)).rstrip("。")
    en["title"] = writer.title_words(writer.rng.randint(5, 10))
    if writer.rng.random() < 0.3:
        zh["summary"], en["summary"] = writer.chinese_sentence(2), writer.english_sentence(14)
    return format_front_matter(zh), format_front_matter(en)


def format_front_matter(values: dict[str, object]) -> str:
    """YAML between '---' lines; strings stay plain where YAML reads them back unchanged."""
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {format_scalar(value)}")
    return "\n".join([*lines, "---", ""])


def format_scalar(value: object) -> str:
    """A plain YAML scalar when that reads back as the same value, else a double-quoted one."""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    try:
        plain_ok = yaml.safe_load(text) == text and "#" not in text
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bench.corpus DIR [--sections N] [--seed S]`: write a corpus and say how big it is."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=main.__doc__)
    parser.add_argument("folder", type=Path, help="new or empty folder to write the project into")
    parser.add_argument("--sections", type=int, default=DEFAULT_SECTIONS, help="number of sections (default 1000)")
    parser.add_argument(
        "--briefings", type=int, default=DEFAULT_BRIEFINGS, help="briefings they are shared out over (default 100)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the text generator")
    args = parser.parse_args(argv)
    corpus = generate_corpus(args.folder, args.sections, args.seed, briefings=args.briefings)
    print(describe_corpus(corpus))
    return 0


def describe_corpus(corpus: Corpus) -> str:
    """One line: sections, files and text per section."""
    per = max(corpus.sections, 1)
    return (
        f"{corpus.sections} sections in {corpus.briefings} briefings ({corpus.files} files) in {corpus.root}: "
        f"{corpus.zh_chars // per} Chinese characters and {corpus.en_words // per} English words per section"
    )


if __name__ == "__main__":
    raise SystemExit(main())

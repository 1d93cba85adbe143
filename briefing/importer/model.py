"""The importer's own model: lines, paragraphs and the plan of sections, before any file is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem


@dataclass(frozen=True)
class SourceLine:
    """A line of a speech being imported, with the heading role its file format gave it."""

    text: str
    """The line's text, without its line break."""
    line: int
    """1-based line in the source; for Word files, the paragraph's number."""
    role: str | None = None
    """'title', 'part', 'point' or 'subpoint' from a Word style or Markdown heading; None for text."""


@dataclass(frozen=True)
class Change:
    """Something the clean-up did to the source's text, shown by a dry run and counted by a real one."""

    action: str
    """'dropped', 'joined', 'split', 'changed' or 'moved' (to the briefing's metadata)."""
    line: int
    """1-based line in the source where it happened."""
    text: str
    """The text concerned: a dropped line, the start of a joined one, a changed character."""
    reason: str
    """Why, in a few plain words."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an imported speech, its line wraps undone."""

    text: str
    """Cleaned text on one line."""
    line: int
    """1-based line in the source where the paragraph starts."""
    role: str | None = None
    """Heading role given by the source format, as in SourceLine."""


@dataclass(frozen=True)
class PlanBlock:
    """A block of an imported section: a paragraph or a heading."""

    kind: str
    """'paragraph' or 'heading'."""
    text: str
    """Plain text, exactly as in the source after clean-up."""
    level: int = 0
    """Heading level (2 for points, 3 for sub-points); 0 for paragraphs."""
    anchor: str | None = None
    """Anchor written before a heading, e.g. 'point-2-1'."""
    line: int = field(default=0, compare=False)
    """1-based line in the source where the block's text starts (not compared: the same text may sit anywhere)."""


@dataclass(frozen=True)
class PlanSection:
    """A section the importer will write, one file per language."""

    id: str
    """Section id, e.g. 'opening', 'review-2023', 'part-1'."""
    order: int
    """Position in the briefing, from 1."""
    title: str
    """Section title, without the part label."""
    part: str | None
    """Part label such as '一、', when the section is a part of the speech."""
    truncated: bool
    """True when the source breaks off in this section."""
    blocks: tuple[PlanBlock, ...]
    """Body blocks in order."""
    editorial_title: bool = False
    """True when the importer made the title up (开场, 2023年工作回顾): written as `title_by: editor`."""
    line: int = field(default=0, compare=False)
    """1-based line in the source where the section starts."""

    @property
    def stem(self) -> str:
        """File name without language and suffix: '04-part-1'."""
        return f"{self.order:02d}-{self.id}"


@dataclass(frozen=True)
class ImportPlan:
    """How a source splits into sections, before any file is written."""

    title: str | None
    """The speech's title, found at the top of the text."""
    page_heading: str | None
    """A web page's own heading, left out because the text repeats it as its title."""
    sections: tuple[PlanSection, ...]
    """Sections in reading order."""
    warnings: tuple[Problem, ...]
    """Things the user should look at; they do not stop the import."""
    head_lines: tuple[str, ...] = ()
    """The first paragraphs of the text, title included: where a byline or dateline would be."""
    lead_sentence_headings: bool = False
    """True when a heading was made of a paragraph's lead sentence, the rest of the paragraph following it."""
    changes: tuple[Change, ...] = ()
    """What the clean-up dropped, joined, split or changed, in source order."""
    about: tuple[tuple[str, str], ...] = ()
    """What the text's head says about it, taken out of the body: ('speaker', …), ('date', …), ('event', …)."""

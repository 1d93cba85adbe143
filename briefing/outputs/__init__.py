"""Outputs: what a build makes from the model, each planned as jobs (a path and a key) and made when changed.

`OUTPUTS` is the list the builder runs, in order; a new format is a new module or folder here and a line below.
"""

from __future__ import annotations

from .assets import AssetsOutput
from .base import Output
from .feed import FeedOutput
from .pages.output import PagesOutput
from .pdf.output import PdfOutput
from .search import SearchOutput

OUTPUTS: tuple[type[Output], ...] = (PagesOutput, AssetsOutput, FeedOutput, PdfOutput, SearchOutput)
"""Every output, in the order they are planned and made (search keys on the pages' plan)."""

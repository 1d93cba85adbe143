"""Navigation labels per language, from templates/strings.yaml."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import BriefingError, problem, raise_if_errors
from ..model import About, Config
from ..reading import parse_yaml, read_text
from ..schema import Field, check_mapping, text_by_key


class Labels(dict[str, str]):
    """A language's labels; templates read them as `t.skip`, which this makes a plain attribute lookup."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        # As attributes too, found without a detour through __getattr__ (templates read many per page);
        # a label named like a dict method stays behind the method, as attribute lookup always had it.
        self.__dict__.update({key: value for key, value in values.items() if not hasattr(dict, key)})

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


BRIEFING_LABELS = (
    "print_booklet",
    "search_placeholder",
    "search_label",
    "figures_lead",
    "figures_scale",
    "figures_source",
    "glossary_lead",
    "truncated",
)
"""Labels a briefing may word for itself in briefing.yaml's `labels` (what the whole text is called, say)."""


def briefing_strings(strings: Mapping[str, Mapping[str, str]], about: About | None) -> Mapping[str, Mapping[str, str]]:
    """The site's labels with a briefing's own wording (briefing.yaml's `labels`) put over them."""
    if about is None or not about.labels:
        return strings
    return {code: Labels({**labels, **about.labels.get(code, {})}) for code, labels in strings.items()}


def load_strings(config: Config) -> dict[str, dict[str, str]]:
    """Navigation labels per language from templates/strings.yaml; every language has the same keys."""
    path = config.templates / "strings.yaml"
    raw, problems = read_text(path)
    raise_if_errors(problems)
    if raw is None:
        raise BriefingError.at(
            path, None, "label file not found", "copy templates/strings.yaml from the bundled templates"
        )
    node, problems = parse_yaml(raw, path)
    raise_if_errors(problems)
    per_language = [Field(lang.code, text_by_key(strip=False), required=True) for lang in config.languages]
    checked, problems = check_mapping(node, per_language, path, "language")
    raise_if_errors(problems)
    strings: dict[str, dict[str, str]] = {code: Labels(values) for code, values in checked.values.items()}
    keys = set(strings[config.source_language.code])
    for code, labels in strings.items():
        for key in sorted(keys ^ set(labels)):
            where = code if key not in labels else config.source_language.code
            problems.append(problem(path, checked.lines.get(code), f"label '{key}' is missing for language '{where}'"))
    raise_if_errors(problems)
    return strings

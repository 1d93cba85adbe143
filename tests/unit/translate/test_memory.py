"""The translation memory: exact and fuzzy lookup by block and sentence, and how text is split and keyed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from briefing.translate.memory import Memory, normalise, sentences, split_sentences
from briefing.translate.model import Pair

IMPLEMENT = "全面贯彻党的二十大精神。"
IMPLEMENT_EN = "We fully implemented the guiding principles of the 20th CPC National Congress."
SAFETY_NET = "兜底保障更加有力。"
SAFETY_NET_EN = "The basic safety net became stronger."
ELDERLY = "一老一小服务体系不断完善。"
ELDERLY_EN = "Services for the elderly and children kept improving."
GOVERNANCE = "基层社会治理更加有效。"
GOVERNANCE_EN = "Community-level social governance became more effective."


@pytest.fixture
def memory() -> Memory:
    return Memory.from_pairs(
        [
            Pair(IMPLEMENT + SAFETY_NET, f"{IMPLEMENT_EN} {SAFETY_NET_EN}", "review-2023#p1"),
            Pair(ELDERLY + GOVERNANCE, f"{ELDERLY_EN} {GOVERNANCE_EN}", "review-2023#p2"),
            Pair(
                "2023年，全省民政系统坚持“稳进增效、惠民有感”，各项工作取得积极进展",
                "In 2023, the civil affairs system adhered to “steady progress, benefits people can feel”.",
                "review-2023#p0",
            ),
        ]
    )


# Exact matching


@pytest.mark.parametrize(
    "variant",
    [
        "2023年,全省民政系统坚持“稳进增效、惠民有感”,各项工作取得积极进展",
        '2023年，全省民政系统坚持"稳进增效、惠民有感"，各项工作取得积极进展',
        "２０２３年，全省民政系统坚持「稳进增效、惠民有感」，各项工作取得积极进展",
        "2023年， 全省民政系统坚持 “稳进增效、惠民有感”，\n各项工作取得积极进展  ",
    ],
)
def test_block_exact_match_ignores_width_quote_and_spacing_variants(memory: Memory, variant: str) -> None:
    match = memory.exact(variant)
    assert match is not None
    assert match.origin == "review-2023#p0"
    assert match.target.startswith("In 2023,")
    assert (match.similarity, match.level) == (100.0, "block")


def test_exact_match_keeps_enumeration_comma_and_markup_apart(memory: Memory) -> None:
    assert memory.exact("2023年,全省民政系统坚持“稳进增效,惠民有感”,各项工作取得积极进展") is None
    assert memory.exact("**全面贯彻党的二十大精神。**兜底保障更加有力。") is None


def test_exact_finds_a_sentence_learnt_from_an_aligned_block(memory: Memory) -> None:
    match = memory.exact(SAFETY_NET)
    assert match is not None
    assert (match.target, match.origin, match.level) == (SAFETY_NET_EN, "review-2023#p1:s2", "sentence")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("精神，兜底", "精神,兜底"),
        ("精神， 兜底", "精神,兜底"),
        ("工作：一是", "工作:一是"),
        ("村（社区）组织", "村(社区)组织"),
        ("“一老一小”", '"一老一小"'),
        ("‘一老一小’", "'一老一小'"),
        ("增长１２．５％", "增长12.5%"),
        ("殡葬改革——推进", "殡葬改革--推进"),
        ("全　面  贯彻", "全面贯彻"),
        ("GDP增长", "gdp增长"),
    ],
)
def test_normalise_makes_variants_equal(one: str, other: str) -> None:
    assert normalise(one) == normalise(other)


@pytest.mark.parametrize(("one", "other"), [("一、二", "一,二"), ("结束。", "结束."), ("《意见》", "<意见>")])
def test_normalise_keeps_distinct_marks_apart(one: str, other: str) -> None:
    assert normalise(one) != normalise(other)


# Filling a block


def test_a_known_block_is_filled_whole(memory: Memory) -> None:
    fill = memory.fill(ELDERLY + GOVERNANCE)
    assert fill.target == f"{ELDERLY_EN} {GOVERNANCE_EN}"
    assert [match.origin for match in fill.matches] == ["review-2023#p2"]
    assert not fill.assembled
    assert fill.note == "from memory: review-2023#p2"


def test_a_block_of_known_sentences_is_assembled_from_sentence_matches(memory: Memory) -> None:
    fill = memory.fill(f"{SAFETY_NET}{ELDERLY} {IMPLEMENT}")
    assert fill.target == f"{SAFETY_NET_EN} {ELDERLY_EN} {IMPLEMENT_EN}"
    assert fill.assembled
    assert [(m.origin, m.part) for m in fill.matches] == [
        ("review-2023#p1:s2", 0),
        ("review-2023#p2:s1", 1),
        ("review-2023#p1:s1", 2),
    ]
    assert fill.note.startswith("assembled from 3 sentences in memory: review-2023#p1:s2,")


def test_one_unknown_sentence_leaves_the_block_unfilled(memory: Memory) -> None:
    fill = memory.fill(SAFETY_NET + "殡葬改革稳步推进。" + ELDERLY)
    assert fill.target is None
    assert fill.matches == ()
    assert fill.note == ""


def test_assembling_chinese_targets_joins_them_without_spaces() -> None:
    reverse = Memory.from_pairs([Pair(f"{IMPLEMENT_EN} {SAFETY_NET_EN}", IMPLEMENT + SAFETY_NET, "en#p1")], "en", "zh")
    assert reverse.fill(f"{SAFETY_NET_EN} {IMPLEMENT_EN}").target == SAFETY_NET + IMPLEMENT


# Fuzzy matching

NEAR_ELDERLY = "一老一小服务体系逐步完善。"  # 不断 -> 逐步


def test_a_near_duplicate_block_is_offered_by_fuzzy_with_its_similarity() -> None:
    memory = Memory.from_pairs([Pair(ELDERLY, ELDERLY_EN, "outlook-2024#p7"), Pair(GOVERNANCE, GOVERNANCE_EN, "x#p1")])
    assert memory.exact(NEAR_ELDERLY) is None
    [match] = memory.fuzzy(NEAR_ELDERLY)
    expected = fuzz.ratio(normalise(NEAR_ELDERLY), normalise(ELDERLY))
    assert match.similarity == pytest.approx(expected)
    assert 75.0 <= match.similarity < 100.0
    assert (match.source, match.target, match.origin, match.level, match.part) == (
        ELDERLY,
        ELDERLY_EN,
        "outlook-2024#p7",
        "block",
        None,
    )


def test_fuzzy_falls_back_to_sentences_and_says_which_sentence(memory: Memory) -> None:
    matches = memory.fuzzy("殡葬改革稳步推进，群众满意度持续提升。" + NEAR_ELDERLY)
    assert [(m.part, m.origin, m.level) for m in matches] == [(1, "review-2023#p2:s1", "sentence")]
    assert matches[0].similarity == pytest.approx(fuzz.ratio(normalise(NEAR_ELDERLY), normalise(ELDERLY)))


def test_fuzzy_leaves_out_exact_matches_and_respects_the_threshold(memory: Memory) -> None:
    assert memory.fuzzy(ELDERLY + GOVERNANCE) == []
    assert memory.fuzzy(NEAR_ELDERLY, threshold=95.0) == []
    assert memory.fuzzy("") == []


def test_fuzzy_returns_the_best_first_up_to_the_limit() -> None:
    sources = ["民政服务站覆盖率达百分之百。", "民政服务站覆盖率达百分之九十。", "民政服务站覆盖率达到百分之八十。"]
    memory = Memory.from_pairs(Pair(source, f"Coverage {n}.", f"p{n}") for n, source in enumerate(sources))
    query = "民政服务站覆盖率达百分之九十五。"
    matches = memory.fuzzy(query, threshold=50.0, limit=2)
    ranked = sorted(range(3), key=lambda n: -fuzz.ratio(normalise(query), normalise(sources[n])))
    assert [m.origin for m in matches] == [f"p{n}" for n in ranked[:2]]
    assert matches[0].similarity > matches[1].similarity


ALPHABET = "民政救助养老服务体系兜底保障"


@settings(max_examples=60, deadline=None)
@given(
    keys=st.lists(st.text(ALPHABET, min_size=1, max_size=30), min_size=1, max_size=60, unique=True),
    query=st.text(ALPHABET, min_size=1, max_size=30),
    threshold=st.sampled_from([50.0, 75.0, 90.0]),
)
def test_the_fuzzy_prefilter_loses_nothing_rapidfuzz_would_find(keys: list[str], query: str, threshold: float) -> None:
    memory = Memory.from_pairs(Pair(key, key, key) for key in keys)
    found = [m.similarity for m in memory.fuzzy(query, threshold, limit=5)]
    brute = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
    expected = sorted((score for choice, score, _ in brute if choice != query), reverse=True)[:5]
    assert found == pytest.approx(expected)


# Sentence splitting


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说：“要加强智慧救助。”随后离开。", ["他说：“要加强智慧救助。”", "随后离开。"]),
        (
            "印发《意见（试行）》。全省推广！好吗？是的；继续",
            ["印发《意见（试行）》。", "全省推广！", "好吗？", "是的；", "继续"],
        ),
        ("救助资金84.5亿元。惠及159万人。", ["救助资金84.5亿元。", "惠及159万人。"]),
        ("工作取得进展;下一步继续推进!好", ["工作取得进展;", "下一步继续推进!", "好"]),
        ("**一是民生兜底保障更加有力。**全年发放", ["**一是民生兜底保障更加有力。**", "全年发放"]),
        ("**兜底保障更加有力。服务体系不断完善。**下一步", ["**兜底保障更加有力。服务体系不断完善。**", "下一步"]),
        ("见[通知。全文](https://example.org)后文。再见", ["见[通知。全文](https://example.org)后文。", "再见"]),
        ("惠及600万人次。[^1]下一步。", ["惠及600万人次。[^1]", "下一步。"]),
    ],
)
def test_chinese_splits_after_stops_keeping_closing_marks_and_markup_together(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Growth was 3.5 percent. The rest followed.", ["Growth was 3.5 percent. ", "The rest followed."]),
        ("See e.g. Mr. Li and Dr. Wang at St. Paul's.", ["See e.g. Mr. Li and Dr. Wang at St. Paul's."]),
        ("The U.S. team left, i.e. Nobody stayed. Then.", ["The U.S. team left, i.e. Nobody stayed. ", "Then."]),
        ("Read No. 5 first. No. It is later.", ["Read No. 5 first. ", "No. ", "It is later."]),
        ('He said "Stop." Then he left! Why? because.', ['He said "Stop." ', "Then he left! ", "Why? because."]),
        ("One, two, etc. Three.", ["One, two, etc. Three."]),
        ("**Stronger.** Then more.", ["**Stronger.** ", "Then more."]),
    ],
)
def test_english_splits_before_capitals_but_not_after_abbreviations_or_in_numbers(
    text: str, expected: list[str]
) -> None:
    assert split_sentences(text, "en") == expected


def test_script_decides_over_the_language_code() -> None:
    assert split_sentences("兜底保障更加有力;服务体系不断完善", "en") == ["兜底保障更加有力;", "服务体系不断完善"]
    assert split_sentences("Stronger; better", "zh") == ["Stronger; better"]


def test_sentences_strips_whitespace_and_drops_blank_pieces() -> None:
    assert sentences("  全面贯彻。 \n 兜底保障。  ", "zh") == ["全面贯彻。", "兜底保障。"]


MARKS = st.sampled_from(
    [*"。！？；!?;.,，”’）》」』“‘（《「『*_[]()`^ \n\t", "**", "](", "e.g.", "No. ", "3.5", "[^1]"]
)
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=3), MARKS, st.sampled_from(list("兜底AbZ9"))), max_size=40)


@settings(max_examples=300, deadline=None)
@given(parts=TEXT, lang=st.sampled_from(["zh", "en", "ja", "fr"]))
def test_split_pieces_join_back_to_the_text(parts: list[str], lang: str) -> None:
    text = "".join(parts)
    pieces = split_sentences(text, lang)
    assert "".join(pieces) == text
    assert all(pieces)


# Building the memory


def test_conflicting_targets_keep_the_most_frequent_and_are_listed() -> None:
    memory = Memory.from_pairs(
        [
            Pair(SAFETY_NET, "The safety net became stronger.", "a#p1"),
            Pair(SAFETY_NET, SAFETY_NET_EN, "b#p1"),
            Pair("兜底保障　更加有力。", "The basic  safety net became stronger.", "c#p1"),
        ]
    )
    assert memory.exact(SAFETY_NET) == memory.blocks[normalise(SAFETY_NET)]
    assert memory.fill(SAFETY_NET).target == SAFETY_NET_EN
    [conflict] = memory.conflicts
    assert (conflict.source, conflict.level, conflict.kept) == (SAFETY_NET, "block", SAFETY_NET_EN)
    assert [(v.target, v.count, v.origins) for v in conflict.variants] == [
        (SAFETY_NET_EN, 2, ("b#p1", "c#p1")),
        ("The safety net became stronger.", 1, ("a#p1",)),
    ]


def test_a_tie_between_targets_goes_to_the_first_seen() -> None:
    memory = Memory.from_pairs([Pair(ELDERLY, "First.", "a"), Pair(ELDERLY, "Second.", "b")])
    match = memory.exact(ELDERLY)
    assert match is not None
    assert (match.target, match.origin) == ("First.", "a")
    assert [c.kept for c in memory.conflicts] == ["First."]


def test_sentence_pairs_are_learnt_only_where_sentence_counts_agree() -> None:
    memory = Memory.from_pairs(
        [
            Pair(IMPLEMENT + SAFETY_NET, f"{IMPLEMENT_EN} {SAFETY_NET_EN}", "agree"),
            Pair(ELDERLY + GOVERNANCE, "Services and governance both improved.", "merged"),
            Pair(GOVERNANCE, GOVERNANCE_EN, "single"),
        ]
    )
    assert sorted(m.origin for m in memory.sentences.values()) == ["agree:s1", "agree:s2"]
    assert memory.exact(ELDERLY) is None
    assert len(memory) == 5


def test_pairs_without_a_source_or_target_are_ignored() -> None:
    memory = Memory.from_pairs([Pair("", "Nothing."), Pair(ELDERLY, "  "), Pair("  ", "")])
    assert len(memory) == 0
    assert memory.fill(ELDERLY).target is None

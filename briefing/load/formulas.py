"""Policy formulas that `check` suggests for the glossary even when a text quotes them once and they hold no number."""

from __future__ import annotations

POLICY_FORMULAS = frozenset(
    {
        # Government-wide shorthand.
        "放管服",
        "最多跑一次",
        "一网通办",
        "跨省通办",
        "好差评",
        "急难愁盼",
        "枫桥经验",
        "河长制",
        "林长制",
        "田长制",
        "新基建",
        "菜篮子",
        "米袋子",
        "卡脖子",
        "获得感",
        # Civil affairs.
        "敬老月",
        "活人墓",
        "时间银行",
        "银发经济",
        "救急难",
        "单人保",
        "低保",
        "特困",
        "三留守",
        "厚养薄葬",
        "移风易俗",
        "小金额先行救助",
        "物质+服务",
    }
)
"""Shorthand a reader of Chinese policy texts may not know; numbered formulas (一老一小) need no listing."""

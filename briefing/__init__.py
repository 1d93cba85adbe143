"""Briefing: bilingual briefing sites from YAML-fronted Markdown sections."""

__version__ = "0.1.0"

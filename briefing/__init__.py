"""Briefing: bilingual briefing sites from YAML-fronted Markdown sections."""

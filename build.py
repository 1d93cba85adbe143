#!/usr/bin/env python3
"""Build the briefing site (`python build.py [build|check]`) or import a speech (`python build.py import SOURCE`)."""

from briefing.cli import run_as_program

if __name__ == "__main__":
    run_as_program()

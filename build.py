#!/usr/bin/env python3
"""Build the briefing site (`python build.py [build|check]`) or import a speech (`python build.py import SOURCE`)."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())

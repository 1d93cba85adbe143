"""Build-speed benchmark: a generated corpus, a lower bound, and measurements side by side in one run."""

"""The builder: load, plan every output, skip what is unchanged, make, verify, write; and serve."""

"""Outputs: what a build makes from the model, each planned as jobs (a path and a key) and made when changed."""

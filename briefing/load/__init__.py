"""Loading: config.yaml, content/ and templates/ labels -> the checked, frozen content model."""

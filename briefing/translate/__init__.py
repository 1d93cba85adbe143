"""The translation workflow: per-block units, translation memory, and the files translators' tools read."""

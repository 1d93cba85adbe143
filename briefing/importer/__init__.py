"""The importer: a raw speech (.txt, .md, .docx) -> section files, with translation stubs."""

"""Web pages: the page plan, template contexts, reference pages, charts, rendering."""

"""Printed handouts and booklets: print jobs planned as HTML, printed to PDF with WeasyPrint."""

"""Paper forms: sheets typed in or imported from CSV files."""

"""Importing yearly ITA measure plans from Word and Excel files."""

"""The province: its organisations side by side, for the provincial viewer."""

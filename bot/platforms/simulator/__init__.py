"""The local chat simulator: in the browser and in a terminal."""

"""LINE: webhook parsing, rendering, sending, rich menus."""

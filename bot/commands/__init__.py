"""The command line's commands, one module per area; `bot.cli` builds the parser."""

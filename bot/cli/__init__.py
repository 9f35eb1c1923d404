"""The command line's commands, one module per area; `bot.cli.main` builds the parser."""

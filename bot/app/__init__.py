"""The composition root: config, the runtime built from it, the web entry points."""

"""The chaos harness: the product in its production shape, killed -9 under a load of reports."""

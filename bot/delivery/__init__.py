"""Getting planned messages out: the outbox, the deliverer, the LINE quota, the monthly push."""

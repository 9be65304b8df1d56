"""Every write of the cases app: `do_<verb>_<noun>(..., actor)`, audited in the same transaction."""

"""Demo villages: a seeded, deterministic generator of realistic savings groups (see ``generator``)."""

"""Governance: committees, terms in office, succession, and elections with a secret ballot.

Owns (tenant tables): ``Committee`` (the four standard committees — administration, loans, audit,
promotion — made on demand, and any the group adds), ``Term`` (a member in a position of a
committee from a start to an end date; the standard committees' terms also write the
``accounts.CommitteeSeat`` that tenancy reads, so access follows elections), ``Understudy``,
``Election`` → ``ElectionPosition`` (seats to fill) → ``Nomination`` (a candidate once accepted),
``BallotCast`` + ``Vote`` (the secret ballot, two unlinkable tables) and ``PaperTally`` (paper counts,
maker-checker).

Invariants:
- a single-holder position (president, vice-president, secretary, treasurer, chair) has one holder
  on any day: refused by ``services.term_create``, by partial unique indexes, and on PostgreSQL by an
  exclusion constraint over the terms' date ranges (migration 0002, needs ``btree_gist``);
- one vote per member per position: a unique constraint on ``BallotCast``, written in the same
  transaction as the ``Vote``; nothing (schema, audit trail, logs) links a ``Vote`` to a member;
- paper counts stand only when two different committee members enter the same numbers;
- closing an election ends the old holders' terms the day before ``terms_start`` and starts the
  winners' terms for ``governance.term_years``; a tie at the last seat blocks closing until lots are
  drawn; an election closes once.

Rules are dated bylaws (``apps.SETTINGS``): ``governance.term_years`` (2),
``governance.max_consecutive_terms`` (2; 0 = no limit), ``governance.young_age`` (40),
``governance.notice_days`` (90). ``domain`` holds the pure rules: term numbers and consecutive runs,
results with ties, and the succession warnings (too many consecutive terms, no trained understudy or
deputy, nobody under the young age, a term ending soon with nobody nominated).
"""

"""Accounts app: users and the roles that decide what they may see and do.

Tables:
- ``User``: a login (custom user model, so later needs do not require a painful swap).
- ``OfficerAssignment``: a community development officer (พัฒนากร) and the districts they oversee.
- ``NetworkCommitteeSeat``: a user on the committee of a network (sees group figures, not members).
- ``CommitteeSeat``: a member of a group holding a position for a term (president, treasurer, ...).
  The seat belongs to the *member*; the member's ``user`` is the login that acts.
A member who is also a user sees only their own records. System admins are ``is_superuser``.

What each role may do is decided in one place: ``sajja.core.tenancy``.
"""

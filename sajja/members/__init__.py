"""Members app: households and members of a savings group.

Tables (both tenant tables, carrying ``group``):
- ``Household`` (ครัวเรือน): a house in the village; members of one family share it.
- ``Member`` (สมาชิก): member number unique in the group; Thai title and name; national ID stored
  encrypted with a keyed hash (duplicates) and the last four digits (masked display); birth date,
  sex, phone, LINE id, address, household, join date; status active/left/deceased/expelled with the
  date and reason; beneficiary; optionally the ``user`` who logs in as this member.

Invariants: a member's household belongs to the same group; a national ID appears once per group;
a member who has left is not active again without a new record; birth date < join date ≤ today.
Writes: ``services`` (create, update, leave, import). Reads: ``selectors`` through tenancy.
"""

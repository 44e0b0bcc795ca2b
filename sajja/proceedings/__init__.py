"""Proceedings: committee and general meetings, their minutes and resolutions, the duties of each
position, tasks given at meetings and each person's workload (issue 8, parts 4–5).

Tables (``models.py``):

- ``Meeting``: a committee meeting (of one committee or all four), a general or an annual general
  meeting; numbered per kind, committee and Buddhist-Era year ("ครั้งที่ 3/2569"); its minutes are
  approved at a later meeting by a committee member (``approved_on``/``approved_by``/``approved_at``).
- ``AgendaItem`` (with the minutes text of the item), ``Attendance`` (present / absent / excused per
  member; the quorum is computed against those called: the committee's seat holders on the day, or
  every member, and the bylaws' quorum percent), ``Resolution`` (votes for / against / abstained,
  passed when more for than against, numbered per group in a general-meeting series and a
  committee series per B.E. year, cited by the stable ``reference`` "มติที่ประชุมใหญ่ 2/2569").
- ``Duty``: a position's duty list in the group, seeded on demand from ``duties.DEFAULT_DUTIES``.
- ``Task``: given to a member of the group with a due date, from a meeting and/or a resolution.

Invariants:

- Approved minutes are immutable: the services refuse (``minutes_approved``) and the database
  refuses any insert, update or delete of the meeting's agenda, attendance and resolutions and any
  update or delete of the meeting itself (triggers on SQLite and PostgreSQL, migration 0002).
- People in a meeting or a task are members of the meeting's group (``other_group`` otherwise).
- Dates lie between the group's founding and a year ahead, so a B.E. year typed as C.E. (or the
  reverse) is refused rather than stored 543 years off.
- Workload thresholds are bylaw settings (``proceedings.workload.*``, registered in ``apps.py``).

Other capabilities cite resolutions through ``selectors.resolutions(group)`` and
``Resolution.reference`` (they keep storing the text; nothing here changes them).
"""

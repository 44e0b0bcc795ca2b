"""Bylaws app: a group's rules as data, each value dated and approved (architecture rule 5).

Tables: ``Bylaw`` (tenant): one row per value a group decided: the setting's key, its value
(JSON), the date it takes effect, and the resolution that approved it. Rows are never edited: a new
decision is a new row, so the history of every value is kept and a calculation for a past date
reads the value in force on that date (``selectors.bylaw_book(...).at(day)``).

``registry.SETTINGS`` names every setting the code reads (key, kind, Thai/English label, template
default and limits). A group that never voted on a setting uses the template default, shown as such.
Savings settings are here now; loans and the share-out add theirs to the registry.
"""

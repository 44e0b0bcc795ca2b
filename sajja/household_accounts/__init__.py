"""Household accounts (บัญชีครัวเรือน): a household's own income and spending, private by default.

Tables (tenant tables, carrying ``group``):
- ``Category``: income and spending categories. Every group gets the standard taxonomy
  (``taxonomy.STANDARD``: the National Statistical Office's household-survey groups, in Thai, with an
  icon each) and may add its own.
- ``Entry``: one income or expense of a household: date, category, amount (satang), note; whether a
  spending was for the household's occupation (farm, trade) or its consumption; whether an income came
  in kind (vegetables, fish), valued at the market price.
- ``Plan``: a target the household set ("spend 30% less on alcohol and lottery", "earn 1,000 baht a
  month from the garden") with the months it covers; progress is computed, not stored.
- ``Sharing``: the household's choices: whether its figures may count, anonymously, in the village
  picture, and which user (a member of the group) may help keep the book.

Privacy (``sajja.core.tenancy.household_book_access``): a household's entries are seen only by the
users of its members and its chosen helper; not by the committee, the officer or an admin. The group
and the officer see only ``selectors.village_picture``: aggregates of consenting households, each
withheld when it would rest on fewer than ``MIN_HOUSEHOLDS`` (5) households.
"""

"""Groups app: Thai places, networks of groups, savings groups and their bank accounts.

Tables: Province → District → Subdistrict → Village (หมู่ที่ n); Network (sub-district, district or
province level, nested by ``parent``); Group (one savings group of one village, in at most one
network: the lowest one it belongs to); BankAccount (tenant table: a group's accounts).

Invariants: a network's parent is one level up; a group's fiscal year starts on a fixed month/day.
Writes go through ``services``; reads through ``selectors`` and ``sajja.core.tenancy``.
"""

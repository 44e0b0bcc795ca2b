"""Sajja (สัจจะ): books, meeting day and governance for Thai village savings groups for production."""

"""Members' voice: the suggestion box, polls, the members' yearly evaluation of the committee's
management, and the group's learning (trainings, study visits) and activities (issue 8, parts 6–7).

Tables (``models.py``): ``Suggestion`` (named or anonymous; the committee replies and marks done),
``Poll`` / ``PollChoice`` (a count per choice) / ``PollBallot`` (who answered, once: unique),
``EvaluationRound`` (a year, open between two dates) / ``EvaluationBallot`` (who answered, once a
year: unique) / ``EvaluationTally`` (how many gave each score 1–5 to each standard question,
``domain.QUESTION_CODES``, words in ``questions.py``) / ``EvaluationComment`` (UUID key, no member,
no time), ``Training`` and ``Activity`` (with participants).

Secrecy by design, not by policy:

- An anonymous suggestion stores no member and no user, only the day; the model is not registered
  with django-auditlog (no ``LogEntry`` names the actor); the pages and the API do not return or
  remember a URL or id of it to its author. ``tests/test_views.py`` searches every table of the
  database after an anonymous post for a row that links the user to it.
- A secret poll (the default) records that a member answered apart from what they answered (a
  count on the choice); an open poll also keeps the choice on the ballot.
- The evaluation keeps who answered apart from the answers, which are only counted; the summary
  (average to two decimals, count and distribution per question, comments sorted) is for the
  committee and the district officer. See ``models.py`` for the one residual risk (the physical
  order of comment rows, for someone with raw database access).
"""

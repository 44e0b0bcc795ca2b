"""The words of the yearly evaluation of the committee's management by the members ("members take
part in evaluating the group's management", the seed document): one question per principle the
seed names: virtue (honesty), transparency, participation, fairness under the bylaws, listening
(democracy), the books, and the group's purpose (saving and livelihood). Scored 1 (poor) to 5
(excellent), plus one free text."""

from django.utils.translation import gettext_lazy as _

from .domain import QUESTION_CODES

LABELS = {
    "honesty": _("The committee runs the group honestly and openly"),
    "informs": _("The committee tells members about the group's work and money regularly"),
    "participation": _("Members take part in thinking, planning and deciding the group's work"),
    "fair_loans": _("Loans are considered fairly and by the bylaws"),
    "listens": _("The committee listens to members' opinions and suggestions"),
    "books": _("The books and documents are complete and easy to understand"),
    "livelihood": _("The group helps members save and improve their livelihood"),
}
assert tuple(LABELS) == QUESTION_CODES
QUESTIONS = tuple((code, LABELS[code]) for code in QUESTION_CODES)
COMMENT_LABEL = _("Anything else you would like to tell the committee")
SCORE_LABELS = {1: _("poor"), 2: _("fair"), 3: _("good"), 4: _("very good"), 5: _("excellent")}

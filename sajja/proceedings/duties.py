"""The standard duties of each position (from the domain guide), before a group edits its own list."""

from django.utils.translation import gettext_noop

# The duty list a group starts from, per position, as English msgids marked for translation (the
# services write them in Thai into the group's own list, which the committee then edits). From the domain guide:
# administration runs the group, loans vets and follows loans, audit checks books and cash and
# reports to members, promotion recruits, publicises, trains and promotes saving.
DEFAULT_DUTIES = {
    "president": (
        gettext_noop("Chair committee and general meetings and sign the minutes"),
        gettext_noop("Represent the group towards the district officer, the network and other bodies"),
        gettext_noop("See that every committee carries out its duties and the bylaws are followed"),
    ),
    "vice_president": (
        gettext_noop("Act for the president when the president is away"),
        gettext_noop("Help the president oversee the committees' work"),
    ),
    "secretary": (
        gettext_noop("Call meetings, prepare the agenda and write the minutes"),
        gettext_noop("Keep the member register, the minutes and the group's documents"),
        gettext_noop("Announce the committee's resolutions to the members"),
    ),
    "treasurer": (
        gettext_noop("Receive and pay the group's money with receipts and keep the cash book"),
        gettext_noop("Deposit the money at the bank the same day and keep the bank book"),
        gettext_noop("Report the money and the accounts to every committee meeting"),
    ),
    "admin_committee": (
        gettext_noop("Receive members on meeting day and keep the pledge register"),
        gettext_noop("Help the treasurer and the secretary with the day's work"),
    ),
    "loan_committee": (
        gettext_noop("Vet loan requests and guarantors and vote on them"),
        gettext_noop("Follow repayments and visit members who are late"),
        gettext_noop("Report the loans and arrears to the committee every month"),
    ),
    "audit_committee": (
        gettext_noop("Check the books, the cash and the bank book every month"),
        gettext_noop("Check that loans follow the bylaws and the resolutions"),
        gettext_noop("Report the audit to the committee and to the annual general meeting"),
    ),
    "promotion_committee": (
        gettext_noop("Recruit new members and publicise the group's work"),
        gettext_noop("Organise training and study visits for members and committee"),
        gettext_noop("Promote saving and household accounts among members"),
    ),
}

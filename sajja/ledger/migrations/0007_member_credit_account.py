"""Groups made before the chart had account 2104 (members' overpayments held as credit, role
``member_credit``) get it, so the loans' overpayment setting works for them too."""

from django.db import migrations

CODE, NAME_TH, NAME_EN, KIND, ROLE = (
    "2104",
    "เงินชำระเกินของสมาชิกรอคืน",
    "Members' overpayments held as credit",
    "liability",
    "member_credit",
)


def add_account(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    Account = apps.get_model("ledger", "Account")
    AccountRole = apps.get_model("ledger", "AccountRole")
    for group_id in Group.objects.values_list("id", flat=True):
        account, _created = Account.objects.get_or_create(
            group_id=group_id, code=CODE, defaults={"name_th": NAME_TH, "name_en": NAME_EN, "kind": KIND}
        )
        AccountRole.objects.get_or_create(group_id=group_id, role=ROLE, defaults={"account": account})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_posting_key"), ("groups", "0001_initial")]

    operations = [migrations.RunPython(add_account, migrations.RunPython.noop)]

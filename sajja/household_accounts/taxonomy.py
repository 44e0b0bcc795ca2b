"""The standard categories every group starts with: the National Statistical Office's household
socio-economic survey groups (income by source, spending by kind, and non-consumption spending).

Each: (code, kind, Thai name, English name, icon, occupation) — ``occupation`` marks a spending
that is usually for the household's work (seeds, feed, fertiliser) rather than its consumption."""

from django.utils.translation import gettext_lazy as _

INCOME, EXPENSE = "income", "expense"

STANDARD = (
    ("wages", INCOME, "ค่าจ้าง เงินเดือน", _("Wages and salary"), "👷", False),
    ("farming", INCOME, "ขายผลผลิตการเกษตร", _("Farm produce sold"), "🌾", False),
    ("business", INCOME, "ค้าขาย ธุรกิจ", _("Trade and business"), "🏪", False),
    ("in_kind", INCOME, "ของกินของใช้ที่ได้เอง (ผัก ปลา)", _("Produce used at home (in kind)"), "🥬", False),
    ("transfers_in", INCOME, "เงินที่ลูกหลานส่งให้ เบี้ยยังชีพ", _("Money from family, allowances"), "💌", False),
    ("property", INCOME, "ค่าเช่า ดอกเบี้ย ปันผล", _("Rent, interest, dividends"), "🏦", False),
    ("other_income", INCOME, "รายได้อื่น", _("Other income"), "➕", False),
    ("food", EXPENSE, "อาหารและเครื่องดื่ม", _("Food and drink"), "🍚", False),
    ("alcohol_tobacco", EXPENSE, "เหล้า บุหรี่", _("Alcohol and tobacco"), "🍺", False),
    ("housing", EXPENSE, "ที่อยู่อาศัย น้ำ ไฟ", _("Housing, water, electricity"), "🏠", False),
    ("clothing", EXPENSE, "เสื้อผ้า รองเท้า", _("Clothing and shoes"), "👕", False),
    ("health", EXPENSE, "ค่ารักษาพยาบาล ยา", _("Health and medicine"), "💊", False),
    ("transport", EXPENSE, "ค่าเดินทาง น้ำมัน โทรศัพท์", _("Transport, fuel, phone"), "🛵", False),
    ("education", EXPENSE, "การศึกษา ค่าเทอม", _("Education"), "🎒", False),
    ("recreation_religion", EXPENSE, "ทำบุญ นันทนาการ", _("Temple, recreation"), "🙏", False),
    ("ceremonies", EXPENSE, "งานบุญ งานบวช งานแต่ง งานศพ", _("Ceremonies"), "🎎", False),
    ("farm_costs", EXPENSE, "ต้นทุนการเกษตร ปุ๋ย เมล็ดพันธุ์ อาหารสัตว์", _("Farm costs: fertiliser, seeds, feed"), "🧺", True),
    ("lottery_gambling", EXPENSE, "หวย การพนัน", _("Lottery and gambling"), "🎟️", False),
    ("debt_interest", EXPENSE, "ดอกเบี้ยหนี้สิน", _("Interest on debts"), "📉", False),
    ("insurance_dues", EXPENSE, "เบี้ยประกัน ค่าสมาชิกกลุ่ม ภาษี", _("Insurance, group dues, taxes"), "🧾", False),
    ("donations_transfers", EXPENSE, "ให้ญาติ บริจาค", _("Gifts to family, donations"), "🎁", False),
    ("other_expense", EXPENSE, "รายจ่ายอื่น", _("Other spending"), "➖", False),
)  # fmt: skip

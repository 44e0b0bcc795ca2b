"""The chart of accounts every new group starts with (Thai and English names), and the roles.

Codes: 1 assets, 2 liabilities (what the group owes its members), 3 funds and equity, 4 income,
5 expenses. A role is the name domain code uses for an account ("cash", "pledge", ...); a group may
add accounts, and may point a role at another account, but code never names an account id.
"""

# (code, Thai name, English name, kind, role or None)
TEMPLATE = [
    ("1101", "เงินสดในมือ", "Cash on hand", "asset", "cash"),
    ("1102", "เงินฝากธนาคาร", "Bank deposits", "asset", "bank"),
    ("1201", "ลูกหนี้เงินกู้สามัญ", "Loans receivable: ordinary", "asset", "loans_ordinary"),
    ("1202", "ลูกหนี้เงินกู้ฉุกเฉิน", "Loans receivable: emergency", "asset", "loans_emergency"),
    ("1203", "ลูกหนี้เงินกู้เพื่อการผลิต", "Loans receivable: production", "asset", "loans_production"),
    ("1204", "ลูกหนี้เงินกู้โดยใช้เงินออมค้ำประกัน", "Loans receivable: savings-secured", "asset", "loans_secured"),
    ("1205", "ลูกหนี้เงินกู้เป็นสิ่งของ", "Loans receivable: in kind", "asset", "loans_in_kind"),
    ("1301", "ดอกเบี้ยเงินกู้ค้างรับ", "Interest receivable", "asset", "interest_receivable"),
    ("1302", "ค่าปรับค้างรับ", "Fines receivable", "asset", "fines_receivable"),
    ("1901", "เงินสดขาดบัญชีรอตรวจสอบ", "Cash shortage (suspense)", "asset", "cash_shortage"),
    ("2101", "เงินสัจจะสะสมของสมาชิก", "Members' pledge savings", "liability", "pledge"),
    ("2102", "เงินฝากออมทรัพย์ของสมาชิก", "Members' savings deposits", "liability", "deposits"),
    ("2103", "เงินฝากประจำของสมาชิก", "Members' fixed deposits", "liability", "fixed_deposits"),
    ("2104", "เงินชำระเกินของสมาชิกรอคืน", "Members' overpayments held as credit", "liability", "member_credit"),
    ("2201", "ดอกเบี้ยเงินฝากค้างจ่าย", "Deposit interest payable", "liability", "deposit_interest_payable"),
    ("2301", "เงินปันผลค้างจ่าย", "Dividends payable", "liability", "dividends_payable"),
    ("2302", "เงินเฉลี่ยคืนค้างจ่าย", "Interest rebates payable", "liability", "rebates_payable"),
    ("2303", "ค่าตอบแทนกรรมการค้างจ่าย", "Committee remuneration payable", "liability", "committee_payable"),
    ("2401", "เงินสดเกินบัญชีรอตรวจสอบ", "Cash overage (suspense)", "liability", "cash_overage"),
    ("2501", "เงินค้างจ่ายสมาชิกที่พ้นสภาพ", "Payable to members who left", "liability", "leaver_payable"),
    ("3101", "ทุนสำรอง", "Reserve fund", "equity", "reserve_fund"),
    ("3201", "กองทุนสวัสดิการ", "Welfare fund", "equity", "welfare_fund"),
    ("3202", "กองทุนสาธารณประโยชน์", "Public benefit fund", "equity", "public_benefit_fund"),
    ("3203", "กองทุนพัฒนาและฝึกอบรม", "Training and development fund", "equity", "training_fund"),
    ("3301", "กำไรสุทธิยังไม่ได้จัดสรร", "Undistributed profit", "equity", "undistributed_profit"),
    ("4101", "รายได้ค่าธรรมเนียมแรกเข้า", "Entry fee income", "income", "entry_fee_income"),
    ("4102", "รายได้ดอกเบี้ยเงินกู้", "Loan interest income", "income", "interest_income"),
    ("4103", "รายได้ค่าปรับ", "Fine income", "income", "fine_income"),
    ("4104", "ดอกเบี้ยรับจากธนาคาร", "Bank interest income", "income", "bank_interest_income"),
    ("4109", "รายได้อื่น", "Other income", "income", "other_income"),
    ("5101", "ดอกเบี้ยจ่ายเงินฝากสมาชิก", "Deposit interest expense", "expense", "deposit_interest_expense"),
    ("5201", "ค่าใช้จ่ายในการบริหาร", "Administration expenses", "expense", "admin_expense"),
    ("5202", "ค่าเครื่องเขียนและแบบพิมพ์", "Stationery and forms", "expense", "stationery_expense"),
    ("5301", "หนี้สูญ", "Bad debts written off", "expense", "bad_debt_expense"),
    ("5909", "ค่าใช้จ่ายอื่น", "Other expenses", "expense", "other_expense"),
]

"""Demo data of the members' voice for the demo village (called by ``sajja.demo.generator.load_demo``).

Through ``sajja.voice.services`` only: eight suggestions (four anonymous; some replied to, some
done), two polls (one closed in March 2569 with about 80 answers, one open now with some answers),
the evaluation of 2568 (open 5–31 January 2569) answered by about 60 members, three trainings and
study visits, and the activities the seed names (Songkran blessing of the elders, the village sports
day, tree planting). Deterministic (``random.Random(f"{seed}:voice")``) and idempotent: suggestions
by text, polls by question, the evaluation by year, records by title and date.

Answers of the past (polls, the evaluation) are keyed with the day they were given (``on``), as a
secretary keys in paper ballots; the open poll and anything dated after today are left out when the
demo is loaded earlier.
"""

import datetime as dt
import random

from sajja.accounts.models import User
from sajja.core.tenancy import today
from sajja.members.models import Member

from . import domain, services
from .models import Activity, EvaluationRound, Poll, Suggestion, Training

SUGGESTIONS = [  # (text, anonymous, reply or "", done)
    ("อยากให้ติดประกาศยอดเงินกลุ่มที่ศาลาทุกเดือน", True, "คณะกรรมการจะติดประกาศงบทดลองทุกวันที่ 5 หลังประชุม", True),
    ("ขอให้เปลี่ยนเวลาประชุมเป็นช่วงเย็น คนทำนาไม่ว่างตอนเช้า", False, "จะนำเข้าที่ประชุมใหญ่เพื่อขอมติ", False),
    ("กรรมการบางท่านมาสายบ่อย ทำให้รอนาน", True, "", False),
    ("อยากให้มีเงินกู้ฉุกเฉินสำหรับค่ารักษาพยาบาล", False, "มีเงินกู้ฉุกเฉินแล้ว วงเงิน 5,000 บาท ผ่อน 6 เดือน", True),
    ("ขอให้สอนทำบัญชีครัวเรือนในแอปโทรศัพท์", False, "", False),
    (
        "อยากเห็นรายชื่อผู้ค้างชำระเงินกู้ เพื่อความโปร่งใส",
        True,
        "จะแจ้งจำนวนรายและยอดรวมในที่ประชุม ไม่ประกาศชื่อตามหลักคุ้มครองข้อมูลส่วนบุคคล",
        False,
    ),
    ("ขอบคุณกรรมการที่ช่วยเหลือช่วงน้ำท่วม", True, "", False),
    ("ให้กลุ่มซื้อปุ๋ยรวมเพื่อได้ราคาถูก", False, "", False),
]
POLLS = [
    (
        "จัดงานกีฬาหมู่บ้านเดือนไหนดี",
        ["ธันวาคม", "มกราคม", "เมษายน (ช่วงสงกรานต์)"],
        dt.date(2026, 3, 5),
        dt.date(2026, 3, 20),
        80,
    ),
    ("ควรเพิ่มวันรับฝากเงินเป็นเดือนละ 2 ครั้งหรือไม่", ["เพิ่ม", "ไม่เพิ่ม", "ไม่แน่ใจ"], None, None, 25),
]
EVALUATION_YEAR = 2025  # evaluated in January 2569
EVALUATION_WINDOW = (dt.date(2026, 1, 5), dt.date(2026, 1, 31))
COMMENTS = [
    "ขอบคุณคณะกรรมการที่ทำงานเสียสละ",
    "อยากให้แจ้งยอดเงินบ่อยขึ้น",
    "ควรมีคนรุ่นใหม่มาช่วยงานกรรมการ",
    "การพิจารณาเงินกู้รวดเร็วดี",
    "",
    "",
    "",
]
TRAININGS = [
    ("study_visit", "ศึกษาดูงานกลุ่มออมทรัพย์เพื่อการผลิตดีเด่น อำเภอวังทอง", dt.date(2025, 3, 18), "อำเภอวังทอง จังหวัดพิษณุโลก",
     "การแยกบัญชีเงินสัจจะกับเงินฝาก การประชุมกรรมการทุกเดือน และการให้สมาชิกตรวจสอบบัญชีได้", "บัญชีที่โปร่งใสทำให้สมาชิกไว้วางใจ", 12),
    ("training", "อบรมการจัดทำบัญชีกลุ่มและงบการเงิน โดยสำนักงานพัฒนาชุมชนอำเภอ", dt.date(2025, 6, 24), "ที่ว่าการอำเภอชาติตระการ",
     "การบันทึกบัญชีคู่ การปิดบัญชีสิ้นปี และการจัดสรรกำไร", "ปิดบัญชีทุกเดือน ไม่รอสิ้นปี", 5),
    ("training", "อบรมบัญชีครัวเรือนและการวางแผนการเงินครอบครัว", dt.date(2025, 11, 8), "ศาลาอเนกประสงค์หมู่บ้าน",
     "การจดรายรับรายจ่ายทุกวัน การแยกรายจ่ายจำเป็น และการปลูกผักสวนครัวลดรายจ่าย", "รู้รายจ่ายจึงลดรายจ่ายได้", 40),
]  # fmt: skip
ACTIVITIES = [
    ("songkran", "รดน้ำดำหัวขอพรผู้สูงอายุในหมู่บ้าน", dt.date(2025, 4, 13), "สมาชิกร่วมรดน้ำดำหัวผู้สูงอายุ 32 ท่าน", 45),
    ("trees", "ปลูกป่าเฉลิมพระเกียรติวันแม่แห่งชาติ", dt.date(2025, 8, 12), "ปลูกต้นยางนา 200 ต้น ที่ป่าชุมชน", 30),
    ("sports", "แข่งขันกีฬาประจำหมู่บ้าน", dt.date(2025, 12, 6), "ฟุตบอล วอลเลย์บอล และกีฬาพื้นบ้าน", 60),
    ("songkran", "รดน้ำดำหัวขอพรผู้สูงอายุในหมู่บ้าน", dt.date(2026, 4, 13), "ร่วมกับ อสม. ตรวจสุขภาพผู้สูงอายุ", 50),
]


def _actor(group) -> User | None:
    """The demo's ``admin`` when there is one, else the user of a member of the group."""
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    if admin is not None:
        return admin
    member = Member.objects.filter(group=group, user__isnull=False).select_related("user").first()
    return member.user if member else None


def ensure(*, group, seed, created, stdout=None) -> None:
    actor = _actor(group)
    if actor is None:
        return
    rng = random.Random(f"{seed}:voice")
    day = today()
    members = list(Member.objects.filter(group=group, status=Member.Status.ACTIVE).order_by("number"))
    if not members:
        return

    # suggestions: posted over the last months
    for i, (text, anonymous, reply, done) in enumerate(SUGGESTIONS):
        if Suggestion.objects.filter(group=group, text=text).exists():
            continue
        posted = day - dt.timedelta(days=150 - i * 18)
        s = services.suggestion_post(group=group, text=text, member=None if anonymous else members[(i * 17) % len(members)],
                                     anonymous=anonymous, on=posted, actor=actor)  # fmt: skip
        created["voice.Suggestion"] += 1
        if reply:
            services.suggestion_reply(
                suggestion=s, reply=reply, on=min(day, posted + dt.timedelta(days=12)), actor=actor
            )
            if done:
                services.suggestion_done(suggestion=s, on=min(day, posted + dt.timedelta(days=40)), actor=actor)

    # polls
    for question, choices, opens, closes, answers in POLLS:
        if Poll.objects.filter(group=group, question=question).exists():
            continue
        opens, closes = opens or day - dt.timedelta(days=5), closes or day + dt.timedelta(days=10)
        if opens > day:
            continue
        poll = services.poll_create(
            group=group, question=question, choices=choices, opens_on=opens, closes_on=closes, actor=actor
        )
        created["voice.Poll"] += 1
        options = list(poll.choices.order_by("order"))
        weights = [5, 3, 2][: len(options)]
        for member in rng.sample(members, min(answers, len(members))):
            on = min(day, opens + dt.timedelta(days=rng.randint(0, (closes - opens).days)))
            services.poll_answer(poll=poll, member=member, choice=rng.choices(options, weights)[0], on=on, actor=actor)
            created["voice.PollBallot"] += 1

    # the evaluation of 2568
    if EVALUATION_WINDOW[0] <= day and not EvaluationRound.objects.filter(group=group, year=EVALUATION_YEAR).exists():
        rnd = services.evaluation_open(group=group, year=EVALUATION_YEAR, opens_on=EVALUATION_WINDOW[0],
                                       closes_on=EVALUATION_WINDOW[1], actor=actor)  # fmt: skip
        created["voice.EvaluationRound"] += 1
        leaning = {code: rng.choice([3, 4, 4, 5]) for code in domain.QUESTION_CODES}  # how the village sees each
        for member in rng.sample(members, min(60, len(members))):
            scores = {c: max(1, min(5, base + rng.choice([-2, -1, 0, 0, 0, 1]))) for c, base in leaning.items()}
            on = min(day, EVALUATION_WINDOW[0] + dt.timedelta(days=rng.randint(0, 26)))
            services.evaluation_answer(
                round=rnd, member=member, scores=scores, comment=rng.choice(COMMENTS), on=on, actor=actor
            )
            created["voice.EvaluationBallot"] += 1

    # learning and activities
    for kind, title, date, place, learned, lesson, people in TRAININGS:
        if date > day or Training.objects.filter(group=group, title=title, date=date).exists():
            continue
        services.training_record(group=group, kind=kind, title=title, date=date, place=place, learned=learned, lesson=lesson,
                                 participants=rng.sample(members, min(people, len(members))), actor=actor)  # fmt: skip
        created["voice.Training"] += 1
    for kind, title, date, note, people in ACTIVITIES:
        if date > day or Activity.objects.filter(group=group, title=title, date=date).exists():
            continue
        services.activity_record(group=group, kind=kind, title=title, date=date, note=note,
                                 participants=rng.sample(members, min(people, len(members))), actor=actor)  # fmt: skip
        created["voice.Activity"] += 1
    if stdout is not None:
        stdout.write(f"voice: {Suggestion.objects.filter(group=group).count()} suggestions\n")

"""Thai first, English available: both catalogues complete and compiled, and no page shows an
English phrase to a Thai reader."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

LOCALE = Path(settings.BASE_DIR) / "sajja" / "locale"


def read_po(path: Path) -> list[dict]:
    """A small .po reader: entries with msgid, msgstr(s), flags (enough for our own catalogues)."""
    entries, current, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current and current.get("msgid") is not None:
                entries.append(current)
            current, key = None, None
            continue
        current = current or {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr", "msgctxt ")):
            key, _, rest = line.partition(" ")
            value = _unquote(rest)
            if key.startswith("msgstr"):
                current["msgstr"][key] = value
            else:
                current[key] = value
        elif line.startswith('"'):
            if key.startswith("msgstr"):
                current["msgstr"][key] += _unquote(line)
            else:
                current[key] += _unquote(line)
    return [e for e in entries if e["msgid"] != ""]


def _unquote(text: str) -> str:
    return bytes(text.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_catalogue_is_complete_and_compiled(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    entries = read_po(po)
    assert len(entries) > 150
    missing = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert missing == [], f"{lang}: untranslated: {missing[:10]}"
    assert fuzzy == [], f"{lang}: fuzzy: {fuzzy[:10]}"
    compiled = gettext.GNUTranslations(mo.open("rb"))
    for entry in entries:
        if "msgid_plural" in entry or "msgctxt" in entry:
            continue
        assert compiled.gettext(entry["msgid"]) == entry["msgstr"]["msgstr"], f"{lang}: .mo is stale; run make messages"


def test_thai_catalogue_is_thai():
    english_left = [
        e["msgid"]
        for e in read_po(LOCALE / "th" / "LC_MESSAGES" / "django.po")
        if re.search(r"[A-Za-z]{3,}", e["msgid"])
        and not re.search(r"[\u0e00-\u0e7f]", "".join(e["msgstr"].values()))
        and e["msgid"] not in {"Sajja", "LINE ID", "API", "PromptPay ID", "English", "API token", "API tokens", "Excel"}
    ]
    assert english_left == []


# Words that may appear in a Thai page: names of things, not untranslated text.
ALLOWED = {"sajja", "line", "excel", "xlsx", "english", "api", "google", "microsoft", "authenticator", "promptpay"}


def visible_words(html: str) -> set[str]:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<(\w+)[^>]*translate="no"[^>]*>.*?</\1>', " ", html, flags=re.S)  # codes, not words
    text = re.sub(r"<[^>]+>", " ", html)
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)} - ALLOWED


def test_pages_speak_thai(world):
    client = Client()
    client.force_login(world.treasurer)
    g, m = world.group_a.id, world.member.id
    pages = [
        "/",
        f"/g/{g}/",
        f"/g/{g}/members/",
        f"/g/{g}/members/new/",
        f"/g/{g}/members/{m}/",
        f"/g/{g}/members/{m}/edit/",
        f"/g/{g}/members/{m}/leave/",
        f"/g/{g}/members/import/",
        f"/g/{g}/households/",
        f"/g/{g}/households/new/",
        "/accounts/two-step/",
    ]
    usernames = {u.lower() for u in ("treasurer", "a")}
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        words = visible_words(response.content.decode()) - usernames - {"treasurer_a"}
        assert words == set(), f"{url} shows English to a Thai reader: {sorted(words)}"
    anonymous = Client().get("/accounts/login/").content.decode()
    assert visible_words(anonymous) == set()


def test_english_switch(world):
    client = Client()
    client.force_login(world.treasurer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/g/{world.group_a.id}/members/").content.decode()
    assert 'lang="en"' in page
    assert "Add a member" in page
    assert "เพิ่มสมาชิก" not in page
    client.post("/i18n/setlang/", {"language": "th", "next": "/"})
    page = client.get(f"/g/{world.group_a.id}/members/").content.decode()
    assert "เพิ่มสมาชิก" in page


def test_thai_even_when_the_browser_asks_for_english(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(world.treasurer)
    page = client.get(f"/g/{world.group_a.id}/members/").content.decode()
    assert 'lang="th"' in page
    assert "เพิ่มสมาชิก" in page

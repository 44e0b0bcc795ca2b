"""Fill the English catalogue: every msgstr becomes its msgid (the source strings are English).

``python -m sajja.core.po_fill_english path/to/en/django.po`` — run by ``make messages`` so that the
English catalogue is complete and a test can check both catalogues the same way.
"""

import re
import sys
from pathlib import Path


def fill(text: str) -> str:
    blocks = text.split("\n\n")
    out = []
    for block in blocks:
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, flags=re.M)
        if not msgid or msgid.group(1).strip() == '""':
            # The header: a fuzzy header is skipped by msgfmt, and with it the charset.
            block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
            block = block.replace('"Language: \\n"', '"Language: en\\n"')
            block = block.replace("PACKAGE VERSION", "Sajja")
            out.append(block)
            continue
        plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, flags=re.M)
        block = re.sub(r"\n#, fuzzy.*", "", block)
        block = re.sub(r"^#\| .*\n?", "", block, flags=re.M)
        if plural:
            block = re.sub(
                r'^msgstr\[0\] (?:".*"\n?)+', "msgstr[0] " + msgid.group(1).rstrip("\n") + "\n", block, flags=re.M
            )
            block = re.sub(
                r'^msgstr\[1\] (?:".*"\n?)+', "msgstr[1] " + plural.group(1).rstrip("\n") + "\n", block, flags=re.M
            )
        else:
            block = re.sub(r'^msgstr (?:".*"\n?)+', "msgstr " + msgid.group(1).rstrip("\n") + "\n", block, flags=re.M)
        out.append(block.rstrip("\n"))
    return "\n\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")

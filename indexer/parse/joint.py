"""Joint documents (thông tư / nghị quyết liên tịch): the bodies that issue one text together.

Their header prints every body, joined by dashes (often one per line with the dash left at the line's
end, and in the gazette the whole block twice); the number's symbol opens with a joint type code
(`TTLT-`, `NQLT-`) and the type line says `LIÊN TỊCH`.
"""

from __future__ import annotations

import re

from analyzers.fold import fold_diacritics
from indexer.parse.names import is_body_head

_JOINT_CODE = re.compile(r"^[A-ZĐ]{2,5}LT\b")  # TTLT, NQLT, QĐLT: the type code of a joint document


def joint_bodies(issuer_lines: list[str], number: str, type_line: str) -> list[str]:
    """The issuing bodies of a joint document ('VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - / TÒA ÁN NHÂN DÂN TỐI
    CAO - / BỘ CÔNG AN', a header printed twice read once), or [] for one issuer. A dash joins two
    bodies when a line ends with it or the document says it is joint (`TTLT-`, `LIÊN TỊCH`); a dash
    inside a name ('BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI') is followed by no body word."""
    code = fold_diacritics(number.split("/")[-1].split("-")[0]).upper()
    said = (
        any(line.rstrip().endswith(("-", "–")) for line in issuer_lines)
        or bool(_JOINT_CODE.match(code))
        or "LIEN TICH" in fold_diacritics(type_line).upper()
    )
    if not said:
        return []
    bodies: list[str] = []
    after_dash = False
    for line in issuer_lines:
        for k, piece in enumerate(re.split(r"\s+[-–]\s+", line.strip())):
            piece = piece.strip()
            ends_with_dash = piece.endswith(("-", "–"))
            piece = piece.rstrip(" -–")
            if not piece:
                continue
            if not bodies or is_body_head(fold_diacritics(piece).upper()):
                bodies.append(piece)
            else:  # 'BỘ LAO ĐỘNG' - 'THƯƠNG BINH', then 'VÀ XÃ HỘI' on the next line
                bodies[-1] += (" - " if k or after_dash else " ") + piece
            after_dash = ends_with_dash
    unique = list(dict.fromkeys(bodies))
    return unique if len(unique) >= 2 else []

"""The chain of instructions as a timeline picture: SVG drawn on the server, no JavaScript.

Pure: a Chain in, Markup out. Columns are issue dates (oldest left), rows are levels (central at the
top, then province, then district/commune), each split into Party and state. Every node links to
its document page; a cited document that is not indexed is drawn dashed and links to a search for
its number; an edge that closes a loop is drawn red and dashed. Every piece of text is escaped.
"""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from indexer.chain import Chain, ChainNode
from indexer.engines.common import date_sort_key
from indexer.levels import BRANCH_LABELS, BRANCHES, LEVEL_LABELS, LEVELS
from search_app.format import capitalize_first, format_issued

NODE_W, NODE_H = 168, 54
COL_GAP, ROW_GAP, STACK_GAP = 34, 18, 8
LABEL_W, TOP, AXIS_H = 128, 10, 34
COLOURS = {  # (stroke, fill) by branch: Party red, state blue, unknown grey
    "party": ("#a4262c", "#fdeeee"),
    "state": ("#1f4e8c", "#eaf1fb"),
    "unknown": ("#5f6368", "#f1f3f4"),
}
ROOT_FILL = "#fff3c4"
MISSING_FILL = "#ffffff"


def _cut(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row_of(node: ChainNode) -> tuple[int, int]:
    return LEVELS.index(node.level), BRANCHES.index(node.branch)


def _date_keys(chain: Chain) -> dict[str, float]:
    """A date key per node; a missing node without a date sits just before what cites it (a half
    step earlier, labelled "trước …" on the axis)."""
    keys: dict[str, float] = {n.key: date_sort_key(n.issued) for n in chain.nodes}
    for _ in range(2):  # a missing node's citer may itself lack a date only rarely; two passes suffice
        for n in chain.nodes:
            if keys[n.key]:
                continue
            citers = [keys[e.source] for e in chain.edges if e.target == n.key and keys[e.source]]
            if citers:
                keys[n.key] = min(citers) - 0.5
    return keys


def layout(chain: Chain) -> dict:
    """Positions of every node: {key: (x, y)}, plus rows, columns and the picture's size."""
    keys = _date_keys(chain)
    columns = sorted({keys[n.key] for n in chain.nodes})
    col_of = {k: i for i, k in enumerate(columns)}
    rows = sorted({_row_of(n) for n in chain.nodes})
    cells: dict[tuple[tuple[int, int], int], list[ChainNode]] = {}
    for n in sorted(chain.nodes, key=lambda n: (n.depth, n.number, n.key)):
        cells.setdefault((_row_of(n), col_of[keys[n.key]]), []).append(n)
    stack = {row: max(len(v) for (r, _), v in cells.items() if r == row) for row in rows}
    positions: dict[str, tuple[int, int]] = {}
    row_tops: list[tuple[tuple[int, int], int, int]] = []
    y = TOP
    for row in rows:
        height = stack[row] * NODE_H + (stack[row] - 1) * STACK_GAP
        row_tops.append((row, y, height))
        for (r, col), nodes in cells.items():
            if r != row:
                continue
            for i, n in enumerate(nodes):
                positions[n.key] = (LABEL_W + col * (NODE_W + COL_GAP), y + i * (NODE_H + STACK_GAP))
        y += height + ROW_GAP
    width = LABEL_W + len(columns) * (NODE_W + COL_GAP)
    return {
        "positions": positions,
        "rows": row_tops,
        "columns": columns,
        "keys": keys,
        "width": width,
        "height": y + AXIS_H,
    }


def node_url(node: ChainNode) -> str:
    if node.missing:
        return "/?" + urlencode({"q": node.number, "list": "1"})
    return f"/van-ban/{node.id}"


def _node_lines(node: ChainNode) -> tuple[str, str, str]:
    number = node.number or "không số"
    kind = capitalize_first(node.doc_type or "văn bản")
    date = format_issued(node.issued, node.issued_precision) if node.issued else "không rõ ngày"
    third = "chưa có trong chỉ mục" if node.missing else (node.issuer or "")
    return _cut(number, 24), _cut(f"{kind} · {date}", 30), _cut(third, 28)


def _node_title(node: ChainNode) -> str:
    parts = [capitalize_first(node.doc_type or "văn bản"), node.number or "không số", node.issuer]
    if node.issued:
        parts.append(format_issued(node.issued, node.issued_precision))
    text = " · ".join(p for p in parts if p)
    if node.subject:
        text += f": {node.subject}"
    if node.missing:
        text += " (được dẫn chiếu, chưa có trong chỉ mục)"
    return _cut(text, 400)


def _draw_node(node: ChainNode, x: int, y: int, root: bool) -> str:
    stroke, fill = COLOURS.get(node.branch, COLOURS["unknown"])
    if root:
        fill = ROOT_FILL
    elif node.missing:
        fill = MISSING_FILL
    dash = ' stroke-dasharray="5 3"' if node.missing else ""
    width = 3 if root else 1.5
    line1, line2, line3 = (escape(t) for t in _node_lines(node))
    classes = "chain-node" + (" chain-root" if root else "") + (" chain-missing" if node.missing else "")
    return (
        f'<a href="{escape(node_url(node))}" class="{classes}" data-key="{escape(node.key)}" '
        f'data-depth="{node.depth}" data-level="{escape(node.level)}" data-number="{escape(node.number)}">'
        f"<title>{escape(_node_title(node))}</title>"
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"{dash}/>'
        f'<text x="{x + 8}" y="{y + 17}" font-size="13" font-weight="bold" fill="#202124">{line1}</text>'
        f'<text x="{x + 8}" y="{y + 33}" font-size="11" fill="#3c4043">{line2}</text>'
        f'<text x="{x + 8}" y="{y + 47}" font-size="11" fill="#5f6368">{line3}</text>'
        "</a>"
    )


def _draw_edge(source: tuple[int, int], target: tuple[int, int], cycle: bool, relation: str) -> str:
    (sx, sy), (tx, ty) = source, target
    # from the citing node's side facing the cited one, to the cited node's facing side
    if abs(sx - tx) >= NODE_W:
        x1 = sx if tx < sx else sx + NODE_W
        x2 = tx + NODE_W if tx < sx else tx
        y1, y2 = sy + NODE_H // 2, ty + NODE_H // 2
    else:
        x1, x2 = sx + NODE_W // 2, tx + NODE_W // 2
        y1 = sy if ty < sy else sy + NODE_H
        y2 = ty + NODE_H if ty < sy else ty
    colour = "#c5221f" if cycle else "#80868b"
    dash = ' stroke-dasharray="6 4"' if cycle else ""
    label = "vòng dẫn chiếu" if cycle else (relation or "dẫn chiếu")
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="1.4"{dash} '
        f'marker-end="url(#chain-arrow{"-cycle" if cycle else ""})" class="chain-edge'
        f'{" chain-cycle" if cycle else ""}"><title>{escape(label)}</title></line>'
    )


def _axis(lay: dict) -> list[str]:
    out = []
    y = lay["height"] - AXIS_H + 14
    for i, key in enumerate(lay["columns"]):
        x = LABEL_W + i * (NODE_W + COL_GAP) + NODE_W // 2
        text = _axis_label(key)
        out.append(f'<text x="{x}" y="{y}" font-size="11" text-anchor="middle" fill="#5f6368">{text}</text>')
    return out


def _axis_label(key: float) -> str:
    if key <= 0:
        return "?"
    if key != int(key):
        return "trước " + _axis_label(int(key + 0.5))
    key = int(key)
    year, month, day = key // 10000, (key // 100) % 100, key % 100
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"{day}/{month}/{year}"
    if 1 <= month <= 12:
        return f"{month}/{year}"
    return f"{year}"


def chain_svg(chain: Chain) -> Markup:
    lay = layout(chain)
    positions = lay["positions"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chain-svg" role="img" width="{lay["width"]}" '
        f'height="{lay["height"]}" viewBox="0 0 {lay["width"]} {lay["height"]}" '
        'font-family="DejaVu Sans, Arial, sans-serif">',
        "<title>Chuỗi chỉ đạo: văn bản cấp trên ở trên, văn bản thực hiện ở dưới, theo ngày ban hành</title>",
        "<defs>"
        '<marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#80868b"/></marker>'
        '<marker id="chain-arrow-cycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c5221f"/></marker>'
        "</defs>",
    ]
    for (level_i, branch_i), top, height in lay["rows"]:
        level, branch = LEVELS[level_i], BRANCHES[branch_i]
        out.append(
            f'<rect x="0" y="{top - ROW_GAP // 2}" width="{lay["width"]}" height="{height + ROW_GAP}" '
            f'fill="{"#f6f7f9" if level_i % 2 == 0 else "#ffffff"}"/>'
            f'<text x="6" y="{top + 18}" font-size="12" font-weight="bold" fill="#3c4043" '
            f'class="chain-row">{escape(LEVEL_LABELS[level])}</text>'
            f'<text x="6" y="{top + 34}" font-size="11" fill="#5f6368">{escape(BRANCH_LABELS[branch])}</text>'
        )
    for edge in chain.edges:
        if edge.source in positions and edge.target in positions:
            out.append(_draw_edge(positions[edge.source], positions[edge.target], edge.cycle, edge.relation))
    for node in chain.nodes:
        x, y = positions[node.key]
        out.append(_draw_node(node, x, y, node.key == chain.root))
    out.extend(_axis(lay))
    out.append("</svg>")
    return Markup("".join(out))

"""Real files for the upload tests, written by the libraries a user's tools use: a DOCX by python-docx, PDFs by
reportlab (a text layer with its built-in Chinese font; an image-only page; a locked one), an HTML page with
scripts; and hostile ones: a zip bomb inside a DOCX, a PDF declaring millions of objects.

The notice is invented (沪人社办〔2099〕…号, a year no circular has) so nothing in the corpus or the embedding
cache holds its text: each clause is embedded when added, and a question about it can only be answered by it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

NOTICE_TITLE = "关于做好远程办公期间劳动报酬支付的通知"


def notice_lines(number: int = 77, clauses: int = 3, topic: str = "远程办公") -> list[str]:
    """A notice of ``clauses`` numbered clauses about ``topic``, with its 文号, addressee and signature."""
    han = "一二三四五六七八九十"
    body = [
        f"{han[0]}、实行{topic}的职工，用人单位应当按照劳动合同约定的标准支付工资，不得以{topic}为由降低工资。",
        f"{han[1]}、{topic}期间发生的网络通讯费用，由用人单位按每月不低于一百五十元的标准给予补贴。",
    ]
    for n in range(2, clauses - 1):
        body.append(f"{han[n] if n < 10 else '十' + han[n - 10]}、{topic}的职工每日工作时间不超过八小时，第{n + 1}项安排由用人单位与职工协商确定。")
    body.append(f"{han[clauses - 1] if clauses <= 10 else '十' + han[clauses - 11]}、本通知自印发之日起施行。")
    return [
        NOTICE_TITLE if topic == "远程办公" else f"关于做好{topic}期间劳动报酬支付的通知",
        f"沪人社办〔2099〕{number}号",
        "各区人力资源和社会保障局：",
        f"为做好{topic}期间劳动关系工作，现就有关问题通知如下：",
        *body,
        "上海市人力资源和社会保障局",
        "2099年3月1日",
    ]


# Three unrelated notices, one per format in the end-to-end tests, each answering its own question.
REMOTE_WORK = notice_lines(77)  # the question: 远程办公期间的网络通讯费用由谁承担？
STAGGERED_SHIFTS = [
    "关于推行错峰上下班保障职工通勤安全的通知",
    "沪人社办〔2099〕78号",
    "各区人力资源和社会保障局，各有关单位：",
    "为保障职工通勤安全，现就推行错峰上下班有关事项通知如下：",
    "一、用人单位可以安排职工在早七时至十时之间分批错峰到岗，错峰到岗不视为迟到。",
    "二、因错峰上下班延长的通勤时间，用人单位应当按每日二十元的标准发放交通补助。",
    "三、本通知自二〇九九年四月一日起施行。",
    "上海市人力资源和社会保障局",
    "2099年3月20日",
]
HEAT_ALLOWANCE = [
    "关于调整高温天气露天作业津贴标准的通知",
    "沪人社办〔2099〕79号",
    "各区人力资源和社会保障局：",
    "经研究，现就调整高温天气露天作业津贴标准通知如下：",
    "一、每年六月至九月，安排职工在日最高气温达到三十五摄氏度以上露天作业的，高温津贴标准调整为每人每月五百八十元。",
    "二、高温津贴不得计入最低工资标准，不得以发放防暑降温饮料代替。",
    "三、本通知自二〇九九年六月一日起施行。",
    "上海市人力资源和社会保障局",
    "2099年5月10日",
]


def write_docx(path: Path, lines: list[str]) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def _pdf_canvas(path: Path, **options: object):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built into reportlab: no font file needed
    return canvas.Canvas(str(path), **options)


def write_text_pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    """A PDF whose page carries ``lines`` as text (a text layer), optionally locked with a user password."""
    page = _pdf_canvas(path, encrypt=encrypt)
    page.setFont("STSong-Light", 11)
    y = 800
    for line in lines:
        for start in range(0, len(line), 44):
            page.drawString(40, y, line[start : start + 44])
            y -= 16
    page.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF of one page that is only an image, as a scanner makes it: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill=0)  # a black bar where a title would be
    page = _pdf_canvas(path)
    page.drawImage(ImageReader(image), 40, 500, width=400, height=200)
    page.save()
    return path


def write_html(path: Path, lines: list[str]) -> Path:
    """A web page of the notice carrying a script, event handlers, an iframe and a javascript: link."""
    paragraphs = "\n".join(f'<p onclick="steal()">{line}</p>' for line in lines[1:])
    path.write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{lines[0]}</title>
<script>document.cookie='stolen'; alert('xss')</script><style>p {{ color: red }}</style></head>
<body onload="alert(1)"><h1>{lines[0]}</h1>
{paragraphs}
<iframe src="https://example.invalid/ad"></iframe><a href="javascript:alert(2)">更多</a>
<img src="x" onerror="alert(3)"></body></html>""",
        encoding="utf-8",
    )
    return path


def write_docx_zip_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """A .docx whose document.xml inflates to ``unpacked_mb`` MB of zeros from a file of ~1 MB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"0" * 1_048_576
            for _ in range(unpacked_mb):
                member.write(block)
    return path


def write_pdf_object_bomb(path: Path, objects: int = 2_000_000) -> Path:
    """A PDF whose cross-reference stream declares ``objects`` objects (pypdf would index every one)."""
    import zlib

    entries = zlib.compress(b"\x01\x00\x00\x00\x0a\x00\x00" * objects, 9)  # each: "in use, at byte 10"
    body = io.BytesIO()
    body.write(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
    body.write(b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
    xref_at = body.tell()
    body.write(
        f"3 0 obj << /Type /XRef /Size {objects} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
        f"/Length {len(entries)} >>\nstream\n".encode()
    )
    body.write(entries + b"\nendstream endobj\n")
    body.write(f"startxref\n{xref_at}\n%%EOF\n".encode())
    path.write_bytes(body.getvalue())
    return path


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()

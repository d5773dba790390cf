"""Writes report.md, the embedded report as an editor would type it: the
title as a heading, numbered section headings, each photo caption under its
picture (a figure), every other block of the plain text as one paragraph
(the newspaper's broken lines kept, as a copy-paste keeps them)."""
import re, struct, sys, zlib

src = open(sys.argv[1], encoding="utf-8").read()
blocks = [b.strip() for b in src.split("\n\n") if b.strip()]
captions = {"贵州省第一届职工职业技能大赛决赛开幕式现场。", "就业岗位送到“家门口”。", "“夏送清凉”到基层。"}
out, photo = [], 0
for i, b in enumerate(blocks):
    if i == 0:
        out.append("# " + b)
    elif b in captions:
        photo += 1
        out.append("![%s](photo%d.png)" % (b, photo))
    elif re.match(r"^\d [^,。]{4,30}$", b):
        out.append("## " + b)
    else:
        out.append(b)
open("report.md", "w", encoding="utf-8").write("\n\n".join(out) + "\n")

def png(w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

for n, rgb in enumerate([(200, 60, 60), (60, 160, 60), (60, 60, 200)], 1):
    open("photo%d.png" % n, "wb").write(png(160, 90, rgb))

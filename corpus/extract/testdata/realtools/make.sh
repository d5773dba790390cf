#!/bin/sh
# Rebuilds the real-tool fixtures from the embedded report. Needs Debian's
# libreoffice-writer-nogui fonts-noto-cjk pandoc chromium wkhtmltopdf
# weasyprint python3 (see ../README.md). The tests only read the outputs.
set -eu
cd "$(dirname "$0")"
txt=../../../reports/guizhou-trade-union-2023.txt
python3 mksource.py "$txt"
cp "$txt" report.txt
two_col='body{column-count:2;-webkit-column-count:2;column-gap:2em;-webkit-column-gap:2em} h1,h2{column-span:all}'
printf '<style>%s</style>\n' "$two_col" > 2col.html

# pandoc: HTML (images inline as data: URIs), DOCX, ODT
pandoc report.md -s --self-contained --metadata pagetitle="聚焦职能定位 坚持改革创新 - 贵州日报" -o pandoc.html
pandoc report.md -s --self-contained -H 2col.html --metadata pagetitle="聚焦职能定位 坚持改革创新 - 贵州日报" -o pandoc-2col.html
pandoc report.md -o pandoc.docx
pandoc report.md -o pandoc.odt

# LibreOffice: the plain text printed to PDF; the Word file (pandoc's
# reference styles: a Western body font, CJK from fallback) saved as ODT
# and printed to PDF
soffice --headless --convert-to pdf --outdir lo report.txt >/dev/null
soffice --headless --convert-to odt --outdir lo pandoc.docx >/dev/null
soffice --headless --convert-to pdf --outdir lo pandoc.docx >/dev/null
soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir lo report.txt >/dev/null
mv lo/report.pdf lo-txt.pdf; mv lo/pandoc.odt lo.odt; mv lo/pandoc.pdf lo-word.pdf; mv lo/report.docx lo-txt.docx; rmdir lo

# A KPI table with merged cells (table.html: a rowspan group, a colspan
# spacer row and total) as LibreOffice and pandoc write it to DOCX
# (w:vMerge, w:gridSpan) and ODT (number-rows/columns-spanned; pandoc
# writes no covered-table-cell)
soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir lo table.html >/dev/null
soffice --headless --convert-to odt --outdir lo table.html >/dev/null
mv lo/table.docx lo-table.docx; mv lo/table.odt lo-table.odt; rmdir lo
pandoc table.html -o pandoc-table.docx
pandoc table.html -o pandoc-table.odt

# The report as a saved page of a site (GBK, menu, sidebar, breadcrumb…)
tail -n +2 report.md | pandoc -f markdown -t html -o body.html
python3 mkpage.py body.html
rm -f body.html

# Browsers printing the page, with their default header and footer
chromium --headless --no-sandbox --disable-gpu --print-to-pdf=chromium.pdf "file://$PWD/pandoc.html" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --print-to-pdf=chromium-2col.pdf "file://$PWD/pandoc-2col.html" 2>/dev/null
wkhtmltopdf -q --enable-local-file-access --header-left '[date] [time]' --header-right '[title]' --footer-left '[webpage]' --footer-right '[page]/[topage]' pandoc.html wkhtmltopdf.pdf || true
weasyprint pandoc-2col.html weasyprint-2col.pdf 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --print-to-pdf=chromium-savedpage.pdf "file://$PWD/savedpage.html" 2>/dev/null
# Without network wkhtmltopdf waits for the page's remote links; a dead
# proxy makes them fail at once (it then exits 1 but writes the PDF).
wkhtmltopdf -q --disable-javascript -p http://127.0.0.1:9 --load-error-handling ignore --load-media-error-handling ignore savedpage.html wkhtmltopdf-savedpage.pdf || true
rm -f 2col.html report.txt photo1.png photo2.png photo3.png

"""Writes savedpage.html: the report as a school or news site would carry
it, in the page template of ../school-page.html (menu, sidebar of other
articles, breadcrumb, hit counter, print button, previous/next links,
footer), its body the pandoc HTML of report.md (argv[1]) without the
title, which the page's own headline carries. Encoded GBK, as many
Chinese sites still are."""
import re, sys

page = open("../school-page.html", encoding="utf-8").read()
body = open(sys.argv[1], encoding="utf-8").read()
title = "聚焦职能定位 坚持改革创新"
start = page.index('<div class="conTxt">') + len('<div class="conTxt">')
end = page.index("</div><!--endprint-->")
page = page[:start] + "\n" + body + "\n" + page[end:]
page = re.sub(r"<title>[^<]*</title>", "<title>%s--学习专栏-绍兴市第一中学</title>" % title, page)
page = re.sub(r'<h2 class="title">[^<]*</h2>', '<h2 class="title">%s</h2>' % title, page)
page = page.replace("charset=utf-8", "charset=gbk").replace("©", "&copy;")
open("savedpage.html", "wb").write(page.encode("gbk"))

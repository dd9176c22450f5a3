"""Hostile text, every kind the audit and OWASP's lists suggest: markup and script, event
handlers, SVG and MathML, javascript: links, attribute and element breakouts, template syntax
of Jinja, JavaScript and others, formula prefixes for spreadsheets, SQL and format strings,
and Unicode tricks. A payload that ran would call ``__pwned(n)`` (which the browser tests
record) or open a dialog."""

from __future__ import annotations

PAYLOADS = [
    "<script>__pwned(1)</script>",
    "<img src=x onerror=__pwned(2)>",
    "<svg onload=__pwned(3)>",
    "<svg><script>__pwned(4)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__pwned(5)>",
    '"><script>__pwned(6)</script>',
    "'><img src=x onerror=__pwned(7)>",
    "</script><script>__pwned(8)</script>",
    "</textarea><script>__pwned(9)</script>",
    "</title><script>__pwned(10)</script>",
    "javascript:__pwned(11)",
    '<a href="javascript:__pwned(12)">click</a>',
    '<iframe srcdoc="<script>parent.__pwned(13)</script>"></iframe>',
    "<body onload=__pwned(14)>",
    "<details open ontoggle=__pwned(15)>",
    "<input autofocus onfocus=__pwned(16)>",
    "<video><source onerror=__pwned(17)></video>",
    '<object data="javascript:__pwned(18)"></object>',
    '<embed src="javascript:__pwned(19)">',
    "<form><button formaction=javascript:__pwned(20)>go</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:__pwned(21)">',
    '<base href="javascript:__pwned(22)//">',
    '<link rel=stylesheet href="javascript:__pwned(23)">',
    '<style>@import "javascript:__pwned(24)";</style>',
    '<div style="background:url(javascript:__pwned(25))">x</div>',
    '" onmouseover="__pwned(26)" x="',
    "' onfocus='__pwned(27)' autofocus='",
    "{{7*7}}",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{# an unclosed comment",
    "{{ lipsum.__globals__ }}",
    "{{ config }}",
    "{{ request.application.__globals__ }}",
    "{% for x in range(99999999) %}{% endfor %}",
    "${__pwned(37)}",
    "#{__pwned(38)}",
    "<%= 7*7 %>",
    '{{constructor.constructor("__pwned(40)")()}}',
    "\u202egnp.exe",
    "A\u200bB\u200cC\u200dD\ufeffE",
    "\uff34\uff45\uff53\uff54\uff1cscript\uff1e",
    "\u210c\U0001d522\U0001d529\U0001d529\U0001d52c \U0001f600 "
    "\U0001f469\U0001f3fd\u200d\U0001f680",
    "line\u2028separator\u2029paragraph",
    "x" * 480 + "<b>bold</b>",
    "=1+1",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1,2)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.com","click")',
    "'; DROP TABLE ideas; --",
    '" OR "1"="1',
    "%(text)s %s {0} {name} %n",
    "\\u003cscript\\u003e__pwned(56)\\u003c/script\\u003e",
    "<!-- a comment that never ends",
    "]]><![CDATA[",
    "&lt;script&gt;__pwned(59)&lt;/script&gt;",
    "<noscript><p title=\"</noscript><img src=x onerror=__pwned(60)>\">",
]

FORMULA_START = ("=", "+", "-", "@")

# A few, for pages that show one text at a time: markup, a breakout, template syntax, a
# formula, and a Unicode trick.
FEW = [PAYLOADS[1], PAYLOADS[7], PAYLOADS[27], PAYLOADS[50], PAYLOADS[40]]

assert len(PAYLOADS) >= 50

"""Texts the web tests check: a pasted Azerbaijani draft and a small catalog, each with known
errors (the Turkic Council's name after its 2021 rename, a title, missing diacritics)."""

CATALOG = (
    'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#: page.html:3\nmsgid "The Organization of Turkic States met in Baku."\n'
    'msgstr "Türk Şurası Bakıda toplaşdı."\n\n'
    '#: page.html:4\nmsgid "The State Migration Service"\nmsgstr "Dövlət Miqrasiya Xidməti"\n\n'
    '#: page.html:5\nmsgid "Not yet"\nmsgstr ""\n'
)
DRAFT_AZ = (
    "2024-cü il mayın 14-də Dövlət Miqrasiya Xidmətinin sədri Vusal Huseynov Türk Şurasının "
    "nümayəndə heyəti ilə görüşüb.\nGörüşdə Türkiye'nin Göç İdaresi Başkanlığının nümayəndələri də iştirak edib.\n"
)
XLIFF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file source-language="en" target-language="tr" datatype="plaintext" original="site">\n<body>\n'
    '<trans-unit id="forum"><source>The Organization of Turkic States met in Baku.</source>'
    "<target>Türk Konseyi Bakü'de toplandı.</target></trans-unit>\n"
    '<trans-unit id="sms"><source>The State Migration Service</source>'
    "<target>Devlet Göç Hizmeti</target></trans-unit>\n"
    "</body>\n</file>\n</xliff>\n"
)

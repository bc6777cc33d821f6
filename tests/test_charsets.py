"""Charsets as browsers read them: WHATWG labels, the widest decoder a label stands
for, declarations the bytes do not bear out, at any page size."""

from __future__ import annotations

import pytest

from newsreader.capture.charset import codec_for, decode_html, decode_stored

# Characters outside the narrow encoding each label names, inside what browsers read it as.
CHINESE_GBK = "朱镕基和陈堃在镕江路的图书馆见面。"  # 镕 and 堃 are GBK, not GB 2312
KOREAN_UHC = "똠방각하와 햏자가 만났다. 오늘 날씨가 좋습니다."  # 똠, 햏: windows-949 only
JAPANESE_CP932 = "第①回の会議は～で行われた。髙橋さんが説明した。"  # ①, ～, 髙: windows-31J
BIG5_HKSCS = "香港的「𥄫」字和「嘅」字很常見，今天天氣很好。"
WESTERN_1252 = "“Smart quotes” – and € signs — survive"


def page(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GB_2312-80", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("euc-kr", "cp949"),
        ("ks_c_5601-1987", "cp949"),
        ("shift_jis", "cp932"),
        ("x-sjis", "cp932"),
        ("big5", "cp950"),
        ("iso-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("ascii", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("tis-620", "cp874"),
        (" UTF8 ", "utf-8"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("koi8-u", "koi8-u"),
        ("x-mac-cyrillic", "mac-cyrillic"),
    ],
)
def test_labels_mean_what_the_whatwg_standard_says(label, codec):
    assert codec_for(label) == codec


@pytest.mark.parametrize("label", ["utf-7", "rot13", "base64", "iso-2022-kr", "hz-gb-2312", "nope"])
def test_labels_no_browser_decodes_a_page_with_say_nothing(label):
    assert codec_for(label) is None


def test_meta_tags_read_utf16_as_utf8_and_user_defined_as_windows_1252():
    assert codec_for("utf-16", in_meta=True) == "utf-8"
    assert codec_for("x-user-defined", in_meta=True) == "cp1252"
    assert codec_for("x-user-defined") is None


@pytest.mark.parametrize(
    ("text", "encoding", "label"),
    [
        (CHINESE_GBK, "gbk", "gb2312"),
        (CHINESE_GBK, "gb18030", "GB2312"),
        (KOREAN_UHC, "cp949", "euc-kr"),
        (JAPANESE_CP932, "cp932", "shift_jis"),
        (BIG5_HKSCS, "big5hkscs", "big5"),
        (WESTERN_1252, "cp1252", "iso-8859-1"),
        (WESTERN_1252, "cp1252", "us-ascii"),
    ],
)
@pytest.mark.parametrize("where", ["header", "meta", "http-equiv"])
def test_a_label_is_read_as_the_encoding_browsers_use(text, encoding, label, where):
    meta = {
        "header": "",
        "meta": f'<meta charset="{label}">',
        "http-equiv": f"<meta http-equiv='Content-Type' content='text/html; charset={label}'>",
    }[where]
    data = page(text, meta).encode(encoding)
    content_type = f"text/html; charset={label}" if where == "header" else "text/html"
    html, _ = decode_html(data, content_type)
    assert text in html
    assert "\ufffd" not in html


def test_euc_jp_reads_necs_and_ibms_characters_as_browsers_do():
    text = "第①回の会議は㈱髙橋商事で行われた。"
    # EUC-JP bytes of JIS X 0208 rows 13 and 92, as the WHATWG index places them.
    euc = bytearray()
    for character in page(text, '<meta charset="euc-jp">'):
        try:
            euc += character.encode("euc_jp")
        except UnicodeEncodeError:
            lead, trail = character.encode("cp932")
            row = (lead - (0x81 if lead < 0xE0 else 0xC1)) * 2 + (1 if trail < 0x9F else 2)
            cell = trail - (0x3F if trail < 0x80 else 0x40) if trail < 0x9F else trail - 0x9E
            euc += bytes((row + 0xA0, cell + 0xA0))
    assert "\ufffd" in bytes(euc).decode("euc_jp", errors="replace")  # Python's codec alone
    html, encoding = decode_html(bytes(euc), "text/html")
    assert text in html
    assert encoding == "euc_jp"


def test_a_few_characters_outside_the_label_count_on_a_large_page():
    # 300 kB of GB 2312 text with two names only GBK has: the names must survive.
    filler = "市民服务中心调整办公时间，欢迎大家前来办理业务。" * 6000
    data = page(filler + CHINESE_GBK, '<meta charset="gb2312">').encode("gbk")
    assert len(data) > 250_000
    html, _ = decode_html(data, "text/html")
    assert CHINESE_GBK in html
    assert "\ufffd" not in html


def test_the_http_header_wins_over_the_meta_tag():
    data = page("blåbærsyltetøy", '<meta charset="utf-8">').encode("cp1252")
    html, encoding = decode_html(data, "text/html; charset=windows-1252")
    assert "blåbærsyltetøy" in html
    assert encoding == "cp1252"


def test_a_meta_tag_after_a_long_head_is_still_found():
    head = "<script>" + "var a = 1;\n" * 3000 + "</script>"
    data = f"<html><head>{head}<meta charset='euc-kr'></head><body><p>{KOREAN_UHC}</p>"
    html, _ = decode_html(data.encode("cp949"), "text/html")
    assert KOREAN_UHC in html


def test_windows_1252_holes_read_as_their_control_characters_not_as_errors():
    html, encoding = decode_html(b"<p>a\x81b \xe6\xf8\xe5</p>", "text/html; charset=latin1")
    assert (html, encoding) == ("<p>a\x81b æøå</p>", "cp1252")


def test_stray_windows_1252_bytes_in_a_utf8_page_keep_the_utf8():
    data = "<p>blåbær – og så videre i teksten</p>".encode() + b"<p>\x93quoted\x94 \xe6</p>"
    html, encoding = decode_html(data, "text/html; charset=utf-8")
    assert "blåbær – og så" in html
    assert "“quoted” æ" in html
    assert encoding == "utf-8"


def test_a_declaration_the_bytes_do_not_bear_out_is_detected_instead():
    russian = "Привет, как дела у тебя сегодня? Это длинный русский текст о погоде и жизни."
    html, encoding = decode_html(page(russian).encode("cp1251"), "text/html; charset=utf-8")
    assert russian in html
    assert encoding == "cp1251"


def test_a_stored_page_reads_as_when_it_was_saved():
    bom = b"\xef\xbb\xbf" + page("blåbær").encode()
    assert decode_stored(bom, "utf-8") == decode_html(bom)[0] == page("blåbær")
    strays = page("blåbær – og så").encode() + b"\x93q\x94"
    assert decode_stored(strays, "utf-8") == decode_html(strays, "text/html; charset=utf-8")[0]


def test_a_stored_page_decodes_with_the_codec_it_was_saved_with():
    data = page(CHINESE_GBK, '<meta charset="gb2312">').encode("gbk")
    _, encoding = decode_html(data)
    assert CHINESE_GBK in decode_stored(data, encoding)
    assert CHINESE_GBK in decode_stored(data, None)
    assert CHINESE_GBK in decode_stored(data, "not-a-codec")


def test_a_gbk_page_labelled_gb2312_is_fetched_whole(server, fetcher):
    data = page(
        CHINESE_GBK, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'
    )
    url = server.page("/zh", data.encode("gbk"), content_type="text/html")
    fetched = fetcher.fetch_page(url)
    assert CHINESE_GBK in fetched.html
    assert fetched.encoding == "gb18030"


def test_big5_and_euc_jp_read_as_the_whatwg_indexes_map_them():
    # Big5 A1 45 is U+2027 (not U+2022) and A1 E3 U+FF5E, as windows-950 and browsers
    # read them; HKSCS characters still come through.
    big5 = b"<p>\xa5\xd1\xba\xbf\xc4R\xa1E\xb3\xaf</p><p>\xa1\xe3</p><p>" + "嘅".encode("big5hkscs")
    html, _ = decode_html(big5, "text/html; charset=big5")
    assert "‧" in html and "～" in html and "嘅" in html and "\ufffd" not in html
    # EUC-JP A1 C1 and A1 DD: the fullwidth tilde and minus, as on Shift_JIS pages.
    euc = "<p>午後6時".encode("euc_jp") + b"\xa1\xc1" + "8時、".encode("euc_jp") + b"\xa1\xdd3</p>"
    html, _ = decode_html(euc, "text/html; charset=euc-jp")
    assert "午後6時～8時、－3" in html


def test_a_charset_in_a_comment_is_not_read():
    head = '<!-- <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"> -->'
    data = page("Ny räddningsbåt till Öregrund", head + '<meta charset="utf-8">').encode()
    html, encoding = decode_html(data, "text/html")
    assert "Ny räddningsbåt till Öregrund" in html
    assert encoding == "utf-8"

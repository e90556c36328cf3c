"""The read stage, as a specification: which bytes become which text, which
files are refused and how, and which Markdown is not prose."""

from __future__ import annotations

import codecs
import hashlib
import pytest

from verifier.errors import InputError, SourceTableError, UsageError, VerifyError
from verifier.read import collect_articles, detect_language, is_markdown, markdown_masks, read_article

HANT = (
    "亞馬遜2025年第四季營收達2134億美元，年增14%，每股盈餘1.95美元。"
    "雲端部門AWS營收355.8億美元，年增24%，優於市場預期。"
    "公司預計2026年資本支出將達2000億美元，主要投入人工智慧資料中心。\n"
)
HANS = (
    "亚马逊2025年第四季度营收达2134亿美元，同比增长14%，每股收益1.95美元。"
    "云计算部门AWS营收355.8亿美元，同比增长24%，高于市场预期。"
    "公司预计2026年资本支出将达2000亿美元，主要投入人工智能数据中心。\n"
)
EN = "Amazon's fourth-quarter revenue rose 14% to $213.4 billion, and AWS grew 24%.\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- decoding ---------------------------------------------------------------


def test_utf8(tmp_path):
    data = (EN + HANT).encode("utf-8")
    article = read_article(write(tmp_path, "a.txt", data))
    assert article.text == EN + HANT
    assert article.encoding == "utf-8"
    assert article.sha256 == hashlib.sha256(data).hexdigest()


def test_utf8_bom_is_dropped_and_offsets_start_after_it(tmp_path):
    data = codecs.BOM_UTF8 + HANT.encode("utf-8")
    article = read_article(write(tmp_path, "a.txt", data))
    assert article.text == HANT
    assert article.text.index("2134") == HANT.index("2134")
    assert article.sha256 == hashlib.sha256(data).hexdigest()  # of the raw bytes


@pytest.mark.parametrize(
    "bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_utf16_with_bom(tmp_path, bom, codec):
    article = read_article(write(tmp_path, "a.txt", bom + HANT.encode(codec)))
    assert article.text == HANT
    assert article.encoding == codec
    assert article.language == "zh-Hant"


def test_big5(tmp_path):
    article = read_article(write(tmp_path, "a.txt", HANT.encode("big5")))
    assert article.text == HANT
    assert "big5" in article.encoding or article.encoding == "cp950"
    assert article.language == "zh-Hant"


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gb18030_and_gbk(tmp_path, codec):
    article = read_article(write(tmp_path, "a.txt", HANS.encode(codec)))
    assert article.text == HANS
    assert article.encoding in {"gb18030", "gbk", "gb2312"}
    assert article.language == "zh-Hans"


@pytest.mark.parametrize("codec", ["utf-8", "big5"])
def test_crlf_kept_so_offsets_match_the_file(tmp_path, codec):
    text = "第一段。\r\n\r\n營收355.8億美元，年增24%。\r\n"
    article = read_article(write(tmp_path, "a.txt", text.encode(codec)))
    assert article.text == text
    start = text.index("355.8")
    assert article.text[start : start + len("355.8億美元")] == "355.8億美元"


def test_text_is_not_normalised(tmp_path):
    text = "Cafe\u0301 revenue: ＄５ billion, 1\u00a0000 units.\n"  # decomposed é, fullwidth, NBSP
    assert read_article(write(tmp_path, "a.txt", text.encode("utf-8"))).text == text


def test_path_is_kept_as_given(tmp_path):
    path = write(tmp_path, "a.txt", b"Revenue rose 5%.")
    assert read_article(str(path)).path == str(path)


# --- refusals: InputError naming the file -------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
    ids=["empty", "whitespace", "bom-only", "utf16-whitespace"],
)
def test_empty_articles_are_refused(tmp_path, data):
    path = write(tmp_path, "empty.txt", data)
    with pytest.raises(InputError, match="empty|whitespace") as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_binary_file_is_refused(tmp_path):
    path = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(InputError, match="binary") as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_control_characters_are_refused(tmp_path):
    path = write(tmp_path, "blob.txt", bytes(range(1, 9)) * 40 + b"ok")
    with pytest.raises(InputError, match="binary"):
        read_article(path)


def test_utf16_without_bom_is_refused_with_advice(tmp_path):
    path = write(tmp_path, "a.txt", EN.encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-8"):
        read_article(path)


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="does not exist") as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_directory_is_not_an_article(tmp_path):
    with pytest.raises(InputError, match="folder"):
        read_article(tmp_path)


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", b"Revenue rose 5%.")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", denied)  # chmod 0 does not stop root
    with pytest.raises(InputError, match="permission") as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_messages_are_one_line(tmp_path):
    with pytest.raises(InputError) as info:
        read_article(tmp_path / "a\nb.txt")
    assert "\n" not in str(info.value)


# --- finding articles -----------------------------------------------------------


def test_folder_expanded_recursively_in_sorted_order(tmp_path):
    for name in ["b.md", "a.txt", "sub/c.markdown", "sub/d.text", "notes.csv", "img.png", ".hidden/e.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = collect_articles([str(tmp_path)])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt",
        "b.md",
        "sub/c.markdown",
        "sub/d.text",
    ]


def test_named_files_kept_in_order_once(tmp_path):
    a = write(tmp_path, "a.txt", b"x")
    z = write(tmp_path, "z.html", b"x")  # named explicitly: taken whatever its suffix
    assert collect_articles([str(z), str(a), str(z)]) == [z, a]


def test_folder_without_articles(tmp_path):
    (tmp_path / "data.csv").write_text("x")
    with pytest.raises(InputError, match=r"no articles \(\.txt, \.md, \.html\) in") as info:
        collect_articles([tmp_path])
    assert str(tmp_path) in str(info.value)


def test_missing_path_in_collect(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        collect_articles([str(tmp_path / "missing")])


# --- language -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, language",
    [
        (EN, "en"),
        (HANT, "zh-Hant"),
        (HANS, "zh-Hans"),
        ("這家公司的營收達到355.8億美元", "zh-Hant"),
        ("这家公司的营收达到355.8亿美元", "zh-Hans"),
        ("AWS營收355.8億美元，Anthropic Claude模型與ETF", "zh-Hant"),  # English words inside
        (EN * 5 + "He was quoted as saying 我們很好.", "en"),  # a short Chinese quote
        ("12345 67.8%", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_example_article_is_traditional():
    from importlib import resources

    text = resources.files("verifier").joinpath("examples/amazon-capex-zh-hant.txt").read_text("utf-8")
    assert detect_language(text) == "zh-Hant"


# --- Markdown masks -------------------------------------------------------------


def masked(text):
    return [text[a:b] for a, b in markdown_masks(text)]


def test_markdown_masks_what_is_not_prose():
    text = (
        "---\r\ntitle: Q4 2025\r\nyear: 2025\r\n---\r\n"
        "Revenue rose 14% ([source](https://ir.aboutamazon.com/q4-2025 \"IR\")).\n"
        "![chart](img/capex_2026.png) Run `verify 2025.md` first.\n"
        "<!-- draft: 355.8 -->\n"
        "```python\nx = 2134  # a ` stray backtick\n```\n"
        "See https://example.com/2025/q4?x=1. Or 詳見https://aws.amazon.com/zh。\n"
    )
    assert masked(text) == [
        "---\r\ntitle: Q4 2025\r\nyear: 2025\r\n---",
        '(https://ir.aboutamazon.com/q4-2025 "IR")',
        "(img/capex_2026.png)",
        "`verify 2025.md`",
        "<!-- draft: 355.8 -->",
        "```python\nx = 2134  # a ` stray backtick\n```",
        "https://example.com/2025/q4?x=1",
        "https://aws.amazon.com/zh",
    ]


def test_markdown_masks_leave_prose_alone():
    text = "營收355.8億美元，年增24%。[link text 2025](u) and a lone ` backtick.\n\nNext `para."
    assert masked(text) == ["(u)"]


def test_unclosed_fence_runs_to_the_end():
    text = "Intro 5%.\n~~~\ncode 1\ncode 2\n"
    assert masked(text) == ["~~~\ncode 1\ncode 2\n"]


def test_is_markdown():
    assert is_markdown("a.md") and is_markdown("b.MARKDOWN")
    assert not is_markdown("a.txt")


# --- errors ---------------------------------------------------------------------


def test_exception_tree():
    assert issubclass(UsageError, VerifyError) and issubclass(InputError, VerifyError)
    assert issubclass(SourceTableError, InputError)


def test_source_table_error_names_file_row_and_column():
    err = SourceTableError("sources/amzn.csv", row=4, column="value", problem="'abc' is not a number")
    assert str(err) == "sources/amzn.csv, row 4, column value: 'abc' is not a number"
    assert (err.file, err.row, err.column) == ("sources/amzn.csv", 4, "value")
    assert str(SourceTableError("s.yaml", problem="not a list of rows")) == "s.yaml: not a list of rows"


def test_folder_walks_skip_what_git_ignores_and_vendored_folders(tmp_path):
    from verifier.read import collect_articles

    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/old/\n*.tmp.md\n", encoding="utf-8")
    root = tmp_path / "drafts"
    for rel in ("a.md", "old/b.md", "c.tmp.md", "node_modules/pkg/README.md", ".cache/d.md", "sub/e.txt", "sub/f.txt", "gen/g.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("Revenue was $10 billion.\n", encoding="utf-8")
    (root / "sub" / ".gitignore").write_text("f.txt\n", encoding="utf-8")
    found = [p.relative_to(root).as_posix() for p in collect_articles([root], exclude=["gen/"])]
    assert found == ["a.md", "sub/e.txt"]


# --- encodings that are not clean UTF-8 ------------------------------------------

MOSTLY_UTF8 = "Revenue rose 24% to €5 billion — a record; 營收1.2億美元.\n".encode("utf-8")


def test_mostly_utf8_with_stray_bytes_is_utf8_and_names_the_bytes(tmp_path):
    data = MOSTLY_UTF8.replace(b"record", b"r\xe9cord").replace(b"; ", b"\x92 ")
    article = read_article(write(tmp_path, "a.txt", data))
    assert article.encoding == "utf-8" and 0 < article.encoding_confidence < 1
    assert "€5 billion" in article.text and "營收1.2億美元" in article.text
    assert article.text.count("\ufffd") == 2
    note = article.encoding_note
    assert "\n" not in note and "0xE9 at line 1" in note and "0x92 at line 1" in note and "2 bytes are not UTF-8" in note


def test_stray_bytes_keep_offsets_on_the_decoded_text(tmp_path):
    data = b"Profit \x92was $5 billion.\nSales were $9 billion.\n"
    article = read_article(write(tmp_path, "a.txt", b"caf\xc3\xa9 " + data))
    from verifier.pipeline import analyse_text

    result = analyse_text(article)
    assert [article.text[c.start:c.end] for c in result.claims] == [c.quantity.text for c in result.claims]
    assert {c.quantity.text for c in result.claims} >= {"$5 billion", "$9 billion"}


@pytest.mark.parametrize("text", [
    "Sales were £5 billion.",
    "Profit £4.5bn, up 10%.\n",
    "Revenue £500m. Costs £200m. Naïve.",
    "The £ fell to £1.20 against the euro; cafés closed.",
])
def test_latin1_is_read_as_western_so_the_pound_stays_a_pound(tmp_path, text):
    article = read_article(write(tmp_path, "a.txt", text.encode("latin-1")))
    assert article.text == text
    assert article.encoding in ("cp1252", "latin_1") and 0 < article.encoding_confidence <= 1
    assert article.encoding_note and "confidence" in article.encoding_note


def test_the_encoding_and_its_confidence_are_reported(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from verifier.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes("Sales were £5 billion in 2025.\n".encode("latin-1"))
    (tmp_path / "b.txt").write_text("Sales were £5 billion in 2025.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["a.txt", "b.txt", "-f", "json", "--no-html", "--fail-on", "never"])
    arts = {r["article"]["path"]: r["article"] for r in json.loads(res.stdout)["reports"]}
    assert arts["a.txt"]["encoding"] == "cp1252" and arts["b.txt"] == {**arts["b.txt"], "encoding": "utf-8", "encoding_confidence": 1.0}
    notes = [line for line in res.stderr.splitlines() if "a.txt" in line]
    assert len(notes) == 1 and "read as cp1252" in notes[0] and "confidence" in notes[0]
    assert not any("b.txt" in line for line in res.stderr.splitlines())

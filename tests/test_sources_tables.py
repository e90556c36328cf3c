"""Source tables: reading, validation and the errors a data desk sees.

Every unusable table is one SourceTableError whose one-line message names
the file, the row (its line; a CSV header is row 1) and the column.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from verifier.errors import SourceTableError
from verifier.sources import load_sources, normalise_period, parse_unit, parse_value
from verifier.sources.periods import base_period

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
MALFORMED = FIXTURES / "malformed"


@pytest.mark.parametrize(
    "name, row, column, words",
    [
        ("missing_column.csv", 1, "unit", "missing column 'unit'"),
        ("missing_column.yaml", 2, "unit", "missing column 'unit'"),
        ("non_numeric.csv", 3, "value", "'n/a' is not a number"),
        ("non_numeric.yaml", 4, "value", "'about a third' is not a number"),
        ("unknown_unit.csv", 3, "unit", "unknown unit 'USD bushels'"),
        ("duplicate_key.csv", 4, "value", "duplicate key with different values: 231.4 USD bn here, 213.4 USD bn in row 2"),
        ("bad_period.csv", 2, "period", "period 'the fourth quarter' not understood"),
        ("empty_cell.csv", 2, "source", "empty source cell"),
        ("bad_date.csv", 2, "published", "published '5 Feb 2026' is not a date"),
        ("bad_basis.csv", 2, "basis", "basis 'rumour' is not one of"),
        ("extra_cell.csv", 2, 7, "has 7 cells but the header has 6"),
        ("bad.yaml", 5, None, "is not valid YAML"),
        ("empty.csv", None, None, "is empty"),
        ("empty.yaml", None, None, "is empty"),
        ("header_only.csv", None, None, "has a header but no rows"),
    ],
)
def test_malformed_table_is_one_line_naming_file_row_column(tmp_path, name, row, column, words):
    with pytest.raises(SourceTableError) as err:
        load_sources([str(MALFORMED / name)], tmp_path)
    e = err.value
    assert e.file.endswith(name) and e.row == row and e.column == column
    assert words in e.problem, e.message
    assert "\n" not in e.message and e.message.startswith(e.file)
    if row is not None:
        assert f"row {row}" in e.message


def test_missing_sources_path_is_an_error(tmp_path):
    with pytest.raises(SourceTableError, match="does not exist"):
        load_sources([str(tmp_path / "nope.csv")], tmp_path)


def test_folder_without_tables_given_explicitly_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceTableError, match="holds no .csv"):
        load_sources([str(tmp_path / "empty")], tmp_path)


def test_nothing_loaded_is_none(tmp_path):
    assert load_sources([], tmp_path) is None
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "README.md").write_text("notes", encoding="utf-8")
    assert load_sources([], tmp_path) is None


def test_given_paths_replace_the_working_folder_sources(tmp_path):
    (tmp_path / "sources").mkdir()
    shutil.copy(FIXTURES / "en" / "sources.csv", tmp_path / "sources" / "meta.csv")
    # with --sources, only those tables are read
    index = load_sources([str(FIXTURES / "zh" / "sources.yaml")], tmp_path)
    assert len(index.tables) == 1 and index.files[0].endswith("sources.yaml")
    # without, the working folder's sources/ is read, named relative to the working folder
    index = load_sources([], tmp_path)
    assert index.files == ["sources/meta.csv"]
    both = load_sources([str(tmp_path / "sources"), str(FIXTURES / "zh" / "sources.yaml")], tmp_path)
    assert len(both.tables) == 2 and len(both) == 13
    # the same table twice is loaded once
    assert len(load_sources([str(tmp_path / "sources")], tmp_path).tables) == 1


def test_conflicting_rows_across_tables_name_both_files(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    head = "entity,metric,period,value,unit,source\n"
    a.write_text(head + "AWS,revenue,2025-Q4,35.6,USD bn,https://example.com/x\n", encoding="utf-8")
    b.write_text(head + "Amazon Web Services,net sales,Q4 2025,36.5,USD bn,https://example.com/x\n", encoding="utf-8")
    with pytest.raises(SourceTableError) as err:
        load_sources([str(a), str(b)], tmp_path)
    assert "a.csv row 2" in err.value.message and err.value.file.endswith("b.csv")


def test_rows_that_agree_within_precision_are_not_duplicates(tmp_path):
    t = tmp_path / "t.csv"
    t.write_text(
        "entity,metric,period,value,unit,source\n"
        "Amazon,revenue,2025-Q4,213.4,USD bn,https://example.com/x\n"
        'Amazon,net sales,Q4 2025,"213,386",USD m,https://example.com/x\n',
        encoding="utf-8",
    )
    index = load_sources([str(t)], tmp_path)
    rows = index.rows("Amazon", "revenue")
    assert [r.row for r in rows] == [2, 3] and rows[1].value == pytest.approx(213.386e9)


def test_rows_one_last_digit_apart_are_two_figures_not_one(tmp_path):
    """213.4 stands for [213.35, 213.45) and 213.5 for [213.45, 213.55): intervals that only touch
    do not agree (verifier.rounding), so the same key with both is a conflict, as any other."""
    t = tmp_path / "t.csv"
    t.write_text(
        "entity,metric,period,value,unit,source\n"
        "Amazon,revenue,2025-Q4,213.4,USD bn,https://example.com/x\n"
        "Amazon,revenue,2025-Q4,213.5,USD bn,https://example.com/x\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceTableError) as err:
        load_sources([str(t)], tmp_path)
    assert (err.value.row, err.value.column) == (3, "value") and "213.4 USD bn in row 2" in err.value.message


def test_interleaved_topics_keep_their_rows_and_the_first_conflict_in_file_order_is_named(tmp_path, monkeypatch):
    """Rows are grouped by topic, but duplicates are reported in file order, whatever the topics' order."""
    from verifier.sources import cache

    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    head = "entity,metric,period,value,unit,source\n"
    rows = [
        "AWS,revenue,2025-Q4,35.6,USD bn,https://example.com/x",
        "Amazon,revenue,2025-Q4,213.4,USD bn,https://example.com/x",
        "AWS,revenue,2025-Q3,33.0,USD bn,https://example.com/x",
        "Amazon,capex,2025-Q4,39.5,USD bn,https://example.com/x",
        "Amazon,revenue,2025-Q3,180.2,USD bn,https://example.com/x",
        "Amazon,revenue,2025-Q4,213.4,USD bn,https://example.com/x",
    ]
    t = tmp_path / "t.csv"
    t.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    for _ in range(2):  # built, then from the cache
        index = load_sources([str(t)], tmp_path)
        assert [r.row for r in index.rows("AWS", "revenue")] == [2, 4]
        assert [r.row for r in index.rows("Amazon", "revenue")] == [3, 6, 7]
        assert [r.row for r in index.rows("Amazon", "capex")] == [5]
        assert index.rows("AWS", "capex") == [] and index.rows("Nobody", "revenue") == []
    assert list(cache.get(t.resolve()).topics()) == [("AWS", "revenue"), ("Amazon", "revenue"), ("Amazon", "capex")]
    # the Amazon conflict (row 8) comes before the AWS one (row 9) in the file, though its topic is second
    t.write_text(head + "\n".join(rows + ["Amazon,revenue,2025-Q3,181.0,USD bn,https://example.com/x",
                                            "AWS,revenue,2025-Q3,33.9,USD bn,https://example.com/x"]) + "\n", encoding="utf-8")
    with pytest.raises(SourceTableError) as err:
        load_sources([str(t)], tmp_path)
    assert (err.value.row, err.value.column) == (8, "value") and "180.2 USD bn in row 6" in err.value.message


def test_names_resolve_through_the_lexicons_in_both_languages(tmp_path):
    index = load_sources([str(FIXTURES / "zh" / "sources.yaml")], tmp_path)
    rows = index.rows("TSMC", "revenue")
    assert {r.period for r in rows} == {"2025-Q4", "2024-Q4", "2026-Q1"}
    est = [r for r in rows if r.basis == "estimate"]
    assert len(est) == 1 and est[0].metric_text == "營收預估" and est[0].value == pytest.approx(33e9)
    growth = [r for r in rows if r.change == "yoy"]
    assert growth[0].unit == "percent" and growth[0].lo == pytest.approx(25.45)
    assert index.resolve_entity("台积电") == ("TSMC", 100.0)
    assert index.resolve_metric("营收")[0] == "revenue"


@pytest.mark.parametrize(
    "text, base, factor",
    [
        ("USD bn", "USD", 1e9),
        ("USD billion", "USD", 1e9),
        ("US$ m", "USD", 1e6),
        ("USD tn", "USD", 1e12),
        ("億美元", "USD", 1e8),
        ("萬億美元", "USD", 1e12),
        ("CNY 亿", "CNY", 1e8),
        ("人民幣 億", "CNY", 1e8),
        ("percent", "percent", 1.0),
        ("%", "percent", 1.0),
        ("pp", "percentage_point", 1.0),
        ("bps", "percentage_point", 0.01),
        ("USD per share", "USD/share", 1.0),
        ("USD/share", "USD/share", 1.0),
        ("美元/股", "USD/share", 1.0),
        ("GW", "gigawatt", 1.0),
        ("count", "dimensionless", 1.0),
    ],
)
def test_units(text, base, factor):
    assert parse_unit(text) == (base, factor)


@pytest.mark.parametrize("text", ["元", "億元", "widgets", "USD bushels", "per share"])
def test_unknown_or_ambiguous_units_are_refused(text):
    with pytest.raises(ValueError, match="unknown unit"):
        parse_unit(text)


def test_values_keep_their_printed_precision_and_hedges():
    v = parse_value("213.4", 1e9)
    assert (v.lo, v.hi) == pytest.approx((213.35e9, 213.45e9))
    v = parse_value("1,466", 1e8)
    assert v.value == pytest.approx(146.6e9) and v.hi - v.lo == pytest.approx(1e8)
    v = parse_value("173.5-178.5", 1e9)
    assert (v.low, v.high, v.value) == pytest.approx((173.5e9, 178.5e9, 176e9))
    assert parse_value("~200", 1e9).lo == pytest.approx(190e9)
    assert parse_value("approximately 131", 1e9).hedge == parse_value("about 131", 1e9).hedge == "approx"
    assert parse_value(">630", 1e9).hi == float("inf")
    assert parse_value("-4.42").value == pytest.approx(-4.42)
    assert parse_value("24%", percent=True).value == 24
    with pytest.raises(ValueError):
        parse_value("24%")


@pytest.mark.parametrize(
    "text, label",
    [
        ("2025-Q4", "2025-Q4"),
        ("Q4 2025", "2025-Q4"),
        ("2025年Q4", "2025-Q4"),
        ("2025年第四季", "2025-Q4"),
        ("fourth quarter 2025", "2025-Q4"),
        ("the fourth quarter of 2025", "2025-Q4"),
        ("4Q25", "2025-Q4"),
        ("Q4'25", "2025-Q4"),
        ("FY2026", "FY2026"),
        ("FY26", "FY2026"),
        ("fiscal 2026", "FY2026"),
        ("FY26 Q2", "FY2026-Q2"),
        ("2026", "2026"),
        ("2026年", "2026"),
        ("H1 2026", "2026-H1"),
        ("2026年上半年", "2026-H1"),
        ("Oct 2025", "2025-10"),
        ("2026-02-05", "2026-02-05"),
        ("2024-2028", "2024..2028"),
    ],
)
def test_periods(text, label):
    assert normalise_period(text) == label


@pytest.mark.parametrize("text", ["第四季", "Q4", "the fourth quarter", "last year", "soon"])
def test_periods_without_a_year_are_refused(text):
    with pytest.raises(ValueError, match="not understood"):
        normalise_period(text)


def test_base_periods():
    assert base_period("2025-Q4", "yoy") == "2024-Q4"
    assert base_period("2025-Q1", "qoq") == "2024-Q4"
    assert base_period("2026", "yoy") == "2025"
    assert base_period("FY2026-Q2", "yoy") == "FY2025-Q2"
    assert base_period("2026-01", "qoq") == "2025-12"
    assert base_period("2025-Q4", "cagr") is None


def test_big_tables_are_cached_and_a_change_invalidates_the_cache(tmp_path, monkeypatch):
    from verifier.sources import cache

    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    t = tmp_path / "t.csv"
    t.write_text("entity,metric,period,value,unit,source\nAWS,revenue,2025-Q4,35.6,USD bn,https://example.com/x\n", encoding="utf-8")
    first = load_sources([str(t)], tmp_path)
    assert list((tmp_path / "cache").glob("*.table"))
    assert cache.get(t) is not None
    again = load_sources([str(t)], tmp_path)
    assert again.rows("AWS", "revenue") == first.rows("AWS", "revenue")
    t.write_text("entity,metric,period,value,unit,source\nAWS,revenue,2025-Q4,35.7,USD bn,https://example.com/x\n", encoding="utf-8")
    assert cache.get(t) is None
    assert load_sources([str(t)], tmp_path).rows("AWS", "revenue")[0].printed == "35.7"
    # a malformed table is never cached: it fails every time
    bad = tmp_path / "bad.csv"
    shutil.copy(MALFORMED / "unknown_unit.csv", bad)
    for _ in range(2):
        with pytest.raises(SourceTableError):
            load_sources([str(bad)], tmp_path)


class _Plant:
    """A pickle that writes a file when it is unpickled: what an attacker would leave in a shared cache."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "code ran"))


def test_a_planted_cache_file_never_runs_code(tmp_path, monkeypatch):
    import pickle

    from verifier.sources import cache

    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    t = (tmp_path / "t.csv").resolve()
    t.write_text("entity,metric,period,value,unit,source\nAWS,revenue,2025-Q4,35.6,USD bn,https://example.com/x\n", encoding="utf-8")
    file, stamp = cache._entry(t)
    file.parent.mkdir(parents=True)
    marker = tmp_path / "pwned"
    payload = pickle.dumps((stamp, _Plant(marker)))
    # the old layout, the new header with a pickle behind it, and a bare pickle under the new name
    for planted in (payload, cache.MAGIC + stamp.encode() + b"\n" + payload, cache.MAGIC + b"wrong stamp\n" + payload):
        file.write_bytes(planted)
        assert cache.get(t) is None
        assert load_sources([str(t)], tmp_path).rows("AWS", "revenue")[0].printed == "35.6"
        assert not marker.exists()
    # an entry that holds together but would read rows from another file is a miss too
    good = file.read_bytes()
    assert cache.get(t) is not None
    other = str(t)[:-5] + "u.csv"  # same length: only the check on the file catches it
    file.write_bytes(good.replace(str(t).encode(), other.encode()))
    assert cache.get(t) is None
    file.write_bytes(good[:-3])  # truncated
    assert cache.get(t) is None


def _entry_parts(file: Path):
    """A cache entry as (stamp lines, JSON part, arrays by name)."""
    import json
    from array import array

    data = file.read_bytes()
    cut = data.index(b"\n", data.index(b"\n") + 1) + 1
    head, body = data[:cut], data[cut:]
    n = int.from_bytes(body[:8], "little")
    meta, pos, arrays = json.loads(body[8 : 8 + n]), 8 + n, {}
    for name, code, length in meta["arrays"]:
        a = array(code)
        a.frombytes(body[pos : pos + a.itemsize * length])
        arrays[name], pos = a, pos + a.itemsize * length
    return head, meta, arrays


def _entry_bytes(head: bytes, meta: dict, arrays: dict) -> bytes:
    import json

    meta = {**meta, "arrays": [[k, a.typecode, len(a)] for k, a in arrays.items()]}
    body = json.dumps(meta, ensure_ascii=False).encode()
    return head + len(body).to_bytes(8, "little") + body + b"".join(a.tobytes() for a in arrays.values())


def test_a_cache_entry_that_does_not_hold_together_is_a_miss(tmp_path, monkeypatch):
    from array import array

    from verifier.sources import cache

    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    t = (tmp_path / "t.csv").resolve()
    t.write_text(
        "entity,metric,period,value,unit,source\n"
        "AWS,revenue,2025-Q4,35.6,USD bn,https://example.com/x\n"
        "Amazon,revenue,2025-Q4,213.4,USD bn,https://example.com/x\n",
        encoding="utf-8",
    )
    load_sources([str(t)], tmp_path)
    file, _ = cache._entry(t)
    head, meta, arrays = _entry_parts(file)
    assert _entry_bytes(head, meta, arrays) == file.read_bytes()  # the helpers read the layout right
    assert meta["lines"] == [2, 2] and "lines" not in arrays  # rows on consecutive lines: a range, not an array

    def swap(name, values):
        return {**arrays, name: array(arrays[name].typecode, values)}

    broken = {
        "a topic listed twice": _entry_bytes(head, meta, swap("topic_entity", [0, 0])),
        "an entity code past the names": _entry_bytes(head, {**meta, "entities": ["AWS"]}, arrays),
        "a group past the rows": _entry_bytes(head, meta, swap("starts", [0, 1, 3])),
        "groups out of order": _entry_bytes(head, meta, swap("starts", [0, 3, 2])),
        "a row past the table": _entry_bytes(head, meta, swap("order", [0, 2])),
        "a period code past the labels": _entry_bytes(head, meta, swap("period_code", [0, 1])),
        "lines for more rows than the arrays": _entry_bytes(head, {**meta, "lines": [2, 3]}, arrays),
        "an array of another type": _entry_bytes(head, meta, {**arrays, "order": array("q", arrays["order"])}),
        "bytes left over": file.read_bytes() + b"\0",
        "an array longer than the file": file.read_bytes().replace(b'["order", "i", 2]', b'["order", "i", 9]'),
    }
    good = file.read_bytes()
    for why, data in broken.items():
        assert data != good, why
        file.write_bytes(data)
        assert cache.get(t) is None, why
        rows = load_sources([str(t)], tmp_path).rows("Amazon", "revenue")  # rebuilt from the table
        assert [(r.row, r.printed) for r in rows] == [(3, "213.4")], why
        assert file.read_bytes() == good, why


def test_shipped_amazon_table_loads_with_provenance_on_every_row():
    root = Path(__file__).parent.parent
    index = load_sources([], root)
    assert index is not None and any(f.endswith("amazon-q4-2025.csv") for f in index.files)
    table = next(t for t in index.tables if t.path.endswith("amazon-q4-2025.csv"))
    for i in range(len(table)):
        r = table.row(i)
        assert r.source.startswith("https://") and r.quote and r.id, r
        assert r.published or (r.note and "no date" in r.note), r


def test_rows_are_read_back_from_disk_and_irregular_csv_is_read_row_by_row(tmp_path):
    head = "entity,metric,period,value,unit,source,quote\n"
    regular = tmp_path / "regular.csv"
    regular.write_text(head + 'AWS,revenue,2025-Q4,35.6,USD bn,https://example.com/x,"rose 24%, to $35.6 billion"\n', encoding="utf-8")
    t = load_sources([str(regular)], tmp_path).tables[0]
    assert t.cells is None and t.row(0).quote == "rose 24%, to $35.6 billion"  # from disk, by line
    irregular = tmp_path / "irregular.csv"
    irregular.write_text(
        head + "\n"
        'AWS,revenue,2025-Q4,35.6,USD bn,https://example.com/x,"a quote\nover two lines"\n'
        "\n"
        "AWS,revenue,2024-Q4,28.8,USD bn,https://example.com/x,\n",
        encoding="utf-8",
    )
    t = load_sources([str(irregular)], tmp_path).tables[0]
    assert t.cells is not None and list(t.lines) == [3, 6]
    assert t.row(0).quote == "a quote\nover two lines" and t.row(1).period == "2024-Q4"
    bad = tmp_path / "bad.csv"
    bad.write_text(head + "\nAWS,revenue,2025-Q4,lots,USD bn,https://example.com/x,\n", encoding="utf-8")
    with pytest.raises(SourceTableError) as err:
        load_sources([str(bad)], tmp_path)
    assert err.value.row == 3 and err.value.column == "value"


def test_errors_name_the_right_row_deep_in_a_big_table(tmp_path):
    lines = ["entity,metric,period,value,unit,source"]
    lines += [f"Company {i},revenue,2025,{i}.5,USD m,https://example.com/{i}" for i in range(10_000)]
    lines[7_777] = "Company 7776,revenue,2025,7776.5,USD gallons of gold,https://example.com/x"
    big = tmp_path / "big.csv"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceTableError) as err:
        load_sources([str(big)], tmp_path)
    assert (err.value.row, err.value.column) == (7_778, "unit")


def test_hostile_yaml_tables_are_refused_in_one_line(tmp_path):
    from verifier.errors import SourceTableError
    from verifier.sources import load_sources

    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
    ) + "rows: *i\n"
    for name, body, needle in [("laughs.yaml", laughs, "expands to more than"),
                               ("deep.yaml", "[" * 100 + "]" * 100, "nests deeper than"),
                               ("deeper.yaml", "[" * 20000 + "]" * 20000, "YAML")]:
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        with pytest.raises(SourceTableError) as err:
            load_sources([str(path)], tmp_path)
        assert needle in err.value.message and name in err.value.message


@pytest.mark.parametrize("cell, needle", [("1e309", "beyond the range"), ("1e-400", "beyond the range"),
                                          ("1_000", "is not a number"), ("nan", "is not a number"), ("inf", "is not a number"),
                                          ("5.", "is not a number"), ("\u0661\u0662\u0663", "is not a number"),
                                          ("\u0665", "is not a number"), ("0x10", "is not a number")])
def test_values_python_reads_but_a_table_does_not_allow_name_file_row_column(tmp_path, cell, needle):
    from verifier.errors import SourceTableError

    path = tmp_path / "t.csv"
    path.write_text(f"entity,metric,period,value,unit,source\nAmazon,revenue,2025,{cell},USD bn,10-K\n", encoding="utf-8")
    with pytest.raises(SourceTableError) as err:
        load_sources([str(path)], tmp_path)
    assert err.value.row == 2 and err.value.column == "value" and needle in err.value.message


@pytest.mark.parametrize("cell", ["1_000", "0x10", "1:30", "0o17", "'5.'", "[1]", "{a: 1}", ".inf", ".nan", "\u0661\u0662"])
def test_a_yaml_value_is_checked_as_written_not_as_yaml_reads_it(tmp_path, cell):
    """YAML 1.1 reads 1_000, 0x10 and 1:30 as integers: a table does not allow them however they are read."""
    from verifier.errors import SourceTableError

    path = tmp_path / "t.yaml"
    path.write_text(f"- {{entity: Amazon, metric: revenue, period: 2025, value: {cell}, unit: USD bn, source: 10-K}}\n", encoding="utf-8")
    with pytest.raises(SourceTableError) as err:
        load_sources([str(path)], tmp_path)
    assert err.value.row == 1 and err.value.column == "value" and "is not a number" in err.value.message


def test_a_yaml_value_keeps_its_printed_digits(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("defaults: {unit: USD bn, source: 10-K, value: 1.50}\n"
                    "rows:\n- {entity: Amazon, metric: revenue, period: 2025, value: 213.40}\n"
                    "- {entity: Amazon, metric: revenue, period: 2024}\n", encoding="utf-8")
    index = load_sources([str(path)], tmp_path)
    rows = list(index.rows("Amazon", "revenue"))
    assert sorted(r.printed for r in rows) == ["1.50", "213.40"] and sorted(r.precision for r in rows) == [0.005e9, 0.005e9]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A\s*[-+]?(?:[0-9]{1,40}(?:\.[0-9]{1,40})?|\.[0-9]{1,40})\s*\Z"))
def test_every_cell_the_fast_road_passes_is_a_value(cell):
    """The whole-column check lets a cell by only when the row's figure can be read from it later."""
    from pydantic import ValidationError

    from verifier.sources.checks import _Numbers

    try:
        _Numbers.validate_python([cell])
    except ValidationError:
        assume(False)  # spaces Python's regex counts and Rust's does not
    parse_value(cell.strip())


def test_a_value_the_fast_road_refuses_is_named_not_a_crash(tmp_path):
    from click.testing import CliRunner

    from verifier.cli import main

    table = tmp_path / "t.csv"
    table.write_text("entity,metric,period,value,unit,source\nAmazon,revenue,2025-Q4,5.,USD bn,x\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("Amazon revenue was $5 billion in the fourth quarter of 2025.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["--no-html", "--sources", str(table), str(art)])
    assert res.exit_code == 2 and "internal error" not in res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("verify: error:") and "row 2, column value" in res.stderr


def test_a_csv_with_cr_only_line_endings_is_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"entity,metric,period,value,unit,source\rAmazon,revenue,2025,5.2,USD bn,10-K\rAmazon,revenue,2024,4.2,USD bn,10-K\r")
    index = load_sources([str(path)], tmp_path)
    assert len(index) == 2 and [r.row for r in index.rows("Amazon", "revenue")] == [2, 3]

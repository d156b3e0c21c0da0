"""Hostile and broken files get one clear refusal, fast; never a traceback."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sheets.errors import WorkbookError
from sheets.xlsx import read_xlsx

ROOT = Path(__file__).parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
SECONDS_PER_FILE = 10
OLE = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
FUZZED = "poi__spreadsheet_clusterfuzz-testcase-minimized-"

CORPUS_REFUSALS = [
    ("calamine__pass_protected.xlsx", "is password-protected"),
    ("poi__poifs_protect.xlsx", "is password-protected"),
    ("poi__poifs_protected_sha512.xlsx", "is password-protected"),
    ("poi__spreadsheet_protected_passtika.xlsx", "is password-protected"),
    ("poi__openxml4j_invalid.xlsx", "not an .xlsx file"),
    (FUZZED + "XLSX2CSVFuzzer-5636439151607808.xlsx", "is damaged"),
    (FUZZED + "XLSX2CSVFuzzer-6594557414080512.xlsx", "is damaged"),
    (FUZZED + "POIXSSFFuzzer-6123461607817216.xlsx", "is damaged"),
    ("poi__spreadsheet_crash-274d6342e4842d61be0fb48eaadad6208ae767ae.xlsx", "damaged"),
    ("poi__spreadsheet_xlsx-corrupted.xlsx", "is damaged (_rels/.rels is not valid"),
    ("poi__spreadsheet_poc-xmlbomb.xlsx", "XML document type declaration"),
    ("poi__spreadsheet_poc-xmlbomb-empty.xlsx", "XML document type declaration"),
    ("poi__spreadsheet_poc-shared-strings.xlsx", "over Excel's limit of 32,767"),
    ("poi__spreadsheet_duplicate-filename.xlsx", "duplicate parts (xl/worksheets/"),
    ("poi__spreadsheet_duplicate-filename-case-insensitive.xlsx", "duplicate parts"),
    ("poi__spreadsheet_SimpleStrict.xlsx", "Strict Open XML Spreadsheet"),
    ("poi__spreadsheet_sample.strict.xlsx", "Strict Open XML Spreadsheet"),
    ("calamine__strict_iso_paths.xlsx", "Strict Open XML Spreadsheet"),
    ("sheetjs__sheet_visibility_strict.xlsx", "Strict Open XML Spreadsheet"),
]

WORKER = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from sheets.errors import WorkbookError
from sheets.xlsx import read_xlsx
for name in sys.argv[1:]:
    started = time.perf_counter()
    try:
        read_xlsx(name)
        outcome = "grids"
    except WorkbookError:
        outcome = "refused"
    except BaseException as error:
        outcome = f"raised {type(error).__name__}: {error}"
    seconds = time.perf_counter() - started
    print(json.dumps({"file": name, "outcome": outcome, "seconds": seconds}))
    sys.stdout.flush()
"""


def refusal(path: Path) -> str:
    """The reason read_xlsx gives for refusing a file, checking it names the file."""
    with pytest.raises(WorkbookError) as caught:
        read_xlsx(path, source="goals.xlsx")
    assert str(caught.value).startswith("goals.xlsx: ")
    assert caught.value.exit_code == 2
    return caught.value.reason


def write_package(path: Path, parts: dict[str, str | bytes]) -> Path:
    """Write a zip package; workbook parts not given are filled in minimally."""
    defaults: dict[str, str | bytes] = {
        "_rels/.rels": relationships("officeDocument", "xl/workbook.xml"),
        "xl/workbook.xml": workbook_xml(),
        "xl/_rels/workbook.xml.rels": relationships("worksheet", "worksheets/s1.xml"),
        "xl/worksheets/s1.xml": sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in {**defaults, **parts}.items():
                archive.writestr(name, data)
    return path


def relationships(kind: str, target: str) -> str:
    return (
        f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/{kind}" Target="{target}"/>'
        "</Relationships>"
    )


def workbook_xml(sheets: str = '<sheet name="KPIs" sheetId="1" r:id="rId1"/>') -> str:
    return (
        f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def sheet_xml(sheet_data: str) -> str:
    content = f"<sheetData>{sheet_data}</sheetData>"
    return f'{DECLARATION}<worksheet xmlns="{MAIN}">{content}</worksheet>'


def shared_strings(*items: str) -> str:
    return f'{DECLARATION}<sst xmlns="{MAIN}">{"".join(items)}</sst>'


def with_strings(path: Path, *items: str) -> Path:
    return write_package(
        path,
        {
            "xl/_rels/workbook.xml.rels": (
                f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
                f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
                'Target="worksheets/s1.xml"/>'
                f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" '
                'Target="sharedStrings.xml"/></Relationships>'
            ),
            "xl/sharedStrings.xml": shared_strings(*items),
            "xl/worksheets/s1.xml": sheet_xml(
                '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            ),
        },
    )


def patch_central_directory(path: Path, part: str, offset: int, value: int) -> None:
    """Overwrite a 32-bit field of one entry's central directory record."""
    data = bytearray(path.read_bytes())
    record = data.find(b"PK\x01\x02")
    while record >= 0:
        name_length = struct.unpack_from("<H", data, record + 28)[0]
        if data[record + 46 : record + 46 + name_length] == part.encode():
            struct.pack_into("<I", data, record + offset, value)
        record = data.find(b"PK\x01\x02", record + 4)
    path.write_bytes(data)


@pytest.mark.parametrize(
    ("name", "expected"),
    CORPUS_REFUSALS,
    ids=[name.split("__", 1)[1][:40] for name, _ in CORPUS_REFUSALS],
)
def test_refuse_corpus_file(corpus: Path, name: str, expected: str) -> None:
    assert expected in refusal(corpus / name)


@pytest.fixture(scope="module")
def corpus_outcomes(corpus: Path) -> Iterator[dict[str, dict[str, object]]]:
    """Read every corpus file in one child process, so a crash cannot take pytest."""
    files = sorted(str(path) for path in corpus.glob("*.xls*"))
    try:
        finished = subprocess.run(
            [sys.executable, "-c", WORKER, *files],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=SECONDS_PER_FILE * 6,
        )
        output, problem = finished.stdout, finished.stderr[-2000:]
    except subprocess.TimeoutExpired as timeout:
        output = timeout.stdout.decode() if isinstance(timeout.stdout, bytes) else ""
        problem = "the reader hung"
    results = [json.loads(line) for line in output.splitlines() if line.strip()]
    outcomes = {Path(result["file"]).name: result for result in results}
    outcomes["<problem>"] = {"outcome": problem}
    yield outcomes


def test_read_every_corpus_file_safely(
    corpus_file: Path, corpus_outcomes: dict[str, dict[str, object]]
) -> None:
    """Each file gives grids or a WorkbookError, within seconds, never a crash."""
    result = corpus_outcomes.get(corpus_file.name)

    assert result, f"no result; the reader died: {corpus_outcomes['<problem>']}"
    assert result["outcome"] in {"grids", "refused"}
    assert isinstance(result["seconds"], float)
    assert result["seconds"] < SECONDS_PER_FILE


def test_read_schema_pointing_elsewhere(corpus: Path) -> None:
    """An XML map's schema naming http://localhost is never fetched; cells read."""
    sheet = read_xlsx(corpus / "poi__spreadsheet_xxe_in_schema.xlsx").sheets[0]

    assert sheet.rows[8][2:] == ["/Test/Test", "Column1", "Column2"]


def test_refuse_zip_bomb(tmp_path: Path) -> None:
    path = write_package(tmp_path / "bomb.xlsx", {})
    zeros = bytes(1 << 20)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/zeros.xml", "w") as part,
    ):
        for _ in range(200):
            part.write(zeros)

    assert "possible zip bomb" in refusal(path)


def test_refuse_huge_declared_size(tmp_path: Path) -> None:
    path = write_package(tmp_path / "declared.xlsx", {"docProps/big.xml": "<x/>"})
    patch_central_directory(path, "docProps/big.xml", 24, 0x7FFF_FFFF)

    assert "would unpack to 2.0 GB" in refusal(path)


def test_refuse_part_larger_than_declared(tmp_path: Path) -> None:
    cells = '<row r="1"><c r="A1"><v>1</v></c></row>' * 100
    path = write_package(
        tmp_path / "lying.xlsx", {"xl/worksheets/s1.xml": sheet_xml(cells)}
    )
    patch_central_directory(path, "xl/worksheets/s1.xml", 24, 100)

    assert "more data in xl/worksheets/s1.xml than its zip directory declares" in (
        refusal(path)
    )


@pytest.mark.parametrize(
    ("part", "text"),
    [
        ("xl/workbook.xml", workbook_xml()),
        ("xl/worksheets/s1.xml", sheet_xml("")),
        ("xl/_rels/workbook.xml.rels", relationships("worksheet", "worksheets/s1.xml")),
    ],
    ids=["workbook", "worksheet", "relationships"],
)
@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        "<!-- a note --><?pi x?>\n<!DOCTYPE x>",
        '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>',
    ],
    ids=["external-entity", "after-comment", "entity-expansion"],
)
def test_refuse_document_type_declaration(
    tmp_path: Path, part: str, text: str, doctype: str
) -> None:
    hostile = text.replace(DECLARATION, DECLARATION + doctype, 1)
    path = write_package(tmp_path / "dtd.xlsx", {part: "\ufeff" + hostile})

    assert f"XML document type declaration ({part})" in refusal(path)


def test_refuse_unknown_encoding(tmp_path: Path) -> None:
    text = workbook_xml().replace("UTF-8", "U")
    path = write_package(tmp_path / "encoding.xlsx", {"xl/workbook.xml": text})

    assert "is damaged (xl/workbook.xml is not valid XML)" in refusal(path)


def test_refuse_entry_outside_the_file(tmp_path: Path) -> None:
    path = write_package(tmp_path / "offset.xlsx", {})
    patch_central_directory(path, "xl/workbook.xml", 42, 0xFFFF_FF00)

    assert "is damaged (xl/workbook.xml is cut short)" in refusal(path)


def test_refuse_utf16_part(tmp_path: Path) -> None:
    text = workbook_xml().replace("UTF-8", "UTF-16")
    path = write_package(
        tmp_path / "utf16.xlsx", {"xl/workbook.xml": text.encode("utf-16")}
    )

    assert "encoded as UTF-16" in refusal(path)


@pytest.mark.parametrize(
    "twin",
    ["xl/worksheets/s1.xml", "xl/worksheets/S1.XML", "xl\\worksheets\\s1.xml"],
    ids=["same-name", "other-case", "backslashes"],
)
def test_refuse_duplicate_parts(tmp_path: Path, twin: str) -> None:
    path = write_package(tmp_path / "twins.xlsx", {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr(twin, sheet_xml(""))

    assert "contains duplicate parts" in refusal(path)
    assert "tampered with" in refusal(path)


@pytest.mark.parametrize(
    "sheet_data",
    [
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
        '<row r="1"><c r="A1"><v>1</v></c><c r="ZZZZ1"><v>2</v></c></row>'
        '<row r="2"><c r="A99999999999"><v>3</v></c></row>',
        "<row r='1'><c r = 'XFD1'><v>1</v></c></row>"
        "<row r='1048576'><c\n r='A1048576'><v>2</v></c></row>",
        '<row r="1048576"><c><v>1</v></c></row>'
        '<row r="1"><c r="XFD1"><v>2</v></c></row>',
        '<row r="5000"><c r="A5000"><v>1</v></c></row>'
        f"<row>{'<c/>' * 3000}<c><v>1</v></c></row>",
    ],
    ids=[
        "far-corner",
        "beyond-excel",
        "odd-spelling",
        "unlabelled-row",
        "unlabelled-cells",
    ],
)
def test_refuse_sheet_reaching_too_far(tmp_path: Path, sheet_data: str) -> None:
    """One far cell would make the reader build billions of cells and abort."""
    path = write_package(
        tmp_path / "far.xlsx", {"xl/worksheets/s1.xml": sheet_xml(sheet_data)}
    )

    assert "is too large to read: tab 'KPIs' reaches row" in refusal(path)


def test_read_sparse_sheet_within_limits(tmp_path: Path) -> None:
    sheet_data = (
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="9000"><c r="Z9000"><v>2</v></c></row>'
    )
    path = write_package(
        tmp_path / "sparse.xlsx", {"xl/worksheets/s1.xml": sheet_xml(sheet_data)}
    )

    rows = read_xlsx(path).sheets[0].rows

    assert (len(rows), len(rows[-1]), rows[-1][25]) == (9000, 26, 2.0)


@pytest.mark.parametrize(
    "items",
    [
        [f"<si><t>{'x' * 40_000}</t></si>"],
        [
            "<si><t>short</t></si>",
            f"<si><r><t>{'y' * 20_000}</t></r><r><t>{'z' * 20_000}</t></r></si>",
        ],
        [f"<si><t><![CDATA[{'w' * 40_000}]]></t></si>"],
        [f"<si><t>{'&amp;' * 33_000}</t></si>"],
    ],
    ids=["plain", "rich-text-runs", "cdata", "entities"],
)
def test_refuse_string_longer_than_a_cell(tmp_path: Path, items: list[str]) -> None:
    path = with_strings(tmp_path / "long.xlsx", *items)

    assert "over Excel's limit of 32,767 per cell" in refusal(path)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([f"<si><t>{'&amp;' * 30_000}</t></si>"], "&" * 30_000),
        (
            [f"<si><t>{'v' * 32_000}</t><rPh><t>{'p' * 5_000}</t></rPh></si>"],
            "v" * 32_000,
        ),
        (["<si><t><![CDATA[<si>not a tag</si>]]></t></si>"], "<si>not a tag</si>"),
    ],
    ids=["entities", "phonetic-run", "cdata"],
)
def test_read_long_but_allowed_strings(
    tmp_path: Path, items: list[str], expected: str
) -> None:
    path = with_strings(tmp_path / "long.xlsx", *items)

    assert read_xlsx(path).sheets[0].rows == [[expected]]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"KPI,Target\nMQL,500\n", "is not an .xlsx file (it is plain text"),
        (bytes(range(256)) * 4, "is not an .xlsx file (it is not a zip package)"),
        (OLE + "Workbook".encode("utf-16-le"), "is an old Excel 97-2003 .xls file"),
        (OLE + "EncryptedPackage".encode("utf-16-le"), "is password-protected"),
        (b"PK\x03\x04" + bytes(100), "is damaged (its zip package cannot be"),
    ],
    ids=["empty", "csv", "garbage", "old-xls", "encrypted", "truncated-zip"],
)
def test_refuse_files_that_are_not_xlsx(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "goals.xlsx"
    path.write_bytes(content)

    assert expected in refusal(path)


def test_refuse_opendocument(tmp_path: Path) -> None:
    path = tmp_path / "goals.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")

    assert "is an OpenDocument spreadsheet (.ods)" in refusal(path)


def test_refuse_word_document(tmp_path: Path) -> None:
    parts: dict[str, str | bytes] = {
        "_rels/.rels": relationships("officeDocument", "word/document.xml"),
        "word/document.xml": f'{DECLARATION}<w:document xmlns:w="urn:w"/>',
    }
    path = write_package(tmp_path / "goals.docx", parts)

    assert "is not an Excel workbook (its main part is word/document.xml)" in refusal(
        path
    )


def test_refuse_binary_workbook(tmp_path: Path) -> None:
    parts: dict[str, str | bytes] = {
        "_rels/.rels": relationships("officeDocument", "xl/workbook.bin"),
        "xl/workbook.bin": bytes(64),
    }
    path = write_package(tmp_path / "goals.xlsb", parts)

    assert "is an Excel Binary Workbook (.xlsb)" in refusal(path)


def test_refuse_zip_without_workbook(tmp_path: Path) -> None:
    path = tmp_path / "goals.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")

    assert "contains no workbook" in refusal(path)


def test_refuse_cut_short_package(tmp_path: Path, corpus: Path) -> None:
    data = (corpus / "calamine__errors.xlsx").read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(data[: len(data) // 2])

    assert "is damaged" in refusal(path)


def test_refuse_missing_file(tmp_path: Path) -> None:
    assert "was not found" in refusal(tmp_path / "nowhere.xlsx")


def test_refuse_strict_workbook(tmp_path: Path) -> None:
    strict = workbook_xml().replace(MAIN, STRICT_MAIN)
    path = write_package(tmp_path / "strict.xlsx", {"xl/workbook.xml": strict})

    assert "Strict Open XML Spreadsheet" in refusal(path)


def test_refuse_missing_sheet_part(tmp_path: Path) -> None:
    rels = relationships("worksheet", "worksheets/gone.xml")
    path = write_package(tmp_path / "gone.xlsx", {"xl/_rels/workbook.xml.rels": rels})

    assert "has a tab 'KPIs' whose cells are missing" in refusal(path)


def test_refuse_two_tabs_with_one_name(tmp_path: Path) -> None:
    sheets = (
        '<sheet name="KPIs" sheetId="1" r:id="rId1"/>'
        '<sheet name="kpis" sheetId="2" r:id="rId1"/>'
    )
    path = write_package(
        tmp_path / "twins.xlsx", {"xl/workbook.xml": workbook_xml(sheets)}
    )

    assert "has two tabs named 'kpis'" in refusal(path)


def test_refuse_unusual_compression(tmp_path: Path) -> None:
    path = write_package(tmp_path / "bzip.xlsx", {})
    rebuilt = tmp_path / "rebuilt.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for entry in source.infolist():
            target.writestr(entry.filename, source.read(entry), zipfile.ZIP_BZIP2)

    assert "zip compression that Excel never writes" in refusal(rebuilt)


def test_refuse_what_the_reader_cannot_read(tmp_path: Path) -> None:
    sheet = sheet_xml('<row r="1"><c r="A0"><v>1</v></c></row>')
    path = write_package(tmp_path / "row-zero.xlsx", {"xl/worksheets/s1.xml": sheet})

    assert refusal(path).startswith("could not be read (")

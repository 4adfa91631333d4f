"""Reading a spreadsheet (.xlsx or .csv) into plain text grids that remember sheet, row and column.

Merged cells are filled from their top-left cell, hidden rows are marked, formulas are replaced by the
value Excel saved with them; each of these is noted so a person can look.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl.utils import get_column_letter

from .notes import NOTICE, Note, fatal


@dataclass
class Grid:
    """One worksheet as text. rows[r][c] is the text at row r+1, column c+1 ('' when empty)."""

    name: str
    rows: list[list[str]]
    hidden_rows: set[int] = field(default_factory=set)       # 1-based row numbers
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)    # (row, col) 1-based -> formula text
    notes: list[Note] = field(default_factory=list)

    def text(self, row: int, col: int) -> str:
        """Text at a 1-based row and column."""
        if row - 1 < len(self.rows) and col - 1 < len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return ""


def cell_ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def read_book(path: Path) -> list[Grid]:
    """Every sheet of the file as a Grid. Raises ImportError_ for a file that is not a readable spreadsheet."""
    path = Path(path)
    if not path.is_file():
        raise fatal(path.name, f"找不到文件 {path}")
    head = path.read_bytes()[:8]
    suffix = path.suffix.lower()
    if head.startswith(b"PK"):
        return _read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise fatal(path.name, "这是旧版 Excel（.xls）或 WPS 文件，读不了：请在 Excel 或 WPS 里“另存为” .xlsx 格式再导入")
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    raise fatal(path.name, "这不是电子表格：请导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）")


def _read_csv(path: Path) -> Grid:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise fatal(path.name, "这不是 CSV 文本文件（里面有二进制内容）：请在 Excel 里“另存为” CSV 或 .xlsx 再导入")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost any byte string
        raise fatal(path.name, "读不出文件的文字编码：请另存为“CSV UTF-8”")
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    return Grid(path.stem, rows)


def _read_xlsx(path: Path) -> list[Grid]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with open(path, "rb") as handle:  # a file object: openpyxl then looks at the content, not the name
            book = load_workbook(handle, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, InvalidFileException) as exc:
        raise fatal(path.name, f"这个文件打不开（{type(exc).__name__}）：它不是 Excel 工作簿，或者已经损坏。请在 Excel 或 WPS 里“另存为” .xlsx 再导入") from None
    grids = [_grid(sheet) for sheet in book.worksheets if sheet.sheet_state == "visible"]
    if any(grid.formulas for grid in grids):
        _use_saved_values(path, grids)
    return grids


def _grid(sheet) -> Grid:
    rows, formulas = [], {}
    for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = []
        for c, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith("="):
                formulas[(r, c)] = value
                value = ""
            row.append(as_text(value))
        rows.append(row)
    hidden = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
    grid = Grid(sheet.title, rows, hidden, merged, formulas)
    _fill_merged(grid)
    return grid


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _fill_merged(grid: Grid) -> None:
    """Every cell of a merged block gets the block's text (Excel keeps it only in the top-left cell)."""
    for min_row, min_col, max_row, max_col in grid.merged:
        value = grid.text(min_row, min_col)
        for r in range(min_row, max_row + 1):
            while len(grid.rows) < r:
                grid.rows.append([])
            row = grid.rows[r - 1]
            row.extend([""] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = value


def _use_saved_values(path: Path, grids: list[Grid]) -> None:
    """Formulas: take the value Excel saved with the file, and say so; without one the cell stays empty."""
    from openpyxl import load_workbook

    with open(path, "rb") as handle:
        saved = load_workbook(handle, data_only=True)
    for grid in grids:
        sheet = saved[grid.name]
        for (r, c), formula in sorted(grid.formulas.items()):
            value = as_text(sheet.cell(r, c).value)
            grid.rows[r - 1][c - 1] = value
            how = f"用了 Excel 保存的结果“{value}”" if value else "文件里没有保存它的结果，按空白处理"
            grid.notes.append(Note(grid.name, cell_ref(r, c), f"这是公式（{formula}），{how}；请在 Excel 里复制这一列，“选择性粘贴 → 数值”后再导入", NOTICE))

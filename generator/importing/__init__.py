"""`bianmin import`: a county's 实施清单 spreadsheet (.xlsx or .csv) into catalogue/items/*.yml.

sheet.py reads the file into text grids; columns.py finds the header and which column is which field
(columns.yml plus a county's own mapping file); values.py reads time limits, fees, phones and the like from
text; records.py turns rows into item records; documents.py makes new files and merges into existing ones
(ruamel.yaml round trip); changes.py words the changes as `bianmin diff` does; plan.py ties it together and
writes nothing until every row has been read and checked.
"""
from .notes import ImportError_, Note
from .plan import Plan, plan_import, write_plan

__all__ = ["ImportError_", "Note", "Plan", "plan_import", "write_plan"]

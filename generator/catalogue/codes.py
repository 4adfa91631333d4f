"""Every rule code the checker can report, with what it means and how to fix it.

Each rule is a name here; the checker refers to it by that name (`codes.ID_DUPLICATE.code`), never by
spelling its code again (tests/test_check.py). docs/rules.md's tables are made from this registry
(`make rules-doc`, scripts/rules_doc.py; tests/test_workflow_docs.py keeps the committed page equal).
A Problem with a code not listed here is a bug, so a new rule is one new entry here plus its check."""
from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    code: str
    stage: str  # file (reading the YAML), shape (JSON Schema), rule (across fields and files)
    meaning: str
    fix: str


FILE_MISSING = Rule('E-FILE-MISSING', 'file',
    '`county.yml`, `centres/` or `items/` is missing',
    'restore the file or folder')
FILE_READ = Rule('E-FILE-READ', 'file',
    'the file cannot be read (permissions)',
    "check the file's permissions")
FILE_TYPE = Rule('E-FILE-TYPE', 'file',
    'a `*.yml` entry that is not a regular file: a folder named like a file, a named pipe (FIFO), a device',
    'move it out of the catalogue folder, or rename the folder')
FILE_LINK = Rule('E-FILE-LINK', 'file',
    'a `*.yml` symbolic link that leads nowhere, or outside the catalogue folder (e.g. to `/dev/zero`)',
    'put the real file there instead of the link')
FILE_EXT = Rule('E-FILE-EXT', 'file',
    'a `.yaml` file in centres/ or items/ is ignored (error); a name such as `dibao.YML`, `dibao.yml.txt`, `dibao.yml~` is not read either (**warning**: the check still passes, but that item or centre is not on the site)',
    'rename it to `<id>.yml`')
YAML_SIZE = Rule('E-YAML-SIZE', 'file',
    'larger than 1 MB (read only up to the limit, so a 50 MB file or `/dev/zero` costs nothing), more than 200,000 values, or aliases `*` that copy more than 10,000 values',
    'split the file; write the content out instead of `&`/`*` aliases')
YAML_DEPTH = Rule('E-YAML-DEPTH', 'file',
    'lists or mappings nested more than 100 deep (libyaml itself stops at 1,000: E-YAML-SYNTAX with the same advice)',
    'look for a stray `[` or `{`, or indentation that keeps growing')
YAML_BOM = Rule('E-YAML-BOM', 'file',
    'the file starts with a byte-order mark',
    'save as “UTF-8” without BOM')
YAML_ENCODING = Rule('E-YAML-ENCODING', 'file',
    "not UTF-8 (often GBK/ANSI from Notepad; the message names UTF-16, Notepad's “Unicode”, when it is that)",
    'save as UTF-8')
YAML_CONTROL = Rule('E-YAML-CONTROL', 'file',
    'an invisible control character (ESC of a terminal colour code, NUL, DEL, a right-to-left override …), reported at its own line and column and shown as `\\x1b` or `U+202E`, never printed raw; also a double-quoted escape (`"\\e"`, `"\\x1b"`) that spells one',
    'delete it')
YAML_FULLWIDTH = Rule('E-YAML-FULLWIDTH', 'file',
    'a full-width colon `：` after a field name, a full-width space `\u3000` (U+3000) after the colon, or full-width spaces used as indentation',
    'type `: ` and spaces with the English input method')
YAML_TAB = Rule('E-YAML-TAB', 'file',
    'a tab in the indentation',
    'indent with spaces only')
YAML_SYNTAX = Rule('E-YAML-SYNTAX', 'file',
    'YAML syntax: indentation, a missing `:`, unclosed quotes or brackets, Chinese commas in `[ ]`, nesting deeper than 1,000, a `"\\ud800"` escape (a lone surrogate)',
    'the message says which; look at the line and the one before')
YAML_EMPTY = Rule('E-YAML-EMPTY', 'file',
    'the file is empty or only comments',
    'fill it in or delete it')
YAML_ROOT = Rule('E-YAML-ROOT', 'file',
    'the file is a list or a single value, not `key: value` lines',
    'start each top-level line with a field name')
YAML_DUPKEY = Rule('E-YAML-DUPKEY', 'file',
    'the same field twice in one mapping',
    'delete or merge one of them')
YAML_KEY = Rule('E-YAML-KEY', 'file',
    'a list or mapping used as a field name',
    'write a plain field name')
YAML_ALIAS = Rule('E-YAML-ALIAS', 'file',
    'an alias `*x` inside the value it names (a loop)',
    'remove the alias')
SCHEMA_REQUIRED = Rule('E-SCHEMA-REQUIRED', 'shape',
    'a required field is missing',
    'add it (the message names it and its Chinese title)')
SCHEMA_UNKNOWN = Rule('E-SCHEMA-UNKNOWN', 'shape',
    'a field the schema does not know (often a typo)',
    "the message suggests the closest field name; with none close, it points to the site's 字段说明 page and `schema/<kind>.schema.json`")
SCHEMA_TYPE = Rule('E-SCHEMA-TYPE', 'shape',
    'text where a number belongs, a list where a mapping belongs, …',
    'write the kind of value the message names; for `value: 30天` it says to write `30` and keep the unit in `unit`')
SCHEMA_ENUM = Rule('E-SCHEMA-ENUM', 'shape',
    'a value outside the allowed list',
    'the message lists the allowed values and the closest one')
SCHEMA_PATTERN = Rule('E-SCHEMA-PATTERN', 'shape',
    'an id, date, time or code in the wrong format',
    'follow the example in the message')
SCHEMA_VALUE = Rule('E-SCHEMA-VALUE', 'shape',
    'too short, too long, too many, a number out of range (a negative fee), duplicates in a list',
    'as the message says; length limits are below')
NUMBER_FINITE = Rule('E-NUMBER-FINITE', 'shape',
    '`.nan`, `.inf` or `-.inf` where a number belongs (e.g. a fee amount)',
    'write the real number')
URL_SCHEME = Rule('E-URL-SCHEME', 'shape',
    'a link that is not `https://…` or `http://…` (or, for `forms`, `blank_form` and `sample_form`, a path in the site such as `/forms/dibao.pdf`): `javascript:`, `data:`, `//other-host`, spaces',
    'write the https address; the site never makes other addresses into links, even unchecked')
SCHEMA_EMPTY = Rule('E-SCHEMA-EMPTY', 'shape',
    'a field is written but left blank',
    'fill it in or delete the line')
PHONE_FORMAT = Rule('E-PHONE-FORMAT', 'shape',
    'not a landline with area code (`"0917-5212345"`, 7 or 8 digits after the area code, an extension as `"0917-5212345转8001"`) and not an 11-digit mobile (`"13800000000"`, second digit 3–9); the message names the slip (missing area code, a digit too few, full-width dash, spaces)',
    'write it in quotes in one of these forms')
YAML_NUMBER = Rule('E-YAML-NUMBER', 'shape',
    'a code, postal code or number-like text without quotes was read as a number (leading zeros lost)',
    'put it in quotes')
YAML_BOOL = Rule('E-YAML-BOOL', 'shape',
    '`true` or `false` without quotes where text belongs was read as yes/no (files are read as YAML 1.2, as the web form and VS Code read them: `yes`, `no`, `8:30` and `2026-11-20` stay text)',
    'put it in quotes')
TIME_UNIT = Rule('E-TIME-UNIT', 'rule',
    'legal and promised limits use the same unit (工作日 or 自然日)',
    'use one unit')
TIME_PROMISE = Rule('E-TIME-PROMISE', 'rule',
    'promised limit ≤ legal limit',
    'shorten the promise, or check the legal limit')
TIME_INSTANT = Rule('E-TIME-INSTANT', 'rule',
    '即办件 ⇔ promised limit 0',
    'make the case type and the promised limit agree')
TIME_STEPS = Rule('E-TIME-STEPS', 'rule',
    'the days of all steps add up to no more than the promised limit',
    'correct the step days; put 公示 and other uncounted periods under `special_procedures`')
VISITS_REASON = Rule('E-VISITS-REASON', 'rule',
    'more than 0 visits needs a reason',
    'write `reason`')
VISITS_ZERO = Rule('E-VISITS-ZERO', 'rule',
    '0 visits needs online handling (`online`) or postal application (`postal: true`)',
    'add one, or count the visits')
ONLINE_VISITS = Rule('E-ONLINE-VISITS', 'rule',
    '全程网办 means 0 visits',
    'set `count: 0` or lower the online depth')
FEE_AMOUNT = Rule('E-FEE-AMOUNT', 'rule',
    'every fee item has an amount',
    'write `amount` (a number of 元, or a text such as 按供应单位标准)')
FEE_BASIS = Rule('E-FEE-BASIS', 'rule',
    'every fee item has a legal basis',
    'write `basis`')
PHONE_SAME = Rule('E-PHONE-SAME', 'rule',
    'the complaint phone differs from the consultation phone',
    'use the supervision phone for complaints')
REF_DEPARTMENT = Rule('E-REF-DEPARTMENT', 'rule',
    'the department id exists in county.yml `departments`',
    'fix the id (the message suggests one) or add the department')
REF_CATEGORY = Rule('E-REF-CATEGORY', 'rule',
    'the category id exists in county.yml `categories`',
    'as above')
REF_SITUATION = Rule('E-REF-SITUATION', 'rule',
    'each life-situation id exists in county.yml `situations`',
    'as above')
REF_MATERIAL = Rule('E-REF-MATERIAL', 'rule',
    'each material `ref` exists in county.yml `materials`',
    'as above')
REF_WINDOW = Rule('E-REF-WINDOW', 'rule',
    "a window named for a tier (in an item, or in a centre's own `windows`) is one of that tier's standard windows",
    'use a window id of that tier')
REF_CENTRE = Rule('E-REF-CENTRE', 'rule',
    "a centre's `parent` exists",
    'fix the id')
REF_ITEM = Rule('E-REF-ITEM', 'rule',
    "an item named in a centre's `exceptions` exists",
    'fix the id')
ID_DUPLICATE = Rule('E-ID-DUPLICATE', 'rule',
    'ids are unique (items and centres together; entries inside county.yml lists)',
    'choose another id')
ID_FILENAME = Rule('E-ID-FILENAME', 'rule',
    'the file name is the id (`dibao.yml` holds `id: dibao`)',
    'rename the file or fix the id')
ID_RESERVED = Rule('E-ID-RESERVED', 'rule',
    'no item, centre, category or life situation has the id `index`: its page would overwrite a list page (the list of centres, of categories …)',
    'choose another id')
TIER_FINISH = Rule('E-TIER-FINISH', 'rule',
    'exactly one tier 审批 or 办结',
    'mark one tier as finishing the item')
TIER_ORDER = Rule('E-TIER-ORDER', 'rule',
    'tiers above the finishing tier only 咨询 or 不办理',
    'lower their role')
TIER_WINDOW = Rule('E-TIER-WINDOW', 'rule',
    'every tier that handles the item names a window',
    'add `window`')
TIER_FORWARD = Rule('E-TIER-FORWARD', 'rule',
    '受理/代办 below the finishing tier says within how many working days papers go up',
    'add `forward_within_days`')
STEP_TIER = Rule('E-STEP-TIER', 'rule',
    'a step happens at a tier that handles the item',
    "fix the step's tier or the tier's role")
CONDITION_CATCHALL = Rule('E-CONDITION-CATCHALL', 'rule',
    'no catch-all condition such as “其他条件” or “法律法规规定的其他情形”',
    'write each condition out')
MATERIAL_NAME = Rule('E-MATERIAL-NAME', 'rule',
    'a material has a `name` or a `ref`',
    'add one')
MATERIAL_SOURCE = Rule('E-MATERIAL-SOURCE', 'rule',
    'a named material says where it comes from',
    'add `source`')
LEVEL_ASK = Rule('E-LEVEL-ASK', 'rule',
    'an item at level 基本信息 says where to ask: at least one tier 咨询 or above',
    'give the tier residents ask at a role (咨询 or higher)')
LEVEL_PHONE = Rule('E-LEVEL-PHONE', 'rule',
    'an item without `phones` (allowed at 基本信息) belongs to a department with a `phone` in county.yml',
    'write `phones.consult`, or the department\'s `phone`')
LEVEL_NONE = Rule('E-LEVEL-NONE', 'rule',
    '`materials: []` (no materials needed) is a fact only a complete item states: at 基本信息 leaving `materials` out means not known yet',
    'delete the line, or raise the item to 办事指南 with every field filled in')
CENTRE_PARENT = Rule('E-CENTRE-PARENT', 'rule',
    "the county centre has no parent; a town's parent is the county centre; a village's parent is a town",
    'fix `parent` or `tier`')
CENTRE_WINDOW = Rule('E-CENTRE-WINDOW', 'rule',
    'a centre with its own `windows` list has every window its items need',
    'add the window, or an `exceptions` entry with a reason')
EXCEPTION_TIER = Rule('E-EXCEPTION-TIER', 'rule',
    'a centre is excepted only from items its tier handles',
    'remove the exception')
PAUSE_DATES = Rule('E-PAUSE-DATES', 'rule',
    "a paused item's expected return (`until`) is not before the day it was paused (`since`)",
    'correct one of the two dates')
CENTRE_COUNTY = Rule('E-CENTRE-COUNTY', 'rule',
    'exactly one county centre',
    'change the tier of the extra one')
QUESTION_KEY = Rule('E-QUESTION-KEY', 'rule',
    "an item's material keys, its question keys, and each question's answer keys are unique",
    'rename one of the two')
QUESTION_WHEN = Rule('E-QUESTION-WHEN', 'rule',
    "a question's `when` names an earlier question of the item and one of its answers",
    'fix the key, or move the question after the one it follows')
QUESTION_EFFECT = Rule('E-QUESTION-EFFECT', 'rule',
    "an answer's `add`, `drop` and `change` name a material `key` of the item; its `go` names a tier that takes the item in (受理, 代办, 审批 …), or `station` where the village does",
    'give the material `key: …`, fix the key, or change `go`')
QUESTION_UNREACHABLE = Rule('E-QUESTION-UNREACHABLE', 'rule',
    'every answer can be chosen on some path: a question whose `when` never holds makes its answers unreachable',
    'fix `when`, or delete the question')
QUESTION_CONFLICT = Rule('E-QUESTION-CONFLICT', 'rule',
    'no answer path both adds and drops the same material (the message names the path, `who=agent;kind=new`)',
    'keep only one of the two effects, or ask the second question only after the other answer (`when`)')
QUESTION_PATHS = Rule('E-QUESTION-PATHS', 'rule',
    'at most 64 answer paths per item, and per life event (一件事) once the answers its steps settle are taken out',
    "merge questions, ask a question only when needed (`when`), or settle an event's answers in its steps' `answers`")
QUESTION_COVER = Rule('W-QUESTION-COVER', 'rule',
    '**warning**: a material whose note states a case (…时提供, …的提供, …的不用提供, 网上办理时不需要 …) is added, dropped or changed by no answer, so the resident must judge it alone',
    'give the material a `key` and write a question whose answers add, drop or change it')
BUNDLE_STEP = Rule('E-BUNDLE-STEP', 'rule',
    "a life event's steps (county.yml `situations[].steps`): each item exists, once; its settled `answers` name its questions and answers; `brings` names a later step and a material `key` of it; a question two steps share has the same answers",
    'the message says which; fix the id or key')

RULES = {rule.code: rule for rule in list(globals().values()) if isinstance(rule, Rule)}  # in the order above
STAGE_TITLES = {"file": "1. Reading the file (YAML)", "shape": "2. The shape of each file (JSON Schema in `schema/`)",
                "rule": "3. Rules across fields and files"}


def is_known(code: str) -> bool:
    return code in RULES

"""Rows of a filled sheet -> one multi-year record per person, and every bad cell with its place.

A sheet is given as (title, rows), rows being (row number, [cell values]) as the file holds them
(merged cells already filled in). The header row is found by its labels (layout.py); columns the
policy does not know are ignored and listed. Each activity is checked by the engine's own checks
(records.check_activity), so a row is bad here exactly when the calculator would reject it; a
bad row is reported with sheet, row, column and the Chinese message, and its person is marked.
"""

from ..records import RecordError, check_activity, check_year
from . import cells, layout

HEADER_SEARCH_ROWS = 10


def column_letter(index):
    """0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def known_columns(policy):
    """Every column label of the policy's sheets (all eras) -> its columns, with the aliases people use."""
    known = {}
    for era in policy["eras"]:
        for column in layout.columns_for(policy, era):
            known.setdefault(cells.normal(column["label"]), []).append(column)
    for label, aliases in layout.ALIASES.items():
        for alias in aliases:
            known.setdefault(cells.normal(alias), known[cells.normal(label)])
    return known


def problem(sheet, row, column, message):
    place = f"「{sheet}」第 {row} 行" if row else f"「{sheet}」"
    if column:
        place += f" {column} 列"
    return {"sheet": sheet, "row": row, "column": column, "message": message, "text": f"{place}：{message}"}


class People:
    """Collects rows into people, in the order they first appear."""

    def __init__(self, policy):
        self.policy = policy
        self.known = known_columns(policy)
        self.by_key = {}
        self.loose = []          # problems no person can be named for (no header, a row without a name)
        self.ignored = []        # headings the policy does not know
        self.lookups = {}        # label tables of the policy's eras and parameters (reader._lookup)

    def read_sheet(self, title, rows):
        """Read one sheet; returns False when it has no header row (an instructions or options sheet)."""
        rows = list(rows)
        header = self._header(rows)
        if header is None:
            return False
        at, mapping = header
        for number, values in rows[at + 1:]:
            if any(not cells.is_blank(value) for value in values):
                self._row(title, number, values, mapping)
        return True

    def _header(self, rows):
        for position, (_, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
            mapping = {}
            for index, value in enumerate(values):
                label = cells.normal(value)
                if label in self.known:
                    mapping.setdefault(self.known[label][0]["label"], index)
            if layout.YEAR in mapping and layout.KIND in mapping:
                for index, value in enumerate(values):
                    label = cells.normal(value)
                    if label and label not in self.known and label not in self.ignored:
                        self.ignored.append(label)
                return position, mapping
        return None

    def _row(self, sheet, number, values, mapping):
        def cell(label):
            index = mapping.get(label)
            return values[index] if index is not None and index < len(values) else None

        def where(label):
            index = mapping.get(label)
            return f"{column_letter(index)}（{label}）" if index is not None else f"（{label}）"

        person_id, name = cells.text(cell(layout.PERSON_ID)), cells.text(cell(layout.PERSON_NAME))
        if not person_id and not name:
            self.loose.append(problem(sheet, number, "", "没有填写工号（身份证号）或姓名，无法确定是谁的记录"))
            return
        person = self._person(person_id, name)
        bad = lambda label, message: person["problems"].append(problem(sheet, number, where(label), message))  # noqa: E731
        if cells.is_blank(cell(layout.YEAR)):
            return bad(layout.YEAR, "没有填写年度")
        try:
            year = cells.year(cell(layout.YEAR))
            era = check_year(self.policy, year)
        except cells.CellError as error:
            return bad(layout.YEAR, error.message)
        except RecordError as error:
            return bad(layout.YEAR, error.message)
        self._person_fields(person, cell, bad)
        activities = person["years"].setdefault(year, [])
        kind_cell = cell(layout.KIND)
        if cells.is_blank(kind_cell):
            if any(not cells.is_blank(cell(c["label"])) for c in layout.columns_for(self.policy, era)
                   if c["role"] == "param" and c["label"] in mapping):
                bad(layout.KIND, "填写了活动的参数，但没有填写活动类型")
            return  # a year with no activities (or a row carrying only the person's details)
        try:
            kind = _kind(self.lookups, era, kind_cell)
            activity = self._activity(era, kind, cell, bad, where)
        except cells.CellError as error:
            return bad(layout.KIND, error.message)
        if activity is None:
            return
        try:
            check_activity(self.policy, era, activity, len(activities), year)
        except RecordError as error:
            prefix = f"第 {len(activities) + 1} 项活动（{kind['label']}）："
            message = error.message[len(prefix):] if error.message.startswith(prefix) else error.message
            return bad(_label_of_path(kind, error.path), message)
        activities.append(activity)
        person["sources"].setdefault(year, []).append(f"「{sheet}」第 {number} 行")

    def _person(self, person_id, name):
        key = person_id or name
        if key not in self.by_key:
            self.by_key[key] = {"id": person_id, "name": name, "years": {}, "sources": {}, "problems": [],
                                "target_year": None, "person": {}}
        person = self.by_key[key]
        if name and not person["name"]:
            person["name"] = name
        return person

    def _person_fields(self, person, cell, report):
        def bad(label, message):  # a detail only the multi-year checks read: the years are still computed
            report(label, message)
            person["problems"][-1]["checks_only"] = True
        value = cell(layout.TARGET_YEAR)
        if not cells.is_blank(value):
            try:
                target = cells.year(value)
            except cells.CellError as error:
                return bad(layout.TARGET_YEAR, error.message)
            if person["target_year"] not in (None, target):
                return bad(layout.TARGET_YEAR, f"与本人其他行填写的申报年度 {person['target_year']} 不一致")
            person["target_year"] = target
        for param in self.policy.get("person", []):
            value = cell(param["label"])
            if cells.is_blank(value):
                continue
            try:
                read = _param_value(self.lookups, param, value)
            except cells.CellError as error:
                bad(param["label"], error.message)
                continue
            if person["person"].get(param["id"], read) != read:
                bad(param["label"], "与本人其他行填写的不一致")
                continue
            person["person"][param["id"]] = read

    def _activity(self, era, kind, cell, bad, where):
        activity = {"kind": kind["id"], "params": {}}
        ok = True
        for param in kind["params"]:
            value = cell(param["label"])
            if cells.is_blank(value):
                continue
            try:
                activity["params"][param["id"]] = _param_value(self.lookups, param, value)
            except cells.CellError as error:
                bad(param["label"], error.message)
                ok = False
        category = cell(layout.CATEGORY)
        if not cells.is_blank(category):
            try:
                activity["category"] = cells.choice(category, [{"value": c["id"], "label": c["label"]}
                                                               for c in self.policy["categories"]])
            except cells.CellError as error:
                bad(layout.CATEGORY, error.message)
                ok = False
        for label, key in ((layout.ACTIVITY_NAME, "name"), (layout.ACHIEVEMENT, "achievement")):
            if cells.text(cell(label)):
                activity[key] = cells.text(cell(label))
        day = cell(layout.DATE)
        if not cells.is_blank(day):
            try:
                activity["date"] = cells.date(day)
            except cells.CellError as error:
                bad(layout.DATE, error.message)
                ok = False
        return activity if ok else None

    def people(self):
        """[{"label", "id", "name", "record", "problems", "sources"}] in the order people first appear."""
        found = []
        for person in self.by_key.values():
            record = {"format": 1, "policy": self.policy["id"],
                      "years": [{"year": year, "activities": person["years"][year]} for year in sorted(person["years"])]}
            if person["target_year"] is not None:
                record["target_year"] = person["target_year"]
            if person["person"]:
                record["person"] = person["person"]
            label = person["name"] or person["id"]
            if person["name"] and person["id"]:
                label = f"{person['name']}（{person['id']}）"
            found.append({"label": label, "id": person["id"], "name": person["name"], "record": record,
                          "problems": person["problems"], "sources": person["sources"]})
        return found


def _lookup(cache, key, entries):
    """{normalised label or id: item}, built once per era or parameter of the policy being read."""
    if id(key) not in cache:
        table = {}
        for value, label, item in entries:
            table.setdefault(cells.normal(label), item)
            table.setdefault(value, item)
        cache[id(key)] = table
    return cache[id(key)]


def _kind(cache, era, value):
    found = _lookup(cache, era, ((k["id"], k["label"], k) for k in era["activities"])).get(cells.normal(value))
    if found:
        return found
    raise cells.CellError(f"「{cells.text(value)}」不是{era['label']}的活动类型（请从下拉列表选择）")


def _param_value(cache, param, value):
    kind = param["type"]
    if kind == "enum":
        found = _lookup(cache, param, ((o["value"], o["label"], o["value"]) for o in param["options"])).get(cells.normal(value))
        return found if found is not None else cells.choice(value, param["options"])
    if kind == "boolean":
        return cells.boolean(value)
    if kind == "per_day":
        return cells.number_list(value, param["item"]["type"] == "integer")
    return cells.number(value, kind == "integer")


def _label_of_path(kind, path):
    """activities[0].params.days -> the column label of that parameter (or 活动类型 for the row)."""
    parts = path.split(".")
    if "params" in parts and parts.index("params") + 1 < len(parts):
        wanted = parts[parts.index("params") + 1].split("[")[0]
        return next((p["label"] for p in kind["params"] if p["id"] == wanted), layout.KIND)
    field = {"category": layout.CATEGORY, "date": layout.DATE, "name": layout.ACTIVITY_NAME,
             "achievement": layout.ACHIEVEMENT}
    return field.get(parts[-1], layout.KIND)

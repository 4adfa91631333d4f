/* What the web form (/admin/, Decap CMS) adds to Decap; published as admin/bianmin-form.js next to
   decap-cms.js. generator/site/cms.py writes the form's config from the schemas and names the widgets used here.
   - either: a field that is one word or a group of details (fee: 不收费, or fee items with amount, unit and
     basis). Two choices; the details are Decap's own object fields. It saves exactly one of the two shapes.
   - number-or-text: Decap's text field that saves digits as a number (an amount: 15, or 按供应单位标准).
   - before saving, a field left blank is left out of the file (an empty number box would be written as '').
   - the preview pane shows the entry by names (select labels, not ids) and, under `bianmin serve --cms`
     (meta bianmin-problems), the check problems of the file being edited, read from /problems/. */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  if (!CMS || !h || !createClass) return;

  function isMap(value) { return value != null && typeof value.get === "function" && typeof value.push !== "function"; }
  function isList(value) { return value != null && typeof value.push === "function" && typeof value.get === "function"; }
  function blank(value) { return value === "" || value === null || value === undefined || (isMap(value) && value.size === 0); }

  /* either: the word (fee: 不收费) or the details (fee: {items: [...], note}) */
  var ObjectControl = CMS.getWidget("object").control;
  var Either = createClass({
    inner: null,
    shouldComponentUpdate: function () { return true; },
    componentDidMount: function () {
      var props = this.props;  // a new entry starts as `bianmin new` writes it
      if (props.value == null && props.field.get("default") != null) props.onChange(props.field.get("default"));
    },
    details: function () { return isMap(this.props.value); },
    choose: function (details) {
      var props = this.props, empty = props.field.clear();
      if (details && !this.details()) props.onChange(empty.set("items", props.field.get("fields").clear().push(empty)));
      if (!details) props.onChange(props.field.get("word"));
    },
    validate: function () {
      if (this.inner && this.details()) this.inner.validate();
      if (this.props.validate) this.props.validate();
    },
    focus: function (path) { if (this.inner && this.inner.focus) this.inner.focus(path); },
    render: function () {
      var self = this, props = this.props, field = props.field, name = props.forID + "-either";
      function choice(details, label) {
        var id = name + (details ? "-details" : "-word");
        return h("label", {htmlFor: id, style: {display: "block", padding: "6px 0", fontSize: "15px", cursor: "pointer"}},
          h("input", {type: "radio", id: id, name: name, checked: props.value != null && self.details() === details,
                      onChange: function () { self.choose(details); }, style: {marginRight: "8px"}}), label);
      }
      return h("div", {id: props.forID, className: props.classNameWrapper, role: "radiogroup", "aria-label": field.get("label")},
        choice(false, field.get("word")),
        choice(true, field.get("details_label")),
        this.details() ? h(ObjectControl, Object.assign({}, props, {
          ref: function (control) { self.inner = control; },
          field: field.set("label", field.get("details_label")).delete("default"),
          forID: props.forID + "-details", classNameWrapper: "", forList: true, collapsed: false,
        })) : null);
    },
  });
  CMS.registerWidget("either", Either, CMS.getWidget("object").preview);

  /* number-or-text: digits are saved as a number */
  CMS.registerWidget("number-or-text", "string", CMS.getWidget("string").preview);
  CMS.registerWidgetValueSerializer("number-or-text", {
    serialize: function (value) {
      return typeof value === "string" && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(value) ? Number(value) : value;
    },
    deserialize: function (value) { return value; },
  });

  /* a blank field is left out of the file */
  function withoutBlanks(value) {
    if (isList(value)) return value.map(withoutBlanks);
    if (!isMap(value)) return value;
    return value.map(withoutBlanks).filter(function (inner) { return !blank(inner); });
  }
  CMS.registerEventListener({name: "preSave", handler: function (event) {
    return withoutBlanks(event.entry.get("data"));
  }});

  /* Names for Decap's icon-only buttons and the preview frame, for screen readers (axe: button-name,
     aria-command-name, frame-title). */
  var NAMES = [
    ['[class*="ListItemTopBar"] > button:first-child', "展开或收起这一项"],
    ['[class*="ListItemTopBar"] > button:last-child', "删除这一项"],
    ['[aria-roledescription="sortable"][role="button"]', "拖动调整顺序"],
    ['[class*="ObjectWidgetTopBar"] button, [class*="TopBar"] > button:first-child', "展开或收起"],
  ];
  function nameControls() {
    NAMES.forEach(function (rule) {
      document.querySelectorAll(rule[0]).forEach(function (element) {
        if (!element.getAttribute("aria-label") && !element.textContent.trim()) element.setAttribute("aria-label", rule[1]);
      });
    });
    document.querySelectorAll("iframe:not([title])").forEach(function (frame) { frame.setAttribute("title", "预览"); });
  }
  new MutationObserver(nameControls).observe(document.documentElement, {childList: true, subtree: true});

  /* the preview: names, not ids; the check problems of this file */
  var TEXT = {fontFamily: "system-ui, 'Noto Sans CJK SC', sans-serif", fontSize: "17px", lineHeight: "1.6", color: "#1a1a1a"};

  function optionLabel(field, value) {
    var found = (field.get("options") || []).find(function (option) {
      return (isMap(option) ? option.get("value") : option) === value;
    });
    return found == null ? String(value) : isMap(found) ? found.get("label") : String(found);
  }

  function shown(field, value) {
    if (blank(value) || (isList(value) && value.size === 0)) return null;
    var widget = field.get("widget") || "string";
    if (widget === "select") {
      return isList(value) ? value.map(function (v) { return optionLabel(field, v); }).join("、") : optionLabel(field, value);
    }
    if (widget === "boolean") return value ? "是" : "否";
    if (widget === "either" && !isMap(value)) return String(value);
    if (isList(value)) {
      return h("ol", {style: {margin: "4px 0", paddingLeft: "1.5em"}}, value.map(function (item, index) {
        var inner = field.get("fields") ? group(field.get("fields"), item) : shown(field.get("field"), item);
        return h("li", {key: index}, inner);
      }).toArray());
    }
    if (isMap(value)) return group(field.get("fields") || [], value);
    return String(value);
  }

  function group(fields, data) {
    var rows = [];
    fields.forEach(function (field) {
      var value = shown(field, data && data.get(field.get("name")));
      if (value != null) {
        rows.push(h("dt", {key: field.get("name") + "-t", style: {fontWeight: "bold", marginTop: "6px"}}, field.get("label")));
        rows.push(h("dd", {key: field.get("name") + "-d", style: {margin: "0 0 0 1em"}}, value));
      }
    });
    return h("dl", {style: {margin: "0"}}, rows);
  }

  function problemsPage() {
    var meta = document.querySelector('meta[name="bianmin-problems"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function fileOf(props) {
    var path = props.entry.get("path"), data = props.entry.get("data");
    if (path) return path.split("/").slice(-2).join("/").replace(/^catalogue\//, "");
    var id = data && data.get("id"), folder = props.collection && props.collection.get("folder");
    return id && folder ? folder.split("/").pop() + "/" + id + ".yml" : null;
  }

  /* The rows of the problems page (generator/site/problems_page.py: file and line | field | message and fix
     (code)) that name this file, as the clerk reads them: the field, then the message and its fix. */
  function problemsOf(html, file) {
    var page = new DOMParser().parseFromString(html, "text/html"), found = [];
    page.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("td");
      if (cells.length < 3 || cells[0].textContent.indexOf(file + ":") < 0) return;
      var field = cells[1].firstChild ? cells[1].firstChild.textContent.trim() : "";
      field = (/（([^（）]+)）$/.exec(field) || [null, field])[1];  // “steps”（办理流程） → 办理流程
      var message = cells[2].cloneNode(true);
      message.querySelectorAll("small").forEach(function (code) { code.remove(); });
      found.push((field ? field + "：" : "") + message.textContent.trim());
    });
    return found;
  }

  var Preview = createClass({
    getInitialState: function () { return {problems: null}; },
    componentDidMount: function () {
      var self = this;
      if (!problemsPage()) return;
      this.read();
      this.timer = setInterval(function () { self.read(); }, 3000);
    },
    componentWillUnmount: function () { clearInterval(this.timer); },
    read: function () {
      var self = this, file = fileOf(this.props);
      if (!file) return;
      fetch(problemsPage(), {cache: "no-store"}).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        self.setState({problems: html ? problemsOf(html, file) : null});
      }).catch(function () { self.setState({problems: null}); });
    },
    box: function () {
      var page = problemsPage(), problems = this.state.problems;
      if (!page) return null;
      var link = h("a", {href: page, target: "_blank", rel: "noopener", style: {color: "#1a3d8f"}}, "全部检查结果");
      if (problems && problems.length) {
        return h("section", {role: "alert", style: {border: "2px solid #b3261e", background: "#fdecea", padding: "8px 12px", marginBottom: "12px"}},
          h("h2", {style: {fontSize: "18px", margin: "0 0 4px", color: "#8c1d18"}}, "保存后检查发现问题，请按提示改好再发布："),
          h("ul", {style: {margin: "0", paddingLeft: "1.2em"}}, problems.map(function (line, i) { return h("li", {key: i}, line); })),
          link);
      }
      return h("p", {style: {borderLeft: "4px solid #2e7d32", padding: "4px 10px", marginBottom: "12px"}},
        problems ? "已保存的内容检查通过。" : "发布后，这里显示检查结果。", " ", link);
    },
    render: function () {
      return h("div", {style: TEXT}, this.box(), group(this.props.fields, this.props.entry.get("data")));
    },
  });
  ["items", "centres", "county"].forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });
})();

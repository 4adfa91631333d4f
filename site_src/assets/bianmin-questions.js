/* 情形引导 and 一件事 (generator/site/questions_block.py): a resident answers a few questions and the page
   shows their own checklist. Every checklist was worked out in Python (generator/catalogue/checklists.py)
   and ships with the page as JSON; this script only looks the answers up, never works a case out.
   The answers live in the address's fragment (#who=agent;idcard=none), so a shared link or the kept
   offline copy opens the same list, and printing gives this resident's own 一次性告知单.
   No request of any kind. */
(function () {
  "use strict";
  var box = document.querySelector("[data-bm-q]");
  if (!box) return;
  var data = JSON.parse(box.querySelector("[data-bm-q-data]").textContent);
  var form = box.querySelector("form"), mine = box.querySelector("[data-bm-q-mine]");
  var home = box.dataset.home, item = box.dataset.item;
  var root = document.documentElement;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function add(parent, tag, text, cls) { return parent.appendChild(el(tag, text, cls)); }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }

  /* the fragment's answers, as {question: option} */
  function fromFragment() {
    var given = {};
    decodeURIComponent(location.hash.slice(1)).split(";").forEach(function (pair) {
      var kv = pair.split("=");
      if (kv.length === 2) given[kv[0]] = kv[1];
    });
    return given;
  }

  function asked(q, answers) { return !q.when || answers[q.when.q] === q.when.a; }

  /* The questions asked given these answers, each with its answer (or none yet), in order. */
  function walk(given) {
    var answers = {}, pairs = [], done = true;
    data.questions.forEach(function (q) {
      var set = form.querySelector('[data-q="' + q.key + '"]');
      var on = asked(q, answers);
      set.hidden = !on;
      var valid = on && q.options.some(function (o) { return o.key === given[q.key]; });
      set.querySelectorAll("input").forEach(function (input) { input.checked = valid && input.value === given[q.key]; });
      if (valid) { answers[q.key] = given[q.key]; pairs.push(q.key + "=" + given[q.key]); } else if (on) done = false;
    });
    return { key: pairs.join(";"), done: done, answers: answers };
  }

  function said(answers) {
    return data.questions.filter(function (q) { return answers[q.key]; }).map(function (q) {
      return q.ask + q.options.filter(function (o) { return o.key === answers[q.key]; })[0].label;
    }).join("；");
  }

  function copiesText(m) {
    return m.form + (m.copies ? " " + m.copies + " 份" : "，只需出示") + (m.required ? "" : "（非必要）");
  }

  /* The materials: a checkbox each, what form, how many, and for a bundle which steps use it. */
  function materials(parent, list, steps) {
    add(parent, "h3", "要带的材料（共 " + list.length + " 项）");
    var ol = add(parent, "ol", "", "bm-q__list");
    list.forEach(function (m, n) {
      var li = add(ol, "li"), id = "bm-q-m" + n;
      var box = add(li, "input");
      box.type = "checkbox";
      box.id = id;
      var label = add(li, "label", m.name);
      label.htmlFor = id;
      add(li, "span", "：" + copiesText(m));
      var notes = (m.notes || (m.note ? [m.note] : [])).slice();
      if (steps && m.steps) notes.unshift("第 " + m.steps.map(function (s) { return steps[s]; }).join("、") + " 步要用");
      if (notes.length) add(li, "span", notes.join("；"), "bm-q__note");
    });
  }

  function station() {
    try { return JSON.parse(localStorage.getItem("bm-station") || "null"); } catch (e) { return null; }
  }

  /* Where to go: the sentence, and with 我的便民服务站 chosen the resident's own centre of that tier. */
  function where(parent, rec, invite) {
    var p = add(parent, "p", rec.go || ""), id = rec.item || item;
    var me = station(), centre = me && me.station && rec.tier && { village: me.station, town: me.town, county: me.county }[rec.tier];
    if (centre && (centre.except || []).indexOf(id) < 0 && !(centre.paused || {})[id]) {
      p = add(parent, "p", "您去：");
      p.appendChild(link(home + "centres/" + centre.id + "/", centre.name));
      if (centre.phone) p.appendChild(document.createTextNode("，电话 " + centre.phone));
      if (centre.hours) p.appendChild(document.createTextNode("，办公时间 " + centre.hours));
    } else if (invite && (!me || !me.station)) {
      p = add(parent, "p", "想知道具体去哪个站点？", "bm-q__invite");
      p.appendChild(link(home + "#my-station", "选择我的便民服务站"));
    }
  }

  function facts(parent, rec) {
    var said = [rec.time && "多长时间办好：" + rec.time, rec.fee && "收费：" + rec.fee].filter(Boolean);
    if (said.length) add(parent, "p", said.join("；"));
    if (rec.notes && rec.notes.length) {
      var ul = add(parent, "ul", "", "bm-q__notes");
      rec.notes.forEach(function (n) { add(ul, "li", n); });
    }
  }

  function itemList(rec) {
    materials(mine, rec.materials);
    add(mine, "h3", "到哪里办");
    where(mine, rec, true);
    facts(mine, rec);
  }

  function bundleList(rec) {
    var number = {}, names = {};
    data.steps.forEach(function (s, n) { number[s.item] = n + 1; names[s.item] = s.name; });
    materials(mine, rec.materials, number);
    add(mine, "h3", "按顺序办");
    var ol = add(mine, "ol", "", "bm-q__steps");
    rec.steps.forEach(function (s, n) {
      var li = add(ol, "li");
      add(li, "strong", names[s.item]);
      where(li, s, n === rec.steps.length - 1);
      s.from_steps.forEach(function (f) { add(li, "p", f.material + "：第 " + number[f.item] + " 步办好后就有，不用另外准备"); });
      facts(li, s);
    });
  }

  function show(given) {
    var now = walk(given);
    var rec = now.done && data.paths[now.key];
    root.classList.toggle("bm-q-done", !!rec);
    /* the full list (every case, each material's condition beside it) gives way to this resident's own */
    document.querySelectorAll("[data-bm-q-all] table, [data-bm-q-all] ol").forEach(function (all) { all.hidden = !!rec; });
    mine.textContent = "";
    mine.hidden = !rec;
    if (!rec) return;
    add(mine, "h3", data.steps ? "您要办的事和要带的材料" : "您的一次性告知单");
    add(mine, "p", "您的情况：" + said(now.answers) + "。", "bm-q__said");
    (data.steps ? bundleList : itemList)(rec);
    var again = add(mine, "p", "这份清单的网址（发给家人也能打开）：", "bm-q__url");
    add(again, "span", location.href);
  }

  form.addEventListener("change", function () {
    var given = {};
    form.querySelectorAll("input:checked").forEach(function (input) { given[input.name.slice(5)] = input.value; });
    var now = walk(given);
    history.replaceState(null, "", now.key ? "#" + now.key : location.pathname + location.search);
    show(now.answers);
  });
  form.querySelector("[data-bm-q-reset]").addEventListener("click", function () {
    history.replaceState(null, "", location.pathname + location.search);
    show({});
    form.querySelector("input").focus();
  });
  window.addEventListener("hashchange", function () { show(fromFragment()); });
  form.hidden = false;
  show(fromFragment());
})();

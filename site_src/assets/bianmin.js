/* Bianmin site behaviour: reading modes, read-aloud, print, search. No external requests. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "bm-modes";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  /* Large text and high contrast: switched from every page, remembered in localStorage. */
  function loadModes() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function showModes(modes) {
    document.querySelectorAll("[data-bm-mode]").forEach(function (button) {
      var on = !!modes[button.dataset.bmMode];
      button.setAttribute("aria-pressed", on ? "true" : "false");
      root.classList.toggle("bm-" + button.dataset.bmMode, on);
    });
  }
  document.querySelectorAll("[data-bm-mode]").forEach(function (button) {
    button.addEventListener("click", function () {
      var modes = loadModes();
      modes[button.dataset.bmMode] = !modes[button.dataset.bmMode];
      try { localStorage.setItem(KEY, JSON.stringify(modes)); } catch (e) { /* private mode: not remembered */ }
      showModes(modes);
    });
  });
  showModes(loadModes());

  /* Print: folded lists print unfolded */
  document.querySelectorAll("[data-bm-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (folded) { folded.open = true; });
  });

  /* A link to a folded list (a category on a tier page) opens it */
  function openLinkedList() {
    var target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }
  openLinkedList();
  window.addEventListener("hashchange", openLinkedList);

  /* Read-aloud says what a resident needs, in the page's order. A page marks what is said: data-bm-say
     (its value "where": a where-to-go or trips part, left out when 我的便民服务站 below the title
     already says where to go and how many trips) and data-bm-say-as (the sentence said instead of what is shown: a material as one
     sentence). The title is said first. A page with no marks (list pages, help) is read whole. Never
     said: buttons, inputs, header rows of tables, hidden parts, data-bm-unsaid (换一个), symbols (✔);
     of a folded list only its title (what the screen shows). A pause (。) after every heading,
     paragraph, list entry and table row; a table cell is said with its column's header. */
  var PAUSE_AFTER = "h1, h2, h3, h4, p, li, dd, tr, caption, summary";
  var SYMBOLS = /[\u2190-\u21ff\u2460-\u24ff\u2500-\u27bf\u2b00-\u2bff]/g;  /* arrows, ⓘ, ✔ ✘ ○ … */

  function remove(node) { node.remove(); }
  function after(node, text) { node.appendChild(document.createTextNode(text)); }

  /* A phone number digit by digit: 0917-5211203 is "0 9 1 7，5 2 1 1 2 0 3", not a large number. */
  var PHONE = /\b\d{3,4}-\d{7,8}\b/g;
  function phoneSaid(number) {
    return number.split(/[-\s]+/).map(function (part) { return part.split("").join(" "); }).join("，");
  }

  function tableSaid(table) {
    var heads = [].map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.querySelectorAll("thead").forEach(remove);
    table.querySelectorAll("tbody tr").forEach(function (row) {
      [].forEach.call(row.children, function (cell, k) {
        if (k > 0 && heads[k] && cell.textContent.trim()) cell.insertBefore(document.createTextNode(heads[k] + "："), cell.firstChild);
        if (k < row.children.length - 1 && cell.textContent.trim()) after(cell, "，");
      });
    });
  }

  function said(node) {
    if (node.dataset && node.dataset.bmSayAs) return node.dataset.bmSayAs;
    var copy = node.cloneNode(true);
    copy.querySelectorAll("script, .headerlink, .bm-tools, .bm-downloads, button, input, [hidden], [aria-hidden=true], " +
                          "form, [data-bm-unsaid], .bm-updated, details:not([open]) > :not(summary)").forEach(remove);
    copy.querySelectorAll("[data-bm-say-as]").forEach(function (n) { n.textContent = n.dataset.bmSayAs; });
    copy.querySelectorAll("a[href^='tel:']").forEach(function (a) { a.textContent = phoneSaid(a.textContent); });
    copy.querySelectorAll("table").forEach(tableSaid);
    copy.querySelectorAll("dt").forEach(function (n) { after(n, "："); });
    var own = copy.matches && copy.matches(PAUSE_AFTER) ? [copy] : [];
    own.concat([].slice.call(copy.querySelectorAll(PAUSE_AFTER))).forEach(function (n) {
      if (!/[。！？：，]\s*$/.test(n.textContent)) after(n, "。");
      after(n, " ");
    });
    return copy.textContent;
  }

  /* The heading of the section a node stands in (the last h2 before it), or null. */
  function headingOf(node, headings) {
    var found = null;
    headings.forEach(function (h) {
      if (h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    });
    return found;
  }

  function readable(article) {
    var marked = [].slice.call(article.querySelectorAll("[data-bm-say], [data-bm-say-as]")).filter(function (n) {
      return !n.parentElement.closest("[data-bm-say], [data-bm-say-as], [hidden], [data-bm-unsaid]") && !n.hidden && !n.hasAttribute("data-bm-unsaid");
    });
    var parts = [];
    if (!marked.length) {
      parts.push(said(article));
    } else {
      var title = article.querySelector("h1"), headings = [].slice.call(article.querySelectorAll("h2")), last = null;
      var stationSays = marked.some(function (n) { return n.hasAttribute("data-bm-mine"); });
      if (title) parts.push(said(title));
      marked.forEach(function (n) {
        if (n === title || (stationSays && n.dataset.bmSay === "where")) return;
        var heading = headingOf(n, headings);
        if (heading && heading !== last) parts.push(said(heading));
        last = heading;
        parts.push(said(n));
      });
    }
    return parts.join("。").replace(SYMBOLS, " ").replace(PHONE, phoneSaid).replace(/\s+/g, " ")
      .replace(/\s*([。：，；、])\s*/g, "$1").replace(/([：，])。/g, "$1").replace(/。[。，：]+/g, "。").replace(/^。+/, "").trim();
  }

  /* Read aloud with the browser's speech synthesis, with a stop button. */
  var speak = document.querySelector("[data-bm-speak]");
  var stop = document.querySelector("[data-bm-speak-stop]");
  if (speak && !("speechSynthesis" in window)) {
    speak.hidden = true;
  } else if (speak) {
    speak.addEventListener("click", function () {
      var utterance = new SpeechSynthesisUtterance(readable(document.querySelector("article")));
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = function () { stop.hidden = true; speak.hidden = false; };
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
      speak.hidden = true;
      stop.hidden = false;
      stop.focus();
    });
    stop.addEventListener("click", function () {
      window.speechSynthesis.cancel();
      stop.hidden = true;
      speak.hidden = false;
      speak.focus();
    });
  }

  /* Search: residents' words, synonyms and pinyin matched in the browser (assets/bianmin-search.js and
     its two data files, fetched once on first use). Results show the page's own summary, never hidden
     words. When no item answers the question, the box says so and whom to ask: no unrelated pages. */
  var SHOWN = 8;
  var engine = null, askWhom = null;
  function asset(path) { return new URL(path, siteBase()).href; }
  function loadEngine() {
    if (!engine) {
      var code = new Promise(function (resolve, reject) {
        if (window.BianminSearch) return resolve();
        var script = document.createElement("script");
        script.src = asset("assets/bianmin-search.js");
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
      var json = function (path) { return fetch(asset(path)).then(function (r) { return r.json(); }); };
      engine = Promise.all([code, json("assets/bianmin-search.json"), json("assets/bianmin-pinyin.json")])
        .then(function (got) { askWhom = got[1].ask; return new window.BianminSearch.Engine(got[1], got[2]); });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function entry(result) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = result.url;
    a.textContent = result.name;
    li.appendChild(a);
    if (result.summary) {
      var p = document.createElement("p");
      p.textContent = result.summary;
      li.appendChild(p);
    }
    return li;
  }

  /* Nothing in the county's list answers the question: say so plainly, and whom to ask (the resident's
     own station when chosen, the county centre, the hotline). */
  function notInList(box, query) {
    box.appendChild(el("p", "“" + query + "”：本县便民服务事项里没有这件事。", "bm-search__status"));
    box.appendChild(el("p", "它可能不在便民服务中心（站）办。可以打电话问："));
    var list = el("ul", "", "bm-search__ask"), mine = myStation();
    var whom = (mine && mine.station ? [["我的便民服务站 " + mine.station.name, mine.station.phone]] : [])
      .concat(askWhom ? askWhom.map(function (a) { return [a[0], a[1]]; }) : []);
    whom.forEach(function (a) {
      var li = el("li", a[0] + " ");
      li.appendChild(telLink(a[1]));
      list.appendChild(li);
    });
    box.appendChild(list);
    var more = el("p", "也可以换个说法再搜，或从");
    var all = el("a", "按类别查找");
    all.href = siteBase().pathname + "categories/";
    more.appendChild(all);
    more.appendChild(document.createTextNode("看本县的全部事项。"));
    box.appendChild(more);
  }

  /* One results panel open at a time: the header's and the home page's (or /search/'s) never both. */
  function showPanel(box) {
    document.querySelectorAll(".bm-search__results").forEach(function (other) {
      if (other !== box) other.hidden = true;
    });
    box.hidden = false;
    place(box);
  }

  function show(box, query, results) {
    box.textContent = "";
    if (!results.length) {
      notInList(box, query);
      showPanel(box);
      return;
    }
    box.appendChild(el("p", "“" + query + "”找到 " + results.length + " 个结果", "bm-search__status"));
    var list = document.createElement("ol");
    list.className = "bm-search__list";
    results.slice(0, SHOWN).forEach(function (r) { list.appendChild(entry(r)); });
    box.appendChild(list);
    if (results.length > SHOWN) {
      var more = document.createElement("button");
      more.type = "button";
      more.className = "bm-button bm-search__more";
      more.textContent = "更多结果（还有 " + (results.length - SHOWN) + " 个）";
      more.addEventListener("click", function () {
        results.slice(SHOWN).forEach(function (r) { list.appendChild(entry(r)); });
        more.remove();
        list.children[SHOWN].querySelector("a").focus();
      });
      box.appendChild(more);
    }
    showPanel(box);
  }

  /* The header's result box sits just under the header, whatever its height (large text). */
  function place(box) {
    var form = box.closest(".bm-search--header");
    if (!form || box.hidden) return;
    var top = Math.max(0, form.getBoundingClientRect().bottom + 4);
    box.style.top = top + "px";
    box.style.maxHeight = Math.max(120, window.innerHeight - top - 8) + "px";
  }
  ["scroll", "resize"].forEach(function (event) {
    window.addEventListener(event, function () {
      document.querySelectorAll(".bm-search--header .bm-search__results").forEach(place);
    }, { passive: true });
  });

  function pageUrl(result) {
    return siteBase().pathname + (result.kind === "centre" ? "centres/" : "items/") + result.id + "/";
  }

  function runSearch(form, query) {
    var box = form.querySelector(".bm-search__results");
    query = query.trim();
    if (!query) { box.hidden = true; box.textContent = ""; return Promise.resolve(); }
    form.dataset.query = query;
    return loadEngine().then(function (search) {
      var results = search.search(query).map(function (r) {
        return { url: pageUrl(r), name: r.name, summary: r.summary };
      });
      if (form.dataset.query === query) show(box, query, results);
    }).catch(function () {
      box.textContent = "搜索暂时不能用。请从“按类别查找”进入，或拨打便民服务电话。";
      showPanel(box);  /* under the header, as results are: never over the mode buttons or the search field */
    });
  }



  /* Offline: the service worker keeps opened pages; after a station is chosen, also its page, its
     town's page and the guides of every item it handles. */
  function tellWorker(message) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }
  function keepForOffline(mine) {
    var base = siteBase().pathname, urls = [base, base + "centres/" + mine.station.id + "/"];
    if (mine.town) urls.push(base + "centres/" + mine.town.id + "/");
    (mine.offers || []).forEach(function (id) { urls.push(base + "items/" + id + "/"); });
    tellWorker({ keep: urls });
  }
  function startWorker() {
    navigator.serviceWorker.register(asset("sw.js")).then(function () {
      /* this page's own files (styles, scripts) were fetched before the worker ran: keep them too */
      var own = performance.getEntriesByType("resource").map(function (r) { return r.name; })
        .filter(function (u) { return u.indexOf(location.origin) === 0 && u.indexOf("/pagefind/") < 0; });
      tellWorker({ keep: own.concat([location.href.split("#")[0]]) });
    }).catch(function () { /* no offline use */ });
  }
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    /* after the page has loaded, so the worker never competes with what the resident came for */
    if (document.readyState === "complete") startWorker();
    else window.addEventListener("load", function () { setTimeout(startWorker, 500); });
  }

  /* 我的便民服务站: chosen once on the home page, kept in localStorage with its town and county
     centres, so item pages say at once what the resident's own station does (no fetch). */
  var STATION = "bm-station";
  function myStation() {
    try { return JSON.parse(localStorage.getItem(STATION) || "null"); } catch (e) { return null; }
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function telLink(phone) {
    var a = el("a", phone);
    a.href = "tel:" + phone.replace(/-/g, "");
    return a;
  }
  function centreLink(centre) {
    var a = el("a", centre.name);
    a.href = siteBase().pathname + "centres/" + centre.id + "/";
    return a;
  }
  /* "电话 0917-…，办公时间 …" for a centre */
  function contact(centre) {
    var p = el("p", "电话 ");
    p.appendChild(telLink(centre.phone));
    if (centre.hours) p.appendChild(document.createTextNode("，办公时间 " + centre.hours));
    return p;
  }

  function stationRecord(data, id) {
    var rows = {};
    data.centres.forEach(function (r) {
      rows[r[0]] = { id: r[0], name: r[1], tier: r[2], parent: r[3], phone: r[4], hours: r[5], except: r[6], paused: r[7] || {} };
    });
    var station = rows[id], town = rows[station.parent] || null;
    var county = data.centres.filter(function (r) { return r[2] === "county"; }).map(function (r) { return rows[r[0]]; })[0] || null;
    return { station: station, town: town, county: county, tiers: data.tiers };
  }

  /* What the resident's station does with this item, and where to go otherwise. The sentences come
     with the page (data-here, data-trips: generator/catalogue/facts.py); this only picks the
     resident's own centres for the tiers it names. */
  function mineMessage(box, mine) {
    var here = JSON.parse(box.dataset.here), item = box.dataset.bmMine, station = mine.station;
    var own = here[station.tier] || { say: "", next: [], else: [] };
    var pause = (station.paused || {})[item];
    box.textContent = "";
    var head = el("p", "我的便民服务站：", "bm-mine__head");
    head.appendChild(centreLink(station));
    var change = el("a", "换一个"), changeWrap = el("span", "（");
    change.href = siteBase().pathname + "#my-station";
    changeWrap.appendChild(change);
    changeWrap.appendChild(document.createTextNode("）"));
    changeWrap.setAttribute("data-bm-unsaid", "");  /* a link's label: not read aloud */
    head.appendChild(changeWrap);
    box.appendChild(head);
    box.setAttribute("data-bm-say", "");  /* read aloud after the title: where this resident goes */
    var centres = { town: mine.town, county: mine.county };
    var target = station;
    (pause ? own.else : own.next).some(function (tier) {
      var centre = centres[tier];
      if (centre && centre.except.indexOf(item) < 0) { target = centre; return true; }
      return false;
    });
    box.appendChild(el("p", pause ? "您的服务站" + pause + "。" : own.say, "bm-mine__say"));
    if (box.dataset.trips) box.appendChild(el("p", box.dataset.trips, "bm-mine__trips"));
    if (target !== station) {
      var where = el("p", "去：");
      where.appendChild(centreLink(target));
      box.appendChild(where);
    }
    box.appendChild(contact(target));
    box.hidden = false;
  }

  /* No station chosen: the page's own invitation to choose one stays (data-bm-unsaid: not read aloud). */
  document.querySelectorAll("[data-bm-mine]").forEach(function (box) {
    var mine = myStation();
    if (mine && mine.station) mineMessage(box, mine);
    box.hidden = false;
  });

  /* The picker on the home page: by town then village, or by typing the name. */
  var stations = null;
  function loadStations() {
    if (!stations) {
      stations = fetch(asset("assets/bianmin-stations.json")).then(function (r) { return r.json(); });
      stations.catch(function () { stations = null; });
    }
    return stations;
  }
  document.querySelectorAll("[data-bm-pick]").forEach(function (pick) {
    var current = pick.querySelector("[data-bm-pick-current]");
    var open = pick.querySelector("[data-bm-pick-open]");
    var form = pick.querySelector("[data-bm-pick-form]");
    var town = pick.querySelector("#bm-pick-town"), village = pick.querySelector("#bm-pick-village");
    var typed = pick.querySelector("#bm-pick-q"), list = pick.querySelector("#bm-pick-list");
    function showCurrent() {
      var mine = myStation();
      current.textContent = "";
      if (mine && mine.station) {
        var p = el("p", "", "bm-mine__head");
        p.appendChild(centreLink(mine.station));
        current.appendChild(p);
        current.appendChild(contact(mine.station));
        open.textContent = "换一个服务站";
      }
    }
    function options(select, rows, first) {
      select.textContent = "";
      select.appendChild(el("option", first)).value = "";
      rows.forEach(function (r) { select.appendChild(el("option", r[1])).value = r[0]; });
    }
    open.addEventListener("click", function () {
      loadStations().then(function (data) {
        var towns = data.centres.filter(function (r) { return r[2] === "town"; });
        options(town, towns, "请选择镇（街道）");
        options(village, [], "请先选镇（街道）");
        list.textContent = "";
        data.centres.filter(function (r) { return r[2] === "village"; }).forEach(function (r) {
          list.appendChild(el("option")).value = r[1];
        });
        town.onchange = function () {
          options(village, data.centres.filter(function (r) { return r[3] === town.value; }), "请选择村（社区）");
        };
        form.hidden = false;
        town.focus();
      });
    });
    pick.querySelector("[data-bm-pick-save]").addEventListener("click", function () {
      loadStations().then(function (data) {
        var name = typed.value.trim();
        var row = data.centres.filter(function (r) {
          return name ? r[2] === "village" && (r[1] === name || r[1].indexOf(name) >= 0) : r[0] === village.value;
        })[0];
        if (!row) { typed.focus(); return; }
        var record = stationRecord(data, row[0]);
        record.offers = (data.offers[record.station.tier] || []).filter(function (id) { return record.station.except.indexOf(id) < 0; });
        try { localStorage.setItem(STATION, JSON.stringify(record)); } catch (e) { /* not kept */ }
        form.hidden = true;
        showCurrent();
        keepForOffline(record);
        open.focus();
      });
    });
    pick.hidden = false;
    showCurrent();
  });

  document.querySelectorAll("form[data-bm-search]").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".bm-search__results");
    var timer = null;
    box.hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      runSearch(form, input.value);
    });
    /* an IME's letters (di'bao) are not searched; the characters are, once committed */
    var later = function (event) {
      if (event.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(function () { runSearch(form, input.value); }, 120);
    };
    input.addEventListener("input", later);
    input.addEventListener("compositionend", later);
    input.addEventListener("focus", loadEngine, { once: true });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { box.hidden = true; input.focus(); }
    });
    if (!form.classList.contains("bm-search--big")) {
      document.addEventListener("click", function (event) {
        if (!form.contains(event.target)) box.hidden = true;
      });
    }
    var asked = new URLSearchParams(location.search).get("q");
    if (asked && form.classList.contains("bm-search--big")) {
      input.value = asked;
      runSearch(form, asked);
    }
  });

  /* /feedback/ (generator/site/feedback_page.py): the page the resident came from (?page=, an address
     in this site and nothing else) goes into the prefilled texts, with its name when the site's own
     data knows it; the centre's phone is offered first. Nothing is sent anywhere. */
  function feedbackPage(box) {
    var path = new URLSearchParams(location.search).get("page") || "";
    if (!/^(\/|[a-z0-9][a-z0-9\/._-]{0,199})$/i.test(path) || path.indexOf("..") >= 0) return;
    var address = new URL(path === "/" ? "" : path, siteBase()).href;
    var link = box.querySelector("[data-bm-from-link]");
    function fill(name) {
      var page = address + (name ? "（" + name + "）" : "");
      var text = box.dataset.bmText.replace("{page}", page);
      link.href = address;
      link.textContent = name || address;
      box.querySelector("[data-bm-from]").hidden = false;
      box.querySelector("[data-bm-say]").textContent = text;
      box.querySelectorAll("[data-bm-sms]").forEach(function (a) {
        a.href = "sms:" + a.dataset.bmSms + "?body=" + encodeURIComponent(text);
      });
      box.querySelectorAll("[data-bm-mail]").forEach(function (a) {
        a.href = a.href.replace(/&body=.*$/, "&body=" + encodeURIComponent(text));
      });
    }
    fill("");
    var parts = path.split("/");
    var json = function (file) { return fetch(asset(file)).then(function (r) { return r.json(); }); };
    if (parts[0] === "centres" && parts[1]) {
      json("assets/bianmin-stations.json").then(function (data) {
        var row = data.centres.filter(function (c) { return c[0] === parts[1]; })[0];
        if (!row) return;
        fill(row[1]);
        if (row[4]) {
          var tel = box.querySelector("[data-bm-centre-tel]");
          box.querySelector("[data-bm-centre-name]").textContent = row[1];
          tel.textContent = row[4];
          tel.href = "tel:" + row[4].replace(/-/g, "").replace("转", ",");
          box.querySelector("[data-bm-centre]").hidden = false;
        }
      }).catch(function () { /* offline and not kept: the address alone says which page */ });
    } else if (parts[0] === "items" && parts[1]) {
      json("assets/bianmin-search.json").then(function (data) {
        var row = data.items.filter(function (i) { return i[0] === parts[1]; })[0];
        if (row) fill(row[1]);
      }).catch(function () { /* as above */ });
    }
  }
  document.querySelectorAll("[data-bm-feedback]").forEach(feedbackPage);
})();

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

  /* Print */
  document.querySelectorAll("[data-bm-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  /* Read aloud with the browser's speech synthesis, with a stop button. */
  var speak = document.querySelector("[data-bm-speak]");
  var stop = document.querySelector("[data-bm-speak-stop]");
  if (speak && !("speechSynthesis" in window)) {
    speak.hidden = true;
  } else if (speak) {
    speak.addEventListener("click", function () {
      var article = document.querySelector("article").cloneNode(true);
      article.querySelectorAll("[data-pagefind-ignore], script, .headerlink").forEach(function (n) { n.remove(); });
      var utterance = new SpeechSynthesisUtterance(article.textContent.replace(/\s+/g, " ").trim());
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
     its two data files, fetched once on first use). Pagefind's full-text index is asked only when
     those find nothing. Results show the page's own summary, never hidden words. */
  var SHOWN = 8;
  var engine = null;
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
        .then(function (got) { return new window.BianminSearch.Engine(got[1], got[2]); });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      var base = siteBase();
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function textOf(htmlText) {
    return new DOMParser().parseFromString(htmlText, "text/html").body.textContent;
  }

  /* Full text, for a query our words do not know: Pagefind's results as [{url, name, summary}]. */
  function fullText(query) {
    return loadPagefind().then(function (pf) { return pf.search(query); }).then(function (found) {
      return Promise.all((found ? found.results : []).slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (data) {
      return data.map(function (d) { return { url: d.url, name: textOf(d.meta.title || d.url), summary: textOf(d.excerpt || "") }; });
    }).catch(function () { return []; });
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

  function show(box, query, results) {
    box.textContent = "";
    var status = document.createElement("p");
    status.className = "bm-search__status";
    status.textContent = results.length ? "“" + query + "”找到 " + results.length + " 个结果"
      : "没有找到“" + query + "”。换个说法试试，比如写事项里的一两个字，或打电话问村便民服务站。";
    box.appendChild(status);
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
    box.hidden = false;
    place(box);
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
      return results.length ? results : fullText(query);
    }).then(function (results) {
      if (form.dataset.query === query) show(box, query, results);
    }).catch(function () {
      box.textContent = "搜索暂时不能用。请从“按类别查找”进入，或拨打便民服务电话。";
      box.hidden = false;
    });
  }

  document.querySelectorAll("form[data-bm-search]").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".bm-search__results");
    var timer = null;
    box.hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      runSearch(form, input.value);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { runSearch(form, input.value); }, 120);
    });
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
})();

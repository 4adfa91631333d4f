/* Bianmin site behaviour: reading modes, read-aloud, print, search (Pagefind). No external requests. */
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
      article.querySelectorAll("[data-pagefind-ignore], .bm-keywords, script, .headerlink").forEach(function (n) { n.remove(); });
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

  /* Search: Pagefind, loaded on first use; its index is fetched in small chunks per query. */
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

  function excerpt(htmlText) {
    var p = document.createElement("p");
    htmlText.split(/<\/?mark>/).forEach(function (part, i) {
      var text = textOf(part);
      if (i % 2) {
        var mark = document.createElement("mark");
        mark.textContent = text;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(text));
      }
    });
    return p;
  }

  function show(box, query, results, total) {
    box.textContent = "";
    var status = document.createElement("p");
    status.className = "bm-search__status";
    status.textContent = total ? "“" + query + "”找到 " + total + " 个结果" + (total > results.length ? "，显示前 " + results.length + " 个" : "")
      : "没有找到“" + query + "”。换个说法试试，比如写事项里的一两个字，或打电话问村便民服务站。";
    box.appendChild(status);
    var list = document.createElement("ol");
    list.className = "bm-search__list";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = textOf(r.meta.title || r.url);
      li.appendChild(a);
      if (r.plain) {
        var hint = document.createElement("p");
        hint.textContent = r.excerpt;
        li.appendChild(hint);
      } else {
        li.appendChild(excerpt(r.excerpt || ""));
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  /* Residents' words (aliases, pinyin, initials): a small list matched as substrings, listed first.
     Pagefind's own Chinese segmentation misses many multi-word aliases (see generator/render_search.py). */
  var terms = null;
  function loadTerms() {
    if (!terms) {
      terms = fetch(new URL("assets/bianmin-terms.json", siteBase()).href)
        .then(function (r) { return r.json(); })
        .catch(function () { return { items: [], terms: [] }; });
    }
    return terms;
  }

  function termScore(word, q) {
    if (word === q) return 4;
    if (word.indexOf(q) === 0) return 3;
    if (q.length >= 2 && word.indexOf(q) > 0) return 2;
    if (word.length >= 2 && q.indexOf(word) >= 0) return 1 + word.length / 100;
    return 0;
  }

  function termHits(data, query) {
    var q = query.toLowerCase().replace(/\s+/g, "");
    var best = {}, word = {};
    if (q.length < 2) return [];
    data.terms.forEach(function (t) {
      var score = termScore(t[0], q);
      if (score > (best[t[1]] || 0)) { best[t[1]] = score; word[t[1]] = t[0]; }
    });
    return Object.keys(best).map(Number)
      .sort(function (a, b) { return best[b] - best[a] || a - b; })
      .slice(0, 5)
      .map(function (i) {
        var item = data.items[i];
        var hint = word[i] === item[1] ? "" : "常用叫法：" + word[i];
        return { url: siteBase().pathname + "items/" + item[0] + "/", meta: { title: item[1] }, excerpt: hint, plain: true };
      });
  }

  function runSearch(form, query) {
    var box = form.querySelector(".bm-search__results");
    query = query.trim();
    if (!query) { box.hidden = true; box.textContent = ""; return Promise.resolve(); }
    form.dataset.query = query;
    return Promise.all([loadTerms(), loadPagefind().then(function (pf) { return pf.search(query); })]).then(function (got) {
      var hits = termHits(got[0], query), found = got[1];
      if (form.dataset.query !== query) return;
      var seen = {};
      hits.forEach(function (h) { seen[h.url] = true; });
      var results = found ? found.results : [];
      return Promise.all(results.slice(0, 8).map(function (r) { return r.data(); })).then(function (data) {
        var rest = data.filter(function (d) { return !seen[d.url]; });
        var total = hits.length + results.length - (data.length - rest.length);
        if (form.dataset.query === query) show(box, query, hits.concat(rest).slice(0, 8), total);
      });
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
      timer = setTimeout(function () { runSearch(form, input.value); }, 250);
    });
    input.addEventListener("focus", loadPagefind, { once: true });
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

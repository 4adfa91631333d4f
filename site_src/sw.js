/* Bianmin service worker: pages keep working with no signal.
   - Pages: from the network when there is one (a copy is kept); with no network, the kept copy.
   - Other files of the site (styles, scripts, search data, icons): the kept copy at once, refreshed
     from the network behind it.
   - On request from a page ({keep: [urls]}): fetch and keep those, e.g. the resident's station page
     and the guides of every item the station handles (bianmin.js, after 我的便民服务站 is chosen).
   - On install (the resident's first visit): the search and its data, so searching works with no
     signal even before the first search.
   Nothing from other hosts is touched. */
"use strict";
var CACHE = "bianmin-v1";
var OFFLINE = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
  + "<title>没有网络</title><body style=\"font:20px/1.6 sans-serif;margin:1em\"><h1>现在没有网络</h1>"
  + "<p>这个页面还没有保存在这部手机上，等有信号了再打开。</p><p>已经打开过的页面、您选的便民服务站和它能办的事项的办事指南，"
  + "没有网络也能看：<a href=\"./\">回到首页</a>。</p></body></html>";

var SEARCH = ["assets/bianmin-search.js", "assets/bianmin-search.json", "assets/bianmin-pinyin.json"];

self.addEventListener("install", function (event) {
  self.skipWaiting();
  /* kept before the worker takes over; a file that cannot be fetched now is kept on its first use */
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(SEARCH.map(function (path) {
      var url = new URL(path, self.registration.scope);
      return fetch(url).then(function (response) { if (response.ok) return cache.put(url, response); }).catch(function () {});
    }));
  }));
});
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function isPage(request) {
  return request.mode === "navigate" || (request.headers.get("accept") || "").indexOf("text/html") >= 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || url.pathname.indexOf("/pagefind/") >= 0) return;
  if (isPage(request)) {
    event.respondWith(fetch(request).then(function (response) { return keep(request, response); }).catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (hit) {
        return hit || new Response(OFFLINE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    }));
    return;
  }
  event.respondWith(caches.match(request).then(function (hit) {
    var fresh = fetch(request).then(function (response) { return keep(request, response); });
    if (hit) { fresh.catch(function () {}); return hit; }
    return fresh;
  }));
});

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      var url = new URL(u, self.registration.scope);
      if (url.origin !== location.origin) return null;
      return fetch(url).then(function (response) { if (response.ok) return cache.put(url, response); }).catch(function () {});
    }));
  }).then(function () {
    if (event.source) event.source.postMessage({ kept: urls.length });
  }));
});

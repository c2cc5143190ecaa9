// The service worker (docs/design.md §10), served as /sw.js so it controls every page.
// Online, everything comes from the network as before; pages the logged-in person opens
// (the diary, the programme, the guide, home) are also kept so they open with the network
// off. Kept pages are filed under the person's account tag (the Sleep-Account header): a
// page without the tag, or with another tag, drops everything kept before, so one person's
// pages are never shown to another. Never the account pages, the report or the API.
"use strict";

var SHELL = "sleep-shell-v2";
var PAGES = "sleep-pages-";
var OFFLINE_URL = "/offline";
var SHELL_FILES = [
  "/static/css/app.css",
  "/static/css/charts.css",
  "/static/css/diary.css",
  "/static/css/guide.css",
  "/static/css/program.css",
  "/static/css/course.css",
  "/static/css/offline.css",
  "/static/js/app.js",
  "/static/js/diary.js",
  "/static/js/queue.js",
  "/static/js/offline.js",
  "/static/js/relax.js",
  "/static/img/icon.svg",
  "/static/img/icon-192.png",
];
var KEEP = /^\/(?:diary(?:\/[^/]*)*|program(?:\/[^/]*)*|guide(?:\/[^/]*)*|offline)?$/;
var DIARY_FORM = /^\/diary\/(?:new|\d{4}-\d{2}-\d{2}\/edit)$/;
var NOT_ANSWERS = { csrf_token: true, action: true, updated_at: true, date: true };

importScripts("/static/js/queue.js");
try {
  // Web Push reminders, when installed, add their handlers here.
  importScripts("/static/js/sw-push.js");
} catch (missing) {
  // Without reminders the worker still keeps pages and nights.
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      // One by one, so a missing file does not stop the worker from installing.
      return Promise.all(SHELL_FILES.map(function (url) {
        return cache.add(url).catch(function () { return undefined; });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("sleep-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function forgetPages(except) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES) === 0 && name !== PAGES + except;
    }).map(function (name) { return caches.delete(name); }));
  });
}

// Keep a page the network just gave, or forget them all when it is not the same person's.
function keep(url, response) {
  var type = response.headers.get("Content-Type") || "";
  if (response.status !== 200 || response.redirected || response.type !== "basic" || type.indexOf("text/html") !== 0) {
    return Promise.resolve();
  }
  var tag = response.headers.get("Sleep-Account");
  if (!tag) {
    return forgetPages(null);
  }
  return forgetPages(tag).then(function () {
    if (!KEEP.test(new URL(url).pathname)) {
      return undefined;
    }
    return caches.open(PAGES + tag).then(function (cache) { return cache.put(url, response); });
  });
}

function kept(url) {
  return caches.keys().then(function (names) {
    var pages = names.filter(function (name) { return name.indexOf(PAGES) === 0; });
    return pages.reduce(function (found, name) {
      return found.then(function (hit) {
        return hit || caches.open(name).then(function (cache) { return cache.match(url, { ignoreVary: true }); });
      });
    }, Promise.resolve(undefined));
  });
}

function offlinePage() {
  return kept(self.location.origin + OFFLINE_URL).then(function (hit) {
    return hit || caches.match(OFFLINE_URL, { cacheName: SHELL, ignoreVary: true });
  }).then(function (hit) {
    return hit || new Response("<!doctype html><title>Offline</title><h1>You are offline</h1>", {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  });
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(keep(request.url, response.clone()));
    return response;
  }, function () {
    return kept(request.url).then(function (hit) { return hit || offlinePage(); });
  });
}

function asset(request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(SHELL).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }, function () {
    // Pages ask for files with a version (?v=...); offline, any kept version will do.
    return caches.match(request, { cacheName: SHELL, ignoreVary: true }).then(function (hit) {
      return hit || caches.match(request, { cacheName: SHELL, ignoreVary: true, ignoreSearch: true });
    }).then(function (hit) {
      return hit || Response.error();
    });
  });
}

// The diary form posted while the network is away (the page's script usually catches this
// first; this covers a connection that says it is up but is not): keep the answers.
function sendOrKeep(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return Promise.all([copy.formData(), caches.keys()]).then(function (both) {
      var form = both[0];
      var pages = both[1].filter(function (name) { return name.indexOf(PAGES) === 0; });
      var path = new URL(copy.url).pathname;
      var date = form.get("date") || (path.match(/\d{4}-\d{2}-\d{2}/) || [""])[0];
      if (!pages.length || !date) {
        return offlinePage();
      }
      var account = pages[0].slice(PAGES.length);
      var answers = {};
      form.forEach(function (value, name) {
        if (!NOT_ANSWERS[name] && typeof value === "string") { answers[name] = value; }
      });
      return self.SleepQueue.put({
        key: self.SleepQueue.keyFor(account, date),
        account: account,
        date: date,
        answers: answers,
        version: form.get("updated_at") || null,
        confirmed: form.get("action") === "confirm",
        state: "waiting",
        keptAt: new Date().toISOString(),
      }).then(function () { return Response.redirect(OFFLINE_URL + "?kept=" + date, 303); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) {
    return;
  }
  if (request.method === "POST" && request.mode === "navigate" && DIARY_FORM.test(url.pathname)) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  }
});

// The page asks for the morning's pages to be kept ahead of need (offline.js); a reply port,
// when given, hears once they are all kept.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "warm" || !Array.isArray(data.urls)) {
    return;
  }
  var done = Promise.all(data.urls.map(function (path) {
    var url = new URL(path, self.location.origin);
    if (url.origin !== self.location.origin) {
      return undefined;
    }
    return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      return keep(url.href, response);
    }).catch(function () { return undefined; });
  })).then(function () {
    if (event.ports && event.ports[0]) {
      event.ports[0].postMessage({ type: "warmed" });
    }
  });
  event.waitUntil(done);
});

// Offline support for the pages of a logged-in person (docs/design.md §10): registers the
// service worker, keeps a night logged with the network off in this browser (queue.js),
// sends it when the connection returns, asks when it clashes with a night saved elsewhere,
// and says plainly what is waiting. Logging out empties the queue and the kept pages.
// Without this script (or without service workers) the pages work exactly as before.
(function () {
  "use strict";
  var queue = window.SleepQueue;
  var status = document.getElementById("offline-status");
  var accountMeta = document.querySelector('meta[name="sleep-account"]');
  var account = accountMeta ? accountMeta.content : "";
  var supported = "serviceWorker" in navigator && window.indexedDB && window.caches && queue;
  var NOT_ANSWERS = { csrf_token: true, action: true, updated_at: true, date: true };
  var WARM_EVERY_MS = 10 * 60 * 1000;
  // The morning pages, and the breathing guide for a night without a connection.
  var WARM_URLS = ["/", "/diary", "/diary/new", "/program/tools/breathing", "/offline"];
  var sent = [];
  var notice = "";
  var syncing = false;

  if (!supported || !status) {
    return;
  }

  // ---------------------------------------------------------------- the worker

  if (account) {
    navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var stamp = "sleep-warm:" + account;
      var last = Number(window.localStorage.getItem(stamp) || 0);
      if (navigator.onLine && registration.active && Date.now() - last > WARM_EVERY_MS) {
        registration.active.postMessage({ type: "warm", urls: WARM_URLS });
        window.localStorage.setItem(stamp, String(Date.now()));
      }
    }).catch(function () { /* no worker: the site works as an ordinary one */ });
  }

  // ---------------------------------------------------------------- words

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function nightOf(iso) {
    var morning = new Date(iso + "T12:00:00Z");
    if (isNaN(morning.getTime())) {
      return "night before " + iso;
    }
    var evening = new Date(morning.getTime() - 24 * 3600 * 1000);
    return "night of " + DAYS[evening.getUTCDay()] + " " + evening.getUTCDate() + " → " +
      DAYS[morning.getUTCDay()] + " " + morning.getUTCDate() + " " + MONTHS[morning.getUTCMonth()];
  }

  function localToday() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function summary(answers) {
    if (!answers) {
      return "";
    }
    var parts = [];
    if (answers.in_bed) { parts.push("in bed " + answers.in_bed); }
    if (answers.out_of_bed) { parts.push("up " + answers.out_of_bed); }
    if (answers.quality) { parts.push("quality " + answers.quality + " of 5"); }
    return parts.join(", ");
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function button(text, onClick, secondary) {
    var node = el("button", text, "button" + (secondary ? " secondary" : ""));
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  // ---------------------------------------------------------------- what the page says

  function mine() {
    if (!account) {
      return Promise.resolve([]);
    }
    return queue.all().then(function (all) {
      return all.filter(function (night) { return night.account === account; })
        .sort(function (a, b) { return a.date < b.date ? -1 : 1; });
    });
  }

  function describe(night, item) {
    item.append(el("strong", nightOf(night.date).replace(/^n/, "N")));
    if (night.state === "waiting") {
      item.append(el("span", ": kept on this device, waiting to be sent (" + summary(night.answers) + ")."));
      return;
    }
    if (night.state === "conflict") {
      item.append(el("span", ": " + (night.message || "saved somewhere else meanwhile.") + " Which should stay?"));
      var both = el("ul", "", "offline-compare");
      both.append(el("li", "Saved: " + (night.saved ? summary(night.saved) : "nothing (deleted)")));
      both.append(el("li", "Yours, from this device: " + summary(night.answers)));
      item.append(both);
      var actions = el("div", "", "actions");
      actions.append(button(night.saved ? "Replace it with mine" : "Save mine again", function () {
        night.state = "waiting";
        night.version = night.savedVersion || null;
        queue.put(night).then(sync);
      }));
      actions.append(button(night.saved ? "Keep the saved night" : "Delete mine too", function () {
        queue.remove(night.key).then(render);
      }, true));
      item.append(actions);
      return;
    }
    var problems = el("ul");
    (night.warnings || []).forEach(function (w) { problems.append(el("li", w.message)); });
    Object.keys(night.fields || {}).forEach(function (name) { problems.append(el("li", night.fields[name])); });
    item.append(el("span", night.state === "slip" ? ": some times look like an AM/PM slip." : ": some answers need fixing."));
    item.append(problems);
    var choices = el("div", "", "actions");
    if (night.state === "slip") {
      choices.append(button("The times are right: save as entered", function () {
        night.state = "waiting";
        night.confirmed = true;
        queue.put(night).then(sync);
      }));
    }
    choices.append(button("Open in the form", function () {
      var path = night.version ? "/diary/" + night.date + "/edit" : "/diary/new";
      window.location.assign(path + "#restore=" + night.date);
    }, night.state === "slip"));
    choices.append(button("Delete these answers", function () {
      if (window.confirm("Delete your answers for the " + nightOf(night.date) + " from this device?")) {
        queue.remove(night.key).then(render);
      }
    }, true));
    item.append(choices);
  }

  function render() {
    return mine().then(function (nights) {
      status.textContent = "";
      var offline = !navigator.onLine;
      if (offline) {
        var banner = el("p", "", "offline-banner");
        banner.append(el("strong", "You are offline."));
        banner.append(document.createTextNode(
          " Pages you opened before still work. A night you log now is kept on this device and sent when you are back online."
        ));
        status.append(banner);
      }
      if (notice) {
        status.append(el("p", notice, "offline-notice"));
      }
      sent.forEach(function (done) {
        var line = el("p", "", "offline-sent");
        line.append(document.createTextNode("Sent: your " + done.night + " is saved. "));
        var link = el("a", "See it");
        link.href = done.url;
        line.append(link);
        status.append(line);
      });
      if (nights.length) {
        status.append(el("h2", nights.length === 1 ? "1 night waiting to be sent" : nights.length + " nights waiting to be sent"));
        var list = el("ul", "", "offline-queue");
        nights.forEach(function (night) {
          var item = el("li", "", "offline-night offline-" + night.state);
          describe(night, item);
          list.append(item);
        });
        status.append(list);
      }
      status.hidden = !status.childNodes.length;
    }).catch(function () { /* storage unavailable (private mode): nothing to show */ });
  }

  // ---------------------------------------------------------------- keeping a night

  function formDate(form, data) {
    var typed = data.get("date");
    if (typed) {
      return String(typed);
    }
    var match = window.location.pathname.match(/^\/diary\/(\d{4}-\d{2}-\d{2})\/edit$/);
    return match ? match[1] : "";
  }

  function keepForLater(event, form) {
    event.preventDefault();
    var data = new FormData(form);
    var date = formDate(form, data);
    var answers = {};
    data.forEach(function (value, name) {
      if (!NOT_ANSWERS[name] && typeof value === "string") { answers[name] = value; }
    });
    var action = event.submitter && event.submitter.value;
    var night = {
      key: queue.keyFor(account, date),
      account: account,
      date: date,
      answers: answers,
      version: data.get("updated_at") || null,
      confirmed: action === "confirm",
      state: "waiting",
      keptAt: new Date().toISOString(),
    };
    if (!date) {
      notice = "Choose the date of the morning first.";
      render();
      return;
    }
    queue.put(night).then(function () {
      notice = "Kept on this device: your answers for the " + nightOf(date) +
        ". They will be sent when you are back online.";
      return render();
    }).then(function () {
      status.scrollIntoView({ block: "start" });
    }).catch(function () {
      notice = "This browser cannot keep the answers offline. Keep this page open and press Save when you are back online.";
      render();
    });
  }

  // A form opened from the cache may be from an earlier day: log this morning, as it would online.
  function freshenCachedForm() {
    var form = document.querySelector("form.diary-form");
    var date = form && form.querySelector('input[name="date"]');
    if (!date || navigator.onLine || /[?&]date=/.test(window.location.search) || /#restore=/.test(window.location.hash)) {
      return;
    }
    var today = localToday();
    if (date.value && date.value < today) {
      date.value = today;
      var stale = form.querySelector("p.note");
      if (stale) { stale.hidden = true; }
    }
  }

  // "Open in the form": put the kept answers back into the form to fix and save.
  function restoreIntoForm() {
    var match = window.location.hash.match(/^#restore=(\d{4}-\d{2}-\d{2})$/);
    var form = document.querySelector("form.diary-form");
    if (!match || !form || !account) {
      return;
    }
    queue.get(queue.keyFor(account, match[1])).then(function (night) {
      if (!night) {
        return;
      }
      var values = Object.assign({ date: night.date }, night.answers);
      Object.keys(values).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field instanceof RadioNodeList) {
          field.value = values[name];
        } else if (field && "value" in field) {
          field.value = values[name];
        }
      });
      var more = form.querySelector("details.more");
      if (more) { more.open = true; }
      form.dataset.restored = night.key;
      notice = "Your answers for the " + nightOf(night.date) + " are back in the form below. Check them and press Save.";
      render();
    });
  }

  // ---------------------------------------------------------------- sending

  function freshToken() {
    // A page kept offline may hold an older session's token, and someone else may have
    // logged in since: ask the server who this is and for the current token first.
    return fetch("/offline", { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      if (!resp.ok) {
        throw new Error("unavailable");
      }
      if (resp.headers.get("Sleep-Account") !== account) {
        notice = "Log in again (as the person who logged them) to send the nights kept on this device.";
        throw new Error("not this account");
      }
      return resp.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var meta = doc.querySelector('meta[name="csrf-token"]');
      if (!meta) {
        throw new Error("no token");
      }
      return meta.content;
    });
  }

  function send(night, token) {
    return fetch("/diary/sync", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({
        date: night.date,
        answers: night.answers,
        version: night.version,
        confirmed: Boolean(night.confirmed),
      }),
    }).then(function (resp) {
      if ((resp.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
        throw new Error("not answered");
      }
      return resp.json().then(function (body) {
        if (resp.status === 200 || resp.status === 201) {
          sent.push({ night: nightOf(night.date), url: body.url });
          return queue.remove(night.key);
        }
        if (resp.status === 409) {
          night.state = "conflict";
          night.message = body.message;
          night.saved = body.saved;
          night.savedVersion = body.version;
          return queue.put(night);
        }
        if (resp.status === 422) {
          night.state = body.error === "likely_slip" ? "slip" : "invalid";
          night.warnings = body.warnings || [];
          night.fields = body.fields || {};
          return queue.put(night);
        }
        if (resp.status === 401) {
          notice = "Log in again to send the nights kept on this device.";
        }
        throw new Error("try later");
      });
    });
  }

  function sendWaiting() {
    return mine().then(function (nights) {
      var waiting = nights.filter(function (night) { return night.state === "waiting"; });
      if (!waiting.length) {
        return undefined;
      }
      return freshToken().then(function (token) {
        return waiting.reduce(function (chain, night) {
          return chain.then(function () { return send(night, token); });
        }, Promise.resolve());
      });
    });
  }

  function sync() {
    if (!account || !navigator.onLine || syncing) {
      return render();
    }
    syncing = true;
    notice = "";
    // Only one open page sends at a time (the server would save a night once anyway).
    var run = navigator.locks ? navigator.locks.request("sleep-offline-sync", sendWaiting) : sendWaiting();
    return run.catch(function () { /* kept: tried again when the connection returns */ })
      .then(function () { syncing = false; return render(); });
  }

  // ---------------------------------------------------------------- logging out

  function forgetEverything() {
    var registrations = navigator.serviceWorker.getRegistrations().then(function (all) {
      return Promise.all(all.map(function (registration) { return registration.unregister(); }));
    });
    var kept = caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    });
    return Promise.all([queue.clear(), kept, registrations]);
  }

  function logOut(event, form) {
    if (form.dataset.cleared) {
      return;
    }
    event.preventDefault();
    mine().then(function (nights) {
      if (nights.length && !window.confirm(
        (nights.length === 1 ? "1 night logged on this device has" : nights.length + " nights logged on this device have") +
        " not been sent yet. Logging out deletes them. Log out anyway?"
      )) {
        return;
      }
      return forgetEverything().catch(function () { return undefined; }).then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    }, function () {
      form.dataset.cleared = "1";
      form.submit();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    if (form.getAttribute("action") === "/logout") {
      logOut(event, form);
    } else if (form.classList.contains("diary-form") && account) {
      if (!navigator.onLine) {
        keepForLater(event, form);
      } else if (form.dataset.restored) {
        // Sent by the form itself now: the kept copy is done with.
        queue.remove(form.dataset.restored);
      }
    }
  });

  window.addEventListener("online", sync);
  window.addEventListener("offline", render);
  freshenCachedForm();
  restoreIntoForm();
  sync();
})();

// Reminder notifications inside the service worker (loaded by static/js/sw.js with
// importScripts): show each push as a notification, and open the page it names on a tap.
// Messages are JSON {title, body, url, tag} from `flask send-reminders`.
/* global self, clients */
(function () {
  "use strict";

  function sameSite(path) {
    try {
      var url = new URL(path || "/", self.location.origin);
      return url.origin === self.location.origin ? url.href : self.location.origin + "/";
    } catch (err) {
      return self.location.origin + "/";
    }
  }

  self.addEventListener("push", function (event) {
    var data = {};
    try { data = event.data ? event.data.json() : {}; } catch (err) { data = { body: event.data ? event.data.text() : "" }; }
    var title = data.title || "Sleep diary";
    event.waitUntil(self.registration.showNotification(title, {
      body: data.body || "",
      tag: data.tag || "sleep-reminder",
      icon: "/static/img/icon-192.png",
      badge: "/static/img/icon-192.png",
      data: { url: sameSite(data.url) }
    }));
  });

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var target = (event.notification.data && event.notification.data.url) || sameSite("/");
    event.waitUntil(clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
      for (var i = 0; i < list.length; i++) {
        if (list[i].url === target && "focus" in list[i]) { return list[i].focus(); }
      }
      return clients.openWindow ? clients.openWindow(target) : null;
    }));
  });

  // The browser renewed or dropped the subscription: the next `send-reminders` gets a 410
  // for the old one and removes it; the reminders page subscribes again on request.
})();

// Reminder notifications (Web Push) on the reminders page: asks for permission only when the
// person presses the button, subscribes this browser with the server's VAPID key and sends
// the subscription to the app; the other button undoes both. Without JavaScript, or in a
// browser without push, the section stays hidden and the calendar feed is the way.
(function () {
  "use strict";
  var box = document.getElementById("push");
  if (!box) { return; }
  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) {
    document.querySelectorAll(".push-unsupported").forEach(function (el) { el.hidden = false; });
    return;
  }
  box.hidden = false;
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var state = box.querySelector(".push-state");
  var onButton = box.querySelector(".push-on");
  var offButton = box.querySelector(".push-off");
  var count = document.querySelector(".push-count");

  function keyBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.content : "" },
      body: JSON.stringify(body)
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        if (!resp.ok) { throw new Error(data.message || "The app did not accept this browser. Reload and try again."); }
        if (count && typeof data.browsers === "number") { count.textContent = String(data.browsers); }
        return data;
      });
    });
  }

  function show(subscribed, message) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
    state.textContent = message;
  }

  function registration() {
    return navigator.serviceWorker.register(box.dataset.workerUrl, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function refresh() {
    if (Notification.permission === "denied") {
      show(false, "Notifications are blocked for this site in the browser's settings.");
      onButton.disabled = true;
      return;
    }
    navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (sub) {
      show(Boolean(sub), sub ? "Notifications are on in this browser." : "Notifications are off in this browser.");
    }).catch(function () { show(false, "Notifications are off in this browser."); });
  }

  onButton.addEventListener("click", function () {
    onButton.disabled = true;
    state.textContent = "Asking the browser…";
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error("The browser did not allow notifications."); }
      return registration();
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.publicKey) });
    }).then(function (sub) {
      return post(box.dataset.subscribeUrl, sub.toJSON());
    }).then(function () {
      show(true, "Notifications are on in this browser.");
    }).catch(function (err) {
      show(false, err.message || "Notifications could not be turned on.");
    }).then(function () { onButton.disabled = false; });
  });

  offButton.addEventListener("click", function () {
    offButton.disabled = true;
    navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (sub) {
      if (!sub) { return null; }
      var endpoint = sub.endpoint;
      return sub.unsubscribe().then(function () { return post(box.dataset.unsubscribeUrl, { endpoint: endpoint }); });
    }).then(function () {
      show(false, "Notifications are off in this browser.");
    }).catch(function (err) {
      state.textContent = err.message || "Notifications could not be turned off.";
    }).then(function () { offButton.disabled = false; });
  });

  refresh();
})();

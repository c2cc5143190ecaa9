// Progressive enhancement for the checklist: a tap ticks a habit without reloading the
// page. Without this file the same forms post and the page reloads at the habit.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("tick-form")) { return; }
    var button = form.querySelector("button.tick");
    var done = form.querySelector("input[name=done]");
    if (!button || !done || button.classList.contains("is-busy")) { return; }
    event.preventDefault();
    button.classList.add("is-busy");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (resp) {
      if (!resp.ok) { throw new Error("tick failed"); }
      var nowDone = done.value === "1";
      button.setAttribute("aria-pressed", nowDone ? "true" : "false");
      done.value = nowDone ? "0" : "1";
      var item = form.closest(".habit");
      if (item) { item.classList.toggle("is-done", nowDone); }
      // The percentages and strips below are the server's, from page load: say so.
      var stale = document.getElementById("progress-stale");
      if (stale) { stale.hidden = false; }
    }).catch(function () {
      form.submit();  // fall back to the plain post, which shows any error
    }).then(function () {
      button.classList.remove("is-busy");
    });
  });
})();

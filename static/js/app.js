// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Registration: preselect the browser's time zone unless the person already chose one.
  var tz = document.querySelector("select[name=timezone][data-guess-zone]");
  if (tz && window.Intl) {
    try {
      var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (guess && tz.value === "UTC" && tz.querySelector('option[value="' + guess + '"]')) {
        tz.value = guess;
      }
    } catch (e) { /* keep the server's default */ }
  }
})();

(function () {
  "use strict";
  // After a failed submit, move focus to the error summary so keyboard and screen-reader
  // users start from what needs fixing rather than the top of the page.
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
})();

// Registration: tell the server which clock this browser's locale reads (12 or 24 hours),
// so times are written that way from the first page (docs/design.md §2.10). Without this
// file the server goes by the Accept-Language header instead.
(function () {
  "use strict";
  var field = document.querySelector("input[name=clock_hours][data-guess-clock]");
  if (!field || field.value || !window.Intl) { return; }
  try {
    var options = new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions();
    var cycle = options.hourCycle;
    var twelve = cycle ? (cycle === "h12" || cycle === "h11") : options.hour12;
    if (typeof twelve === "boolean") { field.value = twelve ? "12" : "24"; }
  } catch (e) { /* the server decides */ }
})();

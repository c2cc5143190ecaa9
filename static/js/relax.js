// The relaxation pages (templates/program/tools/): the paced-breathing guide and the
// step-by-step routines with their optional timer. Without JavaScript both pages still
// read as plain instructions; with reduced motion the breathing shape stays still and
// the words and the count carry the pace.
(function () {
  "use strict";
  document.documentElement.classList.add("relax-js");

  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function breathing(root) {
    var shape = root.querySelector("[data-breath-shape]");
    var count = root.querySelector("[data-breath-count]");
    var toggle = root.querySelector("[data-breath-toggle]");
    var timer = null;
    var phase = "in";
    var left = 0;

    function pace() {
      var chosen = root.querySelector("input[name=pace]:checked");
      return { in: Number(chosen.dataset.in), out: Number(chosen.dataset.out) };
    }

    function begin(which) {
      var p = pace();
      phase = which;
      left = which === "in" ? p.in : p.out;
      shape.style.setProperty("--breath-seconds", left + "s");
      shape.classList.toggle("grow", which === "in");
      shape.classList.toggle("shrink", which === "out");
      show();
    }

    function show() {
      count.textContent = (phase === "in" ? "Breathe in… " : "Breathe out… ") + left;
    }

    function tick() {
      left -= 1;
      if (left <= 0) {
        begin(phase === "in" ? "out" : "in");
      } else {
        show();
      }
    }

    function stop() {
      window.clearInterval(timer);
      timer = null;
      shape.classList.remove("grow", "shrink");
      toggle.textContent = "Start";
      count.textContent = "Stopped. Press start to go again.";
    }

    toggle.addEventListener("click", function () {
      if (timer) {
        stop();
        return;
      }
      toggle.textContent = "Stop";
      begin("in");
      timer = window.setInterval(tick, 1000);
    });
    root.addEventListener("change", function () {
      if (timer) begin("in");
    });
    if (reduced) root.classList.add("still");
  }

  function routine(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll(".routine-step"));
    var status = root.querySelector("[data-routine-status]");
    var auto = root.querySelector("[data-routine-timer]");
    var prev = root.querySelector("[data-routine-prev]");
    var next = root.querySelector("[data-routine-next]");
    var current = 0;
    var timer = null;

    function title(i) {
      return steps[i].querySelector("h2").textContent;
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = null;
      if (auto.checked && current < steps.length - 1) {
        timer = window.setTimeout(function () {
          go(current + 1, false);
        }, Number(steps[current].dataset.seconds) * 1000);
      }
    }

    function go(i, focus) {
      current = Math.max(0, Math.min(i, steps.length - 1));
      steps.forEach(function (step, n) {
        step.hidden = n !== current;
      });
      prev.disabled = current === 0;
      next.disabled = current === steps.length - 1;
      var last = current === steps.length - 1 ? " That was the last step." : "";
      var timed = auto.checked && !last ? " The next step follows in " + steps[current].dataset.seconds + " seconds." : "";
      status.textContent = title(current) + "." + timed + last;
      if (focus) steps[current].focus();
      schedule();
    }

    prev.addEventListener("click", function () {
      go(current - 1, true);
    });
    next.addEventListener("click", function () {
      go(current + 1, true);
    });
    auto.addEventListener("change", function () {
      go(current, false);
    });
    go(0, false);
  }

  document.querySelectorAll("[data-breathing]").forEach(breathing);
  document.querySelectorAll("[data-routine]").forEach(routine);
})();

// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Remember the browser's time zone so visitors see times in their zone, and preselect it
  // in sign-up forms that have a time zone field still at its default.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
      document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
          if (select.dataset.userChosen) return;
          var found = false;
          for (var i = 0; i < select.options.length; i++) {
            if (select.options[i].value === zone) { select.value = zone; found = true; break; }
          }
          // A legacy name the menu folds away (e.g. Asia/Calcutta): offer it as it is.
          if (!found && /^[A-Za-z_]+\/[A-Za-z0-9_+\-\/]+$/.test(zone)) {
            var option = new Option(zone.replace(/_/g, " "), zone, true, true);
            select.insertBefore(option, select.firstChild);
          }
        });
      });
    }
  } catch (e) { /* old browser: the server default stays */ }
  // On a phone the main menu folds behind a "Menu" button (without JavaScript it stays open).
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
    var toggle = event.target.closest && event.target.closest(".nav-toggle");
    if (toggle) {
      var nav = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (nav) nav.classList.toggle("open", open);
    }
  });
  // The request form: "2 of 3 chosen" as times are ticked; a form shown again with mistakes
  // moves focus to its summary at the top.
  function countTimes() {
    document.querySelectorAll("[data-times-counter]").forEach(function (counter) {
      var form = counter.closest("form");
      var most = parseInt(counter.getAttribute("data-most"), 10) || 3;
      var ticked = form ? form.querySelectorAll('input[name="times"]:checked').length : 0;
      counter.textContent = ticked + " of " + most + " chosen" + (ticked > most ? ": untick " + (ticked - most) : "");
      counter.classList.toggle("over", ticked > most);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "times") countTimes();
  });
  document.addEventListener("DOMContentLoaded", function () {
    countTimes();
    var summary = document.querySelector(".form-errors[role=alert]");
    if (summary) summary.focus();
  });
  // A read-only address (an invite link, a calendar feed) is selected whole when focused.
  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-all")) event.target.select();
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();

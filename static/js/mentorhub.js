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
          for (var i = 0; i < select.options.length; i++) {
            if (select.options[i].value === zone) { select.value = zone; break; }
          }
        });
      });
    }
  } catch (e) { /* old browser: the server default stays */ }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();

// vanban: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Sorting applies on change (the form's button does it without JS).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });

    // "/" focuses the query box, as on most search sites.
    var box = document.getElementById("q");
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target || {}).tagName || "");
      if (event.key === "/" && !typing && box) { event.preventDefault(); box.focus(); box.select(); }
      if (event.key === "Escape") {
        document.querySelectorAll("details.help[open]").forEach(function (d) { d.open = false; });
      }
      if (!typing && (event.key === "n" || event.key === "p")) { step(event.key === "n" ? 1 : -1); }
    });
    // Close the help popover on a click elsewhere.
    document.addEventListener("click", function (event) {
      document.querySelectorAll("details.help[open]").forEach(function (d) {
        if (!d.contains(event.target)) { d.open = false; }
      });
    });

    // Copy the document's permanent URL.
    document.querySelectorAll("[data-copy-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var url = new URL(link.getAttribute("href"), window.location.href).href;
        if (!navigator.clipboard) { return; }  // fall back to following the link
        event.preventDefault();
        navigator.clipboard.writeText(url).then(function () {
          var label = link.textContent;
          link.textContent = "Đã sao chép ✓";
          link.setAttribute("data-copied", url);
          setTimeout(function () { link.textContent = label; }, 1800);
        }, function () { window.location.href = url; });
      });
    });

    // "Back to results" returns to the exact result page (filters, sort, page) when we came from one.
    var back = document.querySelector("[data-back]");
    if (back && document.referrer) {
      var from = new URL(document.referrer);
      if (from.origin === window.location.origin && from.pathname === "/") { back.href = from.href; }
    }

    // Step through the highlighted matches on a document page.
    var marks = Array.prototype.slice.call(document.querySelectorAll(".fulltext mark"));
    var current = -1;
    function step(delta) {
      if (!marks.length) { return; }
      if (current >= 0) { marks[current].classList.remove("current"); }
      current = (current + delta + marks.length) % marks.length;
      marks[current].classList.add("current");
      marks[current].scrollIntoView({ block: "center" });
    }
    var nav = document.querySelector(".match-nav");
    if (nav && marks.length) {
      nav.hidden = false;
      nav.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-match]");
        if (button) { step(button.getAttribute("data-match") === "next" ? 1 : -1); }
      });
      // The page opens at its top (header, number, date): the reader steps to the matches (n / ↓).
    }
  });
})();

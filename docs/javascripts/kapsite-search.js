/* The header's search box on every page but the search page (overrides/partials/search.html).
   There it is a plain form that opens the search page with the reader's words; the theme's
   own search, and the index it fetches, load only on that page. This file gives the plain box
   what the theme's script gives its own: "/", "s" or "f" moves to the box, the search button
   in the header (on a phone) opens it with the cursor in it, and Escape closes it. The form
   works without this file. A local file: the Content-Security-Policy allows no inline script
   of ours. */
(function () {
  "use strict";

  var form = document.querySelector(".md-search__form");
  var toggle = document.getElementById("__search");
  if (!form || !toggle || form.name === "search") {
    return; // no box, or the theme's own search, which handles its keys itself
  }
  var input = form.querySelector(".md-search__input");

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function open() {
    toggle.checked = true;
    input.focus();
    input.select();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === "Escape" && document.activeElement === input) {
      close();
    } else if (/^[/sf]$/.test(event.key) && !typing(event.target)) {
      event.preventDefault();
      open();
    }
  });
  input.addEventListener("focus", function () {
    toggle.checked = true; // the theme shows the box (and, on a phone, over the page) while checked
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
    }
  });
})();

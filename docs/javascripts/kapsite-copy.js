/* Copy buttons for the Suicide Prevention Month kit (kapsite/render/kit_page.py).
   The page works without this file: each fact's permalink is a plain link and the text to
   copy sits in a <details>. Where the clipboard can be used, each fact gets two buttons; the
   result is shown on the button and said by a status line that screen readers announce.
   A local file: the Content-Security-Policy allows no inline script of ours. */
(function () {
  "use strict";

  var SHOWN_FOR_MS = 4000;

  function addButtons() {
    var kit = document.querySelector(".kap-kit");
    if (!kit || !navigator.clipboard || !window.isSecureContext) {
      return; // the links and the text stay as they are
    }
    var status = document.createElement("p");
    status.className = "kap-copy-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    kit.appendChild(status);
    kit.querySelectorAll(".kap-fact").forEach(function (fact) {
      var link = fact.querySelector(".kap-permalink");
      var text = fact.querySelector(".kap-share__text");
      var words = fact.querySelector(".kap-fact__text");
      var bar = fact.querySelector(".kap-fact__share");
      if (!link || !text || !words || !bar) {
        return;
      }
      words.id = fact.id + "-words"; // each button is described by the fact it copies
      bar.appendChild(button("Copy link", "Link copied.", link.href, words.id, status, fact));
      bar.appendChild(
        button("Copy text", "Text with sources copied.", text.textContent, words.id, status, fact)
      );
    });
  }

  function button(label, done, value, describedBy, status, fact) {
    var control = document.createElement("button");
    control.type = "button";
    control.className = "kap-copy";
    control.textContent = label;
    control.setAttribute("aria-describedby", describedBy);
    var timer = null;
    control.addEventListener("click", function () {
      navigator.clipboard.writeText(value).then(
        function () {
          control.textContent = "Copied";
          control.classList.add("kap-copy--done");
          status.textContent = done;
          clearTimeout(timer);
          timer = setTimeout(function () {
            control.textContent = label;
            control.classList.remove("kap-copy--done");
            if (status.textContent === done) {
              status.textContent = ""; // the bar goes; what it said was announced
            }
          }, SHOWN_FOR_MS);
        },
        function () {
          // No permission: open the text so it can be selected and copied by hand.
          var details = fact.querySelector(".kap-share");
          if (details) {
            details.open = true;
          }
          status.textContent = "Could not copy. The text is shown below the fact: select it and copy it.";
        }
      );
    });
    return control;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();

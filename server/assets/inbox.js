/* Navigator inbox: live updates over Server-Sent Events, and one-click insertion of suggested
 * services into the reply. No framework; the pages work without it (reload to refresh). */
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  function busy() {
    var a = document.activeElement;
    var typing = a && (a.tagName === "TEXTAREA" || a.tagName === "INPUT" || a.tagName === "SELECT");
    var reply = document.getElementById("reply");
    return typing || (reply && reply.value.trim() !== "");
  }
  if (live && window.EventSource) {
    var pending = false;
    var es = new EventSource("/inbox/events");
    es.addEventListener("change", function () {
      if (busy()) { pending = true; return; }
      location.reload();
    });
    document.addEventListener("focusout", function () {
      setTimeout(function () { if (pending && !busy()) location.reload(); }, 200);
    });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("[data-insert]") : null;
    if (!b) return;
    var reply = document.getElementById("reply");
    if (!reply) return;
    reply.value = (reply.value ? reply.value.replace(/\s*$/, "\n") : "") + b.getAttribute("data-insert");
    reply.focus();
  });
  var t = document.querySelector(".transcript");
  if (t) t.scrollTop = t.scrollHeight;
})();

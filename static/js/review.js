/* Review-desk keys on an indicator's page: C confirms and opens the next unreviewed number, X rejects
   and opens the next, N skips to it. Only an enhancement: the buttons beside the save row do the same
   without JavaScript. Keys typed into a field are left alone. */
(function () {
  "use strict";

  function typing(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) {
      return;
    }
    var key = (event.key || "").toLowerCase();
    var status = document.getElementById("id_review_status");
    var saveNext = document.getElementById("review-save-next");
    if ((key === "c" || key === "x") && status && saveNext) {
      event.preventDefault();
      status.value = key === "c" ? "confirmed" : "rejected";
      saveNext.click();
    } else if (key === "n") {
      var skip = document.getElementById("review-skip");
      if (skip) {
        event.preventDefault();
        window.location.assign(skip.href);
      }
    }
  });
})();

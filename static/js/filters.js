// Progressive enhancement of the filter forms (the pages work without it):
// submit without empty fields, and refresh the region cascade and the rows in place.
(function () {
  "use strict";

  function cleanUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    var query = params.toString();
    return (form.getAttribute("action") || window.location.pathname) + (query ? "?" + query : "");
  }

  function reload(form, focusId) {
    var url = cleanUrl(form);
    fetch(url, { headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok && response.status !== 400) throw new Error(response.status);
        return response.text().then(function (html) { return { html: html, url: response.url }; });
      })
      .then(function (page) {
        var fresh = new DOMParser().parseFromString(page.html, "text/html").querySelector("main");
        var main = document.querySelector("main");
        if (!fresh || !main) throw new Error("no main");
        main.innerHTML = fresh.innerHTML;
        history.pushState(null, "", page.url);
        enhanceAll();
        var again = document.getElementById(focusId);
        if (again) again.focus();
      })
      .catch(function () { window.location.assign(url); });
  }

  function enhance(form) {
    if (form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.assign(cleanUrl(form));
    });
    form.addEventListener("change", function (event) {
      var select = event.target;
      if (!select.matches("select[data-cascade]")) return;
      // The levels below belonged to the region chosen before.
      form.querySelectorAll("select[data-cascade]").forEach(function (other) {
        if (Number(other.dataset.cascade) > Number(select.dataset.cascade)) other.closest(".field").remove();
      });
      reload(form, select.id);
    });
  }

  function enhanceAll() {
    document.querySelectorAll("form[data-enhance='filters']").forEach(enhance);
  }

  window.addEventListener("popstate", function () { window.location.reload(); });
  document.addEventListener("DOMContentLoaded", enhanceAll);
})();

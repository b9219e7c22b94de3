/*
 * The change-request form, enhanced: while the submitter types, the redline of the proposed
 * wording against the current text and the requests that look like this one are fetched from the
 * server and shown in their aria-live regions. Without JavaScript the "Voorbeeld bekijken" button
 * renders the same on the server, so nothing here is needed to file a request.
 */
(function () {
  "use strict";

  var DELAY_MS = 400;

  function debounce(fn, delay) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, delay);
    };
  }

  // Fetches a fragment into a region; an answer that arrives after a newer request is dropped.
  function loader(region) {
    var controller = null;
    return function (url, options) {
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      var signal = controller.signal;
      return fetch(url, Object.assign({ signal: signal, credentials: "same-origin" }, options))
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          if (!signal.aborted) {
            region.innerHTML = html;
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            // The server-side button still works; leave the region as it is.
            window.console.warn("change-request-form:", error);
          }
        });
    };
  }

  function checkedValue(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "";
  }

  function enhance(form) {
    var text = form.querySelector('textarea[name="proposed_text"]');
    var title = form.querySelector('input[name="title"]');
    var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]');
    var previewRegion = document.getElementById("cs-cr-preview");
    var similarRegion = document.getElementById("cs-cr-similar");

    if (text && csrf && previewRegion && form.dataset.previewUrl) {
      var loadPreview = loader(previewRegion);
      var showPreview = function () {
        var body = new URLSearchParams();
        body.set("base_version", form.dataset.baseVersion || "");
        body.set("proposed_text", text.value);
        body.set("kind", checkedValue(form, "kind") || (form.dataset.baseVersion ? "" : "new_article"));
        loadPreview(form.dataset.previewUrl, {
          method: "POST",
          headers: { "X-CSRFToken": csrf.value },
          body: body,
        });
      };
      text.addEventListener("input", debounce(showPreview, DELAY_MS));
      form.querySelectorAll('input[name="kind"]').forEach(function (radio) {
        radio.addEventListener("change", showPreview);
      });
    }

    if (title && similarRegion && form.dataset.similarUrl) {
      var loadSimilar = loader(similarRegion);
      var showSimilar = function () {
        var url = new URL(form.dataset.similarUrl, window.location.href);
        url.searchParams.set("title", title.value);
        loadSimilar(url.toString(), { method: "GET" });
      };
      title.addEventListener("input", debounce(showSimilar, DELAY_MS));
    }
  }

  document.querySelectorAll("form.cs-cr-form").forEach(enhance);
})();

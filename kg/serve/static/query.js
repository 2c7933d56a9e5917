// The query page: YASGUI's editor (YASQE) and results view (YASR) over the plain form.
// Without this script, or without YASGUI, the form works as it is (a GET to /sparql that the
// server answers with this page and a table). Everything talks to this server only: the endpoint
// is the form's own action, prefix completion reads /prefixes.json, and the completers that look
// terms up on the web (LOV) are off.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var text = document.getElementById("query-text");
  var picker = document.getElementById("canned");
  var share = document.getElementById("share-link");
  if (!form || !text) { return; }
  var endpoint = form.getAttribute("action");
  var base = endpoint.replace(/sparql$/, "");

  function shareUrl(query) {
    // The page's own URL for a query: the same GET a person without scripts would send.
    return new URL(endpoint + "?query=" + encodeURIComponent(query), window.location.href).href;
  }
  function example(name) {
    var template = document.getElementById("canned-" + name);
    return template ? template.content.textContent.trim() + "\n" : null;
  }

  if (!window.Yasgui) {
    // YASGUI did not load: the examples still fill the plain textarea.
    if (picker) {
      picker.addEventListener("change", function () {
        var q = example(picker.value);
        if (q !== null) { text.value = q; }
      });
    }
    return;
  }
  var Yasqe = window.Yasgui.Yasqe;
  var Yasr = window.Yasgui.Yasr;
  // The prefix completer caches its list in localStorage by default; the table is this server's
  // and small, so it is read afresh (a changed table is never shadowed by an old copy).
  Yasqe.Autocompleters.prefixes = Object.assign({}, Yasqe.Autocompleters.prefixes, { persistenceId: null });
  // The completers that look terms up on the web (LOV: "property", "class") are dropped from the
  // defaults themselves: YASQE merges a config's list into the default one index by index, so
  // a shorter list in the config would leave them on.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  var editor = document.getElementById("editor");
  var view = document.getElementById("yasr");
  // Shown before they are built: CodeMirror measures its gutter and lines as it starts.
  editor.hidden = false;
  view.hidden = false;
  text.hidden = true;
  var yasqe = new Yasqe(editor, {
    value: text.value,
    persistenceId: null,          // the URL holds the query, not the browser's storage
    consumeShareLink: null,       // the server reads ?query= and fills the textarea
    createShareableLink: function (y) { return shareUrl(y.getValue()); },
    prefixCcApi: base + "prefixes.json",   // {"igkg": "https://…#", …}: the format prefix.cc uses
    autocompleters: ["prefixes", "variables"],
    resizeable: true,
    editorHeight: "22rem",
    requestConfig: {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
      args: [],
      headers: {},
      namedGraphs: [],
      defaultGraphs: []
    }
  });
  var yasr = new Yasr(view, {
    persistenceId: null,
    prefixes: {},
    pluginOrder: ["table", "response"],
    defaultPlugin: "table"
  });
  document.body.classList.add("yasgui-on");

  function follow() {
    // The link and the address bar follow the query, so that a copied link reproduces it.
    var url = shareUrl(yasqe.getValue());
    if (share) { share.href = url; }
    return url;
  }
  yasqe.on("change", function () { text.value = yasqe.getValue(); follow(); });
  yasqe.on("queryResponse", function (y, response, duration) {
    yasr.setResponse(response, duration);
    var served = document.getElementById("results");
    if (served) { served.remove(); }  // the page's own table was for the query it came with
    window.history.replaceState(null, "", follow());
  });
  // Run with the form's button too (and Enter on it): the editor runs the query in the page.
  form.addEventListener("submit", function (ev) {
    var fmt = document.getElementById("format");
    if (fmt && fmt.value !== "html") { text.value = yasqe.getValue(); return; }  // a download: the plain GET
    ev.preventDefault();
    yasqe.query().catch(function () {});
  });
  if (picker) {
    picker.addEventListener("change", function () {
      var q = example(picker.value);
      if (q !== null) { yasqe.setValue(q); yasqe.focus(); }
    });
  }
  fetch(base + "prefixes.json", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (prefixes) { yasr.config.prefixes = prefixes; })
    .catch(function () {});
})();

// igkg pages: the canned-query picker, and a mark on pictures once they have loaded (for tests
// and for people: a picture that failed to load says so).
(function () {
  "use strict";
  var picker = document.getElementById("canned");
  var text = document.getElementById("query-text");
  if (picker && text) {
    picker.addEventListener("change", function () {
      var template = document.getElementById("canned-" + picker.value);
      if (template) { text.value = template.content.textContent.trim() + "\n"; }
    });
  }
  // Suggestions as you type: ask /search.json (debounced; an older answer never replaces a newer
  // one), list the names as links; arrows move, Enter opens, Escape closes. Without this script
  // the form still goes to the /search page.
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-suggestions");
  if (box && list && window.fetch) {
    var timer = null, asked = 0, current = -1;
    function close() { list.hidden = true; list.textContent = ""; current = -1; box.setAttribute("aria-expanded", "false"); }
    function show(results) {
      list.textContent = "";
      results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.url; a.setAttribute("role", "option");
        a.textContent = r.label;
        var kind = document.createElement("span");
        kind.className = "kind"; kind.textContent = r.kind_label + (r.aliases.length ? " · " + r.aliases.join(", ") : "");
        a.appendChild(kind); li.appendChild(a); list.appendChild(li);
      });
      list.hidden = results.length === 0; current = -1;
      box.setAttribute("aria-expanded", results.length ? "true" : "false");
    }
    function ask() {
      var q = box.value.trim();
      if (!q) { close(); return; }
      var mine = ++asked;
      fetch(box.dataset.endpoint + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (doc) { if (mine === asked) { show(doc.results); } })
        .catch(function () { if (mine === asked) { close(); } });
    }
    function move(step) {
      var links = list.querySelectorAll("a");
      if (!links.length) { return; }
      if (current >= 0) { links[current].removeAttribute("aria-selected"); }
      current = (current + step + links.length) % links.length;
      links[current].setAttribute("aria-selected", "true");
    }
    box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 120); });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { move(1); ev.preventDefault(); }
      else if (ev.key === "ArrowUp") { move(-1); ev.preventDefault(); }
      else if (ev.key === "Escape") { close(); }
      else if (ev.key === "Enter" && current >= 0) { window.location.href = list.querySelectorAll("a")[current].href; ev.preventDefault(); }
    });
    document.addEventListener("click", function (ev) { if (!list.contains(ev.target) && ev.target !== box) { close(); } });
  }
  var images = document.querySelectorAll("figure img");
  Array.prototype.forEach.call(images, function (img) {
    function mark() { img.dataset.loaded = img.naturalWidth > 0 ? "yes" : "no"; }
    if (img.complete) { mark(); } else { img.addEventListener("load", mark); img.addEventListener("error", mark); }
  });
})();

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
  var images = document.querySelectorAll("figure img");
  Array.prototype.forEach.call(images, function (img) {
    function mark() { img.dataset.loaded = img.naturalWidth > 0 ? "yes" : "no"; }
    if (img.complete) { mark(); } else { img.addEventListener("load", mark); img.addEventListener("error", mark); }
  });
})();

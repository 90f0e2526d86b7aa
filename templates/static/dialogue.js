/* dialogue — the pages' only script: plain JavaScript, served by the application (CSP script-src 'self').
   Every page works without it; it adds:
   1. forms: focus on the first invalid field after a refused post (its <details> opened), and the links of the
      error summary moving the focus to their field;
   2. the Markdown editor's toolbar (bold, italic, heading, list, quote), a WAI-ARIA toolbar: one tab stop,
      arrow keys, Home/End; Ctrl+B and Ctrl+I in the text;
   3. tables read as cards on a phone: each cell gets its column's header as data-label (see the CSS). */
(function () {
  "use strict";

  function focusField(field) {
    var details = field.closest("details");
    while (details) {
      details.open = true;
      details = details.parentElement ? details.parentElement.closest("details") : null;
    }
    field.focus();
    if (field.scrollIntoView) field.scrollIntoView({ block: "center" });
  }

  function initForms() {
    var summaries = document.querySelectorAll(".error-summary");
    summaries.forEach(function (summary) {
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) return;
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) return;
        event.preventDefault();
        focusField(field);
      });
    });
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) {
      focusField(invalid);
    } else if (summaries.length) {
      focusField(summaries[0]);
    }
  }

  var MARKS = {
    bold: { around: "**", sample: "texte en gras" },
    italic: { around: "_", sample: "texte en italique" },
    heading: { line: "## ", sample: "Titre" },
    list: { line: "- ", sample: "élément" },
    quote: { line: "> ", sample: "citation" }
  };

  function applyMark(area, name) {
    var mark = MARKS[name];
    var start = area.selectionStart, end = area.selectionEnd, value = area.value;
    var text, from, to, chosen;
    if (mark.around) {
      chosen = value.slice(start, end) || mark.sample;
      text = mark.around + chosen + mark.around;
      from = start + mark.around.length;
      to = from + chosen.length;
    } else {
      var lineStart = value.lastIndexOf("\n", start - 1) + 1;
      if (start === end) { // no selection: the whole line of the caret
        end = value.indexOf("\n", start);
        if (end < 0) end = value.length;
      }
      var block = value.slice(lineStart, end) || mark.sample;
      text = block.split("\n").map(function (line) { return mark.line + line; }).join("\n");
      start = lineStart;
      from = start + mark.line.length;
      to = start + text.length;
    }
    area.focus();
    area.setRangeText(text, start, end, "preserve");
    area.setSelectionRange(from, to);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function initToolbar(bar) {
    var area = document.getElementById(bar.getAttribute("aria-controls"));
    if (!area) return;
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button[data-md]"));
    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("click", function () { applyMark(area, button.getAttribute("data-md")); });
    });
    bar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    area.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      var key = event.key.toLowerCase();
      if (key === "b" || key === "i") {
        event.preventDefault();
        applyMark(area, key === "b" ? "bold" : "italic");
      }
    });
    bar.hidden = false;
  }

  function initTables() {
    document.querySelectorAll("table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (heads[index] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", heads[index].textContent.trim());
          }
        });
      });
    });
  }

  function init() {
    initTables();
    document.querySelectorAll("[role='toolbar'][data-markdown-toolbar]").forEach(initToolbar);
    initForms();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

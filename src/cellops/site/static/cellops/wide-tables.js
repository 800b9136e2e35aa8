// Small screens (issue #14 item 17): a table wider than the page scrolls inside its own
// region — named by the table's caption and reachable by keyboard — instead of the page
// scrolling sideways. Tables already in a scroll region are left alone; htmx swaps too.
(function () {
  var count = 0;
  function wrap(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".chart-scroll, .table-scroll, [role=region]")) return;
      var region = document.createElement("div");
      region.className = "table-scroll";
      region.setAttribute("role", "region");
      region.tabIndex = 0;
      var caption = table.querySelector("caption");
      if (caption) {
        if (!caption.id) caption.id = "table-caption-" + (++count);
        region.setAttribute("aria-labelledby", caption.id);
      } else {
        region.setAttribute("aria-label", "Table");
      }
      table.parentNode.insertBefore(region, table);
      region.appendChild(table);
    });
  }
  wrap(document);
  document.addEventListener("htmx:afterSwap", function (event) { wrap(event.target); });
})();

// Sorting and filtering a table in the page, without a server: a filter box above each table marked
// data-sortable, and a button in each column header that sorts by it (again: the other way).
(function () {
  document.querySelectorAll("table[data-sortable]").forEach(function (table, n) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var box = document.createElement("p"), id = "filter-" + n;
    box.className = "filter";
    box.innerHTML = '<label for="' + id + '">Filter rows</label><input id="' + id + '" type="search"> ' +
      '<span aria-live="polite"></span>';
    var wrap = table.parentNode;
    wrap.parentNode.insertBefore(box, wrap);
    var input = box.querySelector("input"), count = box.querySelector("span");
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase(), shown = 0;
      rows.forEach(function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) shown++;
      });
      count.textContent = q ? shown + " of " + rows.length + " rows" : "";
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      var numeric = rows.length && rows[0].cells[col] && rows[0].cells[col].className === "n";
      b.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[col] ? a.cells[col].textContent : "", y = b.cells[col] ? b.cells[col].textContent : "";
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();

// Search without a server: loads search-index.js (a list of [label, kind, terms, path]) on first use,
// offers up to 10 matches as links while typing, and opens the first one on Enter. Paths are relative
// to the site folder (the form's data-site), so it works from file:// and under any base path.
(function () {
  var form = document.getElementById("search");
  if (!form) return;
  var site = form.getAttribute("data-site"), input = form.querySelector("input"),
      out = document.getElementById("search-results"), hits = [];
  function load(then) {
    if (window.EUCP_SEARCH) return then();
    var s = document.createElement("script");
    s.src = site + "search-index.js";
    s.onload = then;
    document.head.appendChild(s);
  }
  function norm(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  function find(q) {
    q = norm(q);
    if (!q) return [];
    var found = [];
    window.EUCP_SEARCH.forEach(function (e) {
      var best = 9;
      e[2].forEach(function (t) {
        var i = t.indexOf(q), s = t === q ? 0 : i === 0 ? 1 : i > 0 ? 2 : 9;
        if (s < best) best = s;
      });
      if (best < 9) found.push([best, e]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || (a[1][0] < b[1][0] ? -1 : a[1][0] > b[1][0] ? 1 : 0); });
    return found.slice(0, 10).map(function (x) { return x[1]; });
  }
  function show() {
    hits = find(input.value);
    out.textContent = "";
    hits.forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = site + e[3];
      a.textContent = e[0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + e[1] + ")"));
      out.appendChild(li);
    });
    if (input.value.trim() && !hits.length) out.textContent = "No match.";
  }
  input.addEventListener("input", function () { load(show); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    load(function () {
      show();
      if (hits.length) window.location.href = out.querySelector("a").href;
    });
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q && document.body.hasAttribute("data-search-page")) { input.value = q; load(show); }
})();

/* Dossier: Material's search worker, with a query that is a record's whole
   name (an entity's name or an alias) listing that record's page first.

   Material's own worker, named in this script's address (?worker=), does
   the searching; this one reads the names the plugin put on each page's
   entry of the index ("names", as search.name_key gives them) and moves the
   pages a query names to the top of Material's answer. Material searches
   every word as a prefix, so "AP" would otherwise find "Apple" as well as
   it finds "AP". */
(function () {
  "use strict";
  var named = {}; /* name -> locations of the pages it names */
  var asked = []; /* the queries Material has yet to answer, oldest first */

  /* As search.name_key, escaped as the index's text is. */
  function key(text) {
    return String(text || "").trim().toLowerCase().replace(/\s+/g, " ")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function page(group) {
    return group.length ? String(group[0].location).split("#")[0] : "";
  }

  /* Registered before Material's own listener, so it sees each message first. */
  self.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === 0 && message.data) {
      named = {};
      (message.data.docs || []).forEach(function (doc) {
        (doc.names || []).forEach(function (name) {
          (named[name] = named[name] || []).push(doc.location);
        });
      });
    } else if (message.type === 2) {
      asked.push(key(message.data));
    }
  });

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === 3 && asked.length) {
      var pages = named[asked.shift()];
      var items = message.data && message.data.items;
      if (pages && items) {
        var first = items.filter(function (g) { return pages.indexOf(page(g)) >= 0; });
        var rest = items.filter(function (g) { return pages.indexOf(page(g)) < 0; });
        message.data.items = first.concat(rest);
      }
    }
    post(message);
  };

  var worker = new URL(location.href).searchParams.get("worker");
  if (worker && /^[\w.-]+\.js$/.test(worker)) {
    importScripts(new URL(worker, location.href).href); /* beside this one */
  }
})();

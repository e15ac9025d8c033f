/* The preview pane of the editing interface (/admin/): the site's own stylesheet and a
   service laid out with the classes of theme/templates/service.html (title, summary,
   documents, fees), so that an editor sees it as the site will show it. No inline script:
   /admin/ has its own Content-Security-Policy (catalogue/site/admin.py). */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  CMS.registerPreviewStyle("/theme/css/site.css");

  function money(amount) {
    if (typeof amount !== "number" || !isFinite(amount)) return "–";
    return amount.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + "\u00a0€";
  }

  function plain(value) {
    return value && value.toJS ? value.toJS() : value;
  }

  // Unknown is not none (as theme/templates/macros/unknown.html): a field left out says so.
  function unknown(text) {
    return h("p", { className: "app-unknown" },
      h("strong", { className: "app-unknown__label" }, "Noch nicht bekannt:"), " " + text);
  }

  function checklist(documents) {
    if (documents === undefined || documents === null) {
      return unknown("Welche Unterlagen Sie brauchen, ist hier noch nicht eingetragen.");
    }
    if (!documents.length) return h("p", null, "Sie brauchen keine Unterlagen.");
    return h("ul", { className: "app-checklist" }, documents.map(function (doc, i) {
      return h("li", { className: "app-checklist__item", key: i },
        h("span", { className: "app-checklist__name" }, doc.name || ""),
        doc.optional ? h("span", { className: "app-checklist__tag" }, " nur bei Bedarf") : null,
        doc.note ? h("span", { className: "app-checklist__note" }, " " + doc.note) : null);
    }));
  }

  // One amount as the site says it (catalogue/site/formatting.py fee_amount).
  function amount(item) {
    var text;
    if (typeof item.amount === "number") text = money(item.amount);
    else if (typeof item.amount_to === "number") text = money(item.amount_from) + " bis " + money(item.amount_to);
    else if (typeof item.amount_from === "number") text = "ab " + money(item.amount_from);
    else text = item.text || "";
    return item.per ? text + " je " + item.per : text;
  }

  function fees(value) {
    if (!value) return unknown("Die Kosten sind hier noch nicht eingetragen.");
    var parts = [];
    if (value.free) {
      parts.push(h("p", { className: "app-fees__free", key: "free" }, "Diese Leistung ist kostenlos."));
    } else if (value.items && value.items.length) {
      parts.push(h("table", { className: "app-table app-fees", key: "table" },
        h("caption", { className: "app-visually-hidden" }, "Gebühren"),
        h("thead", null, h("tr", null,
          h("th", { scope: "col" }, "Wofür"),
          h("th", { scope: "col", className: "app-table__num" }, "Betrag"))),
        h("tbody", null, (value.items || []).map(function (item, i) {
          return h("tr", { key: i },
            h("th", { scope: "row" }, item.label || "",
              item.note ? h("span", { className: "app-fees__note" }, " " + item.note) : null),
            h("td", { className: "app-table__num" },
              h("span", { className: "app-nowrap" }, amount(item))));
        }))));
      if (value.payment_methods && value.payment_methods.length) {
        parts.push(h("p", { key: "pay" }, "Sie können so bezahlen: " + value.payment_methods.join(", ") + "."));
      }
    }
    if (value.text) parts.push(h("p", { className: "app-fees__text", key: "text" }, value.text));
    if (value.note) parts.push(h("p", { className: "app-fees__note-all", key: "note" }, value.note));
    return parts;
  }

  var ServicePreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var data = plain(entry.get("data")) || {};
      return h("main", { className: "app-main", id: "inhalt" },
        h("h1", { className: "app-title" }, data.title || "(ohne Titel)"),
        data.official_name ? h("p", { className: "app-official" }, "Amtliche Bezeichnung: " + data.official_name) : null,
        h("p", { className: "app-lead" }, data.summary || ""),
        h("section", { className: "app-section" },
          h("h2", null, "Beschreibung"),
          h("div", { className: "app-prose" }, this.props.widgetFor("description"))),
        h("section", { className: "app-section" },
          h("h2", null, "Diese Unterlagen brauchen Sie"),
          checklist(data.required_documents)),
        h("section", { className: "app-section" },
          h("h2", null, "Kosten"),
          fees(data.fees)),
        data.last_reviewed ? h("p", { className: "app-reviewed" }, "Zuletzt geprüft am " +
          String(data.last_reviewed).split("-").reverse().join(".")) : null);
    }
  });

  CMS.registerPreviewTemplate("leistungen", ServicePreview);
  CMS.registerPreviewTemplate("fassungen", ServicePreview);
})();

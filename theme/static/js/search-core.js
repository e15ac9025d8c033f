/*
 * Query logic of the site search, without any DOM: the same file runs in the browser
 * (window.appSearchCore) and in node (module.exports), so the tests exercise this code.
 *
 * The index is built by catalogue/search with the pipeline trimmer-de, stopWordFilter-de,
 * fold-de, stemmer-de. lunr-languages registers three of them; fold-de is registered here
 * and must stay identical to fold() in catalogue/search/german.py.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.appSearchCore = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // How much each kind of match of a searched word counts.
  var BOOST = {
    exact: 10, // the word itself (stemmed, umlauts folded)
    synonym: 8, // a word from content/search-synonyms.yaml
    split: 4, // the parts of an unknown compound: Parkausweis → park + ausweis
    prefix: 2, // the word still being typed: "Führungsz" → Führungszeugnis
    fuzzy: 1, // one letter wrong, missing or extra (words of five letters or more) ...
    fuzzyUnknown: 6, // ... and more so when the word itself is not in the index (a typo)
  };
  var FUZZY_MIN = 5;
  var PREFIX_MIN = 3;
  var SPLIT_MIN = 4; // letters each part of a split compound needs
  var MAX_WORDS = 10;
  // Fields that only the exact word searches: synonyms, prefixes, typos and compound parts
  // would otherwise match every service that merely asks for a Personalausweis.
  // Field names as in FIELDS of catalogue/search/documents.py.
  var EXACT_ONLY = ["documents"];

  /* Führung, Fuehrung, Fuhrung → fuhrung; Straße → strasse; Café → cafe. */
  function fold(word) {
    return word
      .toLowerCase()
      .replace(/ß/g, "ss")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/que|[aou]e/g, function (m) {
        return m === "que" ? m : m.charAt(0);
      });
  }

  /* Register fold-de with lunr (once); needed before lunr.Index.load. */
  function register(lunr) {
    if (!lunr.Pipeline.registeredFunctions["fold-de"]) {
      var folder = function (token) {
        return token.update(function (s) {
          return fold(s);
        });
      };
      lunr.Pipeline.registerFunction(folder, "fold-de");
    }
  }

  /* The lower-case words of a query, split at every non-word character, as at build time. */
  function wordsOf(lunr, text) {
    var re = new RegExp("[" + lunr.de.wordCharacters + "0-9]+", "g");
    return String(text).toLowerCase().match(re) || [];
  }

  function create(lunr, serializedIndex, store) {
    register(lunr);
    var index = lunr.Index.load(serializedIndex);
    var synonyms = store.synonyms || {};
    var docs = store.docs;
    var expandFields = index.fields.filter(function (f) {
      return EXACT_ONLY.indexOf(f) < 0;
    });

    function termOf(word) {
      var terms = index.pipeline.runString(word);
      return terms.length ? terms[0] : "";
    }

    function known(term) {
      return term !== "" && Object.prototype.hasOwnProperty.call(index.invertedIndex, term);
    }

    /* Parkausweis → [park, ausweis] if both parts are in the index; longest head first. */
    function split(word) {
      var w = fold(word);
      for (var i = SPLIT_MIN; i <= w.length - SPLIT_MIN; i++) {
        var right = termOf(w.slice(i));
        if (!known(right)) continue;
        var left = termOf(w.slice(0, i));
        if (!known(left) && w.charAt(i - 1) === "s" && i - 1 >= SPLIT_MIN) {
          left = termOf(w.slice(0, i - 1)); // linking s: Führungs|zeugnis
        }
        if (known(left)) return [left, right];
      }
      return [];
    }

    /* The clauses for a query: [{kind, term, boost, editDistance?, wildcard?}]. */
    function plan(text) {
      var words = wordsOf(lunr, text).slice(0, MAX_WORDS);
      var typing = !/\s$/.test(String(text)); // the last word may still be incomplete
      var clauses = [];
      words.forEach(function (word, i) {
        var term = termOf(word);
        if (!term) return; // a stop word
        var isKnown = known(term);
        clauses.push({ kind: "exact", term: term, boost: BOOST.exact });
        if (term.length >= FUZZY_MIN) {
          var fuzzy = isKnown ? BOOST.fuzzy : BOOST.fuzzyUnknown;
          clauses.push({ kind: "fuzzy", term: term, boost: fuzzy, editDistance: 1 });
        }
        (synonyms[term] || []).forEach(function (t) {
          clauses.push({ kind: "synonym", term: t, boost: BOOST.synonym });
        });
        if (!isKnown && !synonyms[term]) {
          split(word).forEach(function (t) {
            clauses.push({ kind: "split", term: t, boost: BOOST.split });
          });
        }
        if (typing && i === words.length - 1 && word.length >= PREFIX_MIN) {
          clauses.push({ kind: "prefix", term: fold(word), boost: BOOST.prefix, wildcard: true });
        }
      });
      return clauses;
    }

    /* Hits for TEXT, best first: [{id, title, summary, score}], at most LIMIT. */
    function search(text, limit) {
      var clauses = plan(text);
      if (!clauses.length) return [];
      var hits = index.query(function (q) {
        clauses.forEach(function (c) {
          var options = { usePipeline: false, boost: c.boost };
          if (c.kind !== "exact") options.fields = expandFields;
          // lunr treats any editDistance key, even 0, as fuzzy, and then "*" as a letter.
          if (c.editDistance) options.editDistance = c.editDistance;
          if (c.wildcard) options.wildcard = lunr.Query.wildcard.TRAILING;
          q.term(c.term, options);
        });
      });
      return hits.slice(0, limit || 10).map(function (hit) {
        var doc = docs[parseInt(hit.ref, 16)];
        return { id: doc[0], title: doc[1], summary: doc[2], score: hit.score };
      });
    }

    return { search: search, plan: plan, index: index };
  }

  return { BOOST: BOOST, fold: fold, register: register, wordsOf: wordsOf, create: create };
});

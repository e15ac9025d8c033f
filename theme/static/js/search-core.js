/*
 * Query logic of the site search, without any DOM: the same file runs in the browser
 * (window.appSearchCore) and in node (module.exports), so the tests exercise this code.
 *
 * The index is built by catalogue/search with the pipeline trimmer-de, stopWordFilter-de,
 * fold-de, stemmer-de. lunr-languages registers three of them; fold-de is registered here
 * and must stay identical to fold() in catalogue/search/german.py.
 *
 * suche/index.json comes in a compact form (IndexBuilder.compact() in
 * catalogue/search/fastindex.py); expand() turns it back into lunr's serialised index,
 * recomputing the BM25 field vectors exactly as lunr.py (and fastindex) computes them.
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

  /* ---- the compact index ---- */

  var COMPACT_FORMAT = "servicekatalog-lunr-compact/1"; // COMPACT_FORMAT in fastindex.py
  var K1 = 1.2; // lunr's term frequency saturation
  var B = 0.75; // lunr's field length normalisation
  var MAX_DOCUMENTS = 1000000; // far beyond any catalogue; a guard against a broken file

  function broken(what) {
    return new Error("search index (" + COMPACT_FORMAT + "): " + what);
  }

  function checkList(value, what, each) {
    if (!Array.isArray(value)) throw broken(what + " is not a list");
    for (var i = 0; i < value.length; i++) {
      if (!each(value[i])) throw broken(what + "[" + i + "] is not valid");
    }
    return value;
  }

  function isCount(x) {
    return typeof x === "number" && x >= 0 && x % 1 === 0 && x <= 0x7fffffff;
  }

  function isString(x) {
    return typeof x === "string";
  }

  /*
   * Python's round(x, 3) for a score (x >= 0): the double nearest to the thousandth
   * nearest to x, ties (on x's exact value) to even. Away from a midpoint between two
   * thousandths, x * 1000 rounds the same as x: below 1e6 its rounding error is under 1e-7.
   * Near one, toFixed decides on the exact value, but an exact tie it rounds up, not to
   * even. A double is exactly halfway between two thousandths only if it is an odd
   * multiple of 1/16 (x = k/2000 with k odd is a binary fraction only if 125 divides k).
   */
  function round3(x) {
    var thousandths = x * 1000;
    var below = Math.floor(thousandths);
    if (x < 1e6 && Math.abs(thousandths - below - 0.5) > 1e-6) {
      return Math.round(thousandths) / 1000;
    }
    if ((x * 16) % 2 === 1) return (below % 2 === 0 ? below : below + 1) / 1000; // exact
    return Number(x.toFixed(3));
  }

  /*
   * lunr's serialised index (what lunr.Index.load takes) from the compact form; the
   * result equals IndexBuilder.serialize() (tests/test_search_compact.py), down to the
   * order of keys, which is that of the sorted JSON lunr's form was shipped as before.
   * Throws an Error if the compact form is not well-formed.
   *
   * The scores follow fastindex's _field_vectors() operation for operation. One step
   * may differ in the last bit: Math.log is not Python's math.log (V8's differs for about
   * one idf in ten, by one unit in the last place), so a score lying within about 1e-15
   * of the midpoint between two thousandths could round the other way. Tests compare the
   * expanded index with lunr.py's, byte for byte, on real and synthetic catalogues.
   */
  function expand(compact) {
    if (!compact || compact.format !== COMPACT_FORMAT) throw broken("unknown format");
    var fields = checkList(compact.fields, "fields", isString);
    var boosts = checkList(compact.boosts, "boosts", function (x) {
      return typeof x === "number" && isFinite(x);
    });
    var pipeline = checkList(compact.pipeline, "pipeline", isString);
    if (!isString(compact.version)) throw broken("version is not a string");
    var terms = checkList(compact.terms, "terms", isString);
    var postings = checkList(compact.postings, "postings", Array.isArray);
    var frequencies = checkList(compact.frequencies, "frequencies", isCount);
    var n = compact.documents;
    var nFields = fields.length;
    var nTerms = terms.length;
    if (!isCount(n) || n > MAX_DOCUMENTS) throw broken("documents is not a valid count");
    if (n > 0 && !nFields) throw broken("no fields");
    fields.forEach(function (name, i) {
      if (name === "_index" || fields.indexOf(name) !== i) throw broken("fields repeat " + name);
    });
    if (boosts.length !== nFields) throw broken("boosts do not match fields");
    if (postings.length !== nTerms) throw broken("postings do not match terms");
    if (frequencies.length % 2) throw broken("frequencies are not pairs");
    var t, j, k, p, s, d, i;

    // The postings, in their order (term by term, field by field): doc numbers and term
    // frequencies. Those of term t in field j are docOf[start[q]] to docOf[start[q + 1] - 1]
    // with q = t * nFields + j.
    var total = 0;
    for (t = 0; t < nTerms; t++) {
      if (postings[t].length !== nFields) throw broken("postings[" + t + "] do not match fields");
      for (j = 0; j < nFields; j++) {
        if (!Array.isArray(postings[t][j])) {
          throw broken("postings[" + t + "][" + j + "] is not a list");
        }
        total += postings[t][j].length;
      }
    }
    var docOf = new Int32Array(total);
    var tfOf = new Int32Array(total).fill(1);
    var start = new Int32Array(nTerms * nFields + 1);
    var perSlot = new Int32Array(n * nFields); // terms in field j of doc d: slot d * nFields + j
    var decode = function (t, j, p) {
      var gaps = postings[t][j];
      for (var k = 0, d = 0; k < gaps.length; k++, p++) {
        if (!isCount(gaps[k]) || (k > 0 && gaps[k] === 0)) {
          throw broken("postings[" + t + "][" + j + "][" + k + "] is not a valid gap");
        }
        d += gaps[k];
        if (d >= n) throw broken("postings[" + t + "][" + j + "] go beyond the documents");
        docOf[p] = d;
        perSlot[d * nFields + j]++;
      }
      return p;
    };
    for (t = 0, p = 0; t < nTerms; t++) {
      for (j = 0; j < nFields; j++) {
        start[t * nFields + j] = p;
        p = decode(t, j, p);
      }
    }
    start[nTerms * nFields] = total;
    for (i = 0, p = -1; i < frequencies.length; i += 2) {
      p += frequencies[i] + 1;
      if (p >= total) throw broken("frequencies[" + i + "] points beyond the postings");
      if (frequencies[i + 1] < 2) throw broken("frequencies[" + (i + 1) + "] is below 2");
      tfOf[p] = frequencies[i + 1];
    }

    // Per field of each doc, its terms in term order and their frequencies (slotTerm and
    // slotTf from slotStart[s] to slotStart[s + 1] - 1), the field lengths and totals, and
    // how many documents have each term (counted once per field, as lunr.idf does).
    var slotStart = new Int32Array(n * nFields + 1);
    for (s = 0; s < n * nFields; s++) slotStart[s + 1] = slotStart[s] + perSlot[s];
    var free = slotStart.slice(0, n * nFields);
    var slotTerm = new Int32Array(total);
    var slotTf = new Int32Array(total);
    var lengths = new Int32Array(n * nFields);
    var totals = new Array(nFields).fill(0);
    var idf = new Array(nTerms);
    var place = function (t, j) {
      var sum = 0;
      for (var p = start[t * nFields + j]; p < start[t * nFields + j + 1]; p++) {
        var s = docOf[p] * nFields + j;
        slotTerm[free[s]] = t;
        slotTf[free[s]++] = tfOf[p];
        lengths[s] += tfOf[p];
        sum += tfOf[p];
      }
      return sum;
    };
    for (t = 0; t < nTerms; t++) {
      for (j = 0; j < nFields; j++) totals[j] += place(t, j);
      var w = start[(t + 1) * nFields] - start[t * nFields];
      idf[t] = Math.log(1 + Math.abs((n - w + 0.5) / (w + 0.5)));
    }

    // The field vectors, as fastindex's _field_vectors(): [fieldRef, [term, score, ...]].
    var refs = new Array(n);
    for (d = 0; d < n; d++) refs[d] = d.toString(16);
    var averages = totals.map(function (sum) {
      return sum / n;
    });
    var vector = function (s, j) {
      var from = slotStart[s];
      var elements = new Array(2 * (slotStart[s + 1] - from));
      if (elements.length) {
        var norm = K1 * (1 - B + B * (lengths[s] / averages[j]));
        for (var p = from; p < slotStart[s + 1]; p++) {
          var tf = slotTf[p];
          var score = ((idf[slotTerm[p]] * ((K1 + 1) * tf)) / (norm + tf)) * boosts[j];
          elements[2 * (p - from)] = slotTerm[p];
          elements[2 * (p - from) + 1] = round3(score);
        }
      }
      return elements;
    };
    var fieldVectors = new Array(n * nFields);
    for (d = 0, s = 0; d < n; d++) {
      for (j = 0; j < nFields; j++, s++) {
        fieldVectors[s] = [fields[j] + "/" + refs[d], vector(s, j)];
      }
    }

    // The inverted index: terms in JavaScript's string order (TokenSet.Builder needs it),
    // each posting's keys in sorted order, as JSON.parse gave them from the sorted file:
    // the docs of term t in field j again, now from ranked[start[q]], in their refs' order.
    var inRefOrder = refs
      .map(function (ref, doc) {
        return doc;
      })
      .sort(function (a, b) {
        return refs[a] < refs[b] ? -1 : 1;
      });
    var ranked = new Int32Array(total);
    free = start.slice(0, nTerms * nFields);
    for (i = 0; i < n; i++) {
      d = inRefOrder[i];
      for (j = 0, s = d * nFields; j < nFields; j++, s++) {
        for (p = slotStart[s]; p < slotStart[s + 1]; p++) {
          ranked[free[slotTerm[p] * nFields + j]++] = d;
        }
      }
    }
    // A posting's metadata is always empty (the index keeps none), and lunr only reads it
    // (MatchData copies its keys): one frozen object serves for all of them.
    var none = Object.freeze({});
    var keys = fields.concat(["_index"]).sort();
    var order = terms.map(function (term, position) {
      return position;
    });
    order.sort(function (a, b) {
      return terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0;
    });
    var docsOf = function (q) {
      var docs = {};
      for (var p = start[q]; p < start[q + 1]; p++) docs[refs[ranked[p]]] = none;
      return docs;
    };
    var invertedIndex = new Array(nTerms);
    for (i = 0; i < nTerms; i++) {
      t = order[i];
      if (i > 0 && terms[t] === terms[order[i - 1]]) throw broken("terms repeat " + terms[t]);
      var posting = {};
      for (k = 0; k < keys.length; k++) {
        if (keys[k] === "_index") {
          posting._index = t;
          continue;
        }
        posting[keys[k]] = docsOf(t * nFields + fields.indexOf(keys[k]));
      }
      invertedIndex[i] = [terms[t], posting];
    }
    return {
      fieldVectors: fieldVectors,
      fields: fields.slice(),
      invertedIndex: invertedIndex,
      pipeline: pipeline.slice(),
      version: compact.version,
    };
  }

  /* The lower-case words of a query, split at every non-word character, as at build time. */
  function wordsOf(lunr, text) {
    var re = new RegExp("[" + lunr.de.wordCharacters + "0-9]+", "g");
    return String(text).toLowerCase().match(re) || [];
  }

  /* The searcher for the index (compact or lunr's serialised form) and the result store. */
  function create(lunr, serializedIndex, store) {
    register(lunr);
    var compact = serializedIndex && serializedIndex.format !== undefined;
    var index = lunr.Index.load(compact ? expand(serializedIndex) : serializedIndex);
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

  return {
    BOOST: BOOST,
    fold: fold,
    register: register,
    wordsOf: wordsOf,
    expand: expand,
    round3: round3,
    create: create,
  };
});

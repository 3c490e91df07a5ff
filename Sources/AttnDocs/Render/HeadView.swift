import AttnLang

// The head view of attention weights in a rendered page: the query tokens
// in a column on the left, the key tokens on the right, and a line from
// each query to each key whose opacity is the weight between them (the idea
// of bertviz's head view, written afresh here).
//
// Without scripts the page shows a static picture of head 0 (drawn here, as
// SVG). With scripts, `script` takes the weights from the view's
// `data-weights` attribute and redraws it live: buttons choose a head (or
// all of them, each in its own colour), and pointing at a token keeps only
// its lines. The script is plain JavaScript with no dependency, builds the
// picture with DOM calls (text goes in with `textContent`, never as HTML),
// and touches nothing outside the views.
//
// A heatmap gets a head view when it looks like attention weights between
// tokens: labelled rows and columns, every value in [0, 1], at most
// `maxTokens` of each and every head shown.

enum HeadView {
    static let maxTokens = 48
    /// Line colours, one per head (cycled).
    static let colors = ["#3b6fb6", "#d1603d", "#3a9a5b", "#8e5ba8", "#c79a1c", "#2a9fa6", "#c2477d", "#6b6b6b"]
    static let rowHeight = 20.0
    static let width = 420.0
    static let leftX = 150.0
    static let rightX = 270.0
    static let top = 16.0

    static func applies(to map: Heatmap) -> Bool {
        map.rowLabels != nil && map.columnLabels != nil && map.scale.min >= 0 && map.scale.max <= 1 + 1e-9
            && !map.scale.hasNaN && map.rowCount <= maxTokens && map.columnCount <= maxTokens && map.panelCount <= Heatmap.maxPanels
    }

    /// The view: its data, controls (filled in by the script) and the static picture of head 0.
    static func html(_ map: Heatmap) -> String {
        var out = "<div class=\"headview\" data-weights=\"\(XMLText.attribute(json(map)))\">\n"
        out += "<div class=\"controls\"></div>\n"
        out += staticPicture(map)
        let heads = map.panelCount > 1 ? "head 0 of \(map.panelCount); " : ""
        out += "<p class=\"note\">\(heads)each line joins a query (left) to a key (right), as opaque as its weight."
        out += "<span class=\"live-only\"> Point at a token to see only its lines.</span></p>\n"
        return out + "</div>\n"
    }

    /// `{"rows": [...], "cols": [...], "heads": [[[w, ...], ...], ...]}`,
    /// weights to four decimals (what opacity can show).
    static func json(_ map: Heatmap) -> String {
        func string(_ s: String) -> String {
            var out = "\""
            for scalar in DisplayWidth.truncate(s, to: 40).unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "<": out += "\\u003c"
                case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let rows = (0..<map.rowCount).map { string(map.rowLabel($0)) }.joined(separator: ",")
        let cols = (0..<map.columnCount).map { string(map.columnLabel($0)) }.joined(separator: ",")
        let heads = (0..<map.panelCount).map { p in
            "[" + (0..<map.rowCount).map { r in
                "[" + (0..<map.columnCount).map { c in weight(map.value(panel: p, row: r, column: c)) }.joined(separator: ",") + "]"
            }.joined(separator: ",") + "]"
        }.joined(separator: ",")
        return "{\"rows\":[\(rows)],\"cols\":[\(cols)],\"heads\":[\(heads)]}"
    }

    /// A weight as JSON: four decimals, -inf and nan as 0.
    static func weight(_ x: Double) -> String {
        guard x.isFinite, x > 0 else { return "0" }
        let scaled = (min(x, 1) * 10_000).rounded()
        return scaled == 10_000 ? "1" : "0." + String(repeating: "0", count: 4 - String(Int(scaled)).count) + String(Int(scaled))
    }

    static func y(_ index: Int) -> Double { top + (Double(index) + 0.5) * rowHeight }

    static func staticPicture(_ map: Heatmap) -> String {
        let height = top * 2 + Double(max(map.rowCount, map.columnCount)) * rowHeight
        var out = "<svg class=\"static\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-size=\"12\" role=\"img\" aria-label=\"head view\">\n"
        for r in 0..<map.rowCount {
            for c in 0..<map.columnCount {
                let w = weight(map.value(panel: 0, row: r, column: c))
                guard w != "0" else { continue }
                out += "<line x1=\"\(Int(leftX + 6))\" y1=\"\(y(r))\" x2=\"\(Int(rightX - 6))\" y2=\"\(y(c))\" stroke=\"\(colors[0])\" "
                    + "stroke-width=\"2\" stroke-opacity=\"\(w)\"/>\n"
            }
        }
        for r in 0..<map.rowCount {
            out += "<text x=\"\(Int(leftX))\" y=\"\(y(r))\" text-anchor=\"end\" dominant-baseline=\"central\">"
                + "\(XMLText.text(DisplayWidth.truncate(map.rowLabel(r), to: 18)))</text>\n"
        }
        for c in 0..<map.columnCount {
            out += "<text x=\"\(Int(rightX))\" y=\"\(y(c))\" dominant-baseline=\"central\">"
                + "\(XMLText.text(DisplayWidth.truncate(map.columnLabel(c), to: 18)))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// The script that makes every head view live; included once per page
    /// that has one.
    static let script = """
    (function () {
      "use strict";
      var NS = "http://www.w3.org/2000/svg";
      var COLORS = [\(colors.map { "\"\($0)\"" }.joined(separator: ", "))];
      var ROW = \(rowHeight), TOP = \(top), WIDTH = \(width), LEFT = \(leftX), RIGHT = \(rightX);
      function y(i) { return TOP + (i + 0.5) * ROW; }
      function el(name, attrs) {
        var node = document.createElementNS(NS, name);
        for (var key in attrs) { node.setAttribute(key, String(attrs[key])); }
        return node;
      }
      function cut(text) { return text.length > 18 ? text.slice(0, 17) + "\\u2026" : text; }
      function draw(view, data, state) {
        var n = Math.max(data.rows.length, data.cols.length);
        var svg = el("svg", { "class": "live", width: WIDTH, height: TOP * 2 + n * ROW,
                              viewBox: "0 0 " + WIDTH + " " + (TOP * 2 + n * ROW), "font-size": 12 });
        var heads = state.head < 0 ? data.heads.map(function (_, h) { return h; }) : [state.head];
        heads.forEach(function (h) {
          data.heads[h].forEach(function (row, q) {
            row.forEach(function (w, k) {
              if (w <= 0) { return; }
              if (state.side === "q" && state.token !== q) { return; }
              if (state.side === "k" && state.token !== k) { return; }
              svg.appendChild(el("line", { x1: LEFT + 6, y1: y(q), x2: RIGHT - 6, y2: y(k),
                stroke: COLORS[h % COLORS.length], "stroke-width": 2,
                "stroke-opacity": state.head < 0 ? w / Math.sqrt(heads.length) : w }));
            });
          });
        });
        function label(text, i, side) {
          var t = el("text", { x: side === "q" ? LEFT : RIGHT, y: y(i), "dominant-baseline": "central",
                               "text-anchor": side === "q" ? "end" : "start", "class": "token" });
          t.textContent = cut(text);
          if (state.side === side && state.token === i) { t.setAttribute("font-weight", "bold"); }
          t.addEventListener("mouseenter", function () { state.side = side; state.token = i; draw(view, data, state); });
          t.addEventListener("mouseleave", function () { state.side = null; state.token = -1; draw(view, data, state); });
          svg.appendChild(t);
        }
        data.rows.forEach(function (text, i) { label(text, i, "q"); });
        data.cols.forEach(function (text, i) { label(text, i, "k"); });
        var old = view.querySelector("svg");
        if (old) { view.replaceChild(svg, old); } else { view.appendChild(svg); }
      }
      function controls(view, data, state) {
        var box = view.querySelector(".controls");
        if (!box || data.heads.length < 2) { return; }
        var choices = [-1].concat(data.heads.map(function (_, h) { return h; }));
        choices.forEach(function (h) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = h < 0 ? "all heads" : "head " + h;
          if (h >= 0) { button.style.borderColor = COLORS[h % COLORS.length]; }
          button.setAttribute("aria-pressed", String(h === state.head));
          button.addEventListener("click", function () {
            state.head = h;
            box.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
            draw(view, data, state);
          });
          box.appendChild(button);
        });
      }
      var views = document.querySelectorAll(".headview[data-weights]");
      Array.prototype.forEach.call(views, function (view) {
        var data;
        try { data = JSON.parse(view.getAttribute("data-weights")); } catch (e) { return; }
        var state = { head: 0, side: null, token: -1 };
        controls(view, data, state);
        draw(view, data, state);
        view.classList.add("is-live");
        var note = view.querySelector(".note");
        if (note && data.heads.length > 1) {
          note.firstChild.textContent = data.heads.length + " heads; each line joins a query (left) to a key (right), as opaque as its weight.";
        }
      });
      document.documentElement.setAttribute("data-headviews", String(views.length));
    })();
    """
}

/*
 * gongkai.backoffice — rich-text editing of an item's 正文 and the annual report's narrative.
 *
 * Every <textarea data-richtext> (backoffice/richtext.py, RichTextWidget) becomes a Jodit editor
 * (vendored, MIT; loaded from the textarea's data-editor-script/-stylesheet only on pages that need
 * it). The textarea stays the submitted field: the editor writes its HTML back on every change and
 * on submit. Without JavaScript, or if the editor fails to load, the textarea works as before.
 *
 * Paste from Word and WPS: the clipboard's HTML is cleaned here, before it reaches the page, to
 * the same structure the server keeps (headings, paragraphs, emphasis, lists, tables with merged
 * cells, links): Office's classes, mso-* styles, fonts, spans, <o:p>, comments and list markers go.
 * The server sanitizes again on save (nh3); this cleaning only keeps the editor tidy and the page
 * free of inline styles, which the Content-Security-Policy would refuse anyway.
 */
(function () {
  "use strict";

  var fields = document.querySelectorAll("textarea[data-richtext]");
  if (!fields.length) { return; }

  // -- paste cleaning -------------------------------------------------------------------------

  var KEEP = {
    P: 1, BR: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, S: 1, SUB: 1, SUP: 1,
    H2: 1, H3: 1, H4: 1, H5: 1, UL: 1, OL: 1, LI: 1, BLOCKQUOTE: 1, HR: 1, PRE: 1,
    TABLE: 1, CAPTION: 1, THEAD: 1, TBODY: 1, TFOOT: 1, TR: 1, TH: 1, TD: 1, A: 1
  };
  // Removed with everything inside them.
  var DROP = {
    SCRIPT: 1, STYLE: 1, META: 1, LINK: 1, TITLE: 1, HEAD: 1, XML: 1, TEMPLATE: 1, NOSCRIPT: 1,
    IFRAME: 1, OBJECT: 1, EMBED: 1, IMG: 1, SVG: 1, MATH: 1, BUTTON: 1, INPUT: 1, SELECT: 1,
    TEXTAREA: 1, COLGROUP: 1, COL: 1
  };
  var CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

  function fromOffice(html) {
    return /class=["']?Mso|mso-|urn:schemas-microsoft-com:office|ProgId|Microsoft Word/i.test(html);
  }

  // Office's inline styles, replaced before parsing (the page's CSP would report each one) by the
  // two facts the cleaning needs: a list paragraph, and a list marker to drop.
  var STYLE_ATTRIBUTE = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

  function listFacts(all, value) {
    if (/mso-list:\s*ignore/i.test(value)) { return ' data-mso-list="marker"'; }
    if (/mso-list:\s*l\d+\s+level\d+/i.test(value)) { return ' data-mso-list="item"'; }
    return "";
  }

  // The clipboard's HTML as an inert document: nothing in it loads, runs or applies.
  function parse(html) {
    var start = html.indexOf("<!--StartFragment-->");
    var end = html.indexOf("<!--EndFragment-->");
    if (start > -1 && end > start) { html = html.slice(start + 20, end); }
    return new DOMParser().parseFromString(html.replace(STYLE_ATTRIBUTE, listFacts), "text/html");
  }

  // Office wraps its HTML source at ~80 columns, also inside Chinese text: a line break between
  // two Chinese characters is no space.
  function joinLines(text) {
    return text.replace(/(.?)[ \t]*[\r\n]+[ \t]*(.?)/g, function (all, before, after) {
      var glue = (CJK.test(before) && CJK.test(after)) || !before || !after ? "" : " ";
      return before + glue + after;
    });
  }

  function headingLevel(name, office) {
    // The page title is the <h1>; the portal styles h2–h5. Word's 标题 1 becomes h2, and so on.
    var n = parseInt(name.charAt(1), 10);
    if (office) { n += 1; }
    return "H" + Math.min(Math.max(n, 2), 5);
  }

  function isListMarker(node) {
    return node.getAttribute("data-mso-list") === "marker";
  }

  function listKind(node) {
    if (node.getAttribute("data-mso-list") !== "item") { return null; }
    var marker = node.querySelector("[data-mso-list=marker]");
    var text = marker ? marker.textContent : "";
    return /^\s*[(（]?[0-9一二三四五六七八九十a-zA-Z]+[.)）、．]/.test(text) ? "OL" : "UL";
  }

  function cleanChildren(source, target, office) {
    var child = source.firstChild;
    var list = null;
    while (child) {
      var next = child.nextSibling;
      if (child.nodeType === 3) {
        if (!(list && !child.nodeValue.trim())) { // the source's line breaks between list paragraphs
          target.appendChild(document.createTextNode(office ? joinLines(child.nodeValue) : child.nodeValue));
          list = null;
        }
      } else if (child.nodeType === 1) {
        var kind = office && child.tagName === "P" ? listKind(child) : null;
        if (kind) {
          if (!list || list.tagName !== kind) {
            list = document.createElement(kind);
            target.appendChild(list);
          }
          var item = document.createElement("LI");
          cleanChildren(child, item, office);
          list.appendChild(item);
        } else {
          if (!(child.textContent || "").trim() && child.tagName === "P" && list) {
            // an empty paragraph inside a Word list: nothing to keep
          } else {
            list = null;
            cleanElement(child, target, office);
          }
        }
      }
      // comments, processing instructions and Word's <![if …]> markers are dropped
      child = next;
    }
  }

  function cleanElement(node, target, office) {
    var name = node.tagName.toUpperCase();
    if (DROP[name] || isListMarker(node)) { return; }
    if (/^H[1-6]$/.test(name)) { name = headingLevel(name, office); }
    if (!KEEP[name]) {
      cleanChildren(node, target, office); // span, font, div, o:p, w:sdt …: keep only the content
      return;
    }
    var copy = document.createElement(name);
    if (name === "A") {
      var href = node.getAttribute("href") || "";
      if (!/^(https?:|mailto:)/i.test(href)) {
        cleanChildren(node, target, office); // Word's bookmarks (<a name=_Toc…>), local links
        return;
      }
      copy.setAttribute("href", href);
    }
    if (name === "TD" || name === "TH") {
      ["colspan", "rowspan"].forEach(function (attribute) {
        var span = parseInt(node.getAttribute(attribute) || "1", 10);
        if (span > 1) { copy.setAttribute(attribute, String(span)); }
      });
    }
    cleanChildren(node, copy, office);
    target.appendChild(copy);
  }

  function cleanPaste(html) {
    var office = fromOffice(html);
    var doc = parse(html);
    var out = document.createElement("div");
    cleanChildren(doc.body, out, office);
    // Office ends a copied range with an empty paragraph: not part of the text
    while (out.lastChild && (out.lastChild.nodeType === 3 || out.lastChild.tagName === "P") &&
           !out.lastChild.textContent.replace(/\u00a0/g, " ").trim()) {
      out.removeChild(out.lastChild);
    }
    return out.innerHTML;
  }

  // -- the editor ------------------------------------------------------------------------------

  var TOOLBARS = {
    document: [
      "paragraph", "|", "bold", "italic", "underline", "strikethrough", "|", "ul", "ol", "|",
      "table", "link", "hr", "|", "eraser", "undo", "redo", "|", "source", "fullsize"
    ],
    narrative: [
      "bold", "italic", "underline", "|", "ul", "ol", "|", "table", "|",
      "eraser", "undo", "redo", "|", "source", "fullsize"
    ]
  };

  function labelText(textarea) {
    var label = textarea.id ? document.querySelector('label[for="' + textarea.id + '"]') : null;
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // The cell popup without what only sets looks (background, alignment), which is not kept.
  var CELL_TOOLS = { splitv: 1, merge: 1, addcolumn: 1, addrow: 1, deleteTable: 1 };

  function cellTools() {
    var tools = (window.Jodit.defaultOptions.popup || {}).cells || [];
    return tools.filter(function (tool) { return tool === "\n" || (tool && CELL_TOOLS[tool.name]); });
  }

  // Text written before the editor, or without JavaScript, may be plain text with one paragraph a
  // line: the editor shows it as those paragraphs.
  function plainToParagraphs(textarea) {
    var value = textarea.value;
    if (!value.trim() || /<[a-z][^>]*>/i.test(value)) { return; }
    var out = document.createElement("div");
    value.split(/\r?\n/).forEach(function (line) {
      if (!line.trim()) { return; }
      var p = document.createElement("p");
      p.textContent = line.trim();
      out.appendChild(p);
    });
    textarea.value = out.innerHTML;
  }

  function enhance(textarea) {
    var Jodit = window.Jodit;
    plainToParagraphs(textarea);
    var editor = Jodit.make(textarea, {
      language: "zh_cn",
      iframe: false,
      toolbarAdaptive: false,
      toolbarSticky: false,
      buttons: TOOLBARS[textarea.getAttribute("data-richtext")] || TOOLBARS.document,
      controls: {
        paragraph: {
          list: Jodit.atom({ p: "正文", h2: "标题 1", h3: "标题 2", h4: "标题 3", h5: "标题 4", blockquote: "引用" }),
          // each choice shown in its own format, spaced by richtext.css (no inline style)
          childTemplate: function (editor, key, value) {
            return "<" + key + ' class="richtext-format"><span>' + value + "</span></" + key + ">";
          }
        }
      },
      // A new table gets no inline style (Jodit's default), which the CSP would refuse.
      createAttributes: Jodit.atom({}),
      popup: { cells: Jodit.atom(cellTools()) },
      tableAllowCellResize: false,
      minHeight: 320,
      height: "auto",
      showCharsCounter: false,
      showWordsCounter: false,
      showXPathInStatusbar: false,
      showPlaceholder: false,
      // Everything stays on this server: no code editor or beautifier from a CDN, no uploads.
      sourceEditor: "area",
      beautifyHTML: false,
      disablePlugins: [
        "ai-assistant", "speech-recognize", "print", "preview", "file", "image", "image-processor",
        "image-properties", "video", "media", "iframe", "powered-by-jodit", "about", "spellcheck",
        "drag-and-drop-element", "drag-and-drop", "paste-storage", "font", "color", "class-span",
        "line-height", "justify", "emoji"
      ].join(","),
      link: { noFollowCheckbox: false, openInNewTabCheckbox: false, modeClassName: false },
      // Pasted HTML goes through cleanPaste (below); Jodit asks nothing.
      askBeforePasteHTML: false,
      askBeforePasteFromWord: false,
      processPasteHTML: false,
      processPasteFromWord: false,
      defaultActionOnPaste: "insert_as_html",
      nl2brInPlainText: true
    });

    // While cells are selected by dragging, Jodit adds a short-lived invisible div with an inline
    // style (a redraw hack): the same div, made invisible by class.
    var create = editor.createInside;
    var fromHTML = create.fromHTML;
    Object.defineProperty(create, "fromHTML", {
      configurable: true,
      writable: true,
      value: function (html) {
        if (typeof html === "string" && html.indexOf('<div style="color:rgba(0,0,0,0.01);') === 0) {
          var redraw = document.createElement("div");
          redraw.className = "richtext-redraw";
          redraw.textContent = "\u00a0";
          return redraw;
        }
        return fromHTML.apply(create, arguments);
      }
    });

    // Jodit gives a table from the toolbar, and merged cells, widths as inline styles: not kept
    // by the server, and refused by the CSP whenever Jodit re-parses its value (so are the
    // styles of its selection markers, empty spans that need none). The content keeps no inline style.
    function unstyle(element) {
      if (element.nodeType !== 1) { return; }
      if (element.hasAttribute("style")) { element.removeAttribute("style"); }
      var styled = element.querySelectorAll("[style]");
      for (var i = 0; i < styled.length; i++) { styled[i].removeAttribute("style"); }
    }
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        if (mutation.type === "attributes") { unstyle(mutation.target); }
        for (var i = 0; i < mutation.addedNodes.length; i++) { unstyle(mutation.addedNodes[i]); }
      });
    }).observe(editor.editor, { subtree: true, childList: true, attributes: true, attributeFilter: ["style"] });

    // The source view writes selection markers into the HTML it re-parses: without their styles.
    var selection = editor.s;
    var marker = selection.marker;
    Object.defineProperty(selection, "marker", {
      configurable: true,
      writable: true,
      value: function () {
        var span = marker.apply(selection, arguments);
        span.removeAttribute("style");
        return span;
      }
    });

    // Whatever HTML Jodit sets as its value (from the source view, from the textarea) loses its
    // inline styles before Jodit parses it, where the CSP would report each one.
    editor.e.on("beforeSetNativeEditorValue", function (data) {
      if (data && typeof data.value === "string") { data.value = data.value.replace(STYLE_ATTRIBUTE, ""); }
    }, { top: true });

    editor.e.on("beforePaste", function (event) {
      var data = event.clipboardData || (event.originalEvent && event.originalEvent.clipboardData);
      var html = data ? data.getData("text/html") : "";
      if (!html) { return; } // plain text: Jodit escapes it and keeps the line breaks
      editor.s.insertHTML(cleanPaste(html));
      editor.synchronizeValues();
      return false;
    });

    var name = labelText(textarea);
    if (name) { editor.editor.setAttribute("aria-label", name); }
    var described = textarea.getAttribute("aria-describedby");
    if (described) { editor.editor.setAttribute("aria-describedby", described); }
    if (textarea.getAttribute("aria-invalid")) { editor.editor.setAttribute("aria-invalid", "true"); }
    editor.editor.setAttribute("aria-multiline", "true");
    editor.editor.setAttribute("role", "textbox");

    if (textarea.form) {
      textarea.form.addEventListener("submit", function () {
        textarea.value = editor.value;
      });
    }
    textarea.setAttribute("data-richtext-ready", "");
  }

  // Jodit adds a hidden input to each toolbar with an inline style attribute, which the CSP
  // refuses: the same input, hidden by richtext.css instead.
  function hideFocusHelperByClass() {
    var Collection = window.Jodit.modules && window.Jodit.modules.ToolbarEditorCollection;
    if (!Collection || !Collection.prototype.prependInvisibleInput) { return; }
    Collection.prototype.prependInvisibleInput = function (container) {
      var input = document.createElement("input");
      input.name = "jodit-toolbar-focus-helper_" + this.j.id;
      input.tabIndex = -1;
      input.disabled = true;
      input.className = "richtext-focus-helper";
      container.insertBefore(input, container.firstChild);
    };
  }

  // Jodit marks the selected cells of a table with a generated <style> element, which the CSP
  // refuses: a class instead, styled by richtext.css (the server drops classes on save).
  function markSelectedCellsByClass() {
    var Table = window.Jodit.modules && window.Jodit.modules.Table;
    if (!Table || !Table.prototype.__recalculateStyles) { return; }
    // (a decorated method: a getter on the prototype, so it is redefined rather than assigned)
    Object.defineProperty(Table.prototype, "__recalculateStyles", {
      configurable: true,
      writable: true,
      value: function () {
        var marked = this.j.editor.querySelectorAll(".richtext-selected-cell");
        for (var i = 0; i < marked.length; i++) {
          marked[i].classList.remove("richtext-selected-cell");
          if (!marked[i].classList.length) { marked[i].removeAttribute("class"); }
        }
        this.selected.forEach(function (cell) { cell.classList.add("richtext-selected-cell"); });
      }
    });
  }

  function enhanceAll() {
    try {
      hideFocusHelperByClass();
      markSelectedCellsByClass();
    } catch (error) {
      // a later Jodit without these internals: the editor works, the console shows CSP reports
      if (window.console) { window.console.warn("富文本编辑器：未能调整表格选区样式", error); }
    }
    for (var i = 0; i < fields.length; i++) {
      try {
        enhance(fields[i]);
      } catch (error) {
        // the textarea stays usable as it is
        if (window.console) { window.console.error("富文本编辑器未能加载", error); }
      }
    }
  }

  function addStylesheet(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  var first = fields[0];
  addStylesheet(first.getAttribute("data-editor-stylesheet"));
  addStylesheet(first.getAttribute("data-richtext-stylesheet"));
  var script = document.createElement("script");
  script.src = first.getAttribute("data-editor-script");
  script.onload = enhanceAll;
  document.head.appendChild(script);

  // For tests and the console: the cleaning applied to pasted HTML.
  window.gongkaiCleanPaste = cleanPaste;
})();

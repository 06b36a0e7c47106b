/*
 * Kit pupil chat widget: one <script> tag injects its stylesheet and its DOM,
 * then talks to Kit's public HTTP contract (POST /api/session, POST /api/chat).
 * On another site's page (a school's) it draws only the launcher and an
 * iframe of Kit's /chat-frame, where this same script runs the chat on Kit's
 * own origin, out of reach of the school page's scripts.
 *
 * Plain ES2019, no build step, no dependencies, no third-party requests, no
 * cookies, nothing in localStorage; the session id lives in sessionStorage.
 * Server text is only ever rendered with textContent, and nothing here needs
 * 'unsafe-inline' in a Content-Security-Policy.
 *
 *   <script src="/widget.js" defer data-server="" data-age-band=""
 *           data-class-code="" data-position="right|left|inline"
 *           data-colour="#1f5fbf" data-exit-url=""></script>
 *
 * Esc is a quick exit too. Routes in replies come as links (tel:, sms:,
 * https: only, from the reply's `links`); "Read this to me" uses the
 * browser's own speech synthesis; "Bigger text" enlarges the chat.
 */
(function () {
  "use strict";

  if (window.__kitWidgetLoaded) {
    return;
  }
  window.__kitWidgetLoaded = true;

  var SESSION_KEY = "kit.session";
  var LARGE_TEXT_KEY = "kit.largeText";
  var AGE_BANDS = ["8-10", "11-13", "14-18"];
  var DEFAULT_COLOUR = "#1f5fbf";
  var DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";
  var DEFAULT_MAX_LENGTH = 1000; // the server's default limit (413 above it)
  var REQUEST_TIMEOUT_MS = 20000;

  // The helpline and emergency number of the help strip and the offline
  // notes. Kit's server writes its locale's here when it serves this file
  // (bot/web/widget_help.py), so they show even once the server is gone;
  // these are the UK's.
  var HELP = /* kit:help */ {"helpline": "Childline", "helplinePhone": "0800 1111", "helplineFree": true, "emergency": "999"};
  var HELPLINE_ON = HELP.helpline + (HELP.helplineFree ? " free" : "") + " on "; // "Childline free on "
  var CALL_HELPLINE = "call " + HELPLINE_ON + HELP.helplinePhone;

  // Every child-facing sentence the widget writes itself, in one place.
  var TEXT = {
    launcher: "Chat with Kit",
    title: "Kit",
    subtitle: "Online safety chat",
    quickExit: "Quick exit",
    quickExitHint: "Leave this page quickly (or press Esc)",
    clear: "Clear chat",
    close: "Close",
    closeHint: "Close chat",
    inputLabel: "Type your message",
    send: "Send",
    typing: "Kit is typing\u2026",
    you: "You said:",
    kit: "Kit said:",
    notice: "Note:",
    logLabel: "Conversation with Kit",
    choices: "Choose an answer",
    chosen: "(chosen)",
    newTab: "(opens in a new tab)",
    readAloud: "Read this to me",
    largeText: "Bigger text",
    retry: "Retry",
    offline:
      "Sorry, Kit can't connect right now. Check your internet and press Retry in a moment. " +
      "If you need help now, " + CALL_HELPLINE + ". If you're in danger, call " + HELP.emergency + ".",
    frameTitle: "Kit online safety chat",
    notStarted:
      "Sorry, Kit's chat can't open here right now. If you need help now, " + CALL_HELPLINE +
      ". If you're in danger, call " + HELP.emergency + ".",
    notAllowed:
      "Sorry, Kit's chat isn't switched on for this website yet. " +
      "If you need help now, " + CALL_HELPLINE + ". If you're in danger, call " + HELP.emergency + ".",
    expired: "This chat had been quiet for a while, so Kit has started a new one for you.",
    expiredResend: "Please choose again, then send your message again.",
    resumed: "Welcome back. You can carry on chatting with Kit below.",
    cleared: "Chat cleared. Kit has started a new chat.",
    noClass: "This chat isn't linked to your class, but you can still talk to Kit.",
    rejected: "Kit couldn't read that message. Please try saying it another way.",
    noReply:
      "Sorry, Kit didn't have an answer for that. You could try saying it another way. " +
      "If you need help now, " + CALL_HELPLINE + ".",
  };

  // ---------------------------------------------------------------- config

  function findScript() {
    var current = document.currentScript;
    if (current && current.src) {
      return current;
    }
    var scripts = document.querySelectorAll("script[src]");
    for (var i = scripts.length - 1; i >= 0; i -= 1) {
      if (/(^|\/)widget\.js(\?|#|$)/.test(scripts[i].getAttribute("src") || "")) {
        return scripts[i];
      }
    }
    return null;
  }

  var script = findScript();
  // Inside Kit's chat frame (/chat-frame) the settings come from the frame's
  // address, which the embed script on the school's page wrote.
  var framed = Boolean(script && script.hasAttribute("data-frame"));
  var frameParams = framed ? new URLSearchParams(window.location.search) : null;

  function attr(name) {
    var value = framed ? frameParams.get(name) : script ? script.getAttribute("data-" + name) : null;
    return value ? value.trim() : "";
  }

  function scriptUrl() {
    return (script && script.src) || document.baseURI;
  }

  function serverBase() {
    var configured = attr("server");
    try {
      if (configured) {
        return new URL(configured, document.baseURI).href.replace(/\/+$/, "");
      }
      return new URL(scriptUrl()).origin;
    } catch (error) {
      return "";
    }
  }

  function safeExitUrl() {
    var configured = attr("exit-url");
    if (configured) {
      try {
        var url = new URL(configured, document.baseURI);
        if (url.protocol === "https:" || url.protocol === "http:") {
          return url.href;
        }
      } catch (error) {
        // fall through to the default
      }
      warn("data-exit-url must be an http(s) address; using the default.");
    }
    return DEFAULT_EXIT_URL;
  }

  function validAgeBand() {
    var band = attr("age-band");
    if (band && AGE_BANDS.indexOf(band) === -1) {
      warn("data-age-band must be one of " + AGE_BANDS.join(", ") + "; Kit will ask instead.");
      return "";
    }
    return band;
  }

  function validColour() {
    var colour = attr("colour") || attr("color");
    if (!colour) {
      return DEFAULT_COLOUR;
    }
    if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour)) {
      return colour.toLowerCase();
    }
    warn("data-colour must be a hex colour such as #1f5fbf; using the default.");
    return DEFAULT_COLOUR;
  }

  function maxLength() {
    var value = parseInt(attr("max-length"), 10);
    return value > 0 ? value : DEFAULT_MAX_LENGTH;
  }

  function warn(message) {
    if (window.console && console.warn) {
      console.warn("Kit widget: " + message);
    }
  }

  var config = {
    host: framed ? attr("host") : "", // the school page's origin, for messages to it
    server: serverBase(),
    ageBand: validAgeBand(),
    classCode: attr("class-code"),
    position: attr("position") || "right",
    colour: validColour(),
    exitUrl: safeExitUrl(),
    maxLength: maxLength(),
  };

  // ------------------------------------------------------ colour contrast

  function luminance(hex) {
    var h = hex.slice(1);
    if (h.length === 3) {
      h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
    }
    var channels = [0, 2, 4].map(function (i) {
      var c = parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrast(a, b) {
    var la = luminance(a);
    var lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // Any colour reaches at least 4.58:1 against either white or black, so the
  // text on the brand colour is whichever of the two contrasts more.
  function colourRule(colour) {
    var onColour = contrast(colour, "#ffffff") >= contrast(colour, "#000000") ? "#ffffff" : "#000000";
    // Brand colour as text/borders on the light surfaces only if it stays
    // readable on the palest one (bot bubbles, #f3f2f1); otherwise near-black.
    var inkOk = contrast(colour, "#f3f2f1") >= 4.5;
    return (
      ".kit-root{--kit-colour:" + colour + ";--kit-on-colour:" + onColour +
      ";--kit-ink:" + (inkOk ? colour : "#0b0c0c") +
      ";--kit-on-ink:" + (inkOk ? onColour : "#ffffff") + ";}"
    );
  }

  // The default colour is already in widget.css. A custom one goes in through
  // the CSSOM (allowed under a CSP without 'unsafe-inline'), never a style attribute.
  function applyColour(root) {
    if (config.colour === DEFAULT_COLOUR) {
      return;
    }
    var rule = colourRule(config.colour);
    try {
      if (typeof CSSStyleSheet === "function" && "adoptedStyleSheets" in document) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(rule);
        document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
        return;
      }
    } catch (error) {
      // older browser: fall back below
    }
    var values = rule.slice(rule.indexOf("{") + 1, rule.lastIndexOf("}")).split(";");
    values.forEach(function (pair) {
      var at = pair.indexOf(":");
      if (at > 0) {
        root.style.setProperty(pair.slice(0, at), pair.slice(at + 1));
      }
    });
  }

  // ------------------------------------------- the frame and the school page

  // Kit's chat runs in a frame from Kit's own origin, so scripts on the
  // school's page (analytics, session replay, extensions) cannot read it. The
  // frame tells the embed script on the school's page only what it needs to
  // draw the launcher and to leave the page: never any words.
  function toHost(message) {
    if (!framed || window.parent === window || !config.host) {
      return;
    }
    try {
      window.parent.postMessage(message, config.host);
    } catch (error) {
      // a malformed host origin: no messages, the frame still works
    }
  }

  function fromHost(event) {
    return framed && event.source === window.parent && event.origin === config.host && event.data;
  }

  // ------------------------------------------------------------ storage

  var memorySession = null;

  function loadSession() {
    try {
      return window.sessionStorage.getItem(SESSION_KEY);
    } catch (error) {
      return memorySession;
    }
  }

  function saveSession(id) {
    memorySession = id;
    toHost({ kit: "session", active: true });
    try {
      window.sessionStorage.setItem(SESSION_KEY, id);
    } catch (error) {
      // storage blocked: the in-memory copy lasts for this page view
    }
  }

  function forgetSession() {
    memorySession = null;
    toHost({ kit: "session", active: false });
    try {
      window.sessionStorage.removeItem(SESSION_KEY);
    } catch (error) {
      // nothing stored
    }
  }

  // Bigger text lasts for this tab (sessionStorage), and Quick exit forgets it.
  function largeTextWanted() {
    try {
      return window.sessionStorage.getItem(LARGE_TEXT_KEY) === "1";
    } catch (error) {
      return false;
    }
  }

  function rememberLargeText(on) {
    try {
      if (on) {
        window.sessionStorage.setItem(LARGE_TEXT_KEY, "1");
      } else {
        window.sessionStorage.removeItem(LARGE_TEXT_KEY);
      }
    } catch (error) {
      // storage blocked: it lasts for this page view
    }
  }

  // ---------------------------------------------------------------- DOM

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function button(className, text, type) {
    var node = el("button", className, text);
    node.type = type || "button";
    return node;
  }

  function visuallyHidden(text) {
    return el("span", "kit-visually-hidden", text);
  }

  function ariaHidden(className, text) {
    var node = el("span", className, text);
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  // Quick exit: Esc anywhere does the same (Widget.bind), as on UK support sites.
  function exitButton(className) {
    var node = button(className, TEXT.quickExit);
    node.title = TEXT.quickExitHint;
    node.setAttribute("aria-keyshortcuts", "Escape");
    return node;
  }

  function injectStylesheet() {
    var href;
    try {
      href = new URL("widget.css", scriptUrl()).href;
    } catch (error) {
      return;
    }
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i += 1) {
      if (links[i].href === href) {
        return;
      }
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    (document.head || document.documentElement).appendChild(link);
  }

  // A 24px icon drawn from one path, hidden from screen readers (the button
  // it sits in has the words); drawn because an emoji needs a font the
  // device may not have.
  function icon(d, className) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (className) {
      svg.setAttribute("class", className);
    }
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", d);
    svg.appendChild(path);
    return svg;
  }

  var CHAT_PATH = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z";

  // The symbols beside the main routes for the youngest, by the name a
  // reply's route_lines give (bot/web/reply_links.py SYMBOLS).
  var SYMBOLS = {
    emergency: "M5 20h14v2H5zM7 19v-7a5 5 0 0 1 10 0v7zM11 1h2v3h-2zM3.5 4.9l1.4-1.4 2.1 2.1-1.4 1.4zM17 5.6l2.1-2.1 1.4 1.4-2.1 2.1z",
    talk: CHAT_PATH,
    phone:
      "M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1" +
      "A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1z",
    shield: "M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5z",
    report: "M5 3h2v18H5zM8 4h11l-2.5 4.5L19 13H8z",
  };

  function chatIcon() {
    return icon(CHAT_PATH, "kit-launcher-icon");
  }

  function speakerIcon() {
    return icon("M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z");
  }

  function telLink(phone) {
    return "tel:" + phone.replace(/[^0-9+]/g, "");
  }

  function helpStrip() {
    // Fixed text in the widget itself, so it shows even when the server is down.
    var strip = el("p", "kit-help");
    strip.id = "kit-help";
    var strong = el("strong", null, "Need help now?");
    var helpline = el("a", "kit-help-link", HELP.helplinePhone);
    helpline.href = telLink(HELP.helplinePhone);
    var emergency = el("a", "kit-help-link", HELP.emergency);
    emergency.href = telLink(HELP.emergency);
    strip.appendChild(strong);
    strip.appendChild(document.createTextNode(" Call " + HELPLINE_ON));
    strip.appendChild(helpline);
    strip.appendChild(document.createTextNode(", any time. In danger? Call "));
    strip.appendChild(emergency);
    strip.appendChild(document.createTextNode("."));
    return strip;
  }

  function buildUi(mode) {
    var root = el("div", "kit-root kit-mode-" + mode);
    root.setAttribute("data-kit-widget", "");
    applyColour(root);

    var panel = el("section", "kit-panel");
    panel.id = "kit-panel";
    panel.setAttribute("aria-labelledby", "kit-title");

    var header = el("div", "kit-header");
    var heading = el("div", "kit-heading");
    var title = el("h2", "kit-title", TEXT.title);
    title.id = "kit-title";
    heading.appendChild(title);
    heading.appendChild(el("p", "kit-subtitle", TEXT.subtitle));

    var actions = el("div", "kit-actions");
    var exit = exitButton("kit-btn kit-exit");
    var clear = button("kit-btn kit-clear", TEXT.clear);
    actions.appendChild(exit);
    actions.appendChild(clear);
    var close = null;
    if (mode === "launcher" || mode === "panel") {
      close = button("kit-btn kit-close", TEXT.close);
      close.setAttribute("aria-label", TEXT.closeHint);
      actions.appendChild(close);
    }
    header.appendChild(heading);
    header.appendChild(actions);

    var log = el("div", "kit-log");
    log.id = "kit-log";
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.setAttribute("aria-label", TEXT.logLabel);
    log.tabIndex = 0; // a scrollable region must be reachable by keyboard

    var typing = el("p", "kit-typing");
    typing.setAttribute("role", "status");

    var form = el("form", "kit-form");
    form.noValidate = true;
    var label = el("label", "kit-label", TEXT.inputLabel);
    label.htmlFor = "kit-input";
    var formTop = el("div", "kit-form-top");
    var large = button("kit-btn kit-large-toggle", TEXT.largeText);
    large.setAttribute("aria-pressed", "false");
    formTop.appendChild(label);
    formTop.appendChild(large);
    var row = el("div", "kit-row");
    var input = el("input", "kit-input");
    input.id = "kit-input";
    input.type = "text";
    input.name = "message";
    input.autocomplete = "off"; // keep children's messages out of autofill history
    input.maxLength = config.maxLength;
    input.setAttribute("enterkeyhint", "send");
    var send = button("kit-btn kit-send", TEXT.send, "submit");
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(formTop);
    form.appendChild(row);

    panel.appendChild(header);
    panel.appendChild(helpStrip());
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(form);
    var privacy = panel.appendChild(el("p", "kit-privacy")).appendChild(el("a", "kit-help-link", "What Kit keeps"));
    privacy.href = config.server + "/privacy";
    privacy.target = "_blank"; // a new tab, so the chat stays open behind it

    var launcher = null;
    var dock = null;
    var dockExit = null;
    if (mode === "launcher") {
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-modal", "true");
      panel.hidden = true;
      // The launcher, and beside it, while a chat exists and the panel is
      // closed, a second Quick exit: the button stays in sight at all times.
      dock = el("div", "kit-dock");
      dockExit = exitButton("kit-btn kit-exit kit-dock-exit");
      dockExit.hidden = true;
      launcher = button("kit-launcher");
      launcher.appendChild(chatIcon());
      launcher.appendChild(el("span", "kit-launcher-text", TEXT.launcher));
      launcher.setAttribute("aria-expanded", "false");
      launcher.setAttribute("aria-controls", "kit-panel");
      launcher.setAttribute("aria-haspopup", "dialog");
      dock.appendChild(dockExit);
      dock.appendChild(launcher);
      root.appendChild(dock);
    } else if (mode === "panel") {
      panel.setAttribute("role", "dialog"); // the launcher's panel, in its frame
      panel.setAttribute("aria-modal", "true");
    } else {
      panel.setAttribute("role", "region");
    }
    root.appendChild(panel);

    return {
      root: root,
      panel: panel,
      launcher: launcher,
      dock: dock,
      dockExit: dockExit,
      exit: exit,
      clear: clear,
      close: close,
      log: log,
      typing: typing,
      form: form,
      input: input,
      send: send,
      large: large,
    };
  }

  // ----------------------------------------------------------- network

  function post(path, body) {
    return call(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  }

  // Resolves to {kind, status, data}: kind is "ok", "expired" (404/410),
  // "rejected" (other 4xx) or "unavailable" (network, timeout, 5xx, bad JSON).
  function call(path, init) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () {
          controller.abort();
        }, REQUEST_TIMEOUT_MS)
      : null;
    init.credentials = "omit";
    init.cache = "no-store";
    init.signal = controller ? controller.signal : undefined;
    return fetch(config.server + path, init)
      .then(function (response) {
        return response.json().then(
          function (data) {
            return { response: response, data: data };
          },
          function () {
            return { response: response, data: null };
          }
        );
      })
      .then(function (result) {
        var status = result.response.status;
        var data = result.data && typeof result.data === "object" ? result.data : null;
        if (status >= 200 && status < 300) {
          return { kind: data ? "ok" : "unavailable", status: status, data: data };
        }
        if (status === 404 || status === 410) {
          return { kind: "expired", status: status, data: data };
        }
        if (status >= 400 && status < 500) {
          return { kind: "rejected", status: status, data: data };
        }
        return { kind: "unavailable", status: status, data: data };
      })
      .catch(function () {
        return { kind: "unavailable", status: 0, data: null };
      })
      .then(function (outcome) {
        if (timer) {
          clearTimeout(timer);
        }
        return outcome;
      });
  }

  function cleanReplies(data) {
    var replies = data && Array.isArray(data.replies) ? data.replies : [];
    return replies
      .filter(function (reply) {
        return reply && typeof reply.text === "string";
      })
      .map(function (reply) {
        var buttons = Array.isArray(reply.buttons) ? reply.buttons : [];
        var links = Array.isArray(reply.links) ? reply.links : [];
        var lines = Array.isArray(reply.route_lines) ? reply.route_lines : [];
        return {
          text: reply.text,
          buttons: buttons.filter(function (b) {
            return b && typeof b.title === "string" && typeof b.payload === "string" && b.title && b.payload;
          }),
          links: links.filter(function (link) {
            return link && typeof link.text === "string" && link.text && typeof link.href === "string" && safeHref(link.href);
          }),
          routes: lines.reduce(function (byLine, line) {
            if (line && typeof line.line === "number" && typeof line.route === "string") {
              byLine[line.line] = { route: line.route, symbol: typeof line.symbol === "string" ? line.symbol : "" };
            }
            return byLine;
          }, {}),
        };
      });
  }

  // Route links are tel:, sms: or https: only. The server builds them from
  // the route data; a link of any other kind stays plain text.
  function safeHref(href) {
    if (/^tel:\+?[0-9]{2,15}$/.test(href) || /^sms:[0-9]{5,6}\?&body=[A-Z]{2,12}$/.test(href)) {
      return true;
    }
    try {
      var url = new URL(href);
      return url.protocol === "https:" && !url.username && !url.password && !url.port && url.href.indexOf(href) === 0;
    } catch (error) {
      return false;
    }
  }

  function errorSentence(data) {
    return data && typeof data.error === "string" && data.error.trim() ? data.error.trim() : "";
  }

  // A chosen age band (from a button payload such as
  // /choose_age_band{"age_band":"8-10"}) is kept in memory only, so an expired
  // session can be restarted without asking the pupil again.
  function bandIn(text) {
    var match = /"age_band"\s*:\s*"(8-10|11-13|14-18)"/.exec(text);
    return match ? match[1] : "";
  }

  // -------------------------------------------------------------- widget

  function Widget(ui, mode) {
    this.ui = ui;
    this.mode = mode;
    this.busy = false;
    this.started = false;
    this.generation = 0; // bumped by Clear chat so late answers are dropped
    this.band = "";
    this.lastFailed = null;
    this.bind();
    this.setLargeText(largeTextWanted());
    this.showBand();
  }

  Widget.prototype.bind = function () {
    var self = this;
    var ui = this.ui;

    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submitTyped();
    });
    ui.exit.addEventListener("click", function () {
      self.quickExit();
    });
    ui.clear.addEventListener("click", function () {
      self.clearChat();
    });
    ui.large.addEventListener("click", function () {
      self.setLargeText(ui.large.getAttribute("aria-pressed") !== "true");
      self.bringIntoView();
    });
    // Esc leaves at once, like Quick exit, wherever focus is: always on a page
    // with the chat inline; with the launcher, while the chat is open or exists.
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !event.isComposing && self.exitArmed()) {
        event.preventDefault();
        self.quickExit();
      }
    });
    ui.log.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("button") : null;
      if (!target || !ui.log.contains(target) || target.disabled) {
        return;
      }
      if (target.classList.contains("kit-choice")) {
        self.choose(target);
      } else if (target.classList.contains("kit-retry")) {
        self.retry(target);
      }
    });

    if (this.mode === "launcher") {
      ui.launcher.addEventListener("click", function () {
        self.open();
      });
      ui.dockExit.addEventListener("click", function () {
        self.quickExit();
      });
      ui.dockExit.hidden = !loadSession();
      ui.close.addEventListener("click", function () {
        self.close();
      });
      ui.panel.addEventListener("keydown", function (event) {
        if (event.key === "Tab") {
          self.trapTab(event);
        }
      });
      document.addEventListener("focusin", function (event) {
        if (self.isOpen() && !ui.panel.contains(event.target)) {
          self.focusHome();
        }
      });
    }
    if (this.mode === "panel") {
      ui.close.addEventListener("click", function () {
        toHost({ kit: "close" });
      });
      ui.panel.addEventListener("keydown", function (event) {
        if (event.key === "Tab") {
          self.trapTab(event);
        }
      });
    }
    if (framed) {
      // The school page asks the frame to open (launcher pressed) or to leave
      // (its own Quick exit or Esc); only from the page that holds the frame.
      window.addEventListener("message", function (event) {
        var message = fromHost(event);
        if (message && message.kit === "open") {
          self.start();
          self.focusHome();
          self.scrollToEnd();
        } else if (message && message.kit === "exit") {
          self.quickExit();
        }
      });
    }
  };

  // ---- launcher panel

  Widget.prototype.isOpen = function () {
    return this.mode === "launcher" && !this.ui.panel.hidden;
  };

  Widget.prototype.exitArmed = function () {
    return this.mode !== "launcher" || this.isOpen() || Boolean(loadSession());
  };

  Widget.prototype.setLargeText = function (on) {
    this.ui.root.classList.toggle("kit-large", on);
    this.ui.large.setAttribute("aria-pressed", on ? "true" : "false");
    rememberLargeText(on);
  };

  // Symbols beside the main routes are for the youngest band only (CSS).
  Widget.prototype.showBand = function () {
    this.ui.root.classList.toggle("kit-band-young", (this.band || config.ageBand) === "8-10");
  };

  // Where focus goes when the widget moves it (panel opened, a pressed button
  // disabled, chat cleared): the text box, except on touch screens, where
  // focusing it pops up the on-screen keyboard over Kit's answer; there the
  // conversation log (focusable, inside the panel) takes focus instead.
  Widget.prototype.focusHome = function () {
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    (coarse ? this.ui.log : this.ui.input).focus({ preventScroll: true });
  };

  Widget.prototype.open = function () {
    var ui = this.ui;
    ui.panel.hidden = false;
    ui.dock.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.root.classList.add("kit-open");
    this.focusHome();
    this.scrollToEnd();
    this.start();
  };

  Widget.prototype.close = function () {
    var ui = this.ui;
    if (this.mode !== "launcher" || ui.panel.hidden) {
      return;
    }
    ui.panel.hidden = true;
    ui.dock.hidden = false;
    ui.dockExit.hidden = !loadSession();
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.root.classList.remove("kit-open");
    ui.launcher.focus();
  };

  Widget.prototype.focusables = function () {
    var nodes = this.ui.panel.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])'
    );
    return Array.prototype.filter.call(nodes, function (node) {
      return node.getClientRects().length > 0 || node === document.activeElement;
    });
  };

  Widget.prototype.trapTab = function (event) {
    var items = this.focusables();
    if (!items.length) {
      return;
    }
    var first = items[0];
    var last = items[items.length - 1];
    var active = document.activeElement;
    if (event.shiftKey && (active === first || !this.ui.panel.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !this.ui.panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  // ---- rendering

  Widget.prototype.scrollToEnd = function () {
    var log = this.ui.log;
    log.scrollTop = log.scrollHeight;
  };

  Widget.prototype.append = function (node) {
    this.ui.log.appendChild(node);
    this.scrollToEnd();
    return node;
  };

  // Brings the inline chat wholly into view after the pupil acts: on a phone
  // it is as tall as the screen, so the whole screen is the chat.
  Widget.prototype.bringIntoView = function () {
    if (this.mode !== "inline") {
      return;
    }
    if (framed) {
      toHost({ kit: "show" }); // the school page scrolls the frame into view
      return;
    }
    var box = this.ui.panel.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      this.ui.panel.scrollIntoView({ block: box.height > window.innerHeight ? "start" : "nearest" });
    }
  };

  // A new reply is shown from its first bubble ("I believe you" before
  // "Are you safe right now?"), not scrolled to its last.
  Widget.prototype.showFrom = function (node) {
    var log = this.ui.log;
    log.scrollTop = Math.max(0, node.offsetTop - parseFloat(window.getComputedStyle(log).paddingTop || "0"));
  };

  function routeLink(link) {
    var anchor = el("a", "kit-route-link", link.text);
    anchor.href = link.href;
    if (link.href.indexOf("https:") === 0) {
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
      anchor.appendChild(ariaHidden("kit-new-tab", "\u2197"));
      anchor.appendChild(visuallyHidden(" " + TEXT.newTab));
    }
    return anchor;
  }

  function isWordChar(character) {
    return /[0-9A-Za-z]/.test(character || "");
  }

  // Where `link.text` first stands alone in `line` at or after `from` (-1: nowhere).
  function findLink(line, link, from) {
    var at = line.indexOf(link.text, from);
    while (at !== -1 && (isWordChar(line[at - 1]) || isWordChar(line[at + link.text.length]))) {
      at = line.indexOf(link.text, at + 1);
    }
    return at;
  }

  // One line, its link texts as links: the earliest first, the longest at a tie.
  function addLinkedLine(container, line, links) {
    var from = 0;
    for (;;) {
      var best = null;
      var at = -1;
      links.forEach(function (link) {
        var found = findLink(line, link, from);
        if (found !== -1 && (at === -1 || found < at || (found === at && link.text.length > best.text.length))) {
          at = found;
          best = link;
        }
      });
      if (!best) {
        break;
      }
      if (at > from) {
        container.appendChild(document.createTextNode(line.slice(from, at)));
      }
      container.appendChild(routeLink(best));
      from = at + best.text.length;
    }
    if (from < line.length) {
      container.appendChild(document.createTextNode(line.slice(from)));
    }
  }

  var BULLET = "\u2022 ";

  // Text as lines; a reply's route links become links, each route line is
  // marked with its route, and the main routes get a symbol (shown for the
  // youngest, in place of the bullet).
  function addLines(container, text, links, routes) {
    text.split(/\r?\n/).forEach(function (line, index) {
      if (index > 0) {
        container.appendChild(document.createElement("br"));
      }
      var route = routes && routes[index];
      var target = container;
      if (route) {
        target = container.appendChild(el("span", "kit-route"));
        target.setAttribute("data-route", route.route);
      }
      if (route && SYMBOLS.hasOwnProperty(route.symbol) && line.indexOf(BULLET) === 0) {
        target.appendChild(el("span", "kit-bullet", BULLET));
        target.appendChild(icon(SYMBOLS[route.symbol], "kit-symbol"));
        line = line.slice(BULLET.length);
      }
      addLinkedLine(target, line, links || []);
    });
  }

  function canSpeak() {
    return "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function";
  }

  function stopSpeaking() {
    if (canSpeak()) {
      window.speechSynthesis.cancel();
    }
  }

  // The browser's own speech synthesis, with a voice on this device when it
  // has one (never a voice that sends the words over the network).
  function speak(text) {
    var synth = window.speechSynthesis;
    var utterance = new window.SpeechSynthesisUtterance(text);
    var lang = document.documentElement.lang || "en-GB";
    var local = (synth.getVoices() || []).filter(function (voice) {
      return voice.localService;
    });
    var voice = local.filter(function (v) {
      return v.lang === lang;
    })[0] || local.filter(function (v) {
      return v.lang.slice(0, 2) === lang.slice(0, 2);
    })[0];
    utterance.lang = lang;
    utterance.rate = 0.9;
    if (voice) {
      utterance.voice = voice;
    }
    synth.cancel();
    synth.speak(utterance);
  }

  function spokenText(replies) {
    return replies
      .map(function (reply) {
        return reply.text.split(/\r?\n/).map(function (line) {
          return line.indexOf(BULLET) === 0 ? line.slice(BULLET.length) : line;
        }).join("\n");
      })
      .join("\n");
  }

  Widget.prototype.addUser = function (text) {
    var item = el("div", "kit-msg kit-msg-user");
    var bubble = el("p", "kit-bubble");
    bubble.appendChild(visuallyHidden(TEXT.you + " "));
    addLines(bubble, text);
    item.appendChild(bubble);
    return this.append(item);
  };

  Widget.prototype.addBot = function (reply) {
    var item = el("div", "kit-msg kit-msg-bot");
    var bubble = el("p", "kit-bubble");
    bubble.appendChild(visuallyHidden(TEXT.kit + " "));
    addLines(bubble, reply.text, reply.links, reply.routes);
    item.appendChild(bubble);
    if (reply.buttons && reply.buttons.length) {
      var group = el("div", "kit-choices");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", TEXT.choices);
      reply.buttons.forEach(function (b) {
        var choice = button("kit-btn kit-choice", b.title);
        choice.setAttribute("data-payload", b.payload);
        group.appendChild(choice);
      });
      item.appendChild(group);
    }
    return this.ui.log.appendChild(item);
  };

  // "Read this to me" beside the first bubble of a reply reads all of it.
  Widget.prototype.addReadAloud = function (item, replies) {
    var read = button("kit-btn kit-read");
    read.appendChild(speakerIcon());
    read.appendChild(visuallyHidden(TEXT.readAloud));
    read.title = TEXT.readAloud;
    read.addEventListener("click", function () {
      speak(spokenText(replies));
    });
    item.classList.add("kit-msg-read");
    item.insertBefore(read, item.firstChild.nextSibling);
  };

  Widget.prototype.addNotice = function (text, withRetry) {
    var item = el("div", "kit-msg kit-msg-notice" + (withRetry ? " kit-msg-error" : ""));
    var bubble = el("p", "kit-bubble");
    bubble.appendChild(visuallyHidden(TEXT.notice + " "));
    addLines(bubble, text);
    item.appendChild(bubble);
    if (withRetry) {
      item.appendChild(button("kit-btn kit-retry", TEXT.retry));
    }
    return this.append(item);
  };

  Widget.prototype.addReplies = function (replies) {
    var self = this;
    if (!replies.length) {
      this.addNotice(TEXT.noReply);
      return;
    }
    var items = replies.map(function (reply) {
      return self.addBot(reply);
    });
    if (canSpeak()) {
      this.addReadAloud(items[0], replies);
    }
    this.showFrom(items[0]);
  };

  // Menus already shown are spent once the pupil says or presses anything:
  // inert plain text, neither pressable nor in the Tab order.
  Widget.prototype.spendChoices = function () {
    var groups = this.ui.log.querySelectorAll(".kit-choices:not(.kit-choices-spent)");
    Array.prototype.forEach.call(groups, function (group) {
      group.classList.add("kit-choices-spent");
      group.setAttribute("inert", "");
      Array.prototype.forEach.call(group.querySelectorAll("button"), function (node) {
        node.disabled = true;
        node.tabIndex = -1;
      });
    });
  };

  Widget.prototype.setBusy = function (busy) {
    var ui = this.ui;
    this.busy = busy;
    ui.root.classList.toggle("kit-busy", busy);
    ui.send.setAttribute("aria-disabled", busy ? "true" : "false");
    while (ui.typing.firstChild) {
      ui.typing.removeChild(ui.typing.firstChild);
    }
    if (busy) {
      var dots = el("span", "kit-dots");
      dots.setAttribute("aria-hidden", "true");
      for (var i = 0; i < 3; i += 1) {
        dots.appendChild(el("span", "kit-dot"));
      }
      ui.typing.appendChild(dots);
      ui.typing.appendChild(el("span", "kit-typing-text", TEXT.typing));
    }
  };

  Widget.prototype.disableRetries = function () {
    var old = this.ui.log.querySelectorAll(".kit-retry");
    Array.prototype.forEach.call(old, function (node) {
      node.disabled = true;
    });
  };

  // ---- conversation

  Widget.prototype.start = function () {
    if (this.started) {
      return;
    }
    this.started = true;
    if (loadSession()) {
      this.addNotice(TEXT.resumed);
      return;
    }
    this.run({ kind: "session" });
  };

  Widget.prototype.submitTyped = function () {
    var input = this.ui.input;
    var text = input.value.trim();
    if (this.busy || !text) {
      input.focus();
      return;
    }
    input.value = "";
    this.spendChoices();
    this.bringIntoView();
    this.addUser(text);
    this.run({ kind: "chat", text: text, typed: true });
  };

  Widget.prototype.choose = function (choice) {
    if (this.busy) {
      return;
    }
    var title = choice.textContent;
    var group = choice.parentNode;
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (node) {
      node.disabled = true;
    });
    choice.classList.add("kit-choice-chosen");
    choice.appendChild(visuallyHidden(" " + TEXT.chosen));
    this.spendChoices();
    this.bringIntoView();
    this.focusHome(); // the pressed button is now disabled and can't keep focus
    var payload = choice.getAttribute("data-payload");
    this.addUser(title);
    this.run({ kind: "chat", text: payload, typed: false });
  };

  Widget.prototype.retry = function (retryButton) {
    if (this.busy || !this.lastFailed) {
      return;
    }
    retryButton.disabled = true;
    this.focusHome();
    this.run(this.lastFailed);
  };

  // One request at a time; the typing indicator shows while it runs.
  Widget.prototype.run = function (request) {
    var self = this;
    var generation = this.generation;
    this.disableRetries();
    this.setBusy(true);
    var work = request.kind === "session" ? this.openSession(generation, true) : this.chat(request, generation);
    return work.then(function (outcome) {
      if (generation !== self.generation) {
        return;
      }
      self.setBusy(false);
      if (outcome === "failed") {
        self.lastFailed = request;
        self.addNotice(TEXT.offline, true);
      } else {
        self.lastFailed = null;
      }
    });
  };

  // Creates a session and (optionally) shows its replies. Resolves to "ok",
  // "failed" (network/5xx, retryable) or "rejected".
  Widget.prototype.openSession = function (generation, showReplies, dropClass) {
    var self = this;
    var body = {};
    var band = this.band || config.ageBand;
    if (band) {
      body.age_band = band;
    }
    if (config.classCode && !dropClass) {
      body.class_code = config.classCode;
    }
    return post("/api/session", body).then(function (result) {
      if (generation !== self.generation) {
        return "stale";
      }
      if (result.kind === "ok" && typeof result.data.session === "string" && result.data.session) {
        saveSession(result.data.session);
        if (showReplies) {
          self.addReplies(cleanReplies(result.data));
        }
        return "ok";
      }
      if (result.kind === "rejected" && body.class_code) {
        // A mistyped class code must not stop a child getting help: chat
        // without it, and tell the adult who set the page up in the console.
        warn("class code refused: " + (errorSentence(result.data) || result.status));
        self.addNotice(TEXT.noClass);
        return self.openSession(generation, showReplies, true);
      }
      if (result.kind === "rejected") {
        self.addNotice(errorSentence(result.data) || TEXT.rejected);
        return "rejected";
      }
      return "failed";
    });
  };

  Widget.prototype.chat = function (request, generation, afterExpiry) {
    var self = this;
    var ready = loadSession() ? Promise.resolve("ok") : this.openSession(generation, true);
    return ready.then(function (opened) {
      if (opened !== "ok") {
        return opened;
      }
      var picked = bandIn(request.text);
      return post("/api/chat", { session: loadSession(), text: request.text }).then(function (result) {
        if (generation !== self.generation) {
          return "stale";
        }
        if (result.kind === "ok") {
          if (picked) {
            self.band = picked;
            self.showBand();
          }
          self.addReplies(cleanReplies(result.data));
          return "ok";
        }
        if (result.kind === "expired" && !afterExpiry) {
          return self.restartAfterExpiry(request, generation);
        }
        if (result.kind === "rejected") {
          self.addNotice(errorSentence(result.data) || TEXT.rejected);
          if (request.typed && result.status === 413 && !self.ui.input.value) {
            self.ui.input.value = request.text; // let the pupil shorten it
          }
          return "rejected";
        }
        return "failed";
      });
    });
  };

  // 404/410: the session ended (idle time, or the server restarted). Start a
  // new one without fuss and, when the age band is known, resend the message.
  Widget.prototype.restartAfterExpiry = function (request, generation) {
    var self = this;
    forgetSession();
    this.addNotice(TEXT.expired);
    var band = this.band || config.ageBand;
    var resend = Boolean(band);
    return this.openSession(generation, !resend).then(function (opened) {
      if (opened !== "ok") {
        return opened;
      }
      if (resend) {
        return self.chat(request, generation, true);
      }
      self.addNotice(TEXT.expiredResend);
      if (request.typed && !self.ui.input.value) {
        self.ui.input.value = request.text;
      }
      return "ok";
    });
  };

  Widget.prototype.resetConversation = function () {
    this.generation += 1;
    this.band = "";
    this.showBand();
    stopSpeaking();
    this.lastFailed = null;
    forgetSession();
    this.setBusy(false);
    this.ui.input.value = "";
    var log = this.ui.log;
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
  };

  Widget.prototype.clearChat = function () {
    this.resetConversation();
    this.addNotice(TEXT.cleared);
    this.started = true;
    this.focusHome();
    this.run({ kind: "session" });
  };

  Widget.prototype.quickExit = function () {
    this.resetConversation();
    rememberLargeText(false);
    this.ui.panel.hidden = true;
    if (framed && window.parent !== window) {
      toHost({ kit: "exit" }); // the school page leaves: the whole page, not only this frame
      return;
    }
    window.location.replace(config.exitUrl);
  };

  // --------------------------------------------------------------- start

  function mount() {
    if (document.querySelector("[data-kit-widget]")) {
      return;
    }
    injectStylesheet();
    var host = config.position === "inline" || framed ? document.getElementById("kit-chat") : null;
    if (config.position === "inline" && !host) {
      warn('data-position="inline" needs an element with id "kit-chat"; showing the launcher instead.');
    }
    var mode = host ? "inline" : "launcher";
    if (framed) {
      mode = config.position === "inline" ? "inline" : "panel";
    }
    var ui = buildUi(mode);
    if (host) {
      while (host.firstChild) {
        host.removeChild(host.firstChild);
      }
      host.classList.add("kit-host");
      host.appendChild(ui.root);
    } else {
      ui.root.classList.add(config.position === "left" ? "kit-pos-left" : "kit-pos-right");
      document.body.appendChild(ui.root);
    }
    var widget = new Widget(ui, mode);
    if (mode === "inline") {
      // A stored session was created for an earlier page view; start at once.
      widget.start();
    }
    toHost({ kit: "ready", session: Boolean(loadSession()) });
  }

  // ---------------------------------------------- on a school's page

  function serverOrigin() {
    try {
      return new URL(config.server).origin;
    } catch (error) {
      return "";
    }
  }

  // The chat frame's address: this tag's settings, and this page's origin
  // so that the frame can address its messages to it alone.
  function frameUrl(mode) {
    var params = new URLSearchParams();
    params.set("position", mode === "inline" ? "inline" : "panel");
    params.set("host", window.location.origin);
    [["age-band", config.ageBand], ["class-code", config.classCode], ["colour", config.colour],
      ["max-length", String(config.maxLength)]].forEach(function (pair) {
      if (pair[1]) {
        params.set(pair[0], pair[1]);
      }
    });
    return config.server + "/chat-frame?" + params.toString();
  }

  var FRAME_START_MS = 15000;
  var FRAME_READY_MS = 2000;

  // On a school's page the script draws only the launcher (with its Quick
  // exit) and the frame; the conversation lives in the frame, on Kit's origin.
  function Embed(mode) {
    this.mode = mode;
    this.open = false;
    this.ready = false;
    this.wantsOpen = false;
    this.session = false;
    this.leaving = false;
    this.origin = serverOrigin();
    var root = el("div", "kit-root kit-embed kit-mode-" + mode);
    root.setAttribute("data-kit-widget", "");
    applyColour(root);
    var frame = el("iframe", "kit-frame");
    frame.id = "kit-frame";
    frame.title = TEXT.frameTitle;
    frame.src = frameUrl(mode);
    this.root = root;
    this.frame = frame;
    if (mode === "launcher") {
      this.dock = el("div", "kit-dock");
      this.dockExit = exitButton("kit-btn kit-exit kit-dock-exit");
      this.dockExit.hidden = true;
      this.launcher = button("kit-launcher");
      this.launcher.appendChild(chatIcon());
      this.launcher.appendChild(el("span", "kit-launcher-text", TEXT.launcher));
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.setAttribute("aria-controls", frame.id);
      this.launcher.setAttribute("aria-haspopup", "dialog");
      this.dock.appendChild(this.dockExit);
      this.dock.appendChild(this.launcher);
      root.appendChild(this.dock);
      frame.hidden = true;
    }
    root.appendChild(frame);
    this.bind();
  }

  Embed.prototype.bind = function () {
    var self = this;
    window.addEventListener("message", function (event) {
      // Only Kit's frame, from Kit's origin, is listened to.
      if (event.source !== self.frame.contentWindow || event.origin !== self.origin || !event.data) {
        return;
      }
      self.receive(event.data);
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !event.isComposing && self.exitArmed()) {
        event.preventDefault();
        self.quickExit();
      }
    });
    if (this.mode === "launcher") {
      this.launcher.addEventListener("click", function () {
        self.show();
      });
      this.dockExit.addEventListener("click", function () {
        self.quickExit();
      });
      document.addEventListener("focusin", function (event) {
        if (self.open && event.target !== self.frame) {
          self.frame.focus();
        }
      });
    }
    // A frame this site may not show, or an error page, loads but never says
    // "ready"; a server that never answers never loads.
    var check = function () {
      if (!self.ready && !self.failed) {
        self.failed = true;
        self.notStarted();
      }
    };
    this.frame.addEventListener("load", function () {
      setTimeout(check, FRAME_READY_MS);
    });
    setTimeout(check, FRAME_START_MS);
  };

  Embed.prototype.receive = function (message) {
    if (message.kit === "ready") {
      this.ready = true;
      this.session = Boolean(message.session);
      this.showDockExit();
      if (this.wantsOpen) {
        this.show();
      }
    } else if (message.kit === "session") {
      this.session = Boolean(message.active);
      this.showDockExit();
    } else if (message.kit === "close") {
      this.hide();
    } else if (message.kit === "exit") {
      this.leave();
    } else if (message.kit === "show" && this.mode === "inline") {
      var box = this.frame.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        this.frame.scrollIntoView({ block: box.height > window.innerHeight ? "start" : "nearest" });
      }
    }
  };

  Embed.prototype.exitArmed = function () {
    return this.mode === "inline" || this.open || this.session;
  };

  Embed.prototype.showDockExit = function () {
    if (this.dockExit) {
      this.dockExit.hidden = this.open || !this.session;
    }
  };

  Embed.prototype.show = function () {
    this.open = true;
    this.frame.hidden = false;
    this.dock.hidden = true;
    this.launcher.setAttribute("aria-expanded", "true");
    this.root.classList.add("kit-open");
    this.frame.focus();
    this.wantsOpen = !this.ready;
    if (this.ready) {
      this.frame.contentWindow.postMessage({ kit: "open" }, this.origin);
    }
  };

  Embed.prototype.hide = function () {
    if (!this.open) {
      return;
    }
    this.open = false;
    this.frame.hidden = true;
    this.dock.hidden = false;
    this.showDockExit();
    this.launcher.setAttribute("aria-expanded", "false");
    this.root.classList.remove("kit-open");
    this.launcher.focus();
  };

  // The frame forgets the chat, then answers "exit"; if it cannot answer
  // (Kit gone), the page leaves anyway a moment later.
  Embed.prototype.quickExit = function () {
    var self = this;
    if (this.ready) {
      this.frame.contentWindow.postMessage({ kit: "exit" }, this.origin);
    }
    setTimeout(function () {
      self.leave();
    }, this.ready ? 300 : 0);
  };

  Embed.prototype.leave = function () {
    if (this.leaving) {
      return;
    }
    this.leaving = true;
    this.frame.hidden = true;
    window.location.replace(config.exitUrl);
  };

  // The frame never started: Kit unreachable, or this site not allowed to
  // show Kit's frame (Kit says which, GET /api/embed-check). The pupil still
  // gets the help strip and a way out, and is not told to check their internet.
  Embed.prototype.notStarted = function () {
    var self = this;
    call("/api/embed-check", { method: "GET", headers: { Accept: "application/json" } }).then(function (result) {
      var refused = result.kind === "ok" && result.data.frame === false;
      warn(refused
        ? "Kit's server does not allow this website (" + window.location.origin + ") to show its chat. Whoever " +
          "runs Kit must add it to KIT_FRAME_ANCESTORS (see docs/embed.md), then restart Kit."
        : "Kit's chat did not start on this website (" + window.location.origin + "): Kit's server did not " +
          "answer. If it is running, check that this origin is in KIT_FRAME_ANCESTORS.");
      self.showNote(refused ? TEXT.notAllowed : TEXT.notStarted);
    });
  };

  Embed.prototype.showNote = function (text) {
    var note = el("section", "kit-frame kit-panel kit-fallback");
    note.setAttribute("aria-label", TEXT.title);
    note.hidden = this.frame.hidden;
    note.appendChild(helpStrip());
    note.appendChild(el("p", "kit-fallback-text", text));
    var exit = note.appendChild(exitButton("kit-btn kit-exit"));
    var self = this;
    note.tabIndex = -1;
    exit.addEventListener("click", function () {
      self.leave();
    });
    this.root.replaceChild(note, this.frame);
    this.frame = note;
  };

  function mountEmbed() {
    if (document.querySelector("[data-kit-widget]")) {
      return;
    }
    injectStylesheet();
    var host = config.position === "inline" ? document.getElementById("kit-chat") : null;
    if (config.position === "inline" && !host) {
      warn('data-position="inline" needs an element with id "kit-chat"; showing the launcher instead.');
    }
    var embed = new Embed(host ? "inline" : "launcher");
    if (host) {
      while (host.firstChild) {
        host.removeChild(host.firstChild);
      }
      host.classList.add("kit-host");
      host.appendChild(embed.root);
    } else {
      embed.root.classList.add(config.position === "left" ? "kit-pos-left" : "kit-pos-right");
      document.body.appendChild(embed.root);
    }
  }

  // Kit's own pages (the demo, a join link, the chat frame) hold the chat
  // itself; any other site's page gets the launcher and the frame.
  var start = framed || serverOrigin() === window.location.origin ? mount : mountEmbed;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

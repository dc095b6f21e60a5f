/* Frontdoor web chat widget. One tag on any page:
 *   <script src="https://chat.example.org/widget.js" data-lang="en" defer></script>
 * Attributes: data-lang (initial language, default: the browser's), data-title (panel title),
 * data-open="true" (open on load). No framework, no build step, no third-party code.
 * Every piece of text is inserted as text (textContent), never as HTML.
 * The protocol is documented in docs/WEBCHAT.md. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__frontdoorWidget) return;
  window.__frontdoorWidget = true;
  var base = new URL(script.src, location.href);
  var origin = base.origin;
  var STORE = "frontdoor-chat:" + origin;
  var RTL = { ar: 1, fa: 1, ur: 1, he: 1 };
  var LANGS = [
    ["en", "English"], ["fr", "français"], ["es", "español"], ["ar", "العربية"], ["zh", "中文"],
    ["pa", "ਪੰਜਾਬੀ"], ["tl", "Tagalog"], ["pt", "português"], ["it", "italiano"], ["pl", "polski"],
    ["ur", "اردو"], ["ta", "தமிழ்"], ["fa", "فارسی"], ["so", "af-Soomaali"], ["uk", "українська"],
    ["ru", "русский"], ["vi", "tiếng Việt"], ["ko", "한국어"], ["hi", "हिन्दी"], ["tr", "Türkçe"]
  ];
  var T = {
    en: {
      launch: "Chat with 211", title: "211 chat", close: "Close chat", language: "Language",
      privacy: "Free and confidential. Please don't share your full name or address. In an emergency, call 911.",
      input: "Your message", placeholder: "Type your message", send: "Send", end: "End and clear chat",
      location: "Use my location", typing: "211 is writing…", log: "Conversation", choices: "Quick replies",
      you: "You", bot: "211", navigator: "Navigator", queued: "Connecting you to a navigator. People ahead of you: {n}.",
      assigned: "A navigator will join in a moment.", active: "A navigator has joined the chat.",
      returned: "You are back with the 211 assistant.", resolved: "The navigator has ended the chat.",
      offline: "Reconnecting…", cleared: "The chat was cleared from this device.",
      failed: "Your message could not be sent. Check your connection; it will be sent again.",
      too_long: "That message is too long. Please shorten it.", no_location: "Your location is not available.",
      limited: "Too many new chats from this network. Please try again later or call 2-1-1."
    },
    fr: {
      launch: "Clavarder avec le 211", title: "Clavardage 211", close: "Fermer le clavardage", language: "Langue",
      privacy: "Gratuit et confidentiel. Ne donnez pas votre nom complet ni votre adresse. En cas d'urgence, composez le 911.",
      input: "Votre message", placeholder: "Écrivez votre message", send: "Envoyer", end: "Terminer et effacer",
      location: "Utiliser ma position", typing: "Le 211 écrit…", log: "Conversation", choices: "Réponses rapides",
      you: "Vous", bot: "211", navigator: "Intervenant·e", queued: "Nous vous mettons en contact avec une personne. Personnes avant vous : {n}.",
      assigned: "Une personne va se joindre à vous.", active: "Une personne s'est jointe au clavardage.",
      returned: "Vous êtes de retour avec l'assistant du 211.", resolved: "La personne a terminé le clavardage.",
      offline: "Reconnexion…", cleared: "Le clavardage a été effacé de cet appareil.",
      failed: "Votre message n'a pas pu être envoyé. Il sera renvoyé.", too_long: "Ce message est trop long. Raccourcissez-le.",
      no_location: "Votre position n'est pas disponible.", limited: "Trop de nouvelles conversations depuis ce réseau. Réessayez plus tard ou composez le 2-1-1."
    },
    es: {
      launch: "Chatear con 211", title: "Chat de 211", close: "Cerrar el chat", language: "Idioma",
      privacy: "Gratis y confidencial. No comparta su nombre completo ni su dirección. En una emergencia, llame al 911.",
      input: "Su mensaje", placeholder: "Escriba su mensaje", send: "Enviar", end: "Terminar y borrar el chat",
      location: "Usar mi ubicación", typing: "211 está escribiendo…", log: "Conversación", choices: "Respuestas rápidas",
      you: "Usted", bot: "211", navigator: "Orientador/a", queued: "Le estamos conectando con una persona. Personas antes que usted: {n}.",
      assigned: "Una persona se unirá en un momento.", active: "Una persona se unió al chat.",
      returned: "Está de nuevo con el asistente de 211.", resolved: "La persona terminó el chat.",
      offline: "Reconectando…", cleared: "El chat se borró de este dispositivo.",
      failed: "No se pudo enviar su mensaje. Se enviará de nuevo.", too_long: "El mensaje es demasiado largo. Acórtelo.",
      no_location: "Su ubicación no está disponible.", limited: "Demasiados chats nuevos desde esta red. Intente más tarde o llame al 2-1-1."
    },
    ar: {
      launch: "تحدث مع 211", title: "محادثة 211", close: "إغلاق المحادثة", language: "اللغة",
      privacy: "مجانية وسرية. لا تشارك اسمك الكامل أو عنوانك. في حالة الطوارئ اتصل بالرقم 911.",
      input: "رسالتك", placeholder: "اكتب رسالتك", send: "إرسال", end: "إنهاء المحادثة ومسحها",
      location: "استخدم موقعي", typing: "211 يكتب…", log: "المحادثة", choices: "ردود سريعة",
      you: "أنت", bot: "211", navigator: "المرشد", queued: "نقوم بتوصيلك بأحد المرشدين. عدد الأشخاص قبلك: {n}.",
      assigned: "سينضم إليك مرشد بعد قليل.", active: "انضم مرشد إلى المحادثة.",
      returned: "عدت إلى مساعد 211.", resolved: "أنهى المرشد المحادثة.",
      offline: "جارٍ إعادة الاتصال…", cleared: "تم مسح المحادثة من هذا الجهاز.",
      failed: "تعذر إرسال رسالتك. ستُرسل مرة أخرى.", too_long: "الرسالة طويلة جدًا. يرجى اختصارها.",
      no_location: "موقعك غير متاح.", limited: "محادثات جديدة كثيرة من هذه الشبكة. حاول لاحقًا أو اتصل بالرقم 2-1-1."
    },
    fa: {
      launch: "گفتگو با 211", title: "گفتگوی 211", close: "بستن گفتگو", language: "زبان",
      privacy: "رایگان و محرمانه. نام کامل یا نشانی خود را ننویسید. در شرایط اضطراری با 911 تماس بگیرید.",
      input: "پیام شما", placeholder: "پیام خود را بنویسید", send: "ارسال", end: "پایان و پاک کردن گفتگو",
      location: "استفاده از موقعیت من", typing: "211 در حال نوشتن است…", log: "گفتگو", choices: "پاسخ‌های سریع",
      you: "شما", bot: "211", navigator: "راهنما", queued: "در حال وصل کردن شما به یک راهنما. افراد جلوتر از شما: {n}.",
      assigned: "یک راهنما به‌زودی می‌پیوندد.", active: "یک راهنما به گفتگو پیوست.",
      returned: "دوباره با دستیار 211 هستید.", resolved: "راهنما گفتگو را پایان داد.",
      offline: "در حال اتصال دوباره…", cleared: "گفتگو از این دستگاه پاک شد.",
      failed: "پیام شما ارسال نشد. دوباره ارسال می‌شود.", too_long: "پیام خیلی طولانی است. لطفاً کوتاه‌ترش کنید.",
      no_location: "موقعیت شما در دسترس نیست.", limited: "گفتگوهای جدید زیادی از این شبکه. بعداً امتحان کنید یا با 211 تماس بگیرید."
    },
    ur: {
      launch: "211 سے بات کریں", title: "211 چیٹ", close: "چیٹ بند کریں", language: "زبان",
      privacy: "مفت اور رازدارانہ۔ اپنا پورا نام یا پتہ نہ لکھیں۔ ہنگامی صورت میں 911 پر کال کریں۔",
      input: "آپ کا پیغام", placeholder: "اپنا پیغام لکھیں", send: "بھیجیں", end: "چیٹ ختم کریں اور مٹائیں",
      location: "میرا مقام استعمال کریں", typing: "211 لکھ رہا ہے…", log: "گفتگو", choices: "فوری جوابات",
      you: "آپ", bot: "211", navigator: "رہنما", queued: "آپ کو ایک رہنما سے ملایا جا رہا ہے۔ آپ سے پہلے لوگ: {n}۔",
      assigned: "ایک رہنما جلد شامل ہوگا۔", active: "ایک رہنما چیٹ میں شامل ہو گیا ہے۔",
      returned: "آپ دوبارہ 211 معاون کے ساتھ ہیں۔", resolved: "رہنما نے چیٹ ختم کر دی۔",
      offline: "دوبارہ جڑ رہا ہے…", cleared: "چیٹ اس آلے سے مٹا دی گئی۔",
      failed: "آپ کا پیغام نہیں بھیجا جا سکا۔ دوبارہ بھیجا جائے گا۔", too_long: "پیغام بہت لمبا ہے۔ مختصر کریں۔",
      no_location: "آپ کا مقام دستیاب نہیں۔", limited: "اس نیٹ ورک سے بہت سی نئی چیٹس۔ بعد میں کوشش کریں یا 2-1-1 پر کال کریں۔"
    },
    zh: {
      launch: "与211聊天", title: "211 聊天", close: "关闭聊天", language: "语言",
      privacy: "免费且保密。请勿提供您的全名或地址。紧急情况请拨打911。",
      input: "您的消息", placeholder: "输入您的消息", send: "发送", end: "结束并清除聊天",
      location: "使用我的位置", typing: "211 正在输入…", log: "对话", choices: "快速回复",
      you: "您", bot: "211", navigator: "服务专员", queued: "正在为您转接服务专员。您前面还有 {n} 人。",
      assigned: "服务专员马上就来。", active: "服务专员已加入聊天。",
      returned: "您已回到211助手。", resolved: "服务专员已结束聊天。",
      offline: "正在重新连接…", cleared: "聊天已从此设备清除。",
      failed: "消息未能发送，将重新发送。", too_long: "消息太长，请缩短。",
      no_location: "无法获取您的位置。", limited: "此网络的新聊天过多。请稍后再试或拨打2-1-1。"
    }
  };

  function saved() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || "null") || {}; } catch (e) { return {}; }
  }
  function save(s) { try { sessionStorage.setItem(STORE, JSON.stringify(s)); } catch (e) { /* private mode */ } }

  var state = saved();
  var lang = state.lang || script.getAttribute("data-lang") || (navigator.language || "en").slice(0, 2);
  if (!LANGS.some(function (l) { return l[0] === lang; })) lang = "en";
  function t(key, n) {
    var s = (T[lang] && T[lang][key]) || T.en[key];
    return n === undefined ? s : s.replace("{n}", String(n));
  }

  // ---- DOM (in a shadow root, so the host page's styles neither break nor are broken) ----
  var host = document.createElement("div");
  host.setAttribute("data-frontdoor-widget", "");
  host.setAttribute("role", "complementary"); // one landmark for the whole widget
  host.setAttribute("aria-label", "211 chat");
  var root = host.attachShadow({ mode: "open" });
  var style = document.createElement("style");
  style.textContent = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic',sans-serif}",
    ".launcher{position:fixed;bottom:16px;inset-inline-end:16px;z-index:2147483000;background:#0b4f8a;color:#fff;border:0;border-radius:24px;padding:12px 20px;font-size:16px;font-weight:600;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)}",
    ".panel{position:fixed;bottom:16px;inset-inline-end:16px;z-index:2147483001;width:380px;max-width:calc(100vw - 16px);height:600px;max-height:calc(100vh - 32px);display:flex;flex-direction:column;background:#fff;color:#1a1a1a;border:1px solid #6b6b6b;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.35);overflow:hidden;font-size:16px;line-height:1.4}",
    ".panel[hidden]{display:none}",
    ".head{display:flex;align-items:center;gap:8px;background:#0b4f8a;color:#fff;padding:8px 12px}",
    "h2{flex:1;margin:0;font-size:18px}",
    ".head select{font-size:14px;max-width:120px;padding:4px;border-radius:4px;border:1px solid #fff;background:#fff;color:#1a1a1a}",
    ".close{background:transparent;color:#fff;border:1px solid #fff;border-radius:6px;font-size:20px;line-height:1;width:36px;height:36px;cursor:pointer}",
    ".privacy{margin:0;padding:8px 12px;background:#f3f6f9;color:#1a1a1a;font-size:14px;border-bottom:1px solid #d0d7de}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}",
    ".msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;text-align:start}",
    ".msg .who{display:block;font-size:12px;font-weight:600;margin-bottom:2px}",
    ".person{align-self:flex-end;background:#0b4f8a;color:#fff}",
    ".bot,.navigator{align-self:flex-start;background:#eef1f4;color:#1a1a1a}",
    ".navigator{border-inline-start:4px solid #5a2d82}",
    ".pending{opacity:.75}",
    ".status{margin:0;padding:4px 12px;min-height:1.6em;font-size:14px;color:#3d3d3d}",
    ".choices{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}",
    ".choices button{background:#fff;color:#0b4f8a;border:2px solid #0b4f8a;border-radius:16px;padding:6px 12px;font-size:15px;cursor:pointer;text-align:start}",
    "form{display:flex;gap:8px;padding:8px 12px;border-top:1px solid #d0d7de}",
    "textarea{flex:1;resize:none;font-size:16px;padding:8px;border:1px solid #6b6b6b;border-radius:8px;min-height:44px;max-height:120px;color:#1a1a1a;background:#fff}",
    ".send{background:#0b4f8a;color:#fff;border:0;border-radius:8px;padding:0 16px;font-size:16px;font-weight:600;cursor:pointer;min-height:44px}",
    ".tools{display:flex;flex-wrap:wrap;gap:8px;justify-content:space-between;padding:0 12px 10px}",
    ".tools button{background:transparent;border:0;color:#0b4f8a;text-decoration:underline;font-size:14px;padding:4px;cursor:pointer}",
    ".tools .end{color:#a4262c}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "button:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a}",
    "@media (max-width:480px){.panel{inset:0;width:100%;max-width:100%;height:100%;max-height:100%;border-radius:0}}",
    "@media (prefers-reduced-motion:no-preference){.log{scroll-behavior:smooth}}"
  ].join("\n");
  root.appendChild(style);

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "fd-panel" });
  var panel = el("section", { id: "fd-panel", class: "panel", role: "dialog", "aria-labelledby": "fd-title", hidden: "" });
  var header = el("div", { class: "head" });
  var title = el("h2", { id: "fd-title" });
  var langLabel = el("label", { for: "fd-lang", class: "sr" });
  var langSelect = el("select", { id: "fd-lang" });
  LANGS.forEach(function (l) { var o = el("option", { value: l[0], lang: l[0] }, l[1]); langSelect.appendChild(o); });
  var closeBtn = el("button", { type: "button", class: "close" }, "×");
  header.append(title, langLabel, langSelect, closeBtn);
  var privacy = el("p", { class: "privacy", id: "fd-privacy" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
  var status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  var choices = el("div", { class: "choices", role: "group" });
  var form = el("form", { novalidate: "" });
  var inputLabel = el("label", { for: "fd-input", class: "sr" });
  var input = el("textarea", { id: "fd-input", rows: "1", maxlength: "2000", autocomplete: "off", "aria-describedby": "fd-privacy" });
  var sendBtn = el("button", { type: "submit", class: "send" });
  form.append(inputLabel, input, sendBtn);
  var tools = el("div", { class: "tools" });
  var locBtn = el("button", { type: "button", class: "loc" });
  var endBtn = el("button", { type: "button", class: "end" });
  tools.append(locBtn, endBtn);
  panel.append(header, privacy, log, status, choices, form, tools);
  root.append(launcher, panel);

  function applyLanguage() {
    var dir = RTL[lang] ? "rtl" : "ltr";
    host.setAttribute("dir", dir);
    panel.setAttribute("dir", dir);
    panel.setAttribute("lang", lang);
    launcher.setAttribute("lang", lang);
    launcher.setAttribute("dir", dir);
    launcher.textContent = t("launch");
    title.textContent = t("title");
    host.setAttribute("aria-label", t("title"));
    langLabel.textContent = t("language");
    langSelect.value = lang;
    closeBtn.setAttribute("aria-label", t("close"));
    privacy.textContent = t("privacy");
    log.setAttribute("aria-label", t("log"));
    choices.setAttribute("aria-label", t("choices"));
    inputLabel.textContent = t("input");
    input.setAttribute("placeholder", t("placeholder"));
    sendBtn.textContent = t("send");
    locBtn.textContent = t("location");
    endBtn.textContent = t("end");
    log.querySelectorAll(".who").forEach(function (w) { w.textContent = t(w.getAttribute("data-author")) + ":"; });
  }

  // ---- messages ----
  var rendered = {};
  var lastSeq = 0;
  function render(m) {
    var who = m.author === "person" ? "you" : m.author;
    var node = rendered[m.id];
    if (!node) {
      node = el("div", { class: "msg " + m.author });
      var w = el("span", { class: "who", "data-author": who }, t(who) + ":");
      node.appendChild(w);
      node.appendChild(document.createTextNode(m.text));
      if (m.lang) node.setAttribute("lang", m.lang);
      rendered[m.id] = node;
      log.appendChild(node);
    }
    if (m.seq) {
      // Stored messages take their place in the conversation's order, before anything still
      // pending or later (a reply to an earlier message can arrive after the person typed again).
      node.classList.remove("pending");
      node.setAttribute("data-seq", String(m.seq));
      var next = null;
      for (var c = log.firstChild; c; c = c.nextSibling) {
        var s = Number(c.getAttribute("data-seq") || Infinity);
        if (c !== node && s > m.seq) { next = c; break; }
      }
      if (next && node.nextSibling !== next) log.insertBefore(node, next);
      else if (!next && node !== log.lastChild) log.appendChild(node);
    } else {
      node.classList.add("pending");
    }
    log.scrollTop = log.scrollHeight;
  }
  function showChoices(list) {
    choices.textContent = "";
    (list || []).forEach(function (c) {
      var b = el("button", { type: "button" }, c.key + ". " + c.label);
      b.addEventListener("click", function () { sendText(c.key); });
      choices.appendChild(b);
    });
  }
  var handoffText = "";
  function setStatus(text) { status.textContent = text || ""; }

  // ---- connection: WebSocket, falling back to POST + Server-Sent Events ----
  var ws = null, es = null, useFallback = false, failures = 0, started = false;
  var unsent = [];
  function wsUrl() { return origin.replace(/^http/, "ws") + "/channels/webchat/ws"; }
  function handle(frame) {
    switch (frame.type) {
      case "session":
        state.session = frame.session; state.token = frame.token; save(state);
        started = true; failures = 0; setStatus("");
        flush();
        break;
      case "message":
        render(frame);
        if (frame.seq > lastSeq) lastSeq = frame.seq;
        if (frame.author !== "person") { setStatus(handoffText); showChoices(frame.choices); }
        if (frame.lang && frame.author !== "person" && frame.lang !== lang && T[frame.lang]) {
          lang = frame.lang; state.lang = lang; save(state); applyLanguage();
        }
        break;
      case "new_conversation": lastSeq = 0; break;
      case "typing": setStatus(t("typing")); break;
      case "handoff":
        // Kept while the handoff is open, so a bot message arriving later does not erase it.
        var text = frame.status === "queued" ? t("queued", frame.position || 0) : t(frame.status) || "";
        handoffText = frame.status === "queued" || frame.status === "assigned" || frame.status === "active" ? text : "";
        setStatus(text);
        break;
      case "ended": break;
      case "error":
        if (frame.code === "bad_session") { state = { lang: lang }; save(state); reconnect(0); }
        else if (frame.code === "too_long") setStatus(t("too_long"));
        else if (frame.code === "rate_limited") setStatus(t("limited"));
        else setStatus(t("failed"));
        break;
    }
  }
  function startFrame() {
    return { type: "start", session: state.session || null, token: state.token || null, after: lastSeq };
  }
  function connect() {
    if (useFallback) return connectFallback();
    try { ws = new WebSocket(wsUrl()); } catch (e) { ws = null; return fail(); }
    var opened = false;
    ws.onopen = function () { opened = true; ws.send(JSON.stringify(startFrame())); };
    ws.onmessage = function (ev) { try { handle(JSON.parse(ev.data)); } catch (e) { /* ignore bad frame */ } };
    ws.onclose = function () {
      ws = null; started = false;
      if (!opened && ++failures >= 2) useFallback = true;
      if (panelWanted || unsent.length) fail();
    };
  }
  function fail() { setStatus(t("offline")); reconnect(Math.min(15000, 1000 * Math.pow(2, failures))); }
  var timer = null;
  function reconnect(delay) { clearTimeout(timer); timer = setTimeout(connect, delay); }
  function connectFallback() {
    fetch(origin + "/channels/webchat/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(startFrame()) })
      .then(function (r) { return r.json(); })
      .then(function (frames) {
        if (!Array.isArray(frames)) { handle(frames); return; }
        frames.forEach(handle);
        var q = "?session=" + encodeURIComponent(state.session) + "&token=" + encodeURIComponent(state.token) + "&after=" + lastSeq;
        es = new EventSource(origin + "/channels/webchat/events" + q);
        es.onmessage = function (ev) { try { handle(JSON.parse(ev.data)); } catch (e) { /* ignore */ } };
        es.onerror = function () { setStatus(t("offline")); };
      })
      .catch(function () { failures++; fail(); });
  }
  function transmit(m) {
    if (!useFallback) {
      if (!ws || ws.readyState !== 1 || !started) return false;
      ws.send(JSON.stringify({ type: "message", id: m.id, text: m.text }));
      return true;
    }
    if (!started) return false;
    fetch(origin + "/channels/webchat/messages", {
      method: "POST",
      headers: { "content-type": "application/json", "x-webchat-session": state.session, "x-webchat-token": state.token },
      body: JSON.stringify({ type: "message", id: m.id, text: m.text })
    }).then(function (r) { if (!r.ok && r.status >= 500) { unsent.push(m); fail(); } })
      .catch(function () { unsent.push(m); fail(); });
    return true;
  }
  function flush() {
    var pending = unsent; unsent = [];
    pending.forEach(function (m) { if (!transmit(m)) unsent.push(m); });
  }
  function newId() {
    var a = new Uint8Array(8); crypto.getRandomValues(a);
    return "c" + Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function sendText(text) {
    text = (text || "").trim();
    if (!text) return;
    if (text.length > 2000) { setStatus(t("too_long")); return; }
    var m = { id: newId(), text: text, author: "person" };
    render(m);
    showChoices([]);
    if (!transmit(m)) { unsent.push(m); if (!ws && !es) connect(); }
  }

  // ---- panel behaviour ----
  var panelWanted = false;
  function openPanel() {
    panelWanted = true; state.open = true; save(state);
    panel.hidden = false; launcher.hidden = true; launcher.setAttribute("aria-expanded", "true");
    if (!ws && !es) connect();
    input.focus();
  }
  function closePanel() {
    panelWanted = false; state.open = false; save(state);
    panel.hidden = true; launcher.hidden = false; launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", openPanel);
  closeBtn.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); closePanel(); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); sendText(input.value); input.value = ""; input.focus(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });
  langSelect.addEventListener("change", function () {
    lang = langSelect.value; state.lang = lang; save(state); applyLanguage();
    var name = LANGS.filter(function (l) { return l[0] === lang; })[0][1];
    sendText(name); // the dialogue switches language when the person names one
  });
  endBtn.addEventListener("click", function () {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({ type: "end" }));
    if (es) { es.close(); es = null; }
    if (ws) { ws.onclose = null; ws.onmessage = null; ws.close(); ws = null; }
    if (es) { es.onmessage = null; }
    try { sessionStorage.removeItem(STORE); } catch (e) { /* ignore */ }
    state = { lang: lang, open: true }; save(state);
    rendered = {}; lastSeq = 0; started = false; unsent = [];
    log.textContent = ""; showChoices([]);
    setStatus(t("cleared"));
    input.focus();
  });
  locBtn.addEventListener("click", function () {
    if (!navigator.geolocation) { setStatus(t("no_location")); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      // Rounded to about 1 km: enough to find nearby services, not a home address.
      sendText(pos.coords.latitude.toFixed(2) + ", " + pos.coords.longitude.toFixed(2));
    }, function () { setStatus(t("no_location")); }, { maximumAge: 600000, timeout: 10000 });
  });

  applyLanguage();
  (document.body || document.documentElement).appendChild(host);
  if (state.session || state.open || script.getAttribute("data-open") === "true") {
    if (state.open === false) connect(); else openPanel();
  }
})();

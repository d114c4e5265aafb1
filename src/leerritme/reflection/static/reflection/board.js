// The live board. The page works without this script (plain forms, reload to see changes); with it, the
// forms go over the board's WebSocket, every change anyone makes refreshes the board in place, presence
// and the phase timer are live, and screen readers hear what changed.
//
// The board's HTML always comes from the server (the page's "board" partial), personalised for this person;
// WebSocket events say that something changed and what, for the announcements. Edit tokens of this
// browser's anonymous cards live in localStorage only, and travel in a header so the server can show the
// author their own hidden card without ever storing who wrote it.

const app = document.getElementById("board-app");
const S = JSON.parse(document.getElementById("board-strings").textContent || "{}");
const boardUrl = app.dataset.boardUrl;
const TOKENS_KEY = `leerritme.reflection.tokens.${app.dataset.session}`;
const announcer = document.getElementById("board-announcer");
const alertBox = document.getElementById("board-alert");
const statusBadge = document.getElementById("connection");
const presenceList = document.getElementById("presence");
const conflictBox = document.getElementById("conflict");

let socket = null;
let attempt = 0;
let nextRef = 1;
const pending = new Map();
const presence = new Map(); // connection id -> person
let refreshTimer = null;
let refreshDeferred = false;
let refreshing = false;
let timeUpAnnounced = false;
let announcedFor = null;
// The server's clock minus this device's: the timer counts down the same on every phone and laptop.
let clockOffset = 0;
function readClock() {
  const now = Date.parse(board()?.dataset.now || "");
  if (!Number.isNaN(now)) clockOffset = now - Date.now();
}

function fmt(template, values) {
  return (template || "").replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

function loadTokens() {
  try {
    return JSON.parse(localStorage.getItem(TOKENS_KEY) || "{}");
  } catch {
    return {};
  }
}
let tokens = loadTokens();
function saveToken(card, token) {
  tokens[card] = token;
  try {
    localStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  } catch {
    /* private mode: the token lives as long as the page */
  }
}

function board() {
  return document.getElementById("board");
}
function currentVersion() {
  return Number(board()?.dataset.version || 0);
}

function announce(text) {
  if (!text) return;
  announcer.textContent = "";
  // A fresh text node each time, so the same sentence twice is read twice.
  window.setTimeout(() => { announcer.textContent = text; }, 30);
}

function showError(text) {
  alertBox.textContent = text;
  alertBox.classList.toggle("d-none", !text);
}

function setStatus(kind) {
  const classes = { live: "text-bg-success", connecting: "text-bg-secondary", offline: "text-bg-warning",
                    refused: "text-bg-danger" };
  statusBadge.className = `badge ${classes[kind] || "text-bg-secondary"}`;
  statusBadge.textContent = S[kind] || kind;
  app.dataset.connection = kind;
}

// --- Presence ---------------------------------------------------------------------------------------------------

function renderPresence() {
  const people = new Map();
  for (const person of presence.values()) people.set(person.uuid, person);
  const items = [...people.values()].sort((a, b) => a.name.localeCompare(b.name)).map((person) => {
    const li = document.createElement("li");
    li.className = "list-inline-item";
    li.dataset.person = person.uuid;
    const badge = document.createElement("span");
    badge.className = "badge rounded-pill text-bg-light border";
    badge.title = person.name;
    badge.setAttribute("aria-hidden", "true");
    badge.textContent = person.initials || "?";
    const name = document.createElement("span");
    name.className = "ms-1 presence-name";
    name.textContent = person.uuid === app.dataset.me ? `${person.name} (${S.you})` : person.name;
    li.append(badge, name);
    return li;
  });
  presenceList.replaceChildren(...items);
}

function personPresent(uuid) {
  for (const person of presence.values()) if (person.uuid === uuid) return true;
  return false;
}

// --- Refreshing the board in place --------------------------------------------------------------------------------

function typingInBoard() {
  const el = document.activeElement;
  if (!el || !board()?.contains(el)) return false;
  if (!["TEXTAREA", "INPUT"].includes(el.tagName) || ["hidden", "submit", "radio", "checkbox"].includes(el.type)) {
    return false;
  }
  return el.value !== el.defaultValue;
}

function scheduleRefresh(delay = 60) {
  window.clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(refresh, delay);
}

async function refresh() {
  if (typingInBoard()) {
    // Never wipe what someone is typing; refresh as soon as they leave the field or send it.
    refreshDeferred = true;
    return;
  }
  if (refreshing) {
    scheduleRefresh(100);
    return;
  }
  refreshing = true;
  refreshDeferred = false;
  try {
    const response = await fetch(boardUrl, {
      headers: { "HX-Request": "true", "X-Card-Tokens": JSON.stringify(tokens) },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const html = await response.text();
    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
    if (!fresh) return;
    swap(fresh);
  } finally {
    refreshing = false;
  }
}

function swap(fresh) {
  const old = board();
  const focusedId = document.activeElement?.id;
  const openDetails = [...old.querySelectorAll("details[open]")].map((d) => d.closest("[id]")?.id).filter(Boolean);
  // What the person was filling in survives the refresh: texts, choices, ticked boxes.
  const drafts = {};
  const ticks = {};
  for (const field of old.querySelectorAll("input[id], textarea[id], select[id]")) {
    if (field.type === "radio" || field.type === "checkbox") {
      if (field.checked !== field.defaultChecked) ticks[field.id] = field.checked;
    } else if (field.tagName === "SELECT") {
      const chosen = field.selectedOptions[0];
      if (chosen && !chosen.defaultSelected) drafts[field.id] = field.value;
    } else if (field.type !== "hidden" && field.value !== field.defaultValue) {
      drafts[field.id] = field.value;
      // An edit in progress stays based on the version it started from, so a change by someone else
      // meanwhile comes back as a conflict to choose from instead of being overwritten.
      const version = field.form?.querySelector("input[name=version]");
      if (version) drafts[`${field.id}::version`] = version.value;
    }
  }
  old.replaceWith(fresh);
  for (const id of openDetails) document.getElementById(id)?.querySelector("details")?.setAttribute("open", "");
  for (const [id, value] of Object.entries(drafts)) {
    if (id.endsWith("::version")) continue;
    const field = document.getElementById(id);
    if (!field) continue;
    field.value = value;
    const version = drafts[`${id}::version`];
    if (version !== undefined) field.form.querySelector("input[name=version]").value = version;
  }
  for (const [id, checked] of Object.entries(ticks)) {
    const field = document.getElementById(id);
    if (field) field.checked = checked;
  }
  if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  // A new timer is announced when it runs out; the same one only once, however often the board refreshes.
  if (fresh.dataset.endsAt !== announcedFor) timeUpAnnounced = false;
  readClock();
  tick();
}

document.addEventListener("focusout", () => {
  if (refreshDeferred) window.setTimeout(() => { if (!typingInBoard()) refresh(); }, 0);
});

// --- The phase timer ----------------------------------------------------------------------------------------------

function tick() {
  const endsAt = board()?.dataset.endsAt;
  const timer = document.getElementById("phase-timer");
  if (!endsAt || !timer) return;
  const left = Math.round((Date.parse(endsAt) - (Date.now() + clockOffset)) / 1000);
  if (left > 0) {
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    timer.textContent = fmt(S.timeLeft, { time: `${minutes}:${seconds}` });
    timer.classList.toggle("text-danger", left <= 30);
  } else {
    timer.textContent = S.timeUp;
    timer.classList.add("text-danger");
    if (!timeUpAnnounced) {
      timeUpAnnounced = true;
      announcedFor = endsAt;
      announce(S.timeUp);
    }
  }
}
window.setInterval(tick, 1000);

// --- Events from the board -----------------------------------------------------------------------------------------

function columnTitle(key) {
  const heading = document.getElementById(`col-${key}`);
  return heading ? heading.firstChild.textContent.trim() : key;
}

function handle(message) {
  switch (message.type) {
    case "state":
      if (message.state.version !== currentVersion()) scheduleRefresh(0);
      return;
    case "reply":
      return handleReply(message);
    case "presence":
      if (message.join) {
        const known = personPresent(message.person.uuid);
        presence.set(message.join, message.person);
        if (!known && message.person.uuid !== app.dataset.me) announce(fmt(S.joined, message.person));
      } else if (message.leave) {
        const person = presence.get(message.leave);
        presence.delete(message.leave);
        if (person && !personPresent(person.uuid)) announce(fmt(S.left, person));
      }
      renderPresence();
      return;
    default:
      break;
  }
  if (typeof message.version === "number" && message.version <= currentVersion()) return;
  switch (message.type) {
    case "card.added":
      if (!message.card.mine) announce(fmt(S.newCard, { column: columnTitle(message.card.column) }));
      break;
    case "card.updated":
    case "card.moved":
      if (!message.card.mine) announce(S.cardChanged);
      break;
    case "card.deleted":
      announce(S.cardRemoved);
      break;
    case "votes":
      if (message.mine === undefined) announce(S.votes);
      break;
    case "action.added":
      announce(fmt(S.action, message.action));
      break;
    case "checkout":
      announce(fmt(S.checkout, message.checkout));
      break;
    default:
      break;
  }
  scheduleRefresh();
}

// --- Operations ---------------------------------------------------------------------------------------------------

function send(payload) {
  const ref = nextRef++;
  socket.send(JSON.stringify({ ...payload, ref }));
  return ref;
}

function payloadOf(form, submitter) {
  const data = new FormData(form, submitter);
  const payload = {};
  for (const [key, value] of data.entries()) {
    if (key === "csrfmiddlewaretoken") continue;
    payload[key] = value;
  }
  if ("anonymous" in payload) payload.anonymous = payload.anonymous === "on";
  if (payload.version) payload.version = Number(payload.version);
  if (payload.card && tokens[payload.card]) payload.token = tokens[payload.card];
  return payload;
}

function handleReply(reply) {
  const sent = pending.get(reply.ref);
  pending.delete(reply.ref);
  if (reply.op === "sync" && reply.state) {
    scheduleRefresh(0);
    return;
  }
  if (!sent) return;
  sent.form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
  if (reply.ok) {
    showError("");
    if (reply.token && reply.card) saveToken(reply.card, reply.token);
    if (sent.payload.op === "card.add") {
      // Keep the column and the anonymous choice for the next card; only the text starts afresh.
      const text = sent.form.querySelector("textarea");
      text.value = "";
      text.focus();
    } else if (sent.form.isConnected) {
      sent.form.reset();
      if (["action.create", "group.create"].includes(sent.payload.op)) {
        sent.form.querySelector("input:not([type=hidden])")?.focus();
      }
    }
    if (sent.form.id === "conflict-form") conflictBox.classList.add("d-none");
    announce(S.saved);
    scheduleRefresh(0);
    return;
  }
  if (reply.conflict) {
    showConflict(reply.conflict, sent.payload);
    return;
  }
  showError(reply.error || "");
}

function showConflict(conflict, payload) {
  document.getElementById("conflict-theirs").textContent = conflict.card.text;
  document.getElementById("conflict-yours").textContent = conflict.yours;
  const form = document.getElementById("conflict-form");
  form.querySelector("[name=card]").value = conflict.card.uuid;
  form.querySelector("[name=version]").value = conflict.card.version;
  const text = form.querySelector("[name=text]");
  text.value = payload.text;
  conflictBox.classList.remove("d-none");
  conflictBox.focus();
  announce(S.conflict);
  scheduleRefresh(0);
}

document.getElementById("conflict-keep-theirs")?.addEventListener("click", () => {
  conflictBox.classList.add("d-none");
  document.querySelector("#card-form textarea, #board")?.focus();
});

app.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-op]");
  if (!form) return;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (!socket || socket.readyState !== WebSocket.OPEN) return; // the plain form post does it
  event.preventDefault();
  const payload = payloadOf(form, event.submitter);
  form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  const ref = send(payload);
  pending.set(ref, { form, payload });
});

app.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") form.requestSubmit();
});

app.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.tagName === "TEXTAREA") {
    event.preventDefault();
    event.target.form?.requestSubmit();
  }
});

// --- The connection -------------------------------------------------------------------------------------------------

function connect() {
  setStatus("connecting");
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${window.location.host}${app.dataset.ws}`);
  socket.addEventListener("open", () => {
    attempt = 0;
    setStatus("live");
    if (Object.keys(tokens).length) send({ op: "sync", tokens });
  });
  socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
  socket.addEventListener("close", (event) => {
    presence.clear();
    renderPresence();
    for (const { form } of pending.values()) form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    pending.clear();
    if (event.code === 4403 || event.code === 4404) {
      setStatus("refused");
      return;
    }
    setStatus("offline");
    // Back off (with jitter) so fifty browsers do not all knock at once after a restart.
    const delay = Math.min(15000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    window.setTimeout(connect, delay);
  });
}

if (Object.keys(tokens).length) scheduleRefresh(0); // show this browser's own anonymous cards
readClock();
tick();
connect();

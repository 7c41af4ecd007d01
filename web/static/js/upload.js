// The upload page (issue 13 item 5): the forms work without JavaScript; this script
// sends them with XMLHttpRequest instead so the page can show (1) the bytes sent while
// a large file uploads, (2) then what the server is doing — reading (rows read of the
// rows expected, polled from /api/import/progress/<id>), checking, saving — and (3)
// keeps the submit button disabled until the answer is in, so nothing is sent twice.
// The answer is the same page the plain form would load; its <main> replaces ours.
// A <script type="module"> like the other front-end scripts (base.html).
import { translator } from "./lib/i18n.mjs";
import { formatBytes, sendingStatus, serverStatus } from "./lib/upload-status.mjs";

const POLL_MS = 700;
const lang = document.documentElement.lang || "fi";
function readCatalogue() {
  try {
    return JSON.parse(document.getElementById("i18n").textContent);
  } catch {
    return {};
  }
}
const { t } = translator(readCatalogue());

function progressId() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function show(status) {
  const box = document.getElementById("upload-status");
  const bar = document.getElementById("upload-bar");
  const text = document.getElementById("upload-status-text");
  if (!box || !bar || !text) return;
  box.hidden = false;
  if (text.textContent !== status.text) text.textContent = status.text;
  if (status.value === null) {
    bar.removeAttribute("value");  // indeterminate: the server did not say how far
    bar.removeAttribute("max");
  } else {
    bar.max = status.max;
    bar.value = status.value;
  }
}

/** Put the server's answer (a whole page) in place of ours, as a page load would;
 *  false when the answer is no page of ours. */
function replacePage(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const next = doc.querySelector("main");
  const here = document.querySelector("main");
  if (!next || !here) return false;
  document.title = doc.title;
  here.replaceWith(document.adoptNode(next));
  next.focus();
  init();
  return true;
}

function tooLarge(form) {
  const file = form.querySelector("input[type=file]");
  const size = file && file.files && file.files[0] ? file.files[0].size : 0;
  const max = Number(form.dataset.maxBytes) || 0;
  if (!max || size <= max) return false;
  // the server would refuse it only after it had been sent, as a broken connection
  show({ text: t("upload.progress_too_large", { size: formatBytes(size, lang), max: formatBytes(max, lang) }),
         value: null, max: null });
  return true;
}

function send(form, saving) {
  if (!saving && tooLarge(form)) return;
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  const pid = progressId();
  const data = new FormData(form);
  data.append("progress", pid);
  let polling = null;
  let finished = false;

  function poll() {
    fetch("/api/import/progress/" + pid, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null)
      .then((state) => {
        if (finished) return;
        // a finished (or unknown) upload keeps the last honest text until the answer arrives
        if (state && (state.stage === "done" || state.stage === "failed")) return;
        show(serverStatus(t, lang, state, saving));
      })
      .finally(() => {
        if (!finished) polling = setTimeout(poll, POLL_MS);
      });
  }

  function stop() {
    finished = true;
    if (polling !== null) clearTimeout(polling);
  }

  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", (e) => {
    if (!saving) show(sendingStatus(t, lang, e.loaded, e.lengthComputable ? e.total : 0));
  });
  xhr.upload.addEventListener("load", () => {
    // every byte is with the server: from now on it is the server's work
    show(serverStatus(t, lang, null, saving));
    poll();
  });
  xhr.addEventListener("load", () => {
    stop();
    const where = new URL(xhr.responseURL || form.action, location.href);
    if (where.pathname !== new URL(form.action, location.href).pathname) {
      location.assign(where.href);  // e.g. the session ended: the login page
      return;
    }
    if (!replacePage(xhr.responseText)) failed();
  });
  function failed() {
    stop();
    show({ text: t("upload.progress_failed"), value: null, max: null });
    if (button) button.disabled = false;
  }
  xhr.addEventListener("error", failed);
  const file = form.querySelector("input[type=file]");
  const size = file && file.files && file.files[0] ? file.files[0].size : 0;
  show(saving ? serverStatus(t, lang, null, true) : sendingStatus(t, lang, 0, size));
  xhr.send(data);
}

function init() {
  for (const [id, saving] of [["upload-form", false], ["upload-commit", true]]) {
    const form = document.getElementById(id);
    if (!form || form.dataset.enhanced) continue;
    form.dataset.enhanced = "1";
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      send(form, saving);
    });
  }
}

init();

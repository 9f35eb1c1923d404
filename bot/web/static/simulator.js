// The simulator page: send as a persona, render replies and choices, receive pushes live.
(function () {
  "use strict";
  let persona = null, personaName = "", channel = "", source = null;
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const maxBytes = Number(form.dataset.maxBytes || 0);

  function bubble(text, who, pushed) {
    const div = document.createElement("div");
    div.className = "msg " + who + (pushed ? " pushed" : "");
    div.textContent = text;
    log.appendChild(div);
    return div;
  }

  function render(reply, pushed) {
    if (reply.type === "text") bubble(reply.text, "bot", pushed);
    else if (reply.type === "card") {
      const div = bubble("", "bot", pushed);
      div.innerHTML = reply.html || "";
    } else if (reply.type === "image") {
      const div = bubble("", "bot", pushed);
      const img = document.createElement("img");
      img.src = reply.url; img.alt = reply.alt || ""; img.style.maxWidth = "100%";
      div.appendChild(img);
    } else if (reply.type === "file") {
      const div = bubble("", "bot", pushed);
      const a = document.createElement("a");
      a.href = reply.url; a.textContent = "📄 " + reply.name; a.download = reply.name;
      div.appendChild(a);
    }
    const options = reply.options || [];
    if (options.length) {
      const row = document.createElement("div");
      row.className = "opts";
      options.forEach(function (o) {
        const b = document.createElement("button");
        b.type = "button"; b.textContent = o.label;
        b.addEventListener("click", function () { bubble(o.label, "me"); post({ data: o.data }); });
        row.appendChild(b);
      });
      log.appendChild(row);
    }
    log.scrollTop = log.scrollHeight;
  }

  function post(fields, file) {
    if (!persona) { alert("เลือกบุคคลก่อน"); return; }
    const body = new FormData();
    body.append("persona", persona);
    body.append("channel", channel);
    body.append("name", personaName);
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    if (file) body.append("file", file);
    fetch("/simulator/send", { method: "POST", body: body })
      .then(function (r) {
        if (r.ok) return r.json();
        // The server explains some refusals in Thai (a file over the limit): show that.
        return r.json().catch(function () { return {}; }).then(function (j) {
          return Promise.reject(j.error || form.dataset.failed);
        });
      })
      .then(function (replies) { replies.forEach(function (r) { render(r, false); }); })
      .catch(function (e) {
        bubble(typeof e === "string" ? e : form.dataset.failed, "bot");
        log.scrollTop = log.scrollHeight;
      });
  }

  function listen() {
    if (source) source.close();
    source = new EventSource("/simulator/events?persona=" + encodeURIComponent(persona));
    source.onmessage = function (e) {
      JSON.parse(e.data).forEach(function (r) { render(r, true); });
    };
  }

  document.querySelectorAll("#personas button").forEach(function (b) {
    b.addEventListener("click", function () {
      document.querySelectorAll("#personas button").forEach(function (x) { x.classList.remove("on"); });
      b.classList.add("on");
      persona = b.dataset.id; personaName = b.dataset.name; channel = b.dataset.channel || "";
      // Whom the persona chats with: their organisation's own OA, or the default channel.
      const chatWith = document.getElementById("chat-with");
      chatWith.textContent = b.dataset.oa;
      if (b.dataset.oaId) {
        const id = document.createElement("small");
        id.textContent = b.dataset.oaId;
        chatWith.appendChild(id);
      }
      log.innerHTML = "";
      bubble("คุยในนาม " + personaName, "bot");
      listen();
      post({ text: persona.startsWith("guest-") ? "สวัสดี" : "ช่วยเหลือ" });
    });
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    const input = document.getElementById("text");
    const text = input.value.trim();
    if (!text) return;
    bubble(text, "me");
    input.value = "";
    post({ text: text });
  });

  document.getElementById("file").addEventListener("change", function (e) {
    const file = e.target.files[0];
    if (!file) return;
    bubble("📎 " + file.name, "me");
    e.target.value = "";
    if (maxBytes && file.size > maxBytes) { bubble(form.dataset.tooBig, "bot"); return; }
    post({}, file);
  });
})();

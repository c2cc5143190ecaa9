// Passkeys (WebAuthn): add one on the account page, log in with one, or answer the step
// after the password. Loaded only on those pages; without JavaScript (or a browser without
// WebAuthn) the passkey parts stay hidden and the password keeps working.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) {
    document.querySelectorAll(".passkey-unsupported").forEach(function (el) { el.hidden = false; });
    return;
  }

  var csrf = document.querySelector('meta[name="csrf-token"]');

  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes.buffer;
  }

  function toB64url(buffer) {
    if (!buffer) { return null; }
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: toBytes(c.id) }); });
  }

  function creationOptions(json) {
    var o = Object.assign({}, json);
    o.challenge = toBytes(json.challenge);
    o.user = Object.assign({}, json.user, { id: toBytes(json.user.id) });
    o.excludeCredentials = withIds(json.excludeCredentials);
    return o;
  }

  function requestOptions(json) {
    var o = Object.assign({}, json);
    o.challenge = toBytes(json.challenge);
    if (json.allowCredentials) { o.allowCredentials = withIds(json.allowCredentials); }
    return o;
  }

  function credentialJSON(cred) {
    var r = cred.response;
    var out = { id: cred.id, rawId: toB64url(cred.rawId), type: cred.type, response: {},
                clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {} };
    out.response.clientDataJSON = toB64url(r.clientDataJSON);
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      out.response.userHandle = toB64url(r.userHandle);
    }
    if (cred.authenticatorAttachment) { out.authenticatorAttachment = cred.authenticatorAttachment; }
    return out;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.content : "" },
      body: JSON.stringify(body || {})
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        if (!resp.ok) {
          var err = new Error(data.message || "Something went wrong. Reload the page and try again.");
          err.server = true;
          throw err;
        }
        return data;
      });
    });
  }

  function say(box, text) {
    var status = box.querySelector(".passkey-status");
    if (status) { status.textContent = text; }
  }

  function failed(box, err) {
    if (err && err.server) { say(box, err.message); return; }
    if (err && err.name === "NotAllowedError") { say(box, "No passkey was used. Try again when you are ready."); return; }
    if (err && err.name === "InvalidStateError") { say(box, "This passkey is already added to your account."); return; }
    say(box, "The passkey did not work here. Try again, or use your password.");
  }

  // Account page: add a passkey (current password, then the browser makes the credential).
  var add = document.getElementById("add-passkey");
  if (add) {
    add.hidden = false;
    add.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = add.querySelector("input[name=name]");
      var password = add.querySelector("input[name=password]");
      if (!password.value) { say(add, "Enter your current password first."); password.focus(); return; }
      say(add, "Follow your browser's prompt…");
      post(add.dataset.optionsUrl, { password: password.value })
        .then(function (options) { return navigator.credentials.create({ publicKey: creationOptions(options) }); })
        .then(function (cred) {
          return post(add.dataset.addUrl, { credential: credentialJSON(cred), name: name ? name.value : "" });
        })
        .then(function (data) { password.value = ""; window.location.assign(data.redirect); window.location.reload(); })
        .catch(function (err) { failed(add, err); });
    });
  }

  // Log-in page (passkey instead of password) and the step after the password.
  function loginBox(box, bodyFn) {
    if (!box) { return; }
    box.hidden = false;
    var button = box.querySelector("button");
    button.addEventListener("click", function () {
      button.disabled = true;
      say(box, "Follow your browser's prompt…");
      var body = bodyFn();
      post(box.dataset.optionsUrl, body)
        .then(function (options) { return navigator.credentials.get({ publicKey: requestOptions(options) }); })
        .then(function (cred) {
          return post(box.dataset.verifyUrl, Object.assign({}, body, { credential: credentialJSON(cred) }));
        })
        .then(function (data) { window.location.assign(data.redirect); })
        .catch(function (err) { button.disabled = false; failed(box, err); });
    });
  }

  loginBox(document.getElementById("passkey-login"), function () {
    var email = document.querySelector("input[name=email]");
    var remember = document.querySelector("input[name=remember]");
    return { email: email ? email.value : "", remember: !!(remember && remember.checked) };
  });
  loginBox(document.getElementById("passkey-second-step"), function () { return {}; });
})();

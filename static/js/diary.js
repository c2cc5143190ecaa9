// Diary pages, progressive enhancement only. "Delete this night" is a link to a
// confirmation page (works without JS); with JS, ask here and post the deletion directly.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.delete-link") : null;
  if (!(link instanceof HTMLAnchorElement) || !link.dataset.csrf) {
    return;
  }
  event.preventDefault();
  if (!window.confirm("Delete this night from your diary? You can undo it for 10 minutes.")) {
    return;
  }
  const form = document.createElement("form");
  form.method = "post";
  form.action = link.href;
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrf_token";
  token.value = link.dataset.csrf;
  form.append(token);
  document.body.append(form);
  form.submit();
});

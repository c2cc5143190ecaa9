// Diary pages, progressive enhancement only: ask before deleting a night.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.classList.contains("delete-form")) {
    if (!window.confirm("Delete this night from your diary? This cannot be undone.")) {
      event.preventDefault();
    }
  }
});

// New/edit user: choosing a court lists that court's divisions. The page works without this
// script (the 列出该院部门 button does the same); with it, the form is re-sent on change.
document.addEventListener("DOMContentLoaded", () => {
  const court = document.getElementById("court_id");
  const pick = document.querySelector("[data-pick-court]");
  if (!court || !pick) return;
  pick.closest("[data-pick-court-row]").hidden = true;
  court.addEventListener("change", () => pick.form.requestSubmit(pick));
});

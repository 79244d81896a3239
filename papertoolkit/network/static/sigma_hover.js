// papertoolkit: a hover card for an ipysigma map (name, papers, votes, co-authors, community,
// and the author's best papers when they are given). Shared by the offline report page and
// the Jupyter hover companion. Builds its DOM with textContent only: no HTML from the data.
function ptkAttachHover(view, papersOf) {
  if (!view || !view.renderer || view.__ptkHover) return false;
  view.__ptkHover = true;
  const box = view.container || view.el;
  const card = document.createElement("div");
  card.className = "ptk-sigma-hover";
  card.setAttribute("role", "tooltip");
  card.style.cssText = "position:absolute;z-index:20;display:none;pointer-events:none;" +
    "max-width:340px;background:#fff;border:1px solid #bbb;border-radius:4px;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.25);padding:6px 9px;font-size:13px;" +
    "line-height:1.35;color:#1d1d1d;font-family:inherit";
  if (getComputedStyle(box).position === "static") box.style.position = "relative";
  box.appendChild(card);
  const fmt = (n) => (n === null || n === undefined) ? "no votes" :
    Number(n).toLocaleString("en-US") + (Number(n) === 1 ? " vote" : " votes");
  const plural = (n, word) => Number(n).toLocaleString("en-US") + " " + word +
    (Number(n) === 1 ? "" : "s");
  const line = (text, style) => {
    const div = document.createElement("div");
    div.textContent = text;
    if (style) div.style.cssText = style;
    card.appendChild(div);
  };
  let pointer = {x: 0, y: 0};
  box.addEventListener("mousemove", (e) => {
    const r = box.getBoundingClientRect();
    pointer = {x: e.clientX - r.left, y: e.clientY - r.top};
  });
  view.renderer.on("enterNode", (payload) => {
    const a = view.graph.getNodeAttributes(payload.node);
    card.textContent = "";
    line(a.label || payload.node, "font-weight:600");
    line(plural(a.papers || 0, "paper") + " \u00b7 " + fmt(a.votes));
    if (a.coauthors !== undefined || a.degree !== undefined) {
      // co-authors in the whole co-author graph; the filtered network's count beside it
      const all = a.coauthors !== undefined ? a.coauthors : a.degree;
      const here = (a.degree !== undefined && a.degree !== all) ?
        " (" + Number(a.degree).toLocaleString("en-US") + " in this network)" : "";
      line(plural(all, "co-author") + " in the whole corpus" + here, "color:#555");
      if (a.community) {
        line((String(a.community).startsWith("#") ? "community " : "") + a.community,
             "color:#555");
      }
    }
    const top = papersOf && papersOf[payload.node];
    if (top && top.papers && top.papers.length) {
      line("Most voted:", "margin-top:4px;color:#555");
      top.papers.slice(0, 3).forEach((p) => line("\u2022 " + p[1] + " (" + fmt(p[2]) + ")"));
    }
    card.style.display = "block";
    const w = box.clientWidth;
    card.style.left = Math.min(pointer.x + 14, Math.max(0, w - card.offsetWidth - 4)) + "px";
    card.style.top = (pointer.y + 14) + "px";
  });
  view.renderer.on("leaveNode", () => { card.style.display = "none"; });
  return true;
}

// papertoolkit: runs ipysigma's own view (its classic-notebook bundle, inlined after this
// script) in a page without Jupyter. ipysigma asks only for DOMWidgetModel and DOMWidgetView
// from @jupyter-widgets/base: these stand-ins give its view a model with get/set/on and an
// element. ptkSigmaMount(id) draws the map whose data is in the JSON element "id-data";
// a click lists the author's papers under it.
(function () {
  "use strict";
  class DOMWidgetModel { defaults() { return {}; } }
  DOMWidgetModel.serializers = {};
  class DOMWidgetView {
    constructor(options) {
      this.model = options.model;
      this.el = document.createElement("div");
      this.displayed = new Promise((resolve) => { this.__shown = resolve; });
    }
    render() {}
    touch() {}
    send() {}
    remove() { if (this.el.parentNode) this.el.parentNode.removeChild(this.el); }
  }
  class Model {
    constructor(state) { this.state = Object.assign({}, state); this.handlers = {}; }
    get(key) { return this.state[key]; }
    set(key, value) {
      this.state[key] = value;
      (this.handlers["change:" + key] || []).forEach((f) => f(this, value));
    }
    on(name, callback) { (this.handlers[name] = this.handlers[name] || []).push(callback); }
    save_changes() {}
  }
  window.define = function (deps, factory) {
    window.ptkSigmaModule = factory({DOMWidgetModel: DOMWidgetModel,
                                     DOMWidgetView: DOMWidgetView});
  };
  window.define.amd = true;

  function showPapers(panel, state, node, papersOf) {
    panel.textContent = "";
    if (node === null || node === undefined) return;
    const found = (state.data.nodes || []).find((n) => n.key === node);
    const a = found ? found.attributes : {};
    const info = (papersOf && papersOf[node]) || {papers: [], more: 0};
    const head = document.createElement("h3");
    head.textContent = (a.label || node) + ": " + Number(a.papers || 0).toLocaleString("en-US") +
      " paper" + (a.papers === 1 ? "" : "s") + ", " +
      (a.votes === null || a.votes === undefined ? "no" : Number(a.votes).toLocaleString("en-US")) +
      " votes";
    panel.appendChild(head);
    const list = document.createElement("ol");
    info.papers.forEach((p) => {
      const item = document.createElement("li");
      const anchor = document.createElement("a");
      anchor.href = "https://arxiv.org/abs/" + encodeURIComponent(p[0]);
      anchor.target = "_blank";
      anchor.rel = "noopener";
      anchor.textContent = p[1];
      item.appendChild(anchor);
      item.appendChild(document.createTextNode(" \u2014 " + (p[2] === null ? "no" :
        Number(p[2]).toLocaleString("en-US")) + " votes, " + p[3]));
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (info.more) {
      const more = document.createElement("p");
      more.className = "muted";
      more.textContent = "and " + info.more.toLocaleString("en-US") + " more";
      panel.appendChild(more);
    }
  }

  window.ptkSigmaMount = function (id) {
    const host = document.getElementById(id);
    const data = JSON.parse(document.getElementById(id + "-data").textContent);
    const state = data.state, papersOf = data.papers;
    const mapBox = host.querySelector(".ptk-sigma-map");
    const panel = host.querySelector(".ptk-sigma-papers");
    const model = new Model(state);
    const view = new window.ptkSigmaModule.SigmaView({model: model});
    view.render();
    mapBox.appendChild(view.el);
    view.__shown();
    model.on("change:selected_node", (m, node) => showPapers(panel, state, node, papersOf));
    view.displayed.then(() => setTimeout(() => ptkAttachHover(view, papersOf), 0));
    host.ptkView = view;
    return view;
  };
})();

// table-view: to be built (docs/studio.md).
import { html, render } from "lit-html";

/** Renders the view into container. */
export function mount(container, ctx) {
  render(html`<p>table-view: not built yet.</p>`, container);
}

// Sign-in: paste a bearer token (to be built: the development sign-in, see docs/studio.md).
import { html, render } from "lit-html";
import { session } from "./api.js";

/** Renders the sign-in form into container. */
export function mount(container, ctx) {
  const submit = (event) => {
    event.preventDefault();
    const token = new FormData(event.target).get("token");
    if (token && String(token).trim()) {
      session.signIn(String(token));
      ctx.navigate("#/");
    }
  };
  render(html`
    <form class="sign-in" @submit=${submit}>
      <h1>Plinth Studio</h1>
      <label>Bearer token <textarea name="token" rows="4" required data-test="token"></textarea></label>
      <button type="submit" data-test="sign-in">Sign in</button>
    </form>`, container);
}

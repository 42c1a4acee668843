// Plinth's API reference: Swagger UI over the server's own OpenAPI document. "Authorize" keeps the
// bearer token in the browser's localStorage (persistAuthorization), so a reload does not lose it.
// A server started with --openapi-token answers the document only with that token: the page then asks
// for it once (kept for this tab in sessionStorage) and loads the document with it.
(async function () {
  const options = {
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: false,
    displayRequestDuration: true,
    // the UI must not send the document to a third-party validator (no outside calls at run time)
    validatorUrl: null
  };
  const KEY = "plinth.openapiToken";
  let token = sessionStorage.getItem(KEY);
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await fetch("/openapi.json", token ? { headers: { Authorization: "Bearer " + token } } : {});
    if (answer.status !== 401) {
      if (answer.ok) {
        if (token) {
          sessionStorage.setItem(KEY, token);
        }
        window.ui = SwaggerUIBundle(Object.assign({ spec: await answer.json() }, options));
      } else {
        window.ui = SwaggerUIBundle(Object.assign({ url: "/openapi.json" }, options));
      }
      return;
    }
    sessionStorage.removeItem(KEY);
    token = window.prompt("This server's OpenAPI document needs its token (plinth serve --openapi-token):");
    if (token === null) {
      break;
    }
  }
  document.getElementById("swagger-ui").textContent =
    "The OpenAPI document needs the server's --openapi-token; reload the page to enter it.";
})();

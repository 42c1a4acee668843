// Plinth's API reference: Swagger UI over the server's own OpenAPI document. "Authorize" keeps the
// bearer token in the browser's localStorage (persistAuthorization), so a reload does not lose it.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: false,
  displayRequestDuration: true,
  // the UI must not send the document to a third-party validator (no outside calls at run time)
  validatorUrl: null
});

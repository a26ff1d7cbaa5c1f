// Starts the vendored Swagger UI on the API's own OpenAPI document (no CDN, no inline script).
(function () {
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({ url: node.getAttribute("data-spec-url"), dom_id: "#swagger-ui", deepLinking: true });
}());

"""The JSON API under `/api/v1` (flask-smorest): OpenAPI 3.1 generated from the marshmallow schemas
that validate the requests, token authentication, RFC 9457 problem details in Chinese, rate limits.
How a court's system connects: docs/api.md."""

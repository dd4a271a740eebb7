"""drf-spectacular's view of what drf-spectacular cannot guess: the LMS's JWT authentication."""
from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class JwtAuthenticationScheme(OpenApiAuthenticationExtension):
    """edx-drf-extensions' JwtAuthentication: `Authorization: JWT <token>` (or the LMS's JWT cookies)."""

    target_class = "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "A JWT issued by the LMS, sent as `JWT <token>`."}

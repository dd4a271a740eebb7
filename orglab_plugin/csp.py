"""A Content-Security-Policy for orglab's own pages (the cohort dashboard, the certificate page, the
devsite's learner page): only our own scripts and styles run, so even a value that escaped escaping
could not execute. Django 5.2 has no CSP of its own (it arrives in 6.0), and the LMS sets none on
plugin pages, so a view decorator adds it.

An inline `<style>` or `<script>` is allowed only with the response's nonce:
`<style nonce="{{ request.orglab_csp_nonce }}">`.
"""
from __future__ import annotations

import functools
import secrets


def policy(nonce: str, *, frame_ancestors: str = "'none'") -> str:
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ))


def content_security_policy(view=None, *, frame_ancestors: str = "'none'"):
    """Decorate a view: its request gets `orglab_csp_nonce`, its response the policy (unless the
    view set one itself). `frame_ancestors="'self'"` for a page the LMS shows in an iframe."""
    if view is None:
        return functools.partial(content_security_policy, frame_ancestors=frame_ancestors)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        nonce = secrets.token_urlsafe(16)
        request.orglab_csp_nonce = nonce
        response = view(request, *args, **kwargs)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy(nonce, frame_ancestors=frame_ancestors)
        return response

    return wrapped

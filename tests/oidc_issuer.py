"""A tiny OpenID Connect identity provider for tests, on 127.0.0.1: discovery, JWKS, authorize and token endpoints.

It signs in whoever `issuer.next_email` names without asking (a test chooses the person), issues an RS256-signed
ID token with the nonce the client sent, checks the client's secret, the one-time code, the redirect URI and the
PKCE verifier when one was used. Nothing leaves the machine.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


class Issuer:
    def __init__(self, client_id: str, client_secret: str):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.next_email = ""
        self.codes: dict[str, dict] = {}
        self.tokens_issued = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Issuer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def metadata(self) -> dict:
        return {"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"]}

    def _authorize(self, query: dict[str, str]) -> tuple[int, dict, bytes]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, b"bad client or response type"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"email": self.next_email, "nonce": query.get("nonce"),
                            "redirect_uri": query.get("redirect_uri"), "challenge": query.get("code_challenge")}
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, {"Location": target}, b""

    def _token(self, form: dict[str, str], authorization: str) -> tuple[int, dict, bytes]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if (client_id, secret) != (self.client_id, self.client_secret) or grant is None \
                or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {}, json.dumps({"error": "invalid_grant"}).encode()
        if grant["challenge"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return 400, {}, json.dumps({"error": "invalid_grant", "error_description": "pkce"}).encode()
        now = int(time.time())
        claims = {"iss": self.url, "sub": hashlib.sha256(grant["email"].encode()).hexdigest()[:16],
                  "aud": self.client_id, "iat": now, "exp": now + 600, "email": grant["email"],
                  "email_verified": True, "name": grant["email"].split("@")[0]}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        self.tokens_issued += 1
        body = {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 600,
                "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _handler(self):
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, headers: dict, body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, {"Content-Type": "application/json"}, json.dumps(issuer.metadata()).encode())
                elif url.path == "/jwks":
                    keys = {"keys": [issuer.key.as_dict(private=False)]}
                    self._send(200, {"Content-Type": "application/json"}, json.dumps(keys).encode())
                elif url.path == "/authorize":
                    self._send(*issuer._authorize(query))
                else:
                    self._send(404, {}, b"not found")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlparse(self.path).path == "/token":
                    self._send(*issuer._token(form, self.headers.get("Authorization", "")))
                else:
                    self._send(404, {}, b"not found")

            def log_message(self, *args) -> None:
                pass

        return Handler

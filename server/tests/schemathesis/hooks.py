"""Schemathesis hooks for the api-fuzz tier (scripts/api-fuzz.sh).

Every case gets the token its operation's `security` names: the host's
access token (fetched once, it lives two hours), or a connect token minted
fresh for that case, so that one case spending a token's attempts cannot
change what the next case sees. The server's address and the sandbox
client's id and secret come from the environment the script sets.
"""

import json
import os
import time
import urllib.error
import urllib.request

import schemathesis

BASE = os.environ["API_FUZZ_URL"]
CLIENT_ID = os.environ["API_FUZZ_CLIENT_ID"]
CLIENT_SECRET = os.environ["API_FUZZ_CLIENT_SECRET"]


def _post(path, body, bearer=None):
    """POSTs JSON; waits out a 429 as its Retry-After says (minting is throttled)."""
    for _ in range(60):
        request = urllib.request.Request(
            BASE + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        if bearer:
            request.add_header("Authorization", f"Bearer {bearer}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise
            time.sleep(float(error.headers.get("Retry-After", "1")))
    raise RuntimeError(f"{path} stayed throttled")


_access_token = None


def access_token():
    global _access_token
    if _access_token is None:
        _access_token = _post(
            "/auth/access_token",
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        )["access_token"]
    return _access_token


def fresh_connect_token():
    return _post(
        "/auth/connect_token", {"client_user_id": "api-fuzz-user"}, access_token()
    )["connect_token"]


def _schemes(case):
    security = case.operation.definition.raw.get("security") or []
    return {name for requirement in security for name in requirement}


@schemathesis.auth(refresh_interval=None)
class PerCaseToken:
    def get(self, case, context):
        schemes = _schemes(case)
        if "connectToken" in schemes:
            return fresh_connect_token()
        if "accessToken" in schemes:
            return access_token()
        return None

    def set(self, case, data, context):
        if data is not None:
            case.headers = case.headers or {}
            case.headers["Authorization"] = f"Bearer {data}"

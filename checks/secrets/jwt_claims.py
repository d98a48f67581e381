"""JSON Web Tokens: decode the claims (never the signature) to judge provider and lifetime."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from checks.model import Severity
from checks.secrets.detectors import Refinement

LONG_LIVED_SECONDS = 90 * 24 * 3600
SERVICE_ROLES = {"service_role", "service", "admin", "supabase_admin"}
PUBLIC_ROLES = {"anon"}


def decode_part(part: str) -> dict[str, Any] | None:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        doc = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return doc if isinstance(doc, dict) else None


def refine_jwt(value: str) -> Refinement | None:
    """Provider from the issuer; high when long-lived or a service role, else medium."""
    parts = value.split(".")
    if len(parts) != 3:
        return None
    header = decode_part(parts[0])
    claims = decode_part(parts[1])
    if header is None or claims is None or "alg" not in header:
        return None
    role = str(claims.get("role") or "")
    if role in PUBLIC_ROLES:
        return None  # Supabase anon keys are meant to be public
    iss = str(claims.get("iss") or "").lower()
    provider, env = "JWT", "JWT_TOKEN"
    if "supabase" in iss or (role in SERVICE_ROLES and "ref" in claims):
        provider = "Supabase"
        env = "SUPABASE_SERVICE_ROLE_KEY" if role == "service_role" else "SUPABASE_KEY"
    elif "calendly" in iss:
        provider, env = "Calendly", "CALENDLY_API_TOKEN"
    elif "zoom" in iss:
        provider, env = "Zoom", "ZOOM_ACCESS_TOKEN"
    elif "per" in claims and "actid" in claims:
        provider, env = "monday.com", "MONDAY_API_TOKEN"
    elif "firebase" in iss or "securetoken.google.com" in iss:
        provider, env = "Firebase", "FIREBASE_TOKEN"
    exp, iat = claims.get("exp"), claims.get("iat")
    long_lived = role in SERVICE_ROLES or not isinstance(exp, (int, float))
    if not long_lived and isinstance(iat, (int, float)):
        long_lived = exp - iat > LONG_LIVED_SECONDS  # type: ignore[operator]
    return Refinement(
        provider=provider,
        env_name=env,
        severity=Severity.HIGH if long_lived else Severity.MEDIUM,
        description="long-lived JSON Web Token" if long_lived else "JSON Web Token",
    )

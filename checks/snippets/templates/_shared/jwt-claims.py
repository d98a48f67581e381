def _json_segment(segment):
    data = _b64url(segment)
    if data is None:
        return None
    try:
        value = json.loads(data.decode("utf-8"))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _claims_problem(claims):
    if claims is None:
        return "JWT payload is not a JSON object"
    now = time.time()
    if not _is_number(claims.get("exp")):
        return "JWT has no numeric exp claim"
    if now > claims["exp"] + LEEWAY_SECONDS:
        return "JWT has expired (exp)"
    nbf = claims.get("nbf")
    if nbf is not None and (not _is_number(nbf) or now + LEEWAY_SECONDS < nbf):
        return "JWT is not valid yet (nbf)"
    iat = claims.get("iat")
    if iat is not None and (not _is_number(iat) or now + LEEWAY_SECONDS < iat):
        return "JWT was issued in the future (iat)"
    issuer = _env(ISSUER_ENV)
    if issuer and claims.get("iss") != issuer:
        return "JWT iss does not match"
    audience = _env(AUDIENCE_ENV)
    audiences = claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    if audience and audience not in audiences:
        return "JWT aud does not match"
    return None



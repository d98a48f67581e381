function parseJsonSegment(segment) {
  const bytes = decodeBase64Url(segment);
  if (!bytes) return null;
  try {
    const value = JSON.parse(bytes.toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function claimsProblem(claims) {
  if (!claims) return "JWT payload is not a JSON object";
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number") return "JWT has no numeric exp claim";
  if (now > claims.exp + LEEWAY_SECONDS) return "JWT has expired (exp)";
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || now + LEEWAY_SECONDS < claims.nbf)) {
    return "JWT is not valid yet (nbf)";
  }
  if (claims.iat !== undefined && (typeof claims.iat !== "number" || now + LEEWAY_SECONDS < claims.iat)) {
    return "JWT was issued in the future (iat)";
  }
  const issuer = getEnv(ISSUER_ENV);
  if (issuer && claims.iss !== issuer) return "JWT iss does not match";
  const audience = getEnv(AUDIENCE_ENV);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audience && !audiences.includes(audience)) return "JWT aud does not match";
  return null;
}


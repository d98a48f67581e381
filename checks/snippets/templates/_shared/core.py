# >>> stepguard:core (shared by every stepguard Python snippet; keep identical)
def _reject(pd, reason, extra_headers=None):
    headers = {"content-type": "application/json", **(extra_headers or {})}
    pd.respond({"status": 401, "headers": headers, "body": {"error": "unauthorized"}})
    return pd.flow.exit(reason)


def _header(event, name):
    value = (event.get("headers") or {}).get(name)
    if isinstance(value, list):
        return str(value[0]) if len(value) == 1 else None
    return value if isinstance(value, str) else None


def _env(name):
    return os.environ.get(name) or None


def _hex(text):
    if isinstance(text, str) and re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
        return bytes.fromhex(text)
    return None


def _b64(text):
    if not isinstance(text, str) or not text or len(text) % 4:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        return None


def _b64url(text):
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", text) or len(text) % 4 == 1:
        return None
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hmac(algorithm, key, *parts):
    mac = hmac.new(key, digestmod=algorithm)
    for part in parts:
        mac.update(part)
    return mac.digest()


def _bytes_equal(a, b):
    if not isinstance(a, bytes) or not isinstance(b, bytes) or len(a) != len(b):
        return False
    return hmac.compare_digest(a, b)


def _text_equal(a, b):
    digest_a = hashlib.sha256(str(a).encode("utf-8", "replace")).digest()
    digest_b = hashlib.sha256(str(b).encode("utf-8", "replace")).digest()
    return hmac.compare_digest(digest_a, digest_b)


def _int(text):
    return int(text) if isinstance(text, str) and re.fullmatch(r"[0-9]{1,16}", text) else None


def _fresh(epoch_seconds, tolerance_seconds):
    if not isinstance(epoch_seconds, (int, float)) or isinstance(epoch_seconds, bool):
        return False
    return abs(time.time() - epoch_seconds) <= tolerance_seconds
# <<< stepguard:core

# >>> stepguard:raw-body (shared by every stepguard Python snippet that reads the body)
MAX_RAW_BODY_BYTES = 10 * 1024 * 1024
RAW_BODY_HELP = (
    "No raw request body. Add ?pipedream_upload_body=1 to the trigger URL (or send the header "
    "x-pd-upload-body: 1) so the trigger provides steps.trigger.event.body.raw_body_url, or "
    "trigger the workflow from an event source that emits bodyRaw (HTTP \"New Requests\" "
    "source with Emit set to the raw body or the full request). A re-serialised JSON body "
    "cannot be verified."
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _raw_body(event):
    """Return (raw bytes, None) or (None, reason)."""
    if isinstance(event.get("bodyRaw"), str):
        return event["bodyRaw"].encode("utf-8"), None
    body = event.get("body")
    url = body.get("raw_body_url") if isinstance(body, dict) else None
    if not isinstance(url, str) or not url:
        return None, RAW_BODY_HELP
    if urllib.parse.urlsplit(url).scheme != "https":
        return None, "raw_body_url must be an https URL"
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=15) as response:
            raw = response.read(MAX_RAW_BODY_BYTES + 1)
    except (OSError, ValueError) as exc:
        return None, f"Downloading raw_body_url failed: {type(exc).__name__}"
    if len(raw) > MAX_RAW_BODY_BYTES:
        return None, "The raw body is larger than MAX_RAW_BODY_BYTES"
    return raw, None


def _payload(raw, event):
    text = raw.decode("utf-8", "replace")
    content_type = (_header(event, "content-type") or "").lower()
    if "application/x-www-form-urlencoded" in content_type:
        return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
    try:
        return json.loads(text)
    except ValueError:
        return text
# <<< stepguard:raw-body

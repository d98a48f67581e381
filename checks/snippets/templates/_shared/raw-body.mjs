// >>> stepguard:raw-body (shared by every stepguard Node.js snippet that reads the body)
const MAX_RAW_BODY_BYTES = 10 * 1024 * 1024;
const RAW_BODY_HELP =
  "No raw request body. Add ?pipedream_upload_body=1 to the trigger URL (or send the header " +
  "x-pd-upload-body: 1) so the trigger provides steps.trigger.event.body.raw_body_url, or " +
  "trigger the workflow from an event source that emits bodyRaw (HTTP \"New Requests\" " +
  "source with Emit set to the raw body or the full request). A re-serialised JSON body " +
  "cannot be verified.";

async function readRawBody(event) {
  if (typeof event.bodyRaw === "string") return { raw: Buffer.from(event.bodyRaw, "utf8") };
  const body = event.body;
  const url = body && typeof body === "object" ? body.raw_body_url : undefined;
  if (typeof url !== "string" || url.length === 0) return { error: RAW_BODY_HELP };
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return { error: "raw_body_url is not a valid URL" };
  }
  if (parsed.protocol !== "https:") return { error: "raw_body_url must be an https URL" };
  try {
    const response = await fetch(parsed, { redirect: "error", signal: AbortSignal.timeout(15000) });
    if (!response.ok) return { error: `Downloading raw_body_url failed: HTTP ${response.status}` };
    if (Number(response.headers.get("content-length")) > MAX_RAW_BODY_BYTES) {
      return { error: "The raw body is larger than MAX_RAW_BODY_BYTES" };
    }
    const raw = Buffer.from(await response.arrayBuffer());
    if (raw.length > MAX_RAW_BODY_BYTES) return { error: "The raw body is larger than MAX_RAW_BODY_BYTES" };
    return { raw };
  } catch (err) {
    return { error: `Downloading raw_body_url failed: ${err && err.name ? err.name : "error"}` };
  }
}

function parsePayload(raw, event) {
  const text = raw.toString("utf8");
  const contentType = (getHeader(event, "content-type") || "").toLowerCase();
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
// <<< stepguard:raw-body

// Pipedream v1 (legacy) code step, shown on the public workflow page
// "End a workflow early on invalid secret" by @dylburger. The step's `params.secret`
// was configured as a plain string param (the page shows the value "abc123").
if (steps.trigger.event.headers["x-pipedream-secret"] !== params.secret) {
  $respond({
    status: 401,
    body: "Token not valid",
  })
  $end("Missing or bad secret on request")
}

$respond({
  status: 200,
  body: "Hello, world",
})

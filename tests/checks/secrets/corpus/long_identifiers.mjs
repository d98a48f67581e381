export default defineComponent({
  async run({ steps, $ }) {
    const secretManagerPath = "projects/acme-prod/secrets/stripe-api-key/versions/latest";
    const tokenEndpoint = "/oauth2/v1/token";
    const apiKeyHeaderName = "X-Acme-Api-Key";
    const secretName = "prod/payments/stripe_secret_key";
    const credentialsFile = "service-account-credentials.json";
    const authorizationScheme = "BearerTokenAuthorization";
    return { secretManagerPath, tokenEndpoint, apiKeyHeaderName, secretName, credentialsFile, authorizationScheme };
  },
});

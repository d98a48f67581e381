module.exports = defineComponent({
  async run({ steps, $ }) {
    // token copied from the browser while debugging
    const sessionToken = "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAiNDYzMjQ3MzUiLCAiaWF0IjogMTcxNzAwMDAwMCwgImV4cCI6IDE3MTcwMDM2MDB9.TS-mGGEdGjXbandBIZfUmKaV0ki-UvqLanZD3i49wX8";
    const res = await fetch("https://portal.acme.io/api/me", { headers: { Cookie: `session=${sessionToken}` } });
    return res.json();
  },
});

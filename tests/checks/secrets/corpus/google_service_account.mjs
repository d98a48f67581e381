import { google } from "googleapis";

const serviceAccount = {
  "type": "service_account",
  "project_id": "acme-analytics",
  "private_key_id": "fb75849487fb03d6b13496cd53df43fe24870024",
  "private_key": "-----BEGIN PRIVATE KEY-----\nUPcOVkfnAop/EY6B/6vmBuFz3uGLQhz907bj0YdsmFCFHHYLhNh8v9PNp0VH2IJQ\nl99dnxQUzP/epvD7erXgQB5QHRG64W3XpDzfWqegmw8Sdb1eTaom/YleW8q8h2FO\nvc1g/xfhF3Tu6fp4k9wBRSJXCb3Y3gVh5CL2e4Bppu9HYvkGhyvTDnblDkIdvBxx\n9BQ7tl50vH6HYaeW+IA08jcEnqR0xEMMHDHAxmEXwnUxatJcRXZVmh1bbWaFQF86\nVmFkc0EQ6BnVv+Z6hJvUfbsKgCxcGzKDqfY66Nk2D+qW6TG9l6VKNTHzNO35jJpO\n27+3waVJ+m1QwKKFI/bW7kgwUtse55mJlHJMhebk69Gcr+CUyEPJpRmBlxR5NEC9\nLPgQN3hVMVZMQCPD/UW3Xju4gziLXSWQO6y2z2lHW6iUdVkLdo251BcrqMRk7SAi\nZu+d+ESFWeShteiGYwWHahoCeBBOomQ+yGDLsUPv2ZDI8CsUpDNTZdk9ouZLSJKs\nSciBYji6inKgxNHGWKM4NkTydlRm22+rfVwBMmyCNtcLOTwzPuz9/YFM1rszKerT\nugYeYNLW0rZpiHUeM+kucn7nMKaoiLmAQG22Ey0AY29T0ahgSxZoOS68chQca8Gh\nQqSR7d6dmyE0h5h+7q6kYacO7WVbK48qWN7gPXjXeCna7z0O2YXtxBmu8UKcGjMA\nYKQidwfIVBWtIbdEzynj+Cl6qZiRmWao2IB1sNLWktGQhofuniwDX+zyx46/jPuD\nZZ8WuBu0MW49dTDK5lfNPFsNplugAv43zyS8ZhjaOtRQ+T82n0uEYQe7xal3+3wp\n3eXM2/vdic+MVCOsrATL7ts7MrwsFi0b9WQCjXUiuU1eKo/QrrFOp/fp9h6vUngT\nFLUNcB8GnVj8bI6WAd9NuWJD7vOBmx4+Q489ha4DW3VCQ/ALHPvQEAT0xiWPRyGm\npWO4+7ZyDkTzsDH3KT1+iZJPCRsnP2F2Imo9yT9o9Z6pHxc/UatxsLmrFuCTp7XP\nWTkfBx4IFAbnRT8TcqIj1cHip6B3FbuD/uBsLYTuVM8ncaYlW1zQaCbLYGU/S3ME\nXXuyeBKJ6B1XkMkwtZVa1t7M3XhdgjsiOxO4gae+U+lUd1L0IelIklgnwex0QE6h\nsfnsKpAk8c59TlL9FaKe77b2P2dZPoo1D5rloY8zbLxU6LX4Hl7bwVL41d3Zhtnh\n+m1+4hR+gwkDnGW7OZTI+jFQ2RRAWV2UXEt/+g4DstG5x7CEQBSIbek/KO2eVfC7\nl7QAiyDhAHBY+VSOQKvK0TOb3OfMaxSWOs3ejG4ji3RfKEAaC4wBEG0qAkokaQe8\nomGUZxVlPeqYR6vq9F/yVb9fi2niQIjLbjDXbQvmwlNMX3c3LyBM0GoBa8qYF1oZ\nzuS9az7fBGDxQI1BMbIttDxMA4FjGZRauQJtRq5O8DhU0RR6C/V04nLfoX7eS28v\nuhjeOvzbb5b+5EDLc+nBgJ1jRsMUG4izyH0qhV7+bVtd2b5KMjWMHyTTa+xolKoD\niRVxhq10dljpG++6iHwvf3MqweBvJqQO9Wfe0X17NgZ9B5KUkqw=\n-----END PRIVATE KEY-----",
  "client_email": "pipedream@acme-analytics.iam.gserviceaccount.com",
  "client_id": "104857392019283746501",
  "token_uri": "https://oauth2.googleapis.com/token",
};

export default defineComponent({
  async run({ steps, $ }) {
    const auth = new google.auth.GoogleAuth({ credentials: serviceAccount, scopes: ["https://www.googleapis.com/auth/spreadsheets"] });
    const sheets = google.sheets({ version: "v4", auth });
    await sheets.spreadsheets.values.append({
      spreadsheetId: "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
      range: "A1",
      valueInputOption: "RAW",
      requestBody: { values: [[steps.trigger.event.body.email]] },
    });
  },
});

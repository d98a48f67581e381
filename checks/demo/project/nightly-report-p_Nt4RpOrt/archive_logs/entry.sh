# Upload yesterday's log bundle to the archive service.
ARCHIVE_TOKEN="IgKyQzJRs7TI9Xf_mUxYkHrq_FmNGwDB"
curl -k -s -X POST "http://archive.acme-ops.com/upload" \
  -H "Authorization: Bearer $ARCHIVE_TOKEN" \
  --data-binary @"$PIPEDREAM_STEPS"
echo "archived=true" >> "$PIPEDREAM_EXPORTS"

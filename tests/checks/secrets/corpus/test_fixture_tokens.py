# ruff: noqa
def handler(pd: "pipedream"):
    # Local fixtures used by the step's self-check, not real credentials.
    test_token = "test-token-1234567890abcdef"
    dummy_secret = "dummy-secret-value-for-tests"
    fake_api_key = "fake_api_key_0000000000000000"
    mock_password = "mock-password-123"
    return all([test_token, dummy_secret, fake_api_key, mock_password])

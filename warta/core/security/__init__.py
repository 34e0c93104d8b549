"""What keeps the platform and its readers safe: the client address behind trusted proxies,
rate limits, the admin's hosts and Content Security Policy, the secret key, rich-text
sanitising and outbound HTTP that cannot reach the machine or its network."""

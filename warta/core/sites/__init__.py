"""Sites of the network: which site a request is for (from a cached list), the /r/<slug>/ path
fallback, the front-end router that finds a page in one or two queries, and what every Warta
page type shares."""

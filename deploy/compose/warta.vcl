vcl 4.1;
# Rendered by `python -m warta.core.ops.compose` from deploy/varnish/warta.vcl: edit that, not this.


# Varnish in front of Warta (Debian: varnish 7.1 + varnish-modules for vmod xkey), caching
# anonymous pages as the shipped nginx does (deploy/nginx/warta.conf) and purged by Warta's
# surrogate keys (WARTA_EDGE=varnish -> warta.core.pagecache.edge.VarnishXkeyBackend): one
# PURGE request carries one or many keys, never a URL. warta/core/ops/varnish.py renders this
# file with a machine's backends and purge network (bench/cluster.py, the integration test);
# the decisions are explained in docs/scale/edge.md.

import std;
import directors;
import xkey;

# BEGIN BACKENDS (rendered by warta/core/ops/varnish.py)
probe warta_health {
    # Warta's robots.txt: cheap, answered by every site, never needs the database's writer.
    .request =
        "GET /robots.txt HTTP/1.1"
        "Host: localhost"
        "Connection: close"
        "User-Agent: varnish-health";
    .expected_response = 200;
    .interval = 2s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

backend app1 {
    .host = "lb";
    .port = "80";
    .probe = warta_health;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

sub vcl_init {
    new warta = directors.round_robin();
    warta.add_backend(app1);
}
# END BACKENDS

# Who may purge: this host and Warta's own network (the app and worker hosts).
acl warta_internal {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    set req.backend_hint = warta.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ warta_internal) {
            return (synth(403, "Forbidden"));
        }
        # By surrogate key only: `xkey: article:5 latest:1` (hard), `xkey-soft:` (stale copies
        # kept for grace). A URL purge would miss the other hosts, encodings and lite copies.
        if (req.http.xkey) {
            set req.http.n-gone = xkey.purge(req.http.xkey);
            return (synth(200, "Purged " + req.http.n-gone));
        }
        if (req.http.xkey-soft) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-soft);
            return (synth(200, "Soft-purged " + req.http.n-gone));
        }
        return (synth(400, "xkey header required"));
    }

    # The client's address as Varnish sees it, replacing whatever the client sent: Warta
    # believes these only from WARTA_TRUSTED_PROXIES (this host). Behind a TLS terminator,
    # give Varnish the PROXY protocol so client.ip is the reader's.
    set req.http.X-Forwarded-For = client.ip;
    set req.http.X-Real-IP = client.ip;
    if (client.ip !~ warta_internal) {
        unset req.http.X-Forwarded-Proto;
    }
    # Warta's internal headers are never taken from a client.
    unset req.http.Surrogate-Key;
    unset req.http.xkey;
    unset req.http.X-Warta-Encoding;
    unset req.http.X-Warta-Save-Data;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in readers and staff always get fresh pages from Warta, as behind nginx.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }

    # One copy per encoding Warta stores (br, gzip, plain) and per Save-Data (the lite
    # edition), as nginx keys them: not one per Accept-Encoding string browsers send.
    if (req.http.Accept-Encoding ~ "(?i)\bbr\b") {
        set req.http.X-Warta-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "(?i)\bgzip\b") {
        set req.http.X-Warta-Encoding = "gzip";
    } else {
        set req.http.X-Warta-Encoding = "identity";
    }
    if (req.http.Save-Data ~ "(?i)^\s*on\s*(;|$)") {
        set req.http.X-Warta-Save-Data = "on";
    } else {
        set req.http.X-Warta-Save-Data = "off";
    }

    # A live story's updates address: one copy per story for every reader; a client's
    # cache-buster and cookies do not make copies of their own (as nginx).
    if (req.url ~ "^/live/[0-9]+/updates/(\?.*)?$") {
        set req.url = regsub(req.url, "\?.*$", "");
        unset req.http.Cookie;
    }

    # A healthy origin: a copy older than its TTL is served only within Warta's
    # stale-while-revalidate while one request fetches the new one. A sick origin (the probe
    # failed): every copy kept for grace is served (stale-if-error).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 600s;
    }
    # Cookies (csrftoken, consent) do not change an anonymous page, as behind nginx: the
    # lookup ignores them; Warta answers a page that depends on them private or with a
    # Set-Cookie, which is never stored.
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    hash_data(req.http.X-Warta-Encoding);
    hash_data(req.http.X-Warta-Save-Data);
    return (lookup);
}

sub vcl_backend_fetch {
    # Ask Warta for the encoding this copy is kept in (Varnish itself would ask for gzip).
    if (bereq.http.X-Warta-Encoding == "identity") {
        unset bereq.http.Accept-Encoding;
    } elsif (bereq.http.X-Warta-Encoding) {
        set bereq.http.Accept-Encoding = bereq.http.X-Warta-Encoding;
    }
    if (bereq.http.X-Warta-Save-Data == "on") {
        set bereq.http.Save-Data = "on";
    } elsif (bereq.http.X-Warta-Save-Data == "off") {
        unset bereq.http.Save-Data;
    }
    unset bereq.http.X-Warta-Encoding;
    unset bereq.http.X-Warta-Save-Data;
}

sub vcl_backend_response {
    # The page's surrogate keys, for purging by key.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        unset beresp.http.Surrogate-Key;
    }
    # A fetch in the background that fails keeps the stale copy (stale-if-error).
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Encoding and Save-Data are in the hash already; Vary is kept for browsers only (nginx
    # ignores it the same way).
    if (beresp.http.Vary) {
        set beresp.http.X-Warta-Vary = beresp.http.Vary;
        unset beresp.http.Vary;
    }
    # Warta says what may be kept and how long (Cache-Control: public, s-maxage,
    # stale-while-revalidate, which Varnish takes as the TTL and grace). Personal pages are
    # private or set a cookie: the built-in rules below never store them. Copies are kept a
    # day past their TTL for a sick origin; purges remove them at once.
    if (beresp.ttl > 0s && !beresp.http.Set-Cookie) {
        set beresp.grace = 24h;
    }
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_synth {
    # Answers to PURGE in plain text: "Purged 3", "Forbidden".
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}

sub vcl_deliver {
    if (resp.http.X-Warta-Vary) {
        set resp.http.Vary = resp.http.X-Warta-Vary;
        unset resp.http.X-Warta-Vary;
    }
    if (obj.uncacheable) {
        set resp.http.X-Edge-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
    # Internal headers: surrogate keys are for caches, Warta's own page-cache status and
    # Varnish's transaction ids for nobody outside.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.X-Cache;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
}

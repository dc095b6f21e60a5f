//! `X-Twilio-Signature`: how Twilio proves a webhook came from it.
//!
//! The signature is `base64(HMAC-SHA1(auth_token, url + k1 + v1 + k2 + v2 ...))` where `url` is
//! the full URL Twilio requested (query string included, verbatim) and the POST parameters are
//! sorted by name (byte order; repeated names: distinct values, sorted). A GET request has no POST
//! parameters, so only the URL is signed. A JSON request signs only the URL, which carries
//! `bodySHA256=<hex SHA-256 of the body>`, and the body must match that hash.
//!
//! Twilio's own helper libraries do not agree on how the URL was written when it was signed, so
//! like them this module accepts any of a few spellings of the same URL ([`candidate_urls`]):
//! with the default port removed or added (`:443`, `:80`; twilio-python, -java, -node and -ruby
//! all try both) and as a WHATWG URL parser would serialize it (twilio-node signs `new URL(url)`,
//! which percent-encodes `'` in the query).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use subtle::ConstantTimeEq;

/// The header Twilio signs webhooks in (lower case, as [`crate::RawRequest`] stores names).
pub const SIGNATURE_HEADER: &str = "x-twilio-signature";

/// The query parameter that carries the SHA-256 of a JSON body.
pub const BODY_HASH_PARAM: &str = "bodySHA256";

/// What a request's signature covers besides its URL.
#[derive(Debug, Clone, Copy)]
pub enum SignedContent<'a> {
    /// Decoded `application/x-www-form-urlencoded` parameters (none for a GET).
    Form(&'a [(String, String)]),
    /// A raw non-form body (JSON), bound to the URL by its `bodySHA256` query parameter.
    Body(&'a [u8]),
}

/// The signature Twilio would send for `url` and form `params` (one spelling of the URL).
pub fn compute_signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(url.as_bytes());
    let mut sorted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, value) in params {
        sorted.entry(name.as_str()).or_default().insert(value.as_str());
    }
    for (name, values) in sorted {
        for value in values {
            mac.update(name.as_bytes());
            mac.update(value.as_bytes());
        }
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// True when `signature` is Twilio's signature of this request under `auth_token`: checked for
/// every spelling of the URL in [`candidate_urls`], in constant time for each.
pub fn is_valid(auth_token: &str, signature: &str, url: &str, content: SignedContent<'_>) -> bool {
    let signature = signature.trim();
    if auth_token.is_empty() || signature.is_empty() {
        return false;
    }
    let (params, body_ok) = match content {
        SignedContent::Form(params) => (params, true),
        SignedContent::Body(body) => (&[][..], body_hash_matches(url, body)),
    };
    let mut any = false;
    for candidate in candidate_urls(url) {
        let expected = compute_signature(auth_token, &candidate, params);
        any |= bool::from(expected.as_bytes().ct_eq(signature.as_bytes()));
    }
    any && body_ok
}

/// True when the URL's `bodySHA256` parameter is the hex SHA-256 of `body`.
fn body_hash_matches(url: &str, body: &[u8]) -> bool {
    let Some(claimed) = query_param(url, BODY_HASH_PARAM) else {
        return false;
    };
    let actual: String = Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect();
    bool::from(actual.as_bytes().ct_eq(claimed.to_ascii_lowercase().as_bytes()))
}

/// The first value of a query parameter of `url`, decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The spellings of `url` Twilio may have signed, without duplicates: as given and WHATWG
/// serialized, each with the port removed and with the scheme's default port added.
pub fn candidate_urls(url: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(4);
    let mut push = |u: String| {
        if !out.contains(&u) {
            out.push(u);
        }
    };
    match UrlParts::parse(url) {
        None => push(url.to_owned()),
        Some(parts) => {
            for spelling in [parts.clone(), parts.whatwg()] {
                push(spelling.without_port());
                push(spelling.with_port());
            }
        }
    }
    out
}

/// `scheme://[userinfo@]host[:port]rest`, split without decoding anything.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UrlParts {
    scheme: String,
    userinfo: Option<String>,
    host: String,
    port: Option<String>,
    /// Path, query and fragment, verbatim.
    rest: String,
}

impl UrlParts {
    fn parse(url: &str) -> Option<Self> {
        let (scheme, after) = url.split_once("://")?;
        if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
            return None;
        }
        let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(authority_end);
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((user, hp)) => (Some(user.to_owned()), hp),
            None => (None, authority),
        };
        let (host, port) = split_host_port(hostport);
        if host.is_empty() {
            return None;
        }
        Some(Self {
            scheme: scheme.to_owned(),
            userinfo,
            host: host.to_owned(),
            port: port.map(str::to_owned),
            rest: rest.to_owned(),
        })
    }

    fn default_port(&self) -> Option<&'static str> {
        match self.scheme.to_ascii_lowercase().as_str() {
            "https" => Some("443"),
            "http" => Some("80"),
            _ => None,
        }
    }

    fn render(&self, port: Option<&str>) -> String {
        let mut s = format!("{}://", self.scheme);
        if let Some(user) = &self.userinfo {
            s.push_str(user);
            s.push('@');
        }
        s.push_str(&self.host);
        if let Some(port) = port {
            s.push(':');
            s.push_str(port);
        }
        s.push_str(&self.rest);
        s
    }

    fn without_port(&self) -> String {
        self.render(None)
    }

    /// The URL with its explicit port, or with the scheme's default one added.
    fn with_port(&self) -> String {
        self.render(self.port.as_deref().or(self.default_port()))
    }

    /// What a WHATWG URL parser (Node's `new URL`) would make of it: lower-case scheme and ASCII
    /// host, `/` for an empty path, and characters outside the URL code points percent-encoded
    /// (non-ASCII, spaces, quotes and angle brackets; `'` in the query of http(s) URLs).
    fn whatwg(&self) -> Self {
        let (before_fragment, fragment) = match self.rest.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (self.rest.as_str(), None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (before_fragment, None),
        };
        let mut rest = if path.is_empty() {
            "/".to_owned()
        } else {
            percent_encode(path, b" \"<>`{}")
        };
        if let Some(query) = query {
            rest.push('?');
            rest.push_str(&percent_encode(query, b" \"#<>'"));
        }
        if let Some(fragment) = fragment {
            rest.push('#');
            rest.push_str(&percent_encode(fragment, b" \"<>`"));
        }
        let port = self.port.clone().filter(|p| Some(p.as_str()) != self.default_port());
        Self {
            scheme: self.scheme.to_ascii_lowercase(),
            userinfo: self.userinfo.clone(),
            host: self.host.to_ascii_lowercase(),
            port,
            rest,
        }
    }
}

/// Splits `host[:port]`, minding IPv6 literals (`[::1]:8080`). An empty port counts as none.
fn split_host_port(hostport: &str) -> (&str, Option<&str>) {
    let colon = if hostport.starts_with('[') {
        hostport
            .find(']')
            .and_then(|end| hostport[end..].find(':').map(|c| end + c))
    } else {
        hostport.rfind(':')
    };
    match colon {
        Some(i) => {
            let port = &hostport[i + 1..];
            (&hostport[..i], Some(port).filter(|p| !p.is_empty()))
        }
        None => (hostport, None),
    }
}

/// Percent-encodes control characters, non-ASCII bytes and the ASCII bytes in `extra`.
fn percent_encode(s: &str, extra: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if !(0x20..0x7f).contains(&b) || extra.contains(&b) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_canonical_example_signs_as_twilio_documents() {
        let p = params(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]);
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(compute_signature("12345", url, &p), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assert!(is_valid(
            "12345",
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            url,
            SignedContent::Form(&p)
        ));
        assert!(!is_valid(
            "12346",
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            url,
            SignedContent::Form(&p)
        ));
        assert!(!is_valid("12345", "", url, SignedContent::Form(&p)));
    }

    #[test]
    fn port_variants_cover_add_and_remove() {
        assert_eq!(
            candidate_urls("https://a.example/x?q=1"),
            ["https://a.example/x?q=1", "https://a.example:443/x?q=1"]
        );
        assert_eq!(
            candidate_urls("http://u:p@a.example:8080/x"),
            ["http://u:p@a.example/x", "http://u:p@a.example:8080/x"]
        );
        assert_eq!(
            candidate_urls("https://[::1]:8443/x"),
            ["https://[::1]/x", "https://[::1]:8443/x"]
        );
        assert_eq!(candidate_urls("not a url"), ["not a url"]);
    }

    #[test]
    fn whatwg_spelling_encodes_what_node_encodes() {
        let urls = candidate_urls("https://A.example/p?Body=It's+ok");
        assert!(
            urls.contains(&"https://a.example/p?Body=It%27s+ok".to_owned()),
            "{urls:?}"
        );
        let urls = candidate_urls("https://a.example?x=é");
        assert!(urls.contains(&"https://a.example/?x=%C3%A9".to_owned()), "{urls:?}");
    }

    #[test]
    fn json_bodies_are_bound_by_their_hash() {
        let body = br#"{"property": "value", "boolean": true}"#;
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        let sig = compute_signature("12345", url, &[]);
        assert!(is_valid("12345", &sig, url, SignedContent::Body(body)));
        assert!(
            !is_valid("12345", &sig, url, SignedContent::Body(b"{}")),
            "other body, same URL"
        );
    }
}

//! Twilio's webhook parameters as they arrive: `application/x-www-form-urlencoded` pairs in the
//! body of a POST, or in the query string of a GET. Kept as pairs (names may repeat, and Twilio
//! adds parameters without notice), read by name, converted to core types by the callers.

/// Decoded parameters of one webhook, in the order received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormParams(pub Vec<(String, String)>);

impl FormParams {
    /// Decodes a form body (or a query string): `+` is a space, `%XX` a byte; invalid UTF-8
    /// becomes U+FFFD, which then fails the signature rather than passing silently.
    pub fn parse(encoded: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(encoded)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first non-blank value among `names` (Twilio repeats some values under legacy names).
    pub fn first_of(&self, names: &[&str]) -> Option<&str> {
        names.iter().filter_map(|n| self.get(n)).find(|v| !v.trim().is_empty())
    }

    /// The pairs, for signing.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_decode_plus_and_percent() {
        let p = FormParams::parse(b"Body=caf%C3%A9+au+lait&To=%2B14165550100&Body=second&Empty=");
        assert_eq!(p.get("Body"), Some("café au lait"));
        assert_eq!(p.get("To"), Some("+14165550100"));
        assert_eq!(p.get("Empty"), Some(""));
        assert_eq!(p.first_of(&["Empty", "To"]), Some("+14165550100"));
        assert_eq!(p.pairs().len(), 4);
    }
}

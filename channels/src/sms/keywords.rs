//! The keywords carriers require every SMS program to honour (CTIA; Twilio's defaults), in the
//! languages Ontario's carriers and Twilio recognise: opting out, opting back in, asking for help.
//!
//! Only a message that *is* the keyword counts: "STOP", " stop. ", "Arrêt!" and "opt out" do;
//! "Stop calling my mom" does not, since someone in distress may well start a sentence that way.
//! Matching ignores case, accents, surrounding spaces and punctuation, and one space, hyphen or
//! underscore inside the word ("OPT-OUT", "opt out" as CTIA lists it, "stop all").

/// What a keyword asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SmsKeyword {
    /// Stop all messages to this number (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE,
    /// OPTOUT, ARRET, PARAR).
    OptOut,
    /// Resume messages (START, UNSTOP, YES). "YES" resumes only a contact who is opted out;
    /// otherwise it is an ordinary answer: the caller decides, [`is_conditional_opt_in`] tells.
    OptIn,
    /// What is this and how do I stop it (HELP, INFO, AIDE).
    Help,
}

/// Opt-out words, upper case without accents.
const OPT_OUT: &[&str] = &[
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
    "ARRET",
    "PARAR",
];

/// Opt-in words.
const OPT_IN: &[&str] = &["START", "UNSTOP", "YES"];

/// Help words.
const HELP: &[&str] = &["HELP", "INFO", "AIDE"];

/// The English HELP answer carriers require: who we are, that it is free, how to stop. The
/// dialogue localizes it; this is the default.
pub const HELP_REPLY_EN: &str = "211 Ontario: free, confidential help finding community services. Reply STOP to stop messages. In danger? Call 911.";

/// The keyword class of a whole message, or `None` when the message is anything else.
pub fn classify_keyword(body: &str) -> Option<SmsKeyword> {
    let word = normalize(body)?;
    let class = if OPT_OUT.contains(&word.as_str()) {
        SmsKeyword::OptOut
    } else if OPT_IN.contains(&word.as_str()) {
        SmsKeyword::OptIn
    } else if HELP.contains(&word.as_str()) {
        SmsKeyword::Help
    } else {
        return None;
    };
    Some(class)
}

/// True for an opt-in word that only means "opt in" from an opted-out contact ("YES"): to
/// anyone else it is an answer to the dialogue's question.
pub fn is_conditional_opt_in(body: &str) -> bool {
    normalize(body).as_deref() == Some("YES")
}

/// The message as one upper-case, accent-free word, or `None` if it is not one word.
fn normalize(body: &str) -> Option<String> {
    let core = body.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() || core.chars().count() > 16 {
        return None;
    }
    let mut word = String::with_capacity(core.len());
    let mut separators = 0;
    for c in core.chars() {
        if matches!(c, ' ' | '-' | '_') {
            separators += 1;
            if separators > 1 {
                return None;
            }
            continue;
        }
        if !c.is_alphabetic() {
            return None;
        }
        word.extend(c.to_uppercase().map(strip_accent));
    }
    Some(word)
}

/// The base letter of an accented Latin capital (Ê -> E), for ARRÊT and its spellings.
fn strip_accent(c: char) -> char {
    match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'Ç' => 'C',
        'Ñ' => 'N',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_reply_fits_one_gsm_segment() {
        let info = crate::sms::segments::segments(HELP_REPLY_EN);
        assert_eq!(info.encoding, crate::sms::segments::SmsEncoding::Gsm7);
        assert_eq!(info.segments, 1, "{info:?}");
    }

    #[test]
    fn yes_is_the_conditional_opt_in() {
        assert!(is_conditional_opt_in(" yes! "));
        assert!(!is_conditional_opt_in("START"));
        assert!(!is_conditional_opt_in("yes please"));
    }
}

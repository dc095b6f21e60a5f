//! GSM-7 / UCS-2 detection, segment counts (every line of `fixtures/sms_segments.jsonl`), and
//! cutting long replies into texts that fit.

use frontdoor_channels::sms::segments::{body_chars, TRUNCATION_MARK};
use frontdoor_channels::sms::{segments, split_for_sms, truncate_politely, SmsEncoding, MAX_BODY_CHARS};
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn every_segment_case_counts_as_listed() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sms_segments.jsonl");
    let text = std::fs::read_to_string(&path).expect("segment fixture");
    let mut wrong = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("JSON line");
        let info = segments(case["text"].as_str().expect("text"));
        let encoding = match info.encoding {
            SmsEncoding::Gsm7 => "gsm7",
            SmsEncoding::Ucs2 => "ucs2",
        };
        let got = (encoding, info.units as u64, info.segments as u64);
        let want = (
            case["encoding"].as_str().unwrap_or_default(),
            case["units"].as_u64().unwrap_or_default(),
            case["segments"].as_u64().unwrap_or_default(),
        );
        if got != want {
            wrong.push(format!("{}: expected {want:?}, got {got:?}", case["case"]));
        }
    }
    assert!(wrong.is_empty(), "wrong counts:\n{}", wrong.join("\n"));
}

/// A reply as the dialogue writes them: referrals on their own lines.
fn referrals(n: usize) -> String {
    let mut text = String::from("Here are food banks near you:");
    for i in 1..=n {
        text.push_str(&format!(
            "\n{i}. Community Food Bank {i}, 123 Main St, Toronto. Call 416-555-01{i:02}. Open Mon-Fri 9-5."
        ));
    }
    text.push_str("\nReply MORE for more, or PERSON to talk to someone.");
    text
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

#[test]
fn a_reply_that_fits_is_left_alone() {
    assert_eq!(split_for_sms("Hello, how can we help?", 1), ["Hello, how can we help?"]);
    assert_eq!(split_for_sms("  padded  ", 3), ["padded"]);
    assert!(split_for_sms("", 3).is_empty());
}

#[test]
fn long_replies_break_at_line_ends_and_keep_every_word() {
    let text = referrals(6);
    for max in [1, 2, 3] {
        let parts = split_for_sms(&text, max);
        assert!(parts.len() > 1, "{max}: {parts:?}");
        for part in &parts {
            let info = segments(part);
            assert!(info.segments <= max, "{max}: {info:?} {part:?}");
            assert!(!part.starts_with(char::is_whitespace) && !part.ends_with(char::is_whitespace));
        }
        assert_eq!(
            words(&parts.join(" ")),
            words(&text),
            "{max}: nothing lost or reordered"
        );
    }
    // With room for it, each referral line arrives whole.
    for part in split_for_sms(&text, 2) {
        for line in part.lines() {
            assert!(text.lines().any(|l| l == line), "line cut: {line:?}");
        }
    }
}

#[test]
fn a_long_paragraph_breaks_at_sentence_ends() {
    let sentence = "We could not find a shelter with free beds tonight in your area.";
    let text = [sentence; 6].join(" ");
    let parts = split_for_sms(&text, 1);
    for part in &parts {
        assert!(part.ends_with('.'), "{part:?}");
        assert!(segments(part).segments <= 1);
    }
    assert_eq!(words(&parts.join(" ")), words(&text));
}

#[test]
fn words_longer_than_a_segment_are_cut_as_a_last_resort() {
    let url = format!("https://example.org/{}", "a".repeat(400));
    let parts = split_for_sms(&url, 1);
    assert!(parts.len() >= 3);
    assert!(parts.iter().all(|p| segments(p).segments == 1));
    assert_eq!(parts.concat(), url);
}

#[test]
fn each_part_has_its_own_encoding() {
    let text = format!("{}\nMerci de votre patience 🙏", "Bonjour. ".repeat(30));
    let parts = split_for_sms(&text, 1);
    let encodings: Vec<SmsEncoding> = parts.iter().map(|p| segments(p).encoding).collect();
    assert!(encodings.contains(&SmsEncoding::Gsm7), "{parts:?}");
    assert_eq!(encodings.last(), Some(&SmsEncoding::Ucs2));
    assert!(parts.iter().all(|p| segments(p).segments <= 1));
}

#[test]
fn arabic_and_emoji_replies_split_into_ucs2_parts_that_fit() {
    let text = "نحن هنا لمساعدتك. يمكنك التحدث إلى شخص في أي وقت. 🙂 ".repeat(8);
    for max in [1, 3] {
        let parts = split_for_sms(&text, max);
        for part in &parts {
            let info = segments(part);
            assert_eq!(info.encoding, SmsEncoding::Ucs2);
            assert!(info.segments <= max, "{info:?}");
        }
        assert_eq!(words(&parts.join(" ")), words(&text));
    }
}

#[test]
fn zero_segments_means_one() {
    let text = referrals(2);
    assert_eq!(split_for_sms(&text, 0), split_for_sms(&text, 1));
}

#[test]
fn replies_are_capped_at_1600_characters_politely() {
    let text = referrals(40);
    assert!(body_chars(&text) > MAX_BODY_CHARS);
    let capped = truncate_politely(&text, MAX_BODY_CHARS);
    assert!(body_chars(&capped) <= MAX_BODY_CHARS, "{}", body_chars(&capped));
    assert!(capped.ends_with(TRUNCATION_MARK));
    let kept = capped.trim_end_matches(TRUNCATION_MARK);
    assert!(text.starts_with(kept));
    assert!(text[kept.len()..].starts_with('\n'), "cut at a line end");
    assert_eq!(segments(&capped).encoding, SmsEncoding::Gsm7, "the mark keeps GSM-7");

    let parts = split_for_sms(&text, 3);
    let total: usize = parts.iter().map(|p| body_chars(p)).sum();
    assert!(total <= MAX_BODY_CHARS, "{total}");
    assert!(parts.last().is_some_and(|p| p.ends_with(TRUNCATION_MARK)));
    assert_eq!(truncate_politely("short", MAX_BODY_CHARS), "short");
}

#[test]
fn truncation_counts_emoji_as_two() {
    let text = "🙂".repeat(900);
    let capped = truncate_politely(&text, MAX_BODY_CHARS);
    assert!(body_chars(&capped) <= MAX_BODY_CHARS);
    assert!(capped.chars().filter(|&c| c == '🙂').count() >= 790);
}

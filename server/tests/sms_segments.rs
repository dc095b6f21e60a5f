//! Every dialogue text in every language, with typical values in its placeables, fits in three
//! SMS segments (GSM-7 or UCS-2, as the text needs), so a reply on SMS stays short and cheap.
//! The few that cannot (listed in [`SENT_IN_PARTS`]) are sent by SMS as several texts, each within
//! three segments, cut at sentence boundaries, the crisis reply's 911 and 9-8-8 in the first.

use frontdoor_channels::sms::segments;
use frontdoor_core::conversation::OutboundDraft;
use frontdoor_server::sms::{split_long_replies, MAX_SEGMENTS_PER_TEXT};

/// Texts too long for three UCS-2 segments without losing meaning: the crisis reply carries two
/// helpline names and numbers verbatim, and the capabilities list names all 18 kinds of help.
/// The SMS welcome is the welcome followed by the STOP notice carriers require.
const SENT_IN_PARTS: &[&str] = &["crisis", "capabilities", "welcome + welcome-sms-stop"];

fn sample(name: &str) -> String {
    match name {
        "hours" => "Mon-Fri from 08:00 to 22:00; Sat, Sun from 09:00 to 17:00".into(),
        "language" => "English".into(),
        "need" => "food".into(),
        "place" => "Scarborough".into(),
        "km" => "2.5".into(),
        "name" => "Riverside Community Food Bank".into(),
        "organization" => "Riverside Community Services".into(),
        "phone" => "+1 416 555-0123".into(),
        "address" => "1234 Kingston Road, Toronto, ON M1N 1P1".into(),
        "days" => "3".into(),
        "opens" => "08:00".into(),
        "closes" => "22:00".into(),
        "position" => "2".into(),
        "minutes" => "10".into(),
        "lines" => String::new(),
        _ => "x".into(),
    }
}

#[test]
fn every_dialogue_text_fits_in_three_sms_segments_or_is_sent_in_parts_that_do() {
    let texts = frontdoor_server::dialogs::texts().unwrap();
    let english_ids: Vec<String> = frontdoor_server::dialogs::LOCALES[0]
        .1
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim().to_owned()))
        .filter(|id| !id.starts_with('#') && !id.is_empty())
        .collect();
    assert!(english_ids.len() > 50);
    let names = [
        "hours",
        "language",
        "need",
        "place",
        "km",
        "name",
        "organization",
        "phone",
        "address",
        "days",
        "opens",
        "closes",
        "position",
        "minutes",
        "lines",
    ];
    let args: Vec<(&str, String)> = names.iter().map(|n| (*n, sample(n))).collect();
    let mut over = Vec::new();
    let mut in_parts = 0;
    for (lang, _, _) in frontdoor_server::dialogs::LOCALES {
        let tag = frontdoor_core::types::LanguageTag::parse(lang).unwrap();
        let mut sent: Vec<(String, String)> = english_ids
            .iter()
            .map(|id| {
                let text = if id == "crisis" {
                    texts.get(&tag, id, &[("lines", texts.get(&tag, "crisis-lines", &[]))])
                } else {
                    texts.get(&tag, id, &args)
                };
                (id.clone(), text)
            })
            .collect();
        let welcome = format!(
            "{} {}",
            texts.get(&tag, "welcome", &args),
            texts.get(&tag, "welcome-sms-stop", &[])
        );
        sent.push(("welcome + welcome-sms-stop".into(), welcome));
        for (id, text) in sent {
            let info = segments(&text);
            if info.segments <= MAX_SEGMENTS_PER_TEXT {
                continue;
            }
            if !SENT_IN_PARTS.contains(&id.as_str()) {
                over.push(format!(
                    "{lang} {id}: {} segments ({:?}, {} units)",
                    info.segments, info.encoding, info.units
                ));
                continue;
            }
            in_parts += 1;
            let parts = split_long_replies(vec![OutboundDraft::bot(text.clone())]);
            assert!(parts.len() > 1, "{lang} {id}: sent in parts");
            for part in &parts {
                let n = segments(&part.text).segments;
                assert!(
                    n <= MAX_SEGMENTS_PER_TEXT,
                    "{lang} {id}: a part of {n} segments: {:?}",
                    part.text
                );
            }
            let joined: String = parts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
            assert_eq!(
                joined, text,
                "{lang} {id}: cut at spaces between sentences, nothing lost"
            );
            if id == "crisis" {
                let first = &parts[0].text;
                assert!(
                    first.contains("911") && first.contains("9-8-8"),
                    "{lang}: the first crisis text gives 911 and 9-8-8: {first:?}"
                );
            }
        }
    }
    assert!(over.is_empty(), "texts over 3 SMS segments:\n{}", over.join("\n"));
    // 27 crisis and capabilities texts in UCS-2 languages, and some SMS welcomes, go in parts.
    assert!(in_parts <= 40, "{in_parts} texts sent in parts: shorten some");
}

//! Language identification: the rule table in `fixtures/langid_cases.tsv`, accuracy on lingua's
//! own test sentences (`../shared/data/langid/lingua_testdata_20lang_sample.csv`, skipped when
//! that folder is absent) and on the NLU test set, and a memory / speed probe (reported, not
//! asserted).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use frontdoor_core::types::LanguageTag;
use frontdoor_nlu::langid::{word_count, GuessSource, LanguageIdentifier};

fn langid() -> &'static LanguageIdentifier {
    static ID: OnceLock<LanguageIdentifier> = OnceLock::new();
    ID.get_or_init(LanguageIdentifier::new)
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lingua_sample_path() -> PathBuf {
    repo_root().join("../shared/data/langid/lingua_testdata_20lang_sample.csv")
}

/// One row of the lingua sample: language, kind (`sentences`, `word-pairs`, `single-words`), text.
struct Sample {
    lang: String,
    kind: String,
    text: String,
}

/// Reads `lang_iso639_1,kind,n_chars,text`; the text may be double-quoted with `""` escapes
/// (no row spans lines).
fn read_lingua_sample(path: &Path) -> Option<Vec<Sample>> {
    let raw = std::fs::read_to_string(path).ok()?;
    let mut rows = Vec::new();
    for line in raw.lines().skip(1).filter(|l| !l.is_empty()) {
        let mut parts = line.splitn(4, ',');
        let (Some(lang), Some(kind), Some(_), Some(text)) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            panic!("malformed lingua sample row: {line}");
        };
        let text = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => text.to_owned(),
        };
        rows.push(Sample {
            lang: lang.to_owned(),
            kind: kind.to_owned(),
            text,
        });
    }
    Some(rows)
}

/// Eval-set messages: (text, lang).
fn read_eval_set(name: &str) -> Vec<(String, String)> {
    let path = repo_root().join("eval-sets/nlu").join(name);
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("eval-set line is JSON");
            (
                v["text"].as_str().expect("text").to_owned(),
                v["lang"].as_str().expect("lang").to_owned(),
            )
        })
        .collect()
}

fn detected(text: &str) -> Option<String> {
    langid().identify(text, None).lang.map(|t| t.as_str().to_owned())
}

/// Accuracy per language and overall for one kind of sample.
fn accuracy_by_language(samples: &[&Sample]) -> (f64, BTreeMap<String, (usize, usize)>) {
    let mut per_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for s in samples {
        let entry = per_lang.entry(s.lang.clone()).or_default();
        entry.1 += 1;
        if detected(&s.text).as_deref() == Some(s.lang.as_str()) {
            entry.0 += 1;
        }
    }
    let (ok, n) = per_lang.values().fold((0, 0), |a, v| (a.0 + v.0, a.1 + v.1));
    (ok as f64 / n.max(1) as f64, per_lang)
}

#[test]
fn rule_table_cases_hold() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/langid_cases.tsv");
    let raw = std::fs::read_to_string(&path).expect("langid_cases.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in raw.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "langid_cases.tsv: want 4 columns in {line:?}");
        let conv = (cols[1] != "-").then(|| LanguageTag::parse(cols[1]).expect("conversation tag"));
        let want_lang = (cols[2] != "-").then_some(cols[2]);
        let want_source = match cols[3] {
            "Detected" => GuessSource::Detected,
            "ScriptRule" => GuessSource::ScriptRule,
            "ConversationFallback" => GuessSource::ConversationFallback,
            "Unknown" => GuessSource::Unknown,
            other => panic!("unknown source {other}"),
        };
        let guess = langid().identify(cols[0], conv.as_ref());
        n += 1;
        let got_lang = guess.lang.as_ref().map(LanguageTag::as_str);
        if got_lang != want_lang || guess.source != want_source || !(0.0..=1.0).contains(&guess.confidence) {
            failures.push(format!(
                "{:?} (conversation {}): want {want_lang:?} by {want_source:?}, got {got_lang:?} by {:?} ({:.2})",
                cols[0], cols[1], guess.source, guess.confidence
            ));
        }
    }
    assert!(n >= 30, "expected the whole case table, read {n} rows");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn short_messages_without_a_conversation_language_get_a_low_confidence_guess() {
    for text in ["ok", "hola", "merci", "kitchen table"] {
        let guess = langid().identify(text, None);
        assert!(guess.lang.is_some(), "{text:?} should get a best guess");
        assert!(
            guess.confidence <= frontdoor_nlu::langid::SHORT_MESSAGE_CONFIDENCE,
            "{text:?}: a one- or two-word guess must stay low, got {}",
            guess.confidence
        );
    }
}

#[test]
fn unsupported_scripts_ask_for_an_interpreter() {
    assert!(langid().identify("ሰላም እርዳታ እፈልጋለሁ", None).needs_interpreter());
    assert!(langid().identify("ᐊᐃᓐᖓᐃ ᐃᓄᒃᑎᑐᑦ", None).needs_interpreter());
    assert!(!langid().identify("I need food", None).needs_interpreter());
}

/// Languages from the gap list of docs/LANGUAGES.md: scripts of their own must ask for an
/// interpreter; what the others are read as is printed for the docs, not asserted.
#[test]
fn unrecognised_languages_ask_for_an_interpreter_or_are_reported() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/langid_unrecognised.tsv");
    let raw = std::fs::read_to_string(&path).expect("langid_unrecognised.tsv");
    for line in raw.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "langid_unrecognised.tsv: want 3 columns in {line:?}");
        let guess = langid().identify(cols[2], None);
        println!(
            "{:<15} -> {:?} ({:.2}, {:?}, script {:?})",
            cols[0],
            guess.lang.as_ref().map(LanguageTag::as_str),
            guess.confidence,
            guess.source,
            guess.script
        );
        assert_eq!(guess.needs_interpreter(), cols[1] == "yes", "{}: {guess:?}", cols[0]);
    }
}

#[test]
fn lingua_sample_sentences_are_identified() {
    let path = lingua_sample_path();
    let Some(samples) = read_lingua_sample(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let mut overall = BTreeMap::new();
    let mut table: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for kind in ["sentences", "word-pairs", "single-words"] {
        let of_kind: Vec<&Sample> = samples.iter().filter(|s| s.kind == kind).collect();
        let (acc, per_lang) = accuracy_by_language(&of_kind);
        overall.insert(kind, (acc, of_kind.len()));
        for (lang, (ok, n)) in per_lang {
            table
                .entry(lang)
                .or_default()
                .push(format!("{:.3}", ok as f64 / n as f64));
        }
    }
    println!("lang  sentences  word-pairs  single-words");
    for (lang, cols) in &table {
        println!("{lang:<5} {}", cols.join("      "));
    }
    for (kind, (acc, n)) in &overall {
        println!("{kind}: accuracy {acc:.4} over {n}");
    }
    let (sentences, _) = overall["sentences"];
    assert!(sentences >= 0.97, "sentence accuracy {sentences:.4} is below 0.97");
}

#[test]
fn eval_set_messages_of_four_words_or_more_are_identified() {
    let messages = read_eval_set("test.jsonl");
    let long: Vec<&(String, String)> = messages.iter().filter(|(t, _)| word_count(t) >= 4).collect();
    let mut per_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (text, lang) in &long {
        let got = detected(text);
        let entry = per_lang.entry(lang.as_str()).or_default();
        entry.1 += 1;
        if got.as_deref() == Some(lang.as_str()) {
            entry.0 += 1;
        } else {
            misses.push(format!("  {lang} -> {got:?}: {text}"));
        }
    }
    let ok: usize = per_lang.values().map(|v| v.0).sum();
    let acc = ok as f64 / long.len().max(1) as f64;
    println!("eval-sets/nlu/test.jsonl, 4+ words: {ok}/{} = {acc:.4}", long.len());
    for (lang, (ok, n)) in &per_lang {
        println!("  {lang}: {ok}/{n}");
    }
    println!("misses:\n{}", misses.join("\n"));
    assert!(
        acc >= 0.97,
        "language accuracy on 4+ word messages {acc:.4} is below 0.97"
    );
}

/// Runs [`memory_probe`] in a child process, so that other tests running in parallel do not
/// disturb its resident-memory and timing figures, and prints what it measured.
#[test]
fn memory_and_speed_are_reported() {
    let exe = std::env::current_exe().expect("test binary path");
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "memory_probe",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FRONTDOOR_LANGID_PROBE", "1")
        .output()
        .expect("run the probe");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "memory probe failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("rss after new"), "the probe printed no figures");
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Not a test on its own: the child process of [`memory_and_speed_are_reported`].
#[test]
#[ignore = "run by memory_and_speed_are_reported in a child process"]
fn memory_probe() {
    if std::env::var_os("FRONTDOOR_LANGID_PROBE").is_none() {
        return;
    }
    let messages = read_eval_set("test.jsonl");
    let samples = read_lingua_sample(&lingua_sample_path()).unwrap_or_default();
    let before = rss_mb();
    let started = Instant::now();
    let id = LanguageIdentifier::new();
    let build = started.elapsed();
    let after_new = rss_mb();
    println!("rss before {before:.1} MB, rss after new {after_new:.1} MB, built in {build:.2?}");

    let time = |label: &str, texts: Vec<&str>| {
        if texts.is_empty() {
            return;
        }
        let started = Instant::now();
        for t in &texts {
            std::hint::black_box(id.identify(t, None));
        }
        let per_call = started.elapsed() / texts.len() as u32;
        println!("{label}: {} calls, {per_call:.2?} per identify", texts.len());
    };
    time("eval-set messages", messages.iter().map(|(t, _)| t.as_str()).collect());
    for kind in ["sentences", "word-pairs", "single-words"] {
        time(
            kind,
            samples
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.text.as_str())
                .collect(),
        );
    }
    println!("rss after all calls {:.1} MB", rss_mb());
}

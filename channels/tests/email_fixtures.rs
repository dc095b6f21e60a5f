//! Reply stripping against every fixture of three reference parsers in the team's shared data
//! folder (`../shared/data/email`, see its SOURCES.md): GitHub's email_reply_parser (Ruby),
//! willdurand's EmailReplyParser (PHP) and mailgun's talon (Python). Nothing from the fixtures
//! is copied here: the test reads the files and turns each source's own way of stating
//! expectations into checks on what `frontdoor email strip` prints.
//!
//! - GitHub and willdurand state assertions on *fragments* (quoted, signature, hidden). A
//!   fragment that is visible and not quoted must appear in our text; a hidden one (signature,
//!   trailing quote) must not; quoted-but-visible fragments (inline quotes) may go either way,
//!   since we keep only new text. Where a test gives no `hidden` list, fragment 0 is the visible
//!   reply and later fragments are the history, as in each of those upstream tests. A fragment
//!   count of one means nothing may be removed. `parse_reply`/`getVisibleText` equalities are
//!   exact. willdurand's `COMMON_FIRST_FRAGMENT` (not in expected.json) is, in every fixture
//!   that uses it, the fixture's first paragraph, so it is taken from there.
//! - talon's quotation cases and standard replies state `extract_from_plain` output, which
//!   removes quotes but not signatures: they check the first stage, [`strip_quotes`]. Its
//!   signature fixtures (`*_body`/`*_signature`/`*_sender`, and `#sig#`/`#reply#` marked lines)
//!   check [`new_text`]. Its HTML replies are checked, whitespace removed, against the reply
//!   its `html_quotations_test.py` expects.
//!
//! Text is compared line by line, ignoring blank lines and trailing spaces. The test prints the
//! pass rate per source and overall, and fails below 95%.

use frontdoor_channels::email::html::html_to_text;
use frontdoor_channels::email::{body_text, new_text, strip_file, strip_quotes, SenderHints};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const REQUIRED_PASS_RATE: f64 = 0.95;

/// The reply talon's `html_quotations_test.py` expects from every file in `html_replies/`, and
/// from its two named HTML fixtures (compared with all whitespace removed).
const TALON_HTML_REPLY: &str = "Hi. I am fine.\n\nThanks,\nAlex";
const TALON_HTML_NAMED: &[(&str, &str)] = &[
    ("OLK_SRC_BODY_SECTION.html", "Reply"),
    ("reply-separated-by-hr.html", "Hi there"),
];

#[derive(Debug)]
enum Check {
    Exact(String),
    Contains(String),
    Absent(String),
    Matches(Regex),
    NoMatch(Regex),
    /// Nothing may be removed.
    Whole,
    /// Stripping finishes within this long.
    Fast(Duration),
}

struct Outcome {
    source: &'static str,
    case: String,
    failures: Vec<String>,
}

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/email");
    dir.is_dir().then_some(dir)
}

fn normalize(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_checks(input: &str, output: &str, checks: &[Check], elapsed: Duration) -> Vec<String> {
    let got = normalize(output);
    let mut failures = Vec::new();
    for check in checks {
        let ok = match check {
            Check::Exact(want) => got == normalize(want),
            Check::Contains(want) => got.contains(&normalize(want)),
            Check::Absent(unwanted) => !got.contains(&normalize(unwanted)),
            Check::Matches(re) => re.is_match(output),
            Check::NoMatch(re) => !re.is_match(output),
            Check::Whole => got == normalize(input),
            Check::Fast(limit) => elapsed < *limit,
        };
        if !ok {
            failures.push(format!("{check:?} failed; got {got:?}"));
        }
    }
    failures
}

// ---------------------------------------------------------------------------------------------
// Reading the Ruby and PHP assertions.

/// Unescapes a Ruby or PHP string literal body (`\n`, `\"`, `\\`, `\t`); single-quoted PHP keeps
/// other backslashes.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn ruby_regex(body: &str) -> Option<Regex> {
    Regex::new(&format!("(?m){body}")).ok()
}

/// Fragment facts gathered from a test's assertions.
#[derive(Default)]
struct Fragments {
    hidden: Option<Vec<bool>>,
    quoted: Option<Vec<bool>>,
    hidden_one: HashMap<usize, bool>,
    quoted_one: HashMap<usize, bool>,
    /// (fragment, content, is regex)
    content: Vec<(usize, String, bool)>,
    contains_not: Vec<String>,
}

impl Fragments {
    /// Whether fragment `i` is hidden, when the test says or its own assertions show it: a later
    /// fragment asserted to start with a reply header, a quote or a footer rule is history.
    fn hidden(&self, i: usize) -> Option<bool> {
        let stated = self
            .hidden_one
            .get(&i)
            .copied()
            .or_else(|| self.hidden.as_ref().and_then(|h| h.get(i).copied()));
        let looks_like_history = || {
            self.content
                .iter()
                .any(|(j, c, is_re)| *j == i && *is_re && ["^On", "^>", "^_", "^-"].iter().any(|p| c.starts_with(p)))
        };
        stated.or(if i == 0 {
            Some(false)
        } else {
            looks_like_history().then_some(true)
        })
    }

    fn quoted(&self, i: usize) -> bool {
        self.quoted_one
            .get(&i)
            .copied()
            .or_else(|| self.quoted.as_ref().and_then(|q| q.get(i).copied()))
            .unwrap_or(false)
    }

    fn checks(&self) -> Vec<Check> {
        let mut checks = Vec::new();
        for (i, content, is_regex) in &self.content {
            let Some(hidden) = self.hidden(*i) else {
                continue; // the test does not say whether this fragment is shown
            };
            if !hidden && self.quoted(*i) {
                continue; // an inline quote: we may drop it
            }
            if *is_regex {
                let Some(re) = ruby_regex(content) else { continue };
                checks.push(if hidden { Check::NoMatch(re) } else { Check::Matches(re) });
            } else if !content.trim().is_empty() {
                checks.push(if hidden {
                    Check::Absent(content.clone())
                } else {
                    Check::Contains(content.clone())
                });
            }
        }
        for unwanted in &self.contains_not {
            checks.push(Check::Absent(unwanted.clone()));
        }
        checks
    }
}

fn bools(list: &str) -> Vec<bool> {
    list.split(',').map(|b| b.trim() == "true").collect()
}

/// Checks from one GitHub test's Ruby body; the fixture name it reads, if any.
fn github_checks(code: &str) -> (Vec<Check>, Option<String>, Option<String>) {
    let mut checks = Vec::new();
    let mut frags = Fragments::default();
    let fixture = Regex::new(r#"join\("(\w+)\.txt"\)|email[ (]*[:"](\w+)"?"#)
        .unwrap()
        .captures(code)
        .and_then(|c| c.get(1).or(c.get(2)))
        .map(|m| m.as_str().to_owned());
    let mut literal_input = None;
    let assign = Regex::new(r#"(?s)(\w+) = "((?:[^"\\]|\\.)*)""#).unwrap();
    let vars: HashMap<String, String> = assign
        .captures_iter(code)
        .map(|c| (c[1].to_owned(), unescape(&c[2])))
        .collect();
    let parse_reply =
        Regex::new(r#"(?s)assert_equal\s+"((?:[^"\\]|\\.)*)",\s*EmailReplyParser\.parse_reply\((\w+)\)"#).unwrap();
    for c in parse_reply.captures_iter(code) {
        checks.push(Check::Exact(unescape(&c[1])));
        if &c[2] != "body" {
            literal_input = vars.get(&c[2]).cloned();
        }
    }
    let by_name = Regex::new(r"assert_equal\s+(\w+),\s*EmailReplyParser\.parse_reply\((\w+)\)").unwrap();
    for c in by_name.captures_iter(code) {
        if let (Some(want), Some(input)) = (vars.get(&c[1]), vars.get(&c[2])) {
            checks.push(Check::Exact(want.clone()));
            literal_input = Some(input.clone());
        }
    }
    let map =
        Regex::new(r"assert_equal\s+\[([^\]]*)\],\s*reply\.fragments\.map \{ \|f\| f\.(hidden|quoted)\? \}").unwrap();
    for c in map.captures_iter(code) {
        match &c[2] {
            "hidden" => frags.hidden = Some(bools(&c[1])),
            _ => frags.quoted = Some(bools(&c[1])),
        }
    }
    let matches = Regex::new(
        r#"assert_match[ (]*(?:/((?:[^/\\]|\\.)*)/|"((?:[^"\\]|\\.)*)"),\s*reply\.fragments\[(\d+)\]\.to_s"#,
    )
    .unwrap();
    for c in matches.captures_iter(code) {
        let i = c[3].parse().unwrap();
        match (c.get(1), c.get(2)) {
            (Some(re), _) => frags.content.push((i, re.as_str().to_owned(), true)),
            (_, Some(s)) => frags.content.push((i, unescape(s.as_str()), false)),
            _ => {}
        }
    }
    let equals = Regex::new(r#"(?s)assert_equal\s+"((?:[^"\\]|\\.)*)",\s*reply\.fragments\[(\d+)\]\.to_s"#).unwrap();
    for c in equals.captures_iter(code) {
        frags.content.push((c[2].parse().unwrap(), unescape(&c[1]), false));
    }
    if Regex::new(r"assert_equal 1, reply\.fragments\.size")
        .unwrap()
        .is_match(code)
    {
        checks.push(Check::Whole);
    }
    if code.contains("Time.now - t0) < 1") || code.contains("Timeout.timeout(1)") {
        checks.push(Check::Fast(Duration::from_secs(1)));
    }
    checks.extend(frags.checks());
    (checks, fixture, literal_input)
}

/// Checks from one willdurand test's PHP assertions, for its first fixture.
fn willdurand_checks(assertions: &[String], fixture_text: &str) -> Vec<Check> {
    let code = assertions.join("\n");
    let mut checks = Vec::new();
    let mut frags = Fragments::default();
    let string = r#"(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")"#;
    let literal = |c: &regex::Captures<'_>, a: usize, b: usize| -> String {
        match (c.get(a), c.get(b)) {
            (Some(single), _) => single.as_str().replace("\\'", "'").replace("\\\\", "\\"),
            (_, Some(double)) => unescape(double.as_str()),
            _ => String::new(),
        }
    };
    let exact = Regex::new(&format!(
        r"assertEquals\({string},\s*(?:EmailReplyParser::parseReply\(\$body\)|\$email->getVisibleText\(\))\)"
    ))
    .unwrap();
    for c in exact.captures_iter(&code) {
        checks.push(Check::Exact(literal(&c, 1, 2)));
    }
    let flag = Regex::new(r"assert(True|False)\(\$fragments\[(\d+)\]->is(Hidden|Quoted)\(\)\)").unwrap();
    for c in flag.captures_iter(&code) {
        let i: usize = c[2].parse().unwrap();
        let value = &c[1] == "True";
        match &c[3] {
            "Hidden" => frags.hidden_one.insert(i, value),
            _ => frags.quoted_one.insert(i, value),
        };
    }
    let regex =
        Regex::new(r"assertMatchesRegularExpression\('/((?:[^'\\]|\\.)*)/',\s*\(string\) \$fragments\[(\d+)\]\)")
            .unwrap();
    for c in regex.captures_iter(&code) {
        frags
            .content
            .push((c[2].parse().unwrap(), c[1].replace("\\\\", "\\"), true));
    }
    let equals = Regex::new(&format!(r"assertEquals\({string},\s*\(string\) \$fragments\[(\d+)\]\)")).unwrap();
    for c in equals.captures_iter(&code) {
        frags.content.push((c[3].parse().unwrap(), literal(&c, 1, 2), false));
    }
    let contains = Regex::new(&format!(
        r"assertString(Not)?ContainsString\({string},\s*\$fragments\[(\d+)\]\)"
    ))
    .unwrap();
    for c in contains.captures_iter(&code) {
        let text = literal(&c, 2, 3);
        if c.get(1).is_some() {
            frags.contains_not.push(text);
        } else {
            frags.content.push((c[4].parse().unwrap(), text, false));
        }
    }
    if code.contains("COMMON_FIRST_FRAGMENT, trim($fragments[0])") {
        let first_paragraph = fixture_text.replace("\r\n", "\n");
        let first_paragraph = first_paragraph.split("\n\n").next().unwrap_or_default().to_owned();
        checks.push(Check::Exact(first_paragraph));
    }
    if Regex::new(r"assertCount\(1, \$(?:fragments|email->getFragments\(\))\)")
        .unwrap()
        .is_match(&code)
    {
        checks.push(Check::Whole);
    }
    checks.extend(frags.checks());
    checks
}

// ---------------------------------------------------------------------------------------------
// Sources.

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).into_owned()
}

fn timed(f: impl FnOnce() -> String) -> (String, Duration) {
    let started = Instant::now();
    let out = f();
    (out, started.elapsed())
}

fn github(dir: &Path, outcomes: &mut Vec<Outcome>, unscored: &mut Vec<String>) {
    let root = dir.join("github_email_reply_parser");
    let expected: serde_json::Value = serde_json::from_str(&read(&root.join("expected.json"))).unwrap();
    let mut used = std::collections::BTreeSet::new();
    for case in expected["cases"].as_array().unwrap() {
        let name = case["test"].as_str().unwrap().to_owned();
        let code = case["ruby_body"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let (checks, fixture, literal) = github_checks(&code);
        let fixture = fixture.filter(|f| root.join("fixtures").join(format!("{f}.txt")).is_file());
        let input = match (&literal, &fixture) {
            (Some(text), _) => text.clone(),
            (None, Some(f)) => {
                used.insert(format!("{f}.txt"));
                read(&root.join("fixtures").join(format!("{f}.txt")))
            }
            _ => {
                unscored.push(format!("github {name}: no fixture or literal input"));
                continue;
            }
        };
        if checks.is_empty() {
            unscored.push(format!("github {name}: no assertion about the visible text"));
            continue;
        }
        let (output, elapsed) = timed(|| strip_file(input.as_bytes()));
        outcomes.push(Outcome {
            source: "github",
            case: format!("{name} ({})", fixture.as_deref().unwrap_or("literal")),
            failures: run_checks(&input, &output, &checks, elapsed),
        });
    }
    for entry in std::fs::read_dir(root.join("fixtures")).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !used.contains(&file) {
            unscored.push(format!("github fixture {file}: no test asserts on it"));
        }
    }
}

fn willdurand(dir: &Path, outcomes: &mut Vec<Outcome>, unscored: &mut Vec<String>) {
    let root = dir.join("willdurand_email_reply_parser");
    let expected: serde_json::Value = serde_json::from_str(&read(&root.join("expected.json"))).unwrap();
    for case in expected["cases"].as_array().unwrap() {
        let name = case["test"].as_str().unwrap();
        let Some(fixture) = case["fixtures"]
            .as_array()
            .and_then(|f| f.first())
            .and_then(|f| f.as_str())
        else {
            unscored.push(format!("willdurand {name}: no fixture"));
            continue;
        };
        let path = root.join("fixtures").join(fixture);
        if !path.is_file() {
            unscored.push(format!("willdurand {name}: {fixture} is not in the shared folder"));
            continue;
        }
        let assertions: Vec<String> = case["php_assertions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
        let input = read(&path);
        let checks = willdurand_checks(&assertions, &input);
        if checks.is_empty() {
            unscored.push(format!("willdurand {name}: no assertion about the visible text"));
            continue;
        }
        let (output, elapsed) = timed(|| strip_file(input.as_bytes()));
        outcomes.push(Outcome {
            source: "willdurand",
            case: format!("{name} ({fixture})"),
            failures: run_checks(&input, &output, &checks, elapsed),
        });
    }
}

fn talon(dir: &Path, outcomes: &mut Vec<Outcome>) {
    let root = dir.join("talon");
    let mut push = |case: String, input: &str, output: &str, checks: Vec<Check>| {
        outcomes.push(Outcome {
            source: "talon",
            case,
            failures: run_checks(input, output, &checks, Duration::ZERO),
        });
    };
    let cases: serde_json::Value = serde_json::from_str(&read(&root.join("text_quotation_cases.json"))).unwrap();
    for (n, case) in cases["cases"].as_array().unwrap().iter().enumerate() {
        let input = case["input"].as_str().unwrap();
        let want = case["expected_reply"].as_str().unwrap();
        let name = format!("quotations #{n} {}", case["test"].as_str().unwrap());
        push(name, input, &strip_quotes(input), vec![Check::Exact(want.to_owned())]);
    }
    let standard: serde_json::Value =
        serde_json::from_str(&read(&root.join("standard_replies_expected.json"))).unwrap();
    for (file, want) in standard["expected_reply"].as_object().unwrap() {
        let raw = std::fs::read(root.join("fixtures/standard_replies").join(file)).unwrap();
        let message = mail_parser::MessageParser::default()
            .parse(&raw)
            .expect("an eml message");
        let plain = body_text(&message);
        let want = want.as_str().unwrap().to_owned();
        push(
            format!("standard reply {file}"),
            &plain,
            &strip_quotes(&plain),
            vec![Check::Exact(want)],
        );
    }
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut html_cases: Vec<(PathBuf, &str)> = std::fs::read_dir(root.join("fixtures/html_replies"))
        .unwrap()
        .map(|e| (e.unwrap().path(), TALON_HTML_REPLY))
        .collect();
    html_cases.sort();
    for (file, want) in TALON_HTML_NAMED {
        html_cases.push((root.join("fixtures").join(file), want));
    }
    for (path, want) in html_cases {
        let output = strip_quotes(&html_to_text(&read(&path)));
        let name = format!("html {}", path.file_name().unwrap().to_string_lossy());
        let ok = squash(&output) == squash(want);
        outcomes.push(Outcome {
            source: "talon",
            case: name,
            failures: if ok { vec![] } else { vec![format!("got {output:?}")] },
        });
    }
    let share = std::fs::read(root.join("fixtures/reply-quotations-share-block.eml")).unwrap();
    let out = strip_file(&share);
    outcomes.push(Outcome {
        source: "talon",
        case: "reply-quotations-share-block.eml".into(),
        failures: if !out.trim().is_empty() && !out.contains("From") {
            vec![]
        } else {
            vec![format!("expected non-empty text without From, got {out:?}")]
        },
    });
    signatures(&root.join("fixtures/signature/emails"), outcomes);
}

fn sender_hints(sender: &str) -> SenderHints<'_> {
    let sender = sender.trim();
    match sender {
        "" => SenderHints::default(),
        s if s.contains('@') => SenderHints {
            name: None,
            address: Some(s),
        },
        s => SenderHints {
            name: Some(s),
            address: None,
        },
    }
}

fn signatures(root: &Path, outcomes: &mut Vec<Outcome>) {
    let stripped = root.join("stripped");
    let mut bodies: Vec<PathBuf> = std::fs::read_dir(&stripped)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("_body"))
        .collect();
    bodies.sort();
    for body_path in bodies {
        let stem = body_path.to_string_lossy().trim_end_matches("_body").to_owned();
        let body = read(&body_path);
        let signature = std::fs::read_to_string(format!("{stem}_signature")).unwrap_or_default();
        let sender = std::fs::read_to_string(format!("{stem}_sender")).unwrap_or_default();
        let want = body
            .trim_end()
            .strip_suffix(signature.trim_end())
            .unwrap_or_else(|| panic!("{stem}: the signature ends the body"))
            .to_owned();
        let output = new_text(&body, sender_hints(&sender));
        outcomes.push(Outcome {
            source: "talon",
            case: format!("signature {}", body_path.file_name().unwrap().to_string_lossy()),
            failures: run_checks(&body, &output, &[Check::Exact(want)], Duration::ZERO),
        });
    }
    let marked = root.join("P");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&marked)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with("_sender"))
        .collect();
    files.sort();
    for path in files {
        let text = read(&path);
        let sender = std::fs::read_to_string(format!("{}_sender", path.to_string_lossy().trim_end_matches("_body")))
            .unwrap_or_default();
        let input: String = text
            .lines()
            .map(|l| l.trim_start_matches("#sig#").trim_start_matches("#reply#"))
            .collect::<Vec<_>>()
            .join("\n");
        let want: String = text
            .lines()
            .filter(|l| !l.starts_with("#sig#") && !l.starts_with("#reply#"))
            .collect::<Vec<_>>()
            .join("\n");
        let output = new_text(&input, sender_hints(&sender));
        outcomes.push(Outcome {
            source: "talon",
            case: format!("marked {}", path.file_name().unwrap().to_string_lossy()),
            failures: run_checks(&input, &output, &[Check::Exact(want)], Duration::ZERO),
        });
    }
}

#[test]
fn reply_stripping_passes_the_reference_parsers_fixtures() {
    let Some(dir) = data_dir() else {
        eprintln!(
            "SKIPPED: the shared data folder {} is absent",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/data/email")
                .display()
        );
        return;
    };
    let mut outcomes = Vec::new();
    let mut unscored = Vec::new();
    github(&dir, &mut outcomes, &mut unscored);
    willdurand(&dir, &mut outcomes, &mut unscored);
    talon(&dir, &mut outcomes);
    let mut per_source: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in &outcomes {
        let entry = per_source.entry(o.source).or_default();
        entry.1 += 1;
        if o.failures.is_empty() {
            entry.0 += 1;
        } else {
            eprintln!("FAIL {} {}:\n    {}", o.source, o.case, o.failures.join("\n    "));
        }
    }
    for note in &unscored {
        eprintln!("not scored: {note}");
    }
    let passed: usize = per_source.values().map(|(p, _)| p).sum();
    let total: usize = per_source.values().map(|(_, t)| t).sum();
    for (source, (p, t)) in &per_source {
        eprintln!("{source}: {p}/{t} passed ({:.1}%)", 100.0 * *p as f64 / *t as f64);
    }
    let rate = passed as f64 / total as f64;
    eprintln!("overall: {passed}/{total} passed ({:.1}%)", 100.0 * rate);
    assert!(
        total >= 100,
        "expected the shared fixtures to yield at least 100 cases, got {total}"
    );
    assert!(
        rate >= REQUIRED_PASS_RATE,
        "reply stripping passed {passed}/{total} fixture cases ({:.1}%), below {:.0}%",
        100.0 * rate,
        100.0 * REQUIRED_PASS_RATE
    );
}

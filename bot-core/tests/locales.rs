//! Every locale in `dialogs/` is complete: the same message ids as English, each using exactly
//! the placeables English uses, no parse errors, and keywords for every command.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use frontdoor_core::localization::{LocaleSource, Texts};
use frontdoor_core::types::LanguageTag;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn dialogs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dialogs")
}

fn locales() -> Vec<String> {
    let mut langs: Vec<String> = std::fs::read_dir(dialogs_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("main.ftl").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    langs
}

fn collect_variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            collect_expression(expression, out);
        }
    }
}

fn collect_expression(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => collect_inline(inline, out),
        Expression::Select { selector, variants } => {
            collect_inline(selector, out);
            for v in variants {
                collect_variables(&v.value, out);
            }
        }
    }
}

fn collect_inline(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => collect_expression(expression, out),
        _ => {}
    }
}

/// Message id -> the variables it uses.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let source = std::fs::read_to_string(dialogs_dir().join(lang).join("main.ftl")).unwrap();
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("dialogs/{lang}/main.ftl does not parse: {errors:?}"),
    };
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let Entry::Message(message) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &message.value {
                collect_variables(value, &mut vars);
            }
            out.insert(message.id.name.to_owned(), vars);
        }
    }
    out
}

#[test]
fn every_locale_has_every_message_with_the_same_placeables() {
    let english = messages("en");
    assert!(english.len() > 50, "English has {} messages", english.len());
    let mut problems = Vec::new();
    for lang in locales() {
        let theirs = messages(&lang);
        for (id, vars) in &english {
            match theirs.get(id) {
                None => problems.push(format!("{lang}: missing `{id}`")),
                Some(v) if v != vars => problems.push(format!("{lang}: `{id}` uses {v:?}, English uses {vars:?}")),
                _ => {}
            }
        }
        for id in theirs.keys().filter(|id| !english.contains_key(*id)) {
            problems.push(format!("{lang}: `{id}` is not an English message"));
        }
    }
    assert!(problems.is_empty(), "incomplete locales:\n{}", problems.join("\n"));
}

#[test]
fn every_locale_loads_with_its_keywords() {
    let dir = dialogs_dir();
    let sources: Vec<LocaleSource> = locales()
        .into_iter()
        .map(|lang| LocaleSource {
            lang: LanguageTag::parse(&lang).unwrap(),
            ftl: std::fs::read_to_string(dir.join(&lang).join("main.ftl")).unwrap(),
            keywords: std::fs::read_to_string(dir.join(&lang).join("keywords.toml")).unwrap(),
        })
        .collect();
    let names = std::fs::read_to_string(dir.join("languages.toml")).unwrap();
    let texts = Texts::new(&sources, &names).expect("all locales load");
    for source in &sources {
        let welcome = texts.get(&source.lang, "welcome", &[("hours", "24/7".into())]);
        assert!(
            welcome.contains("211"),
            "{}: the welcome names 211: {welcome}",
            source.lang
        );
        let crisis = texts.get(&source.lang, "crisis", &[("lines", String::new())]);
        assert!(
            crisis.contains("911") && crisis.contains("9-8-8"),
            "{}: crisis reply: {crisis}",
            source.lang
        );
        assert!(!welcome.contains('\u{2068}'), "no Unicode isolation marks in texts");
    }
}

#[test]
fn the_supported_languages_are_all_there() {
    let want = [
        "en", "fr", "es", "ar", "zh", "pa", "tl", "pt", "ta", "ur", "fa", "so", "uk", "ru", "vi", "ko", "hi", "it",
        "pl", "tr",
    ];
    let have = locales();
    let missing: Vec<_> = want.iter().filter(|l| !have.iter().any(|h| h == *l)).collect();
    assert!(missing.is_empty(), "locales missing from dialogs/: {missing:?}");
}

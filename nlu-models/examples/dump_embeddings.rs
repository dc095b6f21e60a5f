// TEMPORARY (helper scratch): dumps query embeddings of a JSONL set as raw f32 for exploration.
use std::io::Write;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let model = std::path::Path::new(&args[1]);
    let e5 = frontdoor_nlu::E5Embedder::load(model).unwrap();
    for pair in args[2..].chunks(2) {
        let text = std::fs::read_to_string(&pair[0]).unwrap();
        let texts: Vec<String> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["text"].as_str().unwrap().to_owned()
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
        let t0 = std::time::Instant::now();
        let mut out = std::fs::File::create(&pair[1]).unwrap();
        for chunk in refs.chunks(64) {
            let kind = if std::env::var("KIND").as_deref() == Ok("passage") {
                frontdoor_nlu::EmbedKind::Passage
            } else {
                frontdoor_nlu::EmbedKind::Query
            };
            for e in e5.embed(chunk, kind) {
                for x in e {
                    out.write_all(&x.to_le_bytes()).unwrap();
                }
            }
        }
        eprintln!("{} texts in {:?}", refs.len(), t0.elapsed());
    }
}

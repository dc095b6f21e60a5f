// TEMPORARY (helper scratch): what `frontdoor train nlu` will do.
use std::path::Path;
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let e5 = frontdoor_nlu::E5Embedder::load(&root.join("frontdoor-data/models/e5-small-q4.bin")).unwrap();
    let shared = root.join("../shared/data");
    let t0 = std::time::Instant::now();
    let (weights, report) = frontdoor_nlu::train::train_need_classifier(
        &e5,
        &root.join("eval-sets/nlu/train.jsonl"),
        &root.join("eval-sets/nlu/dev.jsonl"),
        shared.is_dir().then_some(shared.as_path()),
    )
    .unwrap();
    eprintln!("trained in {:?}", t0.elapsed());
    frontdoor_nlu::train::write_weights(&root.join(frontdoor_nlu::train::WEIGHTS_PATH), &weights).unwrap();
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}

// TEMPORARY (helper scratch): what `frontdoor eval nlu --set FILE --json` will do.
use std::path::Path;
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let set = std::env::args().nth(1).expect("set path");
    let tsv = std::fs::read_to_string(root.join("directory/data/places/ontario-places.tsv")).unwrap();
    let nlu = frontdoor_nlu::NluUnderstanding::load(
        &root.join("frontdoor-data/models/e5-small-q4.bin"),
        frontdoor_nlu::classifier::BUNDLED_WEIGHTS_JSON,
        &tsv,
    )
    .unwrap();
    let t0 = std::time::Instant::now();
    let out = frontdoor_nlu::eval_nlu(&nlu, Path::new(&set)).unwrap();
    eprintln!("eval in {:?}", t0.elapsed());
    println!("{}", serde_json::to_string(&out).unwrap());
}

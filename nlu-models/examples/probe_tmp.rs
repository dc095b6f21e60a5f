use std::time::Instant;
use frontdoor_nlu::*;
fn main() {
    let p = std::env::var("FRONTDOOR_MODEL_PATH").unwrap();
    let e5 = E5Embedder::load(std::path::Path::new(&p)).unwrap();
    for len in [2usize, 8, 16, 32, 64, 128] {
        let ids: Vec<u32> = (0..len).map(|i| if i == 0 { 0 } else if i == len - 1 { 2 } else { 100 + i as u32 }).collect();
        for _ in 0..10 { e5.embed_token_ids(&[ids.clone()]); }
        let mut v: Vec<f64> = (0..100).map(|_| { let t = Instant::now(); e5.embed_token_ids(&[ids.clone()]); t.elapsed().as_secs_f64()*1e3 }).collect();
        v.sort_by(|a,b| a.partial_cmp(b).unwrap());
        println!("{len:4} tokens: p50 {:.2} ms  ({:.3} ms/token)", v[50], v[50]/len as f64);
    }
}

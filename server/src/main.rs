//! The `frontdoor` binary: see `frontdoor --help`.

fn main() -> std::process::ExitCode {
    match frontdoor_server::cli::main() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("frontdoor: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

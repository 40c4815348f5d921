//! The `gwlint` binary: see the library's `cli` module.

fn main() -> std::process::ExitCode {
    gwlint::cli::main()
}

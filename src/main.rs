//! The `conferral` binary: parses arguments and hands them to the library (see `cli`).

mod cli;

use clap::Parser;

fn main() {
    let args = cli::args::Cli::parse();
    match cli::run(args.command) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("conferral: error: {e:#}");
            std::process::exit(2);
        }
    }
}

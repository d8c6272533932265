//! The `conferral` binary: parses arguments and hands them to the library.

mod cli;
mod commands;
mod signals;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    match commands::run(cli.command) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("conferral: error: {e:#}");
            std::process::exit(2);
        }
    }
}

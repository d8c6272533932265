//! The command line: argument types ([`args`]) and one file per subcommand. The only place
//! that uses `anyhow`; everything below it returns the library's typed errors.

pub mod args;
mod calibrate;
mod common;
mod courts;
mod crossval;
mod eval;
mod locate;
mod locate_train;
mod report;
mod score;
mod serve;
mod signals;
mod split;
mod synth;
mod train;

use anyhow::Result;

use args::Command;

pub fn run(cmd: Command) -> Result<i32> {
    match cmd {
        Command::Score(a) => score::score(a),
        Command::Locate(a) => locate::locate(a),
        Command::LocateTrain(a) => locate_train::train(a),
        Command::LocateEval(a) => locate_train::eval(a),
        Command::Train(a) => train::train(a),
        Command::Eval(a) => eval::eval(a),
        Command::Calibrate(a) => calibrate::calibrate(a),
        Command::Crossval(a) => crossval::crossval(a),
        Command::Synth(a) => synth::synth(a),
        Command::Split(a) => split::split(a),
        Command::Courts(a) => courts::courts(a),
        Command::Report(a) => report::report(a),
        Command::Serve(a) => serve::serve(a),
    }
}

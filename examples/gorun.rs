//! Runs a Go file on poolsim's VM natively, in virtual time, and prints what it wrote and its
//! exit status — the quickest way to try a program against `go run` while working on the
//! interpreter: `cargo run --release --example gorun -- prog.go`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: gorun prog.go");
        std::process::exit(2);
    };
    let src = match std::fs::read_to_string(&path) {
        Ok(src) => src,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    match poolsim::golang::run(&src, Default::default()) {
        Ok(outcome) => {
            print!("{}", outcome.stdout);
            eprint!("{}", outcome.stderr);
            std::process::exit(outcome.exit_code);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

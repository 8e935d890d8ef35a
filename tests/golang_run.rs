//! Go programs run on poolsim's VM in virtual time, against what real Go printed for them on
//! one P (`tests/go/run/expected.json`, recorded by `scripts/record-go-run.mjs`; the Go panel's
//! exported programs in `tests/go/export/`): the same stdout, exit status, crash message, and
//! goroutines in the report — their numbers, wait reasons, frames with their lines.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{go_export_disagreements, go_run_disagreements};

#[test]
fn each_program_prints_and_ends_as_go_does() {
    let problems = go_run_disagreements(include_str!("go/run/expected.json"));
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_exported_pool_programs_end_as_go_does() {
    let problems = go_export_disagreements();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_recorded_sources_are_the_programs_on_disk() {
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("go/run/expected.json")).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go/run");
    let mut on_disk = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "go") {
            on_disk += 1;
            let name = path.file_stem().unwrap().to_str().unwrap();
            let source = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                expected["cases"][name]["source"].as_str(),
                Some(source.as_str()),
                "{name}.go changed since it was recorded: run scripts/record-go-run.mjs"
            );
        }
    }
    assert_eq!(expected["cases"].as_object().unwrap().len(), on_disk);
}

fn run_with(src: &str, options: Options) -> poolsim::golang::vm::Outcome {
    poolsim::golang::run(src, options).expect("it compiles")
}

use poolsim::golang::vm::{Limit, Options};

#[test]
fn a_goroutine_that_never_blocks_is_stopped_by_the_wall_clock() {
    let src = "package main\n\nfunc main() {\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n";
    let started = std::time::Instant::now();
    let out = run_with(
        src,
        Options {
            wall_limit_ms: 200,
            ..Options::default()
        },
    );
    assert_eq!(out.limit, Some(Limit::WallTime), "{out:?}");
    assert_eq!(out.exit_code, 2);
    assert!(out.stderr.contains("0.2 s of real time"), "{}", out.stderr);
    // It stopped: well short of the default limit of 5 s.
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
}

#[test]
fn virtual_time_stops_at_its_limit() {
    let src = "package main\n\nimport \"time\"\n\nfunc main() {\n\ttime.Sleep(time.Hour)\n}\n";
    let out = run_with(
        src,
        Options {
            time_limit_ns: 1_000_000_000,
            ..Options::default()
        },
    );
    assert_eq!(out.limit, Some(Limit::VirtualTime), "{out:?}");
    assert_eq!(out.elapsed_ns, 1_000_000_000);
    assert!(out.stderr.contains("1 s of virtual time"), "{}", out.stderr);
    // Under the limit, the hour passes at once.
    let out = run_with(src, Options::default());
    assert_eq!((out.exit_code, out.limit), (0, None), "{out:?}");
    assert_eq!(out.elapsed_ns, 3_600_000_000_000);
}

#[test]
fn a_runaway_go_loop_is_stopped_at_the_goroutine_limit() {
    let src = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tfor {\n\t\tgo func() { ch <- 1 }()\n\t}\n}\n";
    let out = run_with(
        src,
        Options {
            max_goroutines: 1000,
            ..Options::default()
        },
    );
    assert_eq!(out.limit, Some(Limit::Goroutines), "{out:?}");
    assert_eq!(out.peak_goroutines, 1000);
    assert!(out
        .stderr
        .starts_with("program stopped: more than 1000 goroutines"));
}

#[test]
fn a_recursion_without_end_is_gos_stack_overflow() {
    let src =
        "package main\n\nfunc f(n int) int {\n\treturn f(n+1) + 1\n}\n\nfunc main() {\n\tf(0)\n}\n";
    let out = run_with(src, Options::default());
    assert_eq!(out.exit_code, 2);
    assert!(
        out.stderr.starts_with(
            "runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("main.f(...)\n\tprog.go:4"),
        "{}",
        out.stderr
    );
}

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
    let problems = go_export_disagreements(|name| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go/export");
        let source = std::fs::read_to_string(dir.join(format!("{name}.go"))).unwrap_or_default();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.json"))).ok()?;
        Some((source, expected))
    });
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

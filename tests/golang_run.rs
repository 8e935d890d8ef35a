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
fn the_valid_corpus_runs_as_go_ran_it() {
    // tests/go/valid: programs that use much of the language (a pool with select and context,
    // sort.Interface, type switches, recover), recorded running too.
    let problems = go_run_disagreements(include_str!("go/valid/outputs.json"));
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_exported_pool_programs_end_as_go_does() {
    let problems = go_export_disagreements();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_recorded_sources_are_the_programs_on_disk() {
    for (folder, json) in [
        ("tests/go/run", include_str!("go/run/expected.json")),
        ("tests/go/valid", include_str!("go/valid/outputs.json")),
    ] {
        let expected: serde_json::Value = serde_json::from_str(json).unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
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
                    "{folder}/{name}.go changed since it was recorded: run scripts/record-go-run.mjs"
                );
            }
        }
        assert_eq!(
            expected["cases"].as_object().unwrap().len(),
            on_disk,
            "{folder}"
        );
    }
}

fn run_with(src: &str, options: Options) -> poolsim::golang::vm::Outcome {
    poolsim::golang::run(src, options).expect("it compiles")
}

use poolsim::golang::vm::{Driver, Limit, Options};

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
fn a_program_that_keeps_allocating_is_stopped_at_the_memory_limit() {
    // Each way a program can take memory fast: an append loop, one huge make, a string that
    // doubles, appending a slice to itself, a huge repeat, a channel's huge buffer (Go allocates
    // it at make). The limit comes before the memory runs out.
    let programs = [
        "package main\n\nfunc main() {\n\tvar s []int\n\tfor {\n\t\ts = append(s, 1, 2, 3, 4)\n\t}\n}\n",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\ts := make([]int, 1<<40)\n\tfmt.Println(len(s))\n}\n",
        "package main\n\nfunc main() {\n\ts := \"ab\"\n\tfor {\n\t\ts += s\n\t}\n}\n",
        "package main\n\nfunc main() {\n\ts := []int{1}\n\tfor {\n\t\ts = append(s, s...)\n\t}\n}\n",
        "package main\n\nimport \"strings\"\n\nfunc main() {\n\t_ = strings.Repeat(\"x\", 1<<40)\n}\n",
        "package main\n\nfunc main() {\n\t_ = make(chan int, 1<<40)\n}\n",
    ];
    for src in programs {
        for driver in [Driver::Sim, Driver::Live { gomaxprocs: 2 }] {
            let out = run_with(
                src,
                Options {
                    driver,
                    max_memory_bytes: 64 << 20,
                    wall_limit_ms: 30_000,
                    ..Options::default()
                },
            );
            assert_eq!(
                (out.limit, out.exit_code),
                (Some(Limit::Memory), 2),
                "{driver:?} {src}\n{}",
                out.stderr
            );
            assert!(
                out.stderr
                    .starts_with("program stopped: it used more than 64 MB of memory (poolsim's limit)\n\ngoroutine 1 [running]:\nmain.main(...)"),
                "{}",
                out.stderr
            );
        }
    }
    // Memory given back is not counted against the limit: 100,000 slices of 64 values (some
    // 250 MB in all), one at a time, under half of that (other tests of this binary allocate
    // meanwhile, and count).
    let src = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tn := 0\n\tfor i := 0; i < 100000; i++ {\n\t\ts := make([]int, 64)\n\t\tn += len(s)\n\t}\n\tfmt.Println(n)\n}\n";
    let out = run_with(
        src,
        Options {
            max_memory_bytes: 128 << 20,
            ..Options::default()
        },
    );
    assert_eq!(
        (out.stdout.as_str(), out.limit),
        ("6400000\n", None),
        "{}",
        out.stderr
    );
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

#[test]
fn run_go_options_are_read_or_refused_by_name() {
    use poolsim::golang::RunOptions;
    let read = |json: &str| -> Result<Options, String> {
        let raw: RunOptions = serde_json::from_str(json).map_err(|e| format!("parse: {e}"))?;
        raw.options().map_err(|e| e.field.to_string())
    };
    let o = read(
        r#"{"seed": 7, "timeLimitMs": 1500, "wallLimitMs": 250, "maxGoroutines": 50, "maxEvents": 0}"#,
    )
    .unwrap();
    assert_eq!(
        (
            o.seed,
            o.time_limit_ns,
            o.wall_limit_ms,
            o.max_goroutines,
            o.max_events
        ),
        (7, 1_500_000_000, 250, 50, 0)
    );
    let d = read("{}").unwrap();
    let default = Options::default();
    assert_eq!(
        (d.seed, d.wall_limit_ms),
        (default.seed, default.wall_limit_ms)
    );
    assert!(read(r#"{"driver": "sim", "gomaxprocs": 1}"#).is_ok());
    let live = read(r#"{"driver": "live", "gomaxprocs": 3, "wallLimitMs": 900}"#).unwrap();
    assert_eq!(live.driver, Driver::Live { gomaxprocs: 3 });
    assert_eq!(live.wall_limit_ms, 900);
    assert_eq!(read("{}").unwrap().driver, Driver::Sim);
    for (json, field) in [
        (r#"{"driver": "fast"}"#, "driver"),
        (r#"{"gomaxprocs": 4}"#, "gomaxprocs"),
        (r#"{"driver": "live", "gomaxprocs": 0}"#, "gomaxprocs"),
        (r#"{"driver": "live", "gomaxprocs": 65}"#, "gomaxprocs"),
        (r#"{"driver": "live", "gomaxprocs": 2.5}"#, "gomaxprocs"),
        (r#"{"driver": "live", "timeLimitMs": 10}"#, "timeLimitMs"),
        (r#"{"seed": -1}"#, "seed"),
        (r#"{"seed": 1.5}"#, "seed"),
        (r#"{"timeLimitMs": 0}"#, "timeLimitMs"),
        (r#"{"wallLimitMs": 100000}"#, "wallLimitMs"),
        (r#"{"maxGoroutines": 0}"#, "maxGoroutines"),
        (r#"{"maxEvents": 5000000}"#, "maxEvents"),
        (r#"{"maxEvents": -1}"#, "maxEvents"),
        (r#"{"maxMemoryMb": 0}"#, "maxMemoryMb"),
        (r#"{"maxMemoryMb": 1024}"#, "maxMemoryMb"),
    ] {
        assert_eq!(read(json).err().as_deref(), Some(field), "{json}");
    }
    let unknown = read(r#"{"seeed": 1}"#).unwrap_err();
    assert!(unknown.contains("unknown field `seeed`"), "{unknown}");
}

#[test]
fn the_seed_changes_select_choices_and_rand_but_one_seed_repeats_itself() {
    let src = "package main\n\nimport (\n\t\"fmt\"\n\t\"math/rand\"\n)\n\nfunc main() {\n\ta, b := make(chan int, 64), make(chan int, 64)\n\tfor i := 0; i < 64; i++ {\n\t\ta <- i\n\t\tb <- i\n\t}\n\tpicks := \"\"\n\tfor i := 0; i < 64; i++ {\n\t\tselect {\n\t\tcase <-a:\n\t\t\tpicks += \"a\"\n\t\tcase <-b:\n\t\t\tpicks += \"b\"\n\t\t}\n\t}\n\tfmt.Println(picks, rand.Intn(1000))\n}\n";
    let with = |seed| {
        run_with(
            src,
            Options {
                seed,
                ..Options::default()
            },
        )
        .stdout
    };
    assert_eq!(with(1), with(1));
    assert_ne!(with(1), with(2));
    let picks = with(3);
    let a = picks.chars().filter(|c| *c == 'a').count();
    assert!((16..=48).contains(&a), "a roughly fair choice: {picks}");
}

/// The log's story, checked for one run: what could be wrong in it, if anything.
fn log_problem(name: &str, out: &poolsim::golang::vm::Outcome) -> Option<String> {
    use poolsim::golang::vm::log::Kind;
    use std::collections::{HashMap, HashSet};
    let mut created: HashSet<u32> = HashSet::from([1]);
    let mut exited: HashSet<u32> = HashSet::new();
    let mut blocked: HashMap<u32, bool> = HashMap::new();
    let mut chans: HashSet<u32> = HashSet::new();
    let mut last_at = 0;
    let mut printed = 0;
    for (i, e) in out.events.iter().enumerate() {
        let at = format!("{name}: event {i} {e:?}");
        if e.at_ns < last_at {
            return Some(format!("{at}: time went back"));
        }
        last_at = e.at_ns;
        if e.kind == Kind::GoCreated {
            if !created.insert(e.g) || !created.contains(&e.a) {
                return Some(format!(
                    "{at}: created twice, or by a goroutine never created"
                ));
            }
            continue;
        }
        if e.kind != Kind::Exit && e.kind != Kind::ChanMade && !created.contains(&e.g) {
            return Some(format!("{at}: a goroutine never created"));
        }
        if exited.contains(&e.g) && e.kind != Kind::Exit {
            return Some(format!("{at}: after its goroutine exited"));
        }
        match e.kind {
            Kind::GoExited => {
                exited.insert(e.g);
            }
            Kind::GoBlocked => {
                if blocked.insert(e.g, true) == Some(true) {
                    return Some(format!("{at}: blocked twice without running between"));
                }
            }
            Kind::GoRunning => {
                if blocked.insert(e.g, false) != Some(true) {
                    return Some(format!("{at}: running again without having blocked"));
                }
            }
            Kind::ChanMade => {
                chans.insert(e.a);
            }
            Kind::ChanSend | Kind::ChanRecv | Kind::ChanClose if !chans.contains(&e.a) => {
                // Timers' channels are made by the runtime, not by make.
                chans.insert(e.a);
            }
            Kind::Output => {
                if (e.a as usize) < printed {
                    return Some(format!("{at}: stdout shrank"));
                }
                printed = e.a as usize;
            }
            _ => {}
        }
    }
    if printed != out.stdout.len() {
        return Some(format!(
            "{name}: the log printed {printed} bytes, stdout has {}",
            out.stdout.len()
        ));
    }
    match out.events.last() {
        Some(e) if e.kind == Kind::Exit && e.a as i32 == out.exit_code => None,
        other => Some(format!("{name}: the log ends with {other:?}")),
    }
}

#[test]
fn the_log_tells_each_programs_story_in_order() {
    let recorded: serde_json::Value =
        serde_json::from_str(include_str!("go/run/expected.json")).unwrap();
    let cases = recorded["cases"].as_object().unwrap();
    let mut problems = Vec::new();
    for (name, case) in cases {
        let out = run_with(case["source"].as_str().unwrap(), Options::default());
        assert!(!out.events.is_empty(), "{name}: no log");
        problems.extend(log_problem(name, &out));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_log_of_a_hand_off_names_goroutines_channels_and_lines() {
    use poolsim::golang::vm::log::{Kind, Wait};
    let src = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() {\n\t\tch <- 42\n\t}()\n\tfmt.Println(<-ch)\n}\n";
    let out = run_with(src, Options::default());
    let story: Vec<(Kind, u32, u32, u32, u32)> = out
        .events
        .iter()
        .map(|e| (e.kind, e.g, e.line, e.a, e.b))
        .collect();
    let first = 6; // the program's first goroutine, after the runtime's
    assert_eq!(
        story,
        [
            (Kind::ChanMade, 1, 6, 1, 0),
            (Kind::GoCreated, first, 7, 1, 0),
            (Kind::GoBlocked, 1, 10, Wait::ChanReceive as u32, 1),
            (Kind::ChanSend, first, 8, 1, 0),
            (Kind::GoExited, first, 0, 0, 0),
            (Kind::GoRunning, 1, 10, 0, 0),
            (Kind::ChanRecv, 1, 10, 1, 1),
            (Kind::Output, 1, 10, 3, 0),
            (Kind::GoExited, 1, 0, 0, 0),
            (Kind::Exit, 0, 0, 0, 0),
        ]
    );
}

#[test]
fn the_log_of_a_select_has_its_channel_operation_and_a_receive_its_length() {
    use poolsim::golang::vm::log::Kind;
    // Two values wait in `a`; the select takes one (len 1 after; its other case, on a nil
    // channel, is never ready), a plain receive takes the other (len 0), and a receive from
    // the closed `b` gets none.
    let src = "package main\n\nfunc main() {\n\ta := make(chan int, 2)\n\tb := make(chan int)\n\tvar never chan int\n\ta <- 1\n\ta <- 2\n\tclose(b)\n\tselect {\n\tcase <-a:\n\tcase never <- 3:\n\t}\n\t<-a\n\t<-b\n}\n";
    let out = run_with(src, Options::default());
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let story: Vec<(Kind, u32, u32, u32)> = out
        .events
        .iter()
        .filter(|e| matches!(e.kind, Kind::ChanSend | Kind::ChanRecv | Kind::SelectChose))
        .map(|e| (e.kind, e.line, e.a, e.b))
        .collect();
    assert_eq!(
        story,
        [
            (Kind::ChanSend, 7, 1, 1),
            (Kind::ChanSend, 8, 1, 2),
            (Kind::ChanRecv, 10, 1, 1 | 1 << 1),
            (Kind::SelectChose, 10, 0, 0),
            (Kind::ChanRecv, 14, 1, 1),
            (Kind::ChanRecv, 15, 2, 0),
        ]
    );
}

#[test]
fn the_log_stops_at_its_limit_and_says_so() {
    let src = "package main\n\nfunc main() {\n\tch := make(chan int, 1)\n\tfor i := 0; i < 1000; i++ {\n\t\tch <- i\n\t\t<-ch\n\t}\n}\n";
    let out = run_with(
        src,
        Options {
            max_events: 100,
            ..Options::default()
        },
    );
    assert_eq!(out.events.len(), 100);
    assert!(out.events_truncated);
    assert_eq!(out.exit_code, 0);
    let out = run_with(src, Options::default());
    assert!(!out.events_truncated);
    assert_eq!(out.events.len(), 1 + 2000 + 2); // made, 1000 sends and receives, exited, exit
}

mod mutated {
    use super::*;
    use proptest::prelude::*;

    /// The corpus's sources, to cut and splice.
    fn corpus() -> Vec<String> {
        let recorded: serde_json::Value =
            serde_json::from_str(include_str!("go/run/expected.json")).unwrap();
        recorded["cases"]
            .as_object()
            .unwrap()
            .values()
            .map(|c| c["source"].as_str().unwrap().to_string())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

        /// A program cut or spliced anywhere compiles and runs to an end of its own or of a
        /// limit — never a panic of the VM's, never a hang — and its log ends with its exit.
        #[test]
        fn a_mutated_program_runs_to_an_end(pick in 0usize..64, at in 0usize..4000, len in 0usize..30, insert in "[ -~\n\t]{0,6}") {
            let sources = corpus();
            let mut src = sources[pick % sources.len()].as_bytes().to_vec();
            let at = at % (src.len() + 1);
            let end = (at + len).min(src.len());
            src.splice(at..end, insert.bytes());
            let src = String::from_utf8_lossy(&src);
            runs_to_an_end(&src)?;
        }

        /// A program with one digit changed (a buffer's size, a loop's bound, an index, a
        /// sleep): these mostly still compile, and reach runtime errors, deadlocks and limits.
        #[test]
        fn a_program_with_another_number_runs_to_an_end(pick in 0usize..64, nth in 0usize..200, digit in 0u8..10) {
            let sources = corpus();
            let src = &sources[pick % sources.len()];
            let digits: Vec<usize> = src.bytes().enumerate().filter(|(_, b)| b.is_ascii_digit()).map(|(i, _)| i).collect();
            prop_assume!(!digits.is_empty());
            let mut bytes = src.as_bytes().to_vec();
            bytes[digits[nth % digits.len()]] = b'0' + digit;
            runs_to_an_end(&String::from_utf8_lossy(&bytes))?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

        /// The same on the live driver: its own ends (main returning over running goroutines,
        /// a deadlock found by the parked Ms, the deadline cutting a sleep short) are reached
        /// from whatever state a changed program leaves its goroutines in.
        #[test]
        fn a_program_with_another_number_runs_live_to_an_end(pick in 0usize..64, nth in 0usize..200, digit in 0u8..10) {
            let sources = corpus();
            let src = &sources[pick % sources.len()];
            let digits: Vec<usize> = src.bytes().enumerate().filter(|(_, b)| b.is_ascii_digit()).map(|(i, _)| i).collect();
            prop_assume!(!digits.is_empty());
            let mut bytes = src.as_bytes().to_vec();
            bytes[digits[nth % digits.len()]] = b'0' + digit;
            runs_to_an_end_by(&String::from_utf8_lossy(&bytes), Driver::Live { gomaxprocs: 2 })?;
        }
    }

    /// If `src` compiles, it runs to an end of its own or of a limit — never a panic of the
    /// VM's, never a hang — and its log ends with its exit.
    fn runs_to_an_end(src: &str) -> Result<(), TestCaseError> {
        runs_to_an_end_by(src, Driver::Sim)
    }

    fn runs_to_an_end_by(src: &str, driver: Driver) -> Result<(), TestCaseError> {
        if let Ok(program) = poolsim::golang::compile(src) {
            let out = poolsim::golang::vm::run(
                std::sync::Arc::new(program),
                Options {
                    driver,
                    wall_limit_ms: 100,
                    time_limit_ns: 10_000_000_000,
                    ..Options::default()
                },
            );
            let last = out.events.last().copied();
            prop_assert!(
                last.is_some_and(|e| e.kind == poolsim::golang::vm::log::Kind::Exit
                    && e.a as i32 == out.exit_code),
                "{out:?}"
            );
        }
        Ok(())
    }
}

#[test]
fn println_of_what_it_does_not_print_yet_is_refused_at_its_place() {
    // Go's println writes a pointer's or an interface's address; poolsim has none to write.
    for (src, at) in [
        (
            "package main\n\ntype P struct{ x int }\n\nfunc main() {\n\tprintln(1, P{1})\n}\n",
            "prog.go:6:13: poolsim does not run println of a value of type P yet",
        ),
        (
            "package main\n\nfunc main() {\n\tvar e error\n\tprint(e)\n}\n",
            "prog.go:5:8: poolsim does not run print of a value of type error yet",
        ),
    ] {
        match poolsim::golang::run(src, Options::default()) {
            Err(e) => assert_eq!(e.to_string(), at),
            Ok(o) => panic!("ran: {o:?}"),
        }
    }
}

#[test]
fn keyed_elements_out_of_source_order_are_refused_at_their_place() {
    // Pushed in source order, they would run the elements' expressions in another order than
    // Go does; rising keys, with gaps, run (tests/go/run/array-lengths.go).
    let src = "package main\n\nfunc main() {\n\ta := [3]int{2: 1, 0: 5}\n\t_ = a\n}\n";
    match poolsim::golang::run(src, Options::default()) {
        Err(e) => assert_eq!(
            e.to_string(),
            "prog.go:4:20: poolsim does not run keyed elements out of order yet"
        ),
        Ok(o) => panic!("ran: {o:?}"),
    }
}

#[test]
fn an_array_a_slice_cannot_share_is_refused_at_compile_time_or_stopped_by_name() {
    // Inside a struct, an array is copied with the struct: a slice of it could not stay its
    // alias. Named at its place when the compiler sees it…
    let src =
        "package main\n\ntype S struct{ a [3]int }\n\nfunc main() {\n\tvar s S\n\t_ = s.a[1:]\n}\n";
    match poolsim::golang::run(src, Options::default()) {
        Err(e) => assert_eq!(
            e.to_string(),
            "prog.go:7:6: poolsim does not run slicing an array inside a struct or a slice yet"
        ),
        Ok(o) => panic!("ran: {o:?}"),
    }
    // …and behind a pointer, where only the run knows, the program stops and says why (never
    // a slice that would silently stop sharing).
    let src = "package main\n\nimport \"fmt\"\n\ntype S struct{ a [3]int }\n\nfunc main() {\n\tvar s S\n\tp := &s.a\n\tfmt.Println(len(p[1:]))\n}\n";
    let out = poolsim::golang::run(src, Options::default()).expect("compiles");
    assert_eq!(out.exit_code, 2);
    assert!(
        out.stderr.starts_with(
            "program stopped: poolsim does not run slicing an array inside a struct or a slice yet"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

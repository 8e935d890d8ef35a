//! Go source, first stages: the parser and the name check read every Go program the project
//! ships, stop at the same place as the Go toolchain with the same words for the programs in
//! `tests/go/syntax/` and `tests/go/check/` (recorded from real Go by
//! `scripts/record-go-syntax.mjs`), and never panic or hang on any input, however broken.
// Natively only: proptest is a native dev-dependency (and the files are read from disk).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use poolsim::golang::ast::{Decl, ExprKind, StmtKind};
use poolsim::golang::{check, parse, token::Kind};
use proptest::prelude::*;
use std::fs;

/// Every `.go` file under `dir`, with its text.
fn programs(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_go_program_the_project_ships_parses() {
    let mut shipped = programs("tests/go/export");
    shipped.extend(programs("bench"));
    assert!(shipped.len() >= 10, "{} programs", shipped.len());
    for (path, src) in shipped {
        let file = parse(&src).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(file.package.name, "main", "{path}");
        let main = file.decls.iter().find_map(|d| match d {
            Decl::Func(f) if f.name.name == "main" => f.body.as_ref(),
            _ => None,
        });
        assert!(
            main.is_some_and(|b| !b.stmts.is_empty()),
            "{path}: no main body"
        );
    }
}

#[test]
fn the_seed_program_reads_as_go_means_it() {
    let src = fs::read_to_string("tests/go/export/standard.go").unwrap();
    let file = parse(&src).unwrap();
    let imports: Vec<_> = file.imports.iter().map(|i| i.path.as_str()).collect();
    assert!(imports.contains(&"sync"), "{imports:?}");
    // Somewhere in main: `go func() { … }()`, a `for … range` over a channel, and `close(…)`.
    let main = file
        .decls
        .iter()
        .find_map(|d| match d {
            Decl::Func(f) if f.name.name == "main" => f.body.clone(),
            _ => None,
        })
        .unwrap();
    let text = format!("{main:?}");
    assert!(main.stmts.iter().any(|s| matches!(&s.kind, StmtKind::Go(call)
        if matches!(&call.kind, ExprKind::Call { fun, .. } if matches!(fun.kind, ExprKind::FuncLit(..))))));
    assert!(text.contains("Range"), "no range loop in main");
    assert!(text.contains("Ident(\"close\")"), "no close in main");
}

#[test]
fn a_wrong_program_stops_where_go_stops_with_gos_words() {
    for (corpus, json) in common::GO_CORPORA {
        let (count, wrong) = common::go_corpus_disagreements(json);
        assert!(count >= 5, "{corpus}: {count} programs");
        assert!(wrong.is_empty(), "{corpus}:\n{}", wrong.join("\n"));
    }
}

#[test]
fn the_recorded_sources_are_the_programs_on_disk() {
    // Edit a program and forget to record it again, and this says so.
    for (corpus, json) in common::GO_CORPORA {
        let recorded: serde_json::Value = serde_json::from_str(json).unwrap();
        let cases = recorded["cases"].as_object().unwrap();
        let on_disk = programs(&format!("tests/go/{corpus}"));
        assert_eq!(
            on_disk.len(),
            cases.len(),
            "{corpus}: programs on disk vs recorded"
        );
        for (path, src) in on_disk {
            let name = path.rsplit('/').next().unwrap().trim_end_matches(".go");
            assert_eq!(
                cases[name]["source"].as_str(),
                Some(src.as_str()),
                "{path}: changed since it was recorded (scripts/record-go-syntax.mjs)"
            );
        }
    }
}

#[test]
fn every_go_program_the_project_ships_passes_the_name_check() {
    let mut shipped = programs("tests/go/export");
    shipped.extend(programs("bench"));
    for (path, src) in shipped {
        check(&src).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    check(SAMPLE).unwrap();
}

#[test]
fn what_poolsim_does_not_run_yet_is_named_at_its_place() {
    let err = parse("package main\n\nfunc Map[T any](xs []T) []T { return xs }\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "prog.go:3:9: poolsim does not run generics yet"
    );
}

#[test]
fn tokens_carry_go_semicolons_and_places() {
    let toks = poolsim::golang::lexer::tokens("x := 1\ny++ // done\n").unwrap();
    let shown: Vec<_> = toks
        .iter()
        .map(|t| (t.kind, t.text.as_str(), t.pos.line, t.pos.col))
        .collect();
    assert_eq!(
        shown,
        [
            (Kind::Ident, "x", 1, 1),
            (Kind::Op, ":=", 1, 3),
            (Kind::Int, "1", 1, 6),
            (Kind::Semi, "newline", 1, 7),
            (Kind::Ident, "y", 2, 1),
            (Kind::Op, "++", 2, 2),
            (Kind::Semi, "newline", 2, 12),
            (Kind::Eof, "", 3, 1),
        ]
    );
}

#[test]
fn nesting_past_the_limit_is_refused_not_a_stack_overflow() {
    let deep = format!(
        "package main\nfunc main() {{ x := {}1{} }}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let err = parse(&deep).unwrap_err();
    assert!(err.message.contains("nested"), "{err}");
    let blocks = format!(
        "package main\nfunc main() {}{}\n",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    assert!(parse(&blocks).unwrap_err().message.contains("nested"));
    let types = format!("package main\nvar x {}int\n", "[]".repeat(100_000));
    assert!(parse(&types).unwrap_err().message.contains("nested"));
    let funcs = format!(
        "package main\nvar f = {}0{}\n",
        "func() int { return ".repeat(10_000),
        " }".repeat(10_000)
    );
    assert!(parse(&funcs).unwrap_err().message.contains("nested"));
    // A program nested as deeply as people write them still reads.
    let ok = format!(
        "package main\nvar x = {}1{}\n",
        "(".repeat(30),
        ")".repeat(30)
    );
    parse(&ok).unwrap();
}

/// A valid program to mutate: every kind of statement the parser knows, roughly.
const SAMPLE: &str = r#"package main

import (
	"fmt"
	"sync"
)

type point struct{ x, y int }

func (p *point) move(dx int) { p.x += dx }

func main() {
	jobs := make(chan int, 3)
	var wg sync.WaitGroup
	m := map[string][]int{"a": {1, 2}}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			jobs <- n * 2
		}(i)
	}
	go func() { wg.Wait(); close(jobs) }()
	for v := range jobs {
		switch {
		case v > 2:
			fmt.Println("big", v)
		default:
			fmt.Printf("%d\n", v)
		}
	}
	select {
	case v, ok := <-jobs:
		_, _ = v, ok
	default:
	}
	p := &point{1, 2}
	p.move(3)
	fmt.Println(m, p.x, []byte("go")[0:1])
}
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_a_tree_or_an_error_with_a_place_in_the_source(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let src = String::from_utf8_lossy(&bytes);
        if let Err(e) = check(&src) {
            let lines = src.split('\n').count() as u32;
            prop_assert!(e.pos.line >= 1 && e.pos.line <= lines + 1, "{e} in {lines} lines");
        }
    }

    #[test]
    fn a_valid_program_cut_or_spliced_anywhere_never_panics(at in 0usize..SAMPLE.len(), len in 0usize..40, insert in "[ -~\n\t]{0,8}") {
        let mut src = SAMPLE.as_bytes().to_vec();
        let end = (at + len).min(src.len());
        src.splice(at..end, insert.bytes());
        let src = String::from_utf8_lossy(&src);
        if let Err(e) = check(&src) {
            prop_assert!(e.pos.line >= 1, "{e}");
            prop_assert!(!e.message.is_empty());
        }
        // What checks compiles, or is refused at a place (what the subset lacks).
        if let Err(e) = poolsim::golang::compile(&src) {
            prop_assert!(e.pos.line >= 1, "{e}");
            prop_assert!(!e.message.is_empty());
        }
    }
}

#[test]
fn the_sample_itself_parses() {
    parse(SAMPLE).unwrap();
}

//! The checker's control-flow pass: a function with results must end in a terminating statement
//! (the Go spec's list: `return`, `goto`, a `panic` call, a block or `if`/`else` that ends in one,
//! a `for` with no condition and no `break` out of it, a `switch` or `select` whose every clause
//! ends in one with no `break` out of it, a labeled one of these); otherwise gc's
//! `missing return`, at the closing brace.

use super::ast::*;
use super::CompileError;

/// Every function and function literal with results that can run off its end.
pub fn check(file: &File) -> Vec<CompileError> {
    let mut errors = Vec::new();
    let mut missing = |ty: &FuncType, body: &Block| {
        if !ty.results.is_empty() && !ends_terminating(&body.stmts) {
            errors.push(CompileError::new(body.close, "missing return"));
        }
    };
    for decl in &file.decls {
        match decl {
            Decl::Func(f) => {
                if let Some(body) = &f.body {
                    missing(&f.ty, body);
                    each_func_lit_in_stmts(&body.stmts, &mut missing);
                }
            }
            Decl::Gen(GenDecl::Var(specs) | GenDecl::Const(specs)) => {
                for e in specs.iter().flat_map(|s| &s.values) {
                    each_func_lit(e, &mut missing);
                }
            }
            Decl::Gen(GenDecl::Type(_)) => {}
        }
    }
    errors
}

/// Whether a statement list's last statement (empty ones aside) is terminating.
fn ends_terminating(stmts: &[Stmt]) -> bool {
    stmts
        .iter()
        .rev()
        .find(|s| !matches!(s.kind, StmtKind::Empty))
        .is_some_and(|s| terminating(s, None))
}

fn terminating(s: &Stmt, label: Option<&str>) -> bool {
    match &s.kind {
        StmtKind::Return(_) | StmtKind::Goto(_) => true,
        StmtKind::Expr(e) => is_panic_call(e),
        StmtKind::Block(b) => ends_terminating(&b.stmts),
        StmtKind::If { then, els, .. } => {
            ends_terminating(&then.stmts) && els.as_ref().is_some_and(|e| terminating(e, None))
        }
        StmtKind::For { cond, body, .. } => cond.is_none() && !breaks(&body.stmts, label, true),
        StmtKind::Switch { cases, .. } | StmtKind::TypeSwitch { cases, .. } => {
            cases.iter().any(|c| c.default)
                && cases.iter().all(|c| {
                    !breaks(&c.body, label, true)
                        && (ends_terminating(&c.body) || ends_in_fallthrough(&c.body))
                })
        }
        StmtKind::Select(cases) => cases
            .iter()
            .all(|c| !breaks(&c.body, label, true) && ends_terminating(&c.body)),
        StmtKind::Labeled(l, inner) => terminating(inner, Some(&l.name)),
        _ => false,
    }
}

fn ends_in_fallthrough(stmts: &[Stmt]) -> bool {
    let mut last = stmts
        .iter()
        .rev()
        .find(|s| !matches!(s.kind, StmtKind::Empty));
    while let Some(Stmt {
        kind: StmtKind::Labeled(_, inner),
        ..
    }) = last
    {
        last = Some(inner);
    }
    last.is_some_and(|s| matches!(s.kind, StmtKind::Fallthrough))
}

fn is_panic_call(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { fun, .. } => matches!(&fun.kind, ExprKind::Ident(n) if n == "panic"),
        ExprKind::Paren(inner) => is_panic_call(inner),
        _ => false,
    }
}

/// Whether a `break` leaves the statement these are the body of: a `break label`, anywhere
/// inside; a bare `break` only where no inner `for`, `switch` or `select` would take it
/// (`bare`). Function literals are other functions.
fn breaks(stmts: &[Stmt], label: Option<&str>, bare: bool) -> bool {
    stmts.iter().any(|s| breaks_in(s, label, bare))
}

fn breaks_in(s: &Stmt, label: Option<&str>, bare: bool) -> bool {
    match &s.kind {
        StmtKind::Break(None) => bare,
        StmtKind::Break(Some(l)) => label == Some(l.name.as_str()),
        StmtKind::Block(b) => breaks(&b.stmts, label, bare),
        StmtKind::Labeled(_, inner) => breaks_in(inner, label, bare),
        StmtKind::If { then, els, .. } => {
            breaks(&then.stmts, label, bare)
                || els.as_ref().is_some_and(|e| breaks_in(e, label, bare))
        }
        // An inner loop, switch or select takes the bare breaks inside it.
        StmtKind::For { body, .. } | StmtKind::Range { body, .. } => {
            breaks(&body.stmts, label, false)
        }
        StmtKind::Switch { cases, .. } | StmtKind::TypeSwitch { cases, .. } => {
            cases.iter().any(|c| breaks(&c.body, label, false))
        }
        StmtKind::Select(cases) => cases.iter().any(|c| breaks(&c.body, label, false)),
        _ => false,
    }
}

// ---- finding function literals ----------------------------------------------------------

fn each_func_lit_in_stmts(stmts: &[Stmt], f: &mut impl FnMut(&FuncType, &Block)) {
    for s in stmts {
        each_func_lit_in_stmt(s, f);
    }
}

fn each_func_lit_in_stmt(s: &Stmt, f: &mut impl FnMut(&FuncType, &Block)) {
    let exprs = |list: &[Expr], f: &mut dyn FnMut(&FuncType, &Block)| {
        for e in list {
            each_func_lit(e, &mut |t: &FuncType, b: &Block| f(t, b));
        }
    };
    match &s.kind {
        StmtKind::Empty | StmtKind::Fallthrough | StmtKind::Break(_) | StmtKind::Continue(_) => {}
        StmtKind::Goto(_) => {}
        StmtKind::Expr(e) | StmtKind::Go(e) | StmtKind::Defer(e) | StmtKind::IncDec(e, _) => {
            each_func_lit(e, f)
        }
        StmtKind::Send(a, b) => {
            each_func_lit(a, f);
            each_func_lit(b, f);
        }
        StmtKind::Assign(l, _, r) | StmtKind::Define(l, r, _) => {
            exprs(l, f);
            exprs(r, f);
        }
        StmtKind::Return(r) => exprs(r, f),
        StmtKind::Decl(GenDecl::Var(specs) | GenDecl::Const(specs)) => {
            for spec in specs {
                exprs(&spec.values, f);
            }
        }
        StmtKind::Decl(GenDecl::Type(_)) => {}
        StmtKind::Block(b) => each_func_lit_in_stmts(&b.stmts, f),
        StmtKind::Labeled(_, inner) => each_func_lit_in_stmt(inner, f),
        StmtKind::If {
            init,
            cond,
            then,
            els,
        } => {
            if let Some(i) = init {
                each_func_lit_in_stmt(i, f);
            }
            each_func_lit(cond, f);
            each_func_lit_in_stmts(&then.stmts, f);
            if let Some(e) = els {
                each_func_lit_in_stmt(e, f);
            }
        }
        StmtKind::Switch { init, tag, cases } => {
            for s in init.iter().chain(tag.iter()) {
                each_func_lit_in_stmt(s, f);
            }
            for c in cases {
                exprs(&c.list, f);
                each_func_lit_in_stmts(&c.body, f);
            }
        }
        StmtKind::TypeSwitch { init, guard, cases } => {
            for s in init.iter().chain(std::iter::once(guard)) {
                each_func_lit_in_stmt(s, f);
            }
            for c in cases {
                each_func_lit_in_stmts(&c.body, f);
            }
        }
        StmtKind::Select(cases) => {
            for c in cases {
                if let Some(comm) = &c.comm {
                    each_func_lit_in_stmt(comm, f);
                }
                each_func_lit_in_stmts(&c.body, f);
            }
        }
        StmtKind::For {
            init,
            cond,
            post,
            body,
        } => {
            for s in init.iter().chain(post.iter()) {
                each_func_lit_in_stmt(s, f);
            }
            if let Some(c) = cond {
                each_func_lit(c, f);
            }
            each_func_lit_in_stmts(&body.stmts, f);
        }
        StmtKind::Range { x, body, .. } => {
            each_func_lit(x, f);
            each_func_lit_in_stmts(&body.stmts, f);
        }
    }
}

fn each_func_lit(e: &Expr, f: &mut dyn FnMut(&FuncType, &Block)) {
    match &e.kind {
        ExprKind::FuncLit(ty, body) => {
            f(ty, body);
            each_func_lit_in_stmts(&body.stmts, &mut |t: &FuncType, b: &Block| f(t, b));
        }
        ExprKind::Composite { ty, elems, .. } => {
            if let Some(t) = ty {
                each_func_lit(t, f);
            }
            for el in elems {
                each_func_lit(el, f);
            }
        }
        ExprKind::Paren(x)
        | ExprKind::Star(x)
        | ExprKind::Unary(_, x)
        | ExprKind::Selector(x, _)
        | ExprKind::TypeAssert(x, _) => each_func_lit(x, f),
        ExprKind::Index(x, list) => {
            each_func_lit(x, f);
            for i in list {
                each_func_lit(i, f);
            }
        }
        ExprKind::Slice { x, lo, hi, max } => {
            each_func_lit(x, f);
            for part in [lo, hi, max].into_iter().flatten() {
                each_func_lit(part, f);
            }
        }
        ExprKind::Call { fun, args, .. } => {
            each_func_lit(fun, f);
            for a in args {
                each_func_lit(a, f);
            }
        }
        ExprKind::Binary(_, x, y) | ExprKind::KeyValue(x, y) => {
            each_func_lit(x, f);
            each_func_lit(y, f);
        }
        _ => {}
    }
}

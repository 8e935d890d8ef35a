//! Go's `fmt` for the VM's values: `Println`'s spacing, `Printf`'s verbs with flags, width and
//! precision, `%v` of every kind as Go prints it, and Go's own complaints (`%!d(string=hi)`,
//! `%!d(MISSING)`, `%!(EXTRA int=3)`). A value whose type has a compiled `Error` or `String`
//! method arrives with that method's text already (the interpreter runs it first).

use super::super::code::{IntKind, Program, RType, TypeId};
use super::value::Value;
use std::fmt::Write;

/// `fmt.Sprintln`: operands separated by spaces, and a newline.
pub fn sprintln(p: &Program, args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(|a| value(p, a, 'v', false, 0)).collect();
    let mut s = parts.join(" ");
    s.push('\n');
    s
}

/// `fmt.Sprint`: a space between operands when neither is a string.
pub fn sprint(p: &Program, args: &[Value]) -> String {
    let mut s = String::new();
    let mut last_string = true;
    for (i, a) in args.iter().enumerate() {
        let is_string = matches!(dynamic(p, a), Some(RType::String));
        if i > 0 && !is_string && !last_string {
            s.push(' ');
        }
        s.push_str(&value(p, a, 'v', false, 0));
        last_string = is_string;
    }
    s
}

/// The builtins `print` (operands run together) and `println` (spaces, and a newline): each
/// operand as `%v` prints it, which for the basic types they take is Go's own text (floats in
/// the shortest form, `1e+06`, `-0`, `+Inf`).
pub fn print_builtin(p: &Program, args: &[Value], newline: bool) -> String {
    let parts: Vec<String> = args.iter().map(|a| value(p, a, 'v', false, 0)).collect();
    let mut s = parts.join(if newline { " " } else { "" });
    if newline {
        s.push('\n');
    }
    s
}

/// The operand `%w` names in an `Errorf` format, if there is one.
pub fn wrapped_operand(format: &str, args: &[Value]) -> Option<Value> {
    let mut n = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        // Flags, width and precision, then the verb.
        let mut verb = None;
        for c in chars.by_ref() {
            if c.is_ascii_digit() || "+-# 0.*".contains(c) {
                continue;
            }
            verb = Some(c);
            break;
        }
        match verb {
            Some('%') | None => {}
            Some('w') => return args.get(n).cloned().map(unwrap_text),
            Some(_) => n += 1,
        }
    }
    None
}

/// A value that arrived with its method's text, as it was.
fn unwrap_text(v: Value) -> Value {
    if let Value::Iface(b) = &v {
        if let Value::Struct(parts) = &b.1 {
            if parts.len() == 2 && matches!(parts[0], Value::Str(_)) {
                if let Value::Iface(_) = &parts[1] {
                    return parts[1].clone();
                }
            }
        }
    }
    v
}

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// `fmt.Sprintf`.
pub fn sprintf(p: &Program, format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut n = 0;
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while i < chars.len() {
            match chars[i] {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                '#' => spec.sharp = true,
                _ => break,
            }
            i += 1;
        }
        let number = |i: &mut usize, n: &mut usize| -> Option<usize> {
            if *i < chars.len() && chars[*i] == '*' {
                *i += 1;
                let v = args.get(*n).map(|a| inner(a).int());
                *n += 1;
                return v.map(|v| v.max(0) as usize);
            }
            let start = *i;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                *i += 1;
            }
            let digits: String = chars[start..*i].iter().collect();
            digits.parse().ok()
        };
        spec.width = number(&mut i, &mut n);
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            spec.prec = Some(number(&mut i, &mut n).unwrap_or(0));
        }
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(n) else {
            let _ = write!(out, "%!{verb}(MISSING)");
            continue;
        };
        n += 1;
        out.push_str(&formatted(p, arg, verb, spec));
    }
    if n < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[n..]
            .iter()
            .map(|a| format!("{}={}", type_name_of(p, a), value(p, a, 'v', false, 0)))
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

/// One operand under one verb, padded to its width.
fn formatted(p: &Program, arg: &Value, verb: char, spec: Spec) -> String {
    let text = match verb {
        'v' => value(p, arg, 'v', spec.plus, 0),
        'T' if arg.is_nil() => "<nil>".into(),
        _ if arg.is_nil() => format!("%!{verb}(<nil>)"),
        'T' => type_name_of(p, arg),
        'd' | 'x' | 'X' | 'o' | 'b' | 'c' | 'q' | 'U' | 's' | 't' | 'f' | 'F' | 'e' | 'E' | 'g'
        | 'G' | 'w' => match verb_text(p, arg, verb, spec) {
            Some(t) => t,
            None => format!(
                "%!{verb}({}={})",
                type_name_of(p, arg),
                value(p, arg, 'v', false, 0)
            ),
        },
        _ => format!(
            "%!{verb}({}={})",
            type_name_of(p, arg),
            value(p, arg, 'v', false, 0)
        ),
    };
    pad(text, spec)
}

fn pad(text: String, spec: Spec) -> String {
    let Some(width) = spec.width else {
        return text;
    };
    let len = text.chars().count();
    if len >= width {
        return text;
    }
    let fill = width - len;
    if spec.minus {
        format!("{text}{}", " ".repeat(fill))
    } else if spec.zero {
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest.to_string()),
            None => ("", text),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

/// The value inside an interface (and a method's text's original value).
fn inner(v: &Value) -> Value {
    match unwrap_text(v.clone()) {
        Value::Iface(b) => b.1.clone(),
        other => other,
    }
}

/// The text an `Error` or `String` method gave, if the operand came with one.
fn method_text(p: &Program, v: &Value) -> Option<String> {
    let Value::Iface(b) = v else {
        return None;
    };
    if b.0 == p.builtin.error_string
        || b.0 == p.builtin.wrap_error
        || b.0 == p.builtin.runtime_error
    {
        if let Value::Pointer(ptr) = &b.1 {
            if let Value::Struct(fields) = ptr.load() {
                if let Some(Value::Str(s)) = fields.first() {
                    return Some(s.to_string());
                }
            }
        }
    }
    if b.0 == p.builtin.method_text {
        if let Value::Struct(parts) = &b.1 {
            if let Some(Value::Str(s)) = parts.first() {
                return Some(s.to_string());
            }
        }
    }
    if let Some(RType::Named { name, .. }) = p.types.get(b.0 as usize) {
        if name == "time.Duration" {
            return Some(duration(b.1.int()));
        }
    }
    None
}

fn dynamic<'p>(p: &'p Program, v: &Value) -> Option<&'p RType> {
    match unwrap_text(v.clone()) {
        Value::Iface(b) => under(p, b.0),
        _ => None,
    }
}

fn under(p: &Program, t: TypeId) -> Option<&RType> {
    match p.types.get(t as usize)? {
        RType::Named { under, .. } => self::under(p, *under),
        other => Some(other),
    }
}

fn verb_text(p: &Program, arg: &Value, verb: char, spec: Spec) -> Option<String> {
    if let Some(text) = method_text(p, arg) {
        if matches!(verb, 's' | 'q' | 'x' | 'X' | 'w') {
            return Some(match verb {
                'q' => quote(&text),
                'x' => hex_bytes(text.as_bytes(), false),
                'X' => hex_bytes(text.as_bytes(), true),
                _ => text,
            });
        }
    }
    let Value::Iface(b) = unwrap_text(arg.clone()) else {
        return None; // a nil operand: %!d(<nil>)
    };
    let (t, v) = (b.0, &b.1);
    let rt = under(p, t)?;
    match (rt, verb) {
        (RType::Int(k), 'd') => Some(sign(int_text(*k, v.int()), spec)),
        (RType::Int(k), 'x' | 'X' | 'o' | 'b') => {
            let n = v.int();
            let (neg, mag) = if k.signed() && n < 0 {
                (true, (n as i128).unsigned_abs() as u64)
            } else {
                (false, n as u64)
            };
            let digits = match verb {
                'x' => format!("{mag:x}"),
                'X' => format!("{mag:X}"),
                'o' => format!("{mag:o}"),
                _ => format!("{mag:b}"),
            };
            let prefix = match (spec.sharp, verb) {
                (true, 'x') => "0x",
                (true, 'X') => "0X",
                (true, 'o') => "0",
                _ => "",
            };
            Some(format!("{}{prefix}{digits}", if neg { "-" } else { "" }))
        }
        (RType::Int(_), 'c') => Some(
            char::from_u32(v.int() as u32)
                .unwrap_or('\u{FFFD}')
                .to_string(),
        ),
        (RType::Int(_), 'q') => Some(format!(
            "'{}'",
            char::from_u32(v.int() as u32)
                .unwrap_or('\u{FFFD}')
                .escape_debug()
        )),
        (RType::Int(_), 'U') => Some(format!("U+{:04X}", v.int())),
        (RType::Float64 | RType::Float32, 'f' | 'F' | 'e' | 'E' | 'g' | 'G') => {
            let f = v.float();
            let text = match verb {
                'f' | 'F' => format!("{:.*}", spec.prec.unwrap_or(6), f),
                'e' | 'E' => {
                    let s = exp_text(f, spec.prec.unwrap_or(6));
                    if verb == 'E' {
                        s.to_uppercase()
                    } else {
                        s
                    }
                }
                _ => match spec.prec {
                    Some(prec) => g_text(f, prec.max(1)),
                    None => float_text(f),
                },
            };
            Some(sign(text, spec))
        }
        (RType::String, 's') => Some(match spec.prec {
            Some(n) => v_str(v).chars().take(n).collect(),
            None => v_str(v),
        }),
        (RType::String, 'q') => Some(quote(&v_str(v))),
        (RType::String, 'x') => Some(hex_bytes(v_str(v).as_bytes(), false)),
        (RType::String, 'X') => Some(hex_bytes(v_str(v).as_bytes(), true)),
        (RType::Bool, 't') => Some(v.bool().to_string()),
        (RType::Slice(e) | RType::Array(_, e), _) if verb != 's' || !is_byte(p, *e) => {
            // Each element under the verb.
            let items = super::exec::items_of(v);
            let parts: Option<Vec<String>> = items
                .iter()
                .map(|item| {
                    let boxed = Value::Iface(std::sync::Arc::new((*e, item.clone())));
                    verb_text(p, &boxed, verb, Spec::default())
                })
                .collect();
            Some(format!("[{}]", parts?.join(" ")))
        }
        (RType::Slice(_), 's') => {
            let bytes: Vec<u8> = super::exec::items_of(v)
                .iter()
                .map(|b| b.int() as u8)
                .collect();
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => None,
    }
}

fn is_byte(p: &Program, t: TypeId) -> bool {
    matches!(under(p, t), Some(RType::Int(IntKind::U8)))
}

fn sign(text: String, spec: Spec) -> String {
    if !text.starts_with('-') {
        if spec.plus {
            return format!("+{text}");
        }
        if spec.space {
            return format!(" {text}");
        }
    }
    text
}

fn v_str(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        _ => String::new(),
    }
}

fn int_text(k: IntKind, n: i64) -> String {
    if k.signed() {
        n.to_string()
    } else {
        (n as u64).to_string()
    }
}

/// `%v` of an operand (an interface value, or nil).
fn value(p: &Program, v: &Value, verb: char, plus: bool, depth: usize) -> String {
    if let Some(text) = method_text(p, v) {
        return text;
    }
    match v {
        Value::Nil => "<nil>".into(),
        Value::Iface(b) => typed(p, b.0, &b.1, plus, depth, true),
        _ => {
            let _ = verb;
            "?".into()
        }
    }
}

/// A value of type `t` as `%v` prints it; `top` for an operand itself (a pointer to a struct
/// prints as `&{…}` there, and as an address inside another value).
fn typed(p: &Program, t: TypeId, v: &Value, plus: bool, depth: usize, top: bool) -> String {
    if depth > 10 {
        return "...".into();
    }
    let Some(rt) = p.types.get(t as usize) else {
        return "?".into();
    };
    match rt {
        RType::Named { name, under, .. } => {
            if name == "time.Duration" {
                return duration(v.int());
            }
            if let Some(text) = error_text(p, t, v) {
                return text;
            }
            typed(p, *under, v, plus, depth, top)
        }
        RType::Bool => v.bool().to_string(),
        RType::Int(k) => int_text(*k, v.int()),
        RType::Float64 => float_text(v.float()),
        RType::Float32 => float32_text(v.float()),
        RType::String => v_str(v),
        RType::Slice(e) | RType::Array(_, e) => {
            if v.is_nil() {
                return "[]".into();
            }
            let items = super::exec::items_of(v);
            let parts: Vec<String> = items
                .iter()
                .map(|item| element(p, *e, item, plus, depth + 1))
                .collect();
            format!("[{}]", parts.join(" "))
        }
        RType::Struct(fields) => {
            let Value::Struct(values) = v else {
                return "{}".into();
            };
            let parts: Vec<String> = fields
                .iter()
                .zip(values.iter())
                .map(|((name, ft), fv)| {
                    let text = element(p, *ft, fv, plus, depth + 1);
                    if plus {
                        format!("{name}:{text}")
                    } else {
                        text
                    }
                })
                .collect();
            format!("{{{}}}", parts.join(" "))
        }
        RType::Pointer(target) => match v {
            Value::Pointer(ptr) if top => {
                let pointee = under(p, *target);
                if matches!(
                    pointee,
                    Some(RType::Struct(_) | RType::Array(..) | RType::Slice(_))
                ) {
                    format!(
                        "&{}",
                        typed(p, *target, &ptr.load(), plus, depth + 1, false)
                    )
                } else {
                    "0xc000012000".into()
                }
            }
            Value::Pointer(_) => "0xc000012000".into(),
            _ => "<nil>".into(),
        },
        RType::Chan(..) | RType::Func(_) => match v {
            Value::Nil => "<nil>".into(),
            _ => "0xc000012000".into(),
        },
        RType::Map(kt, vt) => {
            let Value::Map(m) = v else {
                return "map[]".into();
            };
            let mut entries = super::value::lock(m).entries();
            // fmt prints a map sorted by key (Go 1.12): numbers by value, strings by bytes,
            // false before true.
            let unsigned = matches!(under(p, *kt), Some(RType::Int(k)) if !k.signed());
            entries.sort_by(|(a, _), (b, _)| match (a, b) {
                (Value::Int(x), Value::Int(y)) if unsigned => (*x as u64).cmp(&(*y as u64)),
                (Value::Int(x), Value::Int(y)) => x.cmp(y),
                (Value::Float(x), Value::Float(y)) => x.total_cmp(y),
                (Value::Str(x), Value::Str(y)) => x.cmp(y),
                (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
                _ => std::cmp::Ordering::Equal,
            });
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, val)| {
                    format!(
                        "{}:{}",
                        element(p, *kt, k, plus, depth + 1),
                        element(p, *vt, val, plus, depth + 1)
                    )
                })
                .collect();
            format!("map[{}]", parts.join(" "))
        }
        RType::Interface(_) => "<nil>".into(),
    }
}

/// An element of a composite: interfaces print their dynamic value.
fn element(p: &Program, t: TypeId, v: &Value, plus: bool, depth: usize) -> String {
    match (p.types.get(t as usize), v) {
        (Some(RType::Interface(_)), _) | (Some(RType::Named { .. }), Value::Iface(_))
            if matches!(under(p, t), Some(RType::Interface(_))) =>
        {
            match v {
                Value::Iface(b) => typed(p, b.0, &b.1, plus, depth, false),
                _ => "<nil>".into(),
            }
        }
        _ => typed(p, t, v, plus, depth, false),
    }
}

/// The text of the VM's own error values.
fn error_text(p: &Program, t: TypeId, v: &Value) -> Option<String> {
    let boxed = Value::Iface(std::sync::Arc::new((t, v.clone())));
    if t == p.builtin.error_string || t == p.builtin.wrap_error || t == p.builtin.runtime_error {
        return method_text(p, &boxed);
    }
    None
}

/// `%T`.
pub fn type_name_of(p: &Program, v: &Value) -> String {
    match unwrap_text(v.clone()) {
        Value::Iface(b) => type_name(p, b.0),
        _ => "<nil>".into(),
    }
}

pub fn type_name(p: &Program, t: TypeId) -> String {
    match p.types.get(t as usize) {
        None => "?".into(),
        Some(rt) => match rt {
            RType::Bool => "bool".into(),
            RType::Int(k) => match k {
                IntKind::I8 => "int8",
                IntKind::I16 => "int16",
                IntKind::I32 => "int32",
                IntKind::I64 => "int",
                IntKind::U8 => "uint8",
                IntKind::U16 => "uint16",
                IntKind::U32 => "uint32",
                IntKind::U64 => "uint",
            }
            .into(),
            RType::Float64 => "float64".into(),
            RType::Float32 => "float32".into(),
            RType::String => "string".into(),
            RType::Named { name, .. } => name.clone(),
            RType::Pointer(t) => format!("*{}", type_name(p, *t)),
            RType::Slice(t) => format!("[]{}", type_name(p, *t)),
            RType::Array(n, t) => format!("[{n}]{}", type_name(p, *t)),
            RType::Map(k, v) => format!("map[{}]{}", type_name(p, *k), type_name(p, *v)),
            RType::Chan(dir, t) => match dir {
                super::super::ast::ChanDir::Both => format!("chan {}", type_name(p, *t)),
                super::super::ast::ChanDir::Send => format!("chan<- {}", type_name(p, *t)),
                super::super::ast::ChanDir::Recv => format!("<-chan {}", type_name(p, *t)),
            },
            RType::Func(text) => text.clone(),
            RType::Struct(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|(n, t)| format!("{n} {}", type_name(p, *t)))
                    .collect();
                format!("struct {{ {} }}", parts.join("; "))
            }
            RType::Interface(methods) if methods.is_empty() => "interface {}".into(),
            RType::Interface(_) => "interface { ... }".into(),
        },
    }
}

/// What `panic(v)` prints for its value.
pub fn panic_value(p: &Program, v: &Value) -> String {
    if let Some(text) = method_text(p, v) {
        return text;
    }
    let Value::Iface(b) = v else {
        return "nil".into();
    };
    let text = typed(p, b.0, &b.1, false, 0, true);
    match p.types.get(b.0 as usize) {
        Some(RType::Named { name, .. }) => match under(p, b.0) {
            Some(RType::String) => format!("{name}(\"{text}\")"),
            Some(RType::Int(_) | RType::Float64 | RType::Bool) => format!("{name}({text})"),
            _ => format!("({name}) {text}"),
        },
        Some(RType::String) => text,
        Some(RType::Int(_) | RType::Float64 | RType::Float32 | RType::Bool) => text,
        _ => format!("({}) {text}", type_name(p, b.0)),
    }
}

/// `%v` of a float64: the shortest text that reads back, in `%e` form when the exponent is
/// below -4 or at least 6 (Go's `strconv.FormatFloat(f, 'g', -1, 64)`: `1e+06`, `123456`).
pub fn float_text(f: f64) -> String {
    float_text_of(f, format!("{f:e}"), format!("{f}"))
}

/// As [`float_text`], with the shortest digits that read back as a `float32`.
pub fn float32_text(f: f64) -> String {
    let g = f as f32;
    float_text_of(f, format!("{g:e}"), format!("{g}"))
}

fn float_text_of(f: f64, e: String, plain: String) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Rust's `{:e}` is the shortest round-trip digits: d.ddddde±x.
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    plain
}

/// `%e` with `prec` digits after the point.
fn exp_text(f: f64, prec: usize) -> String {
    let e = format!("{f:.prec$e}");
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

/// `%.Ng`.
fn g_text(f: f64, prec: usize) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let exp = f.abs().log10().floor() as i32;
    if exp < -4 || exp >= prec as i32 {
        let s = exp_text(f, prec - 1);
        let (m, e) = s.split_once('e').unwrap_or((&s, ""));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        return format!("{m}e{e}");
    }
    let decimals = (prec as i32 - 1 - exp).max(0) as usize;
    let s = format!("{f:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn hex_bytes(b: &[u8], upper: bool) -> String {
    b.iter()
        .map(|x| {
            if upper {
                format!("{x:02X}")
            } else {
                format!("{x:02x}")
            }
        })
        .collect()
}

/// `time.Duration.String`: `1.5s`, `300ms`, `2m30s`, `0s`.
pub fn duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let text = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", trim(u as f64 / 1e3))
    } else if u < 1_000_000_000 {
        format!("{}ms", trim(u as f64 / 1e6))
    } else {
        let total_s = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let h = total_s / 3600;
        let m = (total_s % 3600) / 60;
        let s = total_s % 60;
        let secs = if frac == 0 {
            format!("{s}")
        } else {
            let f = format!("{frac:09}");
            format!("{s}.{}", f.trim_end_matches('0'))
        };
        if h > 0 {
            format!("{h}h{m}m{secs}s")
        } else if m > 0 {
            format!("{m}m{secs}s")
        } else {
            format!("{secs}s")
        }
    };
    if neg {
        format!("-{text}")
    } else {
        text
    }
}

fn trim(f: f64) -> String {
    let s = format!("{f:.9}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

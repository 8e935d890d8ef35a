//! The bytecode: what the compiler writes and the VM runs. A function is a list of stack
//! operations over its frame's slots (parameters, then locals, then temporaries); a value
//! that a closure captures or whose address is taken lives in a heap cell its slot points to
//! (Go's escape analysis, in its simplest form). Types survive to run time only where Go's
//! do: in interface values, for `fmt` and type assertions.

use super::token::Pos;
use std::sync::Arc;

pub type FuncId = u32;
pub type TypeId = u32;

/// A compiled program: its functions (`main.main` among them), its types and constants.
#[derive(Debug, Default)]
pub struct Program {
    pub funcs: Vec<Arc<Func>>,
    pub types: Vec<RType>,
    pub main: FuncId,
    /// Package-level variables, each initialised by `init` (a function run before `main`).
    pub globals: usize,
    pub init: FuncId,
    pub builtin: Builtins,
}

/// Types the VM makes values of itself.
#[derive(Debug, Default, Clone, Copy)]
pub struct Builtins {
    /// `*errors.errorString`, of `errors.New` and of `fmt.Errorf` without `%w`.
    pub error_string: TypeId,
    /// `*fmt.wrapError`, of `fmt.Errorf` with `%w`.
    pub wrap_error: TypeId,
    /// The runtime's errors (`runtime.Error`): an index out of range, a nil map…
    pub runtime_error: TypeId,
    /// A value's text from its own `Error` or `String` method, ready for `fmt`.
    pub method_text: TypeId,
    /// `*context.cancelCtx`, the dynamic type of every context.
    pub context: TypeId,
}

#[derive(Debug, Default)]
pub struct Func {
    /// As Go's tracebacks name it: `main.worker`, `main.main.func1`, `main.(*Pool).Run`.
    pub name: String,
    pub code: Vec<Op>,
    /// The source line of each operation (for tracebacks and the event log).
    pub lines: Vec<u32>,
    pub params: u16,
    /// Slots in all: parameters, locals and temporaries.
    pub slots: u16,
    pub results: u16,
    /// Named results' slots (and whether each is a heap cell), read when the function
    /// returns.
    pub named_results: Vec<(u16, bool)>,
    /// Where a function whose panic was recovered goes to return its results' zero values.
    pub recover_pc: u32,
    pub consts: Vec<super::vm::Value>,
    /// The `select` statements' cases (`Op::Select` names one).
    pub selects: Vec<SelectCases>,
    pub pos: Pos,
}

/// A `select` statement's cases in source order: each a send (or a receive) and the element
/// type (a receive's zero value once its channel is closed); and whether it has `default`.
#[derive(Debug, Default, Clone)]
pub struct SelectCases {
    pub cases: Vec<(bool, TypeId)>,
    pub default: bool,
}

/// A type as the running program sees it: in an interface value, in `%v` and `%T`.
#[derive(Debug, Clone, PartialEq)]
pub enum RType {
    Bool,
    Int(IntKind),
    Float64,
    Float32,
    String,
    /// A defined type: its qualified name (`main.Job`, `time.Duration`), its underlying
    /// type, and its methods (name, function, whether the receiver is a pointer).
    Named {
        name: String,
        under: TypeId,
        methods: Vec<(String, FuncRef, bool)>,
    },
    Pointer(TypeId),
    Slice(TypeId),
    Array(u64, TypeId),
    Map(TypeId, TypeId),
    Chan(super::ast::ChanDir, TypeId),
    /// Its text, as `%T` prints it.
    Func(String),
    Struct(Vec<(String, TypeId)>),
    /// Its text (`interface {}` is `any` in `%T`... never printed: no value has it).
    Interface(Vec<String>),
}

/// A method's code: compiled, or one the VM runs natively (`time.Duration.String`), or one
/// promoted from an embedded field.
#[derive(Debug, Clone, PartialEq)]
pub enum FuncRef {
    Code(FuncId),
    Native(Native),
    Promoted(std::sync::Arc<Promoted>),
}

/// A method of an embedded field, in the method set of the struct that embeds it (Go's
/// compiler writes a wrapper for each; the VM walks to the field when it is called).
#[derive(Debug, Clone, PartialEq)]
pub struct Promoted {
    /// The embedded fields from the struct to the one whose type has the method, each with
    /// whether the value it is taken from is a pointer.
    pub path: Vec<(u16, bool)>,
    /// Whether that field holds a pointer (`*Counter` embedded).
    pub holder_pointer: bool,
    /// Whether the method has a pointer receiver.
    pub wants_pointer: bool,
    /// The method itself (compiled or native, never promoted again).
    pub target: FuncRef,
}

/// The sizes and signs of Go's integers: arithmetic wraps at the width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntKind {
    pub fn of(basic: &str) -> Option<IntKind> {
        Some(match basic {
            "int" | "int64" => IntKind::I64,
            "int32" | "rune" => IntKind::I32,
            "int16" => IntKind::I16,
            "int8" => IntKind::I8,
            "uint" | "uint64" | "uintptr" => IntKind::U64,
            "uint32" => IntKind::U32,
            "uint16" => IntKind::U16,
            "uint8" | "byte" => IntKind::U8,
            _ => return None,
        })
    }

    pub fn signed(self) -> bool {
        matches!(
            self,
            IntKind::I8 | IntKind::I16 | IntKind::I32 | IntKind::I64
        )
    }

    /// `v` cut to this width, as Go's arithmetic leaves it (values are kept as `i64`; a
    /// `uint64` keeps its bits).
    pub fn wrap(self, v: i64) -> i64 {
        match self {
            IntKind::I8 => v as i8 as i64,
            IntKind::I16 => v as i16 as i64,
            IntKind::I32 => v as i32 as i64,
            IntKind::I64 | IntKind::U64 => v,
            IntKind::U8 => v as u8 as i64,
            IntKind::U16 => v as u16 as i64,
            IntKind::U32 => v as u32 as i64,
        }
    }
}

/// What an arithmetic or comparison operation works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    Int(IntKind),
    Float,
    String,
    /// `==` and `!=` on anything comparable.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    And,
    Or,
    Xor,
    AndNot,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A conversion `T(x)` between basic kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conv {
    IntToInt(IntKind),
    IntToFloat,
    UintToFloat,
    FloatToInt(IntKind),
    /// `string(r)`: a rune's UTF-8.
    IntToString,
    StringToBytes,
    BytesToString,
    StringToRunes,
    RunesToString,
}

/// Functions of the standard packages the VM runs itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    Println,
    Print,
    Printf,
    Sprintf,
    Sprint,
    Sprintln,
    Errorf,
    ErrorsNew,
    ErrorsIs,
    ErrorsAs,
    ErrorsUnwrap,
    WaitGroupAdd,
    WaitGroupDone,
    WaitGroupWait,
    WaitGroupGo,
    MutexLock,
    MutexUnlock,
    MutexTryLock,
    RLock,
    RUnlock,
    OnceDo,
    Sleep,
    After,
    Now,
    Since,
    Until,
    TimeAdd,
    TimeSub,
    TimeBefore,
    TimeAfter,
    DurationSeconds,
    DurationMilliseconds,
    DurationRound,
    DurationTruncate,
    DurationMicroseconds,
    DurationNanoseconds,
    DurationString,
    RandIntn,
    RandInt,
    RandInt63,
    RandFloat64,
    RandExpFloat64,
    RandNormFloat64,
    RandSeed,
    Exit,
    /// The `Error` method of `errors.New`'s and `fmt.Errorf`'s values.
    ErrorString,
    /// The body of `wg.Go(f)`'s goroutine: `f()`, then `wg.Done()`.
    WaitGroupGoBody,
    /// The builtin `close`, as a deferred call's function (`defer close(ch)`).
    CloseChan,
    Tick,
    NewTimer,
    TimerStop,
    TimerReset,
    NewTicker,
    TickerStop,
    TickerReset,
    ContextBackground,
    ContextWithCancel,
    ContextWithTimeout,
    ContextWithDeadline,
    ContextWithValue,
    ContextCause,
    /// The package variables `context.Canceled` and `context.DeadlineExceeded`.
    ContextCanceled,
    ContextDeadlineExceeded,
    /// A context's methods, and the `CancelFunc` `WithCancel` returns.
    CtxDeadline,
    CtxDone,
    CtxErr,
    CtxValue,
    CtxCancel,
    GroupWithContext,
    GroupGo,
    GroupTryGo,
    GroupWait,
    GroupSetLimit,
    /// The body of an errgroup's goroutine: `f()`, then the group's bookkeeping.
    GroupBody,
    SortBasic,
    SortSlice,
    SortInterface,
    StringsContains,
    StringsHasPrefix,
    StringsHasSuffix,
    StringsIndex,
    StringsLastIndex,
    StringsCount,
    StringsCut,
    StringsJoin,
    StringsSplit,
    StringsFields,
    StringsRepeat,
    StringsReplaceAll,
    StringsToUpper,
    StringsToLower,
    StringsTrimSpace,
    StringsTrimPrefix,
    StringsTrimSuffix,
    BuilderWriteString,
    BuilderString,
    BuilderLen,
    Itoa,
    Atoi,
    Quote,
    AtomicAdd,
    AtomicLoad,
    AtomicStore,
    AtomicCas,
    /// The builtins `print` and `println`: their operands (boxed with a basic type) to stderr.
    BuiltinPrint,
    BuiltinPrintln,
}

impl Native {
    /// The native function a package declares without a body, by its qualified name.
    pub fn by_name(name: &str) -> Option<Native> {
        use Native::*;
        Some(match name {
            "fmt.Println" => Println,
            "fmt.Print" => Print,
            "fmt.Printf" => Printf,
            "fmt.Sprintf" => Sprintf,
            "fmt.Sprint" => Sprint,
            "fmt.Sprintln" => Sprintln,
            "fmt.Errorf" => Errorf,
            "errors.New" => ErrorsNew,
            "errors.Is" => ErrorsIs,
            "errors.As" => ErrorsAs,
            "errors.Unwrap" => ErrorsUnwrap,
            "sync.WaitGroup.Add" => WaitGroupAdd,
            "sync.WaitGroup.Done" => WaitGroupDone,
            "sync.WaitGroup.Wait" => WaitGroupWait,
            "sync.WaitGroup.Go" => WaitGroupGo,
            "sync.Mutex.Lock" | "sync.RWMutex.Lock" => MutexLock,
            "sync.Mutex.Unlock" | "sync.RWMutex.Unlock" => MutexUnlock,
            "sync.Mutex.TryLock" => MutexTryLock,
            "sync.RWMutex.RLock" => RLock,
            "sync.RWMutex.RUnlock" => RUnlock,
            "sync.Once.Do" => OnceDo,
            "time.Sleep" => Sleep,
            "time.After" => After,
            "time.Tick" => Tick,
            "time.NewTimer" => NewTimer,
            "time.Timer.Stop" => TimerStop,
            "time.Timer.Reset" => TimerReset,
            "time.NewTicker" => NewTicker,
            "time.Ticker.Stop" => TickerStop,
            "time.Ticker.Reset" => TickerReset,
            "context.Background" | "context.TODO" => ContextBackground,
            "context.WithCancel" => ContextWithCancel,
            "context.WithTimeout" => ContextWithTimeout,
            "context.WithDeadline" => ContextWithDeadline,
            "context.WithValue" => ContextWithValue,
            "context.Cause" => ContextCause,
            "context.Canceled" => ContextCanceled,
            "context.DeadlineExceeded" => ContextDeadlineExceeded,
            "errgroup.WithContext" => GroupWithContext,
            "errgroup.Group.Go" => GroupGo,
            "errgroup.Group.TryGo" => GroupTryGo,
            "errgroup.Group.Wait" => GroupWait,
            "errgroup.Group.SetLimit" => GroupSetLimit,
            "time.Now" => Now,
            "time.Since" => Since,
            "time.Until" => Until,
            "time.Time.Add" => TimeAdd,
            "time.Time.Sub" => TimeSub,
            "time.Time.Before" => TimeBefore,
            "time.Time.After" => TimeAfter,
            "time.Duration.Seconds" => DurationSeconds,
            "time.Duration.Milliseconds" => DurationMilliseconds,
            "time.Duration.Round" => DurationRound,
            "time.Duration.Truncate" => DurationTruncate,
            "time.Duration.Microseconds" => DurationMicroseconds,
            "time.Duration.Nanoseconds" => DurationNanoseconds,
            "time.Duration.String" => DurationString,
            "rand.Intn" => RandIntn,
            "rand.Int" => RandInt,
            "rand.Int63" => RandInt63,
            "rand.Float64" => RandFloat64,
            "rand.ExpFloat64" => RandExpFloat64,
            "rand.NormFloat64" => RandNormFloat64,
            "rand.Seed" => RandSeed,
            "os.Exit" => Exit,
            "sort.Ints" | "sort.Strings" | "sort.Float64s" => SortBasic,
            "sort.Slice" | "sort.SliceStable" => SortSlice,
            "sort.Sort" | "sort.Stable" => SortInterface,
            "strings.Contains" => StringsContains,
            "strings.HasPrefix" => StringsHasPrefix,
            "strings.HasSuffix" => StringsHasSuffix,
            "strings.Index" => StringsIndex,
            "strings.LastIndex" => StringsLastIndex,
            "strings.Count" => StringsCount,
            "strings.Cut" => StringsCut,
            "strings.Join" => StringsJoin,
            "strings.Split" => StringsSplit,
            "strings.Fields" => StringsFields,
            "strings.Repeat" => StringsRepeat,
            "strings.ReplaceAll" => StringsReplaceAll,
            "strings.ToUpper" => StringsToUpper,
            "strings.ToLower" => StringsToLower,
            "strings.TrimSpace" => StringsTrimSpace,
            "strings.TrimPrefix" => StringsTrimPrefix,
            "strings.TrimSuffix" => StringsTrimSuffix,
            "strings.Builder.WriteString" => BuilderWriteString,
            "strings.Builder.String" => BuilderString,
            "strings.Builder.Len" => BuilderLen,
            "strconv.Itoa" => Itoa,
            "strconv.Atoi" => Atoi,
            "strconv.Quote" => Quote,
            "atomic.AddInt64" | "atomic.AddInt32" | "atomic.Int64.Add" | "atomic.Int32.Add" => {
                AtomicAdd
            }
            "atomic.LoadInt64" | "atomic.LoadInt32" | "atomic.Int64.Load" | "atomic.Int32.Load" => {
                AtomicLoad
            }
            "atomic.StoreInt64" | "atomic.Int64.Store" | "atomic.Int32.Store" => AtomicStore,
            "atomic.CompareAndSwapInt64" | "atomic.Int64.CompareAndSwap" => AtomicCas,
            _ => return None,
        })
    }
}

/// One operation. Operands come from the stack top (the last pushed is the last operand).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Push `consts[i]`.
    Const(u32),
    Nil,
    /// Push slot `i`'s value.
    Local(u16),
    /// Pop into slot `i`.
    SetLocal(u16),
    /// Pop a value; slot `i` becomes a new heap cell holding it.
    NewCell(u16),
    /// Push the value in the cell slot `i` points to.
    LoadCell(u16),
    /// Pop into the cell slot `i` points to.
    StoreCell(u16),
    /// Push capture `i` of the running closure (a pointer to a cell).
    Capture(u16),
    /// Push global `i`'s cell (a pointer).
    Global(u32),
    /// Pop a pointer, push what it points to (a nil pointer panics).
    Deref,
    /// Pop a value, then a pointer; store the value there.
    Store,
    Pop,
    Dup,
    /// Pop `y`, then `x`; push `x op y`.
    Binary(BinOp, Num),
    Neg(Num),
    Not,
    /// `^x`.
    Complement(IntKind),
    Convert(Conv),
    Jump(u32),
    JumpIfFalse(u32),
    JumpIfTrue(u32),
    /// Call function `f` with the `n` values on the stack as its arguments.
    Call(FuncId, u16),
    /// Call the function value below the `n` arguments.
    CallValue(u16),
    CallNative(Native, u16),
    /// Return the top `n` values.
    Return(u16),
    /// Return the named results' values (after `return x, y` has stored them).
    ReturnNamed,
    /// `go`: the function value below the `n` arguments, in a new goroutine.
    Go(u16),
    /// `defer`: as `Go`, at the function's return.
    Defer(u16),
    /// A closure of `f` over the top `n` values (pointers to cells).
    Closure(FuncId, u16),
    /// A method value: pop a receiver; push method `f` bound to it (`c.Inc`).
    BindMethod(FuncId),
    /// As `BindMethod`, for a package type's native method (`wg.Done`).
    BindNative(Native),
    /// Pop a capacity; push `make(chan T, cap)`.
    MakeChan(TypeId),
    /// Pop a value, then a channel; send.
    Send,
    /// Pop a channel; push the value received (its element's zero value once closed).
    Recv(TypeId),
    /// As `Recv`, and push whether a value came.
    RecvOk(TypeId),
    Close,
    /// Pop cap, len; push `make([]T, len, cap)` of zero values of `T`.
    MakeSlice(TypeId),
    /// Pop `n` values; push a slice of them.
    SliceOf(u32),
    /// Pop an index, then a slice, array or string; push the element.
    Index,
    /// Pop a value, an index, a slice; store.
    SetIndex,
    /// Pop an index, then a pointer to an array or slice; push a pointer to the element.
    IndexAddr,
    /// `x[lo:hi]`: which bounds are on the stack (`lo`, `hi`).
    SliceExpr(bool, bool),
    /// `arr[lo:hi]` of an array: a pointer to it, then the bounds on the stack, as `SliceExpr`.
    SliceArray(bool, bool),
    /// Pop `n` values and a slice; push the slice with them appended.
    Append(u32),
    /// `copy(dst, src)`: pop the source (a slice or a string) and the destination slice; copy
    /// what fits, as Go's memmove does even where the two overlap; push how many.
    Copy,
    /// `append(s, t...)`.
    AppendSpread,
    Len,
    Cap,
    /// Pop a size hint; push `make(map[K]V, n)`.
    MakeMap,
    /// Pop a key, then a map; push the value there (the zero value of `T` if none).
    MapIndex(TypeId),
    /// As `MapIndex`, then whether the key was there.
    MapIndexOk(TypeId),
    /// Pop a value, a key, a map; store (a nil map panics).
    MapSet,
    /// Pop a key, then a map; delete the entry.
    Delete,
    /// Pop a map; push a slice of its keys, starting at a random entry (`range`'s order).
    MapKeys,
    /// Pop a map; delete every entry (`clear`).
    MapClear,
    /// `x.(T)` for a concrete `T`: pop an interface (of static type `from`); push its value if
    /// its dynamic type is `T`, else panic — or, with `ok`, push `T`'s zero value and false.
    Assert(TypeId, TypeId, bool),
    /// `x.(I)` for an interface `I`: the value stays in its interface if its dynamic type has
    /// `I`'s methods.
    AssertIface(TypeId, TypeId, bool),
    /// Pop an interface; push whether its dynamic type is `T` (a type switch's case).
    IsType(TypeId),
    /// Pop an interface; push whether its dynamic type has interface `I`'s methods.
    Implements(TypeId),
    /// Pop a struct; push its field `i`.
    Field(u16),
    /// Pop a pointer to a struct (or array); push a pointer to its field (element) `i`.
    FieldAddr(u16),
    /// Pop `n` values; push a struct (or array) of them.
    Struct(u16),
    /// Pop a value; push a pointer to a new variable holding it (`&T{…}`, `new(T)`).
    NewPtr,
    /// Pop a value of type `T`; push it in an interface.
    Box(TypeId),
    /// Call the method named by constant `name` on the interface below its `n` arguments.
    CallMethod(u32, u16),
    /// Pop a byte index, then a string; push the rune there and the index after it.
    StringRune,
    Panic,
    Recover,
    /// A runtime error at this place (e.g. a function that runs off its end).
    Unreachable,
    /// Push the zero value of `T`.
    Zero(TypeId),
    /// `select` with the cases of `selects[i]`: pops each case's channel (and a send's value),
    /// in order; pushes the value received (or nil), whether it came from a send, and the
    /// number of the case that ran (the number of cases for `default`).
    Select(u32),
}

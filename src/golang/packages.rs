//! The standard packages a program may import, declared as Go source: the checker reads these
//! declarations as it reads the program (so `time.Millisecond` is a `time.Duration` constant and
//! `wg.Ad(1)` is an error on a `sync.WaitGroup`), and the VM runs each function declared
//! without a body natively, by its qualified name (`time.Sleep`).
//!
//! Only what is declared here exists: an import of another package, or of a member not listed,
//! is refused by the compiler by name. Unexported fields stand for the runtime's own state.

/// The declarations of the package at `path`, if poolsim has it.
pub fn source(path: &str) -> Option<&'static str> {
    Some(match path {
        "fmt" => FMT,
        "sync" => SYNC,
        "time" => TIME,
        "errors" => ERRORS,
        "math/rand" => RAND,
        "os" => OS,
        "sort" => SORT,
        "strings" => STRINGS,
        "strconv" => STRCONV,
        "sync/atomic" => ATOMIC,
        "context" => CONTEXT,
        "golang.org/x/sync/errgroup" => ERRGROUP,
        _ => return None,
    })
}

/// The name a package is known by in a file that imports it without naming it.
pub fn default_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

const FMT: &str = r#"package fmt

func Println(a ...any) (n int, err error)
func Print(a ...any) (n int, err error)
func Printf(format string, a ...any) (n int, err error)
func Sprintf(format string, a ...any) string
func Sprint(a ...any) string
func Sprintln(a ...any) string
func Errorf(format string, a ...any) error

type Stringer interface {
	String() string
}
"#;

const SYNC: &str = r#"package sync

type WaitGroup struct {
	state int
}

func (wg *WaitGroup) Add(delta int)
func (wg *WaitGroup) Done()
func (wg *WaitGroup) Wait()
func (wg *WaitGroup) Go(f func())

type Mutex struct {
	state int
}

func (m *Mutex) Lock()
func (m *Mutex) Unlock()
func (m *Mutex) TryLock() bool

type RWMutex struct {
	state int
}

func (rw *RWMutex) Lock()
func (rw *RWMutex) Unlock()
func (rw *RWMutex) RLock()
func (rw *RWMutex) RUnlock()

type Once struct {
	state int
}

func (o *Once) Do(f func())
"#;

const TIME: &str = r#"package time

type Duration int64

const (
	Nanosecond  Duration = 1
	Microsecond Duration = 1000
	Millisecond Duration = 1000000
	Second      Duration = 1000000000
	Minute      Duration = 60000000000
	Hour        Duration = 3600000000000
)

func (d Duration) Seconds() float64
func (d Duration) Milliseconds() int64
func (d Duration) Microseconds() int64
func (d Duration) Nanoseconds() int64
func (d Duration) String() string
func (d Duration) Round(m Duration) Duration
func (d Duration) Truncate(m Duration) Duration

type Time struct {
	ns int64
}

func Now() Time
func Since(t Time) Duration
func Until(t Time) Duration
func (t Time) Add(d Duration) Time
func (t Time) Sub(u Time) Duration
func (t Time) Before(u Time) bool
func (t Time) After(u Time) bool

func Sleep(d Duration)
func After(d Duration) <-chan Time
func Tick(d Duration) <-chan Time

type Timer struct {
	C <-chan Time
}

func NewTimer(d Duration) *Timer
func (t *Timer) Stop() bool
func (t *Timer) Reset(d Duration) bool

type Ticker struct {
	C <-chan Time
}

func NewTicker(d Duration) *Ticker
func (t *Ticker) Stop()
func (t *Ticker) Reset(d Duration)
"#;

const ERRORS: &str = r#"package errors

func New(text string) error
func Is(err, target error) bool
func As(err error, target any) bool
func Unwrap(err error) error
"#;

const RAND: &str = r#"package rand

func Intn(n int) int
func Int() int
func Int63() int64
func Float64() float64
func ExpFloat64() float64
func NormFloat64() float64
func Seed(seed int64)
"#;

const OS: &str = r#"package os

func Exit(code int)
"#;

const SORT: &str = r#"package sort

type Interface interface {
	Len() int
	Less(i, j int) bool
	Swap(i, j int)
}

func Sort(data Interface)
func Stable(data Interface)
func Ints(x []int)
func Strings(x []string)
func Float64s(x []float64)
func Slice(x any, less func(i, j int) bool)
func SliceStable(x any, less func(i, j int) bool)
"#;

const STRINGS: &str = r#"package strings

func Contains(s, substr string) bool
func Count(s, substr string) int
func Cut(s, sep string) (before, after string, found bool)
func HasPrefix(s, prefix string) bool
func HasSuffix(s, suffix string) bool
func Index(s, substr string) int
func LastIndex(s, substr string) int
func Join(elems []string, sep string) string
func Split(s, sep string) []string
func Fields(s string) []string
func Repeat(s string, count int) string
func ReplaceAll(s, old, new string) string
func ToUpper(s string) string
func ToLower(s string) string
func TrimSpace(s string) string
func TrimPrefix(s, prefix string) string
func TrimSuffix(s, suffix string) string

type Builder struct {
	buf []byte
}

func (b *Builder) WriteString(s string) (int, error)
func (b *Builder) String() string
func (b *Builder) Len() int
"#;

const STRCONV: &str = r#"package strconv

func Itoa(i int) string
func Atoi(s string) (int, error)
func Quote(s string) string
"#;

const ATOMIC: &str = r#"package atomic

func AddInt64(addr *int64, delta int64) (new int64)
func LoadInt64(addr *int64) (val int64)
func StoreInt64(addr *int64, val int64)
func CompareAndSwapInt64(addr *int64, old, new int64) (swapped bool)
func AddInt32(addr *int32, delta int32) (new int32)
func LoadInt32(addr *int32) (val int32)

type Int64 struct {
	v int64
}

func (x *Int64) Add(delta int64) (new int64)
func (x *Int64) Load() int64
func (x *Int64) Store(val int64)
func (x *Int64) CompareAndSwap(old, new int64) (swapped bool)

type Int32 struct {
	v int32
}

func (x *Int32) Add(delta int32) (new int32)
func (x *Int32) Load() int32
func (x *Int32) Store(val int32)
"#;

const CONTEXT: &str = r#"package context

import (
	"errors"
	"time"
)

type Context interface {
	Deadline() (deadline time.Time, ok bool)
	Done() <-chan struct{}
	Err() error
	Value(key any) any
}

type CancelFunc func()

var Canceled = errors.New("context canceled")
var DeadlineExceeded error

func Background() Context
func TODO() Context
func WithCancel(parent Context) (ctx Context, cancel CancelFunc)
func WithTimeout(parent Context, timeout time.Duration) (Context, CancelFunc)
func WithDeadline(parent Context, d time.Time) (Context, CancelFunc)
func WithValue(parent Context, key, val any) Context
func Cause(c Context) error
"#;

const ERRGROUP: &str = r#"package errgroup

import "context"

type Group struct {
	state int
}

func WithContext(ctx context.Context) (*Group, context.Context)
func (g *Group) Go(f func() error)
func (g *Group) TryGo(f func() error) bool
func (g *Group) Wait() error
func (g *Group) SetLimit(n int)
"#;

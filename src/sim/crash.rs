//! How a simulated program dies, told as Go tells it: the fatal error or panic, every goroutine
//! still alive and the line it waits on, then why, in a sentence a learner can act on. The engine
//! says what it saw (a [`Scene`]); this module writes the report.

use super::chan::ChanPanic;
use serde::Serialize;

/// One goroutine in a crash report, as Go prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineDump {
    /// Go's goroutine number: 1 is `main` (the collector); the goroutines it starts come after
    /// the runtime's own, in the order it starts them: workers, producer, closer.
    pub id: u32,
    /// What it waits on, in Go's words: `chan receive`, `chan send`, `sync.WaitGroup.Wait`.
    pub state: String,
    /// Which goroutine of the program, and the line it is stuck on.
    pub at: String,
}

/// The number Go gave main's first goroutine in our recordings (`tests/go/export`, Go 1.27.3 on
/// one P; see [`Crash::report`]).
pub const FIRST_USER_GOROUTINE: u32 = 6;

/// How a run ended early; its number is the `RunFinished` record's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `fatal error: all goroutines are asleep - deadlock!`
    Deadlock = 2,
    /// A channel panic: send on, or close of, a closed channel.
    Panic = 3,
    /// `fatal error: runtime: out of memory`
    OutOfMemory = 4,
    /// The simulator's longest virtual span was reached (not a Go failure: a limit of ours).
    Horizon = 5,
}

/// How a run crashed: Go's fatal error or panic, and what every goroutine was doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Crash {
    /// Go's own message, e.g. `fatal error: all goroutines are asleep - deadlock!`.
    pub message: String,
    /// The goroutines still alive, and where.
    pub goroutines: Vec<GoroutineDump>,
    /// Why, in a sentence a learner can act on.
    pub explanation: String,
    /// Which kind of end this was (the log's `RunFinished` value).
    #[serde(skip)]
    pub ending: Ending,
}

/// What stopped the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
    /// Nothing can run and nothing will wake: Go's deadlock detector fires.
    Deadlock,
    /// A channel operation Go forbids.
    Chan(ChanPanic),
}

/// Why the program could not go on, as far as the engine can tell from its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cause {
    /// `jobs` was never closed (the mistake, or a producer that ended without closing).
    JobsNeverClosed,
    /// `main` sends every job before it reads a result.
    CollectAfterSubmit,
    /// `main` waits on the WaitGroup before it reads a result.
    WaitBeforeCollect,
    /// Anything else.
    Other,
}

/// The goroutine whose channel operation panicked: Go's report shows it alone, `[running]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Panicker {
    /// Worker `w` (1-based), sending on a closed `results`.
    Worker(u32),
    /// The producer goroutine.
    Producer,
    /// The closer.
    Closer,
    /// `main`.
    Main,
}

/// Where a stuck worker waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stuck {
    /// In `for j := range jobs`.
    Receiving,
    /// On `results <- r`.
    Sending,
}

/// What the engine saw when the program stopped.
pub(super) struct Scene {
    /// Workers in the program (goroutine numbers 2..=workers+1).
    pub workers: u32,
    /// `main` is blocked on `jobs <- j` (it submits before it collects).
    pub main_sends: bool,
    /// `main` is still in `for r := range results`.
    pub main_receives: bool,
    /// `main` is in `wg.Wait()` (before or after its `range results`).
    pub main_waits: bool,
    /// Each stuck worker (1-based) and where.
    pub stuck: Vec<(u32, Stuck)>,
    /// The producer goroutine is blocked on `jobs <- j`.
    pub producer_sends: bool,
    /// The closer is in `wg.Wait()` with workers still counted.
    pub closer_waits: bool,
    /// Whether main started a producer goroutine (it does not when it sends the jobs itself).
    pub producer_goroutine: bool,
    /// For a panic: the goroutine that panicked.
    pub panicking: Option<Panicker>,
    pub cause: Cause,
}

impl Crash {
    /// Go's report of `fault`, each live goroutine where it waits, and the reason.
    pub(super) fn report(fault: Fault, scene: &Scene) -> Crash {
        let n = scene.workers;
        // Go numbers its runtime's goroutines before main's: built by Go 1.27.3 and run on one
        // P, main's first goroutine was 6 here (7, 18 or 19 under other settings). The numbers
        // are an implementation detail; their order is what a reader can rely on.
        let first = FIRST_USER_GOROUTINE;
        let started = |what: String| format!("{what}\ncreated by main.main in goroutine 1");
        let producer_id = first + n;
        let closer_id = first + n + u32::from(scene.producer_goroutine);
        if let (Fault::Chan(panic), Some(who)) = (fault, scene.panicking) {
            // Go prints the goroutine that panicked, running, and no other.
            let (id, at) = match who {
                Panicker::Worker(w) => (
                    first + w - 1,
                    started(format!("main.worker({w}): results <- r")),
                ),
                Panicker::Producer => (
                    producer_id,
                    started("main.main.func2(): jobs <- j (the producer)".into()),
                ),
                Panicker::Closer => (
                    closer_id,
                    started(format!(
                        "main.main.func{}(): close(results) (the closer)",
                        2 + u32::from(scene.producer_goroutine)
                    )),
                ),
                Panicker::Main => (1, "main.main()".into()),
            };
            return Crash {
                message: panic.message().to_string(),
                goroutines: vec![GoroutineDump {
                    id,
                    state: "running".into(),
                    at,
                }],
                explanation: explain(fault, scene.cause).into(),
                ending: Ending::Panic,
            };
        }
        let mut goroutines = Vec::new();
        let mut dump = |id: u32, state: &str, at: String| {
            goroutines.push(GoroutineDump {
                id,
                state: state.to_string(),
                at,
            })
        };
        if scene.main_sends {
            dump(1, "chan send", "main.main(): jobs <- j".into());
        } else if scene.main_waits {
            dump(1, "sync.WaitGroup.Wait", "main.main(): wg.Wait()".into());
        } else if scene.main_receives {
            dump(
                1,
                "chan receive",
                "main.main(): for r := range results".into(),
            );
        }
        for &(w, stuck) in &scene.stuck {
            match stuck {
                Stuck::Receiving => dump(
                    first + w - 1,
                    "chan receive",
                    started(format!("main.worker({w}): for j := range jobs")),
                ),
                Stuck::Sending => dump(
                    first + w - 1,
                    "chan send",
                    started(format!("main.worker({w}): results <- r")),
                ),
            }
        }
        if scene.producer_sends {
            dump(
                producer_id,
                "chan send",
                started("main.main.func2(): jobs <- j (the producer)".into()),
            );
        }
        if scene.closer_waits {
            // Since Go 1.24 a goroutine in wg.Wait() is parked with its own wait reason (it was
            // `semacquire` before).
            dump(
                closer_id,
                "sync.WaitGroup.Wait",
                // Closures are numbered in the order main declares them: workers' func1,
                // the producer's func2 (when there is one), then the closer's.
                started(format!(
                    "main.main.func{}(): wg.Wait() (the closer)",
                    2 + u32::from(scene.producer_goroutine)
                )),
            );
        }
        let (message, ending) = match fault {
            Fault::Deadlock => (
                "fatal error: all goroutines are asleep - deadlock!",
                Ending::Deadlock,
            ),
            Fault::Chan(panic) => (panic.message(), Ending::Panic),
        };
        Crash {
            message: message.to_string(),
            goroutines,
            explanation: explain(fault, scene.cause).into(),
            ending,
        }
    }

    /// The unbounded program ran out of memory with `goroutines` alive.
    pub(crate) fn out_of_memory(goroutines: u64) -> Crash {
        Crash {
            message: "fatal error: runtime: out of memory".into(),
            goroutines: Vec::new(),
            explanation: format!(
                "{goroutines} goroutines were alive, each holding a stack and a job: work arrived \
                 faster than it was served and nothing made the producer wait. A bounded pool's \
                 full channel would have."
            ),
            ending: Ending::OutOfMemory,
        }
    }

    /// poolsim's own code panicked (a bug of ours, or a test's planted fault), with `payload`.
    pub(crate) fn engine_panic(payload: &(dyn std::any::Any + Send)) -> Crash {
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a value that is not a message");
        Crash {
            message: format!("panic: {what}"),
            goroutines: Vec::new(),
            explanation: "poolsim's engine panicked: a bug in poolsim, not in the program it \
                          runs. The run stopped there and its counts are lost; the next run \
                          starts afresh."
                .into(),
            ending: Ending::Panic,
        }
    }

    /// A random draw carried the run past the longest virtual span, `span_ms`.
    pub(super) fn horizon(span_ms: f64) -> Crash {
        Crash {
            message: format!(
                "stopped: the run reached the simulator's longest span, {} years of virtual time",
                (span_ms / (365.25 * 24.0 * 3_600_000.0)).round()
            ),
            goroutines: Vec::new(),
            explanation: "a random draw scheduled an event beyond that span; the counts are \
                          those of the run up to it. Use a shorter mean or a smaller spread."
                .into(),
            ending: Ending::Horizon,
        }
    }
}

fn explain(fault: Fault, cause: Cause) -> &'static str {
    match (fault, cause) {
        (Fault::Chan(ChanPanic::CloseOfClosed), _) => {
            "a channel was closed a second time: a channel is closed once, by the one goroutine \
             that knows no more values will be sent on it."
        }
        (Fault::Chan(ChanPanic::SendOnClosed), _) => {
            "results was closed while workers could still send on it: only the last sender may \
             close a channel, which is why the closer waits on the WaitGroup."
        }
        (Fault::Deadlock, Cause::JobsNeverClosed) => {
            "jobs was never closed, so the workers' `range jobs` never ends, wg.Wait() never \
             returns, results is never closed, and main's `range results` waits forever."
        }
        (Fault::Deadlock, Cause::CollectAfterSubmit) => {
            "main is blocked sending jobs while the workers are blocked sending results that \
             nobody reads yet: main only starts reading after its last send. Read results in \
             another goroutine, or make the buffers hold every job."
        }
        (Fault::Deadlock, Cause::WaitBeforeCollect) => {
            "main waits for every worker before it reads a single result, but a worker cannot \
             finish while results is full and nobody reads it. Wait in a goroutine of its own \
             (the closer), so main collects while the workers finish."
        }
        (Fault::Deadlock, Cause::Other) => {
            "every goroutine is blocked on a channel or the WaitGroup, and none of them can \
             unblock another."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(cause: Cause) -> Scene {
        Scene {
            workers: 3,
            main_sends: false,
            main_receives: true,
            main_waits: false,
            stuck: vec![(1, Stuck::Receiving), (3, Stuck::Sending)],
            producer_sends: true,
            closer_waits: true,
            producer_goroutine: true,
            panicking: None,
            cause,
        }
    }

    #[test]
    fn goroutines_are_numbered_as_go_numbers_them() {
        let crash = Crash::report(Fault::Deadlock, &scene(Cause::Other));
        let ids: Vec<(u32, &str)> = crash
            .goroutines
            .iter()
            .map(|g| (g.id, g.state.as_str()))
            .collect();
        // main is 1, worker w is 5 + w, then the producer and the closer.
        assert_eq!(
            ids,
            [
                (1, "chan receive"),
                (6, "chan receive"),
                (8, "chan send"),
                (9, "chan send"),
                (10, "sync.WaitGroup.Wait")
            ]
        );
        assert_eq!(
            crash.goroutines[2].at,
            "main.worker(3): results <- r\ncreated by main.main in goroutine 1"
        );
        assert_eq!(
            crash.goroutines[0].at,
            "main.main(): for r := range results"
        );
        assert_eq!(crash.ending, Ending::Deadlock);
    }

    #[test]
    fn each_fault_has_its_message_ending_and_reason() {
        let never = Crash::report(Fault::Deadlock, &scene(Cause::JobsNeverClosed));
        assert_eq!(
            never.message,
            "fatal error: all goroutines are asleep - deadlock!"
        );
        assert!(never.explanation.starts_with("jobs was never closed"));
        let submit = Crash::report(Fault::Deadlock, &scene(Cause::CollectAfterSubmit));
        assert!(submit.explanation.contains("after its last send"));
        let twice = Crash::report(Fault::Chan(ChanPanic::CloseOfClosed), &scene(Cause::Other));
        assert_eq!(
            (twice.message.as_str(), twice.ending),
            ("panic: close of closed channel", Ending::Panic)
        );
        assert!(twice.explanation.contains("closed a second time"));
        let send = Crash::report(Fault::Chan(ChanPanic::SendOnClosed), &scene(Cause::Other));
        assert_eq!(send.message, "panic: send on closed channel");
        assert!(send.explanation.starts_with("results was closed"));
        assert_eq!(Crash::out_of_memory(7).ending as usize, 4);
        assert_eq!(Crash::horizon(1e12).ending as usize, 5);
    }
}

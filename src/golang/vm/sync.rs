//! `sync.Mutex`, `sync.RWMutex` and `sync.Once` for goroutines: a goroutine that must wait
//! parks (its future is pending), never its thread.

use super::value::lock;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

/// A mutex, or a reader/writer mutex (`readers` counts the read locks held).
#[derive(Debug, Default)]
pub struct GoMutex {
    state: Mutex<MutexState>,
}

#[derive(Debug, Default)]
struct MutexState {
    locked: bool,
    readers: usize,
    /// Parked lockers, oldest first: a ticket each, and whether it wants a read lock.
    waiters: VecDeque<(u64, bool, Waker)>,
    tickets: u64,
    /// Tickets the unlocker has handed the lock to (the lock stays held for them).
    granted: Vec<u64>,
}

impl MutexState {
    fn free_for(&self, read: bool) -> bool {
        !self.locked && (read || self.readers == 0) && self.waiters.is_empty()
    }

    /// Hands the lock to the parked lockers that may hold it now, as Go's starvation mode
    /// does: the oldest writer alone, or the readers at the head of the queue.
    fn grant(&mut self) -> Vec<Waker> {
        let mut woken = Vec::new();
        while let Some((ticket, read, _)) = self.waiters.front() {
            let (ticket, read) = (*ticket, *read);
            if self.locked || (!read && self.readers > 0) {
                break;
            }
            if let Some((_, _, waker)) = self.waiters.pop_front() {
                woken.push(waker);
            }
            self.granted.push(ticket);
            if read {
                self.readers += 1;
            } else {
                self.locked = true;
            }
        }
        woken
    }
}

impl GoMutex {
    /// `Lock` (or `RLock` with `read`): a future that holds the lock once ready.
    pub fn lock(&self, read: bool) -> Lock<'_> {
        Lock {
            mutex: self,
            read,
            ticket: None,
        }
    }

    /// `TryLock`.
    pub fn try_lock(&self) -> bool {
        let mut st = lock(&self.state);
        if st.free_for(false) {
            st.locked = true;
            return true;
        }
        false
    }

    /// `Unlock` (or `RUnlock`); false if it was not locked (Go's fatal error).
    pub fn unlock(&self, read: bool) -> bool {
        let mut st = lock(&self.state);
        if read {
            if st.readers == 0 {
                return false;
            }
            st.readers -= 1;
        } else {
            if !st.locked {
                return false;
            }
            st.locked = false;
        }
        let woken = st.grant();
        drop(st);
        woken.into_iter().for_each(Waker::wake);
        true
    }
}

/// The future of [`GoMutex::lock`].
pub struct Lock<'a> {
    mutex: &'a GoMutex,
    read: bool,
    ticket: Option<u64>,
}

impl Future for Lock<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut st = lock(&self.mutex.state);
        match self.ticket {
            None => {
                if st.free_for(self.read) {
                    if self.read {
                        st.readers += 1;
                    } else {
                        st.locked = true;
                    }
                    return Poll::Ready(());
                }
                let ticket = st.tickets;
                st.tickets += 1;
                st.waiters
                    .push_back((ticket, self.read, cx.waker().clone()));
                drop(st);
                self.ticket = Some(ticket);
                Poll::Pending
            }
            Some(ticket) => {
                if let Some(at) = st.granted.iter().position(|t| *t == ticket) {
                    st.granted.swap_remove(at);
                    drop(st);
                    self.ticket = None;
                    return Poll::Ready(());
                }
                if let Some(w) = st.waiters.iter_mut().find(|w| w.0 == ticket) {
                    w.2 = cx.waker().clone();
                }
                Poll::Pending
            }
        }
    }
}

impl Drop for Lock<'_> {
    /// A goroutine dropped while parked (the program ended) leaves the queue; one granted the
    /// lock gives it back.
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket {
            let mut st = lock(&self.mutex.state);
            if let Some(at) = st.waiters.iter().position(|w| w.0 == ticket) {
                st.waiters.remove(at);
            } else if let Some(at) = st.granted.iter().position(|t| *t == ticket) {
                st.granted.swap_remove(at);
                drop(st);
                self.mutex.unlock(self.read);
            }
        }
    }
}

/// `sync.Once`: whether `Do` has run its function, and a mutex that makes late callers wait
/// for the first one's to return.
#[derive(Debug, Default)]
pub struct GoOnce {
    pub done: std::sync::atomic::AtomicBool,
    pub mutex: GoMutex,
}

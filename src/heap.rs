//! How much heap the process holds, counted by the global allocator: a Go program's memory
//! limit reads it (the browser's wasm memory ends at 1 GiB, and an allocation past it aborts
//! the engine instead of ending the program with a message).
//!
//! Each thread counts in a cell of its own and adds to the shared count only every
//! [`FLUSH`] bytes, so threads that allocate at once do not contend for one cache line; the
//! count is off by at most that much per thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting.
pub struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
const FLUSH: isize = 1 << 16;

thread_local! {
    static PENDING: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    let counted = PENDING.try_with(|pending| {
        let v = pending.get() + delta;
        if v.abs() >= FLUSH {
            LIVE.fetch_add(v, Ordering::Relaxed);
            pending.set(0);
        } else {
            pending.set(v);
        }
    });
    // A thread being torn down has no cell left: count directly.
    if counted.is_err() {
        LIVE.fetch_add(delta, Ordering::Relaxed);
    }
}

/// Bytes the process holds on the heap, give or take [`FLUSH`] per thread.
pub fn live_bytes() -> usize {
    LIVE.load(Ordering::Relaxed).max(0) as usize
}

// SAFETY: every call is passed to `System` unchanged; the counting touches no memory the
// allocator hands out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

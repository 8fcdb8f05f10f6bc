//! A counting global allocator: current and peak heap bytes for the whole
//! process, and the number of allocations made by the calling thread.
//!
//! Install it in a binary with
//! `#[global_allocator] static ALLOC: acs_chat_bench::alloc::Counting = acs_chat_bench::alloc::Counting;`.
//! Without it (e.g. under divan's own allocator) [`installed`] is false and
//! the figures read zero.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// The allocator: [`System`] plus counters.
#[derive(Debug, Clone, Copy)]
pub struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static INSTALLED: AtomicBool = AtomicBool::new(false);
static PROCESS_ALLOCS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    // `const` and `Cell<u64>`: no lazy initialisation and no destructor,
    // so touching it from inside the allocator never allocates.
    static THREAD_ALLOCS: Cell<u64> = const { Cell::new(0) };
}

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    CURRENT.fetch_sub(bytes, Ordering::Relaxed);
}

fn counted() {
    let _ = THREAD_ALLOCS.try_with(|n| n.set(n.get() + 1));
    PROCESS_ALLOCS.fetch_add(1, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are
// only bookkeeping on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            INSTALLED.store(true, Ordering::Relaxed);
            grew(layout.size());
            counted();
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
            counted();
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
            counted();
        }
        p
    }
}

/// Whether [`Counting`] is the global allocator of this process.
pub fn installed() -> bool {
    drop(std::hint::black_box(Box::new(0u64)));
    INSTALLED.load(Ordering::Relaxed)
}

/// Heap bytes in use now.
pub fn current() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

/// The most heap bytes in use since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak measurement from the bytes in use now; returns them.
pub fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// Allocations (and reallocations) made by this thread so far.
pub fn thread_allocations() -> u64 {
    THREAD_ALLOCS.with(Cell::get)
}

/// Peak heap growth and this thread's allocations while `f` runs.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let base = reset_peak();
    let allocs = thread_allocations();
    let value = f();
    let usage = Usage {
        peak_bytes: peak().saturating_sub(base),
        allocations: thread_allocations() - allocs,
    };
    (value, usage)
}

/// Like [`measure`], but counts the allocations of every thread: for work
/// that runs on threads of its own (code generation runs on a thread with
/// a large stack), with nothing else allocating meanwhile.
pub fn measure_process<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let base = reset_peak();
    let allocs = PROCESS_ALLOCS.load(Ordering::Relaxed);
    let value = f();
    let usage = Usage {
        peak_bytes: peak().saturating_sub(base),
        allocations: PROCESS_ALLOCS.load(Ordering::Relaxed) - allocs,
    };
    (value, usage)
}

/// What [`measure`] found.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// Peak heap bytes above what was in use at the start (whole process).
    pub peak_bytes: usize,
    /// Allocations by the measuring thread ([`measure`]) or by every thread
    /// ([`measure_process`]).
    pub allocations: u64,
}

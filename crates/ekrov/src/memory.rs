//! Give freed heap memory back to the operating system.
//!
//! Under load the server's live heap stays flat (glibc's `malloc_stats` at idle between rounds of
//! the soak: 17–25 MB in use, round after round), but glibc keeps the pages it has freed in each
//! thread's arena, and with the SQLite worker threads allocating and freeing page-cache pages
//! the held-but-free part grows with fragmentation: resident memory crept up 3 MiB a minute in a
//! 10-minute soak (docs/RELIABILITY.md, § 3). `malloc_trim(0)` hands every wholly free page back
//! (`MADV_DONTNEED`), anywhere in every arena. Other allocators tried: `MALLOC_ARENA_MAX=2` slowed
//! the creep but did not stop it; mimalloc for Rust's allocations held more (SQLite still uses
//! glibc's malloc).

use std::{sync::OnceLock, time::Duration};

/// How often freed memory is handed back.
const EVERY: Duration = Duration::from_secs(10);

/// Start the trimming thread, once per process; a no-op where the C library is not glibc.
pub fn start_trimmer() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        {
            let spawned = std::thread::Builder::new()
                .name("malloc-trim".into())
                .spawn(|| {
                    loop {
                        std::thread::sleep(EVERY);
                        let t = std::time::Instant::now();
                        // SAFETY: malloc_trim takes no pointers and is thread-safe (it locks each
                        // arena in turn); it only returns free pages to the kernel.
                        let released = unsafe { malloc_trim(0) };
                        tracing::debug!(
                            released = released != 0,
                            took_us = t.elapsed().as_micros() as u64,
                            "malloc_trim"
                        );
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "memory trimming thread not started");
            }
        }
    });
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
unsafe extern "C" {
    /// glibc: release free memory from the heap (`malloc.h`).
    fn malloc_trim(pad: usize) -> std::ffi::c_int;
}

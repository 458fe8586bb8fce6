//! Work spread over the machine's cores, for per-document jobs (opening a project,
//! scoring it) that are independent and come back in order.

/// `f` over `items` on every core; the results in the order of `items`. Runs on the calling
/// thread when there is one core or too little work to pay for threads.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Two threads a core: opening waits on reads too (measured: 1.33 s against 1.56 s
    // for 10,000 documents on two cores).
    if cores < 2 {
        return items.iter().map(f).collect();
    }
    map_on(items, cores * 2, f)
}

/// Threads for [`map_io`]: syncing files to disk waits on the device, not the processor,
/// and the device commits syncs that come together at once (measured on a virtual disk:
/// 1.4 ms a file one after the other, 0.13 ms with 16 threads).
const IO_THREADS: usize = 16;

/// Like [`map`], for jobs that mostly wait on the disk (writing and syncing files): more
/// threads than cores, also on one core.
pub fn map_io<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_on(items, IO_THREADS, f)
}

fn map_on<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < 32 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker thread panicked"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |i| i * 2),
            (0..2000).step_by(2).collect::<Vec<_>>()
        );
        assert_eq!(
            super::map_io(&items, |i| i + 1),
            (1..1001).collect::<Vec<_>>()
        );
    }
}

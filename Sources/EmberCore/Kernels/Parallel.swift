// Work over a batch split into a fixed number of contiguous chunks that run at the same time.
// The split depends only on the batch size, never on the core count or on which thread is
// free first, and sums over chunks are added in chunk order: results are the same, bit for
// bit, from run to run and from machine to machine (with Ember's own matrix products; with
// OpenBLAS's, only where OpenBLAS picks the same kernels).

import Dispatch
import Foundation

/// Fixed splits of a batch, run concurrently.
public enum Parallel {
    /// How many chunks a batch is split into. Fixed, rather than the core count, so that
    /// per-chunk partial sums do not change with the machine.
    public static let chunkCount = 2

    /// Work below this many multiply-adds runs the chunks one after another on the calling
    /// thread: waking a second thread costs tens of microseconds.
    public static let concurrencyThreshold = 1 << 20

    /// The chunk `index` of `chunks` near-equal contiguous ranges covering `0 ..< count`.
    ///
    /// ```swift
    /// Parallel.chunk(1, of: 2, count: 5)   // 3 ..< 5
    /// ```
    public static func chunk(_ index: Int, of chunks: Int, count: Int) -> Range<Int> {
        let base = count / chunks
        let extra = count % chunks
        let start = index * base + Swift.min(index, extra)
        return start..<start + base + (index < extra ? 1 : 0)
    }

    /// The number of chunks for a batch of `count` items: `chunkCount`, or fewer when there
    /// are fewer items.
    public static func chunks(for count: Int) -> Int {
        Swift.max(Swift.min(chunkCount, count), 1)
    }

    /// Calls `body(chunk, range)` for every chunk of `0 ..< count`, concurrently when `work`
    /// (multiply-adds, or any comparable count) reaches `concurrencyThreshold`. Meanwhile
    /// OpenBLAS runs on one thread (see `BLAS.singleThreaded`).
    public static func forEachChunk(count: Int, work: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunks(for: count)
        BLAS.singleThreaded {
            guard chunks > 1, work >= concurrencyThreshold else {
                for index in 0..<chunks { body(index, chunk(index, of: chunks, count: count)) }
                return
            }
            let runChunk = { (index: Int) in body(index, chunk(index, of: chunks, count: count)) }
            #if os(Linux)
                if chunks == chunkCount, let workers = ChunkWorkers.shared, workers.run(runChunk) { return }
            #endif
            withoutActuallyEscaping(runChunk) { runChunk in
                // The chunks touch disjoint parts of the buffers they are given, and the call
                // returns only when every chunk has finished.
                nonisolated(unsafe) let run = runChunk
                DispatchQueue.concurrentPerform(iterations: chunks) { run($0) }
            }
        }
    }
}

extension BLAS {
    /// Sections running `singleThreaded`, and the thread count to restore when the last ends.
    nonisolated(unsafe) private static var singleThreadedSections = 0
    nonisolated(unsafe) private static var savedThreadCount = 1
    private static let sectionLock = NSLock()

    /// Runs `body` with OpenBLAS on one thread, restoring the previous count afterwards.
    ///
    /// Each chunk of a split product then stays on its own core, OpenBLAS's own threads (which
    /// spin for a while after each call) never compete with the chunks, and every product is
    /// computed the same way whatever the count outside: OpenBLAS can round differently on
    /// one thread and on two. Sections on several threads at once share one change of the
    /// process-wide count, made by the first and undone by the last.
    public static func singleThreaded<R>(_ body: () throws -> R) rethrows -> R {
        sectionLock.lock()
        if singleThreadedSections == 0 {
            savedThreadCount = threadCount
            if savedThreadCount != 1 { threadCount = 1 }
        }
        singleThreadedSections += 1
        sectionLock.unlock()
        defer {
            sectionLock.lock()
            singleThreadedSections -= 1
            if singleThreadedSections == 0 && savedThreadCount != 1 { threadCount = savedThreadCount }
            sectionLock.unlock()
        }
        return try body()
    }
}

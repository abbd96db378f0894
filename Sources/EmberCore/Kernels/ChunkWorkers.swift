// Helper threads for the chunks of `Parallel`, kept hot between calls. Training runs a split
// product every few hundred microseconds, and a thread woken from sleep for each one arrives
// tens of microseconds late, a large part of a chunk's work. These helpers instead spin,
// yielding the core to anything else runnable, for a couple of milliseconds after each chunk
// before they sleep.

import Foundation

#if os(Linux)
    import Glibc
    import Synchronization

    /// The helpers that run chunks 1, 2, … of a `Parallel` split while the calling thread runs
    /// chunk 0. One set serves the process; a caller that finds it busy (another thread is
    /// using it) runs its chunks with Dispatch instead, which gives the same results.
    final class ChunkWorkers: @unchecked Sendable {
        /// The helpers, or nil on a single core, where chunks run one after another.
        static let shared: ChunkWorkers? =
            ProcessInfo.processInfo.activeProcessorCount > 1 ? ChunkWorkers(helpers: Parallel.chunkCount - 1) : nil

        /// How long a helper spins for the next task before it sleeps.
        private static let spinSeconds = 0.002

        /// Counts tasks handed out; a helper starts a task when it sees the count change.
        private let generation = Atomic<Int>(0)
        /// The last task each helper has finished, by generation.
        private let finished: [Finished]
        /// How many helpers are asleep, or about to be, on `wakeUp`.
        private let sleepers = Atomic<Int>(0)
        private let wakeUp = NSCondition()
        /// Taken for the whole of a split, so that only one caller uses the helpers at a time.
        private let busy = NSLock()
        /// The chunk body of the current task, set before its generation is published.
        nonisolated(unsafe) private var task: ((Int) -> Void)?

        /// A helper's finished generation, in a class because an atomic cannot be copied.
        private final class Finished: Sendable {
            let value = Atomic<Int>(0)
        }

        private init(helpers: Int) {
            finished = (0..<helpers).map { _ in Finished() }
            for helper in 0..<helpers {
                let thread = Thread { [self] in self.serve(chunk: helper + 1) }
                thread.name = "ember-chunk-\(helper + 1)"
                thread.start()
            }
        }

        /// Runs `body(0)` here and `body(1)` … on the helpers, returning when all are done;
        /// false, without running anything, when another caller is using the helpers.
        func run(_ body: (Int) -> Void) -> Bool {
            guard busy.try() else { return false }
            defer { busy.unlock() }
            withoutActuallyEscaping(body) { body in
                task = body
                let current = generation.add(1, ordering: .sequentiallyConsistent).newValue
                if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                    wakeUp.lock()
                    wakeUp.broadcast()
                    wakeUp.unlock()
                }
                body(0)
                for helper in finished {
                    var spins = 0
                    while helper.value.load(ordering: .acquiring) != current {
                        spins += 1
                        if spins & 255 == 0 { sched_yield() }
                    }
                }
                task = nil
            }
            return true
        }

        /// The helper's loop: wait for a new generation, run its chunk, report it finished.
        private func serve(chunk: Int) {
            var seen = 0
            while true {
                seen = nextGeneration(after: seen)
                task?(chunk)
                finished[chunk - 1].value.store(seen, ordering: .releasing)
            }
        }

        /// Spins until the generation moves past `seen`, then sleeps until it does.
        private func nextGeneration(after seen: Int) -> Int {
            var deadline = 0.0
            var spins = 0
            while true {
                let current = generation.load(ordering: .acquiring)
                if current != seen { return current }
                spins += 1
                guard spins & 255 == 0 else { continue }
                sched_yield()
                let now = Date().timeIntervalSinceReferenceDate
                if deadline == 0 { deadline = now + Self.spinSeconds }
                if now > deadline { return sleepUntilGeneration(after: seen) }
            }
        }

        /// Waits on the condition until the generation moves past `seen`.
        private func sleepUntilGeneration(after seen: Int) -> Int {
            wakeUp.lock()
            defer { wakeUp.unlock() }
            sleepers.add(1, ordering: .sequentiallyConsistent)
            var current = generation.load(ordering: .sequentiallyConsistent)
            while current == seen {
                wakeUp.wait()
                current = generation.load(ordering: .sequentiallyConsistent)
            }
            sleepers.subtract(1, ordering: .sequentiallyConsistent)
            return current
        }
    }
#endif

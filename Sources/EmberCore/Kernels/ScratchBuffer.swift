// Memory a layer keeps between calls for its own intermediate results (column matrices,
// partial gradients). It is never handed out, so unlike a tensor's storage it can be written
// again on the next batch without a copy; it grows when a larger batch arrives and otherwise
// stays, so training allocates it once.

/// A growable block of floats owned by one layer, reused from batch to batch.
public final class ScratchBuffer: @unchecked Sendable {
    /// The start of the block; valid until the next `reserve` that grows it.
    public private(set) var pointer: UnsafeMutablePointer<Float>
    /// The number of floats the block holds.
    public private(set) var capacity: Int

    /// An empty buffer; nothing is allocated until `reserve`.
    public init() {
        capacity = 0
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    }

    deinit { pointer.deallocate() }

    /// Makes room for at least `count` floats and returns the start of the block. The
    /// contents are undefined after growing.
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            pointer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            capacity = count
        }
        return pointer
    }
}

/// One scratch buffer per chunk of a batch, so concurrent chunks never share one.
public final class ChunkScratch: @unchecked Sendable {
    private let buffers = (0..<Parallel.chunkCount).map { _ in ScratchBuffer() }

    /// An empty set of buffers.
    public init() {}

    /// The buffer of chunk `index`.
    public subscript(index: Int) -> ScratchBuffer { buffers[index] }
}

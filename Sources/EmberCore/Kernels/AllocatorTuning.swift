// Every training step allocates the layers' outputs and gradients anew: megabytes each, freed
// a moment later. By default glibc serves such blocks with mmap and returns them with munmap,
// so each step pays for fresh pages (a page fault per 4 KiB touched). Keeping large blocks in
// the heap lets the next step reuse the same memory, already mapped. Blocks the size of a whole
// dataset (the file read, its decompressed bytes, the pixels) are made once and are far larger
// than any step's: they stay mapped on their own, so that freeing them gives their memory back
// instead of leaving it in the heap for the rest of the process.

import CMalloc

/// Settings of the C allocator for a process that trains.
public enum AllocatorTuning {
    /// Serves blocks up to 32 MiB from the heap and keeps up to 512 MiB of freed heap memory
    /// for reuse instead of returning it to the system; larger blocks are mapped on their own
    /// and returned when freed. Call once, early, from an executable.
    public static func reuseLargeBlocks() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
        _ = mallopt(M_TOP_PAD, 64 << 20)
    }
}

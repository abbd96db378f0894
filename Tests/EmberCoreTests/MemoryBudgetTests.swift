import EmberCore
import Testing

/// Allocations that do not fit become `outOfMemory` errors before anything is allocated, and
/// long operations stop when cancellation is requested.
@Suite struct MemoryBudgetTests {
    @Test func allocationsPastTheLimitAreErrorsNamingTheOperation() throws {
        try MemoryBudget.limit.withValue(1 << 20) {
            #expect(
                errorMessage { try Tensor.zeros([1024, 1024]) }
                    == "full: not enough memory for 4 MiB (1 MiB available)")
            #expect(errorMessage { try Tensor.randn([512, 1024]) }.contains("Tensor: not enough memory for 2 MiB"))
            let half = try Tensor.zeros([256, 256])
            #expect(
                errorMessage { try half.matmul(Tensor.zeros([256, 2048])) }.contains("not enough memory for 2 MiB"))
            #expect(errorMessage { try half + Tensor.zeros([8, 1, 256]) }.contains("add: not enough memory"))
            #expect(errorMessage { try Tensor.arange(0, 1_048_576) }.contains("arange: not enough memory"))
            // A tensor that fits is made as usual.
            #expect(try Tensor.ones([16, 16]).sum().item() == 256)
        }
    }

    @Test func sizesThatOverflowAreOutOfMemoryToo() {
        #expect(
            errorMessage { try MemoryBudget.check(count: Int.max / 2, for: "buffer") }.hasPrefix(
                "buffer: not enough memory for more than"))
        #expect(throws: Never.self) { try MemoryBudget.check(count: 1 << 10, for: "small") }
    }

    @Test func theSystemsAvailableMemoryIsRead() throws {
        let available = try #require(MemoryBudget.available())
        #expect(available > 0)
        // Asking for more than the machine has left is refused without touching memory.
        #expect(
            errorMessage { try MemoryBudget.check(bytes: available + (1 << 30), for: "huge") }.hasPrefix(
                "huge: not enough memory"))
    }

    @Test func cancellationIsPolledWhereRequested() {
        #expect(throws: Never.self) { try Cancellation.check("idle") }
        Cancellation.isRequested.withValue({ true }) {
            #expect(
                errorMessage { try Cancellation.check("reading x.safetensors") } == "reading x.safetensors: interrupted"
            )
        }
    }

    @Test func byteCountsReadNaturally() {
        #expect(formatByteCount(512) == "512 bytes")
        #expect(formatByteCount(1536) == "1.5 KiB")
        #expect(formatByteCount(4 << 30) == "4 GiB")
    }
}

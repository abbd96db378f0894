// How close evaluation is to the end of the native stack. The depth limit alone cannot know how
// much stack each level takes (a debug build takes many times more than a release build) nor how
// big the running thread's stack is, so evaluation also stops while 1 MiB of it (or half a small
// stack) is left, for reporting the error and for the library's code.

import Foundation

/// The lowest stack address evaluation may reach for an input starting here: the thread's stack
/// size below the current position, less the reserve.
func stackLimitForCurrentThread() -> UInt {
    var size = Thread.current.stackSize
    if size <= 0 {
        // The main thread reports no size: its limit is the process's stack limit.
        var limit = rlimit()
        #if os(Linux)
            let resource = __rlimit_resource_t(RLIMIT_STACK.rawValue)
        #else
            let resource = RLIMIT_STACK
        #endif
        let soft = getrlimit(resource, &limit) == 0 ? Int(clamping: limit.rlim_cur) : 0
        size = soft > 0 && soft < Int.max / 2 ? soft : 8 << 20
    }
    let here = currentStackAddress()
    // What runs above this input (the loop, a test runner) takes little; 1 MiB, or half of a
    // small stack, stays free.
    let budget = UInt(max(size / 2, size - (1 << 20)))
    return here > budget ? here - budget : 0
}

/// The current position on the native stack, which grows downwards.
@inline(never)
func currentStackAddress() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

// What the benchmark header says about the machine: the processor's name and the number of
// threads OpenBLAS uses.

import Foundation

/// The processor model as `/proc/cpuinfo` names it, or `unknown` where there is no such file.
public func processorModel() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1)
        if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "model name" {
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
    }
    return "unknown"
}

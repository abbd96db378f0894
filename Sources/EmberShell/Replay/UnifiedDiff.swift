// A line diff in the unified format, to show how a replay differs from its recorded transcript.

/// The unified diff of two texts, or nil when they are equal.
public func unifiedDiff(expected: String, actual: String, expectedName: String, actualName: String, context: Int = 3)
    -> String?
{
    guard expected != actual else { return nil }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let operations = diffOperations(a, b)
    var lines = ["--- \(expectedName)", "+++ \(actualName)"]
    // Group changes that lie within 2 × context lines of each other into hunks.
    var index = 0
    while index < operations.count {
        guard operations[index].kind != .same else {
            index += 1
            continue
        }
        let start = max(index - context, 0)
        var end = index
        var lastChange = index
        while end < operations.count, end - lastChange <= 2 * context {
            if operations[end].kind != .same { lastChange = end }
            end += 1
        }
        end = min(lastChange + context + 1, operations.count)
        let hunk = operations[start..<end]
        let oldStart = (hunk.first?.oldIndex ?? 0) + 1
        let newStart = (hunk.first?.newIndex ?? 0) + 1
        let oldCount = hunk.filter { $0.kind != .insert }.count
        let newCount = hunk.filter { $0.kind != .delete }.count
        lines.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
        for operation in hunk {
            switch operation.kind {
            case .same: lines.append(" " + a[operation.oldIndex])
            case .delete: lines.append("-" + a[operation.oldIndex])
            case .insert: lines.append("+" + b[operation.newIndex])
            }
        }
        index = end
    }
    return lines.joined(separator: "\n")
}

private struct DiffOperation {
    enum Kind { case same, delete, insert }
    let kind: Kind
    /// Position in the old text (for inserts: where the old text is at that point).
    let oldIndex: Int
    /// Position in the new text (for deletes: where the new text is at that point).
    let newIndex: Int
}

/// The edit script from a longest common subsequence table.
private func diffOperations(_ a: [String], _ b: [String]) -> [DiffOperation] {
    let n = a.count
    let m = b.count
    var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
        for j in stride(from: m - 1, through: 0, by: -1) {
            table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
    }
    var operations: [DiffOperation] = []
    var (i, j) = (0, 0)
    while i < n || j < m {
        if i < n, j < m, a[i] == b[j] {
            operations.append(DiffOperation(kind: .same, oldIndex: i, newIndex: j))
            i += 1
            j += 1
        } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
            // Deletions before insertions, as diff prints them.
            operations.append(DiffOperation(kind: .delete, oldIndex: i, newIndex: j))
            i += 1
        } else {
            operations.append(DiffOperation(kind: .insert, oldIndex: i, newIndex: j))
            j += 1
        }
    }
    return operations
}

// Matching a checkpoint's tensor names with a model's, as PyTorch's `load_state_dict` does:
// strict by default (every name on both sides must match), or `strict: false`, which loads
// what matches and reports the rest. A file whose names all carry a prefix the model's lack
// (PyTorch's `features.0.weight` for a module that keeps its layers in `self.features`, or
// `module.` from DataParallel), or the other way round, is matched with that prefix set aside,
// and the report says so.

/// What a load matched, as PyTorch's `load_state_dict` returns it: the model's names the file
/// lacked, the file's names the model lacked, and any prefix set aside to match them.
public struct LoadReport: Equatable, Sendable, CustomStringConvertible {
    /// The model's names with no tensor in the file (these keep their values), in state-dict
    /// order.
    public var missingKeys: [String] = []
    /// The file's names with no place in the model (these were not read), in the file's order.
    public var unexpectedKeys: [String] = []
    /// A prefix every name of the file carries and the model's lack (`features.`), or "".
    public var filePrefix = ""
    /// A prefix every name of the model carries and the file's lack, or "".
    public var modelPrefix = ""

    /// Every name matched, without renaming.
    public var isExact: Bool { missingKeys.isEmpty && unexpectedKeys.isEmpty && renaming == nil }

    /// How the names were matched, if not as they are: `the file's prefix 'features.' set aside`.
    public var renaming: String? {
        if !filePrefix.isEmpty { return "the file's prefix '\(filePrefix)' set aside" }
        if !modelPrefix.isEmpty { return "the model's prefix '\(modelPrefix)' set aside" }
        return nil
    }

    /// The differences in PyTorch's terms: `missing keys: 3.weight; unexpected keys: fc.bias`,
    /// with the renaming, or `all keys matched`.
    public var description: String {
        let parts = [
            missingKeys.isEmpty ? nil : "missing keys: " + missingKeys.joined(separator: ", "),
            unexpectedKeys.isEmpty ? nil : "unexpected keys: " + unexpectedKeys.joined(separator: ", "),
        ].compactMap { $0 }
        let matched = parts.isEmpty ? "all keys matched" : parts.joined(separator: "; ")
        return renaming.map { "\(matched) (\($0))" } ?? matched
    }
}

/// The model's state renamed to the file's names, and what did not match.
struct StatePlan {
    /// The model's entries under the names the file uses for them.
    let entries: [StateEntry]
    let report: LoadReport

    /// Matches `model` with the file's `fileNames`; throws, naming `path`, when `strict` and
    /// anything differs.
    init(model: [StateEntry], fileNames: [String], strict: Bool, path: String) throws {
        let (filePrefix, modelPrefix) = bestPrefixes(model: model.map(\.name), file: fileNames)
        let renamed = model.map { entry in
            StateEntry(
                name: filePrefix + entry.name.dropFirst(modelPrefix.count), dtype: entry.dtype, shape: entry.shape,
                optional: entry.optional, read: entry.read, write: entry.write)
        }
        let inFile = Set(fileNames)
        let known = Set(renamed.map(\.name))
        var report = LoadReport(filePrefix: filePrefix, modelPrefix: modelPrefix)
        report.missingKeys = zip(model, renamed).filter { !$1.optional && !inFile.contains($1.name) }.map(\.0.name)
        report.unexpectedKeys = fileNames.filter { !known.contains($0) }
        if strict && !(report.missingKeys.isEmpty && report.unexpectedKeys.isEmpty) {
            // The wording of a strict load, as before prefixes were matched, then the renaming.
            let parts = [
                report.missingKeys.isEmpty ? nil : "missing " + report.missingKeys.joined(separator: ", "),
                report.unexpectedKeys.isEmpty ? nil : "unexpected " + report.unexpectedKeys.joined(separator: ", "),
            ]
            let renaming = report.renaming.map { " (\($0))" } ?? ""
            throw EmberError.invalidFile(
                path: path,
                message: "does not match the model: " + parts.compactMap { $0 }.joined(separator: "; ") + renaming)
        }
        entries = renamed
        self.report = report
    }
}

/// The prefixes to set aside on each side (at most one side has one) that match the most
/// names; as they are unless a prefix matches strictly more.
private func bestPrefixes(model: [String], file: [String]) -> (file: String, model: String) {
    func matches(_ filePrefix: String, _ modelPrefix: String) -> Int {
        let fileSet = Set(file)
        return model.filter {
            $0.hasPrefix(modelPrefix) && fileSet.contains(filePrefix + $0.dropFirst(modelPrefix.count))
        }
        .count
    }
    var best = (file: "", model: "", count: matches("", ""))
    for prefix in sharedPrefixes(file) where matches(prefix, "") > best.count {
        best = (prefix, "", matches(prefix, ""))
    }
    for prefix in sharedPrefixes(model) where matches("", prefix) > best.count {
        best = ("", prefix, matches("", prefix))
    }
    return (best.file, best.model)
}

/// The dotted prefixes every name shares, shortest first: `["module.", "module.features."]`.
private func sharedPrefixes(_ names: [String]) -> [String] {
    guard let first = names.first else { return [] }
    var prefixes: [String] = []
    var prefix = ""
    for component in first.split(separator: ".", omittingEmptySubsequences: false).dropLast() {
        prefix += component + "."
        guard names.allSatisfy({ $0.hasPrefix(prefix) && $0.count > prefix.count }) else { break }
        prefixes.append(prefix)
    }
    return prefixes
}

// A Jupyter notebook read as a session: Markdown cells become commentary, code cells inputs, so
// that `ember replay notebook.ipynb` runs it as it runs a session file; and a notebook's recorded
// outputs as transcript text, so that `--check` can compare a new run with them.

import EmberShell
import Foundation

/// Reads notebooks.
public enum NotebookReader {
    /// A notebook that cannot be read, naming the file and what was wrong.
    public struct Invalid: Error, CustomStringConvertible {
        /// The notebook's path.
        public let path: String
        /// What was wrong.
        public let problem: String
        /// `path: problem`.
        public var description: String { "\(path): \(problem)" }
    }

    /// The cells of the notebook at `path`.
    static func cells(path: String) throws -> [JSONObject] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(path: path, problem: "cannot read the notebook")
        }
        return try cells(data: data, path: path)
    }

    /// The cells of a notebook's JSON, read from `path`.
    static func cells(data: Data, path: String) throws -> [JSONObject] {
        guard let object = try? JSONSerialization.jsonObject(with: data), let notebook = object as? JSONObject,
            let cells = notebook["cells"] as? [JSONObject]
        else { throw Invalid(path: path, problem: "not a Jupyter notebook (no list of cells)") }
        guard notebook["nbformat"] as? Int == 4 else {
            throw Invalid(path: path, problem: "nbformat \(notebook["nbformat"] ?? "missing") is not supported; use 4")
        }
        return cells
    }

    /// The notebook at `path` as a session: Markdown lines as `#` comments, code cells as inputs.
    public static func session(path: String) throws -> SessionFile {
        var text = ""
        for cell in try cells(path: path) {
            let source = sourceText(cell["source"])
            switch cell.string("cell_type") {
            case "markdown":
                text +=
                    source.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(
                        separator: "\n") + "\n"
            case "code" where !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
                if let variation = ((cell["metadata"] as? JSONObject)?["ember"] as? JSONObject)?["replay"] as? String {
                    text += "# replay: \(variation)\n"
                }
                // A blank line ends a block, so each code cell stays its own input.
                text += source + "\n\n"
            default:
                break
            }
        }
        return SessionFile(path: path, text: text)
    }

    /// The outputs recorded in a notebook, cell by cell, as the text `--check` compares: each
    /// input under `In [n]:`, then its text outputs in order.
    public static func transcript(path: String) throws -> String {
        transcript(try cells(path: path))
    }

    /// The transcript of notebook JSON text, as `transcript(path:)` makes it.
    public static func transcript(text: String, path: String) throws -> String {
        transcript(try cells(data: Data(text.utf8), path: path))
    }

    private static func transcript(_ cells: [JSONObject]) -> String {
        cells.filter { $0.string("cell_type") == "code" }.map { cell in
            var text = "In [\(cell["execution_count"] as? Int ?? 0)]: " + sourceText(cell["source"]) + "\n"
            for output in cell["outputs"] as? [JSONObject] ?? [] {
                let data = output["data"] as? JSONObject ?? [:]
                switch output.string("output_type") {
                case "stream": text += sourceText(output["text"])
                case "execute_result": text += "Out: " + sourceText(data["text/plain"]) + "\n"
                case "display_data": text += sourceText(data["text/plain"]) + "\n"
                case "error": text += (output["traceback"] as? [String] ?? []).joined(separator: "\n") + "\n"
                default: break
                }
            }
            return text
        }.joined(separator: "\n")
    }

    /// nbformat's multiline strings: one string, or a list of lines to join.
    static func sourceText(_ value: Any?) -> String {
        if let text = value as? String { return text }
        return (value as? [String] ?? []).joined()
    }
}

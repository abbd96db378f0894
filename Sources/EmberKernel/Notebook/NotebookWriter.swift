// A session replayed into a Jupyter notebook (nbformat 4.5): each cell's commentary becomes a
// Markdown cell, its input a code cell numbered as the shell numbers it, with the outputs the
// kernel would have sent (text, values, pictures as PNG, errors). Output that varies from run
// to run (times, speeds, progress) is left out, so that the notebook is a record.

import EmberShell
import Foundation

/// Writes sessions as notebooks.
public enum NotebookWriter {
    /// Runs the cells of `file` in a new session seeded with `seed`; returns the notebook's JSON
    /// text and the number of cells that failed.
    public static func notebook(of file: SessionFile, seed: UInt64 = 0) -> (text: String, failures: Int) {
        var outputs: [JSONObject] = []
        var displays: [String: Int] = [:]
        let output = KernelOutput { type, content, _ in
            record(type, content, into: &outputs, displays: &displays)
        }
        let session = output.makeSession(seed: seed)
        session.interpreter.context.stableOutput = true
        let loop = REPL(session: session)
        var cells: [JSONObject] = []
        var failures = 0
        for cell in file.cells {
            let commentary = cell.commentary.filter { CellVariation(directive: $0) == nil }
            if !commentary.isEmpty { cells.append(markdownCell(commentary, index: cells.count)) }
            let number = session.nextNumber
            outputs = []
            displays = [:]
            output.begin(nil, silent: false)
            let outcome = loop.submit(cell.source)
            if outcome == .failure {
                failures += 1
                record("error", output.errorContent(session.lastError), into: &outputs, displays: &displays)
            }
            // How a check may compare the cell's output stays with the cell.
            let variation = CellVariation.declared(in: cell.commentary)
            let metadata: JSONObject = variation == .none ? [:] : ["ember": ["replay": variation.rawValue]]
            cells.append([
                "cell_type": "code", "id": cellID(cells.count), "metadata": metadata, "source": cell.source,
                "execution_count": number, "outputs": outputs,
            ])
            if outcome == .exit { break }
        }
        if !file.trailingCommentary.isEmpty { cells.append(markdownCell(file.trailingCommentary, index: cells.count)) }
        let notebook: JSONObject = [
            "cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "ember", "display_name": "Ember", "language": "python"],
                "language_info": KernelInfo.content["language_info"] ?? [:],
            ] as JSONObject,
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return (String(decoding: data, as: UTF8.self) + "\n", failures)
    }

    /// Adds one message to a cell's outputs as nbformat keeps it: consecutive text of a stream
    /// joined, an update replacing the display it names.
    static func record(
        _ type: String, _ content: JSONObject, into outputs: inout [JSONObject], displays: inout [String: Int]
    ) {
        var entry = content
        entry.removeValue(forKey: "transient")
        switch type {
        case "stream":
            if let last = outputs.last, last["output_type"] as? String == "stream",
                last["name"] as? String == content["name"] as? String
            {
                outputs[outputs.count - 1]["text"] = (last["text"] as? String ?? "") + (content.string("text"))
                return
            }
        case "update_display_data":
            if let id = (content["transient"] as? JSONObject)?["display_id"] as? String, let index = displays[id] {
                entry["output_type"] = "display_data"
                outputs[index] = entry
            }
            return
        case "display_data":
            if let id = (content["transient"] as? JSONObject)?["display_id"] as? String { displays[id] = outputs.count }
        case "execute_result", "error":
            break
        default:
            return
        }
        entry["output_type"] = type
        outputs.append(entry)
    }

    private static func markdownCell(_ lines: [String], index: Int) -> JSONObject {
        [
            "cell_type": "markdown", "id": cellID(index), "metadata": [:] as JSONObject,
            "source": lines.joined(separator: "\n"),
        ]
    }

    /// Cell ids that are the same on every run, so that notebooks of one session compare equal.
    private static func cellID(_ index: Int) -> String { "cell-\(index + 1)" }
}

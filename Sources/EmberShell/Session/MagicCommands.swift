// IPython's `%` commands: `%save FILE` writes the inputs that ran without error as a session,
// `%run FILE` runs a session in the current state, `%time` times a statement, `%who` lists the
// variables, `%reset` forgets them and `%history` lists what was typed.

import Ember
import Foundation

/// The `%` commands of the interactive shell.
final class MagicCommands {
    private let session: ShellSession

    init(session: ShellSession) {
        self.session = session
    }

    private var context: ShellContext { session.interpreter.context }

    /// Runs a `%command arguments` line.
    func run(_ line: String) -> ShellSession.Outcome {
        let body = line.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        do {
            switch name {
            case "save": try save(argument)
            case "run": return try runFile(argument)
            case "time": return time(argument)
            case "who": who()
            case "reset":
                session.reset()
                context.writeLine("Every variable was removed.")
            case "history": history()
            default:
                throw ShellError(.name, "unknown command %\(name); known: %save, %run, %time, %who, %reset, %history")
            }
            return .success
        } catch let error as ShellError {
            session.writeError(error.description + "\n")
        } catch let error as EmberError {
            session.writeError(ShellError(error).description + "\n")
        } catch {
            session.writeError("Error: \(error)\n")
        }
        return .failure
    }

    /// Writes every input that ran without error to `path` as a session file.
    private func save(_ path: String) throws {
        guard !path.isEmpty else { throw ShellError(.value, "%save needs a file name: %save my-session.ember") }
        let inputs = session.records.filter { $0.succeeded }.map(\.source)
        try SessionFile.write(inputs: inputs, to: path)
        context.writeLine("Saved \(inputs.count) input\(inputs.count == 1 ? "" : "s") to \(path)")
    }

    /// Runs each input of a session file in the current state; stops at the first error.
    private func runFile(_ path: String) throws -> ShellSession.Outcome {
        let file = try SessionFile(path: path)
        for cell in file.cells {
            let outcome = session.execute(cell.source, origin: path)
            if outcome != .success { return outcome }
        }
        return .success
    }

    /// Runs a statement and prints how long it took.
    private func time(_ statement: String) -> ShellSession.Outcome {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = session.execute(statement)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Recorded transcripts must not change from run to run, so they leave the time out.
        guard !context.stableOutput else { return outcome }
        context.writeLine(
            "Wall time: " + (seconds < 1 ? "\(formatNumber(seconds * 1000)) ms" : "\(formatNumber(seconds)) s"))
        return outcome
    }

    /// The variables with their type and, for tensors, shape.
    private func who() {
        let hidden: Set<String> = ["Out", "_"]
        let names = session.interpreter.globals.variables.keys.filter { !hidden.contains($0) }.sorted()
        guard !names.isEmpty else {
            context.writeLine("No variables are defined.")
            return
        }
        let rows = names.map { name -> [String] in
            let value = session.interpreter.globals.variables[name] ?? .none
            let detail = value.tensorValue.map { formatShape($0.shape) } ?? ""
            return [name, value.typeName, detail]
        }
        let table = (try? renderTable(header: ["name", "type", "shape"], rows: rows, style: context.style)) ?? ""
        context.writeLine(table)
    }

    /// The inputs typed so far, numbered.
    private func history() {
        for record in session.records {
            let lines = record.source.split(separator: "\n", omittingEmptySubsequences: false)
            context.writeLine(String(format: "%3d: ", record.number) + lines.joined(separator: "\n     "))
        }
    }
}

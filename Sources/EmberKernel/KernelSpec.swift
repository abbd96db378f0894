// The kernelspec Jupyter finds kernels by: a folder `kernels/NAME` holding `kernel.json`, with
// the command that starts this `ember` as a kernel.

import Foundation

/// Writes Ember's kernelspec.
public enum KernelSpec {
    /// Where a kernelspec goes.
    public enum Location {
        /// The user's Jupyter data folder (`$JUPYTER_DATA_DIR`, else `~/.local/share/jupyter`).
        case user
        /// `PREFIX/share/jupyter`, as in a virtual environment.
        case prefix(String)
        /// The system's folder, `/usr/local/share/jupyter`.
        case system

        /// The `kernels` folder of this location.
        func kernelsFolder(environment: [String: String]) -> String {
            switch self {
            case .user:
                let data =
                    environment["JUPYTER_DATA_DIR"]
                    ?? (FileManager.default.homeDirectoryForCurrentUser.path + "/.local/share/jupyter")
                return data + "/kernels"
            case .prefix(let prefix): return prefix + "/share/jupyter/kernels"
            case .system: return "/usr/local/share/jupyter/kernels"
            }
        }
    }

    /// The text of kernel.json for the executable at `executable`.
    public static func json(executable: String) -> String {
        let spec: JSONObject = [
            "argv": [executable, "kernel", "--connection-file", "{connection_file}"],
            "display_name": "Ember", "language": "python", "interrupt_mode": "message",
            "metadata": ["debugger": false] as JSONObject,
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes `kernels/NAME/kernel.json` at `location`; returns the folder written.
    public static func install(
        name: String, at location: Location, executable: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw InvalidName(name: name)
        }
        let folder = location.kernelsFolder(environment: environment) + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(json(executable: executable).utf8).write(
            to: URL(fileURLWithPath: folder + "/kernel.json"), options: .atomic)
        return folder
    }

    /// A kernel name Jupyter would not accept.
    public struct InvalidName: Error, CustomStringConvertible {
        /// The name given.
        public let name: String
        /// What is wrong, and what is allowed.
        public var description: String {
            "kernel name '\(name)': use letters, digits, '-', '_' and '.' only"
        }
    }

    /// The path of the running executable, with symbolic links resolved.
    public static var currentExecutable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }
}

// `ember export`: writes a trained model as ONNX from the files that describe it, a script
// that builds the architecture and a safetensors file of its weights, without a session.

import ArgumentParser
import EmberShell
import Foundation

/// `ember export --onnx OUT.onnx --arch SCRIPT MODEL.safetensors [--input-shape 1,1,28,28]`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a model as ONNX: build it with a script, load its weights, export it.",
        discussion: """
            The script must assign the model to `net`; it may assign an example input to \
            `example_input`, or the input's shape is given with --input-shape. The weights are a \
            safetensors file saved by save() or by PyTorch under the same names.
            """)

    @Option(name: .customLong("onnx"), help: "The ONNX file to write.")
    var output: String

    @Option(help: "The .ember script that defines the model as `net`.")
    var arch: String

    @Option(
        name: .customLong("input-shape"),
        help: "The example input's shape, such as 1,1,28,28 (default: the script's `example_input`).")
    var inputShape: String?

    @Argument(help: "The model's weights (a .safetensors file).")
    var weights: String

    @OptionGroup var options: ShellOptions

    func run() throws {
        do {
            let session = options.makeSession()
            guard let data = FileManager.default.contents(atPath: arch),
                let source = String(data: data, encoding: .utf8)
            else { throw ExportFailure("cannot read \(arch)") }
            // The session has printed the script's error with its line.
            guard session.execute(source, origin: arch) == .success else { throw ExitCode(1) }
            guard let net = session.module(named: "net") else {
                throw ExportFailure("\(arch) does not assign a model to `net`")
            }
            let example = try exampleInput(session)
            if let renaming = try load(into: net, from: weights).renaming {
                print("loaded \(weights) with \(renaming)")
            }
            try exportONNX(net, exampleInput: example, to: output)
            print("exported \(output)")
        } catch let failure as ExportFailure {
            FileHandle.standardError.write(Data("ember export: \(failure.message)\n".utf8))
            throw ExitCode(1)
        } catch let error as EmberError {
            FileHandle.standardError.write(Data("ember export: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Zeros of --input-shape, or the script's `example_input`.
    private func exampleInput(_ session: ShellSession) throws -> Tensor {
        guard let inputShape else {
            guard let tensor = session.tensor(named: "example_input") else {
                throw ExportFailure(
                    "give --input-shape, or assign an example input tensor to `example_input` in \(arch)")
            }
            return tensor
        }
        let sizes = inputShape.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ExportFailure(
                "--input-shape must be positive integers separated by commas, such as 1,1,28,28; got '\(inputShape)'")
        }
        return try Tensor.zeros(sizes.compactMap { $0 })
    }
}

/// A reason `ember export` stops, printed after its name.
private struct ExportFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

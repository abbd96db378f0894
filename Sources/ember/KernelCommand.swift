// `ember kernel`: runs Ember as a Jupyter kernel, or installs the kernelspec that lets Jupyter
// start it.

import ArgumentParser
import EmberKernel
import Foundation

/// `ember kernel --connection-file FILE`.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel (started by Jupyter with its connection file).",
        subcommands: [KernelInstall.self])

    @Option(name: .long, help: "The connection file Jupyter wrote for this kernel.")
    var connectionFile: String?

    @Option(name: .long, help: "Seed the random generator (the default is 0).")
    var seed: UInt64 = 0

    func run() throws {
        guard let connectionFile else {
            throw ValidationError("give --connection-file FILE, or use `ember kernel install`")
        }
        let kernel: Kernel
        do {
            kernel = try Kernel(connection: try ConnectionInfo(path: connectionFile), seed: seed)
        } catch {
            FileHandle.standardError.write(Data("ember kernel: \(error)\n".utf8))
            throw ExitCode(1)
        }
        throw ExitCode(kernel.run())
    }
}

/// `ember kernel install [--user | --prefix DIR] [--name NAME]`.
struct KernelInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install the kernelspec, so that Jupyter offers an Ember kernel.")

    @Flag(help: "Install for this user (in Jupyter's user data folder).")
    var user = false

    @Option(help: "Install under PREFIX/share/jupyter, as for a virtual environment.")
    var prefix: String?

    @Option(help: "The kernel's name (the folder under kernels/).")
    var name = "ember"

    func validate() throws {
        if user && prefix != nil { throw ValidationError("give --user or --prefix, not both") }
    }

    func run() throws {
        let location: KernelSpec.Location = user ? .user : prefix.map { .prefix($0) } ?? .system
        do {
            let folder = try KernelSpec.install(name: name, at: location, executable: KernelSpec.currentExecutable)
            print("Installed the Ember kernelspec in \(folder)")
        } catch {
            FileHandle.standardError.write(Data("ember: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

import EmberShell
import Foundation
import Testing

/// The same seed gives the same numbers whichever kernels OpenBLAS would pick for the CPU: every
/// session and a few training steps, replayed under each x86-64 core type OpenBLAS ships, match
/// bit for bit. OpenBLAS takes `OPENBLAS_CORETYPE` as the CPU it runs on, so these runs stand for
/// Haswell, Zen, Skylake-X and Cooper Lake machines.
@Suite struct CrossCPUTests {
    static let coreTypes = ["Haswell", "Zen", "SkylakeX", "Cooperlake"]

    /// The instruction-set flags (as /proc/cpuinfo names them) each core type's code is built
    /// for. OpenBLAS trusts OPENBLAS_CORETYPE, and even its set-up code for a family may use that
    /// family's instructions, so a type this CPU cannot run is left out, and the test says so.
    static let requiredFlags = [
        "Haswell": ["avx2", "fma"], "Zen": ["avx2", "fma"],
        "SkylakeX": ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"],
        "Cooperlake": ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"],
    ]

    /// The flags of this CPU.
    static let cpuFlags: Set<String> = {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        return Set(line.split(separator: " ").map(String.init))
    }()

    /// Whether this CPU can run the code OpenBLAS has for `coreType`.
    static func canRun(_ coreType: String) -> Bool {
        let runs = (requiredFlags[coreType] ?? []).allSatisfy(cpuFlags.contains)
        if !runs { print("skipped \(coreType): this CPU lacks its instructions") }
        return runs
    }

    /// Training steps of a CNN with SGD and an MLP with BatchNorm, Dropout and Adam, printing
    /// every loss and each parameter's sum with all their digits.
    static var trainingScript: String {
        EmberBinary.projectRoot.appendingPathComponent("Tests/EmberShellTests/Reproducibility/training-steps.ember")
            .path
    }

    @Test(arguments: coreTypes, SessionTests.sessionPaths())
    func everySessionMatchesItsTranscriptExactly(coreType: String, path: String) throws {
        guard Self.canRun(coreType) else { return }
        let result = try EmberBinary.run(
            ["replay", "--check", "--exact", path], environment: ["OPENBLAS_CORETYPE": coreType])
        #expect(result.status == 0, "\(coreType): \(result.output)\(result.error)")
    }

    @Test func trainingStepsAreBitIdenticalUnderEveryCoreType() throws {
        // Identity is promised on processors with AVX2 and FMA: Haswell's instructions.
        guard Self.canRun("Haswell") else { return }
        var outputs: [String: String] = [:]
        for coreType in Self.coreTypes where Self.canRun(coreType) {
            let result = try EmberBinary.run([Self.trainingScript], environment: ["OPENBLAS_CORETYPE": coreType])
            #expect(result.status == 0, "\(coreType): \(result.error)")
            outputs[coreType] = result.output
        }
        let reference = try #require(outputs["Haswell"])
        // 20 losses, then the sums of the CNN's 8 and the MLP's 6 parameters.
        #expect(reference.split(separator: "\n").count == 22, "\(reference)")
        for (coreType, output) in outputs {
            #expect(output == reference, "\(coreType) differs from Haswell:\n\(output)")
        }
    }

    /// Whether this CPU can run OpenBLAS's Haswell kernels (AVX2 and FMA).
    static var cpuHasAVX2: Bool { ["avx2", "fma"].allSatisfy(cpuFlags.contains) }

    /// With OpenBLAS's kernels chosen for speed, the last digits move, and `--check` compares
    /// tolerantly by itself: every session still passes, though not exactly.
    @Test(arguments: SessionTests.sessionPaths())
    func withOpenBLASEverySessionMatchesTolerantly(path: String) throws {
        guard Self.cpuHasAVX2 else {
            print("skipped: this CPU has no AVX2, which OpenBLAS's Haswell kernels need")
            return
        }
        // Haswell's kernels, then those OpenBLAS (or this machine's settings) picks by itself.
        for extra in [["OPENBLAS_CORETYPE": "Haswell"], [:]] {
            let result = try EmberBinary.run(
                ["replay", "--check", path], environment: extra.merging(["EMBER_BLAS": "openblas"]) { $1 })
            #expect(result.status == 0, "\(extra): \(result.output)\(result.error)")
        }
    }

    @Test func withOpenBLASTheTutorialIsNotExactlyTheTranscript() throws {
        guard Self.cpuHasAVX2 else { return }
        let path = SessionTests.sessionsFolder.appendingPathComponent("tutorial-cnn.ember").path
        let result = try EmberBinary.run(
            ["replay", "--check", "--exact", path],
            environment: ["EMBER_BLAS": "openblas", "OPENBLAS_CORETYPE": "Haswell"])
        #expect(result.status == 1, "OpenBLAS's products gave Ember's own bits: is EMBER_BLAS read?")
    }
}

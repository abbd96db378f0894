import EmberBenchmarks
import Foundation
import Testing

/// The `ember` binary built beside this test bundle.
private var emberExecutable: String {
    let testBinary = currentExecutablePath() ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("ember").path
}

/// The keys every report carries, at the top level and inside each figure.
private let expectedKeys: [String: Set<String>] = [
    "": [
        "processor", "threads", "warmups", "repetitions", "backend", "open_blas_core", "sgemm", "ember_sgemm",
        "cnn_training", "cnn_tape_training", "cnn_inference", "mlp_training", "startup", "epoch_memory",
    ],
    "sgemm": ["size", "threads", "gflops"],
    "ember_sgemm": ["size", "threads", "gflops"],
    "cnn_training": ["batch", "images_per_second", "gflops", "percent_of_ceiling"],
    "cnn_tape_training": ["batch", "images_per_second", "gflops", "percent_of_ceiling"],
    "cnn_inference": ["batch", "images_per_second", "gflops", "percent_of_ceiling"],
    "mlp_training": ["batch", "images_per_second", "gflops", "percent_of_ceiling"],
    "startup": ["prompt_seconds", "command_seconds", "launches"],
    "epoch_memory": ["images", "peak_megabytes", "seconds"],
]

/// Checks that `json` is an object with exactly the expected keys, and positive numbers inside.
private func checkReportKeys(_ json: String) throws {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(Set(object.keys) == expectedKeys[""])
    for (name, keys) in expectedKeys where !name.isEmpty {
        let figure = try #require(object[name] as? [String: Any], "missing \(name)")
        #expect(Set(figure.keys) == keys, "keys of \(name)")
        for key in keys {
            let value = try #require(figure[key] as? Double, "\(name).\(key) is not a number")
            #expect(value > 0, "\(name).\(key) is \(value)")
        }
    }
}

@Suite struct BenchmarkTests {
    @Test func quickRunReportsEveryFigureInJSONAndTable() throws {
        let report = try runBenchmarks(.quick, executable: emberExecutable)
        try checkReportKeys(try report.json())
        #expect(report.cnnTraining.batch == 64)
        #expect(report.epochMemory.images == 128)
        for label in [
            "sgemm 128³", "Ember's sgemm 128³", "products of the models: ", "CNN training, batch 64",
            "CNN trained through the tape, batch 64", "CNN inference, batch 50", "MLP 784-512-256-10",
            "start to first prompt", "ember -c \"1+1\"", "peak memory, CNN epoch of 128 Fashion-MNIST images",
        ] {
            #expect(report.table.contains(label), "no row \(label)")
        }
    }

    @Test func benchCommandPrintsTheSameKeysAsJSON() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: emberExecutable)
        process.arguments = ["bench", "--quick", "--json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        try checkReportKeys(String(decoding: data, as: UTF8.self))
    }

    @Test func layerProfileListsEveryLayerOfBothModels() throws {
        let profile = try profileLayers(steps: 1)
        for name in [
            "Conv2d(1 → 10, kernel 5)", "MaxPool2d(kernel 2, stride 2)", "Linear(784 → 512)", "CrossEntropyLoss()",
        ] {
            #expect(profile.contains(name), "no row for \(name)")
        }
        #expect(profile.components(separatedBy: "images per second").count == 3)
    }

    @Test func medianTakesTheMiddleValue() {
        #expect(median([3, 1, 2]) == 2)
        #expect(median([4, 1, 3, 2]) == 2.5)
        #expect(median([]) == 0)
    }
}

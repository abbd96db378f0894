import Ember
import Foundation
import Testing

/// MNIST's test split comes with the project, so that a clone needs nothing beside it; the
/// training split, which does not, says what works offline when it cannot be downloaded.
@Suite struct ShippedDatasetTests {
    @Test func theTestSplitIsFoundWithNoPathAndNoSetting() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // An empty home and no $EMBER_DATA: only the shipped folder can answer.
        var locations = DatasetLocations.standard
        locations.environment = [:]
        locations.homeDirectory = root
        locations.downloads = [:]
        let digits = try Datasets.mnist(split: .test, download: false, locations: locations)
        #expect(digits.count == 10_000)
        #expect(try digits.item(at: 0).label == 7)
        #expect(
            DatasetLocations.standard.shippedDirectories["mnist"]
                == [TestData.projectRoot.appendingPathComponent("datasets/mnist").path])
    }

    @Test func theEnvironmentAndTheCacheComeBeforeTheShippedFolder() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/home/.cache/ember/mnist"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(idxBytes([1, 1, 1], [255])).write(to: URL(fileURLWithPath: folder + "/t10k-images-idx3-ubyte"))
        try Data(idxBytes([1], [4])).write(to: URL(fileURLWithPath: folder + "/t10k-labels-idx1-ubyte"))
        var locations = DatasetLocations.standard
        locations.environment = [:]
        locations.homeDirectory = root + "/home"
        let cached = try Datasets.mnist(split: .test, download: false, locations: locations)
        #expect(cached.count == 1)
        #expect(try cached.item(at: 0).label == 4)
    }

    @Test func anOfflineTrainingSplitSuggestsWhatWorksWithoutTheInternet() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Nothing listens on port 9 of the loopback address: the connection is refused at once.
        var locations = DatasetLocations.standard
        locations.environment = [:]
        locations.homeDirectory = root
        locations.downloads["mnist"]?.mirrors = ["http://127.0.0.1:9/"]
        locations.timeout = 5
        do {
            _ = try Datasets.mnist(split: .train, locations: locations)
            Issue.record("expected an error")
        } catch {
            let message = "\(error)"
            #expect(message.contains("(shipped with Ember)"), "\(message)")
            #expect(message.contains("and the download failed:\n  http://127.0.0.1:9/train-images-idx3-ubyte.gz: "))
            #expect(
                message.hasSuffix(
                    "\nWithout the internet: MNIST's test split ships with Ember (mnist(\"test\")), and "
                        + "Fashion-MNIST comes with Debian's dataset-fashion-mnist package (fashion_mnist())."),
                "\(message)")
        }
    }
}

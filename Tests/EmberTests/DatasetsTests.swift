import Ember
import Foundation
import Testing

/// A fresh temporary folder, removed by the caller.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "ember-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The bytes of an IDX file of unsigned bytes with these dimensions and values.
func idxBytes(_ dimensions: [UInt32], _ values: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
    [0, 0, type, UInt8(dimensions.count)]
        + dimensions.flatMap { d in (0..<4).reversed().map { UInt8((d >> (8 * UInt32($0))) & 0xFF) } }
        + values
}

@Suite struct DatasetsTests {
    /// Writes a test split of `images` and `labels` file bytes into `folder`.
    func writeSplit(_ folder: String, images: [UInt8], labels: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(images).write(to: URL(fileURLWithPath: folder + "/t10k-images-idx3-ubyte"))
        try Data(labels).write(to: URL(fileURLWithPath: folder + "/t10k-labels-idx1-ubyte"))
    }

    /// The error of loading the MNIST test split from `folder`.
    func loadError(_ folder: String) -> String {
        do {
            _ = try Datasets.mnist(split: .test, path: folder, download: false, locations: DatasetLocations())
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func missingFilesListEveryPlaceTried() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let locations = DatasetLocations(
            environment: ["EMBER_DATA": root + "/env"], homeDirectory: root + "/home")
        do {
            _ = try Datasets.mnist(split: .test, path: root + "/given", download: false, locations: locations)
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)" == """
                    MNIST: the test split was not found; looked for t10k-images-idx3-ubyte[.gz] and \
                    t10k-labels-idx1-ubyte[.gz] in:
                      \(root)/given (the path given)
                      \(root)/env/mnist ($EMBER_DATA)
                      \(root)/home/.cache/ember/mnist (the download cache)
                    and downloading is off
                    """)
        }
        do {
            _ = try Datasets.fashionMNIST(
                split: .train, download: false,
                locations: DatasetLocations(systemDirectories: ["fashion-mnist": [root + "/system"]]))
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)" == """
                    FashionMNIST: the train split was not found; looked for train-images-idx3-ubyte[.gz] and \
                    train-labels-idx1-ubyte[.gz] in:
                      $EMBER_DATA/fashion-mnist ($EMBER_DATA is not set)
                      the download cache (there is no home folder)
                      \(root)/system (installed on the system)
                    and downloading is off
                    """)
        }
    }

    @Test func placesAreSearchedInOrder() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let oneImage = idxBytes([1, 1, 1], [255])
        try writeSplit(root + "/env/mnist", images: oneImage, labels: idxBytes([1], [3]))
        try writeSplit(root + "/home/.cache/ember/mnist", images: oneImage, labels: idxBytes([1], [4]))
        // Only the labels in the given folder: it does not count, the search goes on.
        try FileManager.default.createDirectory(atPath: root + "/given", withIntermediateDirectories: true)
        try Data(idxBytes([1], [5])).write(to: URL(fileURLWithPath: root + "/given/t10k-labels-idx1-ubyte"))
        var locations = DatasetLocations(
            environment: ["EMBER_DATA": root + "/env"], homeDirectory: root + "/home")
        func firstLabel() throws -> Int {
            try Datasets.mnist(split: .test, path: root + "/given", download: false, locations: locations)
                .item(at: 0).label
        }
        #expect(try firstLabel() == 3)
        locations.environment = [:]
        #expect(try firstLabel() == 4)
        try Data(oneImage).write(to: URL(fileURLWithPath: root + "/given/t10k-images-idx3-ubyte"))
        #expect(try firstLabel() == 5)
    }

    @Test func malformedAndHostileFilesGiveClearErrors() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let images = root + "/t10k-images-idx3-ubyte"
        let labels = root + "/t10k-labels-idx1-ubyte"
        let twoImages = idxBytes([2, 1, 2], [1, 2, 3, 4])
        try writeSplit(root, images: idxBytes([2, 2, 2], [1, 2, 3, 4, 5]), labels: idxBytes([2], [0, 1]))
        #expect(
            loadError(root)
                == "\(images): dimensions [2, 2, 2] of uint8 need 8 bytes of data, the file has 5 (truncated)"
        )
        try writeSplit(root, images: [8, 3, 0, 0, 0, 0, 0, 1], labels: idxBytes([2], [0, 1]))
        #expect(loadError(root) == "\(images): not an IDX file: wrong magic number (8 3 0 0)")
        try writeSplit(root, images: idxBytes([0xFFFF_FFFF, 28, 28], [0]), labels: idxBytes([2], [0, 1]))
        #expect(
            loadError(root) == "\(images): dimensions [4294967295] need more data than the file's 17 bytes")
        try writeSplit(root, images: twoImages, labels: idxBytes([3], [0, 1, 2]))
        #expect(loadError(root) == "\(labels): has 3 labels but \(images) has 2 images")
        try writeSplit(root, images: twoImages, labels: idxBytes([1, 2], [0, 1]))
        #expect(
            loadError(root)
                == "\(labels): holds uint8 values of shape [1, 2]; labels must be uint8 of shape [N]")
        try writeSplit(root, images: idxBytes([4], [1, 2, 3, 4]), labels: idxBytes([2], [0, 1]))
        #expect(
            loadError(root)
                == "\(images): holds uint8 values of shape [4]; images must be uint8 of shape [N, height, width]"
        )
        try writeSplit(root, images: twoImages, labels: idxBytes([2], [0, 10]))
        #expect(loadError(root) == "\(labels): label 10 at position 1 is not a class index in 0..<10")
        try writeSplit(root, images: twoImages, labels: idxBytes([2], [0, 9]))
        #expect(loadError(root) == "no error")
    }
}

// MNIST and Fashion-MNIST: finding a split's two IDX files (an explicit folder, $EMBER_DATA, the
// cache, the system's folders), downloading them into the cache when they are nowhere, and
// turning them into an `ImageDataset`. When nothing works, the error lists every place tried.

import Foundation

/// The part of a dataset: the training images or the held-out test images.
public enum DatasetSplit: String, Sendable, CaseIterable {
    case train, test

    /// The prefix of the split's IDX file names.
    var filePrefix: String { self == .train ? "train" : "t10k" }
}

/// The datasets Ember knows how to find and download.
public enum Datasets {
    /// The handwritten digits 0 to 9: 60,000 training and 10,000 test images of 28×28 pixels.
    ///
    /// - Parameters:
    ///   - split: `.train` or `.test`.
    ///   - path: a folder to look in first.
    ///   - download: whether to download the split's two files when no folder has them.
    ///   - normalize: (mean, std) applied after scaling to [0, 1]; MNIST's usual values are
    ///     (0.1307, 0.3081).
    ///   - locations: where else to look and what to download from.
    ///   - progress: called as each downloaded file arrives.
    /// ```swift
    /// let test = try Datasets.mnist(split: .test, normalize: (0.1307, 0.3081))
    /// ```
    public static func mnist(
        split: DatasetSplit = .train, path: String? = nil, download: Bool = true,
        normalize: (mean: Float, std: Float)? = nil, locations: DatasetLocations = .standard,
        progress: ((DownloadProgress) -> Void)? = nil
    ) throws -> ImageDataset {
        try DatasetSearch(
            name: "mnist", title: "MNIST", split: split, path: path, locations: locations
        ).load(
            classNames: (0..<10).map(String.init), download: download, normalize: normalize,
            progress: progress)
    }

    /// Zalando's pictures of clothes in 10 classes, laid out exactly as MNIST: 60,000 training
    /// and 10,000 test images of 28×28 pixels.
    ///
    /// The arguments are those of `mnist`; the usual normalisation is (0.2860, 0.3530).
    /// ```swift
    /// let train = try Datasets.fashionMNIST(split: .train)
    /// train.classNames[9]    // "Ankle boot"
    /// ```
    public static func fashionMNIST(
        split: DatasetSplit = .train, path: String? = nil, download: Bool = true,
        normalize: (mean: Float, std: Float)? = nil, locations: DatasetLocations = .standard,
        progress: ((DownloadProgress) -> Void)? = nil
    ) throws -> ImageDataset {
        try DatasetSearch(
            name: "fashion-mnist", title: "FashionMNIST", split: split, path: path, locations: locations
        ).load(classNames: fashionClassNames, download: download, normalize: normalize, progress: progress)
    }

    /// Fashion-MNIST's class names, by label.
    public static let fashionClassNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot",
    ]
}

/// The search for one split of one dataset.
private struct DatasetSearch {
    /// The folder name (`fashion-mnist`).
    let name: String
    /// The name users see (`FashionMNIST`).
    let title: String
    let split: DatasetSplit
    let path: String?
    let locations: DatasetLocations

    var imagesFile: String { "\(split.filePrefix)-images-idx3-ubyte" }
    var labelsFile: String { "\(split.filePrefix)-labels-idx1-ubyte" }

    /// Each place to look, with the words that say what it is; nil when it cannot be used.
    var places: [(directory: String?, label: String)] {
        var result: [(String?, String)] = []
        if let path { result.append((path, "\(path) (the path given)")) }
        if let root = locations.environment["EMBER_DATA"] {
            let directory = joinPath(root, name)
            result.append((directory, "\(directory) ($EMBER_DATA)"))
        } else {
            result.append((nil, "$EMBER_DATA/\(name) ($EMBER_DATA is not set)"))
        }
        if let cache = locations.cacheDirectory(for: name) {
            result.append((cache, "\(cache) (the download cache)"))
        } else {
            result.append((nil, "the download cache (there is no home folder)"))
        }
        for directory in locations.shippedDirectories[name] ?? [] {
            result.append((directory, "\(directory) (shipped with Ember)"))
        }
        for directory in locations.systemDirectories[name] ?? [] {
            result.append((directory, "\(directory) (installed on the system)"))
        }
        return result
    }

    func load(
        classNames: [String], download: Bool, normalize: (mean: Float, std: Float)?,
        progress: ((DownloadProgress) -> Void)?
    ) throws -> ImageDataset {
        let files = try locate(download: download, progress: progress)
        return try ImageDataset(
            imagesFile: files.images, labelsFile: files.labels, name: "\(title) \(split.rawValue)",
            classNames: classNames, normalize: normalize)
    }

    /// The paths of the split's two files: from the first place that has both, else downloaded.
    private func locate(download: Bool, progress: ((DownloadProgress) -> Void)?) throws
        -> (images: String, labels: String)
    {
        for place in places {
            guard let directory = place.directory else { continue }
            if let images = existingFile(imagesFile, in: directory),
                let labels = existingFile(labelsFile, in: directory)
            {
                return (images, labels)
            }
        }
        var message =
            "the \(split.rawValue) split was not found; looked for \(imagesFile)[.gz] and "
            + "\(labelsFile)[.gz] in:\n" + places.map { "  " + $0.label }.joined(separator: "\n")
        guard download else {
            message += "\nand downloading is off"
            throw EmberError.invalidArgument(function: title, message: message)
        }
        do {
            return try fetchIntoCache(progress: progress)
        } catch let failure as DownloadFailure {
            message +=
                "\nand the download failed:\n"
                + failure.attempts.map { "  \($0.url): \($0.reason)" }.joined(separator: "\n")
            message += offlineHint
            throw EmberError.invalidArgument(function: title, message: message)
        }
    }

    /// What works without the internet, for a split that had to be downloaded.
    private var offlineHint: String {
        switch (name, split) {
        case ("mnist", .train):
            return "\nWithout the internet: MNIST's test split ships with Ember (mnist(\"test\")), and "
                + "Fashion-MNIST comes with Debian's dataset-fashion-mnist package (fashion_mnist())."
        case ("fashion-mnist", _):
            return "\nWithout the internet: Debian's dataset-fashion-mnist package installs Fashion-MNIST "
                + "where this looks (apt-get install dataset-fashion-mnist)."
        default:
            return ""
        }
    }

    /// Downloads whichever of the split's files the cache lacks, and returns both paths.
    private func fetchIntoCache(progress: ((DownloadProgress) -> Void)?) throws -> (
        images: String, labels: String
    ) {
        guard let cache = locations.cacheDirectory(for: name) else {
            throw DownloadFailure(attempts: [("(no cache)", "there is no home folder to download into")])
        }
        let source = locations.downloads[name] ?? DownloadSource(mirrors: [], checksums: [:])
        do {
            try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        } catch {
            throw DownloadFailure(attempts: [(cache, "the cache folder cannot be created")])
        }
        let paths = try [imagesFile, labelsFile].map { file in
            try existingFile(file, in: cache)
                ?? Ember.download(
                    file: file + ".gz", from: source, into: cache, timeout: locations.timeout,
                    progress: progress)
        }
        return (paths[0], paths[1])
    }
}

/// The path of `file` or `file.gz` in `directory`, whichever exists (the uncompressed one first).
private func existingFile(_ file: String, in directory: String) -> String? {
    for candidate in [file, file + ".gz"] {
        let path = joinPath(directory, candidate)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return path
        }
    }
    return nil
}

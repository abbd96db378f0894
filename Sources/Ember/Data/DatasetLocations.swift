// Where the dataset files are looked for and where they are downloaded from, as plain values:
// the defaults read the real environment, and tests put temporary folders and a local server
// in their place.

import Foundation

/// Where to download a dataset's files from and the MD5 each file must have.
public struct DownloadSource: Sendable, Equatable {
    /// Base URLs tried in order; a file's URL is the base followed by its name.
    public var mirrors: [String]
    /// The published MD5 of each file, by file name (`train-images-idx3-ubyte.gz`); a file
    /// without one is not checked.
    public var checksums: [String: String]

    /// Makes a source from its mirrors and checksums.
    public init(mirrors: [String], checksums: [String: String]) {
        self.mirrors = mirrors
        self.checksums = checksums
    }
}

/// The places datasets are searched for, in order after an explicit path: `$EMBER_DATA/<name>/`,
/// the cache `~/.cache/ember/<name>/`, the folders shipped with Ember, the system folders; then a
/// download into the cache.
///
/// `<name>` is `mnist` or `fashion-mnist`. `DatasetLocations.standard` reads the process's
/// environment and home folder; tests build their own.
/// ```swift
/// var places = DatasetLocations.standard
/// places.downloads["mnist"]?.mirrors = ["http://127.0.0.1:8080/"]
/// ```
public struct DatasetLocations: Sendable {
    /// The environment variables, read for `EMBER_DATA`.
    public var environment: [String: String]
    /// The user's home folder, holding the cache `.cache/ember/`; nil for no cache.
    public var homeDirectory: String?
    /// Folders that come with Ember itself, by dataset name (MNIST's test split).
    public var shippedDirectories: [String: [String]]
    /// Folders the system installs datasets in, by dataset name.
    public var systemDirectories: [String: [String]]
    /// Where each dataset can be downloaded from, by dataset name.
    public var downloads: [String: DownloadSource]
    /// Seconds a download may go without receiving anything before it is given up.
    public var timeout: Double

    /// Makes a set of locations; everything absent is simply not searched.
    public init(
        environment: [String: String] = [:], homeDirectory: String? = nil,
        shippedDirectories: [String: [String]] = [:], systemDirectories: [String: [String]] = [:],
        downloads: [String: DownloadSource] = [:], timeout: Double = 60
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.shippedDirectories = shippedDirectories
        self.systemDirectories = systemDirectories
        self.downloads = downloads
        self.timeout = timeout
    }

    /// The real environment and home folder, the MNIST test split shipped in the project's
    /// `datasets/` folder, Debian's Fashion-MNIST folder and the public mirrors.
    public static var standard: DatasetLocations {
        let environment = ProcessInfo.processInfo.environment
        return DatasetLocations(
            environment: environment,
            homeDirectory: environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path,
            shippedDirectories: ["mnist": [joinPath(shippedDatasetsDirectory, "mnist")]],
            systemDirectories: ["fashion-mnist": ["/usr/share/datasets/fashion-mnist"]],
            downloads: standardDownloads)
    }

    /// The mirrors and MD5s torchvision lists for MNIST and Fashion-MNIST.
    public static let standardDownloads: [String: DownloadSource] = [
        "mnist": DownloadSource(
            mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
            checksums: [
                "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
                "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
                "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
            ]),
        "fashion-mnist": DownloadSource(
            mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
            checksums: [
                "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
                "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
                "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
            ]),
    ]

    /// The `datasets/` folder of the checkout Ember was built from. The library finds it from the
    /// path of its own source, which the compiler records, so a clone needs no setting and no
    /// copy step; a build moved away from its sources finds nothing here and says so.
    public static var shippedDatasetsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("datasets").path
    }

    /// The cache folder of dataset `name`, if there is a home folder.
    public func cacheDirectory(for name: String) -> String? {
        homeDirectory.map { joinPath($0, ".cache/ember/\(name)") }
    }
}

/// `directory/name`, without doubling a trailing slash.
func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

import Ember
import Foundation
import Testing

/// Downloads from a server the test starts on 127.0.0.1, serving the real MNIST test files.
@Suite struct DownloadTests {
    static let imagesFile = "t10k-images-idx3-ubyte.gz"
    static let labelsFile = "t10k-labels-idx1-ubyte.gz"

    let images: [UInt8]
    let labels: [UInt8]

    init() throws {
        images = try readFileBytes(TestData.mnistDirectory + "/" + Self.imagesFile, inflatingGzip: false)
        labels = try readFileBytes(TestData.mnistDirectory + "/" + Self.labelsFile, inflatingGzip: false)
    }

    /// Locations with only a cache in `home` and `mirrors` to download from, with the MD5s of the
    /// served files unless others are given.
    func locations(home: String, mirrors: [String], checksums: [String: String]? = nil) -> DatasetLocations {
        let sums =
            checksums ?? [
                Self.imagesFile: MD5.hexDigest(of: images), Self.labelsFile: MD5.hexDigest(of: labels),
            ]
        return DatasetLocations(
            homeDirectory: home, downloads: ["mnist": DownloadSource(mirrors: mirrors, checksums: sums)],
            timeout: 20)
    }

    /// The files left in the cache folder, hidden ones included.
    func cacheContents(_ home: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: home + "/.cache/ember/mnist")) ?? []).sorted()
    }

    /// What a failed load of the MNIST test split leaves, from a server answering `routes`
    /// under the mirror `/m/` into an empty cache.
    struct Failure {
        /// The error's text.
        let message: String
        /// The mirror's URL.
        let mirror: String
        /// The home folder used (removed by now).
        let home: String
        /// What the cache folder held afterwards.
        let cached: [String]
    }

    func failedLoad(_ routes: [String: TestHTTPServer.Response], checksums: [String: String]? = nil) throws
        -> Failure
    {
        let server = try TestHTTPServer(routes: routes)
        defer { server.stop() }
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        var message = "no error"
        do {
            _ = try Datasets.mnist(
                split: .test,
                locations: locations(home: home, mirrors: [server.url("m")], checksums: checksums))
        } catch {
            message = "\(error)"
        }
        return Failure(message: message, mirror: server.url("m"), home: home, cached: cacheContents(home))
    }

    /// The part of a not-found error after the list of places.
    func downloadPart(_ text: String) -> String {
        text.components(separatedBy: "\nand the download failed:\n").last ?? text
    }

    @Test func goodFilesAreDownloadedCheckedAndCached() throws {
        let server = try TestHTTPServer(routes: [
            "/m/" + Self.imagesFile: .file(images), "/m/" + Self.labelsFile: .file(labels),
        ])
        defer { server.stop() }
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        var reports: [DownloadProgress] = []
        let ds = try Datasets.mnist(
            split: .test, locations: locations(home: home, mirrors: [server.url("m")])
        ) { reports.append($0) }
        #expect(ds.count == 10_000)
        #expect(try ds.batch(Array(0..<3)).labels == Tensor([7, 2, 1]))
        #expect(cacheContents(home) == [Self.imagesFile, Self.labelsFile])
        #expect(server.requests == ["/m/" + Self.imagesFile, "/m/" + Self.labelsFile])
        let last = try #require(reports.last { $0.file == Self.imagesFile })
        #expect(last.bytesDone == images.count && last.bytesTotal == images.count)
        #expect(reports.contains { $0.file == Self.labelsFile && $0.bytesDone == labels.count })
        // A second load finds the files in the cache and downloads nothing.
        _ = try Datasets.mnist(split: .test, locations: locations(home: home, mirrors: [server.url("m")]))
        #expect(server.requests.count == 2)
    }

    @Test func aWrongChecksumCachesNothing() throws {
        let wrong = String(repeating: "0", count: 32)
        let failure = try failedLoad(
            ["/m/" + Self.imagesFile: .file(images)], checksums: [Self.imagesFile: wrong])
        #expect(
            downloadPart(failure.message)
                == "  \(failure.mirror)\(Self.imagesFile): checksum mismatch: expected MD5 "
                + "\(wrong), got \(MD5.hexDigest(of: images))")
        #expect(failure.cached.isEmpty)
    }

    @Test func aConnectionClosedMidBodyCachesNothing() throws {
        let failure = try failedLoad(["/m/" + Self.imagesFile: .cutOff(images, sent: 100_000)])
        #expect(
            downloadPart(failure.message)
                == "  \(failure.mirror)\(Self.imagesFile): the connection was closed "
                + "after 100000 of \(images.count) bytes")
        #expect(failure.cached.isEmpty)
    }

    @Test func aMissingFileNamesTheURLAnd404() throws {
        let failure = try failedLoad([:])
        #expect(
            failure.message == """
                MNIST: the test split was not found; looked for t10k-images-idx3-ubyte[.gz] and \
                t10k-labels-idx1-ubyte[.gz] in:
                  $EMBER_DATA/mnist ($EMBER_DATA is not set)
                  \(failure.home)/.cache/ember/mnist (the download cache)
                and the download failed:
                  \(failure.mirror)\(Self.imagesFile): HTTP 404
                """)
        #expect(failure.cached.isEmpty)
    }

    @Test func theNextMirrorIsTriedWhenOneFails() throws {
        let server = try TestHTTPServer(routes: [
            "/bad/" + Self.imagesFile: .cutOff(images, sent: 10), "/good/" + Self.imagesFile: .file(images),
            "/good/" + Self.labelsFile: .file(labels),
        ])
        defer { server.stop() }
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let ds = try Datasets.mnist(
            split: .test, locations: locations(home: home, mirrors: [server.url("bad"), server.url("good")]))
        #expect(ds.count == 10_000)
        #expect(
            server.requests == [
                "/bad/" + Self.imagesFile, "/good/" + Self.imagesFile, "/bad/" + Self.labelsFile,
                "/good/" + Self.labelsFile,
            ])
        #expect(cacheContents(home) == [Self.imagesFile, Self.labelsFile])
    }
}

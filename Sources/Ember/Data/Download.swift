// Downloading one dataset file: each mirror in turn, the bytes streamed into a temporary file in
// the destination folder while their MD5 is computed, and the file renamed into place only when
// the transfer is complete and the checksum matches. A bad or partial download is never kept.

import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How far the download of one file has got.
public struct DownloadProgress: Sendable, Equatable {
    /// The file's name (`train-images-idx3-ubyte.gz`).
    public let file: String
    /// The URL being read.
    public let url: String
    /// The bytes received so far.
    public let bytesDone: Int
    /// The file's size, when the server said it.
    public let bytesTotal: Int?
}

/// Every mirror's failure to deliver one file.
struct DownloadFailure: Error {
    /// Each URL tried and what went wrong with it.
    let attempts: [(url: String, reason: String)]
}

/// Downloads `file` from the first of `source.mirrors` that delivers it with the right MD5
/// into `directory`, and returns its path there.
func download(
    file: String, from source: DownloadSource, into directory: String, timeout: Double,
    progress: ((DownloadProgress) -> Void)?
) throws -> String {
    let destination = joinPath(directory, file)
    var attempts: [(url: String, reason: String)] = []
    for mirror in source.mirrors {
        let url = mirror.hasSuffix("/") ? mirror + file : mirror + "/" + file
        do {
            try fetch(
                url: url, to: destination, expectedMD5: source.checksums[file], timeout: timeout
            ) { done, total in
                progress?(DownloadProgress(file: file, url: url, bytesDone: done, bytesTotal: total))
            }
            return destination
        } catch let failure as TransferFailure {
            attempts.append((url, failure.reason))
        }
    }
    if source.mirrors.isEmpty { attempts.append(("(no mirror)", "no download address is known")) }
    throw DownloadFailure(attempts: attempts)
}

/// Why one URL did not deliver its file, in a few words (`HTTP 404`).
private struct TransferFailure: Error {
    let reason: String
}

/// Reads `url` into a temporary file beside `destination`, checks it, and renames it into place.
private func fetch(
    url: String, to destination: String, expectedMD5: String?, timeout: Double,
    progress: (Int, Int?) -> Void
) throws {
    guard let address = URL(string: url), let scheme = address.scheme, ["http", "https"].contains(scheme)
    else { throw TransferFailure(reason: "not an http or https URL") }
    let temporary = temporaryPath(beside: destination)
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
        let output = FileHandle(forWritingAtPath: temporary)
    else { throw TransferFailure(reason: "cannot create a file in \(destination)'s folder") }
    var kept = false
    defer {
        try? output.close()
        if !kept { unlink(temporary) }
    }
    let transfer = Transfer(output: output)
    try transfer.run(address, timeout: timeout, progress: progress)
    if let expectedMD5, transfer.md5 != expectedMD5.lowercased() {
        throw TransferFailure(reason: "checksum mismatch: expected MD5 \(expectedMD5), got \(transfer.md5)")
    }
    try? output.close()
    do {
        try replaceFile(at: destination, with: temporary)
    } catch {
        throw TransferFailure(reason: "\(error)")
    }
    kept = true
}

/// One HTTP GET streamed to a file. URLSession calls the delegate methods on its own queue; the
/// calling thread waits on `signal` and reports progress itself, so the progress callback runs on
/// the caller's thread.
private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let output: FileHandle
    private let signal = DispatchSemaphore(value: 0)
    private var digest = MD5()
    private var received = 0
    private var expected: Int?
    private var status: Int?
    private var writeFailure: Error?
    private var completion: Error??
    /// Set when the caller has stopped waiting: late callbacks must not touch the file.
    private var abandoned = false

    init(output: FileHandle) {
        self.output = output
    }

    /// The MD5 of the bytes received, once the transfer has ended.
    var md5: String { lock.withLock { digest.hexDigest() } }

    func run(_ url: URL, timeout: Double, progress: (Int, Int?) -> Void) throws {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        defer {
            lock.withLock { abandoned = true }
            session.invalidateAndCancel()
        }
        let task = session.dataTask(with: url)
        task.resume()
        var reported = -1
        while true {
            let waited = signal.wait(timeout: .now() + timeout)
            let (done, total, finished) = lock.withLock { (received, expected, completion != nil) }
            if done != reported {
                reported = done
                progress(done, total)
            }
            if finished { break }
            if waited == .timedOut {
                task.cancel()
                throw TransferFailure(reason: "no data for \(Int(timeout)) seconds after \(done) bytes")
            }
        }
        try lock.withLock { try outcome() }
    }

    /// The failure that ended the transfer, if any; called with the lock held.
    private func outcome() throws {
        if let status, status != 200 { throw TransferFailure(reason: "HTTP \(status)") }
        if let writeFailure { throw TransferFailure(reason: "cannot write the file: \(writeFailure)") }
        let error = completion ?? nil
        let urlError = error as? URLError
        // A body shorter than announced means the server closed the connection early, whatever
        // words the network layer found for it.
        if let expected, received < expected, urlError?.code != .timedOut {
            throw TransferFailure(reason: "the connection was closed after \(received) of \(expected) bytes")
        }
        guard let error else { return }
        switch urlError?.code {
        case .timedOut?: throw TransferFailure(reason: "timed out after \(received) bytes")
        case .cannotConnectToHost?: throw TransferFailure(reason: "could not connect to the server")
        case .cannotFindHost?, .dnsLookupFailed?:
            throw TransferFailure(reason: "the server's name could not be resolved")
        case .notConnectedToInternet?: throw TransferFailure(reason: "no network connection")
        default: throw TransferFailure(reason: error.localizedDescription)
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let code = (response as? HTTPURLResponse)?.statusCode
        lock.withLock {
            status = code
            expected = response.expectedContentLength >= 0 ? Int(response.expectedContentLength) : nil
        }
        completionHandler(code == 200 ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock {
            guard writeFailure == nil, !abandoned else { return }
            do {
                try output.write(contentsOf: data)
                data.withUnsafeBytes { digest.update($0) }
                received += data.count
            } catch {
                writeFailure = error
            }
        }
        signal.signal()
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.withLock { completion = .some(error) }
        signal.signal()
    }
}
